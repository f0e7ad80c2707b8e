// coupled-l2: `weight_decay` of Adam-type optimizers (Adam, NAdam, RAdam, Adamax, RMSprop) is added to the
// gradient and then divided by Adam's preconditioner √v̂: L2 regularisation, not AdamW's decoupled
// decay (seed 001). Weights with large gradients are barely regularised, and the λ that works differs.

import type { Rule } from './rule';
import { docsUrl } from './rule';
import { formatNumber } from '../engine/format';
import { lineText } from '../engine/lines';
import type { Fix, OptimizerSite } from '../engine/types';

/** Adaptive optimizers whose preconditioner rescales an L2 term (plain SGD's L2 equals decoupled decay). */
const PRECONDITIONED = /(^|\.)(Adam|NAdam|RAdam|Adamax|RMSprop|Adagrad)$/;

/** A catalogued Adam-type class, or a factory whose named optimizer (timm `opt='adam'`) is preconditioned; never SGD. */
function preconditioned(site: OptimizerSite): boolean {
  return typeof site.facts?.preconditioned === 'boolean' ? site.facts.preconditioned : PRECONDITIONED.test(site.api);
}

function switchFix(site: OptimizerSite, text: string): Fix | undefined {
  const { start, end } = site.calleeRange;
  if (start.line !== end.line) return undefined;
  const callee = lineText(text, start.line).slice(start.column, end.column);
  if (site.api === 'torch.optim.Adam' && /(^|\.)Adam$/.test(callee)) {
    return {
      kind: 'convert-convention',
      title: 'Use torch.optim.AdamW (decoupled decay α·λ); re-tune λ',
      edits: [{ range: { start: { line: end.line, column: end.column }, end: { line: end.line, column: end.column } }, newText: 'W' }],
      unsafeReason: 'changes the regularisation: the same λ means something else under AdamW and must be re-tuned (AdamW is usually run with λ around 1e-2 … 1e-1)',
    };
  }
  return undefined;
}

export const coupledL2: Rule = {
  meta: {
    name: 'coupled-l2',
    defaultSeverity: 'warning',
    description: "weight_decay on an Adam-type optimizer is L2 through the preconditioner, not AdamW's decoupled decay.",
    docsUrl: docsUrl('coupled-l2'),
    fixable: true,
  },
  create(context) {
    return {
      optimizer(site) {
        if (site.convention !== 'coupled-l2' || !preconditioned(site)) return;
        const values = (site.sweep.weightDecays.length ? site.sweep.weightDecays : site.weightDecay.value !== undefined ? [site.weightDecay.value] : []).filter((v) => v > 0);
        if (values.length === 0) return;
        const wd = Math.max(...values);
        const shown = values.length > 1 ? `λ = ${formatNumber(values[0])} … ${formatNumber(wd)}` : `λ = ${formatNumber(wd)}`;
        const fix = switchFix(site, context.text);
        context.report({
          message:
            `${site.api} adds λ·w (${shown}) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. ` +
            'Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). ' +
            'For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.',
          range: site.range,
          data: { api: site.api, convention: site.convention, lr: site.lr.value, weightDecay: wd, sweep: site.sweep },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
};
