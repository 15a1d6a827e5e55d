// Accessibility: an axe-core audit of every view (0 serious or critical violations), and
// touch selection on a phone-sized screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, tagPhrase, download, ROOT, waitForCount, openArticles } from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A page where the audit script may be injected (the app's CSP forbids inline scripts). */
async function auditablePage(options = {}) {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid="article"] p').first().waitFor();
  return page;
}

async function audit(page, view) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  assert.deepEqual(violations, [], `${view}:\n${violations.join('\n')}`);
}

test('main view, light and dark, with annotations and the tag bar', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await auditablePage({ colorScheme });
    await tagPhrase(page, 'No invitations to visit', '1');
    await tagPhrase(page, 'agreed to start consultations on cyber security', '2');
    await tagPhrase(page, 'America is carrying out killings', '3');
    await page.getByTestId('annotation-item').first().locator('.quote').click();
    await audit(page, `main (${colorScheme})`);
    await page.getByTestId('annotate-mode').click();
    await audit(page, `keyboard mode (${colorScheme})`);
    await page.context().close();
  }
});

test('error, confirm dialog and editor views', async () => {
  const page = await auditablePage();
  await page.getByTestId('import-json').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{oops') });
  await page.getByTestId('error').waitFor();
  await audit(page, 'import error');
  await tagPhrase(page, 'No invitations to visit', '1');
  await openArticles(page);
  await page.getByTestId('load-text').fill('Another article.');
  await page.getByTestId('load-text-submit').click();
  await page.getByTestId('confirm-ok').waitFor();
  await audit(page, 'confirm dialog');
  await page.getByTestId('confirm-cancel').click();
  await page.getByTestId('edit-text').click();
  await audit(page, 'text editor');
});

test('exercise views: form, student with feedback, class results', async () => {
  const teacher = await auditablePage();
  await tagPhrase(teacher, 'No invitations to visit', '1');
  await teacher.getByTestId('exercise-create').click();
  await audit(teacher, 'exercise form');
  const exercise = await download(teacher, 'exercise-save');
  const student = await auditablePage();
  await student.getByTestId('exercise-open').setInputFiles({ name: 'ex.json', mimeType: 'application/json', buffer: Buffer.from(exercise.text) });
  await student.getByTestId('student-panel').waitFor();
  await tagPhrase(student, 'No invitations to visit', '1');
  await student.getByTestId('student-name').fill('Ada');
  const submission = await download(student, 'submit');
  await student.getByTestId('feedback').waitFor();
  await audit(student, 'student with feedback');
  const t2 = await auditablePage({ colorScheme: 'dark' });
  await t2.getByTestId('compare-key').setInputFiles({ name: 'ex.json', mimeType: 'application/json', buffer: Buffer.from(exercise.text) });
  await t2.getByTestId('compare-submissions').setInputFiles({ name: 's.json', mimeType: 'application/json', buffer: Buffer.from(submission.text) });
  await t2.getByTestId('score-row').waitFor();
  await audit(t2, 'class results (dark)');
});

test('touch: a long press selects a word on a phone and the tag bar is within reach', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid="article"] p').first().waitFor();
  const point = await page.evaluate(() => {
    const p = [...document.querySelectorAll('[data-testid="article"] p')].find((p) => p.textContent.startsWith('No invitations'));
    p.scrollIntoView({ block: 'center' });
    const r = document.createRange(); r.setStart(p.firstChild, 3); r.setEnd(p.firstChild, 14);
    const b = r.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: point.x, y: point.y }] });
  await page.waitForFunction(() => getSelection().toString().trim().length > 0, null, { timeout: 5000 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction(() => getSelection().toString().trim().length > 0, null, { timeout: 5000 });
  assert.equal((await page.evaluate(() => getSelection().toString())).trim(), 'invitations');
  const bar = page.locator('.tag-bar');
  await bar.waitFor();
  const box = await bar.boundingBox();
  // Within thumb reach: at the bottom of the screen, wholly visible, targets at least 44 px tall.
  assert.ok(box.y + box.height <= 844 && box.y > 844 / 2, `tag bar at ${JSON.stringify(box)}`);
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `tag bar at ${JSON.stringify(box)}`);
  for (const tag of ['statement', 'agreement', 'dispute']) {
    const button = await page.getByTestId(`tag-${tag}`).boundingBox();
    assert.ok(button.height >= 44 && button.x >= 0 && button.x + button.width <= 390, `${tag} button at ${JSON.stringify(button)}`);
  }
  await page.getByTestId('tag-dispute').tap();
  await waitForCount(page, 1);
  await context.close();
});
