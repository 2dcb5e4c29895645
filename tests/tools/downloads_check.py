#!/usr/bin/env python3
"""Checks a site built with --all-areas: every download holds exactly the
rows its page shows, and the site's data.csv is the union of what the pages
of the latest report show.  Written apart from bcfgen: it reads the pages'
HTML (the figures table, the comparison table, the links) and the CSVs.

  downloads_check.py SITE BENCHMARK_NAME

For each metric page (a report folder's <metric>.html with a figures table):
  - its download (<metric>.csv, linked from the trend chart) holds the
    page's area's rows, one per row of the figures table, same periods;
    the benchmark's rows; and rows of one period only besides;
  - the compared areas' rows (in that download, or in the download the
    comparison links to) name exactly the areas of the comparison table,
    in the period of the page's latest figure;
each report folder's data.csv holds the rows of its metric downloads, and
nothing else; the site's data.csv has no row twice and equals the union of
the rows of every area's latest report.  Exit 1 with a line per problem."""
import csv, glob, html, io, os, re, sys

SITE, BENCH = sys.argv[1], sys.argv[2]
HEADER = ("metric,area_code,area_name,period,numerator,denominator,value,lower_ci,upper_ci,plan,mean,"
          "lower_process_limit,upper_process_limit,variation,assurance,comparison,flag,unit")
MONTHS = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
problems = []


def bad(msg):
    problems.append(msg)


def rows_of(path):
    """The rows of a download (its lines but the header) as text."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if lines[0] != HEADER or lines[-1] != "":
        bad("%s: not a download (header or last line)" % path)
        return []
    return lines[1:-1]


def fields(line):
    return next(csv.reader(io.StringIO(line)))


def slug(label):
    """'Sep 2018' -> 2018-09, '2018-19 Q2' -> 2018-19-q2, '2017-18' -> 2017-18."""
    m = re.fullmatch(r"([A-Z][a-z]{2}) (\d{4})", label)
    if m:
        return "%s-%02d" % (m.group(2), MONTHS[m.group(1)])
    m = re.fullmatch(r"(\d{4}-\d{2}) Q([1-4])", label)
    if m:
        return "%s-q%s" % (m.group(1), m.group(2))
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return label
    raise ValueError("period label %r" % label)


def table_after(page, marker):
    i = page.find(marker)
    if i < 0:
        return None
    j = page.find("</table>", i)
    return page[i:j]


def check_page(path):
    folder, name = os.path.split(path)
    metric = name[:-5]
    if metric in ("index", "print"):
        return None
    page = open(path, encoding="utf-8").read()
    data = table_after(page, '<table class="data">')
    if data is None:
        return None
    cap = html.unescape(re.search(r"<caption>(.*?)</caption>", data).group(1))
    area = re.fullmatch(r".* for (.*), latest first \(.*\)", cap).group(1)
    periods = [slug(html.unescape(p)) for p in re.findall(r'<th scope="row">([^<]*)</th>', data)]
    own = rows_of(os.path.join(folder, metric + ".csv"))
    rf = [fields(r) for r in own]
    mine = [r[3] for r in rf if r[2] == area]
    if mine != periods[::-1]:
        bad("%s: the download's rows for %s (%d) are not the figures table's (%d)" % (path, area, len(mine), len(periods)))
    # the page's latest figure: the comparison's period
    latest = next((r[3] for r in reversed([r for r in rf if r[2] == area]) if r[6] != ""), None)
    others = {r[3] for r in rf if r[2] not in (area, BENCH)}
    if others - {latest}:
        bad("%s: rows of other areas in periods %s, not the comparison's %s" % (path, sorted(others - {latest}), latest))
    cmp_table = table_after(page, '<div class="table-wrap" role="region" aria-label="Every area"')
    if cmp_table is None:
        return own
    names = {html.unescape(n) for n in re.findall(r'<th scope="row">([^<]*)</th>', cmp_table)}
    link = re.search(r'its figures (and limits )?as <a href="([^"]*)"', page)
    got = {r[2] for r in rf if r[3] == latest and r[2] != BENCH and r[6] != ""}
    # an area's page may show the home report's comparison, whose
    # download then holds the compared areas' rows; the home's own pages'
    # downloads hold them all
    home = os.path.basename(os.path.dirname(os.path.dirname(folder))) != "areas"
    if link and link.group(1):
        # a funnel plot's: area_code, area_name, period, ..., one row an area
        with open(os.path.join(folder, link.group(2)), encoding="utf-8", newline="") as f:
            fnames = {r[1] for r in list(csv.reader(f))[1:] if r[2] == latest}
        if fnames != names:
            bad("%s: the funnel plot's download names other areas than its table" % path)
        if not home and got == {area}:
            got = names
    elif link and link.group(2) != metric + ".csv":
        if home:
            bad("%s: a home report's comparison links to another download" % path)
        target = os.path.normpath(os.path.join(folder, link.group(2)))
        got |= {r[2] for r in map(fields, rows_of(target)) if r[3] == latest and r[2] != BENCH and r[6] != ""}
    if got != names:
        bad("%s: the comparison table shows %d areas, its downloads %d (missing %s, extra %s)"
            % (path, len(names), len(got), sorted(names - got)[:3], sorted(got - names)[:3]))
    return own


def check_folder(folder):
    rows = []
    pages = 0
    for p in sorted(glob.glob(os.path.join(folder, "*.html"))):
        r = check_page(p)
        if r is not None:
            rows += r
            pages += 1
    data = rows_of(os.path.join(folder, "data.csv"))
    if sorted(data) != sorted(rows):
        bad("%s/data.csv: not the rows of its metric downloads" % folder)
    return data, pages


def latest(dirs):
    return sorted(d for d in dirs if re.fullmatch(r"\d{4}-\d{2}-q[1-4]", os.path.basename(d)))[-1]


total_pages = 0
union = set()
slots = [SITE] + sorted(glob.glob(os.path.join(SITE, "areas", "*", "")))
for slot in slots:
    reports = [d for d in glob.glob(os.path.join(slot, "20*")) if os.path.isdir(d)]
    for d in sorted(reports):
        data, pages = check_folder(d)
        total_pages += pages
        if d == latest(reports):
            union |= set(data)
root = rows_of(os.path.join(SITE, "data.csv"))
if len(set(root)) != len(root):
    bad("data.csv: a row twice")
if set(root) != union:
    bad("data.csv: %d rows, the latest reports show %d (%d not shown, %d shown but not in it)"
        % (len(set(root)), len(union), len(set(root) - union), len(union - set(root))))
for p in problems[:40]:
    print(p)
print("%d metric pages in %d area sections checked, %d rows in data.csv: %d problems"
      % (total_pages, len(slots), len(root), len(problems)))
sys.exit(1 if problems else 0)
