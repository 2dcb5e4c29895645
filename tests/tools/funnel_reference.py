#!/usr/bin/env python3
"""Checks a funnel plot's download (<metric>-compare.csv) against limits
worked out here, independently of bcfgen's C code, to 1e-6 relative.

Usage: funnel_reference.py percent|rate FILE.csv [FILE.csv ...]

Percent: the exact binomial limit with interpolation (Spiegelhalter 2005,
appendix A.1.1), the cdf summed from r = 0 with each term from math.lgamma
(not a recurrence).  Rate per 100,000: the Poisson limit through the
chi-square distribution, lower chi2(p; 2E)/2, upper chi2(p; 2E + 2)/2 events
for E = theta * n, the quantile found by bisection of the regularised lower
incomplete gamma, summed here as a series in log space.  The verdict must
follow from the value and the limits.  Prints one line per file; exits 1
on any disagreement."""
import csv, math, sys

PROBS = (("lower_95", 0.025), ("upper_95", 0.975), ("lower_998", 0.001), ("upper_998", 0.999))
REL = 1e-6


def binomial_limit(theta, n, p):
    n = int(round(n))
    if theta <= 0:
        return 0.0
    if theta >= 1:
        return 1.0
    lt, l1 = math.log(theta), math.log1p(-theta)
    lg = math.lgamma(n + 1)
    F = prev = 0.0
    for r in range(n + 1):
        prev = F
        F += math.exp(lg - math.lgamma(r + 1) - math.lgamma(n - r + 1) + r * lt + (n - r) * l1)
        if F >= p:
            alpha = (F - p) / (F - prev)
            return max(0.0, (r - alpha) / n)
    return 1.0


def gamma_p(a, x):
    """Regularised lower incomplete gamma P(a, x): the series
    x^a e^-x / Gamma(a + 1) * sum x^k / ((a + 1)...(a + k)), in log space,
    run until the terms fall below 1e-18 of the sum."""
    if x <= 0:
        return 0.0
    log_front = a * math.log(x) - x - math.lgamma(a + 1)
    term, total, k = 1.0, 1.0, 0
    while True:
        k += 1
        term *= x / (a + k)
        total += term
        if term < 1e-18 * total:
            break
    return min(1.0, math.exp(log_front + math.log(total)))


def chi2_quantile(p, df):
    lo, hi = 0.0, max(1.0, df)
    while gamma_p(df / 2, hi / 2) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if gamma_p(df / 2, mid / 2) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def poisson_limit(theta, n, p):
    E = theta * n
    if p < 0.5:
        return chi2_quantile(p, 2 * E) / 2 / n if E > 0 else 0.0
    return chi2_quantile(p, 2 * E + 2) / 2 / n


def verdict(v, lo95, hi95, lo998, hi998):
    if v > hi998:
        return "significantly_higher"
    if v > hi95:
        return "possibly_higher"
    if v < lo998:
        return "significantly_lower"
    if v < lo95:
        return "possibly_lower"
    return "as_expected"


def close(got, want):
    return abs(got - want) <= REL * max(abs(want), 1e-300)


def check(kind, path):
    scale = 100.0 if kind == "percent" else 100000.0
    limit = binomial_limit if kind == "percent" else poisson_limit
    bad = rows = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows += 1
            theta, n, v = float(row["target"]) / scale, float(row["denominator"]), float(row["value"])
            for col, p in PROBS:
                want = limit(theta, n, p) * scale
                if not close(float(row[col]), want):
                    bad += 1
                    print("%s: %s %s: %s, the reference gives %.12g" % (path, row["area_code"], col, row[col], want))
            got = verdict(v, float(row["lower_95"]), float(row["upper_95"]), float(row["lower_998"]),
                          float(row["upper_998"]))
            if got != row["verdict"]:
                bad += 1
                print("%s: %s verdict %s, the limits say %s" % (path, row["area_code"], row["verdict"], got))
    if rows == 0:
        print("%s: no rows" % path)
        return False
    print("%s: %d areas, %d limits and verdicts: %s" % (path, rows, 4 * rows,
                                                       "all agree to 1e-6" if not bad else "%d disagree" % bad))
    return bad == 0


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("percent", "rate"):
        sys.exit(__doc__)
    ok = all([check(sys.argv[1], p) for p in sys.argv[2:]])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
