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
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps = 2e5 epochs of 500 steps, 2e4× the 5,000-step training, so more than 99 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 2 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'decay off against the 1e6-step horizon when the length is unknown', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-5, weight_decay=1e-3)
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'mildly off: a hint when τ is within 10× of the training', code: py`
    import torch
    max_iters = 5000
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)
    `,
    line: 3, severity: 'hint',
    messages: [
      "Weight decay is weak: α·λ = 1e-4 per step gives τ_iter = 1/(α·λ) = 10,000 steps, 2× the 5,000-step training, so about 61 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 0.2 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'constants unpacked from a tuple, chained with another target', code: py`
    import torch
    BS, EPOCHS, LR = 128, 10, 1e-4
    WD = DECAY = 1e-4
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=WD)
    `,
    line: 4, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.01 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'parameter groups with their own α: every decaying group judged with its own values', code: py`
    import torch
    max_iters = 5000
    opt = torch.optim.AdamW([
        {"params": embeddings, "lr": 1e-4},
        {"params": heads, "lr": 2e-4},
        {"params": norms, "lr": 0.5, "weight_decay": 0.0},
    ], weight_decay=1e-3)
    `,
    line: 3, severity: 'warning',
    messages: [
      "Weight decay is effectively off in 2 of 2 parameter groups (worst: α = 1e-4, λ = 0.001): α·λ = 1e-7 per step gives τ_iter = 1/(α·λ) = 1e7 steps, 2000× the 5,000-step training, so more than 99 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 2 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'α and λ read from a **kwargs dict the file builds', code: py`
    import torch
    opt_args = dict(lr=1e-5, weight_decay=1e-3)
    opt = torch.optim.AdamW(model.parameters(), **opt_args)
    `,
    line: 3, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: "resuming from an optimizer's checkpoint is not fine-tuning", code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=1e-3)
    opt.load_state_dict(torch.load("ckpt.pt")["optimizer"])
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: "Lightning: self.hparams.lr and self.hparams['weight_decay'] after save_hyperparameters()", code: py`
    import torch
    import lightning as L
    class Regressor(L.LightningModule):
        def __init__(self, width=64, lr=2e-3, weight_decay=100.0):
            super().__init__()
            self.save_hyperparameters()
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams["weight_decay"])
    `,
    line: 8, severity: 'warning',
    messages: [
      "Weight decay is far too strong: α·λ = 0.2 removes 20 % of the weights every step (τ_iter = 5 steps), so the weights average only the last few updates.",
    ] },
  { name: "Lightning: self.lr and self.wd from __init__'s defaults, tuple unpacking elsewhere in the class", code: py`
    import torch
    class LitModel(pl.LightningModule):
        def __init__(self, lr=1e-5, wd=1e-3):
            super().__init__()
            self.lr = lr
            self.wd = wd
        def forward(self, x):
            b, c = x.size()
            return x.view(b, -1)
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=self.lr, weight_decay=self.wd)
    `,
    line: 11, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
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
      "Weight decay is effectively off at 2 of 2 sweep points (worst: α = 1e-6, λ = 0.001): α·λ = 1e-9 per step gives τ_iter = 1/(α·λ) = 1e9 steps, 1000× the 1e6-step horizon (training length unknown), so more than 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 1 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'TS: the optax default λ = 1e-4 is effectively off', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(1e-4, { weightDecay: 1e-4 });
    `,
    line: 2, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-8 per step gives τ_iter = 1/(α·λ) = 1e8 steps, 100× the 1e6-step horizon (training length unknown), so about 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). λ ≥ 0.01 brings τ_iter within the horizon (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  // The run's length stated by a training loop or a trainer's keyword (issue 11, root cause 8).
  { name: 'optax: the range(N) loop that carries the optimizer state is the run', code: py`
    import optax
    LEARNING_RATE = 5e-3
    N_ITERATIONS = 50_000
    opt = optax.adamw(learning_rate=LEARNING_RATE, weight_decay=1e-4)
    opt_state = opt.init(params)
    for i in range(N_ITERATIONS):
        params, opt_state, loss = step(params, opt_state, batch)
    `,
    line: 4, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 5e-7 per step gives τ_iter = 1/(α·λ) = 2e6 steps, 40× the 50,000-step training, so about 98 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 0.004 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'Lightning: Trainer(max_steps=…) is the run', code: py`
    import torch
    import lightning as L
    class Model(L.LightningModule):
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=1e-4, weight_decay=0.01)
    trainer = L.Trainer(max_steps=20_000)
    `,
    line: 5, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-6 per step gives τ_iter = 1/(α·λ) = 1,000,000 steps, 50× the 20,000-step training, so about 98 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 0.5 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: 'Lightning: max_epochs with a known number of steps per epoch', code: py`
    import torch
    import pytorch_lightning as pl
    n_train = 50_000
    batch_size = 100
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    trainer = pl.Trainer(max_epochs=4)
    `,
    line: 5, severity: 'warning',
    messages: [
      "Weight decay is effectively off: α·λ = 1e-6 per step gives τ_iter = 1/(α·λ) = 1,000,000 steps = 2000 epochs of 500 steps, 500× the 2,000-step training, so more than 99 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 5 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  { name: "Composer: max_duration in batches; τ 3.3× the run is weak, not off", code: py`
    import torch
    from composer import Trainer
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)
    trainer = Trainer(model=model, optimizers=optimizer, max_duration="3000ba")
    `,
    line: 3, severity: 'hint',
    messages: [
      "Weight decay is weak: α·λ = 1e-4 per step gives τ_iter = 1/(α·λ) = 10,000 steps, 3.33× the 3,000-step training, so about 74 % of the initialisation is still in the weights at the end (exp(−T/τ_iter)). λ ≥ 0.333 brings τ_iter within the training (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).",
    ] },
  // A suggested λ must not be one the rule itself would call far too strong (root cause 11).
  { name: 'no λ suggested when it would be far too strong at the largest α of the sweep', code: py`
    import torch
    for lr in [1e-6, 0.1]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-3)  # adamw-lens: ignore[s1-sweep]
    `,
    line: 3, severity: 'warning',
    messages: [
      "Weight decay is effectively off at 1 of 2 sweep points (worst: α = 1e-6, λ = 0.001): α·λ = 1e-9 per step gives τ_iter = 1/(α·λ) = 1e9 steps, 1000× the 1e6-step horizon (training length unknown), so more than 99 % of the initialisation is still in the weights after 1e6 steps (exp(−T/τ_iter)). No single λ brings τ_iter within the horizon at every α of this sweep without making decay far too strong at α = 0.1 (α·λ ≥ 0.1): keep α·λ fixed across the sweep instead (λ ∝ 1/α).",
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
  { name: 'groups with their own α (embeddings 0.7, projections 0.004, gains 0.015) under one λ: one group decays fine', code: py`
    import torch
    train_steps = 3250
    opt = torch.optim.AdamW([dict(params=[model.embed.weight], lr=0.7),
                             dict(params=[model.proj.weight], lr=0.004),
                             dict(params=gains, lr=0.015)], betas=(0.8, 0.95), weight_decay=0.001)
    ` },
  { name: 'λ in a **kwargs the engine cannot see is unknown, not the default', code: py`
    import torch
    def build(model, **opt_args):
        return torch.optim.AdamW(model.parameters(), lr=1e-6, **opt_args)
    ` },
  { name: 'λ from parameter groups the engine cannot see', code: py`
    import torch
    def build_optimizer(cfg, params_groups):
        return torch.optim.AdamW(params_groups, lr=1e-6, betas=(0.9, 0.999))
    ` },
  { name: 'λ written into the param groups at run time is set, not the default', code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters(), lr=1e-6)
    for it in range(1000):
        for group in opt.param_groups:
            group["weight_decay"] = wd_schedule[it]
    ` },
  { name: 'fine-tuning a pretrained model: weak decay keeps the weights near their pretrained values, as meant', code: py`
    import torch
    from transformers import AutoModelForSequenceClassification
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-cased", return_dict=True)
    optimizer = torch.optim.AdamW(params=model.parameters(), lr=2e-5)
    ` },
  { name: "fine-tuning from timm's pretrained=True", code: py`
    import timm, torch
    model = timm.create_model("vit_base_patch16_224", pretrained=True)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.01)
    ` },
  { name: 'LoRA adapters trained with LoRA code of its own (no PEFT): a fine-tune too', code: py`
    import torch
    class Editor:
        def fit_adapters(self, image, lora_rank=4, steps=150):
            adapters = build_adapters(self.unet, rank=lora_rank)
            opt = torch.optim.AdamW(adapters.parameters(), lr=3e-4, weight_decay=1e-2)
            for _ in range(steps):
                opt.step()
    ` },
  { name: "optax.adamw's default λ is nobody's choice: lambda-convention's default-λ hint says it", code: py`
    import optax
    tx = optax.adamw(3e-5)
    ` },
  { name: 'a demo of four steps: no sane decay could act within it', code: py`
    import torch
    opt = torch.optim.AdamW(layer.parameters(), lr=1e-2, weight_decay=1e-3)
    for _ in range(4):
        opt.step()
    ` },
  { name: 'fine-tuning with LoRA adapters', code: py`
    import torch
    from peft import LoraConfig, get_peft_model
    model = get_peft_model(base, LoraConfig(r=8))
    opt = torch.optim.AdamW(model.parameters(), lr=2e-6, weight_decay=0.01)
    ` },
  { name: 'a paper-form λ: lambda-convention reports it, decay-timescale adds nothing', code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-6)
    ` },
  { name: 'self.hparams when save_hyperparameters() keeps only some arguments: unknown, nothing said', code: py`
    import torch
    import lightning as L
    class Regressor(L.LightningModule):
        def __init__(self, lr=2e-3, weight_decay=100.0):
            super().__init__()
            self.save_hyperparameters("lr")
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
    ` },
  { name: 'self.hparams of a class the file builds with arguments: unknown, nothing said', code: py`
    import torch
    import lightning as L
    class Regressor(L.LightningModule):
        def __init__(self, lr=2e-3, weight_decay=100.0):
            super().__init__()
            self.save_hyperparameters()
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
    model = Regressor(lr=1e-4, weight_decay=0.05)
    ` },
  { name: 'self.lr from __init__ when the file builds the class with arguments: unknown, not the default', code: py`
    import torch
    class LitModel(pl.LightningModule):
        def __init__(self, lr=1e-5, wd=1e-3):
            super().__init__()
            self.lr = lr
            self.wd = wd
        def configure_optimizers(self):
            return torch.optim.AdamW(self.parameters(), lr=self.lr, weight_decay=self.wd)
    model = LitModel(lr=1e-3, wd=0.1)
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
  { name: 'a range loop that does not step the optimizer is not the run', code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    for i in range(12):
        layers.append(Block(i))
    ` },
  { name: 'two training loops of different lengths: the length is unknown', code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    for i in range(100):
        opt.step()
    for i in range(5000):
        opt.step()
    ` },
  { name: "timm 'sgd' (momentum): the decay runs through the momentum buffer, α·λ alone would misjudge it", code: py`
    import timm.optim
    opt = timm.optim.create_optimizer_v2(model, opt="sgd", lr=1e-3, weight_decay=1e-5)
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
