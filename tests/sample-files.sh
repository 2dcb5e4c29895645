#!/bin/sh
# Every report the sample data implies, each with every catalogue metric's
# .html, .svg, .png and .csv, plus data.csv and index.html.
set -u
SITE=$1
status=0
ids=$(tail -n +2 metrics/metrics.csv | cut -d, -f1)
reports=$(ls -d "$SITE"/20*/ | wc -l)
# the sample runs from 2016-17 Q1 (first_period) to 2018-19 Q2: ten quarters
[ "$reports" = 10 ] || { echo "expected 10 reports, found $reports"; status=1; }
for q in "$SITE"/20*/; do
	for f in index.html data.csv; do
		[ -s "$q$f" ] || { echo "missing $q$f"; status=1; }
	done
	for id in $ids; do
		for ext in html svg png csv; do
			[ -s "$q$id.$ext" ] || { echo "missing $q$id.$ext"; status=1; }
		done
	done
done
for f in index.html about.html accessibility.html assets/style.css; do
	[ -s "$SITE/$f" ] || { echo "missing $SITE/$f"; status=1; }
done
head -1 "$SITE/2018-19-q2/data.csv" | grep -qx 'metric,area_code,area_name,period,numerator,denominator,value,lower_ci,upper_ci,plan,mean,lower_process_limit,upper_process_limit,variation,assurance,comparison,flag,unit' ||
	{ echo "data.csv header differs from FORMATS.md"; status=1; }
# no report shows data from after its quarter
if grep -q ',2018-10,' "$SITE/2018-19-q2/dtoc.csv" || grep -q ',2018-19-q2,' "$SITE/2018-19-q1/nea.csv"; then
	echo "a report shows data from after its quarter"
	status=1
fi
# every page marks the data as illustrative
for p in $(find "$SITE" -name '*.html'); do
	grep -q 'Illustrative data' "$p" || { echo "$p: no illustrative-data notice"; status=1; }
done
exit $status
