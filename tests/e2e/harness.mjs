// Shared by the end-to-end tests: a static server for dist/ and a headless Chromium.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/geneva-summit.txt'), 'utf8');
export const VALIDATOR = path.resolve(ROOT, '../shared/w3c/validate.py');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Serves dist/ on 127.0.0.1 at a free port. `intercept(req, res)` may answer a request
 * itself (returning true); `setDir` serves another directory from then on; `stop()` closes the
 * server and every open connection, so the next request fails as when offline. */
export async function serve(dir = DIST, { intercept } = {}) {
  const server = http.createServer((req, res) => {
    if (intercept?.(req, res)) return;
    const url = new URL(req.url, 'http://x');
    const fixtures = url.pathname.startsWith('/fixtures/');
    const base = fixtures ? path.join(ROOT, 'tests/fixtures/e2e') : dir;
    let file = path.join(base, decodeURIComponent(fixtures ? url.pathname.slice('/fixtures'.length) : url.pathname));
    if (!file.startsWith(base)) { res.writeHead(403); return res.end(); }
    if (fixtures && !fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    if (url.pathname === '/' || !fs.existsSync(file)) file = path.join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
    stop: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
    setDir: (d) => { dir = d; },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh page (empty storage) with the app loaded; fails the test on any page error. */
export async function openApp(browser, base, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(base);
  await page.locator('[data-testid="article"] p').first().waitFor();
  return page;
}

/** The document text as the article shows it. */
export async function articleText(page) {
  return page.locator('[data-testid="article"]').evaluate((el) => el.textContent);
}

/** Code-point offset of `needle` in `text`. */
export function cpIndex(text, needle, from = 0) {
  const u16 = text.indexOf(needle, from);
  if (u16 < 0) throw new Error(`not found: ${needle}`);
  return [...text.slice(0, u16)].length;
}

/** Drags the real mouse across `phrase` in the article. */
export async function dragOver(page, phrase) {
  const box = await page.evaluate((phrase) => {
    const article = document.querySelector('[data-testid="article"]');
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(phrase);
      if (i < 0) continue;
      // In view first, as a person would scroll to it.
      n.parentElement.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const first = r.getClientRects()[0];
      r.setStart(n, i + phrase.length - 1); r.setEnd(n, i + phrase.length);
      const rects = r.getClientRects();
      const last = rects[rects.length - 1];
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    return null;
  }, phrase);
  if (!box) throw new Error(`phrase not in the article: ${phrase}`);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 });
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
}

/** Selects `phrase` with a script (a programmatic selection), even across `<mark>`s. */
export async function selectText(page, phrase, occurrence = 0) {
  await page.evaluate(([phrase, occurrence]) => {
    const article = document.querySelector('[data-testid="article"]');
    let seen = 0;
    for (const block of article.children) {
      let i = block.textContent.indexOf(phrase);
      while (i >= 0 && seen < occurrence) { seen++; i = block.textContent.indexOf(phrase, i + 1); }
      if (i < 0) continue;
      // Map block offsets to (text node, offset) points.
      const point = (offset, atEnd) => {
        const w = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(); n; n = w.nextNode()) {
          if (offset < n.data.length || (atEnd && offset === n.data.length)) return [n, offset];
          offset -= n.data.length;
        }
        throw new Error('offset past the block');
      };
      const r = document.createRange();
      r.setStart(...point(i, false)); r.setEnd(...point(i + phrase.length, true));
      const s = getSelection(); s.removeAllRanges(); s.addRange(r);
      return;
    }
    throw new Error('not found: ' + phrase);
  }, [phrase, occurrence]);
}

/** Clicks `testid` and returns the downloaded file's name and text. */
export async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8'), path: file };
}

export async function items(page) {
  return page.getByTestId('annotation-item').evaluateAll((els) => els.map((e) => ({
    id: e.dataset.id, tag: e.dataset.tag, start: +e.dataset.start, end: +e.dataset.end, status: e.dataset.status,
    quote: e.querySelector('.quote')?.textContent, note: e.querySelector('[data-testid="annotation-note"]')?.value,
  })));
}

/** Sets a file on an `<input type=file>` by its test id. */
export async function chooseFile(page, testid, name, contents, mimeType = 'text/plain') {
  await page.getByTestId(testid).setInputFiles({ name, mimeType, buffer: Buffer.from(contents) });
}

/** Waits until the list holds `n` annotations. */
export async function waitForCount(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="annotation-item"]').length === n, n);
}

/** Selects `phrase` and presses the tag's key; waits for the new annotation. */
export async function tagPhrase(page, phrase, key, occurrence = 0) {
  const before = await page.getByTestId('annotation-item').count();
  await selectText(page, phrase, occurrence);
  await page.locator('.tag-bar').waitFor();
  await page.keyboard.press(key);
  await waitForCount(page, before + 1);
}

export async function errorText(page) {
  await page.getByTestId('error').waitFor();
  return page.getByTestId('error').innerText();
}

/** How many ranges the article paints for a tag (its main and its "recent" highlight). The
 * highlights are named by the tag's slot in the set (cm-t0, …), read from its filter chip. */
export async function highlightCount(page, tag) {
  return page.evaluate((t) => {
    const chip = document.querySelector(`[data-testid="filter-${t}"]`);
    const slot = chip?.className.match(/\bts-(\d+)\b/)?.[1];
    if (slot === undefined) return 0;
    return (CSS.highlights.get(`cm-t${slot}`)?.size ?? 0) + (CSS.highlights.get(`cm-t${slot}-new`)?.size ?? 0);
  }, tag);
}

/** Runs the W3C validator on an export when `../shared` is beside the checkout; returns its
 * last line, or null (and says "skipped") when it is not there. */
export function validateW3c(articleText, json) {
  if (!fs.existsSync(VALIDATOR)) {
    console.log('skipped: W3C validator (../shared/w3c) not beside the checkout');
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-'));
  fs.writeFileSync(path.join(dir, 'article.txt'), articleText);
  fs.writeFileSync(path.join(dir, 'export.jsonld'), json);
  const out = execFileSync('python3', [VALIDATOR, '--profile', 'annotator', '--source-text', path.join(dir, 'article.txt'), path.join(dir, 'export.jsonld')]).toString();
  return out.trim().split('\n').pop();
}

/** Unfolds the articles panel (open a new article, the articles kept in this browser) if it
 * is folded away. The panel folds itself after an article opens, a render later: wait for the
 * page to settle first. */
export async function openArticles(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const toggle = page.getByTestId('articles-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('articles-panel').waitFor({ state: 'visible' });
}

/** What the browser's database holds for the open article: its annotation records' JSON,
 * sorted (null before the first save). */
export async function savedWork(page) {
  return page.evaluate(async () => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const db = await req(indexedDB.open('claimmark'));
    try {
      const current = await req(db.transaction('meta').objectStore('meta').get('current'));
      if (!current) return null;
      const rows = await req(db.transaction('annotations').objectStore('annotations').index('slot').getAll(current.json));
      return rows.map((r) => r.json).sort();
    } finally {
      db.close();
    }
  });
}
