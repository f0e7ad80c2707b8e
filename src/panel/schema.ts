// A few composable checks for untrusted JSON (the messages between the extension and the webview).
// Each check returns the path of the first problem, or undefined when the value fits; no dependency,
// so the same code runs in the extension host and in the webview bundle.

export type Check = (value: unknown, path: string) => string | undefined;

const describe = (value: unknown): string =>
  Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'number' ? String(value) : typeof value;

export const isString = (maxLength = 10_000): Check => (value, path) =>
  typeof value === 'string' && value.length <= maxLength ? undefined : `${path}: expected a string of at most ${maxLength} characters, got ${describe(value)}`;

export const isBoolean: Check = (value, path) => (typeof value === 'boolean' ? undefined : `${path}: expected a boolean, got ${describe(value)}`);

export const isNumber = (options: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {}): Check => (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${path}: expected a finite number, got ${describe(value)}`;
  if (options.integer && !Number.isInteger(value)) return `${path}: expected an integer, got ${value}`;
  if (options.positive && !(value > 0)) return `${path}: expected a positive number, got ${value}`;
  if (options.min !== undefined && value < options.min) return `${path}: expected at least ${options.min}, got ${value}`;
  if (options.max !== undefined && value > options.max) return `${path}: expected at most ${options.max}, got ${value}`;
  return undefined;
};

export const isLiteral = (...allowed: readonly (string | number)[]): Check => (value, path) =>
  allowed.includes(value as string) ? undefined : `${path}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)?.slice(0, 40)}`;

export const isNull: Check = (value, path) => (value === null ? undefined : `${path}: expected null`);

export const oneOf = (...checks: Check[]): Check => (value, path) => {
  const problems = checks.map((check) => check(value, path));
  return problems.includes(undefined) ? undefined : problems[0];
};

export const isArray = (item: Check, maxLength: number, minLength = 0): Check => (value, path) => {
  if (!Array.isArray(value)) return `${path}: expected an array, got ${describe(value)}`;
  if (value.length > maxLength || value.length < minLength) {
    const expected = minLength === maxLength ? `exactly ${minLength}` : `${minLength} to ${maxLength}`;
    return `${path}: expected ${expected} items, got ${value.length}`;
  }
  for (let i = 0; i < value.length; i++) {
    const problem = item(value[i], `${path}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
};

/** An object with these keys (optional ones may be absent or undefined) and no others. */
export const isObject = (required: Record<string, Check>, optional: Record<string, Check> = {}): Check => (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object, got ${describe(value)}`;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // Own keys only: `key in` would accept `toString`, `constructor` or `__proto__`, which every object inherits.
    if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return `${path}: unexpected key '${key.slice(0, 40)}'`;
  }
  for (const [key, check] of Object.entries(required)) {
    const problem = check(record[key], `${path}.${key}`);
    if (problem) return problem;
  }
  for (const [key, check] of Object.entries(optional)) {
    if (record[key] === undefined) continue;
    const problem = check(record[key], `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
};

/** An object whose keys all belong to `keys`, each value checked by `item`. */
export const isRecordOf = (keys: readonly string[], item: Check): Check => (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object, got ${describe(value)}`;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!keys.includes(key)) return `${path}: unexpected key '${key.slice(0, 40)}'`;
    const problem = item(entry, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
};

/** Checks that depend on the value's `type` field. */
export const byType = (variants: Record<string, Check>): Check => (value, path) => {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(variants, type)) {
    return `${path}: unknown message type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'}`;
  }
  return variants[type](value, path);
};
