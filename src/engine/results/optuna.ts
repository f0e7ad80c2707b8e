// An Optuna study stored in SQLite (`optuna.db`, `*.sqlite3`), read straight from Optuna's storage schema
// (studies, study_directions, trials, trial_params, trial_values, the user attributes), without Python.
// Only COMPLETE trials count. α and λ are trial parameters, or trial user attributes (an S2 study that
// suggests α and sets λ = c/α), or a study user attribute (λ fixed for the whole study: an S1 sweep).
import { directionFromName, findLrColumn, findWeightDecayColumn, normalizeName } from './columns';
import { isSqlite, loadSqlite, type Database } from './sqlite';
import { RESULT_LIMITS, ResultsError, type Direction, type ReadOptions, type Run, type RunTable } from './types';
import { groupThousands } from '../format';

const REQUIRED_TABLES = ['studies', 'trials', 'trial_params', 'trial_values'];

type Row = Record<string, unknown>;

function rows(db: Database, sql: string, params: (string | number)[] = []): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const names = statement.getColumnNames();
    const out: Row[] = [];
    // get() and the column names once are much faster than getAsObject() per row (10 000 trials).
    while (statement.step()) {
      const values = statement.get();
      const row: Row = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
      out.push(row);
    }
    return out;
  } finally {
    statement.free();
  }
}

function columnsOf(db: Database, table: string): Set<string> {
  return new Set(rows(db, `PRAGMA table_info(${table})`).map((r) => String(r.name)));
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A parameter's value as the user wrote it: categorical parameters are stored as the index of the choice. */
function paramValue(stored: unknown, distributionJson: unknown): unknown {
  const distribution = parseJson(distributionJson) as { name?: string; attributes?: { choices?: unknown[] } } | undefined;
  if (distribution?.name === 'CategoricalDistribution' && Array.isArray(distribution.attributes?.choices) && typeof stored === 'number') {
    return distribution.attributes.choices[stored];
  }
  return stored;
}

const toNumber = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;

interface Source {
  kind: 'param' | 'trial attribute' | 'study attribute';
  name: string;
}

interface Study {
  id: number;
  name: string;
}

function pickStudy(db: Database, wanted: string | undefined): Study {
  const studies = rows(db, 'SELECT study_id, study_name FROM studies ORDER BY study_id').map((r) => ({ id: Number(r.study_id), name: String(r.study_name) }));
  if (studies.length === 0) throw new ResultsError('the Optuna storage holds no study');
  const names = studies.map((s) => `'${s.name}'`).join(', ');
  if (wanted !== undefined) {
    const study = studies.find((s) => s.name === wanted);
    if (!study) throw new ResultsError(`no study named '${wanted}' (--study); the studies are ${names}`);
    return study;
  }
  if (studies.length > 1) throw new ResultsError(`${studies.length} studies in this storage (${names}): choose one with --study NAME`);
  return studies[0];
}

/** Which objective is the metric, its name and its direction. */
function pickObjective(db: Database, study: Study, options: ReadOptions, notes: string[]): { objective: number; metric: string; direction: Direction } {
  const directions = new Map<number, string>();
  if (columnsOf(db, 'study_directions').size > 0) {
    for (const r of rows(db, 'SELECT objective, direction FROM study_directions WHERE study_id = ?', [study.id])) directions.set(Number(r.objective), String(r.direction));
  }
  const count = Math.max(1, directions.size);
  // Optuna ≥ 3.2 keeps study.set_metric_names() in a system attribute.
  let names: string[] = [];
  if (columnsOf(db, 'study_system_attributes').size > 0) {
    const stored = rows(db, "SELECT value_json FROM study_system_attributes WHERE study_id = ? AND key = 'study:metric_names'", [study.id])[0];
    const parsed = parseJson(stored?.value_json);
    if (Array.isArray(parsed) && parsed.every((n) => typeof n === 'string')) names = parsed;
  }
  const nameOf = (objective: number) => names[objective] ?? (count === 1 ? 'value' : `values_${objective}`);
  let objective = 0;
  if (options.metric !== undefined) {
    const wanted = normalizeName(options.metric);
    const found = Array.from({ length: count }, (_, i) => i).find((i) => normalizeName(nameOf(i)) === wanted || wanted === String(i)
      || (i === 0 && wanted === 'value'));
    if (found === undefined) {
      const known = Array.from({ length: count }, (_, i) => `'${nameOf(i)}'`).join(', ');
      throw new ResultsError(`no objective named '${options.metric}' (--metric) in study '${study.name}'; its objectives are ${known}`);
    }
    objective = found;
  } else if (count > 1) {
    notes.push(`study '${study.name}' has ${count} objectives; read the first, '${nameOf(0)}' (choose another with --metric)`);
  }
  const metric = nameOf(objective);
  const stored = directions.get(objective);
  const direction: Direction = options.maximize ? 'maximize'
    : stored === 'MAXIMIZE' ? 'maximize' : stored === 'MINIMIZE' ? 'minimize' : directionFromName(metric) ?? 'minimize';
  return { objective, metric, direction };
}

/** α or λ: a trial parameter first, then a trial user attribute, then a study user attribute. */
function findSource(db: Database, study: Study, find: typeof findLrColumn): Source | undefined {
  const params = rows(db, 'SELECT DISTINCT p.param_name AS name FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ?', [study.id])
    .map((r) => String(r.name));
  const byParam = find(params);
  if (byParam) return { kind: 'param', name: params[byParam.index] };
  if (columnsOf(db, 'trial_user_attributes').size > 0) {
    const attributes = rows(db, 'SELECT DISTINCT a."key" AS name FROM trial_user_attributes a JOIN trials t ON t.trial_id = a.trial_id WHERE t.study_id = ?', [study.id])
      .map((r) => String(r.name));
    const byAttribute = find(attributes);
    if (byAttribute) return { kind: 'trial attribute', name: attributes[byAttribute.index] };
  }
  if (columnsOf(db, 'study_user_attributes').size > 0) {
    const attributes = rows(db, 'SELECT "key" AS name FROM study_user_attributes WHERE study_id = ?', [study.id]).map((r) => String(r.name));
    const byStudy = find(attributes);
    if (byStudy) return { kind: 'study attribute', name: attributes[byStudy.index] };
  }
  return undefined;
}

/** The source's value for every trial of the study (one value for all trials when it is a study attribute). */
function valuesOf(db: Database, study: Study, source: Source): (trialId: number) => unknown {
  if (source.kind === 'study attribute') {
    const stored = rows(db, 'SELECT value_json FROM study_user_attributes WHERE study_id = ?  AND "key" = ?', [study.id, source.name])[0];
    const value = parseJson(stored?.value_json);
    return () => value;
  }
  const values = new Map<number, unknown>();
  const sql = source.kind === 'param'
    ? 'SELECT p.trial_id AS id, p.param_value AS value, p.distribution_json AS distribution FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ? AND p.param_name = ?'
    : 'SELECT a.trial_id AS id, a.value_json AS value FROM trial_user_attributes a JOIN trials t ON t.trial_id = a.trial_id WHERE t.study_id = ? AND a."key" = ?';
  for (const r of rows(db, sql, [study.id, source.name])) {
    values.set(Number(r.id), source.kind === 'param' ? paramValue(r.value, r.distribution) : parseJson(r.value));
  }
  return (trialId) => values.get(trialId);
}

const describeSource = (source: Source) => (source.kind === 'param' ? source.name : `${source.name} (${source.kind})`);

export async function readOptuna(bytes: Uint8Array, options: ReadOptions = {}, wasmDir?: string): Promise<RunTable> {
  if (!isSqlite(bytes)) throw new ResultsError('not a SQLite database');
  if (bytes.length > RESULT_LIMITS.sqliteBytes) throw new ResultsError(`the database is larger than ${RESULT_LIMITS.sqliteBytes / 1024 / 1024} MiB`);
  const SQL = await loadSqlite(wasmDir);
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (error) {
    throw new ResultsError(`cannot open the SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return readStudy(db, options);
  } catch (error) {
    if (error instanceof ResultsError) throw error;
    // A damaged or foreign database: sql.js throws plain Errors ("file is not a database", "no such column").
    throw new ResultsError(`cannot read the Optuna storage: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}

function readStudy(db: Database, options: ReadOptions): RunTable {
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name)));
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new ResultsError(`not an Optuna storage (no table ${missing.map((t) => `'${t}'`).join(', ')})`);
  const study = pickStudy(db, options.study);
  const notes: string[] = [];
  const { objective, metric, direction } = pickObjective(db, study, options, notes);
  const lr = findSource(db, study, findLrColumn);
  const wd = findSource(db, study, findWeightDecayColumn);
  if (!lr) throw new ResultsError(`study '${study.name}' has no learning-rate parameter or user attribute (lr, learning_rate…)`);
  if (!wd) {
    throw new ResultsError(`study '${study.name}' has no weight-decay parameter or user attribute (weight_decay, wd…); ` +
      'for a fixed λ, record it with study.set_user_attr("weight_decay", λ)');
  }
  if (wd.kind === 'study attribute') notes.push(`λ = study attribute '${wd.name}', the same for every trial`);
  const lrOf = valuesOf(db, study, lr);
  const wdOf = valuesOf(db, study, wd);
  const hasValueType = columnsOf(db, 'trial_values').has('value_type');
  const values = new Map<number, number>();
  const valueSql = `SELECT v.trial_id AS id, v.value AS value${hasValueType ? ', v.value_type AS type' : ''} FROM trial_values v JOIN trials t ON t.trial_id = v.trial_id WHERE t.study_id = ? AND v.objective = ?`;
  for (const r of rows(db, valueSql, [study.id, objective])) {
    const type = r.type;
    values.set(Number(r.id), type === 'INF_POS' ? Infinity : type === 'INF_NEG' ? -Infinity : toNumber(r.value));
  }
  const states = new Map<string, number>();
  const runs: Run[] = [];
  const failed: Array<{ lr: number; weightDecay: number }> = [];
  let seen = 0;
  let badValue = 0;
  let badParams = 0;
  for (const r of rows(db, 'SELECT trial_id AS id, state FROM trials WHERE study_id = ? ORDER BY number', [study.id])) {
    seen++;
    const state = String(r.state);
    const id = Number(r.id);
    const trialLr = toNumber(lrOf(id));
    const trialWd = toNumber(wdOf(id));
    const validParams = trialLr > 0 && Number.isFinite(trialLr) && trialWd > 0 && Number.isFinite(trialWd);
    // Optuna fails a trial whose objective returns NaN or raises: at its α and λ the training did not end well.
    const fail = () => { if (validParams && failed.length < RESULT_LIMITS.runs) failed.push({ lr: trialLr, weightDecay: trialWd }); };
    if (state !== 'COMPLETE') {
      states.set(state, (states.get(state) ?? 0) + 1);
      if (state === 'FAIL') fail();
      continue;
    }
    const value = values.get(id) ?? NaN;
    if (!validParams) { badParams++; continue; }
    if (!Number.isFinite(value)) { badValue++; fail(); continue; }
    if (runs.length >= RESULT_LIMITS.runs) throw new ResultsError(`more than ${groupThousands(RESULT_LIMITS.runs)} trials`);
    runs.push({ lr: trialLr, weightDecay: trialWd, value });
  }
  const trials = (n: number) => `${n} trial${n === 1 ? '' : 's'}`;
  if (states.size) notes.push(`${trials([...states.values()].reduce((a, b) => a + b, 0))} not COMPLETE (${[...states].map(([s, n]) => `${n} ${s}`).join(', ')}) left out`);
  if (badValue) notes.push(`${trials(badValue)} with a missing or non-finite ${metric} left out`);
  if (badParams) notes.push(`${trials(badParams)} without a positive ${lr.name} and ${wd.name} left out`);
  return {
    runs, metric, direction, lrSource: describeSource(lr), weightDecaySource: describeSource(wd), seen,
    notes: [`study '${study.name}'`, ...notes], ...(failed.length ? { failed } : {}),
  };
}
