// A fact-checker's journey on the sample: the article's address, Putin's statement with its
// claimant and verdict, a dispute linked to it, W3C (validated) and ClaimReview (checked)
// exports, and the W3C file imported into an empty browser with everything found again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  serve, launch, openApp, articleText, download, chooseFile, waitForCount, tagPhrase, errorText, validateW3c, ROOT,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CLAIM = 'The conversation was very constructive';
const DISPUTE = 'the Russian president acknowledged the existence of differences with Washington';
const ADDRESS = 'https://news.example/geneva-summit';

// Where the screenshots go: a temporary folder, or `SCREENSHOTS=docs` for the README's.
const SHOTS = process.env.SCREENSHOTS ? path.resolve(ROOT, process.env.SCREENSHOTS) : fs.mkdtempSync(path.join(os.tmpdir(), 'cm-claims-'));

const item = (page, quote) => page.getByTestId('annotation-item').filter({ has: page.locator('.quote', { hasText: quote }) });

function checkClaimReview(file) {
  try {
    return execFileSync('python3', [path.join(ROOT, 'tests/fixtures/check_claimreview.py'), file]).toString().trim();
  } catch (e) {
    if (String(e.stderr).includes("No module named 'jsonschema'")) { console.log('skipped: jsonschema not installed'); return null; }
    throw new Error(`ClaimReview check failed: ${e.stdout}${e.stderr}`);
  }
}

test('claimant, verdict and a linked dispute travel through W3C and ClaimReview', async () => {
  const page = await openApp(browser, server.url, { viewport: { width: 1360, height: 900 } });
  if ((await page.getByTestId('articles-toggle').getAttribute('aria-expanded')) === 'true') await page.getByTestId('articles-toggle').click();

  // The article's address and publisher.
  await page.getByTestId('article-details').locator('summary').click();
  await page.getByTestId('doc-url').fill(ADDRESS);
  await page.getByTestId('doc-publisher').fill('Example News');
  await page.getByTestId('doc-publisher').blur();

  // Putin's statement, with its claimant (offered from the article's names) and a verdict.
  await tagPhrase(page, CLAIM, '1');
  const names = await page.locator('#claimant-names option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(names.includes('Putin'), `claimant choices: ${names}`);
  await item(page, CLAIM).getByTestId('annotation-claimant').fill('Vladimir Putin');
  await item(page, CLAIM).getByTestId('annotation-rating').selectOption('Mostly true');
  await item(page, CLAIM).getByTestId('annotation-claimant').blur();
  const claimId = await item(page, CLAIM).getAttribute('data-id');

  // A dispute that answers it: linked from the list; both ends show.
  await tagPhrase(page, DISPUTE, '3');
  await item(page, DISPUTE).getByTestId('annotation-answers').selectOption(claimId);
  await item(page, DISPUTE).getByTestId('annotation-link').waitFor();
  assert.equal(await item(page, DISPUTE).getByTestId('annotation-link').getAttribute('data-target'), claimId);
  assert.match(await item(page, CLAIM).getByTestId('answered-by').innerText(), /1 answer/);
  // The dispute is selected: its claim is painted as the other end of the link.
  await page.waitForFunction(() => CSS.highlights.get('cm-linked')?.size === 1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, 'claims-link.png') });

  // W3C export: valid, with the claimant, verdict, link and address.
  const w3c = await download(page, 'export-json');
  const text = await articleText(page);
  const verdict = validateW3c(text, w3c.text);
  if (verdict !== null) assert.match(verdict, / 0 invalid$/);
  const json = JSON.parse(w3c.text);
  assert.equal(json.article.url, ADDRESS);
  const bodies = json.first.items.flatMap((i) => i.body);
  assert.ok(bodies.some((b) => b.purpose === 'identifying' && b.value === 'Vladimir Putin'));
  assert.ok(bodies.some((b) => b.purpose === 'assessing' && b.value === 'Mostly true'));
  assert.ok(bodies.some((b) => b.purpose === 'linking' && b.source === claimId));

  // ClaimReview: what is missing is said; then the fact-check's address and organisation.
  await page.getByTestId('export-claimreview').click();
  await page.getByTestId('claimreview-url').waitFor();
  await page.getByTestId('claimreview-download').click();
  assert.match(await errorText(page), /fact-check's own web address is not set.*organisation is not set/);
  await page.getByTestId('claimreview-url').fill('https://factcheck.example/putin-geneva');
  await page.getByTestId('claimreview-organisation').fill('Example Fact Check');
  const review = await download(page, 'claimreview-download');
  assert.match(review.name, /\.claimreview\.jsonld$/);
  const reviews = JSON.parse(review.text);
  assert.equal(reviews.length, 1);
  assert.equal(reviews[0].claimReviewed, CLAIM);
  assert.equal(reviews[0].reviewRating.alternateName, 'Mostly true');
  assert.equal(reviews[0].itemReviewed.author.name, 'Vladimir Putin');
  assert.equal(reviews[0].itemReviewed.appearance.url, ADDRESS);
  const checked = checkClaimReview(review.path);
  if (checked !== null) assert.match(checked, /^1 valid, 0 problems$/);

  // Deleting the linked claim says which link breaks; undo brings it back.
  await item(page, CLAIM).getByTestId('annotation-delete').click();
  await waitForCount(page, 1);
  assert.match(await page.getByTestId('status').innerText(), /It was answered by “the Russian president.*that link is broken/);
  await page.getByTestId('undo').click();
  await waitForCount(page, 2);
  await item(page, DISPUTE).getByTestId('annotation-link').waitFor();

  // A reload keeps claimant, verdict, link and the article's details (autosave).
  await page.reload();
  await waitForCount(page, 2);
  assert.equal(await item(page, CLAIM).getByTestId('annotation-claimant').inputValue(), 'Vladimir Putin');
  assert.equal(await item(page, CLAIM).getByTestId('annotation-rating').inputValue(), 'Mostly true');
  await item(page, DISPUTE).getByTestId('annotation-link').waitFor();
  assert.equal(await page.getByTestId('doc-url').inputValue(), ADDRESS);

  // Phone width and dark mode: the linked dispute, looked at.
  for (const [name, options] of [['claims-phone', { viewport: { width: 390, height: 844 } }], ['claims-dark', { colorScheme: 'dark', viewport: { width: 1360, height: 900 } }]]) {
    const ctx = await browser.newContext(options);
    const shot = await ctx.newPage();
    await shot.goto(server.url);
    await shot.getByTestId('import-json').setInputFiles({ name: 'w.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(w3c.text) });
    await waitForCount(shot, 2);
    await item(shot, DISPUTE).locator('.quote').click();
    await shot.waitForFunction(() => CSS.highlights.get('cm-linked')?.size === 1);
    if (name === 'claims-phone') await item(shot, DISPUTE).scrollIntoViewIfNeeded();
    await shot.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await ctx.close();
  }

  // An empty browser imports the W3C file and finds claimant, link, verdict and address again.
  const fresh = await openApp(browser, server.url);
  await chooseFile(fresh, 'import-json', w3c.name, w3c.text, 'application/ld+json');
  await waitForCount(fresh, 2);
  assert.equal(await item(fresh, CLAIM).getByTestId('annotation-claimant').inputValue(), 'Vladimir Putin');
  assert.equal(await item(fresh, CLAIM).getByTestId('annotation-rating').inputValue(), 'Mostly true');
  assert.equal(await item(fresh, DISPUTE).getByTestId('annotation-link').getAttribute('data-target'), claimId);
  assert.equal(await fresh.getByTestId('doc-url').inputValue(), ADDRESS);
  const again = await download(fresh, 'export-json');
  assert.equal(again.text, w3c.text, 'export → import → export is byte-identical');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
});

test('an imported link whose other end is missing is reported and left out', async () => {
  const page = await openApp(browser, server.url);
  const text = await articleText(page);
  const cp = (s) => [...text.slice(0, text.indexOf(s))].length;
  const start = cp(DISPUTE);
  const file = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id: 'urn:uuid:11111111-0000-4000-8000-000000000001',
    motivation: 'tagging',
    body: [
      { type: 'TextualBody', purpose: 'tagging', value: 'dispute' },
      { type: 'SpecificResource', purpose: 'linking', source: 'urn:uuid:11111111-0000-4000-8000-000000000099' },
    ],
    target: { source: 'x', selector: [{ type: 'TextQuoteSelector', exact: DISPUTE }, { type: 'TextPositionSelector', start, end: start + [...DISPUTE].length }] },
  };
  await chooseFile(page, 'import-json', 'one.jsonld', JSON.stringify(file), 'application/ld+json');
  await waitForCount(page, 1);
  assert.match(await page.getByTestId('status').innerText(), /1 link to an annotation that is not in this article was left out/);
  assert.equal(await page.getByTestId('annotation-link').count(), 0);
});
