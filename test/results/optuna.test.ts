// The Optuna reader on real storages that Debian's python3-optuna writes during the test run: an S1 study
// (λ fixed, recorded as a study attribute), an S2 study (λ = 1e-4/α, a trial attribute), a grid study over
// (α, λ) as trial parameters, a multi-study storage, pruned and failed trials — all over the known valley
// of helpers.ts (best α·λ = 1e-4, best α = 1e-3).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeRuns } from '../../src/engine/results/analysis';
import { readResultsFile } from '../../src/engine/results/load';
import { readOptuna } from '../../src/engine/results/optuna';
import { loadSqlite } from '../../src/engine/results/sqlite';
import { ResultsError } from '../../src/engine/results/types';
import { COUPLED_OBJECTIVE_PY, optunaPython, OPTUNA_MISSING, runPython, tempDir, writeTemp } from './helpers';

const python = optunaPython();
if (!python) console.log(`# skipping the Optuna storage tests: ${OPTUNA_MISSING}`);

const PREAMBLE = `
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
${COUPLED_OBJECTIVE_PY}
LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
WDS = [1e-3, 1e-2, 1e-1, 1.0, 10.0]
`;

const SCRIPT = `${PREAMBLE}
storage = "sqlite:///studies.db"
s1 = optuna.create_study(study_name="s1", storage=storage, direction="minimize", sampler=optuna.samplers.GridSampler({"lr": LRS}))
s1.set_user_attr("weight_decay", 0.1)
s1.optimize(lambda t: loss(t.suggest_float("lr", 1e-4, 1e-2, log=True), 0.1), n_trials=len(LRS))

def s2_objective(t):
    lr = t.suggest_categorical("lr", LRS)
    wd = 1e-4 / lr
    t.set_user_attr("weight_decay", wd)
    return loss(lr, wd)
s2 = optuna.create_study(study_name="s2", storage=storage, direction="minimize", sampler=optuna.samplers.GridSampler({"lr": LRS}))
s2.optimize(s2_objective, n_trials=len(LRS))

grid = optuna.create_study(study_name="grid", storage=storage, sampler=optuna.samplers.GridSampler({"learning_rate": LRS, "weight_decay": WDS}))
grid.optimize(lambda t: loss(t.suggest_float("learning_rate", 1e-4, 1e-2, log=True), t.suggest_float("weight_decay", 1e-3, 10, log=True)), n_trials=25)

# Accuracy-like objective maximised, with pruned and failed trials and one infinite value.
acc = optuna.create_study(study_name="acc", storage=storage, direction="maximize")
def acc_objective(t):
    lr = t.suggest_categorical("lr", [1e-3, 1e-2])
    wd = t.suggest_float("wd", 0.01, 0.1, log=True)
    if t.number == 2:
        raise optuna.TrialPruned()
    if t.number == 3:
        raise RuntimeError("diverged")
    if t.number == 4:
        return float("inf")
    return 1 - loss(lr, wd) / 100
acc.optimize(acc_objective, n_trials=8, catch=(RuntimeError,))
`;

const ONE_STUDY = `
study = optuna.create_study(study_name="only", storage="sqlite:///one.sqlite3", sampler=optuna.samplers.RandomSampler(seed=1))
study.optimize(lambda t: loss(t.suggest_float("lr", 1e-5, 1e-1, log=True), t.suggest_float("weight_decay", 1e-4, 10, log=True)), n_trials=60)
`;

describe('Optuna SQLite storage', { skip: python ? false : OPTUNA_MISSING }, () => {
  let studies = '';
  let single = '';
  before(() => {
    const dir = tempDir();
    // One Python process: Optuna's import and its SQLite storage are slow (tens of ms per trial).
    runPython(python!, SCRIPT + ONE_STUDY, dir);
    studies = path.join(dir, 'studies.db');
    single = path.join(dir, 'one.sqlite3');
  });

  const read = async (study: string, options = {}) => (await readResultsFile(studies, { study, ...options })).table;

  it('reads an S1 study whose λ is a study attribute: S1, best at α = 1e-3, no coupling', async () => {
    const table = await read('s1');
    assert.equal(table.runs.length, 5);
    assert.equal(table.weightDecaySource, 'weight_decay (study attribute)');
    assert.ok(table.notes.includes("λ = study attribute 'weight_decay', the same for every trial"));
    const analysis = analyzeRuns(table);
    assert.equal(analysis.design, 'S1');
    assert.deepEqual([analysis.best.lr, analysis.best.weightDecay], [1e-3, 0.1]);
    assert.equal(analysis.best.tauIter, 1 / (1e-3 * 0.1));
    assert.deepEqual(analysis.edges, []);
    assert.equal(analysis.coupling, null);
  });

  it('reads an S2 study whose λ is a trial attribute: S2, α·λ = 1e-4, best inside', async () => {
    const analysis = analyzeRuns(await read('s2'));
    assert.equal(analysis.design, 'S2');
    assert.equal(analysis.best.lr, 1e-3);
    assert.ok(Math.abs(analysis.best.lr * analysis.best.weightDecay - 1e-4) < 1e-12);
    assert.deepEqual(analysis.edges, []);
    assert.equal(analysis.coupling, null);
    assert.ok(Math.abs(analysis.suggestionProduct - 1e-4) < 1e-12);
  });

  it('reads a grid study over two parameters: the coupled valley gives a slope near −1', async () => {
    const table = await read('grid');
    assert.equal(table.lrSource, 'learning_rate');
    const analysis = analyzeRuns(table);
    assert.equal(analysis.design, 'grid');
    assert.deepEqual([analysis.best.lr, analysis.best.weightDecay], [1e-3, 0.1]);
    assert.ok(analysis.coupling);
    assert.ok(Math.abs(analysis.coupling.slope + 1) < 0.1, `slope ${analysis.coupling.slope}`);
    assert.equal(analysis.coupling.points.length, 5);
  });

  it('keeps COMPLETE trials only, decodes categorical values, follows the study direction', async () => {
    const table = await read('acc');
    assert.equal(table.direction, 'maximize');
    assert.equal(table.seen, 8);
    assert.equal(table.runs.length, 5);
    for (const run of table.runs) assert.ok([1e-3, 1e-2].includes(run.lr), `categorical lr decoded: ${run.lr}`);
    assert.ok(table.notes.includes('2 trials not COMPLETE (1 PRUNED, 1 FAIL) left out'), table.notes.join('\n'));
    assert.ok(table.notes.includes('1 trial with a missing or non-finite value left out'), table.notes.join('\n'));
    // The FAILed trial and the infinite value are where training ended badly; the pruned one is not.
    assert.equal(table.failed?.length, 2);
    for (const run of table.failed ?? []) assert.ok([1e-3, 1e-2].includes(run.lr) && run.weightDecay >= 0.01 && run.weightDecay <= 0.1, JSON.stringify(run));
    assert.equal((await read('acc', { maximize: false })).direction, 'maximize');
  });

  it('asks for --study when there are several, and lists them when the name is wrong', async () => {
    await assert.rejects(readResultsFile(studies), (e: Error) => e instanceof ResultsError && e.message === "4 studies in this storage ('s1', 's2', 'grid', 'acc'): choose one with --study NAME");
    await assert.rejects(read('nope'), /no study named 'nope' \(--study\); the studies are 's1', 's2', 'grid', 'acc'/);
    await assert.rejects(read('s1', { metric: 'bleu' }), /no objective named 'bleu' \(--metric\) in study 's1'; its objectives are 'value'/);
  });

  it('reads the only study of a .sqlite3 file, a random search: random design, slope measured in bins', async () => {
    const { table, format } = await readResultsFile(single);
    assert.equal(format, 'optuna');
    assert.equal(table.runs.length, 60);
    const analysis = analyzeRuns(table);
    assert.equal(analysis.design, 'random');
    assert.ok(analysis.coupling && analysis.coupling.slope < -0.6, `slope ${analysis.coupling?.slope}`);
    assert.ok(Math.abs(Math.log10(analysis.best.lr * analysis.best.weightDecay) + 4) < 0.5, 'best α·λ near 1e-4');
  });

  it('never writes the database', async () => {
    const before = readFileSync(studies);
    const mtime = statSync(studies).mtimeMs;
    await read('grid');
    assert.deepEqual(readFileSync(studies), before);
    assert.equal(statSync(studies).mtimeMs, mtime);
  });
});

describe('Optuna reader refusals (no Python needed)', () => {
  it('refuses a .db that is not SQLite, and a SQLite file that is not an Optuna storage', async () => {
    await assert.rejects(readResultsFile(writeTemp('optuna.db', 'lr,wd,loss\n')), /not a SQLite database/);
    await assert.rejects(readOptuna(new TextEncoder().encode('SQLite format 3\0 but nothing else')), ResultsError);
    const SQL = await loadSqlite();
    const db = new SQL.Database();
    db.run('CREATE TABLE runs (lr REAL, wd REAL, loss REAL); INSERT INTO runs VALUES (0.001, 0.1, 0.5);');
    const bytes = db.export();
    db.close();
    await assert.rejects(readOptuna(bytes), /not an Optuna storage \(no table 'studies', 'trials', 'trial_params', 'trial_values'\)/);
  });
});
