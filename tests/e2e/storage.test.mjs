// Storage: the browser's database (IndexedDB). A damaged record, a save from a newer version,
// a full disk, storage refused, older localStorage saves moved in, tabs that agree, a long
// session restored whole. Work survives; the user is told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  serve, launch, openApp, items, tagPhrase, download, errorText, waitForCount, openArticles, SAMPLE, ROOT,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Runs `fn(arg)` in the page, after giving it `window.__idb.get()`: the app's database and two
 * helpers that turn a request and a transaction into promises. (No `new Function`: the page's
 * Content-Security-Policy forbids it.) */
async function withDb(page, fn, arg) {
  await page.evaluate(() => {
    if (window.__idb) return;
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const done = (tx) => new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); tx.onabort = () => fail(tx.error); });
    window.__idb = { get: async () => [await req(indexedDB.open('claimmark')), req, done] };
  });
  return page.evaluate(fn, arg);
}

/** The open article's slot. */
const currentSlot = (page) => withDb(page, async () => {
  const [db, req] = await window.__idb.get();
  return (await req(db.transaction('meta').objectStore('meta').get('current')))?.json;
});

/** Waits until the database holds `n` annotations for the open article. */
async function waitForSaved(page, n) {
  for (let i = 0; i < 100; i++) {
    const slot = await currentSlot(page).catch(() => null);
    if (slot) {
      const rows = await withDb(page, async (slot) => {
        const [db, req] = await window.__idb.get();
        return req(db.transaction('annotations').objectStore('annotations').index('slot').getAll(slot));
      }, slot);
      if (rows.filter((r) => JSON.parse(r.json).annotation).length === n) return;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`the database never held ${n} annotations`);
}

test('a damaged record is kept aside, not lost, and the user is told', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await waitForSaved(page, 1);
  const slot = await currentSlot(page);
  await withDb(page, async (slot) => {
    const [db, , done] = await window.__idb.get();
    const tx = db.transaction('texts', 'readwrite');
    tx.objectStore('texts').put({ slot, json: '{"title": "x", "te' });
    await done(tx);
  }, slot);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.match(await errorText(page), /The saved work could not be opened: its text is damaged .* kept aside .* as “aside record \d+”/);
  const aside = await withDb(page, async () => {
    const [db, req] = await window.__idb.get();
    return req(db.transaction('aside').objectStore('aside').getAll());
  });
  assert.equal(aside.length, 1);
  assert.match(JSON.parse(aside[0]).raw, /\{\\"title\\": \\"x\\", \\"te/);
  // The sample is shown and works.
  assert.equal(await page.locator('[data-testid="article"]').evaluate((e) => e.textContent), SAMPLE.replace(/\r\n?/g, '\n'));
});

test('a save from a newer version is not misread', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await waitForSaved(page, 1);
  const slot = await currentSlot(page);
  await withDb(page, async (slot) => {
    const [db, req, done] = await window.__idb.get();
    const store = db.transaction('articles', 'readwrite').objectStore('articles');
    const row = await req(store.get(slot));
    const header = JSON.parse(row.json);
    header.head.version = 99;
    const tx = db.transaction('articles', 'readwrite');
    tx.objectStore('articles').put({ slot, json: JSON.stringify(header) });
    await done(tx);
  }, slot);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.match(await errorText(page), /format version 99/);
});

test('a full disk (simulated): the user is warned, work stays in the tab and can be exported', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'No invitations to visit', '1');
  await waitForSaved(page, 1);
  // Every write now fails as a full disk does.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await page.getByTestId('storage-warning').waitFor();
  assert.match(await page.getByTestId('storage-warning').innerText(), /storage for this site is full.*Export/);
  assert.equal((await items(page)).length, 2);
  const exported = JSON.parse((await download(page, 'export-json')).text);
  assert.equal(exported.total, 2);
  // Room again: the next change saves everything, and the warning goes away.
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await page.getByTestId('annotation-note').first().fill('saved now');
  await page.getByTestId('storage-warning').waitFor({ state: 'detached' });
  await waitForSaved(page, 2);
  await page.reload();
  await waitForCount(page, 2);
});

test('storage refused (a private window): a clear message, and a working, exportable session', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid="article"] p').first().waitFor();
  await page.getByText(/does not let Claimmark keep your work/).first().waitFor();
  await tagPhrase(page, 'No invitations to visit', '1');
  const exported = JSON.parse((await download(page, 'export-json')).text);
  assert.equal(exported.total, 1);
  await context.close();
});

test('a save of the older localStorage format is moved into the database once, with its history', async () => {
  const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/e2e/localstorage-v1.json'), 'utf8'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The older version's keys, written before the app first runs on this origin.
  // (On a page of the site that does not run the app.)
  await page.goto(`${server.url}/manifest.webmanifest`);
  await page.evaluate(({ slot, save }) => {
    localStorage.setItem('claimmark.v1.current', JSON.stringify(slot));
    localStorage.setItem(`claimmark.v1.slot.${slot}`, save);
    localStorage.setItem('claimmark.v1.recent', JSON.stringify([{ slot, title: 'x', annotations: 2, saved: 1 }]));
  }, fixture);
  await page.goto(server.url);
  await waitForCount(page, 2);
  const notes = (await items(page)).map((i) => i.note);
  assert.ok(notes.includes('moved from localStorage'));
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('claimmark.'))), []);
  // From the database from now on; the undo history came too.
  await page.reload();
  await waitForCount(page, 2);
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="annotation-note"]')].some((n) => n.value === 'moved from localStorage'));
  await context.close();
});

test('two tabs on one article: each shows the other\'s work within a second; a third tab and reloads show everything', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const open = async () => {
    const p = await context.newPage();
    await p.goto(server.url);
    await p.locator('[data-testid="article"] p').first().waitFor();
    return p;
  };
  const first = await open();
  const second = await open();
  await tagPhrase(first, 'No invitations to visit', '1');
  await waitForCount(second, 1);
  await tagPhrase(second, 'agreed to start consultations on cyber security', '2');
  await waitForCount(first, 2);
  await tagPhrase(first, 'America is carrying out killings', '3');
  await waitForCount(second, 3);
  // Undo stays per tab: the second tab's undo takes back its own annotation, not the first's.
  await second.getByTestId('undo').click();
  await waitForCount(second, 2);
  await waitForCount(first, 2);
  assert.deepEqual((await items(first)).map((i) => i.tag).sort(), ['dispute', 'statement']);
  const third = await open();
  await waitForCount(third, 2);
  for (const p of [first, second]) {
    await p.reload();
    await waitForCount(p, 2);
  }
  await context.close();
});

test('a 1 MB article with 5,000 annotations reloads complete', async () => {
  // Written by `cargo run -p claimmark-synth --bin bench_fixture` (scripts/test.sh does it).
  const dir = path.join(ROOT, 'target/bench/fixture-20261128');
  if (!fs.existsSync(path.join(dir, 'fixture.json'))) {
    console.log(`skipped: ${dir} not written`);
    return;
  }
  const text = fs.readFileSync(path.join(dir, 'article.txt'), 'utf8');
  const annotations = fs.readFileSync(path.join(dir, 'annotations.jsonld'), 'utf8');
  const page = await openApp(browser, server.url);
  await openArticles(page);
  await openArticles(page);
  // Set as a paste would (typing a megabyte key by key takes minutes).
  await page.getByTestId('load-text').evaluate((el, t) => { el.value = t; }, text);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="article"]').textContent.length >= n, text.length - 10);
  const { chooseFile } = await import('./harness.mjs');
  await chooseFile(page, 'import-json', 'big.jsonld', annotations, 'application/ld+json');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="annotation-list"]').dataset.count) === 5000, null, { timeout: 60000 });
  await waitForSaved(page, 5000);
  await page.reload();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="annotation-list"]')?.dataset.count) === 5000, null, { timeout: 60000 });

  // The long list: its window of 24 items is built a few a frame, and tagging far down the
  // article moves it to the new annotation, selected, with its window built around it.
  const shown = () => page.getByTestId('annotation-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-item"]').length === 24);
  const first = await shown();
  const lines = text.split('\n').filter((l) => l.length > 80 && /^[ -~]+$/.test(l.slice(0, 70)));
  const phrase = lines[Math.floor(lines.length * 0.8)].slice(10, 60);
  const { selectText } = await import('./harness.mjs');
  await page.waitForFunction(() => !document.querySelector('[data-testid="article"] > [hidden]'));
  await selectText(page, phrase);
  await page.locator('.tag-bar').waitFor();
  await page.keyboard.press('2');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="annotation-list"]').dataset.count) === 5001);
  const selected = page.locator('[data-testid="annotation-item"][aria-current="true"]');
  await selected.waitFor();
  assert.equal(await selected.getAttribute('data-tag'), 'agreement');
  assert.ok(!first.includes(await selected.getAttribute('data-id')), 'the window moved to the new annotation');
  const inSight = await selected.evaluate((el) => {
    const box = el.closest('[data-testid="annotation-list"]').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.top >= box.top - 1 && r.top < box.bottom;
  });
  assert.ok(inSight, 'the new item is scrolled into sight in the list');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-item"]').length === 24);
  // Clicking a highlight whose item is out of sight in the list scrolls the list to it.
  await page.getByTestId('annotation-list').evaluate((el) => { el.scrollTop = 0; });
  const far = page.getByTestId('annotation-item').nth(20);
  const quote = (await far.locator('.quote').textContent()).replace(/^“|”$/g, '');
  const point = await page.evaluate((q) => {
    for (const block of document.querySelector('[data-testid="article"]').children) {
      const i = block.textContent.indexOf(q);
      if (i < 0) continue;
      const w = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let at = i + Math.floor(q.length / 2);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (at < n.data.length) {
          const r = document.createRange();
          r.setStart(n, at); r.setEnd(n, at + 1);
          r.startContainer.parentElement.scrollIntoView({ block: 'center' });
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
        at -= n.data.length;
      }
    }
    return null;
  }, quote);
  assert.ok(point, 'the quote is in the article');
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="annotation-item"][aria-current="true"]');
    if (!el) return false;
    const box = el.closest('[data-testid="annotation-list"]').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.top >= box.top - 1 && r.top < box.bottom;
  }, null, { timeout: 5000 });
  // "Show later" pages away from the selected item (it used to snap back to it).
  const around = await shown();
  await page.getByRole('button', { name: /^Show later/ }).click();
  await page.waitForFunction((before) => !document.querySelector('[data-testid="annotation-item"]')
    || ![...document.querySelectorAll('[data-testid="annotation-item"]')].some((e) => e.dataset.id === before), around[23]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="annotation-item"]').length === 24);
  assert.equal(await selected.count(), 0, 'the selected item is left behind');
});
