#!/bin/sh
# With --all-areas every (area, metric, report) series is worked out at
# most twice: the statistics are computed per report, not once per area
# folder that shows them.  Twice: once in the metric's unit of work
# (charts, page, download) and once in the unit of the report's own files
# (scorecard, print view, data.csv), which may run on another worker and
# so works out again what it shows.  The build counts the series it works
# out (BCFGEN_TEST_COUNT_SERIES, one process with -j 1): with and without
# --all-areas the count must be at least areas x metrics x reports and at
# most twice that; a series worked out per area folder would be counted
# once for each.
# Usage: series-count.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
status=0
rm -rf "$OUT"
mkdir -p "$OUT"

count() {
	BCFGEN_TEST_COUNT_SERIES=1 "$BIN" build -q -j 1 --force "$@" 2>&1 |
		sed -n 's/^bcfgen: \([0-9]*\) series worked out$/\1/p'
}

for m in metrics tests/golden/all-areas/metrics; do
	name=$(echo "$m" | tr / -)
	one=$(count -m "$m" -o "$OUT/$name")
	all=$(count -m "$m" -o "$OUT/$name-all" --all-areas)
	# areas: every area code in the download of every area; metrics: the
	# pages of a report; reports: the report folders
	site=$OUT/$name
	reports=$(find "$site" -mindepth 1 -maxdepth 1 -type d -name '20*' | wc -l)
	latest=$(find "$site" -mindepth 1 -maxdepth 1 -type d -name '20*' | sort | tail -n 1)
	metrics=$(find "$latest" -name '*.html' ! -name index.html ! -name print.html | wc -l)
	areas=$(tail -n +2 "$m/areas.csv" | grep -c .)
	want=$((areas * metrics * reports))
	[ -n "$one" ] && [ "$one" -gt 0 ] || { echo "$m: no count printed"; status=1; continue; }
	# without --all-areas a report works out only the series its pages
	# show: the home area's, the benchmark's, and the compared areas'
	[ "$one" -le $((2 * want)) ] ||
		{ echo "$m: $one series worked out, at most twice $areas areas x $metrics metrics x $reports reports = $want expected"; status=1; }
	[ -n "$all" ] && [ "$all" -ge "$want" ] && [ "$all" -le $((2 * want)) ] ||
		{ echo "$m: --all-areas worked out $all series, expected $want to $((2 * want)): statistics computed again per area folder"; status=1; }
done
[ $status = 0 ] && rm -rf "$OUT"
exit $status
