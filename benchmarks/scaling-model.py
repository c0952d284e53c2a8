#!/usr/bin/env python3
"""Predicted step time and efficiency of data-parallel training (docs/scaling.md, "Predicted: 2-64 machines").

T_step(p) = B/p * t_sample + 2(p-1)*alpha + 2(p-1)/p * n/beta   (ring all-reduce), efficiency = compute / T_step.
t_sample: one node's measured compute per sample (all its cores); n: bytes all-reduced per step (float gradients
plus the loss and penalty slots); beta: 90 % of the link's line rate. Prints the markdown tables the page shows.

  python3 benchmarks/scaling-model.py --epoch-seconds 0.818 --samples 60000
"""
import argparse

LINKS = [("10 Gb/s (TCP, alpha 20 us)", 20e-6, 0.9 * 10e9 / 8), ("100 Gb/s (RDMA, alpha 2 us)", 2e-6, 0.9 * 100e9 / 8)]
MODELS = [("MLP-MNIST (784-512-256-10)", 535_818), ("10x wider (784-5120-2560-10)", 17_154_570)]
NODES = [2, 4, 8, 16, 32, 64]


def step(p, batch, t_sample, n, alpha, beta):
    compute = batch / p * t_sample
    return compute, compute + 2 * (p - 1) * alpha + 2 * (p - 1) / p * n / beta


def table(title, batch_of, t_sample, n):
    print(f"{title}\n")
    print("| nodes | " + " | ".join(f"{name} step ms | eff." for name, _, _ in LINKS) + " |")
    print("|---:|" + "---:|---:|" * len(LINKS))
    for p in NODES:
        cells = []
        for _, alpha, beta in LINKS:
            compute, total = step(p, batch_of(p), t_sample, n, alpha, beta)
            cells.append(f"{total * 1e3:.2f} | {compute / total:.0%}")
        print(f"| {p} | " + " | ".join(cells) + " |")
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epoch-seconds", type=float, required=True, help="one node's MLP-MNIST epoch, all cores")
    ap.add_argument("--samples", type=int, default=60_000)
    ap.add_argument("--batch", type=int, default=128)
    a = ap.parse_args()
    base = a.epoch_seconds / a.samples
    for name, params in MODELS:
        t_sample = base * params / MODELS[0][1]   # compute scales with parameters (FLOPs per sample ∝ weights)
        n = 4 * (params + 2)
        print(f"### {name}: {params:,} parameters = {n / 1e6:.1f} MB per all-reduce; compute {t_sample * 1e6:.1f} us/sample per node\n")
        table(f"strong: global batch {a.batch}", lambda p: a.batch, t_sample, n)
        table(f"weak: {a.batch} per node", lambda p: a.batch * p, t_sample, n)


if __name__ == "__main__":
    main()
