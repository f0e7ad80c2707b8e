// What the panel simulates for a request: the user's convention as one heatmap beside the paper form,
// a log grid of α and λ around the user's (ᾱ, λ̄), and each heatmap's reference point, through which the
// S1 (λ̄ fixed) and S2 (α·λ fixed) sweeps pass. Plain data, no VS Code: the host and the tests call it.
import { convertWeightDecay } from '../engine/decay';
import { formatNumber } from '../engine/format';
import type { Convention } from '../engine/types';
import { preset } from '../simulation/presets';
import type { SimConfig, Variant } from '../simulation/types';
import type { PanelContent, SavedRun } from './messages';
import type { SimulationRequest } from './request';

/** The point (ᾱ, λ̄) of one heatmap, in that heatmap's own λ. */
export interface ReferencePoint {
  lr: number;
  weightDecay: number;
}

export type CodeLanguage = 'python' | 'typescript';

export interface PanelSetup {
  /** Shown above the figure: which optimizer (and where) the simulation is about. */
  title: string;
  /** The heatmap drawn in the user's convention (first in `config.variants`). */
  userVariant: Variant;
  config: SimConfig;
  references: Partial<Record<Variant, ReferencePoint>>;
  /** Language of "Copy S2 sweep as code". */
  language: CodeLanguage;
  /** Why the grid is not centred where the request said (λ = 0 at the call…), in words. */
  notes: string[];
  /** The (α, λ) points the user's code sweeps, in the user's convention, drawn on the user's heatmap. */
  userSweep?: ReferencePoint[];
}

/** The simulator variant that decays the way a convention does. */
export const VARIANT_OF_CONVENTION: Readonly<Record<Convention, Variant>> = {
  'lr-scaled': 'pt',
  'schedule-scaled': 'lh',
  constant: 'constant',
  'lr-squared': 'lr-squared',
  'coupled-l2': 'l2',
};

export const CONVENTION_OF_VARIANT: Readonly<Record<Variant, Convention>> = {
  pt: 'lr-scaled', lh: 'schedule-scaled', constant: 'constant', 'lr-squared': 'lr-squared', l2: 'coupled-l2',
};

export const VARIANT_LABELS: Readonly<Record<Variant, string>> = {
  pt: 'AdamW-PT (decay α·λ, PyTorch/Optax/Keras)',
  lh: 'AdamW-LH (decay η·λ, the paper)',
  l2: 'Adam + L2 (λ·w in the gradient)',
  constant: 'constant decay λ (TF Addons)',
  'lr-squared': 'decay α²/α_max·λ (timm corrected)',
};

/** Grid spacing in decades, the same for α and λ so that the S2 diagonal α·λ = ᾱ·λ̄ runs through grid cells. */
export const DECADES_PER_STEP = 0.5;
/** Steps on each side of the reference point when no sweep asks for more (9 values over 4 decades). */
const STEPS_EACH_SIDE = 4;
/** At most this many values per axis, however wide the user's sweep (keeps a run within seconds). */
const MAX_AXIS_VALUES = 15;
const DEFAULT_LR = 1e-3;
const DEFAULT_WEIGHT_DECAY = 1e-2;

const round12 = (x: number): number => Number(x.toPrecision(12));

/** Values centre·10^(k·step) covering [lo, hi] (and at least STEPS_EACH_SIDE steps either side of the centre). */
export function logGridAround(centre: number, covering: readonly number[] = []): number[] {
  const positive = covering.filter((x) => Number.isFinite(x) && x > 0);
  const stepsTo = (x: number) => Math.ceil(Math.abs(Math.log10(x / centre)) / DECADES_PER_STEP - 1e-9);
  let below = Math.max(STEPS_EACH_SIDE, ...positive.filter((x) => x < centre).map(stepsTo));
  let above = Math.max(STEPS_EACH_SIDE, ...positive.filter((x) => x > centre).map(stepsTo));
  while (below + above + 1 > MAX_AXIS_VALUES) {
    if (below >= above) below--;
    else above--;
  }
  return Array.from({ length: below + above + 1 }, (_, i) => round12(centre * 10 ** ((i - below) * DECADES_PER_STEP)));
}

/** The seed's setting (000, Fig. 3): PT and LH on the preset's grid, with the paper's (ᾱ, λ̄) per variant. */
export function defaultSetup(): PanelSetup {
  const config = preset('seed-fig3');
  const pt = config.weightDecays.pt ?? [];
  const lh = config.weightDecays.lh ?? [];
  return {
    title: "Seed 000's ridge regression (Figure 3): AdamW-PT beside AdamW-LH",
    userVariant: 'pt',
    config,
    // (λ̄, ᾱ) = (1e-2, 3.2e-1) for PT and (1e-2, 3.2e-3) for LH, as in the seed; both are grid points.
    references: { pt: { lr: config.lrs[7], weightDecay: pt[3] }, lh: { lr: config.lrs[3], weightDecay: lh[5] } },
    language: 'python',
    notes: [],
  };
}

const middle = (values: readonly number[] | undefined): number | undefined =>
  values && values.length > 0 ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : undefined;

const usable = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** λ of `variant` meaning the same per-step decay at ᾱ as the user's λ̄ (coupled L2 has no equivalent: same number). */
export function equivalentWeightDecay(from: Variant, to: Variant, lr: number, weightDecay: number): number {
  const converted = convertWeightDecay(CONVENTION_OF_VARIANT[from], CONVENTION_OF_VARIANT[to], lr, weightDecay);
  return round12(usable(converted) ? converted : weightDecay);
}

/** The λ grid and reference point of `variant`, derived from the user's reference. */
export function variantGrid(setup: Pick<PanelSetup, 'userVariant' | 'references'>, variant: Variant, sweepWeightDecays: readonly number[] = []):
  { weightDecays: number[]; reference: ReferencePoint } {
  const user = setup.references[setup.userVariant] ?? { lr: DEFAULT_LR, weightDecay: DEFAULT_WEIGHT_DECAY };
  const existing = setup.references[variant];
  const reference = existing ?? { lr: user.lr, weightDecay: equivalentWeightDecay(setup.userVariant, variant, user.lr, user.weightDecay) };
  return { weightDecays: logGridAround(reference.weightDecay, variant === setup.userVariant ? sweepWeightDecays : []), reference };
}

/** Maps the `adamwLens.simulate` argument to what the panel runs; no request means the seed's setting. */
export function setupFromRequest(request: SimulationRequest | undefined): PanelSetup {
  if (!request) return defaultSetup();
  const notes: string[] = [];
  const convention = request.convention ?? 'lr-scaled';
  const userVariant = VARIANT_OF_CONVENTION[convention];
  let lr = usable(request.lr) ? request.lr : middle(request.sweepLrs?.filter((x) => usable(x)));
  if (!usable(lr)) {
    lr = DEFAULT_LR;
    notes.push(`The learning rate at the call is unknown; the grid is centred on α = ${DEFAULT_LR}.`);
  }
  let weightDecay = usable(request.weightDecay) ? request.weightDecay : middle(request.sweepWeightDecays?.filter((x) => usable(x)));
  if (!usable(weightDecay)) {
    weightDecay = DEFAULT_WEIGHT_DECAY;
    notes.push(request.weightDecay === 0
      ? `weight_decay is 0 at the call (no decay), which a log grid cannot centre on; λ̄ = ${DEFAULT_WEIGHT_DECAY} is used instead.`
      : `The weight decay at the call is unknown; the grid is centred on λ̄ = ${DEFAULT_WEIGHT_DECAY}.`);
  }
  const base = preset('seed-fig3');
  const variants: Variant[] = userVariant === 'lh' ? ['lh', 'pt'] : [userVariant, 'lh'];
  const references: PanelSetup['references'] = { [userVariant]: { lr: round12(lr), weightDecay: round12(weightDecay) } };
  const weightDecays: SimConfig['weightDecays'] = {};
  for (const variant of variants) {
    const grid = variantGrid({ userVariant, references }, variant, request.sweepWeightDecays);
    weightDecays[variant] = grid.weightDecays;
    references[variant] = grid.reference;
  }
  // The points a log axis can show (λ = 0 cannot be), at most 1000 of them.
  const userSweep = (request.sweepPoints ?? []).filter((p) => usable(p.lr) && usable(p.weightDecay)).slice(0, 1000);
  const where = request.uri ? ` (${request.uri.replace(/^.*\//, '')}${request.line !== undefined ? `:${request.line + 1}` : ''})` : '';
  return {
    title: `${request.api ?? 'Your optimizer'}${where}: α = ${formatNumber(lr)}, λ = ${formatNumber(weightDecay)}`,
    userVariant,
    config: { ...base, variants, lrs: logGridAround(lr, request.sweepLrs), weightDecays },
    references,
    language: request.language === 'typescript' ? 'typescript' : 'python',
    notes,
    ...(userSweep.length > 0 ? { userSweep } : {}),
  };
}

/** What the panel opens with: the request's setting (run now), else the last run, else the seed's setting (run now). */
export function initialContent(request: SimulationRequest | undefined, lastRun: SavedRun | undefined): PanelContent {
  if (request) return { setup: setupFromRequest(request), autoRun: true };
  if (lastRun?.result) return { ...lastRun, autoRun: false };
  return { setup: defaultSetup(), autoRun: true };
}
