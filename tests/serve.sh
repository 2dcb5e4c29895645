#!/bin/sh
# bcfgen serve on a copy of the sample, on a free port: a page is served;
# a changed figure is served within 2 seconds of the write; a bad edit
# shows its file:line:column above the last good figures, and a fix
# recovers; a folder made while serving is watched; the reload script is in
# the served pages only; requests outside the site (.., escaped or not,
# backslashes, NUL, a symbolic link in the site) and POST are refused;
# a metrics folder replaced by a copy is watched; SIGTERM ends it with exit
# 0 and its private folder gone, as SIGINT does during the first build; a
# first build that fails gives its problems for every page; site/ untouched.
# Usage: tests/serve.sh BCFGEN OUT
set -u
BIN=$1 OUT=$2
rm -rf "$OUT"
mkdir -p "$OUT/tmp"
cp -R metrics "$OUT/metrics"
cp -R templates "$OUT/templates"
# made again while serving, to see a new folder watched
rm -r "$OUT/metrics/narrative/2018-19-q1"
status=0

# the usage errors: no -o, no port out of range
for args in "-o $OUT/site" "--port 65536" "--port x" "--bind nowhere"; do
	# shellcheck disable=SC2086
	"$BIN" serve -m "$OUT/metrics" $args >/dev/null 2>"$OUT/usage.err"
	rc=$?
	[ $rc = 2 ] || { echo "serve $args exited $rc, expected 2 (a usage error)"; status=1; }
done
[ -e "$OUT/site" ] && { echo "serve -o wrote $OUT/site"; status=1; }

# TMPDIR inside the metrics folder: the private folder would be watched and
# each build start the next; refused at once (3), nothing left there
mkdir -p "$OUT/metrics/scratch"
TMPDIR="$OUT/metrics/scratch" timeout 20 "$BIN" serve -m "$OUT/metrics" >/dev/null 2>"$OUT/inside.err"
rc=$?
if ! { [ $rc = 3 ] && grep -q 'the private folder is inside' "$OUT/inside.err" &&
	[ -z "$(ls -A "$OUT/metrics/scratch")" ]; }; then
	echo "serve with TMPDIR inside the metrics folder exited $rc:"
	cat "$OUT/inside.err"
	status=1
fi
rmdir "$OUT/metrics/scratch"

site_state() { [ -d site ] && find site -printf '%p %s %T@\n' | sort || echo "no site/"; }
site_state >"$OUT/site-before"

TMPDIR=$(cd "$OUT/tmp" && pwd) /usr/bin/python3 - "$BIN" "$OUT" <<'EOF' || status=1
import glob, http.client, os, re, select, shutil, signal, subprocess, sys, time

BIN, OUT = sys.argv[1], sys.argv[2]
M = os.path.join(OUT, "metrics")
NEA = os.path.join(M, "data", "nea.csv")
PAGE = "/2018-19-q2/nea.html"
fails = []

def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)

def request(method, path, timeout=10, host=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    c.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
    if host is not None:
        c.putheader("Host", host)
    c.endheaders()
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body

def get(path):
    return request("GET", path)

def until(what, test, limit):
    """Poll PAGE until test(status, body); the seconds it took, or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        try:
            st, body = get(PAGE)
            if test(st, body):
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.02)
    fail("%s: not seen within %.0f s" % (what, limit))
    return None

def edit(old, new):
    """Replace old by new in nea.csv's Sample Borough 2018-19 Q2 row; the
    time of the write."""
    with open(NEA) as f:
        text = f.read()
    row = 'nea,E06009999,Sample Borough,2018-19 Q2,"%s"' % old
    if row not in text:
        fail("nea.csv has no row '%s'" % row)
    t = time.monotonic()
    with open(NEA, "w") as f:
        f.write(text.replace(row, 'nea,E06009999,Sample Borough,2018-19 Q2,"%s"' % new))
    return t

def builds():
    """How many builds have ended, as the terminal was told."""
    err.flush()
    with open(os.path.join(OUT, "serve.err")) as f:
        return len(re.findall(r"^bcfgen serve: (built in|nothing changed|the build failed)", f.read(), re.M))

def ended(n, what):
    """Wait for the builds after the first n to end."""
    t0 = time.monotonic()
    while builds() <= n and time.monotonic() - t0 < 10:
        time.sleep(0.02)
    if builds() <= n:
        fail("%s: no build ended" % what)

def cell(body, figure):
    return ('<td class="num">%s</td>' % figure) in body

err = open(os.path.join(OUT, "serve.err"), "w")
p = subprocess.Popen([BIN, "serve", "-m", M, "-t", os.path.join(OUT, "templates"), "--port", "0"],
                     stdout=subprocess.PIPE, stderr=err)
try:
    ready, _, _ = select.select([p.stdout], [], [], 30)
    line = p.stdout.readline().decode() if ready else ""
    m = re.match(r"Serving http://(127\.0\.0\.1):(\d+)/ ", line)
    if not m:
        raise SystemExit("FAIL: no 'Serving http://127.0.0.1:PORT/' line: %r" % line)
    HOST, PORT = m.group(1), int(m.group(2))
    privs = glob.glob(os.path.join(os.environ["TMPDIR"], "bcfgen-serve.*"))
    if len(privs) != 1:
        raise SystemExit("FAIL: expected one private folder in $TMPDIR, found %r" % privs)
    priv = privs[0]

    # the first build: the sanitizer build's time is allowed for here only
    until("the first build", lambda st, b: st == 200 and cell(b, "5,863"), 120)
    st, body = get(PAGE)
    if '<script src="/.bcfgen-serve/reload.js" data-generation="' not in body:
        fail("the served page has no reload script")
    if "script-src 'self'" not in body or "connect-src 'self'" not in body:
        fail("the served page's Content-Security-Policy does not let the reload script run")
    with open(os.path.join(priv, "site", "2018-19-q2", "nea.html")) as f:
        if "<script" in f.read():
            fail("the built page (not only the served copy) has a script")
    st, js = get("/.bcfgen-serve/reload.js")
    if st != 200 or "/.bcfgen-serve/generation" not in js:
        fail("reload.js: %d" % st)
    st, g0 = get("/.bcfgen-serve/generation")
    st, index = get("/")
    if st != 200 or "2018-19 Q2" not in index:
        fail("/ is not the site's index.html: %d" % st)
    st, _ = get("/2018-19-q2")
    if st != 301:
        fail("a folder without its '/' gave %d, expected a redirect (301)" % st)

    # a changed figure, served within 2 seconds of the write
    t = edit("5,863", "7,777")
    until("the changed figure 7,777", lambda st, b: st == 200 and cell(b, "7,777"), 10)
    took = time.monotonic() - t
    print("changed figure served after %.2f s" % took)
    if took > 2.0:
        fail("the changed figure was served %.2f s after the write, more than 2 s" % took)
    # the generation the pages poll is bumped once the build has ended,
    # a moment after the new site is in place
    t0 = time.monotonic()
    while get("/.bcfgen-serve/generation")[1] == g0 and time.monotonic() - t0 < 5:
        time.sleep(0.02)
    if get("/.bcfgen-serve/generation")[1] == g0:
        fail("the generation the pages poll did not change with a build")

    # a bad edit: its place and problem above the last good figures
    edit("7,777", "7,7x7")
    alert = re.compile(r'role="alert".*nea\.csv:\d+:\d+: error: numerator &#39;7,7x7&#39; is not a number', re.S)
    until("the bad edit's diagnostics", lambda st, b: st == 200 and alert.search(b) is not None, 10)
    st, body = get(PAGE)
    if not cell(body, "7,777"):
        fail("after a bad edit the last good figure 7,777 is not served")
    if "<pre>" in body and "<script" in body.split("<pre>")[1].split("</pre>")[0]:
        fail("the diagnostics are not escaped")

    err.flush()
    with open(os.path.join(OUT, "serve.err")) as f:
        if not re.search(r"nea\.csv:\d+:\d+: error: numerator '7,7x7' is not a number", f.read()):
            fail("the terminal was not told the bad edit's problem")

    # the fix: no banner, the new figure
    edit("7,7x7", "7,778")
    until("recovery from the bad edit", lambda st, b: st == 200 and cell(b, "7,778") and 'role="alert"' not in b, 10)

    # the templates are watched too
    n = builds()
    layout = os.path.join(OUT, "templates", "layout.mustache")
    with open(layout) as f:
        text = f.read()
    with open(layout, "w") as f:
        f.write(text.replace("All reports</a></li>", "Every report of the test</a></li>"))
    until("a template's change", lambda st, b: st == 200 and "Every report of the test" in b, 10)

    # a save that changes nothing builds nothing and reloads no page (the
    # generation is bumped when a build has ended, after the new site is
    # served)
    ended(n, "the template's change")
    n = builds()
    st, g2 = get("/.bcfgen-serve/generation")
    with open(NEA) as f:
        text = f.read()
    with open(NEA, "w") as f:
        f.write(text)
    ended(n, "a save that changed nothing")
    with open(os.path.join(OUT, "serve.err")) as f:
        if not re.search(r"bcfgen serve: nothing changed \([0-9.]+ s\)$", f.read().rstrip()):
            fail("a save that changed nothing: not 'nothing changed' on the terminal")
    if get("/.bcfgen-serve/generation")[1] != g2:
        fail("a save that changed nothing changed the generation, reloading every page")

    # a folder made while serving is watched: a file written into it later
    # is built (the narrative of 2018-19 Q1, removed from the copy)
    folder = os.path.join(M, "narrative", "2018-19-q1")
    os.mkdir(folder)
    time.sleep(1.0)
    with open(os.path.join(folder, "index.md"), "w") as f:
        f.write("## Summary for the board\n\nA sentence only the test writes: zebra quokka.\n")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10 and "zebra quokka" not in get("/2018-19-q1/")[1]:
        time.sleep(0.05)
    if "zebra quokka" not in get("/2018-19-q1/")[1]:
        fail("a file in a folder made while serving was not built")

    # the metrics folder moved away and a copy put in its place: the copy
    # is watched
    os.rename(M, M + ".old")
    shutil.copytree(M + ".old", M)
    time.sleep(1.5)
    edit("7,778", "7,779")
    until("a change in a metrics folder put in place of the first", lambda st, b: st == 200 and cell(b, "7,779"), 10)

    # requests outside the site, and a symbolic link out of it
    os.symlink("/etc/passwd", os.path.join(priv, "site", "leak.txt"))
    for path in ["/../../etc/passwd", "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/%2E%2E/%2E%2E/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/2018-19-q2/../../etc/passwd",
                 "/..\\..\\etc\\passwd", "/..%5c..%5cetc%5cpasswd", "/index.html%00.png", "//etc/passwd",
                 "/leak.txt", "/.bcfgen-manifest", "/.bcfgen-site"]:
        st, body = get(path)
        if st == 200 or "root:" in body:
            fail("%s was served (%d)" % (path, st))
    # a file named as a folder is not a page: served, a CSV's cells (an
    # area's name) would be read as HTML, with the reload script
    for path in ["/2018-19-q2/nea.csv/", "/robots.txt/", "/2018-19-q2/nea.svg/"]:
        st, body = get(path)
        if st != 404:
            fail("%s gave %d, expected 404 (a file named as a folder)" % (path, st))
    # a name other than localhost or an address: a page elsewhere whose
    # name was rebound to this machine (DNS rebinding)
    st, body = request("GET", PAGE, host="attacker.example:%d" % PORT)
    if st != 403 or "7,7" in body:
        fail("Host: attacker.example gave %d, expected 403" % st)
    st, body = request("GET", PAGE, host="localhost:%d" % PORT)
    if st != 200:
        fail("Host: localhost gave %d, expected 200" % st)
    # only GET and HEAD
    for method in ["POST", "PUT", "DELETE"]:
        st, _ = request(method, PAGE)
        if st != 405:
            fail("%s gave %d, expected 405" % (method, st))
    st, body = request("HEAD", PAGE)
    if st != 200 or body:
        fail("HEAD gave %d with %d bytes of body" % (st, len(body)))
finally:
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "none: killed after 60 s"
    err.close()
if rc != 0:
    fail("SIGTERM: exit status %s, expected 0" % rc)
left = os.listdir(os.environ["TMPDIR"])
if left:
    fail("left in $TMPDIR after SIGTERM: %r" % left)

# never a good build: every page asked for is the problems (500), and the
# first good build is served
with open(NEA) as f:
    good = f.read()
with open(NEA, "w") as f:
    f.write(good.replace('2018-19 Q2,"7,779"', '2018-19 Q2,"7,7y8"'))
p = subprocess.Popen([BIN, "serve", "-q", "-m", M], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
try:
    ready, _, _ = select.select([p.stdout], [], [], 30)
    m = re.match(r"Serving http://(127\.0\.0\.1):(\d+)/ ", p.stdout.readline().decode() if ready else "")
    if not m:
        raise SystemExit("FAIL: no 'Serving http://127.0.0.1:PORT/' line")
    HOST, PORT = m.group(1), int(m.group(2))
    alert = re.compile(r'role="alert".*nea\.csv:\d+:\d+: error: numerator &#39;7,7y8&#39;', re.S)
    until("the problems of a first build that failed", lambda st, b: st == 500 and alert.search(b) is not None, 120)
    st, body = get("/2018-19-q1/index.html")
    if st != 500 or not alert.search(body):
        fail("another page, with no good build: %d, not the problems" % st)
    with open(NEA, "w") as f:
        f.write(good)
    until("the first good build after a failed one", lambda st, b: st == 200 and cell(b, "7,779"), 10)
finally:
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "none: killed after 60 s"
if rc != 0:
    fail("SIGTERM after a failed first build: exit status %s, expected 0" % rc)

# SIGINT (Ctrl-C) as soon as it listens, while the first build runs: it
# waits for the build, removes its folder and exits 0
p = subprocess.Popen([BIN, "serve", "-q", "-m", M], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
try:
    ready, _, _ = select.select([p.stdout], [], [], 30)
    if not ready or not p.stdout.readline().startswith(b"Serving http://127.0.0.1:"):
        fail("-q: no 'Serving' line")
finally:
    p.send_signal(signal.SIGINT)
    try:
        rc = p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "none: killed after 60 s"
if rc != 0:
    fail("SIGINT during the first build: exit status %s, expected 0" % rc)
left = os.listdir(os.environ["TMPDIR"])
if left:
    fail("left in $TMPDIR after SIGINT during a build: %r" % left)
if fails:
    with open(os.path.join(OUT, "serve.err")) as f:
        sys.stdout.write("the server's stderr:\n" + f.read())
sys.exit(1 if fails else 0)
EOF

site_state >"$OUT/site-after"
cmp -s "$OUT/site-before" "$OUT/site-after" || { echo "site/ changed while serving"; status=1; }
exit $status
