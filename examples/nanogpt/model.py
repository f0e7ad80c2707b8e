"""nanoGPT-style model with configure_optimizers: decay on matrices, none on biases and norms."""
import torch
import torch.nn as nn

learning_rate = 1e-3
weight_decay = 1e-1
max_iters = 5000


class GPT(nn.Module):
    def __init__(self, n_embd: int = 384):
        super().__init__()
        self.lm_head = nn.Linear(n_embd, 65)
        self.ln_f = nn.LayerNorm(n_embd)

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        param_dict = {pn: p for pn, p in self.named_parameters() if p.requires_grad}
        decay_params = [p for n, p in param_dict.items() if p.dim() >= 2]
        nodecay_params = [p for n, p in param_dict.items() if p.dim() < 2]
        optim_groups = [
            {"params": decay_params, "weight_decay": weight_decay},
            {"params": nodecay_params, "weight_decay": 0.0},
        ]
        return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=betas, weight_decay=weight_decay)


model = GPT()
optimizer = model.configure_optimizers(weight_decay, learning_rate, (0.9, 0.99))
