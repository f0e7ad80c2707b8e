// `adamw-lens.rescale` (workspace/executeCommand), the rescaling fixes for editors other than VS Code
// (Neovim, Emacs with eglot, Helix…), which have no input box an LSP server could open. With the user's
// number in the arguments (`answer`, as typed in VS Code) the fix is applied at once; without it the server
// offers common choices through window/showMessageRequest (a menu in those editors). Either way the edit
// goes to the client as workspace/applyEdit, and the command answers with what happened.
import type { Connection, MessageActionItem } from 'vscode-languageserver';
import type { AnalysisResult } from '../engine';
import { formatLiteral } from '../engine/format';
import { instantiate, isFindingKey } from './code-actions';
import { sameKey } from './convert';
import type { RescaleArguments } from './protocol';

export interface RescaleOutcome {
  applied: boolean;
  /** The applied fix's title ("…: λ = 0.025"), or why nothing was applied. */
  message: string;
}

interface Choice extends MessageActionItem {
  answer: string;
}

/** Common answers for a rescaling fix: a few new learning rates around the current one, or ratios. */
export function rescaleChoices(fixKind: string, currentLr: number | undefined): Choice[] {
  if (fixKind === 'rescale-for-lr') {
    if (currentLr === undefined) return [];
    return [0.1, 0.5, 2, 10].map((factor) => {
      const lr = formatLiteral(currentLr * factor);
      return { title: `α' = ${lr} (×${factor})`, answer: lr };
    });
  }
  const what = fixKind === 'rescale-for-width' ? 'width' : 'N';
  return [0.5, 2, 4, 10].map((ratio) => ({ title: `${what}' = ${ratio}·${what}`, answer: `1, ${ratio}` }));
}

function isRescaleArguments(value: unknown): value is RescaleArguments {
  const args = value as RescaleArguments | undefined;
  return isFindingKey(args?.key) && typeof args.fixKind === 'string' && (args.answer === undefined || typeof args.answer === 'string');
}

export async function executeRescale(connection: Connection, result: (uri: string) => AnalysisResult | undefined, argument: unknown): Promise<RescaleOutcome> {
  if (!isRescaleArguments(argument)) {
    return { applied: false, message: 'adamw-lens.rescale expects [{ key: { uri, rule, line, column }, fixKind, answer? }]' };
  }
  const { key, fixKind } = argument;
  let answer = argument.answer;
  if (answer === undefined) {
    const fix = result(key.uri)?.findings.find((f) => sameKey(f, key))?.fixes.find((f) => f.kind === fixKind);
    const choices = rescaleChoices(fixKind, fix?.target?.lr?.value);
    if (!fix?.input || choices.length === 0) return { applied: false, message: `No ${fixKind} fix for this finding (the document changed?).` };
    const picked = await connection.window.showInformationMessage(`${fix.input.prompt}:`, ...choices).catch(() => undefined);
    if (!picked) return { applied: false, message: 'Cancelled.' };
    answer = (picked as Choice).answer ?? choices.find((c) => c.title === picked.title)?.answer;
    if (answer === undefined) return { applied: false, message: 'Cancelled.' };
  }
  const filled = instantiate(result(key.uri), key, fixKind, answer);
  if ('error' in filled) {
    void connection.window.showErrorMessage(filled.error);
    return { applied: false, message: filled.error };
  }
  const applied = await connection.workspace.applyEdit({ label: filled.title, edit: filled.edit }).catch(() => ({ applied: false, failureReason: 'the editor did not apply the edit' }));
  if (!applied.applied) return { applied: false, message: applied.failureReason ?? 'The editor refused the edit.' };
  return { applied: true, message: filled.title };
}
