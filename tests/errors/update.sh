#!/bin/sh
# Rewrite expected.txt (and, for cases that load, expected-data.csv) of every
# error case from what bcfgen does now.  Review the diff by eye before
# committing: these files are the specification of the diagnostics.
set -eu
export SOURCE_DATE_EPOCH=1700000000
for dir in tests/errors/*/; do
	case=${dir%/}
	./bcfgen check -m "$case/metrics" 2>"$case/expected.txt" || true
	if [ "$(cat "$case/status" 2>/dev/null || echo 1)" = 0 ]; then
		out=$(mktemp -d)
		./bcfgen build -q -m "$case/metrics" -o "$out/site" 2>/dev/null
		last=$(ls -d "$out"/site/20*/ | tail -n 1)
		cp "${last}data.csv" "$case/expected-data.csv"
		rm -rf "$out"
	fi
done
