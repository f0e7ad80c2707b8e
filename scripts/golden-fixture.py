#!/usr/bin/env python3
"""Regenerates test/fixtures/adamw-golden.json: what PyTorch's own optimizers compute on a small ridge problem.

Optional: the tests only read the JSON. Needs a python3 with PyTorch (Debian: python3-torch; the file was
made with 1.13). See test/fixtures/README.md for the layout and the tolerances.

  python3 scripts/golden-fixture.py --check        recompute every case on the file's data, compare, write nothing
  python3 scripts/golden-fixture.py                recompute every case on the file's data and rewrite the file
  python3 scripts/golden-fixture.py --new-data 7   draw new data (seed 7) first, then compute and write

The data (A, b, A_val, b_val and the per-epoch row orders) are kept by default so that a regenerated file
stays comparable with the old one; --new-data draws a fresh problem of the same shape.
"""
import argparse
import json
import math
import os
import sys

try:
    import torch
except ImportError:
    sys.exit("golden-fixture: this python3 has no PyTorch (Debian: apt-get install python3-torch, then /usr/bin/python3)")

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "adamw-golden.json")
# The README's limits: float32 reaches about 1e-4 relative; beyond 2e-3 relative it is another computation.
TOLERANCE = 2e-3
BETAS = (0.9, 0.999)
EPS = 1e-8
# (variant, lr, weight_decay), run under both schedules. `lh` keeps λ ≤ 0.3 so (1 - η_t·λ) stays positive.
CASES = [
    ("pt", 0.001, 0.01), ("pt", 0.03, 0.3), ("pt", 0.1, 0.001), ("pt", 0.3, 3.0),
    ("lh", 0.001, 0.01), ("lh", 0.03, 0.3), ("lh", 0.1, 0.001), ("lh", 0.3, 0.3),
    ("l2", 0.001, 0.01), ("l2", 0.03, 0.3), ("l2", 0.1, 0.001), ("l2", 0.3, 0.3),
]
SCHEDULES = ("constant", "sqrt")


def schedule_factor(schedule, epoch):
    return 1.0 if schedule == "constant" else 1.0 / math.sqrt(epoch + 1)


def new_data(seed, n=60, d=40, epochs=4):
    gen = torch.Generator().manual_seed(seed)
    w_true = torch.randn(d, generator=gen)
    a = torch.randn(n, d, generator=gen)
    a_val = torch.randn(n, d, generator=gen)
    b = a @ w_true + 0.1 * torch.randn(n, generator=gen)
    b_val = a_val @ w_true + 0.1 * torch.randn(n, generator=gen)
    order = [torch.randperm(n, generator=gen).tolist() for _ in range(epochs)]
    return {"n": n, "d": d, "batch_size": 12, "epochs": epochs, "A": a.tolist(), "b": b.tolist(),
            "A_val": a_val.tolist(), "b_val": b_val.tolist(), "order": order}


def half_mse(a, b, w):
    return 0.5 * torch.mean((a @ w - b) ** 2)


def run_case(data, variant, schedule, lr, weight_decay):
    a = torch.tensor(data["A"], dtype=torch.float32)
    b = torch.tensor(data["b"], dtype=torch.float32)
    w = torch.nn.Parameter(torch.zeros(data["d"], dtype=torch.float32))
    if variant == "pt":
        opt = torch.optim.AdamW([w], lr=lr, betas=BETAS, eps=EPS, weight_decay=weight_decay)
    elif variant == "lh":
        # The paper's form decays by η_t·λ; PyTorch's AdamW decays by lr·η_t·λ', so λ' = λ / lr is the same step.
        opt = torch.optim.AdamW([w], lr=lr, betas=BETAS, eps=EPS, weight_decay=weight_decay / lr)
    else:
        opt = torch.optim.Adam([w], lr=lr, betas=BETAS, eps=EPS, weight_decay=weight_decay)
    losses = []
    bs = data["batch_size"]
    for epoch in range(data["epochs"]):
        for group in opt.param_groups:
            group["lr"] = lr * schedule_factor(schedule, epoch)
        rows = data["order"][epoch]
        for start in range(0, len(rows), bs):
            idx = torch.tensor(rows[start:start + bs])
            opt.zero_grad()
            loss = half_mse(a[idx], b[idx], w)
            losses.append(loss.item())
            loss.backward()
            opt.step()
    with torch.no_grad():
        val = half_mse(torch.tensor(data["A_val"], dtype=torch.float32), torch.tensor(data["b_val"], dtype=torch.float32), w)
    return {"variant": variant, "schedule": schedule, "lr": lr, "weight_decay": weight_decay,
            "w_final": w.detach().tolist(), "val_loss": val.item(), "train_loss_per_step": losses}


def header(data):
    return {
        "about": f"Golden AdamW runs from PyTorch {torch.__version__} on ridge data; see README.md beside this file",
        "loss": "0.5 * mean over the batch of (a.w - b)^2",
        "init": "w = 0",
        "betas": list(BETAS),
        "eps": EPS,
        "schedule_factor": {"constant": "1", "sqrt": "1/sqrt(epoch+1), epoch counted from 0, applied per epoch"},
        "variants": {
            "pt": "torch.optim.AdamW: w <- (1 - lr_t*wd) w - lr_t * mhat/(sqrt(vhat)+eps)",
            "lh": "decay by schedule factor only: w <- (1 - (lr_t/lr)*wd) w - lr_t * mhat/(sqrt(vhat)+eps)",
            "l2": "torch.optim.Adam(weight_decay): grad <- grad + wd*w, then plain Adam",
        },
        **{k: data[k] for k in ("n", "d", "batch_size", "epochs", "A", "b", "A_val", "b_val", "order")},
    }


def relative(x, y, floor=1e-6):
    return abs(x - y) / max(abs(y), floor)


def compare(new_cases, old_cases):
    """Worst relative differences of val_loss, w_final (against max |w|) and the per-step losses."""
    old_by_key = {(c["variant"], c["schedule"], c["lr"], c["weight_decay"]): c for c in old_cases}
    worst = {"val_loss": 0.0, "w_final": 0.0, "train_loss": 0.0}
    for c in new_cases:
        old = old_by_key.get((c["variant"], c["schedule"], c["lr"], c["weight_decay"]))
        if old is None:
            sys.exit(f"golden-fixture: the file has no case {c['variant']} {c['schedule']} lr={c['lr']} wd={c['weight_decay']}")
        worst["val_loss"] = max(worst["val_loss"], relative(c["val_loss"], old["val_loss"]))
        scale = max(abs(x) for x in old["w_final"])
        worst["w_final"] = max(worst["w_final"], max(abs(x - y) for x, y in zip(c["w_final"], old["w_final"])) / scale)
        worst["train_loss"] = max(worst["train_loss"], max(relative(x, y) for x, y in zip(c["train_loss_per_step"], old["train_loss_per_step"])))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    parser.add_argument("--new-data", type=int, metavar="SEED", help="draw a new ridge problem from this seed")
    parser.add_argument("--out", default=FIXTURE, help="where to write (default: test/fixtures/adamw-golden.json)")
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread: the same summation order on every machine
    old = None
    if os.path.exists(FIXTURE):
        with open(FIXTURE, encoding="utf-8") as f:
            old = json.load(f)
    if args.new_data is not None:
        data = new_data(args.new_data)
    elif old is not None:
        data = old
    else:
        sys.exit(f"golden-fixture: {FIXTURE} is missing; pass --new-data SEED to draw a problem")
    # The file's order: variant, then schedule, then the variant's (lr, λ) pairs.
    cases = [run_case(data, v, s, lr, wd) for v in ("pt", "lh", "l2") for s in SCHEDULES for (cv, lr, wd) in CASES if cv == v]
    if args.check:
        worst = compare(cases, old["cases"])
        print(f"golden-fixture: {len(cases)} cases recomputed with PyTorch {torch.__version__}; worst relative differences: "
              + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()) + f" (limit {TOLERANCE:g})")
        sys.exit(0 if max(worst.values()) <= TOLERANCE else 1)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({**header(data), "cases": cases}, f)
        f.write("\n")
    print(f"golden-fixture: wrote {len(cases)} cases to {args.out}")


if __name__ == "__main__":
    main()
