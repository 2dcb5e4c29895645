#!/usr/bin/env python3
"""Writes the illustrative sample data under metrics/ (a made-up Health and
Wellbeing Board, 'Sample Borough').  Run from the repository root; the output
is committed, so this only documents how the figures were made.  Fixed seed:
the same files every run."""
import csv, math, os, random

random.seed(20181)
HOME, HOME_NAME = "E06009999", "Sample Borough"
ENG = "E92000001"
NEIGHBOURS = [("E06009991", "Northfield"), ("E06009992", "Eastvale"),
              ("E06009993", "Westmoor"), ("E06009994", "Southbridge")]
POP = {HOME: 261000, ENG: 55977178, "E06009991": 198000, "E06009992": 312000,
       "E06009993": 145000, "E06009994": 227000}
# More statistical neighbours, so that a comparison shows a funnel of many
# areas.  Their figures come from a random stream of their own, after the
# first areas' rows in each file, so the first areas' figures stay as they were.
MORE = [("E06009971", "Ashby Vale", 183000), ("E06009972", "Brookmere", 276000),
        ("E06009973", "Carrowfield", 132000), ("E06009974", "Dunholm", 241000),
        ("E06009975", "Elmsford", 305000), ("E06009976", "Fairhaven", 158000),
        ("E06009977", "Greyridge", 219000), ("E06009978", "Hollinwood", 264000),
        ("E06009979", "Kingsbrook", 121000), ("E06009980", "Lowmarsh", 197000),
        ("E06009981", "Millbridge", 288000)]
POP.update({c: p for c, _, p in MORE})
MORE = [(c, n) for c, n, _ in MORE]
R2 = random.Random(20182)
POP18 = {k: int(v * 0.79) for k, v in POP.items()}
POP65 = {k: int(v * 0.18) for k, v in POP.items()}

def months(y0, m0, y1, m1):
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        yield y, m
        m += 1
        if m > 12:
            y, m = y + 1, 1

def quarters(fy0, fy1, q1=4):
    for fy in range(fy0, fy1 + 1):
        for q in range(1, 5):
            if fy == fy1 and q > q1:
                return
            yield fy, q

def fy(y):
    return "%d-%02d" % (y, (y + 1) % 100)

os.makedirs("metrics/data", exist_ok=True)
areas = [(HOME, HOME_NAME), (ENG, "England")] + NEIGHBOURS
# (code, name, the random stream its figures come from)
streams = [(c, n, random) for c, n in areas] + [(c, n, R2) for c, n in MORE]

with open("metrics/areas.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["code", "name", "population", "group"])
    # the board compares with its twelve nearest neighbours (site.ini
    # [compare] group); the other four and England are in the data too
    near = [HOME] + [c for c, _ in NEIGHBOURS] + [c for c, _ in MORE[:7]]
    for code, name, _ in streams:
        w.writerow([code, name, POP[code], "Statistical neighbours" if code in near else ""])

# DToC: monthly delayed days per 100,000 aged 18+, long, numerator/denominator
with open("metrics/data/dtoc.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "area_name", "period", "numerator", "denominator", "value"])
    for code, name, rnd in streams:
        base = {HOME: 560, ENG: 480}.get(code, 420 + rnd.random() * 200)
        for i, (y, m) in enumerate(months(2015, 4, 2018, 9)):
            season = 40 * math.cos((m - 1) / 12 * 2 * math.pi)
            trend = -3.2 * i if code == HOME and i > 20 else -0.8 * i
            rate = max(150, base + season + trend + rnd.gauss(0, 25))
            days = round(rate * POP18[code] / 100000)
            w.writerow(["dtoc", code, name, "%d-%02d" % (y, m), days, POP18[code], ""])

# NEA: quarterly, long, count with population, spellings as '2018-19 Q2'
with open("metrics/data/nea.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "area_name", "period", "numerator", "denominator", "plan"])
    for code, name, rnd in streams:
        base = {HOME: 2230, ENG: 2050}.get(code, 1900 + rnd.random() * 400)
        for i, (y, q) in enumerate(quarters(2015, 2018, 2)):
            winter = 60 if q == 3 else 35 if q == 4 else 0
            rate = base + winter + (4 * i if code == HOME else 6 * i) + rnd.gauss(0, 30)
            adm = round(rate * POP[code] / 100000)
            plan = ""
            if code == HOME and y >= 2017:
                plan = round(2200 + winter - 10 * (i - 8), 1)
            w.writerow(["nea", code, name, "%s Q%d" % (fy(y), q), "{:,}".format(adm), POP[code], plan])

# Reablement: annual percent, a wide file
with open("metrics/data/reablement_wide.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    years = list(range(2013, 2018))
    w.writerow(["metric", "area_code", "area_name"] + ["%d/%02d" % (y, (y + 1) % 100) for y in years])
    for code, name, rnd in streams:
        base = {HOME: 79.0, ENG: 82.5}.get(code, 76 + rnd.random() * 10)
        row = ["reablement", code, name]
        for i, y in enumerate(years):
            row.append("%.1f%%" % (base + (1.1 * i if code == HOME else 0.3 * i) + rnd.gauss(0, 0.8)))
        w.writerow(row)

# Care homes: annual rate per 100,000 65+, file named after the metric
with open("metrics/data/care_homes.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["area_code", "area_name", "period", "numerator", "denominator"])
    for code, name, rnd in streams:
        base = {HOME: 660.0, ENG: 610.0}.get(code, 500 + rnd.random() * 200)
        for i, y in enumerate(range(2013, 2018)):
            rate = base - (22 * i if code == HOME else 8 * i) + rnd.gauss(0, 12)
            w.writerow([code, name, fy(y), round(rate * POP65[code] / 100000), POP65[code]])

# Local programme metrics, home area only, one long file, mixed spellings
with open("metrics/data/local.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "period", "value", "numerator", "denominator", "note"])
    for i, (y, q) in enumerate(quarters(2015, 2018, 2)):
        spelled = ["%s Q%d" % (fy(y), q), "Q%d %d/%02d" % (q, y, (y + 1) % 100),
                   "%d/%02d Q%d" % (y, (y + 1) % 100, q)][i % 3]
        spells = 6900 + random.randint(-250, 250)
        readm = round(spells * (0.142 - 0.0012 * i + random.gauss(0, 0.003)))
        w.writerow(["readmissions", HOME, spelled, "", readm, spells, ""])
        w.writerow(["los", HOME, spelled, "%.1f" % (6.4 - 0.05 * i + random.gauss(0, 0.15)), "", "", ""])
        falls = round(POP65[HOME] * (0.0052 - 0.00004 * i + random.gauss(0, 0.0002)))
        w.writerow(["falls", HOME, spelled, "", falls, POP65[HOME], ""])
        people = 2400 + random.randint(-60, 60)
        pb = round(people * (0.71 + 0.008 * i + random.gauss(0, 0.01)))
        w.writerow(["personal_budgets", HOME, spelled, "", pb, people, ""])
        tec = "*" if i == 5 else "{:,}".format(900 + 45 * i + random.randint(-30, 30))
        note = "Suppressed: system migration left a partial count" if i == 5 else ""
        # the telecare supplier sent nothing after 2017-18 Q3 (i == 10): out
        # of date in the latest report (the figures still drawn, to keep the
        # random sequence of the other metrics)
        if i <= 10:
            w.writerow(["tech_support", HOME, spelled, tec, "", "", note])

# Plans for the local metrics and the annual ones
with open("metrics/plans.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "period", "plan"])
    for y, q in quarters(2017, 2018, 4):
        w.writerow(["readmissions", HOME, "%s Q%d" % (fy(y), q), 12.5])
        w.writerow(["falls", HOME, "%s Q%d" % (fy(y), q), 480])
        w.writerow(["personal_budgets", HOME, "%s Q%d" % (fy(y), q), 82.0])
        w.writerow(["tech_support", HOME, "%s Q%d" % (fy(y), q), 1600])
    for y, m in months(2017, 4, 2019, 3):
        w.writerow(["dtoc", HOME, "%d-%02d" % (y, m), 450 if y == 2017 or m <= 3 else 420])
    for y in range(2015, 2019):
        w.writerow(["reablement", HOME, fy(y), 83.0])
        w.writerow(["care_homes", HOME, fy(y), 597.4 if y < 2017 else 547.5])
    # length of stay: a target first set for 2018-19 Q2 only (a plan of one
    # period, drawn as a mark; the earlier figures have no plan)
    w.writerow(["los", HOME, "2018-19 Q2", 5.7])

# Readmissions for the other areas and England (the home area's are in
# local.csv), so a percentage is compared across areas: spells in
# proportion to population, from a stream of their own
R3 = random.Random(20183)
with open("metrics/data/readmissions.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["metric", "area_code", "area_name", "period", "numerator", "denominator"])
    for code, name, _ in streams:
        if code == HOME:
            continue
        base = 0.138 if code == ENG else 0.125 + R3.random() * 0.025
        for i, (y, q) in enumerate(quarters(2015, 2018, 2)):
            spells = round(POP[code] * 0.0264 * (1 + R3.gauss(0, 0.02)))
            readm = round(spells * (base - 0.0004 * i + R3.gauss(0, 0.002)))
            w.writerow(["readmissions", code, name, "%s Q%d" % (fy(y), q), readm, spells])
