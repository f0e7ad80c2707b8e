// Shell scripts, Makefile recipes and README shell blocks: launch loops linked to the script they
// run and unlinked, nested loops (a grid), arrays, Hydra multirun overrides; the awk fix applied and
// re-checked.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyzeCase, applyEdits, describeTable, type InvalidSourceCase, py, ready, s1Findings, type SourceCase } from './helpers';

const TRAIN = py`
  import argparse
  import torch
  parser = argparse.ArgumentParser()
  parser.add_argument("--lr", type=float, default=1e-3)
  parser.add_argument("--weight-decay", dest="weight_decay", type=float, default=0.05)
  args = parser.parse_args()
  optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
  `;
const HYDRA_TRAIN = py`
  import hydra
  import torch
  @hydra.main(config_path="conf", config_name="config")
  def main(cfg):
      opt = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, weight_decay=cfg.optimizer.weight_decay)
  `;
const LOOP = 'for lr in 1e-4 3e-4 1e-3; do\n  python train.py --lr $lr --weight-decay 0.05\ndone\n';
const TAIL = 'so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.';
const UNLINKED = 'assuming the lr-scaled convention (the defaultConvention setting; lr-scaled is the PyTorch and Optax behaviour), under which the best λ moves with α.';

const invalid: InvalidSourceCase[] = [
  { name: 'for loop linked to argparse (dest=) + torch AdamW', file: 'sweep.sh', language: 'shellscript', code: LOOP, files: { 'train.py': TRAIN },
    line: 2, column: 28, messages: [
      `S1 sweep in sweep.sh (shell loop): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, ${TAIL}`,
    ] },
  { name: 'λ left to the script default, array of α, script in a folder above', file: 'scripts/sweep.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'LRS=(1e-4 3e-4 1e-3)\nfor lr in "${LRS[@]}"; do\n  python train.py --lr=$lr\ndone\n', line: 3, column: 19, messages: [
      `S1 sweep in scripts/sweep.sh (shell loop): λ = 0.05 (train.py's --weight-decay default) stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, ${TAIL}`,
    ] },
  { name: 'nested loop over seeds is still S1; script not found', file: 'sweep.sh', language: 'shellscript',
    code: 'WD=0.05\nfor seed in 0 1; do\n  for lr in 1e-4 3e-4 1e-3; do\n    python3 src/train.py --seed $seed --lr "$lr" --weight_decay "$WD"\n  done\ndone\n',
    line: 4, column: 50, messages: [
      `S1 sweep in sweep.sh (shell loop): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). No optimizer found for it (src/train.py is not in the workspace): ${UNLINKED} Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.`,
    ] },
  { name: 'Makefile recipe with $$lr', file: 'Makefile', language: 'makefile', files: { 'train.py': TRAIN },
    code: 'sweep:\n\tfor lr in 1e-4 3e-4 1e-3; do \\\n\t  python train.py --lr $$lr --weight-decay 0.05; \\\n\tdone\n', line: 3, column: 30, messages: [
      `S1 sweep in Makefile (Makefile recipe loop): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, ${TAIL}`,
    ] },
  { name: 'Hydra multirun in a README bash block, linked through cfg.optimizer.lr', file: 'README.md', language: 'markdown', files: { 'train.py': HYDRA_TRAIN },
    code: '# Sweep\n\n```bash\npython train.py -m optimizer.lr=1e-4,3e-4,1e-3 optimizer.weight_decay=0.05\n```\n', line: 4, column: 48, messages: [
      `S1 sweep in README.md (Hydra multirun in a README shell block): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 5) decays by α·λ, ${TAIL}`,
    ] },
  // Issue 11, root cause 10: a sweep written out as one command per α.
  { name: 'one command per α in a shell script, λ fixed, linked to the script', file: 'runs.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'python train.py --lr 1e-4 --weight-decay 0.05\npython train.py --lr 3e-4 --weight-decay 0.05\npython train.py --lr 1e-3 --weight-decay 0.05\n',
    line: 1, column: 27, messages: [
      `S1 sweep in runs.sh (one command per lr value in a shell script): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, ${TAIL}`,
    ] },
  { name: 'one command per α in a README bash block, λ from the script default', file: 'README.md', language: 'markdown', files: { 'train.py': TRAIN },
    code: '# Learning rates we tried\n\n```bash\npython train.py --lr 1e-4\npython train.py --lr 3e-4\npython train.py --lr 1e-3\n```\n',
    line: 4, column: 17, messages: [
      `S1 sweep in README.md (one command per lr value in a README shell block): λ = 0.05 (train.py's --weight-decay default) stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, ${TAIL}`,
    ] },
];

const valid: SourceCase[] = [
  { name: 'commands written out with α and λ paired (S2), or differing in another argument too', file: 'runs.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'python train.py --lr 1e-4 --weight-decay 0.5\npython train.py --lr 1e-3 --weight-decay 0.05\npython train.py --lr 1e-4 --depth 12 --weight-decay 0.05\npython train.py --lr 1e-3 --depth 24 --weight-decay 0.05\n' },
  { name: 'nested loops over α and λ: a grid', file: 'sweep.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'for lr in 1e-4 1e-3; do\n  for wd in 0.01 0.1; do\n    python train.py --lr $lr --weight-decay $wd\n  done\ndone\n' },
  { name: 'parameter expansions it cannot evaluate (${pair%%:*}): unknown, no guess', file: 'sweep.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'for pair in 1e-4:0.5 1e-3:0.05; do\n  python train.py --lr ${pair%%:*} --weight-decay ${pair##*:}\ndone\n' },
  { name: 'λ = 0', file: 'sweep.sh', language: 'shellscript', code: 'for lr in 1e-4 1e-3; do python train.py --lr $lr --weight_decay 0; done\n' },
  { name: 'a single run is no sweep', file: 'run.sh', language: 'shellscript', code: 'python train.py --lr 1e-3 --weight_decay 0.05\n' },
  { name: 'python blocks of a README are not shell', file: 'README.md', language: 'markdown',
    code: '```python\nfor lr in 1e-4 1e-3; do python train.py --lr $lr --weight_decay 0.1; done\n```\n' },
  { name: 'suppressed with a shell comment', file: 'sweep.sh', language: 'shellscript', files: { 'train.py': TRAIN },
    code: 'for lr in 1e-4 3e-4 1e-3; do\n  # adamw-lens: ignore[s1-sweep]\n  python train.py --lr $lr --weight-decay 0.05\ndone\n' },
];

describeTable('s1-sweep in shell scripts, Makefiles and README blocks', invalid, valid);

describe('s1-sweep in shell scripts, Makefiles and README blocks: fixes and related information', () => {
  before(() => ready);

  it('the fix computes λ from $lr with awk; the result re-checks clean', () => {
    const fix = s1Findings(invalid[0])[0].fixes.find((x) => x.kind === 's2-rescale')!;
    const fixed = applyEdits(LOOP, fix.edits);
    assert.equal(fixed, 'for lr in 1e-4 3e-4 1e-3; do\n  python train.py --lr $lr --weight-decay "$(awk -v lr="$lr" \'BEGIN { print 0.05 * 3e-4 / lr }\')"\ndone\n');
    assert.deepEqual(analyzeCase({ ...invalid[0], code: fixed }).findings, []);
  });

  it('the awk the fix writes runs in plain sh and prints the S2 λ for each α', () => {
    const fix = s1Findings(invalid[0])[0].fixes.find((x) => x.kind === 's2-rescale')!;
    const script = applyEdits(LOOP, fix.edits).replace('python train.py', 'echo');
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    assert.equal(run.stdout, '--lr 1e-4 --weight-decay 0.15\n--lr 3e-4 --weight-decay 0.05\n--lr 1e-3 --weight-decay 0.015\n');
  });

  it('the fix adds λ after α when the command leaves it to the script, in the script\'s option name', () => {
    const c = invalid[1];
    const fixed = applyEdits(c.code, s1Findings(c)[0].fixes[0].edits);
    assert.equal(fixed.split('\n')[2], '  python train.py --lr=$lr --weight-decay "$(awk -v lr="$lr" \'BEGIN { print 0.05 * 3e-4 / lr }\')"');
    assert.deepEqual(analyzeCase({ ...c, code: fixed }).findings, []);
  });

  it('in a Makefile the fix doubles every $', () => {
    const c = invalid[3];
    const fixed = applyEdits(c.code, s1Findings(c)[0].fixes[0].edits);
    assert.equal(fixed.split('\n')[2], '\t  python train.py --lr $$lr --weight-decay "$$(awk -v lr="$$lr" \'BEGIN { print 0.05 * 3e-4 / lr }\')"; \\');
    assert.deepEqual(analyzeCase({ ...c, code: fixed }).findings, []);
  });

  it('Hydra multirun offers no automatic rewrite (Hydra cannot zip two overrides), only the suppression', () => {
    assert.deepEqual(s1Findings(invalid[4])[0].fixes.map((f) => f.kind), ['suppress']);
  });

  it('the suppression fix writes a # pragma that suppresses', () => {
    const c = invalid[0];
    const suppress = s1Findings(c)[0].fixes.find((x) => x.kind === 'suppress')!;
    assert.equal(suppress.edits[0].newText, '  # adamw-lens: ignore[s1-sweep]\n');
    assert.deepEqual(s1Findings({ ...c, code: applyEdits(c.code, suppress.edits) }), []);
  });

  it('a loop nest of over 10 000 runs is not read, with a note at its outer loop; a big nest that sets no learning rate says nothing', () => {
    const values = Array.from({ length: 11 }, (_, i) => String(i)).join(' ');
    const nest = (command: string) => `for a in ${values}; do\n for b in ${values}; do\n  for c in ${values}; do\n   for lr in ${values}; do\n    ${command}\n   done\n  done\n done\ndone\n`;
    const c: SourceCase = { name: 'nest', file: 'grid.sh', language: 'shellscript', files: { 'train.py': TRAIN }, code: nest('python train.py --seed $a --x $b --y $c --lr $lr') };
    const r = analyzeCase(c);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.notes.map((n) => [n.message, n.range?.start.line]), [['loop nest of 14,641 runs, over the 10,000 this reader enumerates: not read as a sweep', 0]]);
    assert.deepEqual(analyzeCase({ ...c, code: `# lr: 1e-3\n${nest('python prep.py --seed $a --x $b --y $c --z $lr')}` }).notes, []);
  });

  it('a CRLF README block continues lines with \\ as an LF one does: λ from the command, the fix replaces it', () => {
    const block = 'for lr in 1e-4 3e-4 1e-3; do\n  python train.py \\\n    --lr $lr \\\n    --weight-decay 0.1\ndone\n';
    const lf: SourceCase = { name: 'lf', file: 'README.md', language: 'markdown', files: { 'train.py': TRAIN }, code: `# Train\n\n\`\`\`bash\n${block}\`\`\`\n` };
    const crlf: SourceCase = { ...lf, name: 'crlf', code: lf.code.replace(/\n/g, '\r\n') };
    for (const c of [lf, crlf]) {
      const [finding] = s1Findings(c);
      assert.match(finding.message, /: λ = 0\.1 stays fixed/, c.name);
      assert.equal(finding.range.start.line, 6, c.name);
      const fixed = applyEdits(c.code, finding.fixes.find((x) => x.kind === 's2-rescale')!.edits);
      assert.equal(fixed.match(/--weight-decay/g)?.length, 1, `${c.name}: ${fixed}`);
      assert.deepEqual(analyzeCase({ ...c, code: fixed }).findings, [], c.name);
    }
  });

  it('inside a command continued with \\, the pragma goes above the command and covers all its lines', () => {
    const c: SourceCase = { name: 'continued', file: 'sweep.sh', language: 'shellscript', files: { 'train.py': TRAIN },
      code: 'for lr in 1e-4 3e-4 1e-3; do\n  python train.py \\\n    --lr $lr \\\n    --weight-decay 0.05\ndone\n' };
    const [finding] = s1Findings(c);
    assert.equal(finding.range.start.line, 3);
    const suppress = finding.fixes.find((x) => x.kind === 'suppress')!;
    assert.deepEqual(suppress.edits, [{ range: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } }, newText: '  # adamw-lens: ignore[s1-sweep]\n' }]);
    const fixed = applyEdits(c.code, suppress.edits);
    assert.deepEqual(s1Findings({ ...c, code: fixed }), []);
    const stub = 'python() { echo "$@"; }\n';
    const runs = (script: string) => spawnSync('sh', ['-c', stub + script], { encoding: 'utf8' }).stdout;
    assert.equal(runs(fixed), runs(c.code), 'the pragma must not split the command');
  });
});
