#!/bin/sh
# The output folder is bcfgen's alone, and publishing is all or nothing:
#  - folders bcfgen will not replace (not its own, an input, the working
#    folder, a file, a symlink) are refused before any work, untouched;
#  - files at the top of a site that bcfgen did not make are kept, and the
#    folder keeps its mode and group;
#  - one build at a time: --no-wait refuses while another holds the lock,
#    otherwise a build waits; two builds at once give a clean build;
#  - a build killed with SIGKILL at twenty points over its run (with the
#    atomic exchange and without it) leaves the old site or the new one,
#    whole; no worker goes on writing; the next build cleans up and equals
#    a clean build.
# Usage: publish.sh BCFGEN OUT_DIR
set -u
BIN=$1 OUT=$2
export SOURCE_DATE_EPOCH=1700000000
status=0
fail() { echo "$*"; status=1; }
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(pwd)
build() { "$BIN" build -q -t "$ROOT/templates" -a "$ROOT/assets" "$@"; }

# two versions of the inputs: v2 has one changed cell
cp -R metrics "$OUT/v1"
cp -R metrics "$OUT/v2"
f=$(ls "$OUT/v2/data/"*.csv | head -n 1)
awk -F, 'NR == 2 { OFS = ","; for (i = NF; i > 0; i--) if ($i ~ /^[0-9]+$/) { $i = $i + 1; break } } { print }' \
	"$f" >"$f.new" && mv "$f.new" "$f"
cmp -s "$f" "$OUT/v1/data/$(basename "$f")" && fail "setup: v2 does not differ from v1"
build -j 1 -m "$OUT/v1" -o "$OUT/clean1" || fail "clean build of v1 failed"
build -j 1 -m "$OUT/v2" -o "$OUT/clean2" || fail "clean build of v2 failed"
diff -r -x .bcfgen-manifest "$OUT/clean1" "$OUT/clean2" >/dev/null && fail "setup: v1 and v2 give the same site"

# ---- refusals: exit 2, a message naming the folder, nothing touched ----
refuse() {
	what=$1
	shift
	"$BIN" build -q "$@" 2>"$OUT/err"
	got=$?
	[ "$got" = 2 ] || fail "$what: exit $got, expected 2"
	grep -q 'error:' "$OUT/err" || fail "$what: no error message"
}
mkdir -p "$OUT/docs/sub"
echo "my notes" >"$OUT/docs/README.md"
echo "x" >"$OUT/docs/sub/x"
refuse "a folder that is not a site" -m "$OUT/v1" -o "$OUT/docs"
[ "$(cat "$OUT/docs/README.md")" = "my notes" ] && [ -f "$OUT/docs/sub/x" ] || fail "docs/ was changed"
grep -q "not made by bcfgen" "$OUT/err" || fail "no reason given for docs/: $(cat "$OUT/err")"
refuse "the metrics folder" -m "$OUT/v1" -o "$OUT/v1"
refuse "inside the metrics folder" -m "$OUT/v1" -o "$OUT/v1/data/site"
refuse "a folder holding the metrics folder" -m "$OUT/v1" -o "$OUT"
cp -R templates "$OUT/tpl"
refuse "inside the templates folder" -m "$OUT/v1" -t "$OUT/tpl" -a "$ROOT/assets" -o "$OUT/tpl/site"
[ -d "$OUT/tpl/site" ] && fail "a site was written into the templates folder"
[ -f "$OUT/v1/site.ini" ] || fail "the metrics folder was changed"
mkdir -p "$OUT/wd"
(cd "$OUT/wd" && "$BIN" build -q -m "$OUT/v1" -t "$ROOT/templates" -a "$ROOT/assets" -o . 2>"$OUT/err"; echo $? >"$OUT/rc")
[ "$(cat "$OUT/rc")" = 2 ] || fail "-o . (the working folder): exit $(cat "$OUT/rc"), expected 2"
(cd "$OUT/wd" && "$BIN" build -q -m "$OUT/v1" -t "$ROOT/templates" -a "$ROOT/assets" -o .. 2>"$OUT/err"; echo $? >"$OUT/rc")
[ "$(cat "$OUT/rc")" = 2 ] || fail "-o .. (holds the working folder): exit $(cat "$OUT/rc"), expected 2"
echo "a file" >"$OUT/afile"
refuse "a file" -m "$OUT/v1" -o "$OUT/afile"
[ "$(cat "$OUT/afile")" = "a file" ] || fail "the file was changed"
ln -s clean1 "$OUT/alink"
refuse "a symbolic link" -m "$OUT/v1" -o "$OUT/alink"
refuse "a folder in a missing folder" -m "$OUT/v1" -o "$OUT/missing/site"
# 'site/.' would put the temporary folder inside the folder it replaces
refuse "a path ending in /." -m "$OUT/v1" -o "$OUT/clean1/."
refuse "a path ending in /.." -m "$OUT/v1" -o "$OUT/clean1/assets/.."
ls -a "$OUT/clean1" | grep -q 'tmp-' && fail "a build of clean1/. left a folder inside it"
# refused at once: an unreadable metrics folder is not even looked at
refuse "refused before reading the inputs" -m "$OUT/no-such-metrics" -o "$OUT/docs"
grep -q 'no-such-metrics' "$OUT/err" && fail "inputs were read before the output path was checked"
ls -d "$OUT"/*.tmp-* >/dev/null 2>&1 && fail "a refused build left a temporary folder"
# an empty folder is fine
mkdir -p "$OUT/empty"
build -m "$OUT/v1" -o "$OUT/empty" || fail "an empty folder was refused"

# ---- what is not bcfgen's is kept, with the folder's mode and group ----
S=$OUT/kept
cp -R "$OUT/clean1" "$S"
mkdir -p "$S/.git/objects" "$S/.well-known"
echo "ref: refs/heads/main" >"$S/.git/HEAD"
echo "bcf.example.org" >"$S/CNAME"
echo "Options -Indexes" >"$S/.htaccess"
echo "Contact: x" >"$S/.well-known/security.txt"
chmod 0750 "$S"
grp=$(id -gn)
build -j 1 -m "$OUT/v2" -o "$S" || fail "build over a site with a .git failed"
[ "$(cat "$S/.git/HEAD" 2>/dev/null)" = "ref: refs/heads/main" ] || fail ".git was not kept"
[ "$(cat "$S/CNAME" 2>/dev/null)" = "bcf.example.org" ] || fail "CNAME was not kept"
[ -f "$S/.htaccess" ] && [ -f "$S/.well-known/security.txt" ] || fail ".htaccess or .well-known/ not kept"
[ "$(stat -c %a "$S")" = 750 ] || fail "the folder's mode became $(stat -c %a "$S")"
[ "$(stat -c %G "$S")" = "$grp" ] || fail "the folder's group changed"
diff -r -x .bcfgen-manifest -x .git -x CNAME -x .htaccess -x .well-known "$OUT/clean2" "$S" >/dev/null || fail "the kept site differs from a clean build"
# and when bcfgen stops making a report, that report goes: it is not kept
build -j 1 -m "$OUT/v2" --period '2017-18 Q1' -o "$S" 2>/dev/null || fail "--period build failed"
[ -d "$S/2017-18-q2" ] && fail "a report bcfgen made earlier was kept as if it were not bcfgen's"
[ -f "$S/CNAME" ] || fail "CNAME was lost by the second build"

# a link at the top of the site (.well-known to a folder of the server's)
# is carried as a link, and a removal never follows it: the folder it leads
# to keeps everything; nor does a report folder replaced by a link to a
# folder elsewhere lend its files to the next build, or lose them to it
mkdir -p "$OUT/acme/sub" "$OUT/elsewhere"
echo token >"$OUT/acme/token.txt"
echo deep >"$OUT/acme/sub/deep.txt"
cp "$OUT/clean1/2018-19-q1/"* "$OUT/elsewhere/"
echo "not a page of ours" >"$OUT/elsewhere/index.html"
cp -R "$OUT/clean1" "$OUT/linked"
ln -s "$OUT/acme" "$OUT/linked/.well-known"
rm -rf "$OUT/linked/2018-19-q1"
ln -s "$OUT/elsewhere" "$OUT/linked/2018-19-q1"
n_else=$(ls "$OUT/elsewhere" | wc -l)
build -j 1 -m "$OUT/v2" -o "$OUT/linked" 2>"$OUT/err" || fail "build over a site with links failed: $(cat "$OUT/err")"
build -j 1 -m "$OUT/v1" -o "$OUT/linked" 2>"$OUT/err" || fail "second build over a site with links failed"
[ "$(cat "$OUT/acme/token.txt" 2>/dev/null)" = token ] && [ -f "$OUT/acme/sub/deep.txt" ] ||
	fail "a folder linked from the site lost its files"
[ "$(ls "$OUT/elsewhere" | wc -l)" = "$n_else" ] && [ "$(cat "$OUT/elsewhere/index.html")" = "not a page of ours" ] ||
	fail "a folder a report folder was linked to was changed"
[ -L "$OUT/linked/.well-known" ] || fail "the .well-known link was not kept"
[ -d "$OUT/linked/2018-19-q1" ] && [ ! -L "$OUT/linked/2018-19-q1" ] || fail "the linked report folder was not made again"
grep -q "not a page of ours" "$OUT/linked/2018-19-q1/index.html" && fail "a file from the linked folder was published"
diff -r -x .bcfgen-manifest -x .well-known "$OUT/clean1" "$OUT/linked" >/dev/null || fail "the site with links differs from a clean build"
ls -d "$OUT"/linked.tmp-* >/dev/null 2>&1 && fail "a build over a site with links left debris"

# someone's folder where a new report goes: refused before any work, kept
build -j 1 -m "$OUT/v1" --period '2017-18 Q1' -o "$OUT/theirs" 2>/dev/null || fail "--period build failed"
mkdir -p "$OUT/theirs/2017-18-q2"
echo mine >"$OUT/theirs/2017-18-q2/notes.txt"
"$BIN" build -q -j 1 -t templates -a assets -m "$OUT/v1" -o "$OUT/theirs" 2>"$OUT/err"
got=$?
[ "$got" = 2 ] || fail "a user's folder named like a new report: exit $got, expected 2"
grep -q "2017-18-q2: error: this was not made by bcfgen" "$OUT/err" || fail "no message naming 2017-18-q2: $(cat "$OUT/err")"
[ "$(cat "$OUT/theirs/2017-18-q2/notes.txt" 2>/dev/null)" = mine ] || fail "a user's folder named like a report was lost"
[ -d "$OUT/theirs/2018-19-q2" ] && fail "the build went ahead"

# a lock file that is a symbolic link is not followed, and said so
cp -R "$OUT/clean1" "$OUT/lnlock"
ln -s "$OUT/afile" "$OUT/lnlock.lock"
"$BIN" build -q -m "$OUT/v2" -o "$OUT/lnlock" 2>"$OUT/err" && fail "a lock file that is a link was followed"
grep -q "the lock file is a symbolic link" "$OUT/err" || fail "no message for a linked lock file: $(cat "$OUT/err")"
[ "$(cat "$OUT/afile")" = "a file" ] || fail "the file a lock link led to was changed"

# ---- one build at a time ----
if command -v flock >/dev/null 2>&1; then
	cp -R "$OUT/clean1" "$OUT/locked"
	flock "$OUT/locked.lock" sleep 3 &
	holder=$!
	sleep 0.5
	"$BIN" build -q --no-wait -m "$OUT/v2" -o "$OUT/locked" 2>"$OUT/err"
	got=$?
	[ "$got" = 3 ] || fail "--no-wait while locked: exit $got, expected 3"
	grep -q 'another build' "$OUT/err" || fail "--no-wait: no message: $(cat "$OUT/err")"
	diff -r -x .bcfgen-manifest "$OUT/clean1" "$OUT/locked" >/dev/null || fail "--no-wait changed the site"
	build -j 1 -m "$OUT/v2" -o "$OUT/locked" &
	waiter=$!
	sleep 1
	kill -0 "$waiter" 2>/dev/null || fail "a build did not wait for the lock"
	wait "$holder"
	wait "$waiter" || fail "the waiting build failed"
	diff -r -x .bcfgen-manifest "$OUT/clean2" "$OUT/locked" >/dev/null || fail "the waiting build's site differs from a clean build"
fi
# two builds at once, of different inputs: the later one's site, whole
cp -R "$OUT/clean1" "$OUT/both"
build -j 2 -m "$OUT/v1" --force -o "$OUT/both" &
p1=$!
build -j 2 -m "$OUT/v2" --force -o "$OUT/both" &
p2=$!
wait "$p1" || fail "the first of two builds at once failed"
wait "$p2" || fail "the second of two builds at once failed"
if diff -r -x .bcfgen-manifest "$OUT/clean1" "$OUT/both" >/dev/null; then :; elif diff -r -x .bcfgen-manifest "$OUT/clean2" "$OUT/both" >/dev/null; then :; else
	fail "two builds at once gave a site that is neither clean build"
fi
build -j 2 -m "$OUT/v2" -o "$OUT/both" || fail "a build after two at once failed"
diff -r -x .bcfgen-manifest "$OUT/clean2" "$OUT/both" >/dev/null || fail "after two builds at once, a third does not equal a clean build"
ls -d "$OUT"/both.tmp-* "$OUT"/both.old-* >/dev/null 2>&1 && fail "two builds at once left debris"

# ---- killed at twenty points ----
# count the points of a build of v2 over v1's site
cp -R "$OUT/clean1" "$OUT/count"
n=$(BCFGEN_TEST_KILL_AT=0 "$BIN" build -j 1 -m "$OUT/v2" -t templates -a assets -o "$OUT/count" 2>&1 |
	sed -n 's/^bcfgen: \([0-9]*\) fault points$/\1/p')
[ -n "$n" ] && [ "$n" -gt 40 ] || fail "fault points not counted: '$n'"
n=${n:-40}
rm -rf "$OUT/count"
cp -R "$OUT/clean1" "$OUT/count"
n2=$(BCFGEN_TEST_KILL_AT=0 "$BIN" build -j 2 -m "$OUT/v2" -t templates -a assets -o "$OUT/count" 2>&1 |
	sed -n 's/^bcfgen: \([0-9]*\) fault points$/\1/p')
n2=${n2:-20}
# and the point between the fallback's two renames, as the build names it
rm -rf "$OUT/count"
cp -R "$OUT/clean1" "$OUT/count"
nb=$(BCFGEN_TEST_NO_EXCHANGE=1 BCFGEN_TEST_KILL_AT=0 "$BIN" build -j 1 -m "$OUT/v2" -t templates -a assets \
	-o "$OUT/count" 2>&1 | sed -n "s/^bcfgen: fault point \([0-9]*\) is between the fallback's renames$/\1/p")
[ -n "$nb" ] || fail "the fallback's point between its renames not named"
nb=${nb:-$((n - 16))}
# all twenty points; PUBLISH_KILL_STRIDE=3 takes every third (0, 3, ... 18,
# keeping the point between the fallback's renames), for slow builds such
# as the sanitizers'
stride=${PUBLISH_KILL_STRIDE:-1}
i=0
between=0
while [ $i -lt 20 ]; do
	# spread over the run, ending at the very last points (the swap and
	# the removal of the old site)
	# (the last sixteen or so are the swap and the removal of the old
	# site's top-level entries, one point each; 18 is the point between
	# the fallback's renames, wherever new top-level entries move it)
	case $i in
	16) at=$((n - 19)) ;;
	17) at=$((n - 17)) ;;
	18) at=$nb ;;
	19) at=$((n - 8)) ;;
	*) at=$((1 + i * (n - 20) / 16)) ;;
	esac
	jobs=1
	if [ $((i % 5)) = 4 ]; then jobs=2; at=$((1 + i * n2 / 20)); fi
	for mode in exchange fallback; do
		T=$OUT/kill-$i-$mode
		cp -R "$OUT/clean1" "$T"
		if [ $mode = fallback ]; then nx=1; else nx=; fi
		BCFGEN_TEST_NO_EXCHANGE=$nx BCFGEN_TEST_KILL_AT=$at "$BIN" build -q -j $jobs -m "$OUT/v2" \
			-t templates -a assets -o "$T" 2>/dev/null
		got=$?
		[ "$got" = 137 ] || fail "kill at $at/$n ($mode): the build was not killed (exit $got)"
		sleep 0.1
		pgrep -f "$T" >/dev/null 2>&1 && fail "kill at $at ($mode, -j $jobs): a worker went on after its parent died"
		# the old site or the new one, whole (or, between the fallback's
		# two renames, none yet: put back by the next build)
		if [ -d "$T" ]; then
			if diff -r -x .bcfgen-manifest "$OUT/clean1" "$T" >/dev/null; then :; elif diff -r -x .bcfgen-manifest "$OUT/clean2" "$T" >/dev/null; then :; else
				fail "kill at $at/$n ($mode, -j $jobs): the site is neither the old nor the new one"
			fi
		elif [ $mode = exchange ] || ! ls -d "$T".old-* >/dev/null 2>&1; then
			fail "kill at $at/$n ($mode): no site, and nothing to put back"
		else
			between=$((between + 1))
		fi
		BCFGEN_TEST_NO_EXCHANGE=$nx build -j 1 -m "$OUT/v2" -o "$T" 2>"$OUT/err" || fail "kill at $at ($mode): the next build failed"
		diff -r -x .bcfgen-manifest "$OUT/clean2" "$T" >/dev/null || fail "kill at $at/$n ($mode): the next build differs from a clean build"
		ls -d "$T".tmp-* "$T".old-* >/dev/null 2>&1 && fail "kill at $at ($mode): the next build left debris"
		rm -rf "$T" "$T.lock"
	done
	i=$((i + stride))
done
[ "$between" -ge 1 ] || fail "no kill fell between the fallback's two renames: the points have moved"

# stopped by SIGTERM or SIGINT (Ctrl-C) at points over the run: the build
# ends by that signal, leaves the old site or the new one, whole, and
# removes its temporary folder itself, with no worker left behind
for at in 3 $((n / 4)) $((n / 2)) $((n - 18)) $((n - 15)) $((n - 8)); do
	for sig in TERM INT; do
		T=$OUT/stop-$at-$sig
		cp -R "$OUT/clean1" "$T"
		jobs=1
		[ $sig = INT ] && jobs=2 && at=$(( (at * n2 + n - 1) / n ))
		BCFGEN_TEST_KILL_SIGNAL=$sig BCFGEN_TEST_KILL_AT=$at "$BIN" build -q -j $jobs -m "$OUT/v2" \
			-t templates -a assets -o "$T" 2>/dev/null
		got=$?
		want=143
		[ $sig = INT ] && want=130
		[ "$got" = "$want" ] || fail "SIG$sig at $at: exit $got, expected $want"
		sleep 0.1
		pgrep -f "$T" >/dev/null 2>&1 && fail "SIG$sig at $at: a worker went on"
		if diff -r -x .bcfgen-manifest "$OUT/clean1" "$T" >/dev/null; then :; elif diff -r -x .bcfgen-manifest "$OUT/clean2" "$T" >/dev/null; then :; else
			fail "SIG$sig at $at: the site is neither the old nor the new one"
		fi
		ls -d "$T".tmp-* "$T".old-* >/dev/null 2>&1 && fail "SIG$sig at $at: the stopped build left its temporary folder"
		rm -rf "$T" "$T.lock"
	done
done
rm -rf "$OUT"
exit $status
