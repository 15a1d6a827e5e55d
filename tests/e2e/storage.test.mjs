// Storage faults: a corrupted save, a full localStorage. Work survives; the user is told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, items, tagPhrase, download, errorText, SAMPLE } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a corrupted save is kept aside, not overwritten, and the user is told', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  const slot = await page.evaluate(() => localStorage.getItem('claimmark.v1.current'));
  const key = `claimmark.v1.slot.${JSON.parse(slot)}`;
  await page.evaluate((key) => localStorage.setItem(key, '{"version": 1, "doc": {"title": "x", "te'), key);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  const message = await errorText(page);
  assert.match(message, /The saved work could not be opened: it is damaged .* kept aside .* as “claimmark\.v1\.corrupt\.\d+”/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('claimmark.v1.corrupt.')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(kept, ['{"version": 1, "doc": {"title": "x", "te']);
  // The sample is shown and works.
  assert.equal(await page.locator('[data-testid="article"]').evaluate((e) => e.textContent), SAMPLE.replace(/\r\n?/g, '\n'));
});

test('a save from a newer version is not misread', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  const key = await page.evaluate(() => `claimmark.v1.slot.${JSON.parse(localStorage.getItem('claimmark.v1.current'))}`);
  await page.evaluate((key) => { const v = JSON.parse(localStorage.getItem(key)); v.version = 99; localStorage.setItem(key, JSON.stringify(v)); }, key);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.match(await errorText(page), /format version 99/);
});

test('a full localStorage: the user is warned, work stays in the tab and can be exported', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  // Fill the quota with other data.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try { localStorage.setItem(`filler.${i}`, chunk); } catch { break; }
    }
    for (let size = 16 * 1024; size >= 16; size /= 2) {
      for (let j = 0; ; j++) { try { localStorage.setItem(`filler.small.${size}.${j}`, 'y'.repeat(size)); } catch { break; } }
    }
  });
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await page.getByTestId('storage-warning').waitFor();
  assert.match(await page.getByTestId('storage-warning').innerText(), /storage for this site is (nearly )?full.*Export/);
  assert.equal((await items(page)).length, 2);
  const exported = JSON.parse((await download(page, 'export-json')).text);
  assert.equal(exported.total, 2);
  // Making room lets saving work again, and the warning goes away.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));
  await page.getByTestId('annotation-note').first().fill('saved now');
  await page.getByTestId('storage-warning').waitFor({ state: 'detached' });
});
