// The Content-Security-Policy of index.html: the app works under it, a normal journey breaks
// none of its rules, and what an injection would try (inline scripts, handlers, javascript:
// links, eval, scripts and frames from elsewhere, <base>, forms) is blocked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import {
  serve, launch, items, tagPhrase, dragOver, download, articleText, waitForCount, ROOT, SAMPLE, openArticles,
} from './harness.mjs';

const ARTICLE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/e2e/article.htm'), 'utf8');

let server, other, browser;

/** Another origin: an article that allows being read by other sites (CORS), and a script. */
async function serveOther() {
  const srv = http.createServer((req, res) => {
    const headers = { 'access-control-allow-origin': '*' };
    if (req.url === '/evil.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      return res.end("window.__pwned = 'script from elsewhere';");
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(ARTICLE);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((r) => srv.close(r)) };
}

// CLAIMMARK_DIST serves another build than dist/ (a build of one's own while others build too).
const DIST_DIR = process.env.CLAIMMARK_DIST ?? path.join(ROOT, 'dist');
before(async () => { server = await serve(DIST_DIR); other = await serveOther(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); await other?.close(); });

/** The app, with every `securitypolicyviolation` recorded from the very start. */
async function open() {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url);
  await page.locator('[data-testid="article"] p').first().waitFor();
  return page;
}

const violations = (page) => page.evaluate(() => window.__violations);

async function loadedTitle(page, title) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"] :is(p, h2)')?.textContent === t, title);
}

test('the policy is strict: no inline script, no eval, nothing embedded', async () => {
  const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)[1];
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'", 'https:', 'http:']);
  // The service worker (sw.js) and the manifest come from the site itself.
  assert.deepEqual(directives['worker-src'], ["'self'"]);
  assert.deepEqual(directives['manifest-src'], ["'self'"]);
  for (const d of ['object-src', 'base-uri', 'form-action', 'frame-src']) assert.deepEqual(directives[d], ["'none'"], d);
  // Trunk's loader is a file, not an inline script.
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/);
});

test('a whole journey under the policy breaks none of its rules', async () => {
  const page = await open();
  // Annotate with the mouse and with keys, write a note, undo and redo.
  await dragOver(page, 'No invitations to visit');
  await page.getByTestId('tag-statement').click();
  await waitForCount(page, 1);
  await tagPhrase(page, 'agreed to start consultations on cyber security', '3');
  await page.getByTestId('annotation-note').first().fill('a note');
  await page.getByTestId('undo').click();
  await page.getByTestId('redo').click();
  // Export.
  const json = await download(page, 'export-json');
  await download(page, 'export-csv');
  // Open articles: an HTML file, pasted text, a link on this site and one on another site.
  await page.getByTestId('load-file').setInputFiles({ name: 'article.htm', mimeType: 'text/html', buffer: Buffer.from(ARTICLE) });
  await loadedTitle(page, 'Council agrees on water plan');
  await openArticles(page);
  await page.getByTestId('load-text').fill('A pasted article.\n\nIt has two paragraphs.');
  await page.getByTestId('load-text-submit').click();
  await loadedTitle(page, 'A pasted article.');
  await openArticles(page);
  await page.getByTestId('load-url').fill(server.url + 'fixtures/article.htm');
  await page.getByTestId('load-url').press('Enter');
  await loadedTitle(page, 'Council agrees on water plan');
  await openArticles(page);
  await page.getByTestId('load-text').fill('Something else.');
  await page.getByTestId('load-text-submit').click();
  await loadedTitle(page, 'Something else.');
  await openArticles(page);
  await page.getByTestId('load-url').fill(other.url + 'article');
  await page.getByTestId('load-url').press('Enter');
  await loadedTitle(page, 'Council agrees on water plan');
  // Back to the sample; import the export there; reload.
  await openArticles(page);
  await page.getByRole('button', { name: 'Open the sample article' }).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, SAMPLE);
  await page.getByTestId('import-json').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await page.getByTestId('status').filter({ hasText: 'already here' }).waitFor();
  await page.reload();
  await waitForCount(page, 2);
  assert.equal(await articleText(page), SAMPLE);
  assert.equal((await items(page)).length, 2);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('injected scripts, handlers, eval, frames, <base> and forms are blocked', async () => {
  const page = await open();
  const outcome = await page.evaluate(async (elsewhere) => {
    const results = {};
    // An inline <script>.
    const s = document.createElement('script');
    s.textContent = "window.__pwned = 'inline script'";
    document.body.append(s);
    // An inline event handler.
    const img = document.createElement('img');
    img.setAttribute('onerror', "window.__pwned = 'inline handler'");
    img.src = 'data:,not an image';
    document.body.append(img);
    // A javascript: link.
    const a = document.createElement('a');
    a.href = "javascript:window.__pwned = 'javascript link'";
    document.body.append(a);
    a.click();
    // eval, new Function and a string timer, from a script of this site (code that DevTools
    // evaluates, as page.evaluate does, is exempt from the policy's eval rule).
    const probe = document.createElement('script');
    probe.src = '/fixtures/csp-eval-probe.js';
    const probed = new Promise((resolve) => { probe.onload = resolve; probe.onerror = resolve; });
    document.body.append(probe);
    await probed;
    Object.assign(results, window.__evalProbe);
    // A script and a frame from another origin; a frame of inline HTML.
    const ext = document.createElement('script');
    ext.src = elsewhere + 'evil.js';
    document.body.append(ext);
    const frame = document.createElement('iframe');
    frame.src = elsewhere + 'frame';
    document.body.append(frame);
    const srcdoc = document.createElement('iframe');
    srcdoc.srcdoc = "<script>parent.__pwned = 'srcdoc'</script>";
    document.body.append(srcdoc);
    // <base> to change where relative links go; a form that posts elsewhere.
    const base = document.createElement('base');
    base.href = elsewhere;
    document.head.append(base);
    results.baseURI = document.baseURI;
    const form = document.createElement('form');
    form.action = elsewhere + 'steal';
    form.method = 'post';
    document.body.append(form);
    form.submit();
    await new Promise((r) => setTimeout(r, 500));
    return results;
  }, other.url);
  assert.equal(outcome.eval, 'EvalError');
  assert.equal(outcome.function, 'EvalError');
  assert.equal(outcome.timer, 'ran', 'a string timer does not throw: the policy drops it (a violation)');
  assert.equal(outcome.baseURI, server.url);
  // Every attempt was reported as a violation, and none ran.
  await page.waitForFunction(() => window.__violations.length >= 9);
  const seen = (await violations(page)).map((v) => v.split(' ')[0]).sort();
  for (const directive of ['script-src-elem', 'script-src-attr', 'script-src', 'frame-src', 'base-uri', 'form-action']) {
    assert.ok(seen.includes(directive), `${directive} not in ${seen}`);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(page.url(), server.url);
  // The app is still there. (Playwright keeps waiting for the blocked form submission to
  // navigate, so the page is not driven further.)
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid="article"] p').length > 0 && !document.querySelector('main.crash')), true);
  await page.context().close();
});
