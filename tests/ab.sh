#!/bin/sh
# A/B: the site must not change while the code is moved about.
#
#   ab.sh BCFGEN OUT_DIR            the sample site, with and without
#                                   --all-areas, -j 1 and -j 3, against the
#                                   fixed hashes in tests/ab/ (make test)
#   ab.sh BCFGEN OUT_DIR OLD_BCFGEN the same cases and every golden fixture
#                                   (with and without --all-areas), built by
#                                   both programs: the trees must be
#                                   byte-identical (the manifest aside)
#   ab.sh --update BCFGEN OUT_DIR   rewrite tests/ab/ (review why first)
#
# The golden fixtures are compared with whole expected trees by
# tests/golden/check.sh; the sample's site is too large to commit whole, so
# its files are held here as SHA-256 sums, one line a file.
set -u
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
BIN=$1 OUT=$2 OLD=${3:-}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
rm -rf "$OUT"
mkdir -p "$OUT"

sums() { (cd "$1" && find . -type f ! -name .bcfgen-manifest | LC_ALL=C sort | xargs sha256sum); }

# build NAME BIN ARGS...: into OUT/NAME
build() {
	name=$1 bin=$2
	shift 2
	"$bin" build -q -t templates -a assets -o "$OUT/$name" "$@" 2>"$OUT/$name.err" ||
		{ echo "$name: build failed:"; head -5 "$OUT/$name.err"; status=1; }
}

for all in "" --all-areas; do
	key=sample${all:+-all-areas}
	for jobs in 1 3; do
		# shellcheck disable=SC2086
		build "$key-j$jobs" "$BIN" -j $jobs -m metrics $all
	done
	if [ -n "$OLD" ]; then
		# shellcheck disable=SC2086
		build "$key-old" "$OLD" -j 3 -m metrics $all
		diff -r -x .bcfgen-manifest "$OUT/$key-old" "$OUT/$key-j1" >/dev/null ||
			{ echo "$key: differs from the old program's"; status=1; }
	elif [ $update = 1 ]; then
		mkdir -p tests/ab
		sums "$OUT/$key-j1" >"tests/ab/$key.sha256"
		echo "updated tests/ab/$key.sha256"
	else
		sums "$OUT/$key-j1" | diff "tests/ab/$key.sha256" - >"$OUT/$key.diff" ||
			{ echo "$key: files differ from tests/ab/$key.sha256:"; head -10 "$OUT/$key.diff"; status=1; }
	fi
	diff -r -x .bcfgen-manifest "$OUT/$key-j1" "$OUT/$key-j3" >/dev/null ||
		{ echo "$key: -j 1 and -j 3 differ"; status=1; }
done

if [ -n "$OLD" ]; then
	for dir in tests/golden/*/; do
		case=$(basename "$dir")
		for all in "" --all-areas; do
			key=$case${all:+-all-areas}
			# shellcheck disable=SC2086
			build "$key-new" "$BIN" -m "$dir/metrics" $all
			# shellcheck disable=SC2086
			build "$key-old" "$OLD" -m "$dir/metrics" $all
			diff -r -x .bcfgen-manifest "$OUT/$key-old" "$OUT/$key-new" >/dev/null ||
				{ echo "$key: differs from the old program's"; status=1; }
		done
	done
fi
[ $status = 0 ] && rm -rf "$OUT"
exit $status
