"""Training script launched by the sweeps in this folder (W&B agent and shell loop).

It builds torch.optim.AdamW from command-line options, so the per-step decay is lr * weight_decay:
a sweep over --lr that keeps --weight_decay fixed changes the regularisation with every run.
"""
import argparse

import torch
import torch.nn as nn


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a small MLP")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight_decay", type=float, default=0.05)
    parser.add_argument("--epochs", type=int, default=10)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    data = torch.randn(512, 1, 28, 28)
    labels = torch.randint(0, 10, (512,))
    for _ in range(args.epochs):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(data), labels)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
