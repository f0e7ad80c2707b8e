// coupled-l2: invalid and valid snippets, with the exact messages.
import { py, type Case, type InvalidCase, ruleTester } from './helpers';

const RULE = 'coupled-l2';

const invalid: InvalidCase[] = [
  { name: 'λ assigned to a config attribute before the call', code: py`
    import torch
    import wandb
    config = wandb.config
    config.weight_decay = 1e-5
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=config.weight_decay)
    `,
    line: 5, severity: 'warning',
    messages: [
      "torch.optim.Adam adds λ·w (λ = 1e-5) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
  { name: 'torch Adam with weight_decay', code: py`
    import torch
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    `,
    line: 2, severity: 'warning',
    messages: [
      "torch.optim.Adam adds λ·w (λ = 1e-4) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
  { name: 'positional weight_decay (5th argument)', code: py`
    from torch import optim
    opt = optim.Adam(params, 1e-3, (0.9, 0.999), 1e-8, 0.01)
    `,
    line: 2, severity: 'warning',
    messages: [
      "torch.optim.Adam adds λ·w (λ = 0.01) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
  { name: 'RMSprop through an alias', code: py`
    from torch.optim import RMSprop as R
    opt = R(params, lr=1e-3, weight_decay=1e-5)
    `,
    line: 2, severity: 'warning',
    messages: [
      "torch.optim.RMSprop adds λ·w (λ = 1e-5) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
  { name: "timm's factory with opt='adam' (case and fused prefix do not matter)", code: py`
    import timm.optim
    opt = timm.optim.create_optimizer_v2(model, opt="FusedAdam", lr=1e-3, weight_decay=0.05)
    `,
    line: 2, severity: 'warning',
    messages: [
      "timm.optim.create_optimizer_v2 adds λ·w (λ = 0.05) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
  { name: 'NAdam in a λ sweep', code: py`
    import torch
    for wd in [1e-5, 1e-4]:
        opt = torch.optim.NAdam(params, lr=2e-3, weight_decay=wd)
    `,
    line: 3, severity: 'warning',
    messages: [
      "torch.optim.NAdam adds λ·w (λ = 1e-5 … 1e-4) to the gradient before its adaptive preconditioner: this is L2 regularisation, not AdamW. Dividing by √v̂ shrinks the decay of weights with large gradients, so they are barely regularised (seed 001). For decoupled decay use AdamW-style decay (torch.optim.AdamW, or decoupled_weight_decay=True where offered), and re-tune λ when switching: the same number means something else.",
    ] },
];
const valid: Case[] = [
  // Issue 11, root cause 7: SGD has no preconditioner, so its L2 term is a plain lr-scaled decay.
  { name: "timm's factory with opt='sgd' (also 'momentum', 'sgd-m', fused or lookahead prefixes)", code: py`
    import timm.optim
    a = timm.optim.create_optimizer_v2(model, opt="sgd", lr=0.1, weight_decay=0.2)
    b = timm.optim.create_optimizer_v2(model, opt="momentum", lr=0.1, weight_decay=1e-4)
    c = timm.optim.create_optimizer_v2(model, opt="lookahead_sgd", lr=0.1, weight_decay=1e-4)
    d = timm.optim.create_optimizer_v2(model, "sgd-m", 0.1, 1e-4)
    ` },
  { name: "timm's factory with an optimizer name the catalog does not know", code: py`
    import timm.optim
    opt = timm.optim.create_optimizer_v2(model, opt="madgrad", lr=1e-3, weight_decay=0.05)
    ` },
  { name: 'Adam without weight decay', code: py`
    import torch
    opt = torch.optim.Adam(params, lr=1e-3)
    ` },
  { name: 'Adam with decoupled_weight_decay=True is AdamW', code: py`
    import torch
    opt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.01, decoupled_weight_decay=True)
    ` },
  { name: "SGD's L2 equals decoupled decay (no preconditioner)", code: py`
    import torch
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4)
    ` },
  { name: 'Keras Adam decays decoupled', code: py`
    from tensorflow import keras
    opt = keras.optimizers.Adam(learning_rate=1e-3, weight_decay=0.004)
    ` },
  { name: 'AdamW', code: py`
    import torch
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    ` },
];

ruleTester(RULE, { valid, invalid });
