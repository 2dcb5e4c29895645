#!/bin/sh
# Hostile inputs: links that lead out of their folder, FIFOs, a symlink loop
# in assets/, Markdown that would take cmark-gfm minutes to render, a
# SOURCE_DATE_EPOCH past the year 9999.  Each must end within 10 s with
# exit status 1 and a message naming the path, and nothing of the secret
# file may reach the output.  Links and FIFOs cannot be committed as
# fixtures, so they are made here.  Usage: hostile-inputs.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
status=0
SECRET=hostile-secret-7f3a9c
rm -rf "$OUT"
mkdir -p "$OUT"
printf 'PASSWORD=%s\n' "$SECRET" >"$OUT/secret.txt"
ABS=$(cd "$OUT" && pwd)
IN=$OUT/in
M=$IN/metrics
Q=$M/narrative/2018-19-q2

fresh() {
	rm -rf "$IN" "$OUT/site" "$OUT"/site.tmp-* "$OUT/outside"
	mkdir -p "$IN"
	cp -R tests/golden/basic/metrics templates assets "$IN/"
}

# try STATUS WHAT MESSAGE COMMAND...: COMMAND ends within 10 s with STATUS,
# its standard error holds MESSAGE, and the secret is nowhere in the output
try() {
	want=$1 what=$2 msg=$3
	shift 3
	timeout 10 "$@" >"$OUT/out" 2>"$OUT/err"
	got=$?
	if [ "$got" = 124 ]; then
		echo "$what: still running after 10 s"
		status=1
		return
	fi
	[ "$got" = "$want" ] || { echo "$what: exited $got, expected $want"; sed 's/^/     /' "$OUT/err" | head -5; status=1; }
	[ -z "$msg" ] || grep -qF -- "$msg" "$OUT/err" ||
		{ echo "$what: no '$msg' in the messages:"; sed 's/^/     /' "$OUT/err" | head -5; status=1; }
	if grep -rqF "$SECRET" "$OUT/out" "$OUT/err" "$OUT"/site* 2>/dev/null; then
		echo "$what: the secret was published"
		status=1
	fi
}
build() { try "$1" "$2" "$3" "$BIN" build -q -j 1 -m "$M" -t "$IN/templates" -a "$IN/assets" -o "$OUT/site"; }
check() { try "$1" "$2" "$3" "$BIN" check -m "$M"; }

fresh
build 0 "the untouched fixture" ""

# links out of their folder, FIFOs, dangling links: refused in check and build
fresh
ln -s "$ABS/secret.txt" "$Q/delay.md"
check 1 "check: narrative linked outside" "$Q/delay.md: error: leads to '$ABS/secret.txt', outside $M/narrative/"
build 1 "build: narrative linked outside" "$Q/delay.md: error: leads to"

fresh
mkdir -p "$OUT/outside"
ln -s "$ABS/secret.txt" "$OUT/outside/index.md"
ln -s "$ABS/outside" "$M/narrative/2018-19-q1"
check 1 "narrative folder linked outside" "$M/narrative/2018-19-q1: error: leads to"

fresh
ln -s adm.md "$Q/delay.md"
check 0 "narrative linked to a file beside it" ""
build 0 "narrative linked to a file beside it" ""

fresh
ln -s "$ABS/secret.txt" "$M/pages/secret.md"
check 1 "check: standing page linked outside" "$M/pages/secret.md: error: leads to"
build 1 "build: standing page linked outside" "$M/pages/secret.md: error: leads to"

fresh
rm "$IN/templates/page.mustache"
ln -s "$ABS/secret.txt" "$IN/templates/page.mustache"
build 1 "template linked outside" "$IN/templates/page.mustache: error: leads to"

fresh
ln -s "$ABS/secret.txt" "$IN/assets/secret.css"
build 1 "asset linked outside" "$IN/assets/secret.css: error: leads to"

fresh
ln -s /proc/self/environ "$IN/assets/environ.txt"
build 1 "asset linked to /proc/self/environ" "$IN/assets/environ.txt: error: leads to"

fresh
ln -s . "$IN/assets/loop"
build 1 "symlink loop in assets" "$IN/assets/loop: error: symbolic link loop"
# refused before any work: nothing written (the build's fault-point count
# stops at the two of taking the output folder)
BCFGEN_TEST_KILL_AT=0 timeout 10 "$BIN" build -q -m "$M" -t "$IN/templates" -a "$IN/assets" -o "$OUT/site" 2>"$OUT/err"
grep -qx 'bcfgen: 2 fault points' "$OUT/err" ||
	{ echo "a bad asset was refused only after the build wrote files:"; sed 's/^/     /' "$OUT/err" | tail -3; status=1; }

fresh
ln -s no-such-file.md "$Q/delay.md"
check 1 "dangling link as narrative" "$Q/delay.md: error: symbolic link leads nowhere"

fresh
mkfifo "$Q/delay.md"
check 1 "check: FIFO as narrative" "$Q/delay.md: error: is a FIFO, not a plain file"
build 1 "build: FIFO as narrative" "$Q/delay.md: error: is a FIFO, not a plain file"

fresh
mkfifo "$M/pages/fifo.md"
check 1 "FIFO as standing page" "$M/pages/fifo.md: error: is a FIFO"

fresh
rm "$IN/templates/page.mustache"
mkfifo "$IN/templates/page.mustache"
build 1 "FIFO as template" "$IN/templates/page.mustache: error: is a FIFO"

fresh
mkfifo "$IN/assets/fifo.css"
build 1 "FIFO as asset" "$IN/assets/fifo.css: error: is a FIFO"

fresh
mkfifo "$M/data/fifo.csv"
check 1 "FIFO as data file" "$M/data/fifo.csv: error: is a FIFO"

fresh
rm "$M/areas.csv"
mkfifo "$M/areas.csv"
check 1 "FIFO as areas.csv" "$M/areas.csv: error: is a FIFO"

# a data file over the limit is refused from its size, at once, with advice
fresh
truncate -s 257M "$M/data/huge.csv"
check 1 "a data file over 256 MiB" "huge.csv: error: file is larger than the limit of 256 MiB: split it"
rm -f "$M/data/huge.csv"

# Markdown: a size limit, and cmark-gfm's quadratic cases refused at once
fresh
head -c 1048577 /dev/zero | tr '\0' a >"$Q/index.md"
check 1 "narrative over 1 MiB" "$Q/index.md: error: file is larger than the limit of 1 MiB"

rep() { yes -- "$1" | head -n "$2" | tr -d '\n'; }
# md_case WHAT: the text in $OUT/case.md as a narrative (not in a pipe, so
# that status is kept)
md_case() {
	fresh
	mv "$OUT/case.md" "$Q/index.md"
	start=$(date +%s)
	check 1 "Markdown: $1" "$Q/index.md"
	[ $(($(date +%s) - start)) -le 3 ] || { echo "Markdown: $1: took more than 3 s"; status=1; }
}
rep '![[]()' 170000 >"$OUT/case.md"
md_case "'![[]()' repeated"
rep '![' 500000 >"$OUT/case.md"
md_case "nested image brackets '![![!['"
rep 'a@b.' 250000 >"$OUT/case.md"
md_case "e-mail autolinks 'a@b.' repeated"
rep 'a <? ' 200000 >"$OUT/case.md"
md_case "'<?' runs"
{ rep '*a ' 150000; rep '_a*_ ' 100000; } >"$OUT/case.md"
md_case "cmark#389 emphasis"
{ rep '>' 300000; rep 'a*' 300000; } >"$OUT/case.md"
md_case "emphasis in a deep block quote"
{ rep '- ' 150000; echo x; yes '' | head -n 300000; } >"$OUT/case.md"
md_case "blank lines after deeply nested lists"
{ rep 'x|' 5000; echo; rep '-|' 5000; echo; yes x | head -n 400000; } >"$OUT/case.md"
md_case "a 5,000-column table"
{ rep 'x|' 128; echo; rep '-|' 128; echo; yes x | head -n 800; } >"$OUT/case.md"
md_case "a table filled in to 100,000 cells"
{ echo "[x]: /$(rep u 1000)"; echo; yes '[x]' | head -n 200000; } >"$OUT/case.md"
md_case "a long reference used 200,000 times"
# a line of '\v' or '\f' does not end a paragraph for cmark: the limits
# must not be dodged with one
python3 -c "
c = 'x ' + '<?' * 99 + 'a'
s = ''
while len(s) < 1000000: s += c + '\\n\\v\\n'
open('$OUT/case.md', 'w').write(s[:1000000])"
md_case "'<?' runs between lines of vertical tabs"
# what people write is not refused: a glossary of 260 list items, a table
# of 300 rows with a link and emphasis in each
fresh
python3 -c "
print('# Glossary\\n')
for i in range(260): print('- **Term %d**: what it _means_.' % i)
print('\\n| Source | Note |\\n|---|---|')
for i in range(300): print('| [table_%d](https://example.org/a_b) | **yes** |' % i)" >"$M/pages/glossary.md"
check 0 "a long glossary list and sources table" ""

# SOURCE_DATE_EPOCH beyond the year 9999
fresh
try 1 "SOURCE_DATE_EPOCH=99999999999999999" "SOURCE_DATE_EPOCH='99999999999999999' is after the year 9999" \
	env SOURCE_DATE_EPOCH=99999999999999999 "$BIN" check -m "$M"
try 1 "SOURCE_DATE_EPOCH=253402300800" "is after the year 9999" env SOURCE_DATE_EPOCH=253402300800 "$BIN" check -m "$M"
try 0 "SOURCE_DATE_EPOCH=253402300799 (31 December 9999)" "" env SOURCE_DATE_EPOCH=253402300799 "$BIN" check -m "$M"

rm -rf "$IN" "$OUT/site" "$OUT/outside"
exit $status
