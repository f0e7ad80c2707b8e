// Values the front ends' evaluators compute: numbers, strings, booleans, None/null, lists, tuples and
// dicts, plus `Unknown` for anything the engine cannot resolve (it never guesses a number).
// The numeric builtins (np.logspace & co.) live here so that Python and TS front ends share them.

export type Value =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: Value[] }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'dict'; entries: Map<string, Value> }
  | { kind: 'unknown'; why?: string };

export const UNKNOWN: Value = { kind: 'unknown' };
export const num = (value: number): Value => ({ kind: 'number', value });
export const list = (items: Value[]): Value => ({ kind: 'list', items });
export const tuple = (items: Value[]): Value => ({ kind: 'tuple', items });

/** Largest sequence the evaluator materialises (a bigger range or logspace becomes unknown). */
export const MAX_SEQUENCE = 10_000;

export function asNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'number') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

export function isSequence(v: Value): v is Extract<Value, { kind: 'list' | 'tuple' }> {
  return v.kind === 'list' || v.kind === 'tuple';
}

export function linspace(start: number, stop: number, count: number, endpoint = true): number[] | undefined {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SEQUENCE) return undefined;
  if (count === 1) return [start];
  const div = endpoint ? count - 1 : count;
  return Array.from({ length: count }, (_, i) => start + ((stop - start) * i) / div);
}

/** numpy.logspace: base ** linspace(start, stop, num). */
export function logspace(start: number, stop: number, count: number, base = 10, endpoint = true): number[] | undefined {
  return linspace(start, stop, count, endpoint)?.map((e) => power(base, e));
}

/** base ** e, exact for integer exponents of 10 (V8 gives 10 ** -4 = 0.00009999999999999999; numpy gives 1e-4). */
export function power(base: number, e: number): number {
  if (base === 10 && Number.isInteger(e) && Math.abs(e) < 300) return Number(`1e${e}`);
  return base ** e;
}

/** numpy.geomspace: endpoints given directly, log-spaced between them. */
export function geomspace(start: number, stop: number, count: number, endpoint = true): number[] | undefined {
  if (start <= 0 || stop <= 0) return undefined;
  const out = logspace(Math.log10(start), Math.log10(stop), count, 10, endpoint);
  if (out && out.length > 0) {
    out[0] = start;
    if (endpoint && out.length > 1) out[out.length - 1] = stop;
  }
  return out;
}

/** Python range / numpy.arange for integers and floats. */
export function arange(start: number, stop: number, step = 1): number[] | undefined {
  if (step === 0 || !Number.isFinite(start) || !Number.isFinite(stop)) return undefined;
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_SEQUENCE) return undefined;
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** itertools.product over already-materialised sequences. */
export function cartesian(seqs: Value[][]): Value[][] | undefined {
  let total = 1;
  for (const s of seqs) total *= s.length;
  if (total > MAX_SEQUENCE) return undefined;
  let out: Value[][] = [[]];
  for (const s of seqs) out = out.flatMap((prefix) => s.map((v) => [...prefix, v]));
  return out;
}
