#!/bin/sh
# Learning-rate sweep of train.py with weight decay fixed: an S1 sweep under torch.optim.AdamW.
set -e
for lr in 1e-4 3e-4 1e-3; do
  python train.py --lr "$lr" --weight_decay 0.05 --epochs 10
done
