// The first complete loop: drag the mouse over a claim, tag it, export, check the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openApp, articleText, cpIndex, dragOver, download, items, highlightCount, SAMPLE, VALIDATOR } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the sample article is the document text, exactly', async () => {
  const page = await openApp(browser, server.url);
  assert.equal(await articleText(page), SAMPLE.replace(/\r\n?/g, '\n'));
  assert.deepEqual(page.errors, []);
});

test('drag over a claim, tag it Agreement, export JSON with code-point offsets', async () => {
  const page = await openApp(browser, server.url);
  const phrase = 'agreed to start consultations on cyber security';
  await dragOver(page, phrase);
  await page.getByTestId('tag-agreement').waitFor();
  await page.getByTestId('tag-agreement').click();
  const list = await items(page);
  assert.equal(list.length, 1);
  const text = SAMPLE.replace(/\r\n?/g, '\n');
  const start = cpIndex(text, phrase);
  assert.deepEqual([list[0].tag, list[0].start, list[0].end, list[0].status], ['agreement', start, start + [...phrase].length, 'anchored']);
  assert.equal(list[0].quote, phrase);
  // The highlight is painted with the CSS Custom Highlight API.
  assert.equal(await highlightCount(page, 'agreement'), 1);

  const { name, text: json } = await download(page, 'export-json');
  assert.match(name, /^i-agreed-with-biden-to-return-the-ambassadors-\d{4}-\d{2}-\d{2}\.annotations\.jsonld$/);
  const exported = JSON.parse(json);
  const item = exported.first.items[0];
  const [quote, pos] = item.target.selector;
  assert.equal(quote.exact, phrase);
  assert.equal([...text].slice(pos.start, pos.end).join(''), phrase);
  assert.equal(item.body[0].value, 'agreement');
  assert.match(item.id, /^urn:uuid:[0-9a-f-]{36}$/);

  if (fs.existsSync(VALIDATOR)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-'));
    fs.writeFileSync(path.join(dir, 'article.txt'), text);
    fs.writeFileSync(path.join(dir, 'export.jsonld'), json);
    const out = execFileSync('python3', [VALIDATOR, '--profile', 'annotator', '--source-text', path.join(dir, 'article.txt'), path.join(dir, 'export.jsonld')]).toString();
    assert.match(out.trim().split('\n').pop(), /^1 valid, 0 invalid$/);
  } else {
    console.log('skipped: W3C validator (../shared/w3c) not beside the checkout');
  }
  assert.deepEqual(page.errors, []);
});

test('keys 1/2/3 tag a programmatic selection; Escape cancels', async () => {
  const page = await openApp(browser, server.url);
  for (const [phrase, key, tag] of [['No invitations to visit', '1', 'statement'], ['America is carrying out killings', '3', 'dispute']]) {
    await page.evaluate((phrase) => {
      const article = document.querySelector('[data-testid="article"]');
      const w = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const i = n.data.indexOf(phrase);
        if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + phrase.length); getSelection().removeAllRanges(); getSelection().addRange(r); return; }
      }
    }, phrase);
    await page.getByTestId(`tag-${tag}`).waitFor();
    const before = (await items(page)).length;
    await page.keyboard.press(key);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="annotation-item"]').length === n, before + 1);
  }
  const list = await items(page);
  assert.deepEqual(list.map((i) => i.tag).sort(), ['dispute', 'statement']);
  await page.evaluate(() => { const a = document.querySelector('[data-testid="article"] p'); const r = document.createRange(); r.selectNodeContents(a); getSelection().removeAllRanges(); getSelection().addRange(r); });
  await page.getByTestId('tag-statement').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('tag-statement').waitFor({ state: 'detached' });
  assert.equal((await items(page)).length, 2);
});
