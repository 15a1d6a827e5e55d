// Annotating with the keyboard alone: no pointer event from start to export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openApp, items, waitForCount, SAMPLE } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const TEXT = SAMPLE.replace(/\r\n?/g, '\n');

test('create, tag, note, retag, delete, undo, export: keyboard only', async () => {
  const page = await openApp(browser, server.url);
  await page.evaluate(() => {
    window.__pointer = 0;
    for (const t of ['pointerdown', 'mousedown', 'touchstart']) addEventListener(t, () => window.__pointer++, true);
  });
  const status = () => page.getByTestId('status').innerText();
  const focusedTestId = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.className);

  // Tab to the mode button (Tab is a key, not a pointer).
  for (let i = 0; i < 40 && (await focusedTestId()) !== 'annotate-mode'; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedTestId(), 'annotate-mode');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'article');

  // Down by sentence to "“The conversation…", then select words with Ctrl+Shift+Right.
  for (let i = 0; i < 6 && !(await status()).startsWith('“The conversation'); i++) await page.keyboard.press('ArrowDown');
  assert.match(await status(), /^“The conversation/);
  // Word by word to "was": each stop is announced.
  for (let i = 0; i < 8 && (await status()) !== 'was'; i++) await page.keyboard.press('Control+ArrowRight');
  assert.equal(await status(), 'was');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowRight');
  assert.equal(await status(), 'Selected: was very constructive');
  await page.keyboard.press('1');
  await waitForCount(page, 1);
  let [item] = await items(page);
  const start = [...TEXT.slice(0, TEXT.indexOf('was very constructive'))].length;
  assert.deepEqual([item.tag, item.start, item.end, item.quote], ['statement', start, start + 21, 'was very constructive']);
  assert.match(await status(), /^Statement added: “was very constructive”/);

  // "t" tells the tag under the caret.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('t');
  assert.equal(await status(), 'Statement: “was very constructive”');

  // "s" selects the whole sentence; "n" writes a note.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('s');
  await page.keyboard.press('3');
  await waitForCount(page, 2);
  await page.keyboard.press('n');
  await page.keyboard.type('Whole sentence disputed.');
  const disputed = (await items(page)).find((i) => i.tag === 'dispute');
  assert.equal(disputed.note, 'Whole sentence disputed.');

  // Retag with the item's buttons, reached by Shift+Tab from the note.
  await page.keyboard.press('Shift+Tab'); // retag-dispute
  await page.keyboard.press('Shift+Tab'); // retag-agreement
  assert.equal(await focusedTestId(), 'retag-agreement');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="annotation-item"]')].some((e) => e.dataset.tag === 'agreement'));

  // Delete, then undo with Ctrl+Z; focus stays in the list.
  for (let i = 0; i < 6 && (await focusedTestId()) !== 'annotation-delete'; i++) await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedTestId(), 'annotation-delete');
  await page.keyboard.press('Enter');
  await waitForCount(page, 1);
  // Focus moves to the item that took the deleted one's place (right after the list re-renders).
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="annotation-list"]'));
  await page.keyboard.press('Control+z');
  await waitForCount(page, 2);

  // Export: Tab to the button, Enter.
  for (let i = 0; i < 60 && (await focusedTestId()) !== 'export-json'; i++) await page.keyboard.press('Shift+Tab');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const exported = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  assert.equal(exported.total, 2);
  assert.equal(await page.evaluate(() => window.__pointer), 0);
});
