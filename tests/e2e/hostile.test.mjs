// Hostile input: every file of tests/fixtures/hostile/ (see its README.md) and the generated
// ones (nested 100,000 deep, 50 MB, 50,001 annotations, not UTF-8, articles over 5 MB). For
// each: a clear message where it is an error, the article as inert text where it is a page, no
// script ever runs (the fixtures try to set window.__pwned), nothing is fetched from elsewhere,
// and after a refused file the article and its annotations are exactly as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  serve, launch, openApp, items, tagPhrase, download, articleText, waitForCount, ROOT, SAMPLE, openArticles, savedWork,
} from './harness.mjs';

const HOSTILE = path.join(ROOT, 'tests/fixtures/hostile');
const fixture = (name) => fs.readFileSync(path.join(HOSTILE, name));
const MB = 1024 * 1024;

let server, browser;
// CLAIMMARK_DIST serves another build than dist/ (a build of one's own while others build too).
before(async () => { server = await serve(process.env.CLAIMMARK_DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The app with its watchers: dialogs and requests to any other origin are recorded. */
async function open() {
  const page = await openApp(browser, server.url);
  page.dialogs = [];
  page.foreign = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.context().on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) page.foreign.push(url);
  });
  return page;
}

/** Nothing ran, nothing loaded, nothing navigated, and no active content is in the page. */
async function assertInert(page) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a hostile script ran');
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.foreign, [], 'something was fetched from another origin');
  assert.equal(page.url().replace(/#$/, ''), server.url);
  const found = await page.evaluate((base) => ({
    base: document.baseURI,
    active: [...document.querySelectorAll('iframe, object, embed, img, svg script, base, meta[http-equiv="refresh" i], form[action], [onerror], [onload], [onclick], [ontoggle], [onfocus]')].map((e) => e.outerHTML.slice(0, 80)),
    // Only the app's own policy, unchanged.
    policies: [...document.querySelectorAll('meta[http-equiv]')].map((m) => m.getAttribute('content')),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('blob:') && h !== '#'),
    scripts: [...document.scripts].map((s) => s.src || `inline: ${s.textContent.slice(0, 40)}`).filter((s) => !s.startsWith(base)),
    sheets: [...document.styleSheets].map((s) => s.href ?? 'inline <style>').filter((h) => !h.startsWith(base)),
    // The article holds blocks of text and nothing else (no markup from the page).
    article: [...document.querySelectorAll('[data-testid="article"] *')]
      .filter((e) => e.tagName !== 'MARK' && !(['P', 'H2'].includes(e.tagName) && e.parentElement.dataset.testid === 'article'))
      .map((e) => e.tagName),
  }), server.url);
  assert.equal(found.base, server.url);
  assert.deepEqual(found.active, []);
  assert.equal(found.policies.length, 1);
  assert.match(found.policies[0], /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval';/);
  assert.deepEqual(found.links, []);
  assert.deepEqual(found.scripts, []);
  assert.deepEqual(found.sheets, []);
  assert.deepEqual(found.article, []);
}

/** The article, the annotations and the autosaved copy. */
async function snapshot(page) {
  return {
    text: await articleText(page),
    items: await items(page),
    saved: await savedWork(page),
  };
}

/** Waits for the error about `name` (every message names its file) and returns it. */
async function errorAbout(page, name) {
  const error = page.getByTestId('error').filter({ hasText: name });
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  return (await error.locator('.notice-text').innerText()).trim();
}

/** The sample article with two annotations, one with a note: the work a bad file must not touch. */
async function withWork() {
  const page = await open();
  await tagPhrase(page, 'No invitations to visit', '1');
  await tagPhrase(page, 'agreed to start consultations on cyber security', '3');
  await page.getByTestId('annotation-note').first().fill('my note');
  await page.getByTestId('annotation-note').first().blur();
  for (let i = 0; !(await savedWork(page))?.some((r) => r.includes('my note')); i++) {
    if (i > 100) throw new Error('the note was never saved');
    await page.waitForTimeout(50);
  }
  return page;
}

/** Each refused import: its file name and contents, and the message it must give. */
const refused = [
  ['empty.json', fixture('empty.json'), /^Nothing was imported from “empty\.json”\. The file is empty\.$/],
  ['not-json.json', fixture('not-json.json'), /The file is not valid JSON: expected value \(line 1, column 1\)\.$/],
  ['nan.json', fixture('nan.json'), /The file is not valid JSON: expected value \(line 3, column 45\)\.$/],
  ['lone-surrogate.json', fixture('lone-surrogate.json'), /The file is not valid JSON: a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character \(line 1, column \d+\)\.$/],
  ['wrong-types.json', fixture('wrong-types.json'), /Annotation 1 \(urn:x:1\): its position's start is text, not a number$/],
  ['beyond-text.json', fixture('beyond-text.json'), /Annotation 1 \(urn:x:1\): its position 99995–100000 lies beyond the end of this text \(2523 characters\), though the file says it was made on this text$/],
  ['duplicate-ids.json', fixture('duplicate-ids.json'), /Annotation 2 \(urn:x:same\): this id is used twice in the file$/],
  ['other-article.json', fixture('other-article.json'), /None of the 2 annotations fit this article: they were made on a different text\. Open the article they belong to, then import them\.$/],
  ['nested.json', Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), /The file is not valid JSON: recursion limit exceeded \(line 1, column \d+\)\.$/],
  // Only the top level and the annotations are parsed: a deep member of an object that is not
  // annotations is gone through (without recursion), never built.
  ['nested-objects.json', Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), /The file is JSON but not annotations: expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them$/],
  ['many.json', Buffer.from(`[${'{},'.repeat(50_000)}{}]`), /The file holds 50001 annotations; at most 50000 can be imported at once\.$/],
  ['cesu.json', Buffer.concat([Buffer.from('[{"bodyValue": "'), Buffer.from([0xed, 0xa0, 0xbd]), Buffer.from('"}]')]), /^“cesu\.json” is not UTF-8 text \(bad byte at position 16\)\. Save it as UTF-8 and try again\.$/],
  // Playwright passes buffers up to 50 MB only: this one goes through a temporary file.
  ['huge.json', 'file', /^“huge\.json” is 52\.4 MB; the largest import Claimmark opens is 20 MB\.$/],
];

/** A 50 MB file of spaces and a bracket, written to a temporary folder. */
function hugeFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimmark-hostile-'));
  const file = path.join(dir, 'huge.json');
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(MB, 0x20);
  for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '[]');
  fs.closeSync(fd);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('refused imports: a clear message each, no script runs, the work is unchanged', async () => {
  const page = await withWork();
  const before = await snapshot(page);
  assert.equal(before.items.length, 2);
  const huge = hugeFile();
  for (const [name, buffer, expected] of refused) {
    await page.getByTestId('import-json').setInputFiles(buffer === 'file' ? huge.file : { name, mimeType: 'application/json', buffer });
    const message = await errorAbout(page, name);
    assert.match(message, expected, name);
    assert.deepEqual(await snapshot(page), before, `${name} changed the work`);
  }
  huge.remove();
  await assertInert(page);
  // The app still works after all of them.
  await tagPhrase(page, 'purely procedural issue', '2');
  await page.context().close();
});

test('a hostile page, opened as a file and pasted: plain text, every hostile part inert', async () => {
  const html = fixture('scripted-article.html').toString('utf8');
  const expected = fixture('scripted-article.expected.txt').toString('utf8').replace(/\n$/, '');
  const page = await open();
  await page.getByTestId('load-file').setInputFiles({ name: 'scripted-article.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, expected);
  await assertInert(page);
  // The UI is not covered by the page's overlay: a click lands on the app's own button.
  const box = await page.getByTestId('export-json').boundingBox();
  assert.equal(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid="export-json"]') !== null, [box.x + box.width / 2, box.y + box.height / 2]), true);
  // The same page pasted gives the same text.
  await openArticles(page);
  await page.getByRole('button', { name: 'Open the sample article' }).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, SAMPLE);
  await openArticles(page);
  await page.getByTestId('load-text').fill(html);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, expected);
  // It can be annotated like any article.
  await tagPhrase(page, 'Critics say the cost', '3');
  await assertInert(page);
  await page.context().close();
});

test('markup in a plain-text article is shown as the characters it is', async () => {
  const text = fixture('markup-as-text.txt').toString('utf8');
  const page = await open();
  await page.getByTestId('load-file').setInputFiles({ name: 'markup-as-text.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, text);
  // Pasted without a paragraph tag, markup is plain text too.
  await openArticles(page);
  await page.getByRole('button', { name: 'Open the sample article' }).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, SAMPLE);
  const pasted = `<b onmouseover="window.__pwned = 'paste'">Bold?</b> <img src=x onerror="window.__pwned = 'paste img'"> is what the page said.`;
  await openArticles(page);
  await page.getByTestId('load-text').fill(pasted);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, pasted);
  await page.mouse.move(10, 10);
  await assertInert(page);
  await page.context().close();
});

test('HTML in notes and quotes, typed or imported, stays text', async () => {
  const text = fixture('markup-as-text.txt').toString('utf8');
  const page = await open();
  await page.getByTestId('load-file').setInputFiles({ name: 'markup-as-text.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, text);
  // Imported: quotes that are markup, notes and a creator that are markup, an id that is a
  // javascript: IRI.
  await page.getByTestId('import-json').setInputFiles({ name: 'html-in-notes.json', mimeType: 'application/json', buffer: fixture('html-in-notes.json') });
  await waitForCount(page, 2);
  const list = await items(page);
  assert.deepEqual(list.map((i) => [i.id, i.quote, i.note, i.status]), [
    ['urn:x:html-quote', `<script>window.__pwned = 'txt script'</script>`, `<img src=x onerror="window.__pwned = 'imported note'"><b>bold?</b>`, 'relocated'],
    [`javascript:window.__pwned='id'`, `<img src=x onerror="window.__pwned = 'txt img'">`, `<a href="javascript:window.__pwned = 'imported link'">click</a>`, 'relocated'],
  ]);
  // Typed into the note field.
  const typed = `<svg onload="window.__pwned = 'typed'"></svg><script>window.__pwned = 'typed script'</script>`;
  await page.getByTestId('annotation-note').first().fill(typed);
  await page.getByTestId('annotation-note').first().blur();
  // Selecting, deleting and undoing go through the ids and quotes too.
  await page.getByTestId('annotation-item').nth(1).locator('.quote').click();
  await page.getByTestId('annotation-item').nth(1).getByTestId('annotation-delete').click();
  await waitForCount(page, 1);
  await page.getByTestId('undo').click();
  await waitForCount(page, 2);
  await assertInert(page);
  // Kept as text through a reload and in the export.
  await page.reload();
  await waitForCount(page, 2);
  assert.equal((await items(page))[0].note, typed);
  const exported = JSON.parse((await download(page, 'export-json')).text);
  const notes = exported.first.items.flatMap((a) => a.body ?? []).map((b) => b.value);
  assert.ok(notes.includes(typed), JSON.stringify(notes));
  await assertInert(page);
  await page.context().close();
});

test('articles over 5 MB are refused with a message; nothing changes', async () => {
  const page = await withWork();
  const before = await snapshot(page);
  const big = Buffer.alloc(5 * MB + 1, 'word ');
  await page.getByTestId('load-file').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: big });
  assert.equal(await errorAbout(page, 'big.txt'), '“big.txt” is 5.2 MB; the largest article Claimmark opens is 5 MB.');
  assert.deepEqual(await snapshot(page), before);
  await page.getByTestId('load-file').setInputFiles({ name: 'big.html', mimeType: 'text/html', buffer: Buffer.concat([Buffer.from('<p>'), big]) });
  assert.equal(await errorAbout(page, 'big.html'), '“big.html” is 5.2 MB; the largest article Claimmark opens is 5 MB.');
  assert.deepEqual(await snapshot(page), before);
  // Pasted: the same limit on the text.
  await openArticles(page);
  await page.getByTestId('load-text').evaluate((el, n) => { el.value = 'word '.repeat(n); }, Math.ceil((5 * MB + 1) / 5));
  await page.getByTestId('load-text-submit').click();
  await page.getByTestId('error').filter({ hasText: 'This article is' }).waitFor();
  assert.equal(await page.getByTestId('error').locator('.notice-text').innerText(), 'This article is 5.2 MB; the largest Claimmark opens is 5 MB.');
  assert.deepEqual(await snapshot(page), before);
  await assertInert(page);
  await page.context().close();
});

test('a panic shows the recovery screen, which still downloads the work', async () => {
  const page = await withWork();
  const expected = (await items(page)).map((i) => i.quote);
  // #panic-test (src/ui/mod.rs) panics once, just after the app has mounted.
  await page.evaluate(() => { location.hash = 'panic-test'; });
  await page.reload();
  const screen = page.locator('main.crash[role="alert"][data-testid="error"]');
  await screen.waitFor();
  assert.match(await screen.innerText(), /Something went wrong[\s\S]*Download my annotations/);
  assert.match(await page.locator('#crash-detail').textContent(), /deliberate panic \(#panic-test\)/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#crash-download').click()]);
  const saved = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  assert.equal(dl.suggestedFilename().endsWith('.annotations.jsonld'), true, dl.suggestedFilename());
  assert.deepEqual(saved.first.items.map((a) => a.target.selector.find((s) => s.type === 'TextQuoteSelector').exact).sort(), expected.sort());
  assert.ok(JSON.stringify(saved).includes('my note'));
  // Reload starts normally (the fragment is gone) with the work restored.
  await page.locator('#crash-reload').click();
  await waitForCount(page, 2);
  assert.equal(await page.locator('main.crash').count(), 0);
  await page.context().close();
});
