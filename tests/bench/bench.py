#!/usr/bin/env python3
"""make bench: times bcfgen on the synthetic national workload and draws the
same number of line charts with gnuplot in the same run (and with bcfgen's
own chart code, bench_charts), then times --all-areas once, and writes
tests/bench/RESULTS.md.  Usage: bench.py BCFGEN WORK_DIR REPEATS BENCH_CHARTS
Peak memory of `check` and `build` with one data file of BENCH_BIG_MB
(default 200) MB is measured too; on its own, printing just that:
bench.py --memory BCFGEN WORK_DIR MEGABYTES"""
import os, platform, shutil, statistics, subprocess, sys, threading, time

MEMORY_ONLY = len(sys.argv) > 1 and sys.argv[1] == "--memory"
if MEMORY_ONLY:
    sys.argv.pop(1)
BIN, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
REPS = int(sys.argv[3]) if len(sys.argv) > 3 and not MEMORY_ONLY else 3
BIG_MB = float(sys.argv[3]) if MEMORY_ONLY and len(sys.argv) > 3 else float(os.environ.get("BENCH_BIG_MB", "200"))
CHARTS_BIN = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
os.makedirs(WORK, exist_ok=True)

def tree_pss(pid):
    """Proportional set size (KiB) of a process and its descendants: memory
    shared by forked workers counted once, not once per process."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = open("/proc/%s/stat" % d).read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in open("/proc/%d/smaps_rollup" % p):
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            pass
    return total

PEAK_TOTAL = {}

def run(cmd):
    """Wall time and peak resident memory (MiB) of one command: the largest
    of its processes' (getrusage), and, in PEAK_TOTAL, the peak of all its
    processes together (sampled every 50 ms)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    def sample():
        while p.returncode is None:
            peak[0] = max(peak[0], tree_pss(p.pid))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = status
    wall = time.monotonic() - t0
    sampler.join()
    err = p.stderr.read().decode()
    if status != 0:
        sys.exit("bench: %s failed:\n%s" % (" ".join(cmd), err))
    PEAK_TOTAL[" ".join(cmd)] = max(PEAK_TOTAL.get(" ".join(cmd), 0), peak[0] / 1024.0)
    return wall, ru.ru_maxrss / 1024.0

def median_of(cmds):
    results = [run(c) for c in cmds]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), [r[0] for r in results]

def tree_size(d):
    return sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(d) for f in fs)

def memory_bench(mb):
    """Peak memory of check and build (one run each) of one data file of
    about mb MB (gen_big.py), against the target: under 4 times the total
    input size (data, templates, assets) plus 100 MB."""
    big = os.path.join(WORK, "big")
    site_big = os.path.join(WORK, "site-big")
    shutil.rmtree(big, ignore_errors=True)
    shutil.rmtree(site_big, ignore_errors=True)
    subprocess.check_call([sys.executable, os.path.join(HERE, "gen_big.py"), big, str(mb)],
                          stdout=subprocess.DEVNULL)
    r = {"data_mb": tree_size(big) / 1e6,
         "input_mb": (tree_size(big) + tree_size("templates") + tree_size("assets")) / 1e6}
    check = [BIN, "check", "-m", big]
    r["check_s"], r["check_mib"] = run(check)
    r["check_total"] = PEAK_TOTAL[" ".join(check)]
    build_big = [BIN, "build", "-q", "-m", big, "-t", "templates", "-a", "assets", "-o", site_big]
    r["build_s"], r["build_mib"] = run(build_big)
    r["build_total"] = PEAK_TOTAL[" ".join(build_big)]
    r["site"] = subprocess.check_output(["du", "-sh", site_big]).decode().split()[0]
    shutil.rmtree(site_big)
    shutil.rmtree(big)
    return r

def memory_section(r):
    target = 4 * r["input_mb"] + 100
    peak = lambda k: max(r[k + "_mib"], r[k + "_total"]) * 1.048576	# MiB to MB
    lines = ["## Memory against input size\n",
             "One data file of %.0f MB (tests/bench/gen_big.py: two metrics, ten years of monthly and "
             "quarterly figures with numerators and denominators for every area; one report, which shows "
             "every figure); %.0f MB of input in all with the templates and assets. Target: peak memory "
             "under 4 times the input plus 100 MB, %.0f MB.\n" % (r["data_mb"], r["input_mb"], target),
             "| run | time (s) | peak memory, largest process (MiB) | all processes together (MiB) | target |",
             "|---|---:|---:|---:|---|"]
    for k, name in (("check", "`check`"), ("build", "`build` (a site of %s)" % r["site"])):
        lines.append("| %s | %.1f | %.0f | %.0f | **%s** (%.1f times the input) |"
                     % (name, r[k + "_s"], r[k + "_mib"], r[k + "_total"],
                        "met" if peak(k) < target else "not met", peak(k) / r["input_mb"]))
    lines.append("")
    return "\n".join(lines) + "\n"

if MEMORY_ONLY:
    print(memory_section(memory_bench(BIG_MB)))
    sys.exit(0)

data = os.path.join(WORK, "national")
data_month = os.path.join(WORK, "national-month")
site = os.path.join(WORK, "site")
for d, extra in ((data, "0"), (data_month, "1")):
    shutil.rmtree(d, ignore_errors=True)
    subprocess.check_call([sys.executable, os.path.join(HERE, "gen_national.py"), d, extra])

build = [BIN, "build", "-q", "-m", data, "-t", "templates", "-a", "assets", "-o", site]
full, full_mem, full_all = median_of([build + ["--force"] for _ in range(REPS)])
full_total = PEAK_TOTAL[" ".join(build + ["--force"])]
noop, noop_mem, noop_all = median_of([build for _ in range(REPS)])

# one new month: each time from a copy of the full site
month_runs = []
for _ in range(REPS):
    copy = os.path.join(WORK, "site-month")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, symlinks=True)
    month_runs.append(run([BIN, "build", "-q", "-m", data_month, "-t", "templates", "-a", "assets", "-o", copy]))
month = statistics.median(r[0] for r in month_runs)
month_mem = max(r[1] for r in month_runs)

def same_tree(a, b):
    """Files that differ between two sites (the manifest records times of
    writing, so it is left out)."""
    out = subprocess.run(["diff", "-rq", "-x", ".bcfgen-manifest", a, b], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT).stdout.decode()
    return len(out.splitlines())

# byte-identical for any -j, and with and without incremental reuse
site_j1 = os.path.join(WORK, "site-j1")
shutil.rmtree(site_j1, ignore_errors=True)
run([BIN, "build", "-q", "--force", "-j", "1", "-m", data, "-t", "templates", "-a", "assets", "-o", site_j1])
differ_j = same_tree(site, site_j1)
shutil.rmtree(site_j1)
site_mf = os.path.join(WORK, "site-month-full")
shutil.rmtree(site_mf, ignore_errors=True)
run([BIN, "build", "-q", "--force", "-m", data_month, "-t", "templates", "-a", "assets", "-o", site_mf])
differ_reuse = same_tree(site_mf, os.path.join(WORK, "site-month"))
shutil.rmtree(site_mf)

def du_bytes(d):
    """Bytes on disk as du counts them: a file hard-linked from several
    reports once."""
    return int(subprocess.check_output(["du", "-sb", d]).decode().split()[0])

def by_kind(d):
    """Bytes of each kind of file (hard links once), largest first."""
    seen, kinds = set(), {}
    for dp, _, fs in os.walk(d):
        for f in fs:
            st = os.lstat(os.path.join(dp, f))
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            ext = f.rsplit(".", 1)[-1] if "." in f else f
            kinds[ext] = kinds.get(ext, 0) + st.st_size
    return sorted(kinds.items(), key=lambda kv: -kv[1])

site_bytes = du_bytes(site)
site_kinds = by_kind(site)

# where the time of a full build goes: perf, one worker, so that every
# sample is the build's own
PROFILE_GROUPS = [
    ("funnel limits (the chi-square quantile's incomplete gamma)", ("gamma_p", "funnel_", "stats_chi2")),
    ("PNG encoding (filters, deflate, checksums)", ("png_", "deflate", "longest_match", "adler", "crc32",
                                                    "=block", "=put", "compress_block", "fill_window",
                                                    "libz.so")),
    ("number formatting (printf of figures and coordinates)", ("printf", "mpn_", "hack_digit", "itoa",
                                                               "__printf_fp", "vsnprintf", "xsputn")),
    ("drawing (cairo, pixman, freetype)", ("libcairo", "libpixman", "libfreetype", "libfontconfig")),
    ("the kernel (writing and removing files)", ("[kernel",)),
    ("statistics and series (SPC, intervals)", ("stats_", "report_", "model_series", "period_")),
]

def profile():
    if not shutil.which("perf"):
        return None
    pdata = os.path.join(WORK, "perf.data")
    psite = os.path.join(WORK, "site-perf")
    r = subprocess.run(["perf", "record", "-F", "999", "-o", pdata, BIN, "build", "-q", "--force", "-j", "1",
                        "-m", data, "-t", "templates", "-a", "assets", "-o", psite], env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(psite, ignore_errors=True)
    if r.returncode != 0:
        return None
    rep = subprocess.run(["perf", "report", "-i", pdata, "--no-children", "--sort", "dso,symbol", "--stdio"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    os.remove(pdata)
    rows = []
    for line in rep.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith("%") and not line.startswith("#"):
            try:
                rows.append((float(parts[0][:-1]), parts[1], parts[3]))
            except ValueError:
                pass
    def hit(keys, dso, sym):
        return any(sym == k[1:] if k[0] == "=" else (k in sym or k in dso) for k in keys)
    groups = []
    rest = sum(pct for pct, _, _ in rows)
    for name, keys in PROFILE_GROUPS:
        share = sum(pct for pct, dso, sym in rows if hit(keys, dso, sym))
        rows = [r for r in rows if not hit(keys, r[1], r[2])]
        groups.append((share, name))
        rest -= share
    groups.append((rest, "everything else"))
    return sorted(groups, reverse=True)

prof = profile()

# what the full build drew: SPC charts (SVG + PNG each), and their points
reports = sorted(d for d in os.listdir(site) if d[:2] == "20")
metrics = [l.split(",")[0] for l in open(os.path.join(data, "metrics.csv")).read().splitlines()[1:]]
n_charts = len(reports) * len(metrics)
points = []
for q in range(len(reports)):
    for line in open(os.path.join(data, "metrics.csv")).read().splitlines()[1:]:
        freq = line.split(",")[4]
        points.append(3 * (q + 1) if freq == "month" else q + 1 if freq == "quarter" else max(1, (q + 1) // 4))
avg_points = round(sum(points) / len(points))

# gnuplot draws the same number of charts, same size, same points, two
# series each, as PNG (pngcairo) and SVG, in one process
gdir = os.path.join(WORK, "gnuplot")
shutil.rmtree(gdir, ignore_errors=True)
os.makedirs(gdir)
script = [
    "set datafile separator ','",
    "set key top left",
    "set grid ytics",
    "set xlabel 'period'",
]
for i, n in enumerate(points):
    rows = "\n".join("%d,%.1f,%.1f" % (k, 400 + (k * 37 % 90), 420 + (k * 53 % 70)) for k in range(n))
    script.append("$d%d << EOD\n%s\nEOD" % (i, rows))
    for term, ext in (("pngcairo size 800,450 font 'DejaVu Sans,10'", "png"), ("svg size 800,450 font 'DejaVu Sans,10'", "svg")):
        script.append("set terminal %s" % term)
        script.append("set output '%s/%d.%s'" % (gdir, i, ext))
        script.append("set title 'Chart %d'" % i)
        script.append("plot $d%d using 1:2 with linespoints title 'Home', $d%d using 1:3 with lines dashtype 2 title 'England'" % (i, i))
script.append("unset output")
with open(os.path.join(WORK, "charts.gp"), "w") as f:
    f.write("\n".join(script) + "\n")
gp, gp_mem, gp_all = median_of([["gnuplot", os.path.join(WORK, "charts.gp")] for _ in range(REPS)])

def avg_size(d, ext):
    sizes = [os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(ext)]
    return sum(sizes) / max(1, len(sizes))

# bcfgen's chart code drawing just those charts: the like-for-like figure
bc = None
if CHARTS_BIN:
    bdir = os.path.join(WORK, "bcfgen-charts")
    shutil.rmtree(bdir, ignore_errors=True)
    os.makedirs(bdir)
    with open(os.path.join(WORK, "points.txt"), "w") as f:
        f.write("\n".join(str(n) for n in points) + "\n")
    bc, bc_mem, bc_all = median_of([[CHARTS_BIN, os.path.join(WORK, "points.txt"), bdir] for _ in range(REPS)])

# every area: once (it is about 150 times the home area's site)
site_all = os.path.join(WORK, "site-all")
shutil.rmtree(site_all, ignore_errors=True)
build_all = [BIN, "build", "-q", "--all-areas", "-m", data, "-t", "templates", "-a", "assets", "-o", site_all]
all_full, all_mem = run(build_all)
all_total = PEAK_TOTAL[" ".join(build_all)]
all_noop, all_noop_mem = run(build_all)
all_files = sum(len(f) for _, _, f in os.walk(site_all))
all_bytes = du_bytes(site_all)
all_size = "%.2f GB" % (all_bytes / 1e9)
all_areas = len(os.listdir(os.path.join(site_all, "areas"))) - 1
shutil.rmtree(site_all)	# large: not left behind on the developer's disk
memory = memory_bench(BIG_MB)
shutil.rmtree(os.path.join(WORK, "site-month"), ignore_errors=True)

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"

def mem_total():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        return "unknown"

size = "%.0f MB" % (site_bytes / 1e6)
files = sum(len(f) for _, _, f in os.walk(site))
gp_ver = subprocess.check_output(["gnuplot", "--version"]).decode().strip()
ratio = gp / full
rows = [
    ("Full build (`--force`)", full, full_mem, full_all),
    ("No-op rebuild", noop, noop_mem, noop_all),
    ("One new month of data", month, month_mem, [r[0] for r in month_runs]),
    ("gnuplot: the same %d charts, PNG + SVG" % n_charts, gp, gp_mem, gp_all),
]
if bc is not None:
    rows.append(("bcfgen's chart code: the same %d charts, PNG + SVG" % n_charts, bc, bc_mem, bc_all))
rows.append(("`--all-areas` full build (one run)", all_full, all_mem, [all_full]))
rows.append(("`--all-areas` no-op rebuild (one run)", all_noop, all_noop_mem, [all_noop]))
out = []
out.append("# Benchmark results\n")
out.append("Written by `make bench` (tests/bench/bench.py); medians of %d runs each.\n" % REPS)
out.append("## Machine\n")
out.append("- CPU: %s, %d processors; memory %s" % (cpu_model(), os.cpu_count(), mem_total()))
out.append("- %s; %s" % (platform.platform(), gp_ver))
out.append("- bcfgen run with its default `-j` (one worker per processor)\n")
out.append("## Workload\n")
out.append("Synthetic national data (tests/bench/gen_national.py): %s areas plus England, 12 metrics "
           "(the four national and eight local; monthly, quarterly and annual), ten financial years "
           "2009-10 to 2018-19 with numerators, denominators and plans: %d quarterly reports, "
           "%d metric pages, %d SPC charts (SVG + PNG), the same number of comparison charts of "
           "every area and sparklines. The site is %s in %d files.\n"
           % (150, len(reports), n_charts, n_charts, size, files))
out.append("## Results\n")
out.append("| run | median (s) | all runs (s) | peak memory, largest process (MiB) |")
out.append("|---|---:|---|---:|")
for name, med, mem, alls in rows:
    out.append("| %s | %.2f | %s | %.0f |" % (name, med, ", ".join("%.2f" % x for x in alls), mem))
out.append("")
out.append("## Against the targets (issue 15)\n")
verdict = lambda ok: "**met**" if ok else "**not met**"
out.append("- Full build against gnuplot drawing only the same number of charts (%d charts of %d points "
           "on average, 800 x 450, as PNG and SVG): gnuplot takes %.2f s, bcfgen %.2f s for the whole "
           "site: bcfgen takes **%.2f** times gnuplot's time; target at most 0.25: %s."
           % (n_charts, avg_points, gp, full, full / gp, verdict(full / gp <= 0.25)))
out.append("- Site size: %.1f MB (du, hard links once); target under 100 MB: %s. By kind: %s."
           % (site_bytes / 1e6, verdict(site_bytes < 100e6),
              ", ".join("%s %.1f MB" % (k, b / 1e6) for k, b in site_kinds[:6])))
out.append("- No-op rebuild: %.1f%% of a full build; target under 3%%: %s."
           % (100 * noop / full, verdict(noop / full < 0.03)))
out.append("- One new month: %.1f%% of a full build; target under 10%%: %s."
           % (100 * month / full, verdict(month / full < 0.10)))
out.append("- `--all-areas`: %d area sections besides the home area's, %d files, %s; %.1f s (no-op "
           "rebuild %.1f s); peak memory %.0f MiB in the largest process, %.0f MiB for all processes "
           "together. Targets: under 60 s %s, under 2 GB %s, under 256 MiB %s."
           % (all_areas, all_files, all_size, all_full, all_noop, all_mem, all_total, verdict(all_full < 60),
              verdict(all_bytes < 2e9), verdict(max(all_mem, all_total) < 256)))
out.append("- Byte-identical output: the default `-j` against `-j 1`: %s; one new month built "
           "incrementally against the same built with `--force`: %s."
           % ("identical" if differ_j == 0 else "**%d files differ**" % differ_j,
              "identical" if differ_reuse == 0 else "**%d files differ**" % differ_reuse))
out.append("- Peak memory of a full build: %.0f MiB in the largest process, %.0f MiB for all its "
           "processes together (proportional set size: the model, loaded before the workers fork, "
           "is shared)." % (full_mem, full_total))
out.append("")
out.append("## Where the time of a full build goes\n")
if prof:
    out.append("`perf record` of one full build with one worker (`-j 1`), its samples grouped by "
               "function:\n")
    for share, name in prof:
        out.append("- %.0f%% %s" % (share, name))
else:
    out.append("Not measured: `perf` is not installed (Debian: `apt-get install linux-perf`).")
out.append("")
if bc is not None:
    out.append("## The charts alone\n")
    out.append("The same %d charts drawn by bcfgen's chart code (`bench_charts`, one process, as gnuplot) "
               "take %.2f s against gnuplot's %.2f s: gnuplot's time over bcfgen's is %.2f. Average file "
               "sizes, bcfgen against gnuplot: SVG %.1f KB against %.1f KB (bcfgen's text is real "
               "`<text>`), PNG %.1f KB against %.1f KB."
               % (n_charts, bc, gp, gp / bc, avg_size(bdir, ".svg") / 1000, avg_size(gdir, ".svg") / 1000,
                  avg_size(bdir, ".png") / 1000, avg_size(gdir, ".png") / 1000))
    out.append("")
text = "\n".join(out) + "\n" + memory_section(memory)
with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
    f.write(text)
print(text)
