// What the linker reads from a training script: declared options (argparse, click, typer) with their
// numeric defaults, and the parameter key an optimizer argument reads.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declaredOptions, readKey } from '../../src/engine/python/script-index';

describe('training-script index', () => {
  it('reads argparse flags, dest= and numeric defaults (keys normalised)', () => {
    const options = declaredOptions([
      'p.add_argument("--lr", "-l", type=float, default=3e-4, help="learning rate (see f(x), [docs])")',
      "p.add_argument('--weight-decay', dest='wd', type=float, default=1_000e-5)",
      'p.add_argument("--epochs", type=int, default=int(os.environ.get("EPOCHS", 10)))',
    ].join('\n'));
    assert.deepEqual([...options].map(([k, o]) => [k, o.name, o.default, o.range.start.line]), [
      ['lr', '--lr', 3e-4, 0], ['wd', '--weight-decay', 0.01, 1], ['epochs', '--epochs', undefined, 2],
    ]);
  });

  it('reads click options and typer parameters', () => {
    const options = declaredOptions([
      '@click.option("--learning-rate", default=0.001, type=float)',
      'def main(wd: float = typer.Option(0.05, "--weight-decay"), warmup: int = typer.Option(100)):',
    ].join('\n'));
    assert.deepEqual([...options].map(([k, o]) => [k, o.name, o.default]), [
      ['learning_rate', '--learning-rate', 0.001], ['weight_decay', '--weight-decay', 0.05], ['warmup', 'warmup', 100],
    ]);
  });

  it('an unterminated call is skipped, not thrown on', () => {
    assert.deepEqual([...declaredOptions('p.add_argument("--lr", default=1e-3')], []);
  });

  it('names the key an argument reads', () => {
    assert.deepEqual(['args.lr', 'wandb.config["weight_decay"]', "cfg.optimizer.lr", 'hparams.get("lr", 1e-3)', 'lr', 'lr * 2', undefined].map(readKey),
      ['lr', 'weight_decay', 'lr', 'lr', 'lr', undefined, undefined]);
  });
});
