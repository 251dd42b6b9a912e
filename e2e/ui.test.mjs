// End-to-end tests of khabar's web interface: a real `khabar serve` on loopback, driven in
// headless Chromium (Debian's /usr/bin/chromium) by playwright-core.
//
//   cargo build --bin khabar && (cd e2e && npm ci && npm test)
//
// KHABAR_BIN overrides the binary (default: ../target/debug/khabar); CHROMIUM the browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const bin = process.env.KHABAR_BIN || join(root, 'target', 'debug', 'khabar');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

let work;
let servers = [];
let browser;
let base;
let demoBase;

// Starts `khabar serve` and resolves with its URL (the first line it prints).
function serve(args, cwd) {
  return new Promise((resolveUrl, reject) => {
    const p = spawn(bin, ['serve', '--addr', '127.0.0.1:0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(p);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`khabar serve did not start: ${err}`)), 60000);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[^ \n]+\//);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[0]);
      }
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => reject(new Error(`khabar serve exited with ${code}: ${err}`)));
  });
}

before(async () => {
  assert.ok(existsSync(bin), `no khabar binary at ${bin}: run \`cargo build --bin khabar\` first`);
  assert.ok(existsSync(browserPath), `no Chromium at ${browserPath}: apt-get install chromium`);
  work = mkdtempSync(join(tmpdir(), 'khabar-e2e-'));
  const index = join(work, 'index');
  execFileSync(bin, ['index', join(root, 'examples'), join(here, 'fixtures', 'hostile.jsonl'), '--index', index], { stdio: 'pipe' });
  base = await serve(['--index', index], work);
  // No index in the working folder: the demo.
  const empty = mkdtempSync(join(tmpdir(), 'khabar-e2e-demo-'));
  demoBase = await serve([], empty);
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const p of servers) p.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

// A page that fails the test on any script error or failed request to the server.
async function open(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  return { page, problems };
}

async function hitCount(page) {
  return page.locator('.results .hit').count();
}

test('the demo starts with no index and is usable at once', async () => {
  const { page, problems } = await open(demoBase);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.waitForSelector('.results .hit');
  assert.match(await page.textContent('#info'), /فهرس تجريبي/);
  assert.ok(await hitCount(page) >= 10);
  assert.ok(await page.locator('.timeline rect.bar').count() >= 6);
  assert.deepEqual(problems, []);
  await page.close();
});

test('search shows ranked hits with the matches highlighted', async () => {
  const { page, problems } = await open(base);
  await page.waitForSelector('.results .hit');
  await page.fill('input[name=q]', 'بلنكن');
  await page.press('input[name=q]', 'Enter');
  await page.waitForFunction(() => location.hash.includes('q='));
  await page.waitForSelector('.results .hit mark');
  const marks = await page.locator('.results mark').allTextContents();
  assert.ok(marks.length >= 2, `marks: ${marks}`);
  // Both spellings of the name are found and marked.
  assert.ok(marks.some((m) => m.includes('بلينكن')), `marks: ${marks}`);
  assert.ok(marks.some((m) => m.includes('بلنكن')), `marks: ${marks}`);
  assert.match(await page.textContent('#summary'), /نتيجة/);
  // The spelling variants searched are shown.
  assert.match(await page.textContent('#terms'), /بلينكن/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking a facet filters the results', async () => {
  const { page, problems } = await open(base);
  await page.waitForSelector('[data-facet=LOC] button');
  const before = Number((await page.textContent('#summary')).match(/\d+|[٠-٩]+/g).pop().replace(/[٠-٩]/g, (d) => '٠١٢٣٤٥٦٧٨٩'.indexOf(d)));
  const facet = page.locator('[data-facet=LOC] button').first();
  const name = await facet.getAttribute('data-value');
  await facet.click();
  await page.waitForSelector('.chip[data-filter=entity]');
  assert.ok((await page.textContent('.chip[data-filter=entity]')).includes(name));
  await page.waitForSelector('.results .hit');
  const after = await hitCount(page);
  assert.ok(after >= 1 && after <= before, `${after} hits after the facet, ${before} before`);
  const hash = decodeURIComponent(await page.evaluate(() => location.hash));
  assert.ok(hash.includes(`entity=${name}`) || hash.includes(`entity=${name.replace(/ /g, '+')}`), hash);
  // Removing the chip brings every article back.
  await page.click('.chip[data-filter=entity] button');
  await page.waitForFunction(() => !location.hash.includes('entity='));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a date range and a timeline bar restrict the publication days', async () => {
  const { page, problems } = await open(base);
  await page.waitForSelector('.timeline rect.bar');
  await page.fill('input[name=from]', '2024-10-01');
  await page.fill('input[name=to]', '2024-11-30');
  await page.click('form.search-form button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('from=2024-10-01'));
  await page.waitForSelector('.results .hit');
  const metas = await page.locator('.results .hit .meta').allTextContents();
  assert.ok(metas.length > 0);
  for (const m of metas) {
    const day = m.match(/\d{4}-\d{2}-\d{2}/)[0];
    assert.ok(day >= '2024-10-01' && day <= '2024-11-30', `${day} outside the range`);
  }
  // Day bars for a short range; clicking one narrows to that day.
  const bar = page.locator('.timeline rect.bar[height]:not([height="0"])').first();
  const date = await bar.getAttribute('data-date');
  assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
  await bar.click({ force: true });
  await page.waitForFunction((d) => location.hash.includes(`from=${d}`) && location.hash.includes(`to=${d}`), date);
  await page.waitForSelector('.results .hit');
  for (const m of await page.locator('.results .hit .meta').allTextContents()) assert.ok(m.includes(date), m);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an article shows its entities coloured and its dates resolved', async () => {
  const { page, problems } = await open(base + '#/?q=' + encodeURIComponent('فؤاد حسين بلينكن'));
  await page.waitForSelector('.results .hit a.hit-title');
  await page.locator('.results .hit a.hit-title').first().click();
  await page.waitForSelector('#article-text');
  const types = await page.locator('#article-text .ent').evaluateAll((els) => els.map((e) => e.dataset.type));
  assert.ok(types.includes('PER'), `entity types: ${types}`);
  assert.ok(types.includes('LOC'), `entity types: ${types}`);
  // Each entity type has its own colour.
  const colours = await page.locator('#article-text .ent').evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).backgroundColor))]);
  assert.ok(colours.length >= 2, `colours: ${colours}`);
  const values = await page.locator('#article-text .date .date-value').allTextContents();
  assert.ok(values.some((v) => /^\d{4}(-\d{2}){0,2}/.test(v)), `date values: ${values}`);
  assert.ok(await page.locator('#entities tr').count() >= 2);
  // Keywords, best first; an entity among them filters the search by that entity.
  assert.ok(await page.locator('#keywords .keyword').count() >= 3);
  const entityKeyword = page.locator('#keywords .keyword.ent').first();
  const name = (await entityKeyword.textContent()).trim();
  await entityKeyword.click();
  await page.waitForSelector('.results .hit');
  const hash = new URL(page.url()).hash;
  assert.equal(new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('entity'), name, page.url());
  assert.deepEqual(problems, []);
  await page.close();
});

test('an article containing markup shows it as text and runs nothing', async () => {
  const { page, problems } = await open(base + '#/?q=' + encodeURIComponent('خبيث'));
  await page.waitForSelector('.results .hit a.hit-title');
  const title = await page.locator('.results .hit a.hit-title').first().textContent();
  assert.ok(title.includes('<img src=x onerror='), title);
  await page.locator('.results .hit a.hit-title').first().click();
  await page.waitForSelector('#article-text');
  const text = await page.textContent('#article-text');
  assert.ok(text.includes('<script>window.pwned=1</script>'), text);
  assert.ok(text.includes('<a href="javascript:window.pwned=3">'), text);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('main img, main script, main a[href^="javascript"]').count(), 0);
  assert.equal(await page.locator('script').count(), 1);
  assert.ok((await page.textContent('.article .meta')).includes('<b>مصدر</b>'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the paste-an-article page shows the analysis', async () => {
  const { page, problems } = await open(base + '#/analyze');
  await page.waitForSelector('textarea[name=text]');
  await page.fill('textarea[name=text]', 'وقال وزير الخارجية أنتوني بلينكن في بغداد يوم الجمعة إن 3 آلاف جندي سيبقون. <script>window.pwned=4</script>');
  await page.fill('input[name=published]', '2021-01-29');
  await page.click('.analyze-form button[type=submit]');
  await page.waitForSelector('#analysis #article-text .ent');
  const people = await page.locator('#analysis .ent-PER').allTextContents();
  assert.ok(people.some((p) => p.includes('بلينكن')), `people: ${people}`);
  const values = await page.locator('#analysis .date-value').allTextContents();
  assert.ok(values.includes('2021-01-29'), `dates: ${values}`);
  assert.ok((await page.textContent('#analysis #article-text')).includes('<script>'));
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.ok(await page.locator('#numbers tr').count() >= 2);
  const keywords = await page.locator('#analysis #keywords .keyword').allTextContents();
  assert.ok(keywords.some((k) => k.includes('بلينكن')), `keywords: ${keywords}`);
  assert.deepEqual(problems, []);
  await page.close();
});
