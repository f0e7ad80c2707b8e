// The host's mapping from an `adamwLens.simulate` request to what the panel runs, and what opens the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SimulationRequest } from '../../src/panel/request';
import { defaultSetup, initialContent, logGridAround, setupFromRequest, VARIANT_OF_CONVENTION } from '../../src/panel/setup';
import { preset } from '../../src/simulation/presets';

const torchSweep: SimulationRequest = {
  api: 'torch.optim.AdamW', convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01, sweepLrs: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2],
  sweepWeightDecays: [0.01], language: 'python', uri: 'file:///home/user/train.py', line: 11,
};

test('no request is the seed’s setting: preset seed-fig3 with the paper’s (ᾱ, λ̄) per variant', () => {
  const setup = setupFromRequest(undefined);
  assert.deepEqual(setup.config, preset('seed-fig3'));
  assert.equal(setup.userVariant, 'pt');
  assert.deepEqual(setup.references, { pt: { lr: 0.316227766017, weightDecay: 0.01 }, lh: { lr: 0.00316227766017, weightDecay: 0.01 } });
  assert.deepEqual(setup.notes, []);
});

test('a PyTorch AdamW request: PT beside LH on half-decade grids centred on the call, LH’s λ̄ = ᾱ·λ̄', () => {
  const setup = setupFromRequest(torchSweep);
  assert.equal(setup.title, 'torch.optim.AdamW (train.py:12): α = 0.001, λ = 0.01');
  assert.deepEqual(setup.config.variants, ['pt', 'lh']);
  assert.deepEqual(setup.config.lrs, [1e-5, 3.16227766017e-5, 1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3, 1e-2, 3.16227766017e-2, 0.1]);
  assert.deepEqual(setup.config.weightDecays, {
    pt: [1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3, 0.01, 3.16227766017e-2, 0.1, 0.316227766017, 1],
    lh: [1e-7, 3.16227766017e-7, 1e-6, 3.16227766017e-6, 1e-5, 3.16227766017e-5, 1e-4, 3.16227766017e-4, 1e-3],
  });
  assert.deepEqual(setup.references, { pt: { lr: 1e-3, weightDecay: 0.01 }, lh: { lr: 1e-3, weightDecay: 1e-5 } });
  assert.equal(setup.language, 'python');
  // The rest of the run is the seed's: same data, epochs, batch size and seeds.
  const { variants: _v, lrs: _l, weightDecays: _w, ...rest } = setup.config;
  const { variants: _pv, lrs: _pl, weightDecays: _pw, ...seed } = preset('seed-fig3');
  assert.deepEqual(rest, seed);
});

test('every convention maps to its simulator variant, shown first; schedule-scaled users see PT beside', () => {
  assert.deepEqual(VARIANT_OF_CONVENTION, { 'lr-scaled': 'pt', 'schedule-scaled': 'lh', constant: 'constant', 'lr-squared': 'lr-squared', 'coupled-l2': 'l2' });
  const variants = (convention: SimulationRequest['convention']) => setupFromRequest({ convention, lr: 1e-3, weightDecay: 0.1 }).config.variants;
  assert.deepEqual(variants('schedule-scaled'), ['lh', 'pt']);
  assert.deepEqual(variants('constant'), ['constant', 'lh']);
  assert.deepEqual(variants('lr-squared'), ['lr-squared', 'lh']);
  assert.deepEqual(variants('coupled-l2'), ['l2', 'lh']);
  assert.deepEqual(setupFromRequest({ convention: 'schedule-scaled', lr: 1e-3, weightDecay: 0.1 }).references.pt, { lr: 1e-3, weightDecay: 100 });
});

test('the grid widens to cover the user’s sweep, up to 15 values', () => {
  assert.deepEqual(logGridAround(1, [0.01, 1000]).map((x) => Number(Math.log10(x).toFixed(9))), [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]);
  assert.equal(logGridAround(1, [1e-20, 1e20]).length, 15);
  const wide = setupFromRequest({ ...torchSweep, sweepLrs: [1e-7, 1e-3] });
  assert.equal(wide.config.lrs[0], 1e-7);
  assert.equal(wide.config.lrs.length, 13);
});

test('λ = 0 or unknown values: the grid is centred on defaults and the panel says why', () => {
  const off = setupFromRequest({ convention: 'lr-scaled', lr: 3e-4, weightDecay: 0, language: 'typescript' });
  assert.deepEqual(off.references.pt, { lr: 3e-4, weightDecay: 0.01 });
  assert.deepEqual(off.notes, ['weight_decay is 0 at the call (no decay), which a log grid cannot centre on; λ̄ = 0.01 is used instead.']);
  assert.equal(off.language, 'typescript');
  const unknown = setupFromRequest({ sweepLrs: [1e-3, 1e-2, 0.1] });
  assert.equal(unknown.userVariant, 'pt'); // the convention of PyTorch, Optax and Keras when none is known
  assert.deepEqual(unknown.references.pt, { lr: 0.01, weightDecay: 0.01 });
  assert.deepEqual(unknown.notes, ['The weight decay at the call is unknown; the grid is centred on λ̄ = 0.01.']);
  assert.deepEqual(setupFromRequest({ lr: Number.NaN, weightDecay: -1 }).notes, [
    'The learning rate at the call is unknown; the grid is centred on α = 0.001.',
    'The weight decay at the call is unknown; the grid is centred on λ̄ = 0.01.',
  ]);
});

test('opening: a request runs now; no request reuses the last run, else runs the seed’s setting', () => {
  const last = { setup: defaultSetup(), result: { lrs: [1], weightDecays: {}, loss: {}, diverged: {}, seedsDone: 1, seedsTotal: 1, seconds: 0.1 } };
  assert.equal(initialContent(torchSweep, last).autoRun, true);
  assert.equal(initialContent(torchSweep, last).setup.title, 'torch.optim.AdamW (train.py:12): α = 0.001, λ = 0.01');
  assert.deepEqual(initialContent(undefined, last), { ...last, autoRun: false });
  assert.deepEqual(initialContent(undefined, { setup: defaultSetup() }), { setup: defaultSetup(), autoRun: true });
  assert.deepEqual(initialContent(undefined, undefined), { setup: defaultSetup(), autoRun: true });
});

test('a detected S1 sweep becomes a request with its points, and a setup that draws them', async () => {
  const { analyzeText, initEngine } = await import('../../src/engine');
  const { requestFromSite } = await import('../../src/panel/request');
  await initEngine();
  const code = 'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)\n';
  const request = requestFromSite(analyzeText(code, { language: 'python' }).sites[0], 'file:///p/train.py');
  assert.deepEqual(request, {
    api: 'torch.optim.AdamW', convention: 'lr-scaled', lr: 0.001, weightDecay: 0.01, language: 'python', uri: 'file:///p/train.py', line: 2,
    sweepLrs: [1e-4, 1e-3, 1e-2], sweepWeightDecays: [0.01],
    sweepPoints: [{ lr: 1e-4, weightDecay: 0.01 }, { lr: 1e-3, weightDecay: 0.01 }, { lr: 1e-2, weightDecay: 0.01 }],
  });
  const setup = setupFromRequest(request);
  assert.equal(setup.title, 'torch.optim.AdamW (train.py:3): α = 0.001, λ = 0.01');
  assert.deepEqual(setup.userSweep, request.sweepPoints);
});
