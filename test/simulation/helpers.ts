// Shared by the simulator tests: the golden fixture and the compiled kernel (built by scripts/build.mjs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { instantiateKernel, type KernelExports } from '../../src/simulation/lockstep';
import { locateKernel } from '../../src/simulation/node-files';
import type { Variant } from '../../src/simulation/types';

export interface GoldenCase {
  variant: Variant;
  schedule: 'constant' | 'sqrt';
  lr: number;
  weight_decay: number;
  w_final: number[];
  val_loss: number;
  train_loss_per_step: number[];
}

export interface Golden {
  n: number;
  d: number;
  batch_size: number;
  epochs: number;
  A: number[][];
  b: number[];
  A_val: number[][];
  b_val: number[];
  order: number[][];
  cases: GoldenCase[];
}

export const repoRoot = path.resolve(__dirname, '../..');
/** PyTorch's own results on a small ridge problem; test/fixtures/README.md says how it is made. */
export const GOLDEN_PATH = path.join(repoRoot, 'test', 'fixtures', 'adamw-golden.json');
export const golden: Golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8'));

export function loadKernel(): Promise<KernelExports> {
  return instantiateKernel(readFileSync(locateKernel()));
}

