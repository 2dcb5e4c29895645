#!/bin/sh
# Runs every test twice: with the normal build (build/, ./bcfgen) and with
# the AddressSanitizer + UBSan build (build-san/): unit tests, the Mustache
# spec, golden sites, error cases, the publishing guarantees, and a valgrind
# leak check of a full build (skipped when valgrind is missing or
# BCFGEN_VALGRIND=0).  Usage: tests/run-tests.sh [SPEC_DIR]
# Prints one line per test and a closing 'N passed, N failed'.
set -u
SPEC=${1:-../shared/spec/mustache}
pass=0
fail=0
export SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -s "$LOG" ] && sed 's/^/     /' "$LOG" | head -40; }
run() {
	name=$1
	shift
	if "$@" >"$LOG" 2>&1; then ok "$name"; else bad "$name"; fi
}

suite() {
BUILD=$1
BIN=$2
OUT=tests/out/$BUILD
rm -rf "$OUT"
mkdir -p "$OUT"
LOG=$OUT/log
echo "== $BUILD ($BIN)"

# unit tests and the Mustache spec, straight from its JSON files
for t in "$BUILD"/tests/unit/test_*; do
	case $t in *.o | *.d) continue ;; esac
	run "unit $(basename "$t")" "$t"
done
if [ -d "$SPEC" ]; then
	run "mustache spec (core modules and inheritance)" "$BUILD/tests/spec/spec_mustache" "$SPEC"
	grep -E '^mustache spec|passed' "$LOG" | sed 's/^/     /'
else
	echo "FAIL mustache spec: $SPEC not found (shared/ must sit beside the repository)"
	fail=$((fail + 1))
fi

# golden sites: build each fixture and compare the whole tree
for dir in tests/golden/*/; do
	case=$(basename "$dir")
	run "golden $case" sh tests/golden/check.sh "$BIN" "$dir" "$OUT/golden-$case"
done

# error cases: exact diagnostics and exit status; a failed build leaves the
# previous output exactly as it was
for dir in tests/errors/*/; do
	case=$(basename "$dir")
	run "errors $case" sh tests/errors/check.sh "$BIN" "$dir" "$OUT/errors-$case"
done

# the sample site builds, twice byte-identically
run "sample site builds" "$BIN" build -q -j 1 -o "$OUT/sample-1"
run "sample site is reproducible" sh -c "'$BIN' build -q -j 1 -o '$OUT/sample-2' && diff -r -x .bcfgen-manifest '$OUT/sample-1' '$OUT/sample-2'"
run "sample site: -j 3 gives the same bytes as -j 1" sh -c "'$BIN' build -q -j 3 -o '$OUT/sample-j3' && diff -r -x .bcfgen-manifest '$OUT/sample-1' '$OUT/sample-j3'"
run "sample site has every report file" sh tests/sample-files.sh "$OUT/sample-1"
# the sample's funnel plots: every limit in their downloads against a
# reference written in Python (binomial and Poisson worked out there)
run "funnel limits of the sample's percentage and rates agree with tests/tools/funnel_reference.py" sh -c "
	/usr/bin/python3 tests/tools/funnel_reference.py percent '$OUT'/sample-1/20*/readmissions-compare.csv &&
	/usr/bin/python3 tests/tools/funnel_reference.py rate '$OUT'/sample-1/2018-19-q2/nea-compare.csv \
		'$OUT'/sample-1/2018-19-q2/dtoc-compare.csv '$OUT'/sample-1/20*/care_homes-compare.csv"
run "A/B: the sample, with and without --all-areas, -j 1 and -j 3, as tests/ab/ holds it" sh tests/ab.sh "$BIN" "$OUT/ab"
run "command line" sh tests/cli.sh "$BIN" "$OUT/cli"
run "pdf: the board pack tagged, with language, title, outline, alternative text; no Chromium, a failing or hanging one" sh tests/pdf.sh "$BIN" "$OUT/pdf"
run "workbooks: .xlsx and .ods give their CSV's figures; bombs, entities, missing values refused" \
	sh tests/workbooks.sh "$BIN" "$OUT/workbooks"
# every kill point with the plain build; every third under the sanitizers,
# where each build takes five times as long
if [ "$BIN" = ./bcfgen ]; then
	run "publishing: output folder refused or kept, one build at a time, killed at 20 points" \
		sh tests/publish.sh "$BIN" "$OUT/publish"
else
	run "publishing: output folder refused or kept, one build at a time, killed at 7 points" \
		env PUBLISH_KILL_STRIDE=3 sh tests/publish.sh "$BIN" "$OUT/publish"
fi
run "incremental rebuilds: nothing changed, one cell changed" sh tests/incremental.sh "$BIN" "$OUT/incremental"
run "a new quarter on 2, 3 and 5 workers: the bytes of a full build with one" sh tests/new-quarter.sh "$BIN" "$OUT/new-quarter"
run "--all-areas: a section per area, links, -j, incremental" sh tests/all-areas.sh "$BIN" "$OUT/all-areas"
run "publishing: feed, sitemap, robots.txt, canonical and Open Graph tags, cards" sh tests/meta.sh "$BIN" "$OUT/meta"
run "--all-areas works out each (area, metric, report) series at most twice" sh tests/series-count.sh "$BIN" "$OUT/series-count"
run "10,000 areas: a ranked comparison chart of fixed size" sh tests/many-areas.sh "$BIN" "$OUT/many-areas"
run "hostile inputs: links out, FIFOs, loops, slow Markdown, SOURCE_DATE_EPOCH" sh tests/hostile-inputs.sh "$BIN" "$OUT/hostile"
run "serve: a change served within 2 s, a bad edit's diagnostics, ../ refused, SIGTERM ends it" sh tests/serve.sh "$BIN" "$OUT/serve"

# peak memory means nothing under AddressSanitizer: the plain build only
if [ "$BIN" = ./bcfgen ]; then
	run "memory: check and build of a 20 MB file under 4 x input + 100 MB" sh tests/memory.sh "$BIN" "$OUT/memory"
fi

if [ "${BCFGEN_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1 && [ "$BIN" = ./bcfgen ]; then
	run "valgrind: no leaks or errors on a full build" valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
		"$BIN" build -q -j 1 -o "$OUT/valgrind"
fi
}

suite build ./bcfgen
suite build-san build-san/bcfgen

# fuzz smoke: every kept crasher once, then a few seconds from the seeds
# (new inputs go to a scratch folder, never into the committed corpus)
OUT=tests/out/fuzz
rm -rf "$OUT"
mkdir -p "$OUT"
LOG=$OUT/log
echo "== fuzz smoke (build-fuzz)"
for h in build-fuzz/tests/fuzz/fuzz_*; do
	case $h in *.o | *.d) continue ;; esac
	hn=${h##*/fuzz_}
	if [ -d "tests/fuzz/regress/$hn" ]; then
		run "fuzz $hn: kept crashers" "$h" tests/fuzz/regress/$hn/*
	fi
	mkdir -p "$OUT/$hn"
	run "fuzz $hn: ${FUZZ_SMOKE_SECONDS:-4} s from the seeds" "$h" -max_total_time="${FUZZ_SMOKE_SECONDS:-4}" \
		-timeout=10 -max_len=65536 -artifact_prefix="$OUT/$hn-" "$OUT/$hn" "tests/fuzz/corpus/$hn"
done

# the sample site and a golden fixture in a real browser: Nu Html Checker,
# axe (WCAG 2.0-2.2 A and AA) in light and dark mode, 320 px, screenshots
if [ "${BCFGEN_BROWSER:-1}" != 0 ]; then
	echo "== browser (screenshots in tests/out/browser)"
	rm -rf tests/out/browser
	node tests/browser/check.mjs tests/out/browser tests/out/build/sample-1 tests/golden/basic/expected \
		tests/out/build/all-areas/site tests/out/build/all-areas/site/areas/E06009992 \
		>tests/out/browser.log 2>&1
	grep -E '^(ok|FAIL|     )' tests/out/browser.log
	bp=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' tests/out/browser.log)
	bf=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' tests/out/browser.log)
	if [ -z "$bp" ]; then
		echo "FAIL browser checks did not run:"
		tail -n 20 tests/out/browser.log | sed 's/^/     /'
		fail=$((fail + 1))
	else
		pass=$((pass + bp))
		fail=$((fail + bf))
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
