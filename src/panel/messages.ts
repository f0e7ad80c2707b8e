// The messages between the extension host and the simulation page, and the one schema that checks them
// in both directions: whatever arrives is validated first; unknown or malformed messages are logged and
// dropped, never acted on. The simulator runs in the extension host (Node worker threads); the page asks
// for runs and draws the results the host streams to it, seed by seed.
import { CONVENTIONS } from '../engine/config';
import { LIMITS } from '../simulation/validate';
import { VARIANTS, type DataSource, type SimConfig, type Variant } from '../simulation/types';
import type { PanelSetup } from './setup';
import {
  byType, isArray, isBoolean, isLiteral, isNull, isNumber, isObject, isRecordOf, isString, oneOf, type Check,
} from './schema';

/** A finished or partial run in a form that survives JSON (NaN → null) and the webview's saved state. */
export interface PanelResult {
  lrs: number[];
  weightDecays: Partial<Record<Variant, number[]>>;
  /** Mean final validation loss per [α index][λ index]; null where every seed diverged or none is done. */
  loss: Partial<Record<Variant, (number | null)[][]>>;
  diverged: Partial<Record<Variant, boolean[][]>>;
  seedsDone: number;
  seedsTotal: number;
  seconds: number;
}

export type InlineData = Extract<DataSource, { kind: 'inline' }>;

/** How a run ended: finished, cancelled (or replaced by a newer run), refused (SimConfigError), or failed. */
export type RunOutcome = 'done' | 'cancelled' | 'invalid' | 'failed';

export type HostToPage =
  /** What to simulate; `result` redraws the last run (reopened or restored panel); `autoRun` runs the setting
   * now: the host has already started it when `runId` is given (it runs while the page loads), else the page asks.
   * `content` numbers the host's settings: the first is in the page's HTML, and a page that says it shows
   * that number is not sent it again. */
  | { type: 'setup'; setup: PanelSetup; result?: PanelResult; autoRun: boolean; runId?: number; content?: number }
  | { type: 'data-file'; name: string; data: InlineData; batchSize?: number; epochs?: number }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** The page's run request number `request` runs as `runId`. */
  | { type: 'run-started'; runId: number; request: number }
  /** The result over the seeds finished so far (a full result when seedsDone = seedsTotal). */
  | { type: 'progress'; runId: number; result: PanelResult }
  | { type: 'run-end'; runId: number; outcome: RunOutcome; message?: string };

export type ExportFormat = 'png' | 'csv' | 'json';

export type PageToHost =
  /** The page is up, showing the host's setting number `content` (the one in its HTML) if any. */
  | { type: 'ready'; content?: number }
  | { type: 'pick-data-file' }
  /** `content`: the PNG as a base64 data URL, or the CSV/JSON text. */
  | { type: 'save'; format: ExportFormat; content: string; suggestedName: string }
  /** The S2 sweep's (lr, weight_decay) pairs, for the clipboard in the source file's language. */
  | { type: 'copy-sweep'; pairs: [number, number][] }
  | { type: 'result'; setup: PanelSetup; result: PanelResult }
  /** Run `config` (replacing any run in progress); `request` numbers the page's requests. */
  | { type: 'run'; request: number; config: SimConfig }
  /** Stop the run `runId`, or whatever runs when the page does not know its id yet. */
  | { type: 'cancel'; runId?: number };

const MAX_ROWS = 100_000;
const variantCheck = isLiteral(...VARIANTS);
const positives = (max: number) => isArray(isNumber({ positive: true }), max, 1);
const matrix = isArray(isArray(isNumber(), MAX_ROWS, 1), MAX_ROWS, 1);
const count = (max: number) => isNumber({ integer: true, min: 1, max });
const gridOf = (cell: Check) => isRecordOf(VARIANTS, isArray(isArray(cell, LIMITS.weightDecays), LIMITS.lrs));

const inlineData = isObject(
  { kind: isLiteral('inline'), A: matrix, b: isArray(isNumber(), MAX_ROWS, 1), A_val: matrix, b_val: isArray(isNumber(), MAX_ROWS, 1) },
  { order: isArray(isArray(isNumber({ integer: true, min: 0 }), MAX_ROWS), LIMITS.epochs) },
);

const syntheticData = isObject({
  kind: isLiteral('synthetic'), n: count(MAX_ROWS), d: count(MAX_ROWS), noise: isNumber({ min: 0 }),
});

const simConfig = isObject({
  variants: isArray(variantCheck, VARIANTS.length, 1),
  schedule: isLiteral('constant', 'sqrt', 'cosine', 'warmup-cosine'),
  lrs: positives(LIMITS.lrs),
  // Positive: the panel draws λ on a log axis (the simulator itself also takes λ = 0).
  weightDecays: isRecordOf(VARIANTS, positives(LIMITS.weightDecays)),
  epochs: count(LIMITS.epochs),
  batchSize: count(MAX_ROWS),
  seeds: count(LIMITS.seeds),
  data: oneOf(syntheticData, inlineData),
}, { warmupEpochs: isNumber({ min: 0 }), firstSeed: isNumber({ integer: true, min: 0 }), threads: count(LIMITS.threads) });

const MAX_USER_SWEEP = 1000;
const reference = isObject({ lr: isNumber({ positive: true }), weightDecay: isNumber({ positive: true }) });

const panelSetup = isObject({
  title: isString(500),
  userVariant: variantCheck,
  config: simConfig,
  references: isRecordOf(VARIANTS, reference),
  language: isLiteral('python', 'typescript'),
  notes: isArray(isString(500), 10),
}, { userSweep: isArray(reference, MAX_USER_SWEEP) });

const panelResult = isObject({
  lrs: positives(LIMITS.lrs),
  weightDecays: isRecordOf(VARIANTS, positives(LIMITS.weightDecays)),
  loss: gridOf(oneOf(isNumber(), isNull)),
  diverged: gridOf(isBoolean),
  seedsDone: isNumber({ integer: true, min: 0, max: LIMITS.seeds }),
  seedsTotal: count(LIMITS.seeds),
  seconds: isNumber({ min: 0 }),
});

/** Run ids, request and setting numbers: 1, 2, 3… */
const serial = isNumber({ integer: true, min: 1 });
const runId = serial;

const hostToPage = byType({
  setup: isObject({ type: isLiteral('setup'), setup: panelSetup, autoRun: isBoolean }, { result: panelResult, runId, content: serial }),
  'data-file': isObject({ type: isLiteral('data-file'), name: isString(1000), data: inlineData },
    { batchSize: count(MAX_ROWS), epochs: count(LIMITS.epochs) }),
  notice: isObject({ type: isLiteral('notice'), level: isLiteral('info', 'error'), message: isString(2000) }),
  'run-started': isObject({ type: isLiteral('run-started'), runId, request: runId }),
  progress: isObject({ type: isLiteral('progress'), runId, result: panelResult }),
  'run-end': isObject({ type: isLiteral('run-end'), runId, outcome: isLiteral('done', 'cancelled', 'invalid', 'failed') },
    { message: isString(2000) }),
});

// A PNG of the figure at device resolution stays well under 20 MB of base64.
const MAX_EXPORT_CHARS = 20_000_000;

const pageToHost = byType({
  ready: isObject({ type: isLiteral('ready') }, { content: serial }),
  'pick-data-file': isObject({ type: isLiteral('pick-data-file') }),
  save: isObject({
    type: isLiteral('save'), format: isLiteral('png', 'csv', 'json'), content: isString(MAX_EXPORT_CHARS),
    suggestedName: isString(200),
  }),
  'copy-sweep': isObject({ type: isLiteral('copy-sweep'), pairs: isArray(isArray(isNumber({ positive: true }), 2, 2), LIMITS.lrs, 1) }),
  result: isObject({ type: isLiteral('result'), setup: panelSetup, result: panelResult }),
  run: isObject({ type: isLiteral('run'), request: runId, config: simConfig }),
  cancel: isObject({ type: isLiteral('cancel') }, { runId }),
});

/** Why a message from the page is refused, or undefined when it is a valid PageToHost. */
export function pageMessageProblem(message: unknown): string | undefined {
  const problem = pageToHost(message, 'message');
  if (problem) return problem;
  const save = message as PageToHost;
  if (save.type === 'save' && save.format === 'png' && !/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/.test(save.content)) {
    return 'message.content: expected a base64 PNG data URL';
  }
  return undefined;
}

/** Why a message from the host is refused, or undefined when it is a valid HostToPage. */
export function hostMessageProblem(message: unknown): string | undefined {
  return hostToPage(message, 'message');
}

/** The message as a PageToHost, or undefined (and `log` told why). */
export function parsePageMessage(message: unknown, log: (problem: string) => void): PageToHost | undefined {
  const problem = pageMessageProblem(message);
  if (problem) {
    log(`ignored a message from the simulation page: ${problem}`);
    return undefined;
  }
  return message as PageToHost;
}

/** The message as a HostToPage, or undefined (and `log` told why). */
export function parseHostMessage(message: unknown, log: (problem: string) => void): HostToPage | undefined {
  const problem = hostMessageProblem(message);
  if (problem) {
    log(`ignored a message from the extension: ${problem}`);
    return undefined;
  }
  return message as HostToPage;
}

const simulationRequest = isObject({}, {
  api: isString(200),
  convention: isLiteral(...CONVENTIONS),
  lr: isNumber(),
  weightDecay: isNumber(),
  sweepLrs: isArray(isNumber(), 10_000),
  sweepWeightDecays: isArray(isNumber(), 10_000),
  sweepPoints: isArray(isObject({ lr: isNumber(), weightDecay: isNumber() }), 10_000),
  language: isLiteral('python', 'typescript', 'yaml', 'json', 'shell'),
  uri: isString(4000),
  line: isNumber({ integer: true, min: 0 }),
});

/** Why an `adamwLens.simulate` argument is not a SimulationRequest, or undefined when it is one. */
export function requestProblem(argument: unknown): string | undefined {
  return simulationRequest(argument, 'request');
}

/** A panel's saved state (webview setState, the serializer's argument, the workspace's last run). */
export interface SavedRun {
  setup: PanelSetup;
  result?: PanelResult;
}

/** What the panel shows next: a run to draw (reopened, restored) or a setting to run now. */
export interface PanelContent extends SavedRun {
  autoRun: boolean;
}

const savedRun = isObject({ setup: panelSetup }, { result: panelResult });

export function savedRunProblem(state: unknown): string | undefined {
  return savedRun(state, 'state');
}
