#!/bin/sh
# Memory bounded by the input: 'check' and 'build' of a 20 MB data file
# (tests/bench/gen_big.py: every row a figure, one report that shows them
# all) each peak under 4 times the input plus 100 MB, the bound the
# benchmark measures at 200 MB.  Peak resident memory comes from
# getrusage, through python3.  Usage: memory.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
rm -rf "$OUT"
mkdir -p "$OUT"
python3 tests/bench/gen_big.py "$OUT/metrics" 20 >/dev/null || exit 1
python3 - "$BIN" "$OUT" <<'PY'
import os, resource, subprocess, sys
binary, out = sys.argv[1], sys.argv[2]
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(out, "metrics")) for f in fs)
limit = 4 * size + 100 * 1000 * 1000
status = 0
for args in (["check", "-m", out + "/metrics"],
             ["build", "-q", "-j", "1", "-m", out + "/metrics", "-o", out + "/site"]):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([binary] + args, stderr=subprocess.PIPE)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if r.returncode != 0:
        print("%s failed: %s" % (args[0], r.stderr.decode()[:500]))
        status = 1
    elif peak > limit:
        print("%s of %d bytes of input peaked at %d MB, over 4 x input + 100 MB = %d MB"
              % (args[0], size, peak // 1000000, limit // 1000000))
        status = 1
    if peak // 1024 < before:
        print("note: the peak of %s is hidden by an earlier, larger one" % args[0])
sys.exit(status)
PY
status=$?
rm -rf "$OUT"
exit $status
