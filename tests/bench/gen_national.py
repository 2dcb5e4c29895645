#!/usr/bin/env python3
"""Synthetic national workload for `make bench`: 150 Health and Wellbeing
Board areas with codes and populations, the four national metrics and eight
local ones, ten financial years (2009-10 to 2018-19) of monthly, quarterly and
annual series with numerators, denominators and plans.  Fixed seed: the same
files every run.  Usage: gen_national.py OUT_DIR [EXTRA_MONTHS]
EXTRA_MONTHS adds that many months after March 2019 to the monthly metrics
(the "one new month" rebuild)."""
import csv, math, os, random, sys

out = sys.argv[1]
extra = int(sys.argv[2]) if len(sys.argv) > 2 else 0
random.seed(150)
os.makedirs(os.path.join(out, "data"), exist_ok=True)

areas = [("E%08d" % (6000001 + i), "Area %03d" % (i + 1), random.randint(120000, 1400000)) for i in range(150)]
areas.append(("E92000001", "England", 56000000))
HOME = areas[0][0]

metrics = [
    # id, title, unit, polarity, frequency, scale (per), base rate, is percent
    ("dtoc", "Delayed transfers of care (delayed days)", "rate_per_100k", "lower", "month", 450),
    ("nea", "Non-elective admissions", "rate_per_100k", "lower", "quarter", 2200),
    ("reablement", "Still at home 91 days after reablement", "percent", "higher", "year", 82),
    ("care_homes", "Permanent admissions to care homes (65+)", "rate_per_100k", "lower", "year", 600),
    ("readmissions", "Emergency readmissions within 30 days", "percent", "lower", "quarter", 13),
    ("los", "Average length of non-elective stay", "days", "lower", "month", 6),
    ("falls", "Fall-related injury admissions (65+)", "rate_per_100k", "lower", "quarter", 500),
    ("personal_budgets", "Self-directed support", "percent", "higher", "quarter", 78),
    ("tech_support", "Adults with technology-enabled care", "count", "higher", "month", 1200),
    ("deaths_home", "Deaths at usual place of residence", "percent", "higher", "year", 46),
    ("delayed_social", "Delayed days attributable to social care", "rate_per_100k", "lower", "month", 150),
    ("winter_deaths", "Excess winter deaths", "number", "lower", "year", 300),
]

with open(os.path.join(out, "site.ini"), "w") as f:
    f.write("[site]\ntitle = National benchmark\nhome_area = %s\nbenchmark_area = E92000001\n"
            "notice = Synthetic benchmark data.\n" % HOME)
with open(os.path.join(out, "metrics.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "title", "unit", "polarity", "frequency", "group"])
    for i, m in enumerate(metrics):
        w.writerow([m[0], m[1], m[2], m[3], m[4], "National" if i < 4 else "Local"])
with open(os.path.join(out, "areas.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["code", "name", "population"])
    for a in areas:
        w.writerow(a)

def periods(freq):
    if freq == "month":
        for i in range(120 + extra):
            y, m = 2009 + (i + 3) // 12, (i + 3) % 12 + 1
            yield "%d-%02d" % (y, m)
    elif freq == "quarter":
        for y in range(2009, 2019):
            for q in range(1, 5):
                yield "%d-%02d Q%d" % (y, (y + 1) % 100, q)
    else:
        for y in range(2009, 2019):
            yield "%d-%02d" % (y, (y + 1) % 100)

plans = []
for mid, title, unit, pol, freq, base in metrics:
    with open(os.path.join(out, "data", mid + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["area_code", "period", "numerator", "denominator", "value"])
        for code, name, pop in areas:
            # one generator per series: an extra month changes nothing else
            random.seed("%s/%s" % (mid, code))
            level = base * random.uniform(0.8, 1.2)
            for i, p in enumerate(periods(freq)):
                v = max(0.1, level * (1 + 0.05 * math.sin(i / 2.0)) + random.gauss(0, base * 0.03))
                if unit == "percent":
                    den = random.randint(200, 3000)
                    num = min(den, round(den * min(v, 99) / 100))
                    w.writerow([code, p, num, den, ""])
                elif unit == "rate_per_100k":
                    num = round(v * pop / 100000)
                    w.writerow([code, p, num, pop, ""])
                else:
                    w.writerow([code, p, "", "", "%.1f" % v])
                if code == HOME:
                    plans.append((mid, code, p, "%.1f" % (base * 0.97)))
with open(os.path.join(out, "plans.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "period", "plan"])
    for row in plans:
        w.writerow(row)
