// Shared by the results tests: temporary files the tests write, and Debian's python3-optuna to make real
// Optuna storages (CI installs it; the Optuna tests skip with a message only where it is missing).
import { after } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-results-'));
  dirs.push(dir);
  return dir;
}

export function writeTemp(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** A Python that imports optuna: `python3` on the PATH, else Debian's own (a pyenv shim may hide it). */
export function optunaPython(): string | undefined {
  for (const candidate of [process.env.ADAMW_LENS_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['-c', 'import optuna'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

export const OPTUNA_MISSING = 'python3 with optuna is missing (apt-get install python3-optuna; .ci/run installs it)';

/** Runs a Python script (with optuna importable) in `cwd`; throws with its stderr when it fails. */
export function runPython(python: string, script: string, cwd: string): void {
  const r = spawnSync(python, ['-c', script], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
}

/**
 * A synthetic validation loss with a known coupled valley: the best α·λ is 1e-4 (τ_iter = 10 000 steps)
 * at every α, and among those the best α is 1e-3. Python source, shared by the Optuna scripts.
 */
export const COUPLED_OBJECTIVE_PY = `
import math
def loss(lr, wd):
    return (math.log10(lr * wd) + 4) ** 2 + 0.1 * (math.log10(lr) + 3) ** 2 + 0.05
`;

/** The same objective in TypeScript, for tables the tests write. */
export const coupledLoss = (lr: number, wd: number): number => (Math.log10(lr * wd) + 4) ** 2 + 0.1 * (Math.log10(lr) + 3) ** 2 + 0.05;
/** A decoupled valley: the best λ is 0.01 whatever α; the best α is 1e-3. */
export const decoupledLoss = (lr: number, wd: number): number => (Math.log10(wd) + 2) ** 2 + 0.1 * (Math.log10(lr) + 3) ** 2 + 0.05;

export const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
export const WDS = [1e-3, 1e-2, 1e-1, 1, 10];
