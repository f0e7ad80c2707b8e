// Every rule of the engine, in documentation order.

import type { Rule } from './rule';
import { s1Sweep } from './s1-sweep';
import { decayTimescale } from './decay-timescale';
import { lambdaConvention } from './lambda-convention';
import { coupledL2 } from './coupled-l2';

export const RULES: readonly Rule[] = [s1Sweep, decayTimescale, lambdaConvention, coupledL2];

export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.meta.name === name);
}

export type { Rule };
