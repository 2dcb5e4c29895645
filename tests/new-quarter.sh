#!/bin/sh
# A new quarter's report is built in units of (report, metric) shared by
# the workers, and its report folder's own files in a unit of their own
# that works every metric out again: the result must be the same bytes as
# a full build with one worker, whatever the number of workers, whether
# the earlier reports are taken from the last build or not.  A unit that
# read what another worker writes, a report unit whose funnel limits came
# from the wrong metric or quarter (report_shared), or a metric taken
# whole whose page needed limits it did not work out would differ here.
# Usage: new-quarter.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
rm -rf "$OUT"
mkdir -p "$OUT"
"$BIN" build -q --force -j 1 -o "$OUT/full" 2>/dev/null || exit 1
for j in 2 3 5; do
	# the site up to 2018-19 Q1, then the new quarter on j workers
	"$BIN" build -q --force -j "$j" --period "2018-19 Q1" -o "$OUT/site-$j" 2>/dev/null || exit 1
	"$BIN" build -j "$j" -o "$OUT/site-$j" 2>"$OUT/log-$j" || { cat "$OUT/log-$j"; exit 1; }
	grep -q "(1 new: 2018-19 Q2)" "$OUT/log-$j" ||
		{ echo "-j $j: the rebuild did not build just the new quarter:"; cat "$OUT/log-$j"; status=1; }
	grep -q "($j jobs)" "$OUT/log-$j" ||
		{ echo "-j $j: the build did not run on $j workers:"; cat "$OUT/log-$j"; status=1; }
	diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/site-$j" ||
		{ echo "-j $j: the new quarter built on the last build differs from a full build"; status=1; }
	"$BIN" build -q --force -j "$j" -o "$OUT/force-$j" 2>/dev/null || exit 1
	diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/force-$j" ||
		{ echo "-j $j: a full build differs from one with one worker"; status=1; }
done
[ $status = 0 ] && rm -rf "$OUT"
exit $status
