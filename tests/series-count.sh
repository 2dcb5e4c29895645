#!/bin/sh
# With --all-areas every (area, metric, report) series is worked out once:
# the statistics are computed per report, not once per area folder that
# shows them.  The build counts the series it works out
# (BCFGEN_TEST_COUNT_SERIES, one process with -j 1): the count must be the
# same with and without --all-areas, and equal to areas x metrics x reports.
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
	[ "$one" = "$want" ] ||
		{ echo "$m: $one series worked out, expected $areas areas x $metrics metrics x $reports reports = $want"; status=1; }
	[ "$all" = "$one" ] ||
		{ echo "$m: --all-areas worked out $all series, without it $one: statistics computed again per area folder"; status=1; }
done
[ $status = 0 ] && rm -rf "$OUT"
exit $status
