// lambda-convention: invalid and valid snippets in Python and TypeScript, with the exact messages.
import { py, flattenedTutorial, ts, type Case, type InvalidCase, ruleTester } from './helpers';

const RULE = 'lambda-convention';

const invalid: InvalidCase[] = [
  { name: 'paper-form λ annotated on its definition, fed to torch AdamW', code: py`
    import torch
    weight_decay = 0.05  # adamw-lens: convention=lh
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=weight_decay)
    `,
    line: 3, severity: 'warning',
    messages: [
      "λ = 0.05 is marked as schedule-scaled (decay η_t·λ, the paper's form), but torch.optim.AdamW is lr-scaled (decay α_t·λ, PyTorch/Optax/Keras form): at α = 0.001 it decays 1000× less than intended. The same decay here is λ = 50.",
    ] },
  { name: 'TensorFlow Addons AdamW under a Keras schedule with a fixed λ', code: py`
    import tensorflow as tf
    import tensorflow_addons as tfa
    schedule = tf.keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10_000)
    opt = tfa.optimizers.AdamW(weight_decay=1e-4, learning_rate=schedule)
    `,
    line: 4, severity: 'warning',
    messages: [
      "tensorflow_addons.optimizers.AdamW decays by λ = 1e-4 every step whatever the learning rate, but the learning rate follows a cosine schedule: as α_t falls, decay stays and ends up dominating the updates. Schedule weight_decay with the same factor as the learning rate (a callable: weight_decay=lambda: λ · schedule(step) / α), or use keras.optimizers.AdamW, which decays by α_t·λ.",
    ] },
  { name: 'optax chain: decay before the preconditioner', code: py`
    import optax
    tx = optax.chain(optax.add_decayed_weights(1e-4), optax.scale_by_adam(), optax.scale_by_learning_rate(1e-3))
    `,
    line: 2, severity: 'warning',
    messages: [
      "optax.chain order: add_decayed_weights comes before scale_by_adam, so λ·w is rescaled by the preconditioner: this is L2 regularisation, not AdamW. AdamW is chain(scale_by_adam(), add_decayed_weights(λ), scale_by_learning_rate(α)).",
    ] },
  { name: 'optax chain: decay after the learning-rate step', code: py`
    import optax
    tx = optax.chain(optax.scale_by_adam(), optax.scale_by_learning_rate(1e-3), optax.add_decayed_weights(1e-4))
    `,
    line: 2, severity: 'warning',
    messages: [
      "optax.chain order: add_decayed_weights comes after scale_by_learning_rate, so λ·w is not multiplied by the learning rate (and, after the sign flip of the learning-rate step, it pushes the weights away from zero). AdamW is chain(scale_by_adam(), add_decayed_weights(λ), scale_by_learning_rate(α)).",
    ] },
  { name: "optax.adamw's second positional argument is b1", code: py`
    import optax
    tx = optax.adamw(1e-3, 0.05)
    `,
    line: 2, severity: 'warning',
    messages: [
      "the second positional argument of optax.adamw is b1, not weight_decay: 0.05 sets β₁ = 0.05 (the momentum of the first moment), and weight_decay keeps its default 1e-4. Pass weight_decay=0.05 by keyword.",
    ] },
  { name: "tfa AdamW's first positional argument is λ", code: py`
    import tensorflow_addons as tfa
    opt = tfa.optimizers.AdamW(1e-3)
    `,
    line: 2, severity: 'warning',
    messages: [
      "weight_decay is the first positional argument of tensorflow_addons AdamW: 1e-3 sets λ, and the learning rate stays at its default 0.001. If 1e-3 was meant as the learning rate, pass learning_rate=1e-3 by keyword.",
    ] },
  { name: "optax's second argument named like a λ", code: py`
    import optax
    wd = 0.9
    tx = optax.adamw(3e-4, wd)
    `,
    line: 3, severity: 'warning',
    messages: [
      "the second positional argument of optax.adamw is b1, not weight_decay: wd sets β₁ = 0.9 (the momentum of the first moment), and weight_decay keeps its default 1e-4. Pass weight_decay=wd by keyword.",
    ] },
  { name: "β₁ by position under a name that says so: only the default λ is worth a note, with what it does over the run", code: py`
    import optax
    peak_lr = 4e-3
    momentum = 0.9
    tx = optax.adamw(peak_lr, momentum)
    opt_state = tx.init(params)
    for i in range(2000):
        params, opt_state = update(params, opt_state)
    `,
    line: 4, severity: 'hint',
    messages: [
      "weight_decay is not set, so optax.adamw's default λ = 1e-4 applies: at α = 0.004, α·λ = 4e-7 per step, so decay is effectively off (τ_iter = 2.5e6 steps, 1250× the 2,000-step training). AdamW defaults differ by up to 100× (torch.optim.AdamW 1e-2, optax.adamw 1e-4, Keras AdamW 0.004): code ported between frameworks silently changes its regularisation. Write λ out.",
    ] },
  { name: 'λ left to the library default', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-3)
    `,
    line: 2, severity: 'hint',
    messages: [
      "weight_decay is not set, so torch.optim.AdamW's default λ = 0.01 applies. AdamW defaults differ by up to 100× (torch.optim.AdamW 1e-2, optax.adamw 1e-4, Keras AdamW 0.004): code ported between frameworks silently changes its regularisation. Write λ out.",
    ] },
  { name: "a paper-form λ (3e-6) given to torch's AdamW in a fine-tune: the convention, not the fine-tune, is wrong", code: py`
    import transformers
    from torch.optim import AdamW
    model = transformers.AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
    optimizer = AdamW(params=model.parameters(), lr=3e-5, betas=(0.9, 0.98), eps=1e-6, weight_decay=3e-6)
    `,
    line: 4, severity: 'warning',
    messages: [
      "λ = 3e-6 is far below the values used with torch.optim.AdamW, which decays by α·λ (its default is 0.01): it reads like a λ in the paper's form (decay η_t·λ per step, as Loshchilov & Hutter and composer's DecoupledAdamW write it). Here it is multiplied by α = 3e-5: α·λ = 9e-11 per step (τ_iter = 1.11e10 steps), so decay is effectively off. If 3e-6 is the per-step decay you meant, the same decay here is λ = 3e-6/α = 0.1; if you meant no decay, write 0.",
    ] },
  { name: 'TS: paper-form λ annotated at the call', language: 'typescript', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(1e-3, { weightDecay: 0.1 }); // adamw-lens: convention=paper
    `,
    line: 2, severity: 'warning',
    messages: [
      "λ = 0.1 is marked as schedule-scaled (decay η_t·λ, the paper's form), but @jax-js/optax.adamw is lr-scaled (decay α_t·λ, PyTorch/Optax/Keras form): at α = 0.001 it decays 1000× less than intended. The same decay here is λ = 100.",
    ] },
];
const valid: Case[] = [
  { name: 'a tutorial script with its indentation lost writes λ out', code: flattenedTutorial },
  { name: 'optax chain in the AdamW order', code: py`
    import optax
    tx = optax.chain(optax.scale_by_adam(), optax.add_decayed_weights(1e-4), optax.scale_by_learning_rate(1e-3))
    ` },
  { name: 'TensorFlow Addons AdamW with λ scheduled too', code: py`
    import tensorflow as tf
    import tensorflow_addons as tfa
    schedule = tf.keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10_000)
    opt = tfa.optimizers.AdamW(weight_decay=lambda: 1e-4 * schedule(step) / 1e-3, learning_rate=schedule)
    ` },
  { name: 'PyTorch-form annotation on a PyTorch optimizer', code: py`
    import torch
    weight_decay = 0.05  # adamw-lens: convention=pt
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=weight_decay)
    ` },
  { name: 'optax.adamw with weight_decay by keyword', code: py`
    import optax
    tx = optax.adamw(1e-3, weight_decay=1e-4)
    ` },
  { name: 'the default-λ note is not repeated on a call that already has a finding (an S1 sweep)', code: py`
    import torch
    for lr in [1e-4, 3e-4, 1e-3]:
        opt = torch.optim.AdamW(params, lr=lr)
    ` },
  { name: "optax's second argument named as β₁ sets β₁ on purpose", code: py`
    import optax
    beta_first = 0.9
    tx = optax.adamw(3e-4, beta_first, weight_decay=0.05)
    ` },
  { name: "optax's second argument with a β₁'s value sets β₁ on purpose", code: py`
    import optax
    tx = optax.adamw(3e-4, 0.95, weight_decay=0.05)
    ` },
  { name: "optax's second argument of unknown value: nothing to go on", code: py`
    import optax
    tx = optax.adamw(3e-4, settings.first_moment(), weight_decay=0.05)
    ` },
  { name: "TensorFlow Addons' one argument named as a λ is the λ meant", code: py`
    import tensorflow_addons as tfa
    wd = 1e-4
    opt = tfa.optimizers.AdamW(wd)
    ` },
  { name: 'groups that set λ (0.0 on biases and norms) are deliberate, not "not set"', code: py`
    import torch
    groups = [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95))
    ` },
  { name: 'λ in a visible **kwargs dict', code: py`
    import torch
    opt_args = dict(lr=1e-3, weight_decay=0.05)
    opt = torch.optim.AdamW(model.parameters(), **opt_args)
    ` },
  { name: 'λ possibly in a **kwargs the engine cannot see', code: py`
    import bitsandbytes as bnb
    def configure(params, **kwargs):
        return bnb.optim.PagedAdamW(params, lr=3e-4, **kwargs)
    ` },
  { name: 'λ added to the kwargs dict later', code: py`
    import torch
    opt_args = {"lr": 1e-3}
    if use_decay:
        opt_args["weight_decay"] = args.weight_decay
    opt = torch.optim.AdamW(model.parameters(), **opt_args)
    ` },
  { name: 'groups built by a helper the engine cannot see', code: py`
    import torch
    param_groups = param_groups_weight_decay(model, args.weight_decay)
    opt = torch.optim.AdamW(param_groups, lr=args.lr)
    ` },
  { name: 'λ written into the param groups at run time (a λ schedule)', code: py`
    import torch
    opt = torch.optim.AdamW(model.parameters())
    def apply_schedules(optimizer, lr, wd):
        for param_group in optimizer.param_groups:
            param_group["weight_decay"] = wd
            param_group["lr"] = lr
    ` },
  { name: 'a small λ that still decays over the run is not called paper-form', code: py`
    import optax
    tx = optax.adamw(learning_rate=0.5, weight_decay=5e-6)
    ` },
  { name: 'suppressed for the file', code: py`
    # adamw-lens: ignore-file[lambda-convention]
    import torch
    opt = torch.optim.AdamW(params, lr=1e-3)
    ` },
];

ruleTester(RULE, { valid, invalid });
