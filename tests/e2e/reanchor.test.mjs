// Editing the article's text: every annotation is re-anchored and its status shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, articleText, items, tagPhrase, cpIndex, download, chooseFile, waitForCount, openArticles, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('edit the sample: anchored, relocated and orphaned annotations are shown as such', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'I agreed with Biden to return the ambassadors', '1');
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await tagPhrase(page, 'America is carrying out killings', '3');
  await tagPhrase(page, 'pledged to extend the START agreement', '1');
  await page.getByTestId('edit-text').click();
  const area = page.getByTestId('edit-text-area');
  const original = await area.inputValue();
  const edited = original
    .replace('No invitations to visit', 'No invitations to visit were exchanged')      // after the 2nd: shifts the 3rd
    .replace('“The conversation was very constructive,”', '“The conversation was constructive,”') // before the 2nd
    .replace('consultations on cyber security', 'consultations on cybersecurity')          // a typo fixed inside the 2nd
    .replace('‘America is carrying out killings’\n\n', '');                           // the 3rd's passage is gone
  await area.fill(edited);
  await page.getByTestId('edit-text-save').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]')?.textContent === t, edited);
  const list = await items(page);
  const byQuote = (q) => list.find((i) => i.quote.startsWith(q));
  const byTag = Object.fromEntries(list.map((i) => [i.tag, i]));
  assert.equal(byQuote('I agreed').status, 'anchored');
  // Moved by the edits before it, its text unchanged: still anchored, at its new place.
  const pledged = byQuote('pledged');
  const p = cpIndex(edited, 'pledged to extend the START agreement');
  assert.deepEqual([pledged.status, pledged.start, pledged.end], ['anchored', p, p + 37]);
  // Its own text changed: relocated, with the quote taken from the new text.
  assert.equal(byTag.agreement.status, 'relocated');
  assert.equal(byTag.agreement.quote, 'agreed to start consultations on cybersecurity');
  const start = cpIndex(edited, 'agreed to start consultations on cybersecurity');
  assert.deepEqual([byTag.agreement.start, byTag.agreement.end], [start, start + 46]);
  // The third passage still exists elsewhere in the text ("accusing America of carrying out
  // killings") but not as quoted: it must be orphaned, not moved there.
  assert.equal(byTag.dispute.status, 'orphaned');
  assert.equal(byTag.dispute.quote, 'America is carrying out killings');
  assert.match(await page.getByTestId('status').innerText(), /2 anchored, 1 relocated, 1 orphaned/);

  // The orphan is re-attached to a new selection.
  await page.evaluate(() => getSelection().removeAllRanges());
  const { selectText } = await import('./harness.mjs');
  await selectText(page, 'accusing America of carrying out killings');
  await page.getByTestId('annotation-reattach').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="annotation-item"]')].every((e) => e.dataset.status !== 'orphaned'));

  // Undo brings back the old text and the old places.
  await page.getByTestId('undo').click(); // re-attach
  await page.getByTestId('undo').click(); // text edit
  await page.waitForFunction((t) => document.querySelector('[data-testid="article"]').textContent === t, original);
  assert.deepEqual((await items(page)).map((i) => i.status), ['anchored', 'anchored', 'anchored', 'anchored']);
  assert.equal(await articleText(page), original);
});

test('importing annotations made on another version relocates them', async () => {
  const page = await openApp(browser, server.url);
  await tagPhrase(page, 'the US president pledged to extend the START agreement for 3 years', '1');
  const exported = await download(page, 'export-json');
  const fresh = await openApp(browser, server.url);
  await openArticles(fresh);
  await fresh.getByTestId('load-text').fill('A new first paragraph was added.\n\n' + (await articleText(fresh)));
  await fresh.getByTestId('load-text-submit').click();
  await fresh.waitForFunction(() => document.querySelector('[data-testid="article"]').textContent.startsWith('A new first'));
  await chooseFile(fresh, 'import-json', 'old.jsonld', exported.text, 'application/ld+json');
  await waitForCount(fresh, 1);
  const [item] = await items(fresh);
  assert.equal(item.status, 'relocated');
  assert.equal(item.quote, 'the US president pledged to extend the START agreement for 3 years');
});

test('a 1 MB article with 5,000 annotations: an edit is placed in steps, each where its passage went', async () => {
  // Written by `cargo run -p claimmark-synth --bin bench_fixture` (scripts/test.sh does it): the
  // article, its annotations, an edited copy and where each annotation's passage truly went.
  const dir = path.join(ROOT, 'target/bench/fixture-20261128');
  if (!fs.existsSync(path.join(dir, 'truth.json'))) {
    console.log(`skipped: ${dir} not written`);
    return;
  }
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  const [text, edited, truth] = [read('article.txt'), read('edited.txt'), JSON.parse(read('truth.json'))];
  const ids = JSON.parse(read('annotations.jsonld')).first.items.map((a) => a.id);
  const page = await openApp(browser, server.url);
  await openArticles(page);
  await page.getByTestId('load-text').evaluate((el, t) => { el.value = t; }, text);
  await page.getByTestId('load-text-submit').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="article"]').textContent.length >= n, text.length - 10);
  await chooseFile(page, 'import-json', 'big.jsonld', read('annotations.jsonld'), 'application/ld+json');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="annotation-list"]').dataset.count) === 5000, null, { timeout: 60000 });

  await page.getByTestId('edit-text').click();
  const area = page.getByTestId('edit-text-area');
  assert.equal(await area.evaluate((el) => el.value.length), text.length, 'the editor holds the text');
  await area.evaluate((el, t) => { el.value = t; }, edited);
  // While the annotations are placed, the editor keeps the edited text (a re-render must not put
  // the old one back), read-only, and its save button waits. It does so from the click's own
  // task on (its microtasks run, no later task): the field is read in a task after it.
  const during = await page.evaluate(async () => {
    document.querySelector('[data-testid="edit-text-save"]').click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const a = document.querySelector('[data-testid="edit-text-area"]');
    const b = document.querySelector('[data-testid="edit-text-save"]');
    return a && { length: a.value.length, readOnly: a.readOnly, disabled: b.disabled, label: b.textContent };
  });
  // Placing 5,000 takes many tasks: the editor is still open. From the click on, typing would
  // be lost when the editor closes: the text waits too.
  assert.ok(during, 'the editor stays open while the annotations are placed');
  assert.equal(during.length, edited.length);
  assert.deepEqual([during.readOnly, during.disabled, during.label], [true, true, 'Placing highlights…']);
  await page.waitForFunction((n) => document.querySelector('[data-testid="article"]')?.textContent.length === n, edited.length, { timeout: 60000 });
  assert.match(await page.getByTestId('status').innerText(), /^Text saved\. \d+ anchored, \d+ relocated, \d+ orphaned\.$/);
  assert.equal(await page.getByTestId('annotation-list').getAttribute('data-count'), '5000');

  // The export has every placed annotation where the generator moved its passage (3 code points
  // of tolerance at each end), and leaves out exactly those whose passage was deleted.
  const placed = new Map(JSON.parse((await download(page, 'export-json')).text).first.items.map((it) => {
    const p = it.target.selector.find((x) => x.type === 'TextPositionSelector');
    return [it.id, [p.start, p.end]];
  }));
  const wrong = ids.filter((id, i) => {
    const [t, p] = [truth[i], placed.get(id)];
    return t ? !p || Math.abs(t[0] - p[0]) > 3 || Math.abs(t[1] - p[1]) > 3 : p !== undefined;
  });
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of 5,000 placed wrongly or orphaned wrongly`);
});
