#!/usr/bin/env python3
"""Check `confide-bench dp-sample` against the exact discrete Gaussian, from outside.

Standard library only (exact rational arithmetic for the pmf; no third-party packages):

    .build/release/confide-bench dp-sample --mechanism discrete-gaussian --sigma 3 --count 1000000 \
        | python3 scripts/dgauss-check.py --sigma 3

It reads one integer per line, computes the exact pmf P[X = x] = exp(-x^2 / (2 sigma^2)) / Z
(Z summed over |x| <= 40 sigma + 10 in high precision), and prints Pearson's chi-squared with
the bins the Swift tests use (one per value expected at least 5 times, tails pooled), its
degrees of freedom, the p-value (regularized upper incomplete gamma), and the mean and variance
against the exact ones. Exit status 1 when p < 1e-6. Not part of `make test`.
"""
import argparse
import math
import sys
from decimal import Decimal, getcontext


def pmf(sigma, radius):
    getcontext().prec = 50
    two_var = 2 * Decimal(sigma) * Decimal(sigma)
    weights = {x: (-(Decimal(x * x)) / two_var).exp() for x in range(-radius, radius + 1)}
    total = sum(weights.values())
    return {x: float(w / total) for x, w in weights.items()}


def upper_gamma_q(a, x):
    """Regularized upper incomplete gamma Q(a, x) (Numerical Recipes' series / continued fraction)."""
    if x <= 0:
        return 1.0
    gln = math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(100000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(-x + a * math.log(x) - gln))
    b = x + 1 - a
    c = 1e300
    d = 1 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return math.exp(-x + a * math.log(x) - gln) * h


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sigma", type=float, required=True)
    args = parser.parse_args()
    samples = [int(line) for line in sys.stdin if line.strip()]
    n = len(samples)
    radius = int(math.ceil(40 * args.sigma)) + 10
    p = pmf(args.sigma, radius)
    edge = 0
    while n * p.get(edge + 1, 0) >= 5:
        edge += 1
    counts = {x: 0 for x in range(-edge, edge + 1)}
    for s in samples:
        counts[max(-edge, min(edge, s))] += 1
    chi2 = 0.0
    for x in range(-edge, edge + 1):
        px = p[x] if abs(x) < edge else sum(p[y] for y in range(abs(x), radius + 1))
        expected = n * px
        chi2 += (counts[x] - expected) ** 2 / expected
    dof = 2 * edge
    p_value = upper_gamma_q(dof / 2, chi2 / 2)
    mean = sum(samples) / n
    variance = sum((s - mean) ** 2 for s in samples) / (n - 1)
    exact_variance = sum(x * x * q for x, q in p.items())
    print(f"count: {n}")
    print(f"chi2: {chi2:.3f}")
    print(f"dof: {dof}")
    print(f"p_value: {p_value:.6g}")
    print(f"mean: {mean:.6f}")
    print(f"variance: {variance:.6f}")
    print(f"exact_variance: {exact_variance:.6f}")
    sys.exit(0 if p_value >= 1e-6 else 1)


if __name__ == "__main__":
    main()
