// Number formatting for messages and fixes: short, exact enough to act on, and valid as source code.

/** A compact human form: 3 significant digits, scientific notation outside [1e-3, 1e4). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e4) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(2).split('e');
  const m = String(Number(mantissa));
  return `${m}e${Number(exponent)}`;
}

/** A literal that parses in Python and TS/JS and round-trips to 6 significant digits. */
export function formatLiteral(x: number): string {
  if (x === 0) return '0.0';
  const abs = Math.abs(x);
  let text: string;
  if (abs >= 1e-3 && abs < 1e6) text = String(Number(x.toPrecision(6)));
  else {
    const [mantissa, exponent] = x.toExponential(5).split('e');
    text = `${Number(mantissa)}e${Number(exponent)}`;
  }
  // Keep it a float literal in Python (`2` would become an int; harmless but less clear).
  if (/^-?\d+$/.test(text)) text += '.0';
  return text;
}

/** An integer with a comma between thousands: 12,345. By hand, not `toLocaleString('en-US')`, whose first
 * call loads ICU's locale data: ≈ 22 ms of a one-file check that reports a timescale. */
export function groupThousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Steps as a readable count: 12,345 steps or 1.2e7 steps. */
export function formatSteps(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (x < 1e6) return groupThousands(x);
  return formatNumber(x);
}
