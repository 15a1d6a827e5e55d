// Takes the README's screenshots: `node tests/e2e/screenshots.mjs` (after a build).
// Not a test: it writes docs/*.png for people to look at.
import fs from 'node:fs';
import { serve, launch, openApp, selectText } from './harness.mjs';

const server = await serve();
const browser = await launch();
const shots = [
  { name: 'screenshot', scheme: 'light' },
  { name: 'screenshot-dark', scheme: 'dark' },
];
for (const { name, scheme } of shots) {
  const page = await openApp(browser, server.url, { colorScheme: scheme, viewport: { width: 1360, height: 900 } });
  const picks = [
    ['Putin announced on Wednesday an agreement with his American counterpart on the return of their ambassadors', '1'],
    ['agreed to start consultations on cyber security', '2'],
    ['America is carrying out killings', '3'],
    ['he did not rule out reaching an agreement with Washington on the prisoner exchange', '2'],
    ['implicitly accusing America of carrying out killings in several regions of the world', '3'],
    ['the United States classified Russia as an enemy country', '1'],
  ];
  for (const [phrase, key] of picks) {
    try {
      await selectText(page, phrase);
      await page.getByTestId('tag-statement').waitFor();
      await page.keyboard.press(key);
    } catch (e) { console.error(`skipped ${phrase}: ${e.message}`); }
  }
  // Reading: the articles panel (unfolded on a first visit) folded away.
  if ((await page.getByTestId('articles-toggle').getAttribute('aria-expanded')) === 'true') await page.getByTestId('articles-toggle').click();
  await page.evaluate(() => getSelection().removeAllRanges());
  await selectText(page, 'the US president pledged to extend the START agreement for 3 years');
  await page.getByTestId('tag-statement').waitFor();
  await page.locator('[data-testid="annotation-note"]').nth(1).fill('Check against the White House readout.');
  await page.evaluate(() => window.scrollTo(0, 330));
  await page.waitForTimeout(150);
  await page.screenshot({ path: `docs/${name}.png` });
  await page.context().close();
}

// The classroom: a teacher's exercise, a student's feedback, the class results.
{
  const teacher = await openApp(browser, server.url, { viewport: { width: 1360, height: 900 } });
  const keyClaims = [
    ['Putin announced on Wednesday an agreement with his American counterpart on the return of their ambassadors', '1', 'Reported as fact by the article.'],
    ['agreed to start consultations on cyber security', '2', 'Both sides agreed, per Putin.'],
    ['America is carrying out killings', '3', 'A disputed accusation.'],
    ['the US president pledged to extend the START agreement for 3 years', '1', ''],
  ];
  for (const [phrase, key] of keyClaims) { await selectText(teacher, phrase); await teacher.getByTestId('tag-statement').waitFor(); await teacher.keyboard.press(key); }
  for (let i = 0; i < keyClaims.length; i++) await teacher.getByTestId('annotation-note').nth(i).fill(keyClaims[i][2]);
  await teacher.getByTestId('exercise-create').click();
  await teacher.getByTestId('exercise-title').fill('Geneva summit: who claims what?');
  await teacher.waitForTimeout(100);
  await teacher.screenshot({ path: 'docs/exercise-form.png' });
  const [dl] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('exercise-save').click()]);
  const exercise = fs.readFileSync(await dl.path(), 'utf8');
  const students = [
    ['Ada', [[0, '1'], [1, '2'], [2, '3']]],
    ['Grace', [[0, '1'], [1, '1'], [3, '1']]],
    ['Lin', [[1, '2'], [2, '2']]],
    ['Sam', [[0, '1'], [2, '3'], [3, '1']]],
  ];
  const submissions = [];
  for (const [name, marks] of students) {
    const page = await openApp(browser, server.url, { viewport: { width: 1360, height: 900 } });
    await page.getByTestId('exercise-open').setInputFiles({ name: 'ex.claimmark.json', mimeType: 'application/json', buffer: Buffer.from(exercise) });
    await page.getByTestId('student-panel').waitFor();
    for (const [i, key] of marks) { await selectText(page, keyClaims[i][0]); await page.getByTestId('tag-statement').waitFor(); await page.keyboard.press(key); }
    await page.getByTestId('student-name').fill(name);
    const [sub] = await Promise.all([page.waitForEvent('download'), page.getByTestId('submit').click()]);
    submissions.push({ name: `${name}.json`, mimeType: 'application/json', buffer: fs.readFileSync(await sub.path()) });
    if (name === 'Grace') { await page.evaluate(() => getSelection().removeAllRanges()); await page.waitForTimeout(100); await page.screenshot({ path: 'docs/student.png' }); }
    await page.context().close();
  }
  const t2 = await openApp(browser, server.url, { viewport: { width: 1360, height: 1500 } });
  await t2.getByTestId('compare-key').setInputFiles({ name: 'ex.claimmark.json', mimeType: 'application/json', buffer: Buffer.from(exercise) });
  await t2.getByTestId('class-view').waitFor();
  await t2.getByTestId('compare-submissions').setInputFiles(submissions);
  await t2.waitForFunction(() => document.querySelectorAll('[data-testid="score-row"]').length === 4);
  await t2.getByTestId('score-row').nth(1).click();
  await t2.waitForTimeout(100);
  await t2.screenshot({ path: 'docs/class-results.png', fullPage: true });
}

await browser.close();
await server.close();
console.log('wrote docs/*.png');
