#!/bin/sh
# Rewrite the expected output of every golden fixture.  Review the diff by
# eye (git diff tests/golden) before committing it.
set -eu
export SOURCE_DATE_EPOCH=1700000000
for dir in tests/golden/*/; do
	args=
	[ -f "${dir}args" ] && args=$(cat "${dir}args")
	rm -rf "$dir/expected"
	# shellcheck disable=SC2086
	./bcfgen build -q --force $args -m "$dir/metrics" -t templates -a assets -o "$dir/expected"
	rm -f "$dir/expected/.bcfgen-manifest" "${dir%/}/expected.lock"
	echo "updated $dir/expected"
done
