#!/bin/sh
# --all-areas: every other area's reports under areas/<code>/, an index of
# areas, the home area's site unchanged, links that resolve, the same
# output for any -j, and incremental rebuilds that change only what shows
# a changed cell.
# Usage: all-areas.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
fail() { echo "$*"; status=1; }
rm -rf "$OUT"
mkdir -p "$OUT"
"$BIN" build -q -j 1 --all-areas -o "$OUT/site" || exit 1
"$BIN" build -q -j 3 --all-areas -o "$OUT/site-j3" || exit 1
diff -r -x .bcfgen-manifest "$OUT/site" "$OUT/site-j3" >/dev/null || fail "-j 3 and -j 1 differ with --all-areas"
"$BIN" build -q -o "$OUT/home" || exit 1
# no new figure of an annual metric since 2017-18 Q4: its charts and
# download in the next quarters are that report's, linked, not drawn again
# (an area of the peer group shows the home report's comparison chart:
# only its own trend chart is in its folder)
for f in reablement.png reablement-compare.svg reablement.csv; do
	[ "$OUT/site/2018-19-q1/$f" -ef "$OUT/site/2017-18-q4/$f" ] || fail "2018-19-q1/$f is drawn again"
	[ "$OUT/site/areas/E06009991/2018-19-q2/$f" -ef "$OUT/site/areas/E06009991/2017-18-q4/$f" ] ||
		[ "$f" = reablement-compare.svg ] || fail "areas/E06009991/2018-19-q2/$f is drawn again"
done

# the home area's reports are what they are without --all-areas; only the
# home page gains a link to the areas (and the manifest and the marker list more,
# and the sitemap every area's pages)
diff -r -x areas -x index.html -x .bcfgen-manifest -x .bcfgen-site -x sitemap.xml "$OUT/home" "$OUT/site" >/dev/null ||
	fail "the home area's reports differ with --all-areas"
for q in "$OUT"/home/20*/; do
	q=$(basename "$q")
	cmp -s "$OUT/home/$q/index.html" "$OUT/site/$q/index.html" || fail "$q/index.html differs with --all-areas"
done
grep -q 'href="areas/index.html"' "$OUT/site/index.html" || fail "the home page does not link to the areas"
grep -q 'areas/' "$OUT/home/index.html" && fail "without --all-areas the home page links to areas"

# one section per area with data, but the home area and the benchmark
(cd "$OUT/site/areas" && ls -d */ | tr -d /) >"$OUT/areas"
# the areas of areas.csv but those two, in order of code
sed -n 's/^\(E0[0-9]*\),.*/\1/p' metrics/areas.csv | grep -v -x -e E06009999 -e E92000001 | sort >"$OUT/areas-expected"
[ "$(wc -l <"$OUT/areas-expected")" -ge 4 ] || fail "the sample has fewer areas than this test expects"
diff "$OUT/areas-expected" "$OUT/areas" || fail "not one section per area (home and England excluded)"
for code in $(cat "$OUT/areas"); do
	grep -q "href=\"$code/index.html\"" "$OUT/site/areas/index.html" || fail "areas/index.html does not link to $code"
	for q in "$OUT"/home/20*/; do
		q=$(basename "$q")
		# the same pages, charts and downloads as the home area's report,
		# but no comparison chart or funnel plot download where the page
		# shows the home report's
		dir="$OUT/site/areas/$code/$q"
		# (no metric's social card: an area's pages show its report's card.png)
		(cd "$OUT/home/$q" && ls) | grep -v -e '-card\.png$' | sort >"$OUT/want"
		for page in "$dir"/*.html; do
			m=$(basename "$page" .html)
			grep -q "src=\"../../../$q/$m-compare.svg#$code\"" "$page" || continue
			echo "$q" >>"$OUT/shared-$code"
			grep -q "srcset=\"../../../$q/$m-compare-narrow.svg#$code\"" "$page" &&
				grep -q "href=\"../../../$q/$m-compare.png\"" "$page" ||
				fail "$page shows the home report's comparison but not its narrow drawing or PNG"
			grep -v -x -e "$m-compare.svg" -e "$m-compare.png" -e "$m-compare-narrow.svg" -e "$m-compare.csv" \
				"$OUT/want" >"$OUT/want2"
			mv "$OUT/want2" "$OUT/want"
		done
		(cd "$dir" 2>/dev/null && ls) | sort >"$OUT/got"
		diff "$OUT/want" "$OUT/got" >/dev/null || fail "areas/$code/$q has other files than the home report"
	done
done
# the home report's comparison charts are shared by the peer group's areas
# (every area of it shares at least one); an area outside the group is
# compared with the group and itself: its own charts, never the home's
for code in E06009991 E06009992 E06009993 E06009994 E06009971 E06009977; do
	[ -s "$OUT/shared-$code" ] || fail "areas/$code shows no comparison chart of the home report"
done
for code in E06009978 E06009979 E06009980 E06009981; do
	[ -e "$OUT/shared-$code" ] && fail "areas/$code (outside the peer group) shows the home report's comparison"
	[ -e "$OUT/site/areas/$code/2018-19-q2/nea-compare.svg" ] || fail "areas/$code has no comparison chart of its own"
done
# the shared SVG highlights nobody by itself, and carries every area's code
grep -q '<g id="E06009992" class="t">' "$OUT/site/2018-19-q2/nea-compare.svg" ||
	fail "the home report's funnel plot has no group for Eastvale"
grep -q 'Highest first; the area of this page outlined.' "$OUT/site/2018-19-q2/reablement-compare.svg" ||
	fail "the shared bar chart does not say the page's area is outlined"
grep -q 'font-weight="bold">Sample Borough' "$OUT/site/2018-19-q2/reablement-compare.svg" &&
	fail "the shared bar chart has the home area in bold"
grep -q 'src="reablement-compare.svg#E06009999"' "$OUT/site/2018-19-q2/reablement.html" ||
	fail "the home report's page does not point at its own area in the chart"
# every download holds what its page shows, and the site's data.csv what
# the latest reports show
/usr/bin/python3 tests/tools/downloads_check.py "$OUT/site" England >"$OUT/downloads.log" ||
	fail "downloads: $(cat "$OUT/downloads.log")"

# the area is the one in bold, and it is named in titles and charts
page="$OUT/site/areas/E06009992/2018-19-q2/dtoc.html"
grep -q '<tr class="home"><th scope="row">Eastvale</th>' "$page" || fail "Eastvale is not the highlighted area on its page"
grep -q '<title>Delayed transfers of care from hospital (delayed days), Eastvale, 2018-19 Q2' "$page" ||
	fail "the page title does not name the area"
grep -q 'aria-label="Delayed transfers of care, Eastvale"' "$OUT/site/areas/E06009992/2018-19-q2/dtoc.svg" ||
	fail "the chart is not Eastvale's"
grep -q 'the figures as <a href="dtoc.csv"' "$page" || fail "the area page does not link to its own download"

# every link and image in the site resolves
python3 - "$OUT/site" <<'PY' || status=1
import os, re, sys
bad = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".html"):
            text = open(os.path.join(root, f), encoding="utf-8").read()
            for m in re.finditer(r'(?:href|src)="([^"]*)"', text):
                url = m.group(1).split("#")[0]
                if not url or ":" in url:
                    continue
                if not os.path.exists(os.path.normpath(os.path.join(root, url))):
                    bad += 1
                    if bad <= 5:
                        print("broken link in %s: %s" % (os.path.join(root, f), m.group(1)))
sys.exit(1 if bad else 0)
PY

# a rebuild with no change draws nothing; one cell of Eastvale's changes
# only non-elective admissions pages and the reports that list them, in
# the quarters that show 2018-19 Q1, and equals a full build
cp -a "$OUT/site" "$OUT/before"
"$BIN" build --all-areas -o "$OUT/site" 2>"$OUT/log" || exit 1
grep -q ' 0 charts drawn' "$OUT/log" || { fail "a rebuild with no change drew charts:"; cat "$OUT/log"; }
# the home area's metric out of date is named once, not once per area
[ "$(grep -c 'is out of date in the latest report' "$OUT/log")" = 1 ] ||
	{ fail "the out-of-date warning was not given exactly once:"; cat "$OUT/log"; }
diff -r "$OUT/before" "$OUT/site" >/dev/null || fail "a rebuild with no change changed files"
cp -r metrics "$OUT/metrics"
sed 's/^nea,E06009992,Eastvale,2018-19 Q1,"6,945"/nea,E06009992,Eastvale,2018-19 Q1,"6,955"/' \
	metrics/data/nea.csv >"$OUT/metrics/data/nea.csv"
cmp -s metrics/data/nea.csv "$OUT/metrics/data/nea.csv" && { echo "the cell was not changed"; exit 1; }
"$BIN" build -q --all-areas -m "$OUT/metrics" -o "$OUT/site" 2>"$OUT/log" || { cat "$OUT/log"; exit 1; }
# nothing but the sample's one warning (a metric out of date, cli.sh)
grep -v ': warning: tech_support for area E06009999 has no figure after' "$OUT/log" >"$OUT/log.rest"
[ -s "$OUT/log.rest" ] && { fail "the incremental build said something:"; head "$OUT/log.rest"; }
(cd "$OUT" && diff -rq before site | sed 's/^Files before\/\([^ ]*\) and .*/\1/' | sort) >"$OUT/changed"
grep -v -E '^(\.bcfgen-manifest|data\.csv|(areas/E06009[0-9]*/)?2018-19-q[12]/(nea[-.][a-z.-]*|index\.html|print\.html|data\.csv|card\.png|headlines\.txt))$' \
	"$OUT/changed" >"$OUT/unexpected" && { fail "files changed that do not show the cell:"; head "$OUT/unexpected"; }
grep -qx 'areas/E06009992/2018-19-q2/nea.svg' "$OUT/changed" || fail "Eastvale's own chart did not change"
grep -qx '2018-19-q1/nea-compare.svg' "$OUT/changed" ||
	fail "the comparison with Eastvale that Westmoor's page shows did not change"
grep -qx 'areas/E06009978/2018-19-q1/nea-compare.svg' "$OUT/changed" ||
	fail "Hollinwood's own comparison with Eastvale did not change"
grep -qx 'areas/E06009993/2018-19-q2/nea.svg' "$OUT/changed" && fail "Westmoor's own chart changed"
"$BIN" build -q --all-areas --force -m "$OUT/metrics" -o "$OUT/full" || exit 1
diff -r -x .bcfgen-manifest "$OUT/full" "$OUT/site" >/dev/null || fail "the incremental build differs from a full one"

# an area code that cannot name a folder: an error naming where it is given
rm -rf "$OUT/badcode"
cp -r metrics "$OUT/badcode"
for f in "$OUT/badcode/areas.csv" "$OUT"/badcode/data/*.csv "$OUT/badcode/plans.csv"; do
	sed 's/E06009992/E06.009992/g' "$f" >"$f.new" && mv "$f.new" "$f"
done
"$BIN" build -q --all-areas -m "$OUT/badcode" -o "$OUT/badsite" 2>"$OUT/log"
[ $? = 1 ] || fail "an area code with a '.' was accepted for --all-areas"
grep -q "/badcode/[a-z/_]*\.csv:[0-9]*:[0-9]*: error: area code 'E06\.009992' cannot name a folder" "$OUT/log" ||
	{ fail "the bad area code's error names no place:"; cat "$OUT/log"; }
exit $status
