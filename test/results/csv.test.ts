// The CSV/TSV reader on tables written here: W&B's sweep export, Optuna's dataframe, hand-written logs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDelimited, readCsv, sniffDelimiter } from '../../src/engine/results/csv';
import { ResultsError } from '../../src/engine/results/types';

const rowsOf = (text: string, delimiter = ',') => {
  const rows: string[][] = [];
  parseDelimited(text, delimiter, (fields) => rows.push(fields));
  return rows;
};

describe('CSV parsing', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, CRLF and a BOM', () => {
    assert.deepEqual(rowsOf('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",3\r\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', '3']]);
  });
  it('skips blank lines and keeps empty fields', () => {
    assert.deepEqual(rowsOf('a,b\n\n1,\n,2\n'), [['a', 'b'], ['1', ''], ['', '2']]);
  });
  it('refuses an unclosed quote with its line', () => {
    assert.throws(() => rowsOf('a,b\n1,2\n"open,3\n'), /line 3: a quoted field is not closed/);
  });
  it('gives each row its physical line: blank lines, CRLF, lone CR and line breaks inside quotes all count', () => {
    const lines: number[] = [];
    parseDelimited('a,b\r\n\r\n"two\r\nlines",1\r\n"three\rlines\nhere",2\r\r\n3,4\n', ',', (_, line) => lines.push(line));
    assert.deepEqual(lines, [1, 3, 5, 9]);
    assert.throws(() => rowsOf('a,b\r\n\r\n"x\ry",1\r\n\n"open,3\r\n'), /line 6: a quoted field is not closed/);
  });
  it('finds the delimiter: tab for .tsv, else the most used of , ; tab in the header', () => {
    assert.equal(sniffDelimiter('a,b\tc', 'runs.tsv'), '\t');
    assert.equal(sniffDelimiter('lr;weight_decay;loss\n1;2;3'), ';');
    assert.equal(sniffDelimiter('lr\tweight_decay\tloss'), '\t');
    assert.equal(sniffDelimiter('lr,weight_decay,loss'), ',');
  });
});

describe('readCsv', () => {
  it('reads a W&B sweep export: config columns by name, the State column, the metric guessed', () => {
    const text = [
      'Name,State,Notes,User,Tags,Created,Runtime,Sweep,lr,weight_decay,epochs,train/loss,val_loss',
      'glad-sweep-1,finished,-,me,,2024-01-01T00:00:00.000Z,120,abc,0.001,0.1,10,0.5,0.31',
      'glad-sweep-2,finished,-,me,,2024-01-01T00:00:00.000Z,118,abc,0.0003,0.1,10,0.6,0.42',
      'glad-sweep-3,crashed,-,me,,2024-01-01T00:00:00.000Z,3,abc,0.01,0.1,10,,',
      'glad-sweep-4,finished,-,me,,2024-01-01T00:00:00.000Z,118,abc,0.003,0.1,10,0.7,NaN',
    ].join('\n');
    const table = readCsv(text);
    assert.deepEqual(table.runs, [{ lr: 0.001, weightDecay: 0.1, value: 0.31 }, { lr: 0.0003, weightDecay: 0.1, value: 0.42 }]);
    assert.equal(table.metric, 'val_loss');
    assert.equal(table.direction, 'minimize');
    assert.equal(table.seen, 4);
    assert.deepEqual(table.notes, [
      "metric 'val_loss' guessed from its name (choose another with --metric)",
      '1 row not finished (crashed, failed, running…) left out',
      "1 row with a missing or non-finite 'val_loss' left out",
    ]);
    // The finished run whose metric is NaN is a failure at its α and λ; the crashed one is only left out.
    assert.deepEqual(table.failed, [{ lr: 0.003, weightDecay: 0.1 }]);
  });

  it('matches the usual spellings case-insensitively: optimizer.lr, config/weight_decay, params_wd', () => {
    for (const [lr, wd] of [['optimizer.lr', 'optimizer.weight_decay'], ['config/LR', 'config/Weight_Decay'], ['params_learning_rate', 'params_wd'],
      ['Learning Rate', 'WD'], ['hparams.optim.lr', 'hparams.optim.weightDecay']]) {
      const table = readCsv(`${lr},${wd},eval/loss\n1e-3,0.05,1.5\n`);
      assert.deepEqual(table.runs, [{ lr: 1e-3, weightDecay: 0.05, value: 1.5 }], `${lr} / ${wd}`);
      assert.equal(table.lrSource, lr);
      assert.equal(table.weightDecaySource, wd);
      assert.equal(table.metric, 'eval/loss');
    }
  });

  it('prefers lr over base_lr and says which it used', () => {
    const table = readCsv('base_lr,lr,weight_decay,loss\n0.1,0.001,0.01,2\n');
    assert.equal(table.lrSource, 'lr');
    assert.ok(table.notes.includes("α read from 'lr' (also found 'base_lr')"), table.notes.join('\n'));
  });

  it('reads Optuna\'s trials_dataframe export (params_ columns, value, state)', () => {
    const text = 'number,value,datetime_start,params_lr,params_weight_decay,state\n0,0.5,x,0.001,0.01,COMPLETE\n1,,x,0.01,0.01,PRUNED\n';
    const table = readCsv(text);
    assert.deepEqual(table.runs, [{ lr: 0.001, weightDecay: 0.01, value: 0.5 }]);
    assert.equal(table.metric, 'value');
    assert.ok(table.notes.includes("'value' is taken as lower-is-better (pass --maximize if higher is better)"));
  });

  it('takes --metric by name and the direction from it, or --maximize', () => {
    const text = 'lr,wd,val_loss,val_acc,reward\n0.001,0.1,0.3,0.9,5\n0.01,0.1,0.2,0.8,7\n';
    assert.equal(readCsv(text, { metric: 'VAL_ACC' }).direction, 'maximize');
    assert.equal(readCsv(text, { metric: 'val/loss' }).metric, 'val_loss');
    assert.equal(readCsv(text, { metric: 'reward' }).direction, 'maximize');
    assert.equal(readCsv(text, { metric: 'val_loss', maximize: true }).direction, 'maximize');
    assert.equal(readCsv(text).metric, 'val_loss');
  });

  it('guesses an accuracy when there is no loss, and maximises it', () => {
    const table = readCsv('lr\tweight_decay\tsummary.accuracy\n0.001\t0.1\t0.9\n', {}, 'runs.tsv');
    assert.equal(table.metric, 'summary.accuracy');
    assert.equal(table.direction, 'maximize');
  });

  it('leaves out runs with λ = 0 or no α, and counts them', () => {
    const table = readCsv('lr,weight_decay,loss\n0.001,0,1\n,0.1,1\nabc,0.1,1\n0.001,0.1,inf\n0.001,0.1,1\n');
    assert.equal(table.runs.length, 1);
    assert.deepEqual(table.notes.slice(1), [
      "1 row with a missing or non-finite 'loss' left out",
      '2 rows without a positive learning rate left out',
      '1 row with weight decay 0 left out (α·λ = 0 has no place on the log axes)',
    ]);
  });

  it('refuses a table without the columns it needs, with one line that lists the columns', () => {
    assert.throws(() => readCsv('step,loss\n1,2\n'), (e: Error) => e instanceof ResultsError && /no learning-rate column .* among 'step', 'loss'/.test(e.message));
    assert.throws(() => readCsv('lr,loss\n1,2\n'), /no weight-decay column/);
    assert.throws(() => readCsv('lr,wd,epochs\n1,2,3\n'), /no metric column recognised .* name it with --metric/);
    assert.throws(() => readCsv('lr,wd,loss\n1,2,3\n', { metric: 'bleu' }), /no column named 'bleu' \(--metric\)/);
    assert.throws(() => readCsv('lr,wd,loss\n1,2,3\n', { metric: 'lr' }), /the metric 'lr' is the learning-rate column/);
    assert.throws(() => readCsv(''), /the file is empty/);
  });

  it('notes ragged rows', () => {
    const table = readCsv('lr,weight_decay,loss\n0.001,0.1,1,extra\n');
    assert.equal(table.runs.length, 1);
    assert.ok(table.notes.includes('1 row with a different number of fields than the header (read by position)'));
  });
});
