#!/bin/sh
# Workbooks load to the same figures as the CSV they hold: each case's data
# files written as .xlsx (1900 and 1904 date systems) and .ods by a
# spreadsheet library (tests/tools/workbook_make.py: numbers, percent and
# date cells, merged cells, shared and inline strings, a cached formula, an
# error cell), on a second sheet named by 'sheet =', must give the last
# report's data.csv byte for byte.  Then hostile workbooks are refused with
# their message: a zip bomb, entity expansion, a formula with no value.
# Usage: workbooks.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
PY=/usr/bin/python3
status=0
rm -rf "$OUT"
mkdir -p "$OUT"
if ! $PY -c 'import openpyxl, odf' 2>/dev/null; then
	echo "python3-openpyxl and python3-odf are needed: make test-deps"
	exit 1
fi

last_data() { echo "$(ls -d "$1"/20*/ | tail -n 1)data.csv"; }

# metrics folder $1 copied to $2 with every data/*.csv as a workbook of
# type $3 (xlsx, xlsx1904 or ods)
convert() {
	cp -r "$1" "$2"
	ext=${3%1904}
	for csv in "$2"/data/*.csv; do
		name=$(basename "$csv" .csv)
		case $3 in
		xlsx) $PY tests/tools/workbook_make.py --tricks "$csv" "$2/data/$name.xlsx" ;;
		xlsx1904) $PY tests/tools/workbook_make.py --1904 "$csv" "$2/data/$name.xlsx" ;;
		ods) $PY tests/tools/workbook_make.py --tricks "$csv" "$2/data/$name.ods" ;;
		esac || return 1
		rm "$csv"
		if grep -q "^\[data $name.csv\]" "$2/site.ini" 2>/dev/null; then
			sed -i "s/^\[data $name\.csv\]/[data $name.$ext]\nsheet = Metrics/" "$2/site.ini"
		else
			printf '\n[data %s.%s]\nsheet = Metrics\n' "$name" "$ext" >>"$2/site.ini"
		fi
	done
}

for case in tests/errors/quirk-wide-repeat tests/errors/quirk-period-spellings \
	tests/errors/quirk-thousands-percent tests/golden/basic; do
	c=$(basename "$case")
	metrics=$case/metrics
	[ -d "$metrics" ] || metrics=$case
	"$BIN" build -q -m "$metrics" -o "$OUT/$c-csv" 2>"$OUT/$c-csv.err" ||
		{ echo "$c: the CSV files do not build"; cat "$OUT/$c-csv.err"; status=1; continue; }
	for kind in xlsx xlsx1904 ods; do
		convert "$metrics" "$OUT/$c-$kind-metrics" $kind || { echo "$c: cannot write $kind"; status=1; continue; }
		if ! "$BIN" build -q -m "$OUT/$c-$kind-metrics" -o "$OUT/$c-$kind" 2>"$OUT/$c-$kind.err"; then
			echo "$c: the $kind workbooks do not build:"
			cat "$OUT/$c-$kind.err"
			status=1
			continue
		fi
		diff "$(last_data "$OUT/$c-csv")" "$(last_data "$OUT/$c-$kind")" >"$OUT/$c-$kind.diff" ||
			{ echo "$c: $kind figures differ from the CSV's:"; head -20 "$OUT/$c-$kind.diff"; status=1; }
	done
done

# the error cell of the .xlsx made with --tricks: one warning for the sheet
grep -q 'wide.xlsx:Metrics!F4: warning: 1 error cell (such as #DIV/0! or #N/A) read as not available' \
	"$OUT/quirk-wide-repeat-xlsx.err" || { echo "no warning for the error cell:"; cat "$OUT/quirk-wide-repeat-xlsx.err"; status=1; }
grep -q 'wide.ods:Metrics!F4: warning: 1 error cell (such as #DIV/0! or #N/A) read as not available' \
	"$OUT/quirk-wide-repeat-ods.err" || { echo "no warning for the error cell:"; cat "$OUT/quirk-wide-repeat-ods.err"; status=1; }

# hostile or broken workbooks, each refused with its message
$PY - "$OUT" <<'PYEOF' || { echo "cannot write the hostile workbooks"; exit 1; }
import sys, zipfile
out = sys.argv[1]
src = zipfile.ZipFile('tests/fuzz/corpus/workbook/seed0.xlsx')
parts = {n: src.read(n) for n in src.namelist()}

def write(name, changes, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile('%s/%s' % (out, name), 'w', compress) as z:
        for n, data in {**parts, **changes}.items():
            z.writestr(n, data)

sheet = 'xl/worksheets/sheet2.xml'
# 200 MiB of blanks packed into a few hundred KiB
write('bomb.xlsx', {sheet: parts[sheet].replace(b'<sheetData>', b'<sheetData>' + b' ' * (200 << 20))})
laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
write('laughs.xlsx', {'xl/sharedStrings.xml': laughs + b'<sst><si><t>&b;</t></si></sst>'})
s = parts[sheet].decode()
write('noformula.xlsx', {sheet: s.replace('<v>70</v>', '', 1).encode()})
# a million and one shared strings, distinct so that they pack as text does
write('strings.xlsx', {'xl/sharedStrings.xml': b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
      + b''.join(b'<si><t>%d</t></si>' % i for i in range(1000001)) + b'</sst>'})
# an .ods cell repeated across 5000 columns
ods = zipfile.ZipFile('tests/fuzz/corpus/workbook/seed0.ods')
oparts = {n: ods.read(n) for n in ods.namelist()}
c = oparts['content.xml'].replace(b'<table:table-cell office:value-type="string"><text:p>E92000001',
                                  b'<table:table-cell table:number-columns-repeated="5000" office:value-type="string"><text:p>E92000001', 1)
assert c != oparts['content.xml']
with zipfile.ZipFile('%s/wide.ods' % out, 'w', zipfile.ZIP_DEFLATED) as z:
    for n, data in {**oparts, 'content.xml': c}.items():
        z.writestr(n, data)
PYEOF
refused() {
	mkdir -p "$OUT/$1/data"
	cp "$OUT/$1.xlsx" "$OUT/$1/data/wide.xlsx"
	printf 'id,title,unit,polarity,frequency\nrb,Still at home,percent,higher,year\n' >"$OUT/$1/metrics.csv"
	printf '[site]\nhome_area = E06000001\n[data wide.xlsx]\nsheet = %s\n' "${3:-Metrics}" >"$OUT/$1/site.ini"
	"$BIN" check -m "$OUT/$1" 2>"$OUT/$1.err"
	got=$?
	[ "$got" = 1 ] && grep -qF "$2" "$OUT/$1.err" || { echo "$1: expected exit 1 and '$2', got $got:"; cat "$OUT/$1.err"; status=1; }
}
refused bomb "sheet2.xml unpacks to 209716479 bytes from"
refused laughs "declares a DTD"
refused noformula "wide.xlsx:Metrics!D4: error: a formula with no value saved"
cp "$OUT/noformula.xlsx" "$OUT/nosheet.xlsx"
refused nosheet "no sheet named 'Figures': this workbook has 'Notes', 'Metrics'" Figures
refused strings "more than 1000000 shared strings or 64 MiB of them: refused"
mkdir -p "$OUT/wide/data"
cp "$OUT/wide.ods" "$OUT/wide/data/"
cp "$OUT/bomb/metrics.csv" "$OUT/wide/"
printf '[site]\nhome_area = E06000001\n[data wide.ods]\nsheet = Metrics\n' >"$OUT/wide/site.ini"
"$BIN" check -m "$OUT/wide" 2>"$OUT/wide.err"
grep -qF 'wide.ods:Metrics!B3: error: a cell repeated 5000 times: the limit is 4096 columns' "$OUT/wide.err" ||
	{ echo "wide.ods: expected the repeated cell refused:"; cat "$OUT/wide.err"; status=1; }
exit $status
