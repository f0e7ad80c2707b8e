// The catalog of optimizer APIs the engine recognises: one data table, documented in docs/catalog.md.
// Each entry says where the API is imported from, its positional parameter order, the names of its
// learning-rate and weight-decay parameters, their defaults, and the decay convention it implements.
// Front ends match calls against `paths`; rules read `convention` and `defaults`.

import type { Convention, Language } from './types';

export interface ConventionSwitch {
  /** Keyword argument that changes the convention (e.g. `decoupled_weight_decay=True`). */
  param: string;
  /** The literal value (as written in source: `True`, `true`, `'adamw'`) that switches it. */
  equals: boolean | string;
  convention: Convention;
  /** Optionally also a different catalog id for the message (e.g. `timm adamw (corrected)`). */
  note?: string;
}

export interface CatalogEntry {
  /** Canonical name, used in messages and payloads. */
  id: string;
  language: Language;
  /** Fully qualified import paths that resolve to this API (`torch.optim.AdamW`, `torch.optim.adamw.AdamW`). */
  paths: string[];
  /** Positional parameter order as the API declares it (keyword-only parameters omitted). */
  positional: string[];
  /** Name of the learning-rate parameter, or undefined when the API takes none. */
  lrParam?: string;
  /** Name of the weight-decay parameter. */
  wdParam: string;
  defaults: { lr?: number; weightDecay?: number };
  convention: Convention;
  /** Arguments that change the convention of this call. */
  switches?: ConventionSwitch[];
  /** For factories like timm's create_optimizer_v2: the parameter naming the optimizer (read with `namedUpdateRule`). */
  optimizerNameParam?: { param: string };
  /** A positional trap worth a sentence in messages (optax.adamw's second argument is b1, not λ). */
  trap?: string;
  /** One line for docs and hovers. */
  summary: string;
}

const TORCH_ADAM_ORDER = ['params', 'lr', 'betas', 'eps', 'weight_decay', 'amsgrad'];

/** The table. Defaults are those of the libraries' current releases (checked against their docs). */
export const CATALOG: readonly CatalogEntry[] = [
  // ---- PyTorch: decoupled, decay lr·λ ------------------------------------------------------
  {
    id: 'torch.optim.AdamW', language: 'python',
    paths: ['torch.optim.AdamW', 'torch.optim.adamw.AdamW'],
    positional: TORCH_ADAM_ORDER, lrParam: 'lr', wdParam: 'weight_decay',
    defaults: { lr: 1e-3, weightDecay: 1e-2 }, convention: 'lr-scaled',
    summary: 'PyTorch AdamW: w ← (1 − α_t·λ)·w − α_t·m̂/(√v̂+ε)',
  },
  {
    id: 'torch.optim.Adam', language: 'python',
    paths: ['torch.optim.Adam', 'torch.optim.adam.Adam'],
    positional: TORCH_ADAM_ORDER, lrParam: 'lr', wdParam: 'weight_decay',
    defaults: { lr: 1e-3, weightDecay: 0 }, convention: 'coupled-l2',
    switches: [{ param: 'decoupled_weight_decay', equals: true, convention: 'lr-scaled' }],
    summary: 'PyTorch Adam: weight_decay adds λ·w to the gradient (L2), unless decoupled_weight_decay=True',
  },
  {
    id: 'torch.optim.NAdam', language: 'python',
    paths: ['torch.optim.NAdam', 'torch.optim.nadam.NAdam'],
    positional: ['params', 'lr', 'betas', 'eps', 'weight_decay', 'momentum_decay', 'decoupled_weight_decay'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 2e-3, weightDecay: 0 }, convention: 'coupled-l2',
    switches: [{ param: 'decoupled_weight_decay', equals: true, convention: 'lr-scaled' }],
    summary: 'PyTorch NAdam: L2 through the gradient unless decoupled_weight_decay=True',
  },
  {
    id: 'torch.optim.RAdam', language: 'python',
    paths: ['torch.optim.RAdam', 'torch.optim.radam.RAdam'],
    positional: ['params', 'lr', 'betas', 'eps', 'weight_decay', 'decoupled_weight_decay'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 1e-3, weightDecay: 0 }, convention: 'coupled-l2',
    switches: [{ param: 'decoupled_weight_decay', equals: true, convention: 'lr-scaled' }],
    summary: 'PyTorch RAdam: L2 through the gradient unless decoupled_weight_decay=True',
  },
  {
    id: 'torch.optim.Adamax', language: 'python',
    paths: ['torch.optim.Adamax', 'torch.optim.adamax.Adamax'],
    positional: ['params', 'lr', 'betas', 'eps', 'weight_decay'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 2e-3, weightDecay: 0 }, convention: 'coupled-l2',
    summary: 'PyTorch Adamax: weight_decay is L2 through the gradient',
  },
  {
    id: 'torch.optim.SGD', language: 'python',
    paths: ['torch.optim.SGD', 'torch.optim.sgd.SGD'],
    positional: ['params', 'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 1e-3, weightDecay: 0 }, convention: 'coupled-l2',
    summary: 'PyTorch SGD: weight_decay is L2 through the gradient',
  },
  {
    id: 'torch.optim.RMSprop', language: 'python',
    paths: ['torch.optim.RMSprop', 'torch.optim.rmsprop.RMSprop'],
    positional: ['params', 'lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 1e-2, weightDecay: 0 }, convention: 'coupled-l2',
    summary: 'PyTorch RMSprop: weight_decay is L2 through the preconditioner',
  },
  // ---- bitsandbytes: same update as torch AdamW --------------------------------------------
  ...['AdamW', 'AdamW8bit', 'AdamW32bit', 'PagedAdamW', 'PagedAdamW8bit', 'PagedAdamW32bit'].map((name): CatalogEntry => ({
    id: `bitsandbytes.optim.${name}`, language: 'python',
    paths: [`bitsandbytes.optim.${name}`, `bitsandbytes.optim.adamw.${name}`],
    positional: ['params', 'lr', 'betas', 'eps', 'weight_decay'], lrParam: 'lr', wdParam: 'weight_decay',
    defaults: { lr: 1e-3, weightDecay: 1e-2 }, convention: 'lr-scaled',
    summary: `bitsandbytes ${name}: decays by lr·λ like torch.optim.AdamW`,
  })),
  // ---- Hugging Face ------------------------------------------------------------------------
  {
    id: 'transformers.AdamW', language: 'python',
    paths: ['transformers.AdamW', 'transformers.optimization.AdamW'],
    positional: ['params', 'lr', 'betas', 'eps', 'weight_decay', 'correct_bias'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 1e-3, weightDecay: 0 }, convention: 'lr-scaled',
    summary: 'Hugging Face AdamW (deprecated): decays by lr·λ',
  },
  {
    id: 'transformers.TrainingArguments', language: 'python',
    paths: ['transformers.TrainingArguments', 'transformers.training_args.TrainingArguments'],
    positional: ['output_dir'], lrParam: 'learning_rate', wdParam: 'weight_decay',
    defaults: { lr: 5e-5, weightDecay: 0 }, convention: 'lr-scaled',
    summary: 'Hugging Face Trainer: builds torch AdamW from learning_rate and weight_decay (decay lr·λ)',
  },
  // ---- timm --------------------------------------------------------------------------------
  {
    id: 'timm.optim.create_optimizer_v2', language: 'python',
    paths: ['timm.optim.create_optimizer_v2', 'timm.optim.optim_factory.create_optimizer_v2', 'timm.optim.create_optimizer'],
    positional: ['model_or_params', 'opt', 'lr', 'weight_decay', 'momentum'],
    lrParam: 'lr', wdParam: 'weight_decay', defaults: { lr: 1e-3, weightDecay: 0 }, convention: 'lr-scaled',
    optimizerNameParam: { param: 'opt' },
    switches: [{ param: 'corrected_weight_decay', equals: true, convention: 'lr-squared' }],
    summary: "timm's optimizer factory: opt='adamw' decays by lr·λ; corrected_weight_decay=True by lr²/lr_max·λ",
  },
  {
    id: 'timm.optim.AdamW', language: 'python',
    paths: ['timm.optim.AdamW', 'timm.optim.adamw.AdamW', 'timm.optim.AdamWLegacy'],
    positional: TORCH_ADAM_ORDER, lrParam: 'lr', wdParam: 'weight_decay',
    defaults: { lr: 1e-3, weightDecay: 1e-2 }, convention: 'lr-scaled',
    switches: [{ param: 'corrected_weight_decay', equals: true, convention: 'lr-squared' }],
    summary: "timm AdamW: decays by lr·λ; corrected_weight_decay=True by lr²/lr_max·λ",
  },
  // ---- Optax: decay lr·λ -------------------------------------------------------------------
  {
    id: 'optax.adamw', language: 'python', paths: ['optax.adamw', 'optax._src.alias.adamw'],
    positional: ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'mu_dtype', 'weight_decay', 'mask'],
    lrParam: 'learning_rate', wdParam: 'weight_decay', defaults: { weightDecay: 1e-4 }, convention: 'lr-scaled',
    trap: 'the second positional argument of optax.adamw is b1, not weight_decay',
    summary: 'Optax adamw: chain(scale_by_adam, add_decayed_weights(λ), scale_by_learning_rate(α)): decay α_t·λ',
  },
  {
    id: 'optax.nadamw', language: 'python', paths: ['optax.nadamw'],
    positional: ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'mu_dtype', 'weight_decay', 'mask'],
    lrParam: 'learning_rate', wdParam: 'weight_decay', defaults: { weightDecay: 1e-4 }, convention: 'lr-scaled',
    trap: 'the second positional argument of optax.nadamw is b1, not weight_decay',
    summary: 'Optax nadamw: decay α_t·λ',
  },
  {
    id: 'optax.adamaxw', language: 'python', paths: ['optax.adamaxw'],
    positional: ['learning_rate', 'b1', 'b2', 'eps', 'weight_decay', 'mask'],
    lrParam: 'learning_rate', wdParam: 'weight_decay', defaults: { weightDecay: 1e-4 }, convention: 'lr-scaled',
    trap: 'the second positional argument of optax.adamaxw is b1, not weight_decay',
    summary: 'Optax adamaxw: decay α_t·λ',
  },
  {
    id: 'optax.lamb', language: 'python', paths: ['optax.lamb'],
    positional: ['learning_rate', 'b1', 'b2', 'eps', 'eps_root', 'weight_decay', 'mask'],
    lrParam: 'learning_rate', wdParam: 'weight_decay', defaults: { weightDecay: 0 }, convention: 'lr-scaled',
    summary: 'Optax lamb: decay α_t·λ (through the trust ratio)',
  },
  // ---- Keras: every Keras ≥ 2.11 optimizer applies decoupled decay lr·λ -----------------------
  ...(['AdamW', 'Adam', 'Nadam', 'Adamax', 'Lion'] as const).map((name): CatalogEntry => ({
    id: `keras.optimizers.${name}`, language: 'python',
    paths: [`keras.optimizers.${name}`, `tensorflow.keras.optimizers.${name}`, `tf_keras.optimizers.${name}`, `tensorflow.keras.optimizers.experimental.${name}`, `keras.optimizers.experimental.${name}`],
    positional: name === 'AdamW'
      ? ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad']
      : ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
    lrParam: 'learning_rate', wdParam: 'weight_decay',
    defaults: { lr: name === 'Lion' ? 1e-4 : 1e-3, weightDecay: name === 'AdamW' ? 0.004 : 0 },
    convention: 'lr-scaled',
    summary: `Keras ${name}: weight_decay is decoupled and decays by lr·λ`,
  })),
  // ---- TensorFlow Addons: decay λ per step, whatever the learning rate ---------------------------
  {
    id: 'tensorflow_addons.optimizers.AdamW', language: 'python',
    paths: ['tensorflow_addons.optimizers.AdamW', 'tensorflow_addons.optimizers.weight_decay_optimizers.AdamW'],
    positional: ['weight_decay', 'learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
    lrParam: 'learning_rate', wdParam: 'weight_decay', defaults: { lr: 1e-3 }, convention: 'constant',
    trap: 'weight_decay is the first positional argument of tensorflow_addons AdamW',
    summary: 'TensorFlow Addons AdamW: w ← w − λ·w each step; λ must be scheduled together with the learning rate',
  },
  // ---- Lion (lucidrains) -------------------------------------------------------------------
  {
    id: 'lion_pytorch.Lion', language: 'python', paths: ['lion_pytorch.Lion'],
    positional: ['params', 'lr', 'betas', 'weight_decay'], lrParam: 'lr', wdParam: 'weight_decay',
    defaults: { lr: 1e-4, weightDecay: 0 }, convention: 'lr-scaled',
    summary: 'Lion: decays by lr·λ',
  },
  // ---- TypeScript / JavaScript ---------------------------------------------------------------
  {
    id: '@jax-js/optax.adamw', language: 'typescript', paths: ['@jax-js/optax.adamw'],
    positional: ['learningRate', 'options'], lrParam: 'learningRate', wdParam: 'weightDecay',
    defaults: { weightDecay: 1e-4 }, convention: 'lr-scaled',
    summary: '@jax-js/optax adamw (port of Optax): decay α_t·λ',
  },
];

const byPath = new Map<string, CatalogEntry>();
for (const entry of CATALOG) for (const p of entry.paths) byPath.set(`${entry.language}:${p}`, entry);

/** The catalog entry a fully qualified name resolves to, if any. */
export function lookupApi(language: Language, qualifiedName: string): CatalogEntry | undefined {
  return byPath.get(`${language}:${qualifiedName}`);
}

/**
 * Every short name a catalogued API can be called by (`AdamW`, `adamw`, `create_optimizer_v2`…): the cheap
 * text pre-filter skips files in which none of these words occur.
 */
export const API_WORDS: readonly string[] = [
  ...new Set([...CATALOG.flatMap((e) => e.paths.map((p) => p.slice(p.lastIndexOf('.') + 1))), 'add_decayed_weights', 'chain']),
];

/**
 * What an optimizer named by a string does with λ (timm's `opt='…'`, experiment and Hydra configs).
 * `preconditioned`: λ·w goes through an adaptive preconditioner (coupled L2 proper). `momentum`: the
 * decay also passes through a momentum buffer, so the per-step decay is α·λ/(1−β), not α·λ.
 */
export interface NamedUpdateRule { convention: Convention; preconditioned: boolean; momentum: boolean; label: string }

const DECOUPLED = (label: string): NamedUpdateRule => ({ convention: 'lr-scaled', preconditioned: false, momentum: false, label });
const L2_ADAPTIVE = (label: string): NamedUpdateRule => ({ convention: 'coupled-l2', preconditioned: true, momentum: false, label });
// SGD's L2 term is λ·w in the gradient with no preconditioner: the step removes α·λ·w, an lr-scaled decay.
const SGD = (label: string, momentum: boolean): NamedUpdateRule => ({ convention: 'lr-scaled', preconditioned: false, momentum, label });

const NAMED_UPDATE_RULES: Record<string, NamedUpdateRule> = {
  adamw: DECOUPLED('AdamW'), adamwlegacy: DECOUPLED('AdamW'), nadamw: DECOUPLED('NAdamW'), radamw: DECOUPLED('RAdamW'),
  adoptw: DECOUPLED('ADOPT-W'), lamb: DECOUPLED('LAMB'), lambc: DECOUPLED('LAMB'), lion: DECOUPLED('Lion'),
  adafactor: DECOUPLED('Adafactor'), adafactorbv: DECOUPLED('Adafactor'), lars: SGD('LARS', true),
  adam: L2_ADAPTIVE('Adam'), nadam: L2_ADAPTIVE('NAdam'), radam: L2_ADAPTIVE('RAdam'), adamax: L2_ADAPTIVE('Adamax'),
  rmsprop: L2_ADAPTIVE('RMSprop'), adagrad: L2_ADAPTIVE('Adagrad'), adopt: L2_ADAPTIVE('ADOPT'),
  sgd: SGD('SGD', true), nesterov: SGD('SGD (Nesterov)', true), momentum: SGD('SGD with momentum', true),
  sgdm: SGD('SGD with momentum', true), sgdp: SGD('SGDP', true), plainsgd: SGD('SGD', false),
};

/**
 * The update rule an optimizer name means, or undefined for a name not known (then nothing is said).
 * Case, `-`/`_` and timm's `fused`/`lookahead_` prefixes do not matter: `'sgd-m'`, `'SGD_M'`, `'fusedadamw'`.
 */
export function namedUpdateRule(name: string): NamedUpdateRule | undefined {
  const parts = name.trim().toLowerCase().split(/[_\s]+/).filter(Boolean);
  const last = (parts[parts.length - 1] ?? '').replace(/^fused/, '').replace(/-/g, '');
  return NAMED_UPDATE_RULES[last] ?? NAMED_UPDATE_RULES[parts.join('').replace(/-/g, '')];
}

/** Optax building blocks a chain may combine into AdamW; their order decides the convention. */
export const OPTAX_CHAIN_PARTS = {
  decay: ['optax.add_decayed_weights'],
  precondition: ['optax.scale_by_adam', 'optax.scale_by_adamax', 'optax.scale_by_nadam', 'optax.scale_by_rms', 'optax.scale_by_lion', 'optax.scale_by_amsgrad'],
  learningRate: ['optax.scale_by_learning_rate', 'optax.scale', 'optax.scale_by_schedule'],
} as const;

/** Human name of a convention, for messages. */
export function conventionLabel(c: Convention): string {
  switch (c) {
    case 'lr-scaled': return 'lr-scaled (decay α_t·λ, PyTorch/Optax/Keras form)';
    case 'schedule-scaled': return 'schedule-scaled (decay η_t·λ, the paper\'s form)';
    case 'constant': return 'constant (decay λ per step)';
    case 'lr-squared': return 'lr-squared (decay α_t²/α_max·λ, timm corrected)';
    case 'coupled-l2': return 'coupled L2 (λ·w added to the gradient)';
  }
}
