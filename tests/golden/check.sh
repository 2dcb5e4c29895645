#!/bin/sh
# Build one golden fixture (with the options in CASE/args, if any) and
# compare the output tree with expected/, byte for byte.
# Usage: check.sh BCFGEN CASE_DIR OUT_DIR
set -u
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
BIN=$1 CASE=${2%/} OUT=$3
ARGS=
[ -f "$CASE/args" ] && ARGS=$(cat "$CASE/args")
status=0
# built with one worker and with three: the same bytes, every PNG included
# (compressed by libdeflate: stable for one version of it); the
# manifest holds hashes of the program itself and file times: not compared
for jobs in 1 3; do
	rm -rf "$OUT"
	# shellcheck disable=SC2086
	"$BIN" build -q -j $jobs $ARGS -m "$CASE/metrics" -t templates -a assets -o "$OUT" ||
		{ echo "build failed (-j $jobs)"; exit 1; }
	diff -r -x .bcfgen-manifest "$CASE/expected" "$OUT" || { echo "(-j $jobs $ARGS)"; status=1; }
done
rm -rf "$OUT" "$OUT.lock"
exit $status
