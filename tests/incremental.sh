#!/bin/sh
# Incremental builds: a rebuild with nothing changed draws nothing and
# changes nothing; after one changed cell exactly the pages that show it
# change, and the result equals a full (--force) build.
# Usage: incremental.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
rm -rf "$OUT"
mkdir -p "$OUT"
"$BIN" build -q -o "$OUT/site" || exit 1
cp -a "$OUT/site" "$OUT/before"
"$BIN" build -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q ' 0 charts drawn' "$OUT/log" || { echo "a rebuild with no change drew charts:"; cat "$OUT/log"; status=1; }
diff -r "$OUT/before" "$OUT/site" || { echo "a rebuild with no change changed files"; status=1; }

# one cell: Sample Borough's non-elective admissions in 2018-19 Q1
cp -r metrics "$OUT/metrics"
sed 's/^nea,E06009999,Sample Borough,2018-19 Q1,"6,099"/nea,E06009999,Sample Borough,2018-19 Q1,"6,100"/' \
	metrics/data/nea.csv >"$OUT/metrics/data/nea.csv"
cmp -s metrics/data/nea.csv "$OUT/metrics/data/nea.csv" && { echo "the cell was not changed"; exit 1; }
"$BIN" build -q -m "$OUT/metrics" -o "$OUT/site" || exit 1
(cd "$OUT" && diff -rq before site | sed 's/^Files before\/\([^ ]*\) and .*/\1/' | sort) >"$OUT/changed"
cat >"$OUT/expected" <<'LIST'
.bcfgen-manifest
2018-19-q1/card.png
2018-19-q1/data.csv
2018-19-q1/headlines.txt
2018-19-q1/index.html
2018-19-q1/nea-card.png
2018-19-q1/nea-compare-narrow.svg
2018-19-q1/nea-compare.csv
2018-19-q1/nea-compare.png
2018-19-q1/nea-compare.svg
2018-19-q1/nea-narrow.svg
2018-19-q1/nea-trend.svg
2018-19-q1/nea.csv
2018-19-q1/nea.html
2018-19-q1/nea.png
2018-19-q1/nea.svg
2018-19-q1/print.html
2018-19-q2/card.png
2018-19-q2/data.csv
2018-19-q2/index.html
2018-19-q2/nea-card.png
2018-19-q2/nea-narrow.svg
2018-19-q2/nea-trend.svg
2018-19-q2/nea.csv
2018-19-q2/nea.html
2018-19-q2/nea.png
2018-19-q2/nea.svg
2018-19-q2/print.html
data.csv
feed.xml
LIST
diff "$OUT/expected" "$OUT/changed" || { echo "other files changed than the ones that show the cell"; status=1; }
"$BIN" build -q --force -m "$OUT/metrics" -o "$OUT/full" || exit 1
# (the manifest records when each file was written: not compared)
diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/site" || { echo "the incremental build differs from a full one"; status=1; }

# a cell of the catalogue that only the metric's pages show (its source):
# those pages are written again, and the site equals a full build
sed 's/^\(nea,.*\),Illustrative; modelled on NHS England Secondary Uses Service data/\1,Illustrative; modelled on SUS data/' \
	"$OUT/metrics/metrics.csv" >"$OUT/metrics.csv" && mv "$OUT/metrics.csv" "$OUT/metrics/metrics.csv"
grep -q 'modelled on SUS data' "$OUT/metrics/metrics.csv" || { echo "the catalogue cell was not changed"; exit 1; }
"$BIN" build -q -m "$OUT/metrics" -o "$OUT/site" || exit 1
grep -q 'modelled on SUS data' "$OUT/site/2018-19-q2/nea.html" ||
	{ echo "a metric's page kept its old source after the catalogue changed"; status=1; }
"$BIN" build -q --force -m "$OUT/metrics" -o "$OUT/full" || exit 1
diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/site" || { echo "after a catalogue change the incremental build differs from a full one"; status=1; }

# an annotation added, for the quarter of the last report: the pages
# and charts that show it are written again (the chart and its list
# mark it), and only those; then its text changed: the same again
note_build() {
	rm -rf "$OUT/before"
	cp -a "$OUT/site" "$OUT/before"
	"$BIN" build -q -m "$OUT/metrics" -o "$OUT/site" || exit 1
	(cd "$OUT" && diff -rq before site | sed 's/^Files before\/\([^ ]*\) and .*/\1/' | sort) >"$OUT/changed"
	diff "$OUT/expected" "$OUT/changed" || { echo "$1: other files changed than the ones that show the annotation"; status=1; }
	grep -q "$2" "$OUT/site/2018-19-q2/nea.html" || { echo "$1: nea.html does not list the annotation"; status=1; }
	"$BIN" build -q --force -m "$OUT/metrics" -o "$OUT/full" || exit 1
	diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/site" || { echo "$1: the incremental build differs from a full one"; status=1; }
}
cat >"$OUT/expected" <<'LIST'
.bcfgen-manifest
2018-19-q2/nea-card.png
2018-19-q2/nea-narrow.svg
2018-19-q2/nea.html
2018-19-q2/nea.png
2018-19-q2/nea.svg
2018-19-q2/print.html
LIST
# (beside the sample's own events, which stay as they are)
cp metrics/annotations.csv "$OUT/annotations.csv"
{ cat "$OUT/annotations.csv"; echo 'nea,,2018-19 Q2,Care navigators start'; } >"$OUT/metrics/annotations.csv"
note_build "an annotation added" "Care navigators start"
# (the PNG shows the number, not the text: it stays as it was)
grep -v 'nea.png\|nea-card.png' "$OUT/expected" >"$OUT/expected.svg" && mv "$OUT/expected.svg" "$OUT/expected"
{ cat "$OUT/annotations.csv"; echo 'nea,,2018-19 Q2,Care navigators in post'; } >"$OUT/metrics/annotations.csv"
note_build "an annotation's text changed" "Care navigators in post"

# nothing the pages show changed, but the CSS or a standing page did: the
# site is built again, with them (a build with nothing changed at all
# leaves the site alone)
cp -r assets "$OUT/assets"
echo '/* changed */' >>"$OUT/assets/style.css"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
cmp -s "$OUT/assets/style.css" "$OUT/site/assets/style.css" || { echo "a changed style sheet was not published"; status=1; }
echo 'One more line.' >>"$OUT/metrics/pages/about.md"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
grep -q 'One more line.' "$OUT/site/about.html" || { echo "a changed standing page was not published"; status=1; }

# published files edited or removed by hand, nothing else changed: the
# rebuild notices (size and modification time differ from the manifest's)
# and writes them again, in every report that shares an edited file by a
# hard link, rather than taking the edited copy into the new site
"$BIN" build -q --force -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/ref" || exit 1
shared=$(cd "$OUT/site" && find . -name '*.csv' ! -name data.csv -links +1 | sort | head -n 1)
[ -n "$shared" ] || { echo "no download shared between reports to edit"; status=1; }
n_shared=$(find "$OUT/site" -samefile "$OUT/site/$shared" | wc -l)
[ "$n_shared" -gt 1 ] || { echo "$shared is not shared by a hard link"; status=1; }
echo '=HYPERLINK("http://example.org")' >>"$OUT/site/$shared"
printf 'X' | dd of="$OUT/site/2018-19-q1/nea.html" bs=1 seek=20 conv=notrunc 2>/dev/null
rm "$OUT/site/2018-19-q2/nea.png"
"$BIN" build -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q 'nothing changed' "$OUT/log" && { echo "a rebuild after files were edited by hand said nothing changed"; status=1; }
diff -r -x .bcfgen-manifest "$OUT/ref" "$OUT/site" ||
	{ echo "files edited or removed by hand were not written again (in $n_shared reports)"; status=1; }
"$BIN" build -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q 'nothing changed' "$OUT/log" || { echo "the rebuild after the repair was not a no-op:"; cat "$OUT/log"; status=1; }

# files dropped into folders of bcfgen's (a page into a report, a script
# into assets/) are not part of the site it made: a rebuild with nothing
# else changed removes them; a file of someone's at the top is kept
echo '<script>alert(1)</script>' >"$OUT/site/2018-19-q2/evil.html"
echo 'x' >"$OUT/site/assets/extra.js"
echo 'bcf.example.org' >"$OUT/site/CNAME"
"$BIN" build -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q 'nothing changed' "$OUT/log" && { echo "a rebuild after files were dropped into the site said nothing changed"; status=1; }
[ -e "$OUT/site/2018-19-q2/evil.html" ] || [ -e "$OUT/site/assets/extra.js" ] &&
	{ echo "files dropped into the site's own folders stayed published"; status=1; }
[ -f "$OUT/site/CNAME" ] || { echo "CNAME at the top of the site was not kept"; status=1; }
diff -r -x .bcfgen-manifest -x CNAME "$OUT/ref" "$OUT/site" || { echo "the site after the drop-in differs"; status=1; }
rm "$OUT/site/CNAME"
# the same for an empty folder or a dot file dropped into them, and
# bcfgen's marker removed: each is noticed and mended by the next build
mkdir "$OUT/site/2018-19-q1/newdir"
echo 'deny from all' >"$OUT/site/assets/.htaccess"
"$BIN" build -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q 'nothing changed' "$OUT/log" && { echo "an empty folder or a dot file dropped into the site went unnoticed"; status=1; }
diff -r -x .bcfgen-manifest "$OUT/ref" "$OUT/site" || { echo "an empty folder or a dot file dropped into the site stayed"; status=1; }
rm "$OUT/site/.bcfgen-site"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
[ -f "$OUT/site/.bcfgen-site" ] || { echo "a removed .bcfgen-site was not written again"; status=1; }
# without that list, the last build's manifest says what is bcfgen's, as
# the build left it: the site's data.csv replaced by someone's is theirs,
# refused and kept
rm "$OUT/site/.bcfgen-site"
echo 'my own figures' >"$OUT/site/data.csv"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/err" &&
	{ echo "a data.csv replaced by someone's, with no .bcfgen-site, was built over"; status=1; }
grep -q "data.csv: error: this was not made by bcfgen" "$OUT/err" ||
	{ echo "the refusal does not name data.csv:"; cat "$OUT/err"; status=1; }
[ "$(cat "$OUT/site/data.csv")" = 'my own figures' ] || { echo "someone's data.csv was not kept"; status=1; }
rm "$OUT/site/data.csv"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
[ -f "$OUT/site/.bcfgen-site" ] && [ -f "$OUT/site/data.csv" ] || { echo "the site was not made again"; status=1; }

# an asset over 64 MiB (sparse, so quick to make) changed in its last byte:
# published, not taken for unchanged
big="$OUT/assets/big.bin"
truncate -s 65M "$big"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
printf 'x' | dd of="$big" bs=1 seek=$((65 * 1024 * 1024 - 1)) conv=notrunc 2>/dev/null
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
cmp -s "$big" "$OUT/site/assets/big.bin" || { echo "a changed asset over 64 MiB was not published"; status=1; }
rm -f "$big"
"$BIN" build -q -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" || exit 1
[ -e "$OUT/site/assets/big.bin" ] && { echo "a removed asset is still published"; status=1; }

# the charts' font resolves to another file (fontconfig set up to offer
# only DejaVu Sans Mono): every chart is drawn again, as a full build with
# that font draws it
mono=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
if [ -f "$mono" ]; then
	mkdir -p "$OUT/fonts" "$OUT/fontcache"
	cp "$mono" "$OUT/fonts/"
	abs=$(cd "$OUT" && pwd)	# fontconfig wants absolute paths
	cat >"$OUT/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>$abs/fonts</dir><cachedir>$abs/fontcache</cachedir></fontconfig>
CONF
	FONTCONFIG_FILE="$abs/fonts.conf" "$BIN" build -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/site" 2>"$OUT/log" || exit 1
	grep -q 'nothing changed' "$OUT/log" && { echo "a build with another font file said nothing changed"; status=1; }
	FONTCONFIG_FILE="$abs/fonts.conf" "$BIN" build -q --force -m "$OUT/metrics" -a "$OUT/assets" -o "$OUT/mono" || exit 1
	diff -r -x .bcfgen-manifest "$OUT/mono" "$OUT/site" >/dev/null || { echo "charts drawn in the old font stayed"; status=1; }
	cmp -s "$OUT/mono/2018-19-q2/nea.png" "$OUT/ref/2018-19-q2/nea.png" && { echo "the font made no difference to a chart"; status=1; }
else
	echo "note: $mono missing, the font check is skipped"
fi
# what a build says it did: the reports new in it, each metric whose pages
# changed and in how many reports; a new month with no plan and a new
# quarter with no commentary are warned about; -q prints only warnings
N="$OUT/news"
mkdir -p "$N/metrics/data" "$N/metrics/narrative/2018-19-q1" "$N/metrics/narrative/2018-19-q2"
printf '[site]\ntitle = News\nhome_area = E06000001\n' >"$N/metrics/site.ini"
cat >"$N/metrics/metrics.csv" <<'CSV'
id,title,short_title,unit,polarity,frequency
adm,Emergency admissions,Admissions,count,lower,month
beds,Beds occupied,Beds,count,lower,quarter
CSV
{
	echo 'metric,area_code,period,value,plan'
	for m in 04 05 06 07 08 09; do echo "adm,E06000001,2018-$m,1$m,110"; done
	echo 'beds,E06000001,2018-19 Q1,40,45'
	echo 'beds,E06000001,2018-19 Q2,41,45'
} >"$N/metrics/data/figures.csv"
echo 'The first quarter.' >"$N/metrics/narrative/2018-19-q1/index.md"
echo 'The second quarter.' >"$N/metrics/narrative/2018-19-q2/index.md"
# the seconds taken vary: left out
news() {
	"$BIN" build -j 1 "$@" -m "$N/metrics" -t templates -a assets -o "$N/site" 2>"$N/log" || { cat "$N/log"; exit 1; }
	sed 's/ in [0-9.]* s / in T s /; s/ in [0-9.]* s$/ in T s/' "$N/log" >"$N/said"
}
said() {
	printf '%s\n' "$@" >"$N/expected"
	diff "$N/expected" "$N/said" || { echo "the build said otherwise ($1)"; status=1; }
}
# site.ini sets no base_url: a build without -q says so once
note="bcfgen: note: site.ini sets no base_url, so no feed.xml, sitemap.xml or robots.txt is written and the pages have no canonical or social-preview tags"
news
said "$note" "bcfgen: 2 reports (first build), 9 pages, 8 charts drawn, 0 files unchanged, in $N/site/ in T s (1 job)"
# a new month (October: a new quarter), its plan and commentary not yet
# written; a figure of May revised (both reports show it) and one of beds
# in 2018-19 Q2
sed -i 's/^adm,E06000001,2018-05,105,/adm,E06000001,2018-05,106,/; s/^beds,E06000001,2018-19 Q2,41,/beds,E06000001,2018-19 Q2,42,/' \
	"$N/metrics/data/figures.csv"
echo 'adm,E06000001,2018-10,101,' >>"$N/metrics/data/figures.csv"
w1="$N/metrics/data/figures.csv:10:23: warning: adm for area E06000001 in Oct 2018, its latest figure, has no plan, though earlier periods have one (the last for Sep 2018)"
w2="$N/metrics/narrative/2018-19-q3/index.md: warning: the latest report, 2018-19 Q3, has no commentary (the last report with some is 2018-19 Q2): write it in this file"
# written: the new report's 4 pages, 3 of 2018-19 Q1 (its beds page is
# taken), 4 of 2018-19 Q2, the index; drawn: 2 charts of each changed or
# new metric page but the new report's beds, whose figures are those of
# 2018-19 Q2
news
said "$w1" "$w2" "$note" \
	"bcfgen: 3 reports (1 new: 2018-19 Q3), 12 pages, 8 charts drawn, 6 files unchanged, in $N/site/ in T s (1 job)" \
	"  changed: Admissions in 2 reports; Beds in 1 report"
# check says the same of the inputs
"$BIN" check -m "$N/metrics" 2>"$N/said"
said "$w1" "$w2"
# nothing changed
news
said "$w1" "$w2" "$note" \
	"bcfgen: 3 reports, 0 pages, 0 charts drawn, nothing changed since the last build of $N/site/ (--force rebuilds it), in T s"
# -q, with another date shown (every page written): the warnings alone
sde=$SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$((sde + 400 * 86400))
news -q
SOURCE_DATE_EPOCH=$sde
said "$w1" "$w2"
# --force writes every page, and still says what changed: the date shown
news --force
said "$w1" "$w2" "$note" \
	"bcfgen: 3 reports, 13 pages, 10 charts drawn, 0 files unchanged, in $N/site/ in T s (1 job)" \
	"  changed: the date shown, on every page"
# the new report's commentary written: its warning goes, and the build
# says why its pages were written (unchanged: all but its index.html,
# print.html and data.csv)
mkdir -p "$N/metrics/narrative/2018-19-q3"
echo 'The third quarter.' >"$N/metrics/narrative/2018-19-q3/index.md"
news
said "$w1" "$note" \
	"bcfgen: 3 reports, 3 pages, 0 charts drawn, 44 files unchanged, in $N/site/ in T s (1 job)" \
	"  changed: the introduction to 2018-19 Q3"
# with --all-areas (another area's section), each warning is said once
echo 'adm,E06000002,2018-10,99,' >>"$N/metrics/data/figures.csv"
"$BIN" build -q --all-areas -m "$N/metrics" -t templates -a assets -o "$N/all" 2>"$N/said"
[ -d "$N/all/areas/E06000002" ] || { echo "no section for the other area"; status=1; }
said "$w1"
# on a terminal too, -q draws no progress line (script gives the build one)
if command -v script >/dev/null 2>&1; then
	script -qec "'$BIN' build -q -j 1 -m '$N/metrics' -t templates -a assets -o '$N/site'" /dev/null >"$N/tty" 2>&1
	tr -d '\r' <"$N/tty" | grep -v 'warning: adm for area' >"$N/said"
	[ -s "$N/said" ] && { echo "-q on a terminal printed:"; cat "$N/said"; status=1; }
	script -qec "'$BIN' build -j 1 -m '$N/metrics' -t templates -a assets -o '$N/site' --force" /dev/null >"$N/tty" 2>&1
	grep -q 'pages, .* charts, ' "$N/tty" || { echo "no progress line on a terminal without -q (so the check above proves nothing)"; status=1; }
fi
exit $status
