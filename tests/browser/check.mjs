// Checks generated sites in a real browser (headless Chromium through
// playwright-core): the Nu Html Checker on every page, axe-core's WCAG 2.0,
// 2.1 and 2.2 A and AA rules on the index, a report, a metric page, the print
// page and a standing page in light and dark mode, no horizontal overflow at
// 320 CSS pixels, and a screenshot of each for review; on phones (320, 375
// and 414 px) no scorecard cell beyond the screen's edge and no chart text
// under 11 CSS pixels; the print page as an A4 PDF of at most two pages a
// metric plus two; in each comparison chart whose areas carry ids, that
// the highlight follows the fragment the SVG is shown with.
//   node check.mjs OUT_DIR SITE_DIR [SITE_DIR...]
// Prints one line per check and a closing 'N passed, N failed'.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [outDir, ...sites] = process.argv.slice(2);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require.resolve('vnu-jar/build/dist/vnu.jar');
let passed = 0, failed = 0;

function ok(name) { passed++; console.log(`ok   ${name}`); }
function fail(name, details) {
  failed++;
  console.log(`FAIL ${name}`);
  for (const line of details.slice(0, 20)) console.log(`     ${line}`);
}

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out;
}

// The pages the issue names: the index, a report, a metric page, the print
// page and a standing page (the latest report's); the list of areas when
// there is one.  An area's section (areas/<code>) is a site of its own here.
function keyPages(site) {
  const reports = readdirSync(site).filter((d) => /^\d{4}-\d{2}-q\d$/.test(d)).sort();
  const latest = reports[reports.length - 1];
  const metric = readdirSync(join(site, latest)).filter((f) => f.endsWith('.html') &&
    f !== 'index.html' && f !== 'print.html').sort()[0];
  const standing = readdirSync(site).filter((f) => f.endsWith('.html') && f !== 'index.html').sort()[0];
  const pages = { index: 'index.html', report: `${latest}/index.html`, metric: `${latest}/${metric}`,
    print: `${latest}/print.html` };
  if (standing) pages.standing = standing;
  // with --all-areas: the list of areas
  if (existsSync(join(site, 'areas', 'index.html'))) pages.areas = 'areas/index.html';
  return pages;
}

// The smallest text of each chart on the page as shown: each SVG's own
// font sizes (read from its file) times the scale it is drawn at.
async function chartText(page) {
  const shown = await page.evaluate(() => [...document.querySelectorAll('figure.chart img')]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => ({ src: img.currentSrc, width: img.getBoundingClientRect().width })));
  const out = [];
  for (const { src, width } of shown) {
    const svg = readFileSync(fileURLToPath(src), 'utf8');
    const own = Number((svg.match(/<svg[^>]* width="([\d.]+)"/) || [])[1]);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    if (!own || !sizes.length) continue;
    out.push({ src: src.split('/').pop(), px: Math.min(...sizes) * width / own });
  }
  return out;
}

// The pages of a PDF: its page objects.
function pdfPages(file) {
  return (readFileSync(file, 'latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

// The comparison charts of the site's latest report whose areas' marks
// carry ids (one chart shared by every area's page, :target highlighting
// the page's area): shown through <img> as a page shows it, without a
// fragment, with #A and with #B, for two areas A and B whose highlighted
// marks do not meet.  A's region must differ between no fragment and #A
// and be the same with #B; B's the other way round.  Regions come from
// the SVG opened by itself at each fragment (the highlighted marks).
async function fragmentChecks(page, site, tag, shots) {
  const reports = readdirSync(site).filter((d) => /^\d{4}-\d{2}-q\d$/.test(d)).sort();
  if (!reports.length) return;
  const dir = resolve(site, reports[reports.length - 1]);
  const svgs = readdirSync(dir).filter((f) => /-compare(-narrow)?\.svg$/.test(f)).sort();
  for (const f of svgs) {
    const file = join(dir, f);
    const text = readFileSync(file, 'utf8');
    // areas' groups (a drawing defined once for them has a '.' in its id)
    const ids = [...text.matchAll(/<g id="([^".]+)"/g)].map((m) => m[1]);
    if (ids.length < 2) continue;
    const w = Number(text.match(/<svg[^>]* width="([\d.]+)"/)[1]);
    const h = Number(text.match(/<svg[^>]* height="([\d.]+)"/)[1]);
    const url = pathToFileURL(file).href;
    try {
      await page.setViewportSize({ width: w, height: h });
      const region = async (id) => {
        await page.goto(`${url}#${id}`, { waitUntil: 'load' });
        const r = await page.evaluate((i) => {
          const b = document.getElementById(i).getBoundingClientRect();
          return { x: b.left, y: b.top, width: b.width, height: b.height };
        }, id);
        // the outline is drawn over the edge of the box
        const x = Math.max(0, Math.floor(r.x) - 2), y = Math.max(0, Math.floor(r.y) - 2);
        return { x, y, width: Math.min(w - x, Math.ceil(r.width) + 4), height: Math.min(h - y, Math.ceil(r.height) + 4) };
      };
      const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const a = ids[0], ra = await region(a);
      let b = null, rb = null;
      for (const id of ids.slice(1)) {
        const r = await region(id);
        if (!meet(ra, r)) { b = id; rb = r; break; }
      }
      if (!b) { fail(`${tag}: ${f}: no two areas whose highlights do not meet`, []); continue; }
      const shot = async (frag, clip) => {
        const html = join(outAbs, 'fragment.html');
        writeFileSync(html, `<!DOCTYPE html><html><body style="margin:0"><img src="${url}${frag}" width="${w}" height="${h}" alt=""></body></html>`);
        await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
        await page.evaluate(() => document.querySelector('img').decode());
        return page.screenshot({ clip });
      };
      const same = (x, y) => Buffer.compare(x, y) === 0;
      const plainA = await shot('', ra), plainB = await shot('', rb);
      const aA = await shot(`#${a}`, ra), aB = await shot(`#${a}`, rb);
      const bA = await shot(`#${b}`, ra), bB = await shot(`#${b}`, rb);
      await page.screenshot({ path: join(shots, `fragment-${f.replace('.svg', '')}.png`) });
      const bad = [];
      if (same(plainA, aA)) bad.push(`#${a} does not change ${a}'s marks`);
      if (!same(plainB, aB)) bad.push(`#${a} changes ${b}'s marks`);
      if (same(plainB, bB)) bad.push(`#${b} does not change ${b}'s marks`);
      if (!same(plainA, bA)) bad.push(`#${b} changes ${a}'s marks`);
      if (!bad.length) ok(`${tag}: ${f}: the highlight follows the fragment (#${a}, #${b}, none)`);
      else fail(`${tag}: ${f}: the highlight does not follow the fragment`, bad);
    } catch (e) {
      fail(`${tag}: ${f}: fragment highlight could not be checked`, [String(e.message).split('\n')[0]]);
    }
  }
}

const outAbs = resolve(outDir);
mkdirSync(outAbs, { recursive: true });

for (const site of sites) {
  const tag = relative(process.cwd(), resolve(site)) || site;
  // Nu Html Checker over every page, in one run
  const files = htmlFiles(site);
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'gnu', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    ok(`${tag}: Nu Html Checker, ${files.length} pages, 0 errors`);
  } catch (e) {
    const lines = String(e.stderr || '').split('\n').filter(Boolean);
    fail(`${tag}: Nu Html Checker: ${lines.length} errors`, lines);
  }

  const userData = mkdtempSync(join(tmpdir(), 'bcfgen-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    bypassCSP: true, // to inject axe; the pages themselves allow no scripts
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  const shots = join(outAbs, tag.replace(/[^a-zA-Z0-9_-]+/g, '_'));
  mkdirSync(shots, { recursive: true });

  for (const [kind, rel] of Object.entries(keyPages(site))) {
    const url = pathToFileURL(resolve(site, rel)).href;
    try {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme, media: 'screen' });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
      }));
      const v = result.violations;
      if (v.length === 0) ok(`${tag}: axe, ${kind} page (${rel}), ${scheme}: 0 violations`);
      else fail(`${tag}: axe, ${kind} page (${rel}), ${scheme}: ${v.length} violations`,
        v.flatMap((x) => [`${x.id}: ${x.help}`, ...x.nodes.slice(0, 3).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(0, 2).join(' ')}`)]));
      await page.screenshot({ path: join(shots, `${kind}-1280-${scheme}.png`), fullPage: true });
    }
    // 320 CSS pixels: no horizontal scrolling of the page
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(url, { waitUntil: 'load' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width <= 320) ok(`${tag}: ${kind} page at 320 px: no horizontal overflow`);
    else fail(`${tag}: ${kind} page at 320 px: the page is ${width} px wide`, []);
    await page.screenshot({ path: join(shots, `${kind}-320.png`), fullPage: true });
    // phones: every scorecard cell on screen, chart text 11 CSS px or more
    for (const w of [320, 375, 414]) {
      await page.setViewportSize({ width: w, height: 800 });
      await page.goto(url, { waitUntil: 'load' });
      const cells = await page.evaluate((vw) => [...document.querySelectorAll('.scorecard th, .scorecard td')]
        .map((c) => c.getBoundingClientRect()).filter((r) => r.width > 1 && (r.left < 0 || r.right > vw))
        .length, w);
      const nCells = await page.evaluate(() => document.querySelectorAll('.scorecard td').length);
      if (nCells === 0) { /* no scorecard on this page */ }
      else if (cells === 0) ok(`${tag}: ${kind} page at ${w} px: all ${nCells} scorecard cells on screen`);
      else fail(`${tag}: ${kind} page at ${w} px: ${cells} scorecard cells beyond the screen`, []);
      const small = (await chartText(page)).filter((c) => c.px < 11);
      const nCharts = (await chartText(page)).length;
      if (nCharts === 0) { /* no chart on this page */ }
      else if (small.length === 0) ok(`${tag}: ${kind} page at ${w} px: text of ${nCharts} charts 11 px or more`);
      else fail(`${tag}: ${kind} page at ${w} px: chart text under 11 px`,
        small.map((c) => `${c.src}: ${c.px.toFixed(1)} px`));
      if (w === 375) await page.screenshot({ path: join(shots, `${kind}-375.png`), fullPage: true });
    }
    } catch (e) {
      fail(`${tag}: ${kind} page (${rel}) could not be checked`, [String(e.message).split('\n')[0]]);
    }
  }
  // print preview of the whole report
  const printRel = keyPages(site).print;
  try {
    await page.emulateMedia({ colorScheme: 'light', media: 'print' });
    await page.goto(pathToFileURL(resolve(site, printRel)).href, { waitUntil: 'load' });
    const metrics = await page.evaluate(() => document.querySelectorAll('.metric-section').length);
    await page.pdf({ path: join(shots, 'print.pdf'), format: 'A4', printBackground: true,
      preferCSSPageSize: true });
    const pages = pdfPages(join(shots, 'print.pdf'));
    const most = 2 * metrics + 2;
    if (pages >= 1 && pages <= most)
      ok(`${tag}: print preview, ${pages} A4 pages for ${metrics} metrics (at most ${most}): ${relative(process.cwd(), join(shots, 'print.pdf'))}`);
    else fail(`${tag}: print preview is ${pages} A4 pages for ${metrics} metrics, more than ${most}`, []);
  } catch (e) {
    fail(`${tag}: print preview of ${printRel}`, [String(e.message).split('\n')[0]]);
  }
  await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
  await fragmentChecks(page, site, tag, shots);
  if (requests.length === 0) ok(`${tag}: no request left this machine`);
  else fail(`${tag}: requests to other hosts`, requests);
  await context.close();
  rmSync(userData, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
