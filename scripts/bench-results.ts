// `npm run bench:results`: how long `adamw-lens results` takes to read and analyse a 10 000-run sweep,
// as CSV (a W&B-style export), JSON Lines (nested configs) and an Optuna SQLite storage. Prints medians of
// several repetitions; asserts nothing (these machines are noisy). The Optuna storage gets its schema
// from python3-optuna (one real trial), then 10 000 trials inserted in that schema with Python's sqlite3
// (Optuna itself writes tens of trials per second); without python3-optuna that part is skipped.
// Usage: npm run bench:results [-- RUNS]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeRuns, readResultsFile } from '../src/engine/results/index';

const RUNS = Number(process.argv[2] ?? 10_000);
const REPEATS = 7;
const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-bench-results-'));

/** A random search over a coupled valley (best α·λ = 1e-4), deterministic. */
function* runs(): Generator<{ lr: number; wd: number; loss: number; i: number }> {
  let s = 12345;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < RUNS; i++) {
    const lr = 10 ** (-5 + 4 * next());
    const wd = 10 ** (-4 + 5 * next());
    yield { lr, wd, loss: (Math.log10(lr * wd) + 4) ** 2 + 0.1 * (Math.log10(lr) + 3) ** 2 + 0.05 * next(), i };
  }
}

function writeCsv(): string {
  const file = path.join(dir, 'wandb-export.csv');
  const lines = ['Name,State,Notes,User,Tags,Created,Runtime,Sweep,batch_size,epochs,lr,weight_decay,train/loss,val_loss'];
  for (const r of runs()) lines.push(`run-${r.i},finished,-,me,"a,b",2024-01-01T00:00:00Z,${100 + r.i % 50},sw1,64,10,${r.lr},${r.wd},${r.loss * 1.1},${r.loss}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function writeJsonl(): string {
  const file = path.join(dir, 'runs.jsonl');
  const lines: string[] = [];
  for (const r of runs()) {
    lines.push(JSON.stringify({ id: `run-${r.i}`, config: { optimizer: { lr: r.lr, weight_decay: r.wd, betas: [0.9, 0.999] }, batch_size: 64 },
      summary: { 'val/loss': r.loss, 'train/loss': r.loss * 1.1, epoch: 10 } }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const OPTUNA_SCRIPT = `
import json, math, random, sqlite3, sys, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
path, n = sys.argv[1], int(sys.argv[2])
study = optuna.create_study(study_name="bench", storage=f"sqlite:///{path}")
study.optimize(lambda t: t.suggest_float("lr", 1e-5, 1e-1, log=True) + t.suggest_float("weight_decay", 1e-4, 10, log=True), n_trials=1)
db = sqlite3.connect(path)
sid = db.execute("SELECT study_id FROM studies").fetchone()[0]
lr_d = json.dumps({"name": "FloatDistribution", "attributes": {"step": None, "low": 1e-5, "high": 0.1, "log": True}})
wd_d = json.dumps({"name": "FloatDistribution", "attributes": {"step": None, "low": 1e-4, "high": 10, "log": True}})
rng = random.Random(1)
for number in range(1, n):
    lr, wd = 10 ** rng.uniform(-5, -1), 10 ** rng.uniform(-4, 1)
    tid = db.execute("INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, 'COMPLETE', '2024-01-01', '2024-01-01')", (number, sid)).lastrowid
    db.execute("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, 'lr', ?, ?)", (tid, lr, lr_d))
    db.execute("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, 'weight_decay', ?, ?)", (tid, wd, wd_d))
    db.execute("INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, 'FINITE')", (tid, (math.log10(lr * wd) + 4) ** 2 + 0.1 * (math.log10(lr) + 3) ** 2))
db.commit()
`;

function writeOptuna(): string | undefined {
  const file = path.join(dir, 'optuna.db');
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', OPTUNA_SCRIPT, file, String(RUNS)], { encoding: 'utf8' });
    if (r.status === 0) return file;
  }
  console.log('optuna: skipped (python3-optuna is missing)');
  return undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(label: string, file: string | undefined): Promise<void> {
  if (!file) return;
  const read: number[] = [];
  const analyse: number[] = [];
  let count = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const { table } = await readResultsFile(file);
    const t1 = performance.now();
    const analysis = analyzeRuns(table);
    analyse.push(performance.now() - t1);
    read.push(t1 - t0);
    count = analysis.runs;
  }
  const mb = (statSync(file).size / 1024 / 1024).toFixed(1);
  console.log(`${label.padEnd(8)} ${count} runs, ${mb} MB: read ${median(read).toFixed(0)} ms, analyse ${median(analyse).toFixed(0)} ms ` +
    `(median of ${REPEATS}; first read ${read[0].toFixed(0)} ms)`);
}

async function main(): Promise<void> {
  try {
    await bench('csv', writeCsv());
    await bench('jsonl', writeJsonl());
    await bench('optuna', writeOptuna());
    const memory = process.memoryUsage();
    console.log(`heap used ${(memory.heapUsed / 1024 / 1024).toFixed(0)} MB, rss ${(memory.rss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
