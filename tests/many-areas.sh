#!/bin/sh
# Any number of areas: 10,000 build, and each metric page's comparison
# chart is a ranked dot chart of fixed size (above 150 areas) that names
# the home area and the benchmark, with every area still in the table.
# Usage: many-areas.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
N=10000
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
fail() { echo "$*"; status=1; }
rm -rf "$OUT"
mkdir -p "$OUT/metrics/data"
cat >"$OUT/metrics/site.ini" <<'INI'
[site]
title = Many areas
organisation = Test
home_area = E0004242
benchmark_area = E92000001
INI
cat >"$OUT/metrics/metrics.csv" <<'CSV'
id,title,short_title,unit,polarity,frequency,decimals
adm,Admissions from the waiting list,Admissions,percent,lower,quarter,1
CSV
# figures between 20% and 40% from a fixed sequence: the same every run
awk -v n=$N 'BEGIN {
	print "area_code,area_name,period,numerator,denominator"
	print "E92000001,England,2018-19 Q1,300000,1000000"
	print "E92000001,England,2018-19 Q2,301000,1000000"
	s = 7
	for (i = 0; i < n; i++) {
		s = (s * 1103515245 + 12345) % 2147483648; den = 200 + s % 20000
		s = (s * 1103515245 + 12345) % 2147483648; num = int(den * (0.2 + (s % 1000) / 5000))
		printf "E%07d,Area %d,2018-19 Q1,%d,%d\n", i, i, num, den
		printf "E%07d,Area %d,2018-19 Q2,%d,%d\n", i, i, num + 1, den
	}
}' >"$OUT/metrics/data/adm.csv"
"$BIN" build -q -j 2 -m "$OUT/metrics" -o "$OUT/site" 2>"$OUT/log" || { cat "$OUT/log"; fail "a build of $N areas failed"; exit 1; }
for q in 2018-19-q1 2018-19-q2; do
	png=$OUT/site/$q/adm-compare.png svg=$OUT/site/$q/adm-compare.svg
	[ -f "$png" ] && [ -f "$svg" ] || { fail "$q: no comparison chart"; continue; }
	# width and height from the PNG's header: 800 x 500
	size=$(od -An -tu1 -j16 -N8 "$png" | awk '{ printf "%d x %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
	[ "$size" = "800 x 500" ] || fail "$q: the comparison chart is $size pixels, not 800 x 500"
	grep -q '<svg [^>]*width="800" height="500"' "$svg" || fail "$q: the SVG is not 800 x 500"
	# it names the home area with its rank, and the benchmark
	grep -q ">Area 4242: [0-9.]*%, ranked [0-9,]* of 10,000<" "$svg" || fail "$q: the home area is not named on the chart"
	grep -q '>England 30' "$svg" || fail "$q: the benchmark is not named on the chart"
	# a fixed size in bytes too, whatever the number of areas
	[ "$(wc -c <"$svg")" -lt 100000 ] || fail "$q: the SVG grows with the areas ($(wc -c <"$svg") bytes)"
	grep -q 'height="500"' "$OUT/site/$q/adm.html" || fail "$q: the page gives the chart another height"
	rows=$(grep -c '<th scope="row"' "$OUT/site/$q/adm.html")
	[ "$rows" -ge $N ] || fail "$q: the page's table lists $rows areas, not $N"
done
exit $status
