#!/bin/sh
# Seeds of the workbook fuzzer: small .xlsx and .ods files written by
# workbook_make.py from test CSV files (long, wide, percents, dates, merged
# cells, shared and inline strings, a cached formula, an error cell).
# Usage: sh tests/tools/workbook_seeds.sh   (from the repository's top)
set -eu
out=tests/fuzz/corpus/workbook
mkdir -p "$out"
py=/usr/bin/python3
i=0
for csv in tests/errors/quirk-wide-repeat/metrics/data/wide.csv tests/errors/quirk-period-spellings/metrics/data/dtoc.csv \
	tests/errors/quirk-thousands-percent/metrics/data/*.csv; do
	$py tests/tools/workbook_make.py --tricks "$csv" "$out/seed$i.xlsx"
	$py tests/tools/workbook_make.py --1904 "$csv" "$out/seed$i-1904.xlsx"
	$py tests/tools/workbook_make.py --tricks "$csv" "$out/seed$i.ods"
	i=$((i + 1))
done
# the same stored without compression, so that the fuzzer's changes reach
# the XML rather than break the deflate stream
for f in "$out"/seed*; do
	case $f in *-stored.*) continue ;; esac
	$py - "$f" <<'PYEOF'
import sys, zipfile
src = sys.argv[1]
base, ext = src.rsplit('.', 1)
with zipfile.ZipFile(src) as z:
    parts = [(n, z.read(n)) for n in z.namelist()]
with zipfile.ZipFile('%s-stored.%s' % (base, ext), 'w', zipfile.ZIP_STORED) as z:
    for n, data in parts:
        z.writestr(n, data)
PYEOF
done
