#!/bin/sh
# One error case: 'bcfgen check' must print exactly expected.txt on standard
# error and exit with the status in 'status' (1 when absent).  Then 'bcfgen
# build' over an existing output folder must give the same diagnostics and,
# when it fails, leave that folder exactly as it was with nothing beside it;
# when it succeeds, the site's data.csv must equal expected-data.csv.
# Usage: check.sh BCFGEN CASE_DIR OUT_DIR
set -u
BIN=$1 CASE=${2%/} OUT=$3
want=1
[ -f "$CASE/status" ] && want=$(cat "$CASE/status")
status=0
"$BIN" check -m "$CASE/metrics" 2>"$OUT.err"
got=$?
[ "$got" = "$want" ] || { echo "check exited $got, expected $want"; status=1; }
diff "$CASE/expected.txt" "$OUT.err" || status=1

rm -rf "$OUT" "$OUT".tmp-*
mkdir -p "$OUT/old"
echo "previous site" >"$OUT/index.html"
echo "kept" >"$OUT/old/page.html"
printf 'bcfgen site\nindex.html\nold\n' >"$OUT/.bcfgen-site"
"$BIN" build -q -m "$CASE/metrics" -t templates -a assets -o "$OUT" 2>"$OUT.err"
got=$?
[ "$got" = "$want" ] || { echo "build exited $got, expected $want"; status=1; }
diff "$CASE/expected.txt" "$OUT.err" || status=1
if [ "$want" != 0 ]; then
	[ "$(cat "$OUT/index.html")" = "previous site" ] && [ "$(cat "$OUT/old/page.html")" = kept ] &&
		[ "$(find "$OUT" | wc -l)" = 5 ] || { echo "the previous output was changed"; status=1; }
fi
# a case that loads shows what it read: the site's data.csv holds every
# figure of every area
if [ -f "$CASE/expected-data.csv" ]; then
	diff "$CASE/expected-data.csv" "$OUT/data.csv" || status=1
fi
leftover=$(ls -d "$OUT".tmp-* "$OUT".old-* 2>/dev/null)
[ -z "$leftover" ] || { echo "left behind: $leftover"; status=1; }
rm -f "$OUT.err"
exit $status
