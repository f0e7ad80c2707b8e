"""Learning-rate sweep for a small MLP on Fashion-MNIST-sized data.

The sweep varies the learning rate and keeps weight_decay fixed: with torch.optim.AdamW the
per-step decay is lr * weight_decay, so every run also gets a different amount of regularisation.
AdamW Lens reports this as s1-sweep and offers the S2 rewrite.
"""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

n_train = 60_000
batch_size = 128
epochs = 20
weight_decay = 0.05
learning_rates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]


def make_model() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def train(lr: float) -> float:
    data = TensorDataset(torch.randn(n_train, 1, 28, 28), torch.randint(0, 10, (n_train,)))
    loader = DataLoader(data, batch_size=batch_size, shuffle=True)
    model = make_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
    return loss.item()


if __name__ == "__main__":
    for lr in learning_rates:
        print(lr, train(lr))
