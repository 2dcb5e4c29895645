#!/usr/bin/env python3
"""One large data file for the memory benchmark of `make bench`: two metrics
(a monthly rate and a quarterly percentage) for as many areas as make the
file about MEGABYTES, ten financial years 2009-10 to 2018-19, in the long
shape with numerators and denominators.  site.ini starts the reports at the
last quarter, so a build writes one report that shows every figure.  Fixed
seed: the same file every run.  Usage: gen_big.py OUT_DIR MEGABYTES"""
import os, random, sys

out, mb = sys.argv[1], float(sys.argv[2])
os.makedirs(os.path.join(out, "data"), exist_ok=True)
months = ["%d-%02d" % (2009 + (i + 3) // 12, (i + 3) % 12 + 1) for i in range(120)]
quarters = ["%d-%02d Q%d" % (y, (y + 1) % 100, q) for y in range(2009, 2019) for q in range(1, 5)]
ROW = 47	# bytes per row, about
n_areas = max(2, int(mb * 1e6 / (ROW * (len(months) + len(quarters)))))
with open(os.path.join(out, "site.ini"), "w") as f:
    f.write("[site]\ntitle = Memory benchmark\nhome_area = E%08d\nbenchmark_area = E92000001\n"
            "first_period = 2018-19 Q4\n" % 1)
with open(os.path.join(out, "metrics.csv"), "w") as f:
    f.write("id,title,unit,polarity,frequency\n"
            "dtoc,Delayed transfers of care,rate_per_100k,lower,month\n"
            "readm,Emergency readmissions,percent,lower,quarter\n")
r = random.Random(219)
with open(os.path.join(out, "data", "big.csv"), "w") as f:
    f.write("metric,area_code,area_name,period,numerator,denominator\n")
    for a in range(n_areas + 1):
        code, name = ("E92000001", "England") if a == n_areas else ("E%08d" % (a + 1), "Area %d" % (a + 1))
        pop = 56000000 if a == n_areas else r.randint(50000, 1400000)
        rows = []
        for p in months:
            rows.append("dtoc,%s,%s,%s,%d,%d\n" % (code, name, p, int(pop * r.uniform(0.003, 0.006)), pop))
        for p in quarters:
            den = pop // 100
            rows.append("readm,%s,%s,%s,%d,%d\n" % (code, name, p, int(den * r.uniform(0.1, 0.16)), den))
        f.write("".join(rows))
print(n_areas, os.path.getsize(os.path.join(out, "data", "big.csv")))
