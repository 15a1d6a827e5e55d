// The complete annotator: loading each way, tagging each way, list operations, undo/redo,
// reload, confirmation, Arabic, the <mark> fallback, import round trip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serve, launch, openApp, articleText, cpIndex, selectText, download, items, chooseFile, waitForCount, tagPhrase,
  errorText, highlightCount, SAMPLE, openArticles,
} from './harness.mjs';

let server, other, browser;
before(async () => { server = await serve(); other = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); await other?.close(); });

const TEXT = SAMPLE.replace(/\r\n?/g, '\n');

test('paste plain text: CRLF becomes LF, nothing else changes', async () => {
  const page = await openApp(browser, server.url);
  const text = 'Paste title\r\n\r\n  The mayor said the budget is balanced.  \r\nIt is not, critics say 👍🏽.';
  await openArticles(page);
  await page.getByTestId('load-text').fill(text);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent.startsWith('Paste title'));
  assert.equal(await articleText(page), text.replace(/\r\n/g, '\n'));
  assert.deepEqual(page.errors, []);
});

test('open a .txt file and an .html file; article HTML never runs', async () => {
  const page = await openApp(browser, server.url);
  await chooseFile(page, 'load-file', 'notes.txt', '\uFEFFFirst line\r\nSecond line');
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent === 'First line\nSecond line');
  const html = await (await fetch(server.url + 'fixtures/article.htm')).text();
  await chooseFile(page, 'load-file', 'article.html', html, 'text/html');
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent.includes('water treatment plant'));
  const text = await articleText(page);
  assert.match(text, /^Council agrees on water plan\n\nThe city council agreed/);
  assert.match(text, /Opponents dispute the cost estimate of 40 million euros, calling it far too low\./);
  for (const junk of ['Home', 'Related:', 'First comment', 'Copyright', 'color: red', 'canary']) assert.ok(!text.includes(junk), junk);
  assert.equal(await page.locator('[data-testid="article"] h2').count(), 2);
  assert.equal(await page.evaluate(() => window.__canary), undefined);
  assert.equal(await page.locator('[data-testid="article"] img, [data-testid="article"] a, [data-testid="article"] script').count(), 0);
});

test('drop a file on the page; fetch a URL; a refused fetch says what to do', async () => {
  const page = await openApp(browser, server.url);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped article.\n\nIt has two paragraphs.'], 'dropped.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent === 'Dropped article.\n\nIt has two paragraphs.');

  await openArticles(page);
  await page.getByTestId('load-url').fill(server.url + 'fixtures/article.htm');
  await page.getByTestId('load-url').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent.startsWith('Council agrees'));

  await openArticles(page);
  await page.getByTestId('load-url').fill(other.url.replace('127.0.0.1', 'localhost') + 'fixtures/article.htm');
  await page.getByTestId('load-url').press('Enter');
  assert.match(await errorText(page), /does not let other pages read.*Save the page/);
  assert.match(await articleText(page), /^Council agrees/);
});

test('list: counts, filter, search, click to jump, retag, note, delete, j/k', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await tagPhrase(page, 'America is carrying out killings', '3');
  let list = await items(page);
  // In text order, whatever order they were made in.
  assert.deepEqual(list.map((i) => i.tag), ['agreement', 'statement', 'dispute']);
  assert.equal((await page.getByTestId('filter-all').textContent()).replace(/\s/g, ''), 'All3');
  const count = () => page.getByTestId('annotation-list').getAttribute('data-count');
  assert.equal(await count(), '3');

  await page.getByTestId('filter-dispute').click();
  assert.deepEqual((await items(page)).map((i) => i.tag), ['dispute']);
  assert.equal(await count(), '1', 'data-count follows the filter');
  await page.getByTestId('filter-all').click();
  await page.getByTestId('annotation-search').fill('cyber');
  assert.deepEqual((await items(page)).map((i) => i.tag), ['agreement']);
  assert.equal(await count(), '1', 'data-count follows the search');
  await page.getByTestId('annotation-search').fill('');

  // Click a quote: the annotation is selected and outlined in the text.
  await page.getByTestId('annotation-item').nth(2).locator('.quote').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"].selected')?.dataset.tag === 'dispute');
  assert.equal(await page.evaluate(() => CSS.highlights.get('cm-selected').size), 1);

  // j / k move through the list (focus on the page, not in a field).
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"].selected')?.dataset.tag === 'statement');
  await page.keyboard.press('j');
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"].selected')?.dataset.tag === 'dispute');

  // Retag, note, delete.
  const first = page.getByTestId('annotation-item').first();
  await first.getByTestId('retag-dispute').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"]').dataset.tag === 'dispute');
  await first.getByTestId('annotation-note').fill('Said at the press conference <script>window.__canary=1</script>');
  list = await items(page);
  assert.equal(list[0].note, 'Said at the press conference <script>window.__canary=1</script>');
  await page.getByTestId('annotation-item').nth(1).getByTestId('annotation-delete').click();
  await waitForCount(page, 2);
  assert.deepEqual((await items(page)).map((i) => i.tag), ['dispute', 'dispute']);
  assert.equal(await page.evaluate(() => window.__canary), undefined);
  assert.equal(await page.locator('svg[data-testid="stats"] [data-tag="dispute"] text.bar-value').textContent(), '2');
});

test('clicking a highlight selects its annotation', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await page.evaluate(() => getSelection().removeAllRanges());
  const point = await page.evaluate(() => {
    const p = [...document.querySelectorAll('[data-testid="article"] p')].find((p) => p.textContent.includes('cyber security'));
    const t = p.firstChild; const i = t.data.indexOf('consultations');
    const r = document.createRange(); r.setStart(t, i + 2); r.setEnd(t, i + 3);
    const b = r.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"].selected'));
});

test('undo and redo: create, retag, note, delete, import; buttons and keys', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  const item = page.getByTestId('annotation-item').first();
  await item.getByTestId('retag-agreement').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"]').dataset.tag === 'agreement');
  await item.getByTestId('annotation-note').fill('one note');
  await page.locator('body').click({ position: { x: 5, y: 300 } });

  await page.keyboard.press('Control+z'); // the note
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-note"]').value === '');
  await page.getByTestId('undo').click(); // the retag
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"]').dataset.tag === 'statement');
  await page.keyboard.press('Control+z'); // the create
  await waitForCount(page, 0);
  await page.keyboard.press('Control+Shift+Z');
  await waitForCount(page, 1);
  await page.getByTestId('redo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-item"]').dataset.tag === 'agreement');
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-note"]').value === 'one note');

  await page.getByTestId('annotation-delete').click();
  await waitForCount(page, 0);
  await page.getByTestId('undo').click();
  await waitForCount(page, 1);

  const exported = await download(page, 'export-json');
  await page.getByTestId('annotation-delete').click();
  await waitForCount(page, 0);
  await chooseFile(page, 'import-json', 'a.jsonld', exported.text, 'application/json');
  await waitForCount(page, 1);
  await page.getByTestId('undo').click();
  await waitForCount(page, 0);
});

test('a reload restores the article, annotations and undo history', async () => {
  const page = await openApp(browser, server.url);
  await openArticles(page);
  await page.getByTestId('load-text').fill('Reload test.\n\nThe committee agreed to publish the report.');
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent.startsWith('Reload test.'));
  await tagPhrase(page, 'agreed to publish the report', '2');
  await page.getByTestId('annotation-note').fill('note before reload');
  const before = await items(page);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.equal(await articleText(page), 'Reload test.\n\nThe committee agreed to publish the report.');
  assert.deepEqual(await items(page), before);
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="annotation-note"]').value === '');
  await page.getByTestId('undo').click();
  await waitForCount(page, 0);
});

test('loading another article with unexported work asks first', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await openArticles(page);
  await page.getByTestId('load-text').fill('Another article entirely.');
  await page.getByTestId('load-text-submit').click();
  await page.getByTestId('confirm-cancel').click();
  assert.equal(await articleText(page), TEXT);
  await waitForCount(page, 1);
  await openArticles(page);
  await page.getByTestId('load-text').fill('Another article entirely.');
  await page.getByTestId('load-text-submit').click();
  await page.getByTestId('confirm-ok').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent === 'Another article entirely.');
  await waitForCount(page, 0);
  // Once exported, no question is asked.
  await tagPhrase(page, 'Another article', '3');
  await download(page, 'export-json');
  await openArticles(page);
  await page.getByTestId('load-text').fill('A third one.');
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent === 'A third one.');
  assert.equal(await page.getByTestId('confirm-ok').count(), 0);
});

test('Arabic: highlighted without splitting the text, offsets in code points', async () => {
  const page = await openApp(browser, server.url);
  const arabic = 'قال الرئيس إن المحادثات كانت بناءة 👍🏽.\n\nونفى المتحدث وجود أي اتفاق على تبادل السجناء.';
  await openArticles(page);
  await page.getByTestId('load-text').fill(arabic);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]').textContent === t, arabic);
  await tagPhrase(page, 'المحادثات كانت بناءة', '2');
  const [item] = await items(page);
  const start = cpIndex(arabic, 'المحادثات كانت بناءة');
  assert.deepEqual([item.start, item.end], [start, start + [...'المحادثات كانت بناءة'].length]);
  assert.equal(await page.locator('[data-testid="article"] p').first().evaluate((p) => [p.childNodes.length, p.dir, getComputedStyle(p).direction]).then(String), '1,auto,rtl');
  assert.equal(await highlightCount(page, 'agreement'), 1);
  await page.screenshot({ path: 'test-results/arabic.png' });
});

test('without CSS.highlights, highlights fall back to <mark> and offsets still hold', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => { delete CSS.highlights; Object.defineProperty(CSS, 'highlights', { value: undefined }); });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid="article"] p').first().waitFor();
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await tagPhrase(page, 'start consultations', '1');
  assert.equal(await page.locator('[data-testid="article"] mark[data-tags~="agreement"]').count(), 3);
  assert.equal(await page.locator('[data-testid="article"] mark.cm-overlap').count(), 1);
  assert.equal(await articleText(page), TEXT);
  // A selection across the marks still maps to the right code points.
  await tagPhrase(page, 'to start consultations on', '3');
  const dispute = (await items(page)).find((i) => i.tag === 'dispute');
  const start = cpIndex(TEXT, 'to start consultations on');
  assert.deepEqual([dispute.start, dispute.end], [start, start + 'to start consultations on'.length]);
  await context.close();
});

test('export, import into an empty browser, export again: the same bytes', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await page.getByTestId('annotation-note').first().fill('A note with "quotes", commas, and émoji 👩‍👩‍👧');
  const first = await download(page, 'export-json');
  const fresh = await openApp(browser, server.url);
  await chooseFile(fresh, 'import-json', first.name, first.text, 'application/ld+json');
  await waitForCount(fresh, 2);
  assert.deepEqual((await items(fresh)).map((i) => i.status), ['anchored', 'anchored']);
  const second = await download(fresh, 'export-json');
  assert.equal(second.text, first.text);
  const csv = await download(fresh, 'export-csv');
  assert.match(csv.text.split('\r\n')[0], /^id,tag,start,end,quote,note,created$/);
  const jsonl = await download(fresh, 'export-jsonl');
  assert.equal(JSON.parse(jsonl.text).label.length, 2);
});

test('a broken import changes nothing and says why', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  const before = await items(page);
  await chooseFile(page, 'import-json', 'broken.json', '{"type": "AnnotationCollection", "first": {"items": [1, 2,]}}', 'application/json');
  assert.match(await errorText(page), /Nothing was imported from “broken.json”\. The file is not valid JSON: .* \(line 1, column \d+\)\./);
  assert.deepEqual(await items(page), before);
});
