// Tag sets are data: the editor, keys 4 and 5, a round trip through an empty browser, deleting a
// tag in use, refusals, and a file written by Recogito 4.1.1 itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  serve, launch, openApp, download, items, chooseFile, waitForCount, tagPhrase, highlightCount, validateW3c,
  articleText, ROOT,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function addTag(page, label) {
  await page.getByTestId('tag-new-label').fill(label);
  await page.getByTestId('tag-new-add').click();
}

async function openEditor(page) {
  await page.getByTestId('tags-edit').click();
  await page.getByTestId('tag-new-label').waitFor();
}

test('two tags made in the editor, used with keys 4 and 5, survive export and import into an empty browser', async () => {
  const page = await openApp(browser, server.url);
  await openEditor(page);
  await addTag(page, 'Opinion piece');
  await addTag(page, 'Prediction');
  assert.deepEqual(await page.getByTestId('tag-row').evaluateAll((rows) => rows.map((r) => r.dataset.tag)),
    ['statement', 'agreement', 'dispute', 'opinion-piece', 'prediction']);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: 'test-results/tag-editor.png' });
  await page.getByTestId('tags-close').click();

  await tagPhrase(page, 'No invitations to visit', '1');
  await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
  await tagPhrase(page, 'America is carrying out killings', '3');
  await tagPhrase(page, 'The conversation was very constructive', '4');
  await tagPhrase(page, 'direct meetings are always better', '5');
  const tags = (await items(page)).map((i) => i.tag).sort();
  assert.deepEqual(tags, ['agreement', 'dispute', 'opinion-piece', 'prediction', 'statement']);
  assert.equal(await highlightCount(page, 'opinion-piece'), 1);
  assert.equal(await highlightCount(page, 'prediction'), 1);
  // The tag bar offers the new tags with their keys.
  await page.evaluate(() => getSelection().removeAllRanges());
  await page.screenshot({ path: 'test-results/five-tags.png', fullPage: false });

  const first = await download(page, 'export-json');
  assert.match(first.text, /"tagSet": \[/);
  const verdict = validateW3c(await articleText(page), first.text);
  if (verdict !== null) assert.equal(verdict, '5 valid, 0 invalid');
  const csv = await download(page, 'export-csv');
  assert.match(csv.text, /,opinion-piece,/);
  const jsonl = await download(page, 'export-jsonl');
  assert.match(jsonl.text, /"prediction"/);

  const fresh = await openApp(browser, server.url);
  await chooseFile(fresh, 'import-json', first.name, first.text, 'application/ld+json');
  await waitForCount(fresh, 5);
  assert.match(await fresh.getByTestId('status').innerText(), /New tags added to the set: “Opinion piece”, “Prediction”\./);
  assert.equal(await fresh.getByTestId('filter-opinion-piece').innerText().then((t) => t.replace(/\d+$/, '').trim()), 'Opinion piece');
  const second = await download(fresh, 'export-json');
  assert.equal(second.text, first.text);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
});

test('deleting a tag in use asks which tag its annotations get; undo brings both back', async () => {
  const page = await openApp(browser, server.url);
  await openEditor(page);
  await addTag(page, 'Opinion');
  await page.getByTestId('tags-close').click();
  await tagPhrase(page, 'No invitations to visit', '4');
  await tagPhrase(page, 'America is carrying out killings', '4');
  await openEditor(page);
  await page.locator('[data-testid="tag-row"][data-tag="opinion"] [data-testid="tag-delete"]').click();
  assert.match(await page.locator('.tag-delete-confirm').innerText(), /2 annotations carry “Opinion”/);
  await page.getByTestId('tag-delete-cancel').click();
  assert.equal(await page.locator('[data-testid="tag-row"][data-tag="opinion"]').count(), 1);
  await page.locator('[data-testid="tag-row"][data-tag="opinion"] [data-testid="tag-delete"]').click();
  await page.getByTestId('tag-retag-to').selectOption('dispute');
  await page.getByTestId('tag-delete-confirm').click();
  await page.getByTestId('tags-close').click();
  assert.deepEqual((await items(page)).map((i) => i.tag), ['dispute', 'dispute']);
  assert.match(await page.getByTestId('status').innerText(), /Deleted the tag “Opinion”; its 2 annotations now carry “Dispute”/);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="annotation-item"]')].every((e) => e.dataset.tag === 'opinion'));
  assert.equal(await page.getByTestId('filter-opinion').count(), 1);
});

test('an empty, duplicate or over-long label is refused with a message, and nothing changes', async () => {
  const page = await openApp(browser, server.url);
  await openEditor(page);
  for (const [label, message] of [['   ', /needs a label/], ['DISPUTE', /There is a tag called “DISPUTE” already/], ['x'.repeat(41), /at most 40 characters/]]) {
    await addTag(page, label);
    assert.match(await page.getByTestId('tag-problem').innerText(), message);
    assert.equal(await page.getByTestId('tag-row').count(), 3);
  }
});

test('a file written by Recogito 4.1.1 imports: UUID ids become urn:uuid, its unknown tag joins the set', async () => {
  const page = await openApp(browser, server.url);
  const file = fs.readFileSync(path.join(ROOT, 'tests/fixtures/recogito/geneva-4.1.1.w3c.json'), 'utf8');
  const recogito = JSON.parse(file);
  await chooseFile(page, 'import-json', 'recogito.json', file, 'application/json');
  await waitForCount(page, recogito.length);
  const status = await page.getByTestId('status').innerText();
  assert.match(status, new RegExp(`${recogito.length} ids were not web addresses \\(IRIs\\) and were rewritten`));
  assert.match(status, /New tag added to the set: “needs-context”/);
  const got = await items(page);
  assert.deepEqual(got.map((i) => i.id).sort(), recogito.map((a) => `urn:uuid:${a.id}`).sort());
  // Every tag is the file's own; none was changed.
  const byId = Object.fromEntries(recogito.map((a) => [`urn:uuid:${a.id}`, a.body.find((b) => b.purpose === 'tagging').value]));
  for (const i of got) assert.equal(i.tag, byId[i.id]);
  // Recogito counts positions without the newlines between paragraphs; the quotes place them.
  assert.ok(got.filter((i) => i.status !== 'orphaned').length >= recogito.length - 1);
  assert.deepEqual(page.errors, []);
});
