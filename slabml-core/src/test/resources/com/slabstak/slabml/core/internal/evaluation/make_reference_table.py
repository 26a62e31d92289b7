#!/usr/bin/env python3
# Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
"""Reference values for StatisticsReferenceTableTest, computed with the Python standard library only.

Exact McNemar p-values are summed with exact fractions (math.comb, fractions.Fraction); chi-square
p-values use math.erfc; Wilson intervals use the closed form. Regenerate with:
    python3 make_reference_table.py > statistics_reference.csv
"""
import math
import random
from fractions import Fraction

Z = 1.959963984540054


def exact_p(b, c):
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    cdf = Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2 ** n)
    return float(min(Fraction(1), 2 * cdf))


def chi2_cc(b, c):
    n = b + c
    if n == 0:
        return 0.0
    d = max(0, abs(b - c) - 1)
    return d * d / n


def wilson(s, n):
    if n == 0:
        return 0.0, 1.0
    p = s / n
    den = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / den
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / den
    lo = 0.0 if s == 0 else max(0.0, centre - half)
    hi = 1.0 if s == n else min(1.0, centre + half)
    return lo, hi


def main():
    rng = random.Random(20261124)
    print("b,c,exact_p,chi2_cc,chi2_cc_p,wilson_s,wilson_n,wilson_lower,wilson_upper")
    for _ in range(300):
        b = rng.randint(0, 120)
        c = rng.randint(0, 120)
        x = chi2_cc(b, c)
        p = math.erfc(math.sqrt(x / 2)) if x > 0 else 1.0
        n = rng.randint(1, 2000)
        s = rng.randint(0, n)
        lo, hi = wilson(s, n)
        print(f"{b},{c},{exact_p(b, c)!r},{x!r},{p!r},{s},{n},{lo!r},{hi!r}")


if __name__ == "__main__":
    main()
