#!/bin/sh
# The command line as FORMATS.md describes it: help, version, exit statuses.
set -u
BIN=$1 OUT=$2
status=0
expect() {
	want=$1
	shift
	"$@" >"$OUT.out" 2>"$OUT.err"
	got=$?
	[ "$got" = "$want" ] || { echo "'$*' exited $got, expected $want"; cat "$OUT.err"; status=1; }
}
expect 0 "$BIN" --help
grep -q '^usage: bcfgen build' "$OUT.out" || { echo "--help prints no usage"; status=1; }
expect 0 "$BIN" --version
grep -q '^bcfgen [0-9]' "$OUT.out" || { echo "--version prints no version"; status=1; }
expect 2 "$BIN"
expect 2 "$BIN" frobnicate
expect 2 "$BIN" build --no-such-option
expect 2 "$BIN" build -j 0
expect 2 "$BIN" build --period '2018-19 Q5'
expect 2 "$BIN" build -o
expect 0 "$BIN" check
# the sample's one warning: its technology-enabled care figures stopped, to
# show a metric out of date in the latest report
[ "$(grep -c . "$OUT.err")" = 1 ] && grep -q '^metrics/data/local.csv:[0-9]*:[0-9]*: warning: tech_support for area E06009999 has no figure after 2017-18 Q3: it is out of date in the latest report, 2018-19 Q2' "$OUT.err" ||
	{ echo "check of the sample printed other than its one warning:"; cat "$OUT.err"; status=1; }
expect 3 "$BIN" check -m /nonexistent/metrics
# templates or assets not found: one message, where it looked, what to do;
# nothing is written
expect 2 "$BIN" build -t /nonexistent/templates -o "$OUT.site"
[ "$(wc -l <"$OUT.err")" = 1 ] && grep -q "'/nonexistent/templates' (-t) does not exist" "$OUT.err" ||
	{ echo "a missing -t folder did not give one clear message:"; cat "$OUT.err"; status=1; }
[ -e "$OUT.site" ] && { echo "a build with no templates wrote $OUT.site"; status=1; }
expect 2 "$BIN" build -a /nonexistent/assets -o "$OUT.site"
grep -q "(-a) does not exist" "$OUT.err" || { echo "a missing -a folder was not named"; status=1; }
# from another folder, not installed: one message naming both places
bin=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
metrics=$(pwd)/metrics
mkdir -p "$OUT.cwd"
(cd "$OUT.cwd" && "$bin" build -q -m "$metrics" -o site) 2>"$OUT.err"
got=$?
if [ "$got" != 0 ]; then
	[ "$got" = 2 ] && [ "$(wc -l <"$OUT.err")" = 1 ] && grep -q "looked for ./templates and .*make install" "$OUT.err" ||
		{ echo "run from another folder: exit $got, and not one clear message:"; cat "$OUT.err"; status=1; }
	[ -e "$OUT.cwd/site" ] && { echo "a build with no templates wrote a site"; status=1; }
fi
rm -rf "$OUT.cwd" "$OUT.site"
# --period stops at the given quarter
rm -rf "$OUT"
expect 0 "$BIN" build -q --period '2017-18 Q1' -o "$OUT"
[ -d "$OUT/2017-18-q1" ] && [ ! -d "$OUT/2017-18-q2" ] || { echo "--period did not stop at 2017-18 Q1"; status=1; }
rm -rf "$OUT" "$OUT.out" "$OUT.err"
exit $status
