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
[ -s "$OUT.err" ] && { echo "check of the sample printed:"; cat "$OUT.err"; status=1; }
expect 3 "$BIN" check -m /nonexistent/metrics
# --period stops at the given quarter
rm -rf "$OUT"
expect 0 "$BIN" build -q --period '2017-18 Q1' -o "$OUT"
[ -d "$OUT/2017-18-q1" ] && [ ! -d "$OUT/2017-18-q2" ] || { echo "--period did not stop at 2017-18 Q1"; status=1; }
rm -rf "$OUT" "$OUT.out" "$OUT.err"
exit $status
