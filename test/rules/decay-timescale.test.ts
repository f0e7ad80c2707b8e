// decay-timescale: invalid and valid snippets in Python and TypeScript, with the exact messages.
import { py, flattenedTutorial, ts, type Case, type InvalidCase, ruleTester } from './helpers';

const RULE = 'decay-timescale';

const invalid: InvalidCase[] = [
  { name: 'decay effectively off against the training length', code: py`
    import torch
    n_train = 50_000
    batch_size = 100
    epochs = 10
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=1e-4)
    `,
    line: 5, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps = 2e5 epochs of 500 steps, longer than the 5,000-step training, so the weights never forget their initialisation. λ ≥ 2 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'decay off against the 1e6-step horizon when the length is unknown', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-5, weight_decay=1e-3)
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, longer than the 1e6-step horizon (training length unknown), so the weights never forget their initialisation. λ ≥ 0.1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'mildly off: information when τ is within 10× of the training', code: py`
    import torch
    max_iters = 5000
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)
    `,
    line: 3, severity: 'information',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-4 per step gives τ_iter = 1/(α·λ) = 10,000 steps, longer than the 5,000-step training, so the weights still carry much of their initialisation at the end. λ ≥ 0.2 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'constants unpacked from a tuple, chained with another target', code: py`
    import torch
    BS, EPOCHS, LR = 128, 10, 1e-4
    WD = DECAY = 1e-4
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=WD)
    `,
    line: 4, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, longer than the 1e6-step horizon (training length unknown), so the weights never forget their initialisation. λ ≥ 0.01 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'far too strong: α·λ ≥ 0.1', code: py`
    import optax
    tx = optax.adamw(learning_rate=0.5, weight_decay=0.5)
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is far too strong: α·λ = 0.25 removes 25 % of the weights every step (τ_iter = 4 steps), so the weights average only the last few updates.",
    ] },
  { name: 'constant form (TensorFlow Addons): λ alone is the per-step decay', code: py`
    import tensorflow_addons as tfa
    opt = tfa.optimizers.AdamW(weight_decay=0.2, learning_rate=1e-3)
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is far too strong: λ = 0.2 removes 20 % of the weights every step (τ_iter = 5 steps), so the weights average only the last few updates.",
    ] },
  { name: 'every point of an S1 sweep is off', code: py`
    import torch
    for lr in [1e-6, 1e-5]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-3)  # adamw-lens: ignore[s1-sweep]
    `,
    line: 3, severity: 'warning',
    messages: [
      "Weight decay is effectively off at 2 of 2 sweep points (worst: α = 1e-6, λ = 0.001): α·λ = 1e-9 per step gives τ_iter = 1/(α·λ) = 1e9 steps, longer than the 1e6-step horizon (training length unknown), so the weights never forget their initialisation. λ ≥ 1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'TS: the optax default λ = 1e-4 is effectively off', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(1e-4, { weightDecay: 1e-4 });
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, longer than the 1e6-step horizon (training length unknown), so the weights never forget their initialisation. λ ≥ 0.01 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'a test file is checked when skip-tests is off', file: 'tests/test_scheduler.py', config: { skipTests: false }, code: py`
    import torch
    def test_step_lr_halves_every_epoch():
        opt = torch.optim.AdamW(params, lr=10.0, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    `,
    line: 3, severity: 'warning',
    messages: [
      "Weight decay is far too strong: α·λ = 0.1 removes 10 % of the weights every step (τ_iter = 10 steps), so the weights average only the last few updates.",
    ] },
];
const valid: Case[] = [
  { name: 'a usual setting', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)
    ` },
  { name: 'λ = 0 is never reported', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-6, weight_decay=0.0)
    ` },
  { name: 'a grid whose other cells are fine', code: py`
    import itertools, torch
    for lr, wd in itertools.product([1e-4, 1e-3], [1e-4, 0.1]):
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    ` },
  { name: 'coupled L2 has no decoupled timescale', code: py`
    import torch
    opt = torch.optim.Adam(params, lr=1e-5, weight_decay=1e-5)  # adamw-lens: ignore[coupled-l2]
    ` },
  { name: 'a tutorial script with its indentation lost (τ = 1e6 steps, training length unknown)', code: flattenedTutorial },
  { name: 'TS usual setting', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(3e-4, { weightDecay: 0.1 });
    ` },
  // Test code is not a training configuration: unit tests use values such as lr=10.0 on purpose.
  ...['tests/test_scheduler.py', 'pkg/scheduler_test.py', 'conftest.py', 'tests/optim/helpers.py', 'C:\\repo\\tests\\schedulers.py'].map((file): Case => ({
    name: `test code is skipped by default: ${file}`, file, code: py`
    import torch
    def test_step_lr_halves_every_epoch():
        opt = torch.optim.AdamW(params, lr=10.0, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    ` })),
];

ruleTester(RULE, { valid, invalid });
