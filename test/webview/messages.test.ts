// The one schema for messages between the extension and the simulation page, in both directions: valid
// messages pass, anything else is refused with the path of its first problem (and is then only logged).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hostMessageProblem, pageMessageProblem, parseHostMessage, parsePageMessage, requestProblem, savedRunProblem, type PanelResult,
} from '../../src/panel/messages';
import { defaultSetup } from '../../src/panel/setup';

const setup = defaultSetup();
const result: PanelResult = {
  lrs: [1e-3, 1e-2], weightDecays: { pt: [0.1] }, loss: { pt: [[0.25], [null]] }, diverged: { pt: [[false], [true]] },
  seedsDone: 2, seedsTotal: 2, seconds: 0.4,
};

test('valid messages pass in both directions', () => {
  assert.equal(hostMessageProblem({ type: 'setup', setup, autoRun: true }), undefined);
  assert.equal(hostMessageProblem({ type: 'setup', setup, result, autoRun: false }), undefined);
  assert.equal(hostMessageProblem({ type: 'notice', level: 'error', message: 'data.csv:3: mismatched shapes' }), undefined);
  assert.equal(hostMessageProblem({ type: 'data-file', name: 'd.csv', data: { kind: 'inline', A: [[1, 2]], b: [1], A_val: [[0, 1]], b_val: [2] }, epochs: 3 }), undefined);
  assert.equal(pageMessageProblem({ type: 'ready' }), undefined);
  assert.equal(pageMessageProblem({ type: 'pick-data-file' }), undefined);
  assert.equal(pageMessageProblem({ type: 'save', format: 'png', content: 'data:image/png;base64,iVBORw0KGgo=', suggestedName: 'fig.png' }), undefined);
  assert.equal(pageMessageProblem({ type: 'save', format: 'csv', content: 'variant,lr\n', suggestedName: 'grid.csv' }), undefined);
  assert.equal(pageMessageProblem({ type: 'copy-sweep', pairs: [[1e-3, 0.1], [1e-2, 0.01]] }), undefined);
  assert.equal(pageMessageProblem({ type: 'result', setup, result }), undefined);
  // The runs: the page asks, the host streams the seeds and says how the run ended.
  assert.equal(hostMessageProblem({ type: 'setup', setup, autoRun: true, runId: 3 }), undefined);
  assert.equal(hostMessageProblem({ type: 'run-started', runId: 4, request: 1 }), undefined);
  assert.equal(hostMessageProblem({ type: 'progress', runId: 4, result }), undefined);
  assert.equal(hostMessageProblem({ type: 'run-end', runId: 4, outcome: 'done' }), undefined);
  assert.equal(hostMessageProblem({ type: 'run-end', runId: 4, outcome: 'invalid', message: 'batch size 500 is larger than the 200 training rows' }), undefined);
  assert.equal(pageMessageProblem({ type: 'run', request: 1, config: setup.config }), undefined);
  assert.equal(pageMessageProblem({ type: 'cancel', runId: 4 }), undefined);
  assert.equal(pageMessageProblem({ type: 'cancel' }), undefined);
});

test('unknown types, wrong shapes and extra keys are refused with the path of the problem', () => {
  const cases: [unknown, string | undefined][] = [
    [{ type: 'run-script', code: 'alert(1)' }, 'message: unknown message type "run-script"'],
    ['setup', 'message: unknown message type undefined'],
    [null, 'message: unknown message type undefined'],
    [{ type: 'toString' }, 'message: unknown message type "toString"'],
    [{ type: 'setup', setup, autoRun: 'yes' }, 'message.autoRun: expected a boolean, got string'],
    [{ type: 'setup', setup: { ...setup, config: { ...setup.config, lrs: [0.1, -1] } }, autoRun: true }, 'message.setup.config.lrs[1]: expected a positive number, got -1'],
    [{ type: 'setup', setup: { ...setup, userVariant: 'sgd' }, autoRun: true }, 'message.setup.userVariant: expected one of pt, lh, l2, constant, lr-squared, got "sgd"'],
    [{ type: 'setup', setup, result: { ...result, loss: { pt: [['0.25']] } }, autoRun: true }, 'message.result.loss.pt[0][0]: expected a finite number, got string'],
    [{ type: 'notice', level: 'info', message: 'x', html: '<img onerror>' }, "message: unexpected key 'html'"],
    // λ = 0 has no place on the log axes.
    [{ type: 'setup', setup: { ...setup, config: { ...setup.config, weightDecays: { pt: [0, 0.1] } } }, autoRun: true },
      'message.setup.config.weightDecays.pt[0]: expected a positive number, got 0'],
  ];
  for (const [message, problem] of cases) assert.equal(hostMessageProblem(message), problem, JSON.stringify(message).slice(0, 80));
  assert.equal(pageMessageProblem({ type: 'save', format: 'png', content: 'javascript:alert(1)', suggestedName: 'a.png' }), 'message.content: expected a base64 PNG data URL');
  assert.equal(pageMessageProblem({ type: 'save', format: 'exe', content: '', suggestedName: 'a' }), 'message.format: expected one of png, csv, json, got "exe"');
  assert.equal(pageMessageProblem({ type: 'copy-sweep', pairs: [[1e-3, 0.1], [1e-2]] }), 'message.pairs[1]: expected exactly 2 items, got 1');
  assert.equal(pageMessageProblem({ type: 'copy-sweep', pairs: [[1e-3, Infinity]] }), 'message.pairs[0][1]: expected a finite number, got Infinity');
  assert.equal(pageMessageProblem({ type: 'copy-sweep', pairs: [] }), 'message.pairs: expected 1 to 100 items, got 0');
  assert.equal(pageMessageProblem({ type: 'run', request: 1, config: { ...setup.config, seeds: 1000 } }), 'message.config.seeds: expected at most 100, got 1000');
  assert.equal(pageMessageProblem({ type: 'run', request: 0, config: setup.config }), 'message.request: expected at least 1, got 0');
  assert.equal(pageMessageProblem({ type: 'cancel', runId: 'all' }), 'message.runId: expected a finite number, got string');
  assert.equal(hostMessageProblem({ type: 'run-end', runId: 4, outcome: 'exploded' }), 'message.outcome: expected one of done, cancelled, invalid, failed, got "exploded"');
  assert.equal(hostMessageProblem({ type: 'progress', runId: 1.5, result }), 'message.runId: expected an integer, got 1.5');
});

test('keys every object inherits (toString, constructor, __proto__ as JSON makes it) are extra keys too', () => {
  for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
    const message = JSON.parse(`{"type": "ready", ${JSON.stringify(key)}: 1}`) as unknown;
    assert.equal(pageMessageProblem(message), `message: unexpected key '${key}'`, key);
    const notice = JSON.parse(`{"type": "notice", "level": "info", "message": "x", ${JSON.stringify(key)}: "<img onerror>"}`) as unknown;
    assert.equal(hostMessageProblem(notice), `message: unexpected key '${key}'`, key);
  }
});

test('parse functions return the message or log why it was dropped', () => {
  const logged: string[] = [];
  assert.deepEqual(parsePageMessage({ type: 'ready' }, (p) => logged.push(p)), { type: 'ready' });
  assert.equal(parsePageMessage({ type: 'ready', then: 1 }, (p) => logged.push(p)), undefined);
  assert.equal(parseHostMessage({ type: 'eval' }, (p) => logged.push(p)), undefined);
  assert.deepEqual(logged, ["ignored a message from the simulation page: message: unexpected key 'then'",
    'ignored a message from the extension: message: unknown message type "eval"']);
});

test('command arguments and saved state are checked before use', () => {
  assert.equal(requestProblem({ api: 'torch.optim.AdamW', convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01, line: 4 }), undefined);
  assert.equal(requestProblem({}), undefined);
  assert.equal(requestProblem({ lr: 'big' }), 'request.lr: expected a finite number, got string');
  assert.equal(requestProblem({ convention: 'sgd' }), 'request.convention: expected one of lr-scaled, schedule-scaled, constant, lr-squared, coupled-l2, got "sgd"');
  assert.equal(requestProblem([]), 'request: expected an object, got an array');
  assert.equal(savedRunProblem({ setup, result }), undefined);
  assert.equal(savedRunProblem({ setup: { ...setup, notes: 'none' } }), 'state.setup.notes: expected an array, got string');
});
