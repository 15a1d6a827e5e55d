// The articles panel: folded while an article is read, unfolded from the toolbar; the articles
// kept in this browser (open one, delete one after a confirmation); and a phone's first screen
// showing the article's first line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  serve, launch, openApp, articleText, tagPhrase, waitForCount, openArticles, SAMPLE, ROOT,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SECOND = 'The second article.\n\nThe minister said the bridge would open in May.';

const expanded = (page) => page.getByTestId('articles-toggle').getAttribute('aria-expanded');
const firstLineTop = (page) => page.locator('[data-testid="article"] p').first().evaluate((p) => p.getBoundingClientRect().top);
const waitForText = (page, text) => page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, text);
/** The list's row for the article whose title starts with `title`. */
const row = (page, title) => page.getByTestId('article-row').filter({ has: page.locator('.article-name', { hasText: title }) });

/** Pastes `text` as a new article through the panel and waits for it. */
async function paste(page, text) {
  await openArticles(page);
  await page.getByTestId('load-text').fill(text);
  await page.getByTestId('load-text-submit').click();
  await waitForText(page, text);
}

test('a phone shows the article’s first line on the first screen', async () => {
  const page = await openApp(browser, server.url, PHONE);
  // A first visit on a phone: the sample, with the panel folded away.
  assert.equal(await expanded(page), 'false');
  assert.ok(await page.getByTestId('articles-toggle').isVisible());
  const top = await firstLineTop(page);
  assert.ok(top < 400, `the first line starts ${top}px down`);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'test-results/phone.png') });
  // Reading an article of one's own: the same.
  await paste(page, SECOND);
  assert.equal(await expanded(page), 'false');
  const reading = await firstLineTop(page);
  assert.ok(reading < 400, `the first line starts ${reading}px down`);
  // Nothing is wider than the screen (the tools scroll sideways inside their row).
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
  // Unfolded, the panel's fields are in reach.
  await openArticles(page);
  assert.ok(await page.getByTestId('load-text').isVisible());
  await page.screenshot({ path: path.join(ROOT, 'test-results/phone-articles.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the panel is folded while reading; Articles unfolds it, opening folds it again', async () => {
  const page = await openApp(browser, server.url);
  // A first visit on a wide screen: unfolded, so opening one's own article is in view.
  assert.equal(await expanded(page), 'true');
  assert.ok(await page.getByTestId('load-text').isVisible());
  await paste(page, SECOND);
  await tagPhrase(page, 'the bridge would open in May', '1');
  // Opening folded it away; after a reload it starts folded too.
  assert.equal(await expanded(page), 'false');
  assert.equal(await page.getByTestId('articles-panel').isVisible(), false);
  await page.reload();
  await waitForCount(page, 1);
  assert.equal(await expanded(page), 'false');
  assert.equal(await page.getByTestId('articles-panel').isVisible(), false);
  // The toggle unfolds and folds it.
  await page.getByTestId('articles-toggle').click();
  assert.equal(await expanded(page), 'true');
  await page.getByTestId('articles-panel').waitFor();
  await page.getByTestId('articles-toggle').click();
  assert.equal(await expanded(page), 'false');
  await page.getByTestId('articles-panel').waitFor({ state: 'hidden' });
  // Open the sample from it (the unexported tag asks first): it folds away again.
  await page.getByTestId('articles-toggle').click();
  await page.getByTestId('open-sample').click();
  await page.getByTestId('confirm-ok').click();
  await waitForText(page, SAMPLE);
  await page.waitForFunction(() => document.querySelector('[data-testid="articles-toggle"]').getAttribute('aria-expanded') === 'false');
  assert.equal(await page.getByTestId('articles-panel').isVisible(), false);
  // A file dropped on the page opens while the panel is folded.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped article.\n\nIt arrived by drag and drop.'], 'dropped.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await waitForText(page, 'Dropped article.\n\nIt arrived by drag and drop.');
  assert.equal(await expanded(page), 'false');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('deleting an article from the list asks first, then it is gone', async () => {
  const page = await openApp(browser, server.url);
  await paste(page, SECOND);
  await tagPhrase(page, 'the bridge would open in May', '1');
  // Back to the first article, from the list (the unexported tag asks first).
  await openArticles(page);
  const sample = row(page, 'I agreed with Biden');
  const second = row(page, 'The second article.');
  await second.waitFor();
  assert.equal(await second.getAttribute('data-open'), 'true');
  // The open article cannot be deleted; the button says why.
  assert.equal(await second.getByTestId('article-delete').isDisabled(), true);
  assert.match(await second.getByTestId('article-delete').getAttribute('title'), /open another one first/);
  await sample.getByTestId('article-open').click();
  await page.getByTestId('confirm-ok').click();
  await waitForText(page, SAMPLE);
  // Delete the second one: a question first, Cancel keeps it.
  await openArticles(page);
  await second.getByTestId('article-delete').click();
  const question = second.locator('.delete-confirm');
  assert.match(await question.innerText(), /Delete “The second article\.” and its 1 annotation from this browser\? This cannot be undone/);
  await second.getByTestId('confirm-cancel').click();
  await question.waitFor({ state: 'detached' });
  assert.equal(await second.count(), 1);
  await second.getByTestId('article-delete').click();
  await second.getByTestId('confirm-ok').click();
  await second.waitFor({ state: 'detached' });
  assert.equal(await row(page, 'The second article.').count(), 0);
  assert.match(await page.getByTestId('status').innerText(), /Deleted “The second article\.” and its 1 annotation/);
  // Still gone after a reload; the open article is untouched.
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.equal(await articleText(page), SAMPLE);
  await openArticles(page);
  await sample.waitFor();
  assert.equal(await row(page, 'The second article.').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
