#!/bin/sh
# Publishing with base_url: feed.xml is Atom with one entry per home report
# (absolute links to pages that exist, the pages' headlines as summaries),
# sitemap.xml lists exactly the site's HTML pages (--all-areas too),
# robots.txt names it, every page's canonical URL is its own and its
# og:image a 1200 x 630 PNG in the site; without base_url none of these
# and one note; the same bytes for -j 1, -j 3 and an incremental build.
# Usage: meta.sh BCFGEN OUT_DIR
set -u
KEEP=${KEEP:-}
BIN=$1 OUT=$2
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
status=0
fail() { echo "$*"; status=1; }
rm -rf "$OUT"
mkdir -p "$OUT"

# check.py SITE BASE [all]: every claim above about one built site
cat >"$OUT/check.py" <<'EOF'
import html, os, re, struct, sys
import xml.etree.ElementTree as ET

site, base = sys.argv[1], sys.argv[2]
all_areas = len(sys.argv) > 3
A = '{http://www.w3.org/2005/Atom}'
S = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
bad = []

pages = sorted(os.path.relpath(os.path.join(d, f), site).replace(os.sep, '/')
               for d, _, fs in os.walk(site) for f in fs if f.endswith('.html'))
reports = sorted((d for d in os.listdir(site) if re.fullmatch(r'\d{4}-\d{2}-q[1-4]', d)), reverse=True)
if not reports:
    bad.append('no report folders')

def local(url, what):
    """The site's file a URL names, or None (reported)."""
    if not url.startswith(base):
        bad.append('%s %s is not under %s' % (what, url, base))
        return None
    path = os.path.join(site, url[len(base):])
    if not os.path.isfile(path):
        bad.append('%s %s names no file of the site' % (what, url))
        return None
    return path

def attr(page, pattern):
    return [html.unescape(v) for v in re.findall(pattern, page)]

# every page's tags
headlines = {}
for rel in pages:
    page = open(os.path.join(site, rel), encoding='utf-8').read()
    head = page[:page.find('</head>')]
    canon = attr(head, r'<link rel="canonical" href="([^"]*)">')
    if canon != [base + rel]:
        bad.append('%s: canonical %s, expected %s' % (rel, canon, base + rel))
    if attr(head, r'<meta property="og:url" content="([^"]*)">') != [base + rel]:
        bad.append('%s: og:url is not its own' % rel)
    if attr(head, r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]*)">') != [base + 'feed.xml']:
        bad.append('%s: no link to the feed' % rel)
    kind = attr(head, r'<meta property="og:type" content="([^"]*)">')
    if kind != ['article' if re.match(r'(areas/[^/]+/)?\d{4}-\d{2}-q[1-4]/', rel) else 'website']:
        bad.append('%s: og:type %s' % (rel, kind))
    for p in ('og:title', 'og:description', 'og:image:alt'):
        v = attr(head, r'<meta property="%s" content="([^"]*)">' % p)
        if len(v) != 1 or len(v[0]) < 10:
            bad.append('%s: %s is %s' % (rel, p, v))
    img = attr(head, r'<meta property="og:image" content="([^"]*)">')
    path = local(img[0], rel + ': og:image') if len(img) == 1 else bad.append(rel + ': no og:image')
    if path:
        with open(path, 'rb') as f:
            h = f.read(24)
        if h[:8] != b'\x89PNG\r\n\x1a\n' or h[12:16] != b'IHDR' or struct.unpack('>II', h[16:24]) != (1200, 630):
            bad.append('%s: og:image %s is not a 1200 x 630 PNG' % (rel, img[0]))
    if attr(head, r'<meta property="og:image:width" content="([^"]*)">') != ['1200'] or \
       attr(head, r'<meta property="og:image:height" content="([^"]*)">') != ['630']:
        bad.append('%s: og:image size not 1200 x 630' % rel)
    m = re.fullmatch(r'(\d{4}-\d{2}-q[1-4])/([a-z0-9_-]+)\.html', rel)
    if m and m.group(2) not in ('index', 'print'):
        headlines.setdefault(m.group(1), set()).update(
            attr(head, r'<meta property="og:description" content="([^"]*)">')[:1])

# feed.xml: Atom, one entry per home report, newest first
feed = ET.parse(os.path.join(site, 'feed.xml')).getroot()
if feed.tag != A + 'feed':
    bad.append('feed.xml is not an Atom feed: ' + feed.tag)
for req in ('id', 'title', 'updated', 'author/' + A + 'name'):
    if feed.find(A + req) is None or not (feed.find(A + req).text or '').strip():
        bad.append('feed.xml has no ' + req)
links = {l.get('rel'): l.get('href') for l in feed.findall(A + 'link')}
if links.get('self') != base + 'feed.xml':
    bad.append('feed.xml rel=self is %s' % links.get('self'))
local(links.get('alternate', ''), 'feed rel=alternate')
when = '2023-11-14T22:13:20Z' if os.environ.get('SOURCE_DATE_EPOCH') == '1700000000' else None
entries = feed.findall(A + 'entry')
want = [base + r + '/index.html' for r in reports]
got = [e.findtext(A + 'id') for e in entries]
if got != want:
    bad.append('feed entries %s, expected %s' % (got, want))
for e in entries:
    link = [l.get('href') for l in e.findall(A + 'link') if l.get('rel', 'alternate') == 'alternate']
    if link != [e.findtext(A + 'id')]:
        bad.append('entry %s: link %s is not its id' % (e.findtext(A + 'id'), link))
    for l in link:
        local(l, 'feed entry')
    if not (e.findtext(A + 'title') or '').endswith(' report'):
        bad.append('entry title %s' % e.findtext(A + 'title'))
    up = e.findtext(A + 'updated') or ''
    if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', up) or (when and up != when):
        bad.append('entry updated %s' % up)
    s = e.find(A + 'summary')
    folder = (e.findtext(A + 'id') or '')[len(base):].split('/')[0]
    if s is None or s.get('type') != 'text' or set(s.text.split('\n')) != headlines.get(folder):
        bad.append('entry %s: its summary is not its metric pages\' headlines' % folder)

# sitemap.xml: exactly the HTML pages, sorted; robots.txt names it
sm = ET.parse(os.path.join(site, 'sitemap.xml')).getroot()
locs = [u.findtext(S + 'loc') for u in sm.findall(S + 'url')]
if sm.tag != S + 'urlset' or locs != sorted(base + p for p in pages):
    bad.append('sitemap.xml lists %d pages, the site has %d: %s' %
               (len(locs), len(pages), sorted(set(locs) ^ set(base + p for p in pages))[:5]))
robots = open(os.path.join(site, 'robots.txt')).read()
if robots != 'User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n' % base:
    bad.append('robots.txt: ' + robots)
if all_areas and not any(p.startswith('areas/') for p in pages):
    bad.append('--all-areas made no area pages')
for b in bad[:20]:
    print(b)
print('%d pages, %d feed entries' % (len(pages), len(entries)), file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# the sample: base_url = https://example.org/bcf/
# (the sample's one warning, an out-of-date figure, into a log)
"$BIN" build -q -j 1 -o "$OUT/site" 2>>"$OUT/log" || exit 1
python3 "$OUT/check.py" "$OUT/site" https://example.org/bcf/ 2>/dev/null || fail "the sample's feed, sitemap or tags"
"$BIN" build -q -j 3 --all-areas -o "$OUT/all" 2>>"$OUT/log" || exit 1
python3 "$OUT/check.py" "$OUT/all" https://example.org/bcf/ all 2>/dev/null || fail "the same with --all-areas"
"$BIN" build -q -j 3 -o "$OUT/site-j3" 2>>"$OUT/log" || exit 1
diff -r -x .bcfgen-manifest "$OUT/site" "$OUT/site-j3" >/dev/null || fail "-j 3 and -j 1 differ"

# an incremental build after a new figure: the bytes of a full build
cp -r metrics "$OUT/m"
sed -i 's/^nea,E06009999,Sample Borough,2018-19 Q2,"5,863"/nea,E06009999,Sample Borough,2018-19 Q2,"5,963"/' \
	"$OUT/m/data/nea.csv"
cmp -s metrics/data/nea.csv "$OUT/m/data/nea.csv" && fail "the test's edit of nea.csv changed nothing"
cp -r "$OUT/site" "$OUT/inc"
"$BIN" build -q -j 2 -m "$OUT/m" -o "$OUT/inc" 2>>"$OUT/log" || exit 1
"$BIN" build -q -j 1 --force -m "$OUT/m" -o "$OUT/full" 2>>"$OUT/log" || exit 1
diff -r -x .bcfgen-manifest "$OUT/inc" "$OUT/full" >/dev/null || fail "an incremental build differs from a full one"
cmp -s "$OUT/inc/feed.xml" "$OUT/site/feed.xml" && fail "the feed did not change with a figure"

# without base_url: nothing of the above, and the note once (none with -q)
cp -r metrics "$OUT/nobase"
sed -i '/^base_url/d' "$OUT/nobase/site.ini"
"$BIN" build -j 2 -m "$OUT/nobase" -o "$OUT/plain" 2>"$OUT/plain.err" || exit 1
[ "$(grep -c 'note: site.ini sets no base_url' "$OUT/plain.err")" = 1 ] || fail "the note, once:" "$(cat "$OUT/plain.err")"
grep -q 'warning:.*base_url' "$OUT/plain.err" && fail "the note is a warning"
for f in feed.xml sitemap.xml robots.txt 2018-19-q2/card.png 2018-19-q2/nea-card.png; do
	[ -e "$OUT/plain/$f" ] && fail "$f written without base_url"
done
grep -rlE 'rel="canonical"|property="og:|application/atom' "$OUT/plain" --include='*.html' | head -1 | grep -q . &&
	fail "social tags without base_url"
"$BIN" build -q -j 2 --force -m "$OUT/nobase" -o "$OUT/plain" 2>"$OUT/plain.err" || exit 1
[ -s "$OUT/plain.err" ] && grep -q note "$OUT/plain.err" && fail "the note with -q"

# a feed.xml of someone's where the site with base_url puts its own:
# refused, kept
echo 'my own feed' >"$OUT/plain/feed.xml"
"$BIN" build -q -j 2 -o "$OUT/plain" 2>"$OUT/plain.err"
[ $? = 2 ] && grep -q 'feed.xml: error: this was not made by bcfgen' "$OUT/plain.err" &&
	[ "$(cat "$OUT/plain/feed.xml")" = 'my own feed' ] || fail "someone's feed.xml was not refused and kept"

# a base_url without its '/', an '&' in it and markup in the title:
# escaped, still XML, the '/' added
cp -r metrics "$OUT/odd"
sed -i 's|^base_url.*|base_url = https://example.org/a\&b|; s|^title = .*|title = Care \& <Support> "BCF"|' "$OUT/odd/site.ini"
# and characters no XML may hold (U+FFFF, U+FFFE, a control), valid UTF-8
# that site.ini takes: left out of the feed
sed -i "s|^organisation = .*|organisation = $(printf 'The\357\277\277 Board\357\277\276\001')|" "$OUT/odd/site.ini"
"$BIN" build -q -j 2 -m "$OUT/odd" -o "$OUT/odd-site" 2>>"$OUT/log" || exit 1
python3 "$OUT/check.py" "$OUT/odd-site" 'https://example.org/a&b/' 2>/dev/null || fail "base_url with '&', no '/'"
python3 -c "
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot().findtext('{http://www.w3.org/2005/Atom}title')
sys.exit(t != 'Care & <Support> \"BCF\"')" "$OUT/odd-site/feed.xml" || fail "the feed's title is not the site's"
python3 -c "
import sys, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
t = ET.parse(sys.argv[1]).getroot().find(A + 'author').findtext(A + 'name')
sys.exit(t != 'The Board')" "$OUT/odd-site/feed.xml" || fail "the feed's author with U+FFFF, U+FFFE and a control"

[ $status = 0 ] && [ -z "$KEEP" ] && rm -rf "$OUT"
exit $status
