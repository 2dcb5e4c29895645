#!/bin/sh
# bcfgen pdf: the sample's board pack as an accessible PDF, checked with
# poppler-utils (pdfinfo, pdftohtml) and by reading the PDF's objects:
# tagged, a title and a language, an outline with the report, the
# scorecard and each metric of the catalogue once, alternative text on
# every Figure, header cells, at most two pages a metric plus two, links
# into the published site, the same bytes twice.  Then the failures: no
# Chromium, a Chromium that fails or hangs, a bad --period, -o a folder;
# none leaves a PDF (or a temporary folder) behind.
# Usage: tests/pdf.sh BIN OUT
set -u
BIN=$1 OUT=$2
status=0
fail() { echo "$*"; status=1; }
rm -rf "$OUT"
mkdir -p "$OUT/tmp"
export TMPDIR
TMPDIR=$(cd "$OUT/tmp" && pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
for tool in pdfinfo pdftohtml pdftotext; do
	command -v $tool >/dev/null || { echo "$tool missing: install poppler-utils (make test-deps)"; exit 1; }
done
here=$(pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$here/$1" ;; esac; }
bin=$(abs "$BIN")

# ---- the sample's board pack ----
"$BIN" pdf -q -o "$OUT/board.pdf" 2>"$OUT/err" || { cat "$OUT/err"; fail "bcfgen pdf of the sample failed"; exit 1; }
pdfinfo "$OUT/board.pdf" >"$OUT/info" || fail "pdfinfo cannot read the PDF"
grep -q '^Tagged: *yes$' "$OUT/info" || fail "the PDF is not tagged"
grep -q '^Title: *2018-19 Q2 report' "$OUT/info" || fail "the PDF's title is not the report's: $(grep ^Title "$OUT/info")"
grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023 UTC$' "$OUT/info" ||
	fail "the PDF's date is not SOURCE_DATE_EPOCH's: $(grep ^CreationDate "$OUT/info")"
pdfinfo -struct "$OUT/board.pdf" >"$OUT/struct" 2>/dev/null
grep -q '^ *TH' "$OUT/struct" && grep -q '/Scope /Column' "$OUT/struct" && grep -q '/Scope /Row' "$OUT/struct" ||
	fail "no header cells (TH with /Scope) in the structure tree"
pdfinfo -struct-text "$OUT/board.pdf" 2>&1 >/dev/null | grep -q . &&
	fail "pdfinfo -struct-text finds faults: $(pdfinfo -struct-text "$OUT/board.pdf" 2>&1 >/dev/null | sort -u | head -3)"
pdftohtml -xml -i -stdout "$OUT/board.pdf" >"$OUT/xml" 2>/dev/null || fail "pdftohtml cannot read the PDF"
# the rest from the objects (Skia writes them uncompressed) and the
# outline, against the catalogue read here
/usr/bin/python3 - "$OUT/board.pdf" "$OUT/xml" metrics/metrics.csv "$OUT/info" '2018-19 Q2' <<'EOF' || status=1
import csv, re, sys
import xml.etree.ElementTree as ET
pdf, xml, catalogue, info, quarter = sys.argv[1:]
d = open(pdf, 'rb').read()
bad = []
titles = [row['title'] for row in csv.DictReader(open(catalogue, encoding='utf-8-sig'))]
pages = int(re.search(r'^Pages:\s+(\d+)', open(info).read(), re.M).group(1))
if pages > 2 * len(titles) + 2:
    bad.append('%d pages for %d metrics: more than two a metric plus two' % (pages, len(titles)))
# the table: every object where it says, and startxref naming it
sx = int(re.search(rb'startxref\s+(\d+)\s+%%EOF\s*$', d).group(1))
m = re.match(rb'xref\s+0 (\d+)\s+', d[sx:])
if not m:
    bad.append('startxref does not name the cross-reference table')
else:
    for k in range(1, int(m.group(1))):
        e = d[sx + m.end() + 20 * k:sx + m.end() + 20 * k + 20]
        if e[17:18] == b'n' and not d[int(e[:10]):].startswith(b'%d 0 obj' % k):
            bad.append('object %d is not where the table says' % k)
objs = dict(re.findall(rb'(?:^|\n)(\d+) 0 obj\s*(<<.*?)\nendobj', d, re.S))
cat = [b for b in objs.values() if re.search(rb'/Type /Catalog\b', b)]
if not cat or not re.search(rb'/Lang \(en-GB\)', cat[0]):
    bad.append('the catalogue has no /Lang (en-GB)')
if not cat or not re.search(rb'/MarkInfo <</Type /MarkInfo\s*/Marked true>>', cat[0]):
    bad.append('the catalogue is not marked as tagged')
elems = [b for b in objs.values() if b.startswith(b'<</Type /StructElem')]
def alt(b):
    # a literal string, or UTF-16 in hex when it holds more than Latin-1
    m = re.search(rb'/Alt (?:\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]*)>)', b, re.S)
    if not m:
        return ''
    if m.group(1) is not None:
        return m.group(1).decode('latin-1')
    return bytes.fromhex(m.group(2).decode()).decode('utf-16')
figures = [b for b in elems if re.search(rb'/S /Figure\b', b)]
no_alt = [b for b in figures if not alt(b).strip()]
if no_alt:
    bad.append('%d Figures without alternative text, e.g. %r' % (len(no_alt), no_alt[0][:120]))
charts = [b for b in figures if alt(b).startswith('Line chart of ')]
if len(charts) != len(titles):
    bad.append('%d line charts with alternative text for %d metrics' % (len(charts), len(titles)))
uris = re.findall(rb'/URI \(([^)]*)\)', d)
local = [u for u in uris if u.startswith(b'file:')]
if not uris or local:
    bad.append('links into the temporary folder: %r' % local[:3])
if not any(u.startswith(b'https://example.org/bcf/2018-19-q2/') for u in uris):
    bad.append('no link into the published site (base_url)')
# the outline: the report, then the scorecard and each metric once
root = ET.parse(xml).getroot().find('outline')
items = [] if root is None else root.findall('item')
if len(items) != 1 or not (items[0].text or '').startswith(quarter + ' report for '):
    bad.append('the outline does not open with the report: %r' % [i.text for i in items])
inner = [i.text for i in root.find('outline').findall('item')] if items else []
if 'Scorecard' not in inner:
    bad.append('no Scorecard in the outline: %r' % inner)
for t in titles:
    if inner.count(t) != 1:
        bad.append('the outline has %r %d times, not once' % (t, inner.count(t)))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF

# each metric on at most two pages: from its outline entry to the next
spans() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import sys
import xml.etree.ElementTree as ET
xml, pages = sys.argv[1], int(sys.argv[2])
inner = ET.parse(xml).getroot().find('outline').find('outline').findall('item')
starts = [(i.text, int(i.get('page'))) for i in inner if i.text not in ('Scorecard', 'Summary for the board')]
bad = 0
for k, (t, p) in enumerate(starts):
    end = starts[k + 1][1] - 1 if k + 1 < len(starts) else pages
    if end - p + 1 > 2:
        print('%s takes %d pages (%d to %d), more than two' % (t, end - p + 1, p, end))
        bad = 1
sys.exit(bad)
EOF
}
spans "$OUT/xml" "$(sed -n 's/^Pages: *//p' "$OUT/info")" || status=1

# 150 areas compared: the long lists of areas outside a funnel plot's
# limits are cut in the board pack (the ends of the order, and a word of
# where the rest are), and each metric still keeps to two pages
/usr/bin/python3 tests/bench/gen_national.py "$OUT/national" >/dev/null
"$BIN" pdf -q -m "$OUT/national" --period '2009-10 Q4' -o "$OUT/national.pdf" 2>/dev/null ||
	fail "bcfgen pdf of 150 areas failed"
pdfinfo "$OUT/national.pdf" >"$OUT/ninfo" 2>/dev/null
pdftohtml -xml -i -stdout "$OUT/national.pdf" >"$OUT/nxml" 2>/dev/null
n=$(sed -n 's/^Pages: *//p' "$OUT/ninfo")
[ "${n:-99}" -le 26 ] || fail "150 areas: $n pages for 12 metrics, more than 26"
spans "$OUT/nxml" "${n:-0}" || fail "150 areas: a metric takes more than two pages"
pdftotext "$OUT/national.pdf" - 2>/dev/null | tr -s '\n ' '  ' |
	grep -q 'The table below shows the 4 highest and the 4 lowest of them' ||
	fail "150 areas: no word that the table of areas outside the limits is cut"

# the same inputs, the same bytes; the default name, in the working folder
mkdir -p "$OUT/cwd"
(cd "$OUT/cwd" && "$bin" pdf -q -m "$here/metrics" -t "$here/templates" -a "$here/assets" 2>/dev/null) ||
	fail "bcfgen pdf from another folder failed"
[ -f "$OUT/cwd/board-pack-2018-19-q2.pdf" ] || fail "no board-pack-2018-19-q2.pdf in the working folder"
cmp -s "$OUT/board.pdf" "$OUT/cwd/board-pack-2018-19-q2.pdf" || fail "two PDFs of the same inputs differ"
[ -z "$(ls "$OUT/cwd" | grep -v '^board-pack-2018-19-q2.pdf$')" ] || fail "pdf left files in the working folder: $(ls "$OUT/cwd")"

# --period: that quarter's pack
"$BIN" pdf -q --period '2017-18 Q4' -o "$OUT/q4.pdf" 2>/dev/null || fail "bcfgen pdf --period '2017-18 Q4' failed"
pdftohtml -xml -i -stdout "$OUT/q4.pdf" 2>/dev/null | grep -q '<item page="1">2017-18 Q4 report for ' ||
	fail "--period '2017-18 Q4' did not print that report"

# ---- failures: a message, a status, no PDF and no temporary folder ----
expect() {
	want=$1 file=$2
	shift 2
	"$@" >"$OUT/out" 2>"$OUT/err"
	got=$?
	[ "$got" = "$want" ] || { fail "'$*' exited $got, expected $want"; cat "$OUT/err"; }
	[ -e "$file" ] && fail "'$*' left $file"
	[ -z "$(ls "$TMPDIR")" ] || fail "'$*' left $(ls "$TMPDIR") in TMPDIR"
}
expect 3 "$OUT/none.pdf" env BCFGEN_CHROMIUM= PATH=/nonexistent "$BIN" pdf -q -o "$OUT/none.pdf"
grep -q 'apt-get install chromium' "$OUT/err" || fail "no Chromium on PATH: no word of what to install: $(cat "$OUT/err")"
grep -q 'bcfgen build does not need it' "$OUT/err" || fail "no Chromium: the message does not say build works without it"
expect 3 "$OUT/none.pdf" env BCFGEN_CHROMIUM=/nonexistent PATH=/nonexistent "$BIN" pdf -q -o "$OUT/none.pdf"
grep -q "BCFGEN_CHROMIUM is '/nonexistent'" "$OUT/err" && grep -q 'apt-get install chromium' "$OUT/err" ||
	fail "BCFGEN_CHROMIUM=/nonexistent: no clear message: $(cat "$OUT/err")"
expect 2 "$OUT/none.pdf" "$BIN" pdf --period '2018-19 Q5' -o "$OUT/none.pdf"
grep -q "^bcfgen: --period '2018-19 Q5' is not a quarter" "$OUT/err" || fail "a bad --period is not named"
grep -q '^usage: bcfgen pdf' "$OUT/err" || fail "a bad --period prints no usage"
expect 2 "$OUT/none.pdf" "$BIN" pdf --timeout 0 -o "$OUT/none.pdf"
mkdir -p "$OUT/folder"
expect 2 "$OUT/folder/board-pack.pdf" "$BIN" pdf -o "$OUT/folder"
grep -q "is a folder" "$OUT/err" || fail "-o a folder: no clear message"
expect 2 "$OUT/none.pdf" "$BIN" pdf -o "$OUT/no/such/folder/x.pdf"

# a Chromium that fails: what it said is shown; the PDF there is kept
printf '#!/bin/sh\necho "fake chromium: cannot print $*" >&2\nexit 7\n' >"$OUT/fail-chromium"
chmod +x "$OUT/fail-chromium"
echo old >"$OUT/kept.pdf"
BCFGEN_CHROMIUM="$OUT/fail-chromium" "$BIN" pdf -q -o "$OUT/kept.pdf" >"$OUT/out" 2>"$OUT/err"
[ $? = 3 ] || fail "a failing Chromium did not give exit status 3"
grep -q 'exit status 7' "$OUT/err" && grep -q 'fake chromium: cannot print' "$OUT/err" ||
	fail "a failing Chromium: its output is not shown: $(cat "$OUT/err")"
grep -q -- '--headless' "$OUT/err" && grep -q -- '--generate-pdf-document-outline' "$OUT/err" &&
	grep -q 'file:///.*/site/2018-19-q2/print.html' "$OUT/err" || fail "Chromium was not given the flags and the page"
[ "$(cat "$OUT/kept.pdf")" = old ] || fail "a failed print replaced the PDF there"
[ -z "$(ls "$TMPDIR")" ] || fail "a failing Chromium left $(ls "$TMPDIR") in TMPDIR"

# a Chromium that hangs is stopped at --timeout, with all it started
printf '#!/bin/sh\necho "fake chromium: hanging" >&2\nsleep 300 &\nsleep 301\n' >"$OUT/hang-chromium"
chmod +x "$OUT/hang-chromium"
start=$(date +%s)
BCFGEN_CHROMIUM="$OUT/hang-chromium" "$BIN" pdf -q --timeout 1 -o "$OUT/hang.pdf" >"$OUT/out" 2>"$OUT/err"
rc=$?
[ $rc = 3 ] || fail "a hanging Chromium: exit status $rc, expected 3"
grep -q 'took more than 1 s' "$OUT/err" || fail "a hanging Chromium: no message: $(cat "$OUT/err")"
[ $(($(date +%s) - start)) -lt 60 ] || fail "a hanging Chromium was not stopped in time"
[ -e "$OUT/hang.pdf" ] && fail "a hanging Chromium left a PDF"
sleep 0.2
pgrep -f 'sleep 30[01]$' >/dev/null && fail "what the hanging Chromium started is still running"
[ -z "$(ls "$TMPDIR")" ] || fail "a hanging Chromium left $(ls "$TMPDIR") in TMPDIR"

# SIGTERM while Chromium prints: it and all it started end, the
# temporary folder goes, and the signal ends bcfgen
printf '#!/bin/sh\ntouch "%s"\nsleep 302 &\nsleep 303\n' "$OUT/started" >"$OUT/slow-chromium"
chmod +x "$OUT/slow-chromium"
BCFGEN_CHROMIUM="$OUT/slow-chromium" "$BIN" pdf -q -o "$OUT/stopped.pdf" >"$OUT/out" 2>"$OUT/err" &
pid=$!
n=0
while [ ! -e "$OUT/started" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 143 ] || fail "SIGTERM while printing: exit status $rc, expected 143 (the signal)"
sleep 0.2
pgrep -f 'sleep 30[23]$' >/dev/null && fail "what Chromium started is still running after SIGTERM"
[ -e "$OUT/stopped.pdf" ] && fail "a stopped run left a PDF"
[ -z "$(ls "$TMPDIR")" ] || fail "a stopped run left $(ls "$TMPDIR") in TMPDIR"
exit $status
