"""Fine-tuning with Adam and weight_decay: this is L2 through Adam's preconditioner, not AdamW.

AdamW Lens reports coupled-l2 and offers to switch to torch.optim.AdamW (λ must then be re-tuned).
"""
import torch
from torch import nn

model = nn.Linear(512, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-5, weight_decay=1e-4)
