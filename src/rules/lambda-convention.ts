// lambda-convention: λ whose meaning depends on the decay convention, used in a way the code gets
// wrong: a paper-form λ fed to a PyTorch-form optimizer, TensorFlow Addons' constant decay under a
// learning-rate schedule, optax chains in the wrong order, positional traps, and defaults that differ
// by orders of magnitude between frameworks (torch 1e-2, optax 1e-4, Keras 0.004).

import type { ReportDescriptor, Rule, RuleContext } from './rule';
import { docsUrl } from './rule';
import { conventionLabel, lookupApi } from '../engine/catalog';
import { convertWeightDecay, timescale } from '../engine/decay';
import { convertFix, rewriteWeightDecay } from '../engine/fixes';
import { formatLiteral, formatNumber, formatSteps } from '../engine/format';
import type { OptimizerSite, Range } from '../engine/types';
import { defaultWeightDecay } from './default-weight-decay';
import { paperFormValue } from './paper-form';
import { effectivelyOff, perStepFormula, runHorizon, tooShortForDecay } from './timescale';

const ADAMW_DEFAULTS = 'torch.optim.AdamW 1e-2, optax.adamw 1e-4, Keras AdamW 0.004';

function payload(site: OptimizerSite, extra: Record<string, unknown> = {}): ReportDescriptor['data'] {
  return { api: site.api, convention: site.convention, lr: site.lr.value, weightDecay: site.weightDecay.value, sweep: site.sweep, ...extra };
}

function annotatedMismatch(site: OptimizerSite, context: RuleContext): void {
  const annotated = site.weightDecay.annotatedConvention;
  if (!annotated || annotated === site.convention) return;
  const wd = site.weightDecay.value;
  const lr = site.lr.value;
  const keyword = lookupApi(site.language, site.api)?.wdParam ?? 'weight_decay';
  const converted = wd !== undefined && lr !== undefined ? convertWeightDecay(annotated, site.convention, lr, wd) : undefined;
  const factor = converted !== undefined && wd ? converted / wd : undefined;
  const fix = lr !== undefined ? convertFix(site, annotated, site.convention, lr, keyword, context.text) : undefined;
  context.report({
    message:
      `λ${wd !== undefined ? ` = ${formatNumber(wd)}` : ''} is marked as ${conventionLabel(annotated)}, but ${site.api} is ${conventionLabel(site.convention)}` +
      (converted !== undefined && lr !== undefined && factor !== undefined
        ? `: at α = ${formatNumber(lr)} it decays ${formatNumber(factor > 1 ? factor : 1 / factor)}× ${factor > 1 ? 'less' : 'more'} than intended. The same decay here is λ = ${formatNumber(converted)}.`
        : '. Convert λ before passing it.'),
    range: site.weightDecay.range ?? site.range,
    data: payload(site, { annotatedConvention: annotated, convertedWeightDecay: converted }),
    fixes: fix ? [fix] : [],
  });
}

function constantUnderSchedule(site: OptimizerSite, context: RuleContext): void {
  if (site.convention !== 'constant' || !site.schedule || site.facts?.weightDecayIsSchedule) return;
  const wd = site.weightDecay.value;
  if (wd === 0) return;
  context.report({
    message:
      `${site.api} decays by λ${wd !== undefined ? ` = ${formatNumber(wd)}` : ''} every step whatever the learning rate, but the learning rate follows a ${site.schedule.kind} schedule: ` +
      'as α_t falls, decay stays and ends up dominating the updates. Schedule weight_decay with the same factor as the learning rate ' +
      '(a callable: weight_decay=lambda: λ · schedule(step) / α), or use keras.optimizers.AdamW, which decays by α_t·λ.',
    range: site.weightDecay.range ?? site.range,
    data: payload(site, { schedule: site.schedule.kind }),
    related: [{ range: site.schedule.range, message: `learning-rate schedule (${site.schedule.kind})` }],
  });
}

function chainOrder(site: OptimizerSite, context: RuleContext): void {
  const problem = site.facts?.chainProblem;
  if (typeof problem !== 'string') return;
  const chain = (site.facts?.chain ?? []) as Array<{ role: string; name: string; range: Range }>;
  context.report({
    message: `optax.chain order: ${problem}. AdamW is chain(scale_by_adam(), add_decayed_weights(λ), scale_by_learning_rate(α)).`,
    range: site.range,
    data: payload(site, { chain: chain.map((c) => c.name) }),
    related: chain.filter((c) => c.role !== 'other').map((c) => ({ range: c.range, message: `${c.role}: ${c.name}` })),
  });
}

function positionalTrap(site: OptimizerSite, context: RuleContext): void {
  const trap = site.facts?.positionalTrap as { message: string; range: Range } | undefined;
  if (!trap) return;
  context.report({ message: trap.message, range: trap.range, data: payload(site) });
}

/** A λ that only makes sense in the paper's form (η_t·λ), given to an optimizer that multiplies it by α. */
function paperForm(site: OptimizerSite, context: RuleContext): void {
  const found = paperFormValue(site, runHorizon(site, context.config));
  if (!found) return;
  const { lr, weightDecay: wd } = found;
  const keyword = lookupApi(site.language, site.api)?.wdParam ?? 'weight_decay';
  const decay = lr * wd;
  const fix = convertFix(site, 'schedule-scaled', site.convention, lr, keyword, context.text);
  context.report({
    message:
      `λ = ${formatNumber(wd)} is far below the values used with ${site.api}, which decays by α·λ (its default is ${formatNumber(lookupApi(site.language, site.api)?.defaults.weightDecay ?? 0.01)}): ` +
      `it reads like a λ in the paper's form (decay η_t·λ per step, as Loshchilov & Hutter and composer's DecoupledAdamW write it). ` +
      `Here it is multiplied by α = ${formatNumber(lr)}: α·λ = ${formatNumber(decay)} per step (τ_iter = ${formatNumber(1 / decay)} steps), so decay is effectively off. ` +
      `If ${formatNumber(wd)} is the per-step decay you meant, the same decay here is λ = ${formatNumber(wd)}/α = ${formatNumber(wd / lr)}; if you meant no decay, write 0.`,
    range: site.weightDecay.range ?? site.range,
    data: payload(site, { decayPerStep: decay, tauIter: 1 / decay, convertedWeightDecay: wd / lr }),
    fixes: fix ? [fix] : [],
  });
}

/** At the site's one α, when its default λ does nothing over the run (τ_iter beyond 10× the run, as
 * decay-timescale judges "effectively off"): ": at α = …, α·λ = … per step, so decay is effectively off (…)".
 * Not for a fine-tune, where weak decay is no mistake. */
function defaultDecayEffect(site: OptimizerSite, wd: number, context: RuleContext): string {
  const lr = site.lr.value;
  if (lr === undefined || !(lr > 0) || site.sweep.lrs.length > 1 || site.facts?.fineTune) return '';
  const t = timescale(site.convention, lr, wd, site.stepsPerEpoch);
  const horizon = runHorizon(site, context.config);
  if (!t || !effectivelyOff(t.tauIter, horizon) || tooShortForDecay(horizon, context.config)) return '';
  const formula = perStepFormula(site.convention);
  const run = site.totalSteps !== undefined ? `the ${formatSteps(site.totalSteps)}-step training` : `a ${formatSteps(horizon)}-step horizon; the training length is unknown`;
  return `: at α = ${formatNumber(lr)}, ${formula} = ${formatNumber(t.decayPerStep)} per step, so decay is effectively off ` +
    `(τ_iter = ${formatSteps(t.tauIter)} steps, ${formatNumber(t.tauIter / horizon)}× ${run})`;
}

/** λ left to the library default: its value differs 100× between frameworks, so ported code changes silently. */
function implicitDefault(site: OptimizerSite, context: RuleContext): void {
  const wd = defaultWeightDecay(site);
  if (wd === undefined || site.facts?.positionalTrap) return;
  const entry = lookupApi(site.language, site.api)!;
  const edits = rewriteWeightDecay(site, formatLiteral(wd), entry.wdParam);
  context.report({
    message:
      `${entry.wdParam} is not set, so ${site.api}'s default λ = ${formatNumber(wd)} applies${defaultDecayEffect(site, wd, context)}. AdamW defaults differ by up to 100× ` +
      `(${ADAMW_DEFAULTS}): code ported between frameworks silently changes its regularisation. Write λ out.`,
    range: site.calleeRange,
    // Right on real code but rarely worth acting on (1 useful in 60 on public repositories): a hint,
    // and only where nothing else is said about the call.
    severity: 'hint',
    secondary: true,
    data: payload(site, { defaultWeightDecay: wd }),
    fixes: edits ? [{ kind: 'convert-convention', title: `Write out the default ${entry.wdParam}=${formatLiteral(wd)}`, edits }] : [],
  });
}

export const lambdaConvention: Rule = {
  meta: {
    name: 'lambda-convention',
    defaultSeverity: 'warning',
    description: 'λ is used in a way that its decay convention makes wrong (paper-form λ in a PyTorch-form optimizer, constant decay under a schedule, optax chain order, positional traps, framework defaults).',
    docsUrl: docsUrl('lambda-convention'),
    fixable: true,
  },
  create(context) {
    return {
      optimizer(site) {
        annotatedMismatch(site, context);
        constantUnderSchedule(site, context);
        chainOrder(site, context);
        positionalTrap(site, context);
        paperForm(site, context);
        implicitDefault(site, context);
      },
    };
  },
};
