#!/usr/bin/env python3
"""Reference values for tests/unit/test_stats.c, computed independently of
the C code: Wilson and Byar straight from their formulas, and the exact
Poisson interval by bisection on the Poisson distribution's own sums (no
gamma function, no chi-square)."""
import math

Z = 1.959964

def wilson(x, n):
    a = 2 * x + Z * Z
    b = Z * math.sqrt(Z * Z + 4 * x * (1 - x / n))
    d = 2 * (n + Z * Z)
    return (a - b) / d * 100, (a + b) / d * 100

def byar(x, n, per=100000):
    lo = x * (1 - 1 / (9 * x) - Z / (3 * math.sqrt(x))) ** 3
    hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * math.sqrt(x + 1))) ** 3
    return lo / n * per, hi / n * per

def poisson_cdf(k, mu):
    # P(X <= k) by summing terms
    term, total = math.exp(-mu), math.exp(-mu)
    for i in range(1, k + 1):
        term *= mu / i
        total += term
    return total

def bisect(f, lo, hi):
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

def exact(x, n, per=100000):
    alpha = 2 * (1 - 0.5 * math.erfc(-Z / math.sqrt(2)))
    # lower: P(X >= x | mu) = alpha/2  <=>  1 - cdf(x-1) = alpha/2
    lo = 0.0 if x == 0 else bisect(lambda mu: alpha / 2 - (1 - poisson_cdf(x - 1, mu)), 0, 100)
    # upper: P(X <= x | mu) = alpha/2
    hi = bisect(lambda mu: poisson_cdf(x, mu) - alpha / 2, 0, 100)
    return lo / n * per, hi / n * per

for x, n in ((0, 50), (7, 120), (50, 50), (412, 520), (1, 1000)):
    print("wilson", x, n, "%.17g %.17g" % wilson(x, n))
for x, n in ((10, 250000), (320, 1216222), (5000, 261000)):
    print("byar", x, n, "%.17g %.17g" % byar(x, n))
for x, n in ((0, 100000), (1, 100000), (3, 56000), (9, 322796)):
    print("exact", x, n, "%.17g %.17g" % exact(x, n))
