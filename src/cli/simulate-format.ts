// Output of `adamw-lens simulate`: JSON (the shape), CSV (one row per cell) or a text heatmap.
import { bestIndex } from '../simulation/host';
import type { SimResult, Variant } from '../simulation/types';

export type OutputFormat = 'json' | 'csv' | 'text';

/** The configuration as printed: inline data is summarised (its size), never echoed. */
function printableConfig(result: SimResult, dataFile: string | undefined): unknown {
  const { data, ...rest } = result.config;
  if (data.kind === 'synthetic') return result.config;
  return { ...rest, data: { kind: 'inline', file: dataFile, n: data.A.length, nVal: data.A_val.length, d: data.A[0]?.length ?? 0 } };
}

/** NaN (no finite run) becomes null in JSON. */
const finiteOrNull = (rows: number[][] | undefined) => rows?.map((row) => row.map((x) => (Number.isFinite(x) ? x : null)));

export function resultToJson(result: SimResult, dataFile?: string): Record<string, unknown> {
  const variants = result.config.variants;
  const out: Record<string, unknown> = {
    config: printableConfig(result, dataFile),
    lrs: result.lrs,
    weightDecays: result.weightDecays,
    loss: Object.fromEntries(variants.map((v) => [v, finiteOrNull(result.loss[v])])),
    diverged: result.diverged,
    seconds: Number(result.seconds.toFixed(3)),
  };
  if (result.weights) out.weights = result.weights;
  return out;
}

export { bestIndex };

function formatText(result: SimResult): string {
  const lines: string[] = [];
  const fmt = (x: number) => x.toExponential(1);
  for (const v of result.config.variants as Variant[]) {
    const wds = result.weightDecays[v] ?? [];
    lines.push(`${v}: final validation loss, mean over ${result.seedsDone} seed(s); rows α, columns λ; * best λ of the row, ! diverged`);
    lines.push(['α \\ λ'.padStart(8), ...wds.map((w) => fmt(w).padStart(9))].join(' '));
    result.lrs.forEach((lr, i) => {
      const row = result.loss[v]![i];
      const div = result.diverged[v]![i];
      const best = bestIndex(row, div);
      const cells = row.map((x, j) => {
        const text = Number.isFinite(x) ? (x < 1e4 ? x.toPrecision(4) : x.toExponential(2)) : '—';
        return `${text}${div[j] ? '!' : j === best ? '*' : ' '}`.padStart(9);
      });
      lines.push([fmt(lr).padStart(8), ...cells].join(' '));
    });
    lines.push('');
  }
  if (result.weights) {
    for (const [v, w] of Object.entries(result.weights)) lines.push(`${v} final weights: ${w.map((x) => x.toPrecision(6)).join(' ')}`);
  }
  lines.push(`${result.seconds.toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

function formatCsv(result: SimResult): string {
  const lines = ['variant,lr,weight_decay,val_loss,diverged'];
  for (const v of result.config.variants) {
    result.lrs.forEach((lr, i) => (result.weightDecays[v] ?? []).forEach((wd, j) => {
      const loss = result.loss[v]![i][j];
      lines.push(`${v},${lr},${wd},${Number.isFinite(loss) ? loss : ''},${result.diverged[v]![i][j]}`);
    }));
  }
  return `${lines.join('\n')}\n`;
}

export function formatResult(result: SimResult, format: OutputFormat, dataFile?: string): string {
  if (format === 'json') return `${JSON.stringify(resultToJson(result, dataFile), null, 2)}\n`;
  if (format === 'csv') return formatCsv(result);
  return formatText(result);
}
