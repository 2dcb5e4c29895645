#!/bin/sh
# Build one golden fixture and compare the output tree with expected/.
# PNG files are compared by signature and pixel size only: their bytes
# depend on the zlib build; the SVG of the same chart is compared exactly.
# Usage: check.sh BCFGEN CASE_DIR OUT_DIR
set -u
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
BIN=$1 CASE=${2%/} OUT=$3
rm -rf "$OUT"
"$BIN" build -q -m "$CASE/metrics" -t templates -a assets -o "$OUT" || { echo "build failed"; exit 1; }
status=0
# the manifest holds hashes of the program itself: not part of the site
diff -r -x '*.png' -x .bcfgen-manifest "$CASE/expected" "$OUT" || status=1
(cd "$CASE/expected" && find . -name '*.png' | sort) >"$OUT.want"
(cd "$OUT" && find . -name '*.png' | sort) >"$OUT.got"
diff "$OUT.want" "$OUT.got" || status=1
while read -r f; do
	a=$(od -An -tx1 -N24 "$CASE/expected/$f")
	b=$(od -An -tx1 -N24 "$OUT/$f" 2>/dev/null)
	[ "$a" = "$b" ] || { echo "$f: PNG header or size differs"; status=1; }
done <"$OUT.want"
rm -f "$OUT.want" "$OUT.got"
exit $status
