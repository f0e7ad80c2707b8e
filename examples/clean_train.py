"""A sweep done right: α·λ is kept fixed (S2: double the learning rate, halve weight decay), so every
run has the same EMA timescale τ_iter = 1/(α·λ). AdamW Lens reports nothing here.
"""
import torch
from torch import nn

base_lr = 1e-3
base_weight_decay = 0.1
max_iters = 20_000

for lr in [2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3]:
    model = nn.Linear(128, 10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=base_weight_decay * base_lr / lr)
