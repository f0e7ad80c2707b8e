// CSV and TSV sweep tables (W&B's "Export as CSV" of a sweep's runs table, Optuna's trials_dataframe().to_csv(),
// hand-written logs): one header row, then one run per row. RFC 4180 quoting (quoted fields may hold the
// delimiter, doubled quotes and line breaks), a UTF-8 byte-order mark and CRLF line ends are accepted.
// The delimiter is a tab for .tsv files, else whichever of `,` `;` tab the header uses most.
import { chooseColumns, RunCollector } from './table';
import { ResultsError, type ReadOptions, type RunTable } from './types';

/** Splits delimited text into rows of fields; `onRow` gets each row as it is completed. */
export function parseDelimited(text: string, delimiter: string, onRow: (fields: string[], line: number) => void): void {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const code = delimiter.charCodeAt(0);
  const endRow = () => {
    fields.push(field);
    // A blank line is no row.
    if (!(fields.length === 1 && fields[0] === '')) onRow(fields, rowLine);
    fields = [];
    field = '';
  };
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) { field += text.slice(start, i + 1); i += 2; start = i; continue; }
        field += text.slice(start, i);
        quoted = false;
        i++;
        start = i;
        continue;
      }
      // Line breaks inside a quoted field count as editors count them: LF, CRLF once, and a lone CR.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
      i++;
      continue;
    }
    if (c === code) { field += text.slice(start, i); fields.push(field); field = ''; i++; start = i; continue; }
    if (c === 10 || c === 13) {
      field += text.slice(start, i);
      endRow();
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      rowLine = line;
      start = i;
      continue;
    }
    if (c === 34 && i === start && field === '') { quoted = true; i++; start = i; continue; }
    i++;
  }
  if (quoted) throw new ResultsError(`line ${rowLine}: a quoted field is not closed`);
  field += text.slice(start, i);
  if (fields.length > 0 || field !== '') endRow();
}

/** The delimiter of a table: a tab for .tsv, else the most frequent of `,` `;` tab in its first line. */
export function sniffDelimiter(text: string, fileName = ''): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const end = text.search(/\r?\n/);
  const header = end < 0 ? text : text.slice(0, end);
  const count = (d: string) => header.split(d).length - 1;
  const candidates = [',', '\t', ';'].map((d) => ({ d, n: count(d) })).sort((a, b) => b.n - a.n);
  return candidates[0].n > 0 ? candidates[0].d : ',';
}

export function readCsv(text: string, options: ReadOptions = {}, fileName = ''): RunTable {
  const delimiter = sniffDelimiter(text, fileName);
  let header: string[] | undefined;
  let choice: ReturnType<typeof chooseColumns> | undefined;
  let collector: RunCollector | undefined;
  let ragged = 0;
  parseDelimited(text, delimiter, (fields) => {
    if (!header) {
      header = fields.map((f) => f.trim());
      choice = chooseColumns(header, options, 'column');
      collector = new RunCollector(choice, 'row');
      return;
    }
    if (fields.length !== header.length) ragged++;
    collector!.add((column) => fields[column]);
  });
  if (!header || !choice || !collector) throw new ResultsError('the file is empty: expected a header row, then one run per row');
  const table = collector.table(header[choice.columns.lr], header[choice.columns.weightDecay]);
  if (ragged) table.notes.push(`${ragged} row${ragged === 1 ? '' : 's'} with a different number of fields than the header (read by position)`);
  return table;
}
