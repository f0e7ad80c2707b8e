// `npm run corpus -- DIR… [--json FILE]`: checks folders of real code (one repository each) exactly as
// `adamw-lens check DIR` does, and prints per repository: files, lines, seconds, findings by rule and
// severity, internal errors; then the totals. `--json FILE` writes every finding (1-based ranges, paths
// relative to the folder above the repositories, as the baseline files of docs/real-code.md) for auditing.
// It measures; it asserts nothing. Exit code 0, or 2 on usage errors.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkPaths } from '../src/cli/check';
import { findPyproject, loadConfig } from '../src/cli/project-config';
import { formatJson } from '../src/cli/formats';
import type { Severity } from '../src/engine';
import { isInternalError, RULES } from '../src/engine';

const USAGE = 'usage: npm run corpus -- DIR… [--json FILE] [--no-config] [--notes]';
const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
const SHORT: Record<Severity, string> = { error: 'E', warning: 'W', information: 'I', hint: 'H' };

interface RepoRow {
  name: string;
  files: number;
  lines: number;
  seconds: number;
  counts: Map<string, number>; // "rule/severity" → count
  internalErrors: string[];
}

function parseArgs(argv: string[]): { dirs: string[]; json?: string; noConfig: boolean; notes: boolean } | string {
  const out: { dirs: string[]; json?: string; noConfig: boolean; notes: boolean } = { dirs: [], noConfig: false, notes: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') { out.json = argv[++i]; if (!out.json) return '--json needs a file'; }
    else if (a.startsWith('--json=')) out.json = a.slice('--json='.length);
    else if (a === '--no-config') out.noConfig = true;
    else if (a === '--notes') out.notes = true;
    else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-')) return `unknown option '${a}'`;
    else out.dirs.push(a);
  }
  return out.dirs.length ? out : 'no folder given';
}

function pad(s: string | number, width: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(width) : t.padStart(width);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process[args ? 'stderr' : 'stdout'].write(`${args ? `corpus: ${args}\n` : ''}${USAGE}\n`);
    return args ? 2 : 0;
  }
  const rows: RepoRow[] = [];
  const allFindings: unknown[] = [];
  for (const dir of args.dirs) {
    const root = path.resolve(dir);
    const loaded = args.noConfig ? { config: {}, problems: [] as string[] } : loadConfig(findPyproject(root));
    const started = performance.now();
    const checked = await checkPaths([root], root, loaded.config, { link: true });
    const seconds = (performance.now() - started) / 1000;
    const row: RepoRow = {
      name: path.basename(root), files: checked.read.length, seconds,
      lines: checked.read.reduce((n, t) => n + t.lines, 0),
      counts: new Map(), internalErrors: [],
    };
    for (const r of checked.results) for (const f of r.findings) {
      const key = `${f.rule}/${f.severity}`;
      row.counts.set(key, (row.counts.get(key) ?? 0) + 1);
    }
    for (const { file, note } of checked.notes) {
      const where = `${path.relative(root, file)}${note.range ? `:${note.range.start.line + 1}` : ''}`;
      if (isInternalError(note)) row.internalErrors.push(`${where}: ${note.message}`);
      else if (args.notes) process.stderr.write(`note ${row.name}/${where}: ${note.message}\n`);
    }
    for (const e of checked.ioErrors) row.internalErrors.push(`I/O: ${e}`);
    rows.push(row);
    if (args.json) {
      const withFindings = checked.results.filter((r) => r.findings.length > 0);
      const parsed = JSON.parse(formatJson(withFindings, path.dirname(root))) as Array<Record<string, unknown>>;
      allFindings.push(...parsed.map((f) => ({ repo: row.name, ...f })));
    }
  }
  process.stdout.write(render(rows));
  for (const r of rows) for (const e of r.internalErrors) process.stdout.write(`internal error ${r.name}/${e}\n`);
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(allFindings, null, 2)}\n`);
    process.stdout.write(`${allFindings.length} finding(s) written to ${args.json}\n`);
  }
  return 0;
}

/** One line per repository; a column per rule with its counts by severity (E/W/I/H), then the totals. */
function render(rows: RepoRow[]): string {
  const rules = RULES.map((r) => r.meta.name).filter((name) => rows.some((row) => [...row.counts.keys()].some((k) => k.startsWith(`${name}/`))));
  const cell = (counts: Map<string, number>, rule: string) =>
    SEVERITIES.map((s) => counts.get(`${rule}/${s}`) ? `${counts.get(`${rule}/${s}`)}${SHORT[s]}` : '').filter(Boolean).join(' ') || '·';
  const bySeverity = (counts: Map<string, number>) => SEVERITIES.map((s) => [...counts].filter(([k]) => k.endsWith(`/${s}`)).reduce((n, [, c]) => n + c, 0));
  const total: RepoRow = { name: 'TOTAL', files: 0, lines: 0, seconds: 0, counts: new Map(), internalErrors: [] };
  for (const r of rows) {
    total.files += r.files; total.lines += r.lines; total.seconds += r.seconds;
    total.internalErrors.push(...r.internalErrors);
    for (const [k, c] of r.counts) total.counts.set(k, (total.counts.get(k) ?? 0) + c);
  }
  const header = ['repository', 'files', 'lines', 'seconds', ...rules, 'E', 'W', 'I', 'H', '≥I', 'internal'];
  const table = [...rows, total].map((r) => {
    const sev = bySeverity(r.counts);
    return [r.name, String(r.files), String(r.lines), r.seconds.toFixed(2), ...rules.map((rule) => cell(r.counts, rule)),
      ...sev.map(String), String(sev[0] + sev[1] + sev[2]), String(r.internalErrors.length)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i === 0)).join('  ');
  return `${[line(header), ...table.slice(0, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(table[table.length - 1])].join('\n')}\n`
    + 'rule columns: findings by severity (E error, W warning, I information, H hint); ≥I = information or above\n';
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`corpus: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 2;
});
