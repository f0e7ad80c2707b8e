// Editors other than VS Code (no client commands in initializationOptions): no "Simulate" lens or action
// they could not run, and the rescaling fixes through the server's own `adamw-lens.rescale` command,
// applied with workspace/applyEdit, with the number in the arguments or picked from a menu
// (window/showMessageRequest). VS Code's client keeps its own commands and gets no executeCommand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApplyWorkspaceEditRequest, CodeActionRequest, CodeLensRequest, ExecuteCommandRequest, ShowMessageRequest,
  type ApplyWorkspaceEditParams, type CodeAction, type Diagnostic, type ShowMessageRequestParams,
} from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../src/engine';
import { RESCALE_COMMAND, type RescaleArguments } from '../../src/server/protocol';
import type { RescaleOutcome } from '../../src/server/rescale';
import { applyLspEdits, PYTHON_CASES } from './cases';
import { startTestServer, type ServerHandle } from './harness';

const c = PYTHON_CASES[1]; // decay-timescale: lr=1e-4, weight_decay=1e-5
const uri = 'file:///project/other-editor.py';

async function actionsFor(server: ServerHandle, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await server.connection.sendRequest(CodeActionRequest.type,
    { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
}

describe('a client that runs no client commands (Neovim, Emacs, Helix)', () => {
  let server: ServerHandle;
  let diagnostic: Diagnostic;
  const edits: ApplyWorkspaceEditParams[] = [];
  const menus: ShowMessageRequestParams[] = [];
  let pick: (params: ShowMessageRequestParams) => unknown = () => null;

  before(async () => {
    server = await startTestServer({ clientCommands: [] });
    server.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      edits.push(params);
      return { applied: true };
    });
    server.connection.onRequest(ShowMessageRequest.type, (params) => {
      menus.push(params);
      return pick(params) as never;
    });
    [diagnostic] = (await server.open(uri, 'python', c.code)).diagnostics;
    assert.equal(diagnostic.code, 'decay-timescale');
  });
  after(() => server.stop());

  const execute = (args: RescaleArguments) =>
    server.connection.sendRequest(ExecuteCommandRequest.type, { command: RESCALE_COMMAND, arguments: [args] }) as Promise<RescaleOutcome>;
  const rescaleArgs = async (fixKind: string): Promise<RescaleArguments> => {
    const action = (await actionsFor(server, diagnostic)).find((a) => a.command?.command === RESCALE_COMMAND
      && (a.command.arguments![0] as RescaleArguments).fixKind === fixKind);
    assert.ok(action, `no ${fixKind} action`);
    return action.command!.arguments![0] as RescaleArguments;
  };
  const λAfter = (params: ApplyWorkspaceEditParams) => analyzeText(applyLspEdits(c.code, params.edit.changes![uri]), { language: 'python' }).sites[0];

  it('gets no code lens and no command it cannot run', async () => {
    assert.deepEqual(await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), []);
    const commands = (await actionsFor(server, diagnostic)).flatMap((a) => (a.command ? [a.command.command] : []));
    assert.deepEqual([...new Set(commands)], [RESCALE_COMMAND]);
  });

  it('applies a rescaling fix with the number in the arguments through workspace/applyEdit', async () => {
    const outcome = await execute({ ...await rescaleArgs('rescale-for-lr'), answer: '2e-4' });
    assert.deepEqual(outcome, { applied: true, message: "Rescale λ for a new learning rate (keeps α·λ and τ_iter: λ' = λ·α/α'): λ = 5e-6" });
    const site = λAfter(edits.at(-1)!);
    assert.deepEqual([site.lr.value, site.weightDecay.value], [2e-4, 5e-6]);
  });

  it('without a number, offers choices and applies the one picked', async () => {
    pick = (params) => params.actions![1]; // N' = 2·N
    const outcome = await execute(await rescaleArgs('rescale-for-dataset'));
    assert.deepEqual(menus.at(-1)!.actions!.map((a) => a.title), ["N' = 0.5·N", "N' = 2·N", "N' = 4·N", "N' = 10·N"]);
    assert.equal(outcome.applied, true, outcome.message);
    assert.equal(λAfter(edits.at(-1)!).weightDecay.value, 5e-6);
  });

  it('a dismissed menu, a bad number or bad arguments apply nothing and say why', async () => {
    const applied = edits.length;
    pick = () => null;
    assert.deepEqual(await execute(await rescaleArgs('rescale-for-width')), { applied: false, message: 'Cancelled.' });
    assert.deepEqual(await execute({ ...await rescaleArgs('rescale-for-lr'), answer: 'fast' }),
      { applied: false, message: 'AdamW Lens: expected positive numbers, got "fast".' });
    assert.equal((await server.connection.sendRequest(ExecuteCommandRequest.type, { command: RESCALE_COMMAND, arguments: [{ key: 1 }] }) as RescaleOutcome).applied, false);
    assert.equal(edits.length, applied);
  });
});

describe("VS Code's client (it runs adamwLens.* itself)", () => {
  let server: ServerHandle;
  before(async () => { server = await startTestServer(); });
  after(() => server.stop());

  it('gets the Simulate lens and no server command', async () => {
    const { diagnostics } = await server.open(uri, 'python', c.code);
    assert.equal((await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }))?.length, 1);
    const commands = (await actionsFor(server, diagnostics[0])).flatMap((a) => (a.command ? [a.command.command] : []));
    assert.ok(!commands.includes(RESCALE_COMMAND));
    await assert.rejects(server.connection.sendRequest(ExecuteCommandRequest.type, { command: RESCALE_COMMAND, arguments: [] }), /unknown command/);
  });
});
