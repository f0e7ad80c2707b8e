// s1-sweep: invalid and valid snippets in Python and TypeScript, with the exact messages.
import { py, scheduleDecayOptimizerClass, flattenedTutorial, ts, type Case, type InvalidCase, ruleTester } from './helpers';

const RULE = 's1-sweep';

const invalid: InvalidCase[] = [
  { name: 'torch AdamW in a loop over a literal list', code: py`
    import torch
    for lr in [1e-4, 1e-3, 1e-2]:
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.1 stays fixed while α goes 1e-4 … 0.01 (3 values), so the per-step decay α·λ varies 100× (1e-5 … 0.001). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1e-4 (through α = 0.001) with λ = 1, 0.1, 0.01 for these α.",
    ] },
  { name: 'tuple unpacking elsewhere in the file does not stop the analysis', code: py`
    import torch
    model, params = build()
    for lr in [1e-4, 1e-3, 1e-2]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
    `,
    line: 4, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.1 stays fixed while α goes 1e-4 … 0.01 (3 values), so the per-step decay α·λ varies 100× (1e-5 … 0.001). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1e-4 (through α = 0.001) with λ = 1, 0.1, 0.01 for these α.",
    ] },
  { name: 'λ of the decaying parameter group, not the default of the call', code: py`
    import torch
    groups = [{"params": weights, "weight_decay": 0.05}, {"params": biases, "weight_decay": 0.0}]
    for lr in [1e-4, 1e-3, 1e-2]:
        opt = torch.optim.AdamW(groups, lr=lr)
    `,
    line: 4, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.05 stays fixed while α goes 1e-4 … 0.01 (3 values), so the per-step decay α·λ varies 100× (5e-6 … 5e-4). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 5e-5 (through α = 0.001) with λ = 0.5, 0.05, 0.005 for these α.",
    ] },
  { name: 'comprehension over np.logspace, aliased import', code: py`
    import numpy as np
    from torch.optim import AdamW as W
    opts = [W(params, lr=lr, weight_decay=0.05) for lr in np.logspace(-4, -2, 3)]
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.05 stays fixed while α goes 1e-4 … 0.01 (3 values), so the per-step decay α·λ varies 100× (5e-6 … 5e-4). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 5e-5 (through α = 0.001) with λ = 0.5, 0.05, 0.005 for these α.",
    ] },
  { name: 'one level of same-file calls: a builder called from a loop', code: py`
    import torch
    def make_optimizer(model, lr, wd=0.1):
        return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    for lr in (3e-4, 1e-3, 3e-3):
        make_optimizer(net, lr)
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.1 stays fixed while α goes 3e-4 … 0.003 (3 values), so the per-step decay α·λ varies 10× (3e-5 … 3e-4). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1e-4 (through α = 0.001) with λ = 0.333, 0.1, 0.0333 for these α.",
    ] },
  { name: 'list of config dicts with one λ', code: py`
    import optax
    configs = [{"lr": 1e-4, "wd": 1e-4}, {"lr": 1e-3, "wd": 1e-4}]
    for cfg in configs:
        tx = optax.adamw(cfg["lr"], weight_decay=cfg["wd"])
    `,
    line: 4, severity: 'warning',
    messages: [
      "S1 sweep: λ = 1e-4 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-8 … 1e-7). optax.adamw decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-8 (through α = 3.16e-4) with λ = 3.16e-4, 3.16e-5 for these α.",
    ] },
  { name: 'range-derived α from a named base value', code: py`
    import torch.optim as optim
    base_lr = 1e-3
    for i in range(3):
        lr = base_lr * 2 ** i
        optimizer = optim.AdamW(params, lr=lr, weight_decay=0.01)
    `,
    line: 5, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.01 stays fixed while α goes 0.001 … 0.004 (3 values), so the per-step decay α·λ varies 4× (1e-5 … 4e-5). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1e-5 (through α = 0.001 = base_lr) with λ = 0.01, 0.005, 0.0025 for these α.",
    ] },
  { name: "timm's factory with opt='adamw'", code: py`
    from timm.optim import create_optimizer_v2
    for lr in [1e-4, 1e-3]:
        opt = create_optimizer_v2(model, opt="adamw", lr=lr, weight_decay=0.05)
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). timm.optim.create_optimizer_v2 decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.58e-5 (through α = 3.16e-4) with λ = 0.158, 0.0158 for these α.",
    ] },
  { name: 'nested loop over seeds keeps S1', code: py`
    import torch
    for seed in range(3):
        for lr in [1e-4, 1e-3]:
            opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
    `,
    line: 4, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.1 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-5 … 1e-4). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 3.16e-4) with λ = 0.316, 0.0316 for these α.",
    ] },
  { name: 'Greek (non-ASCII) Python identifiers for α and λ', code: py`
    import torch
    λ = 0.1
    for α in [1e-4, 1e-3]:
        opt = torch.optim.AdamW(params, lr=α, weight_decay=λ)
    `,
    line: 4, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.1 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-5 … 1e-4). torch.optim.AdamW decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 3.16e-4) with λ = 0.316, 0.0316 for these α.",
    ] },
  { name: 'TS for…of with @jax-js/optax', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    for (const lr of [1e-4, 1e-3]) {
      const opt = adamw(lr, { weightDecay: 0.01 });
    }
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 0.01 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-6 … 1e-5). @jax-js/optax.adamw decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-6 (through α = 3.16e-4) with λ = 0.0316, 0.00316 for these α.",
    ] },
  { name: 'TS .map over learning rates, namespace import', language: 'typescript', code: ts`
    import * as optax from "@jax-js/optax";
    const lrs = [1e-3, 2e-3, 4e-3];
    const opts = lrs.map((lr) => optax.adamw(lr, { weightDecay: 1e-4 }));
    `,
    line: 3, severity: 'warning',
    messages: [
      "S1 sweep: λ = 1e-4 stays fixed while α goes 0.001 … 0.004 (3 values), so the per-step decay α·λ varies 4× (1e-7 … 4e-7). @jax-js/optax.adamw decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 2e-7 (through α = 0.002) with λ = 2e-4, 1e-4, 5e-5 for these α.",
    ] },
];
const valid: Case[] = [
  { name: 'a hand-written optimizer class that decays by η_t·λ, swept over α (not S1 of the PyTorch kind)', code: `${scheduleDecayOptimizerClass}
for lr in [1e-3, 2e-3, 4e-3]:
    opt = ScheduledDecayAdam(model.parameters(), lr=lr, weight_decay=0.1)
` },
  { name: 'a tutorial script with its indentation lost (one run)', code: flattenedTutorial },
  { name: 'S2: α·λ fixed', code: py`
    import torch
    for lr in [1e-4, 1e-3, 1e-2]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-4 / lr)
    ` },
  { name: 'S2 through zip of paired lists', code: py`
    import torch
    for lr, wd in zip([1e-3, 2e-3], [0.2, 0.1]):
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    ` },
  { name: 'grid from itertools.product', code: py`
    import itertools, torch
    for lr, wd in itertools.product([1e-4, 1e-3], [0.01, 0.1]):
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    ` },
  { name: 'λ = 0', code: py`
    import torch
    for lr in [1e-4, 1e-3]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    ` },
  { name: 'constant convention (TensorFlow Addons): S1 is right', code: py`
    import tensorflow_addons as tfa
    for lr in [1e-4, 1e-3]:
        opt = tfa.optimizers.AdamW(weight_decay=1e-4, learning_rate=lr)
    ` },
  { name: 'a local class named AdamW is not torch', code: py`
    class AdamW:
        def __init__(self, params, lr, weight_decay): pass
    for lr in [1e-4, 1e-3]:
        opt = AdamW(params, lr=lr, weight_decay=0.1)
    ` },
  { name: 'single run', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)
    ` },
  { name: 'suppressed on the line above', code: py`
    import torch
    for lr in [1e-4, 1e-3]:
        # adamw-lens: ignore[s1-sweep]
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
    ` },
  { name: 'TS S2 with .map', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    const opts = [1e-3, 2e-3].map((lr) => adamw(lr, { weightDecay: 1e-4 / lr }));
    ` },
];

ruleTester(RULE, { valid, invalid });
