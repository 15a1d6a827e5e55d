// The classroom loop: a teacher makes an exercise with a key, two students submit, the
// teacher compares and sees the expected scores, agreement and heat view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openApp, tagPhrase, download, waitForCount, errorText, items } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function upload(page, testid, files) {
  await page.getByTestId(testid).setInputFiles(files.map(({ name, text }) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) })));
}

async function student(exercise, name, marks, secret) {
  const page = await openApp(browser, server.url);
  await upload(page, 'exercise-open', [exercise]);
  await page.getByTestId('student-panel').waitFor();
  for (const [phrase, key] of marks) await tagPhrase(page, phrase, key);
  // The key's explanations are nowhere on the page before submitting.
  if (secret) assert.ok(!(await page.content()).includes(secret));
  await page.getByTestId('submit').click();
  assert.match(await errorText(page), /Type your name/);
  await page.getByTestId('student-name').fill(name);
  const submission = await download(page, 'submit');
  return { page, submission };
}

test('teacher → two students → teacher compares', async () => {
  // Teacher: three key claims with explanations.
  const teacher = await openApp(browser, server.url);
  await tagPhrase(teacher, 'No invitations to visit', '1');
  await tagPhrase(teacher, 'agreed to start consultations on cyber security', '2');
  await tagPhrase(teacher, 'America is carrying out killings', '3');
  const notes = teacher.getByTestId('annotation-note');
  await notes.nth(0).fill('Reported agreement: both sides said so.');
  await notes.nth(2).fill('A heading quoting Putin; the text disputes it.');
  await teacher.getByTestId('exercise-create').click();
  await teacher.getByTestId('exercise-title').fill('Geneva summit claims');
  const exercise = await download(teacher, 'exercise-save');
  assert.match(exercise.name, /^geneva-summit-claims\.claimmark\.json$/);
  const parsed = JSON.parse(exercise.text);
  assert.equal(parsed.format, 'claimmark-exercise');
  assert.equal(parsed.key.length, 3);

  // The student's view never shows the key before submitting.
  const a = await student({ name: exercise.name, text: exercise.text }, 'Ada', [
    ['No invitations to visit', '1'],                  // exact match
    ['agreed to start consultations', '2'],            // Jaccard 29/47 ≥ 0.5
  ], 'A heading quoting Putin');
  // After submitting, this exercise gives feedback with the teacher's explanations.
  await a.page.getByTestId('feedback').waitFor();
  const feedback = await a.page.getByTestId('feedback').innerText();
  assert.match(feedback, /You found 2 of the 3 claims/);
  assert.match(feedback, /America is carrying out killings/);
  assert.match(feedback, /A heading quoting Putin; the text disputes it\./);

  const b = await student({ name: exercise.name, text: exercise.text }, 'Grace', [
    ['No invitations to visit', '3'],                  // wrong tag
    ['America is carrying out killings', '3'],         // match
    ['He also added that the US president', '1'],      // extra
  ]);

  // Teacher compares.
  const t2 = await openApp(browser, server.url);
  await upload(t2, 'compare-key', [{ name: exercise.name, text: exercise.text }]);
  await t2.getByTestId('class-view').waitFor();
  await upload(t2, 'compare-submissions', [
    { name: a.submission.name, text: a.submission.text },
    { name: b.submission.name, text: b.submission.text },
    { name: 'junk.json', text: '{"not": "a submission"}' },
  ]);
  await t2.waitForFunction(() => document.querySelectorAll('[data-testid="score-row"]').length === 2);
  const rows = await t2.getByTestId('score-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
  const by = Object.fromEntries(rows.map((r) => [r.student, r]));
  assert.deepEqual([by.Ada.precision, by.Ada.recall, by.Ada.f1], ['1.000', '0.667', '0.800']);
  assert.deepEqual([by.Grace.precision, by.Grace.recall, by.Grace.f1], ['0.333', '0.333', '0.333']);
  assert.match(await t2.locator('.notice.warning').innerText(), /junk\.json/);

  const agreement = await t2.getByTestId('agreement').evaluate((e) => ({ ...e.dataset }));
  assert.match(agreement.fleissKappa, /^-?\d\.\d{3}$/);
  assert.match(agreement.krippendorffAlpha, /^-?\d\.\d{3}$/);

  // The heat view: "No invitations to visit" was marked by both, with two tags: contested.
  const heat = t2.getByTestId('heat-view');
  const both = heat.locator('.heat[data-students="2"]');
  assert.equal((await both.first().innerText()).trim(), 'No invitations to visit');
  assert.match(await both.first().getAttribute('class'), /contested/);
  // One click turns a stretch into a key entry.
  const extra = heat.locator('.heat', { hasText: 'He also added that the US president' });
  await extra.click();
  await t2.waitForFunction(() => document.querySelector('[data-testid="class-view"] .muted').textContent.includes('4 claims'));
  const grace = await t2.locator('[data-testid="score-row"][data-student="Grace"]').evaluate((e) => e.dataset.f1);
  assert.equal(grace, '0.571'); // 2 of 3 marks now match, of 4 claims: P 2/3, R 2/4

  const grades = await download(t2, 'export-grades');
  assert.match(grades.text.split(/\r?\n/)[0], /student/);
  assert.deepEqual(t2.errors, []);
});

test('a submission made on another version of the text is re-anchored and flagged', async () => {
  const teacher = await openApp(browser, server.url);
  await tagPhrase(teacher, 'No invitations to visit', '1');
  await teacher.getByTestId('exercise-create').click();
  const exercise = await download(teacher, 'exercise-save');
  const ex = JSON.parse(exercise.text);
  // A student's file for an edited copy: text shifted, fingerprint different.
  const text = ex.document.text;
  const start = [...text.slice(0, text.indexOf('No invitations to visit'))].length + 10;
  const submission = {
    format: 'claimmark-submission', version: 1, exercise: ex.id, fingerprint: 'urn:sha256:' + '0'.repeat(64),
    student: 'Lin', started: '2026-11-28T09:00:00.000Z', submitted: '2026-11-28T09:30:00.000Z',
    annotations: [
      { id: 'm1', tag: 'statement', start, end: start + 23, exact: 'No invitations to visit', note: '' },
      { id: 'm2', tag: 'dispute', start: 5, end: 20, exact: 'not in this text', note: '' },
    ],
  };
  const t2 = await openApp(browser, server.url);
  await upload(t2, 'compare-key', [{ name: exercise.name, text: exercise.text }]);
  await upload(t2, 'compare-submissions', [{ name: 'lin.json', text: JSON.stringify(submission) }]);
  const row = t2.locator('[data-testid="score-row"][data-student="Lin"]');
  await row.waitFor();
  assert.match(await row.innerText(), /re-anchored, 1 not found/);
  assert.equal(await row.evaluate((e) => e.dataset.recall), '1.000');
});

test('an exercise link opens the exercise without its key', async () => {
  const teacher = await openApp(browser, server.url);
  await tagPhrase(teacher, 'No invitations to visit', '1');
  await teacher.getByTestId('exercise-create').click();
  await teacher.getByTestId('exercise-make-link').click();
  const url = await teacher.getByTestId('exercise-link').inputValue();
  assert.match(url, /#exercise=[A-Za-z0-9_-]+$/);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url.replace(/^http:\/\/[^/]+\//, server.url));
  await page.getByTestId('student-panel').waitFor();
  assert.match(await page.getByTestId('student-panel').innerText(), /Exercise:/);
  await page.reload();
  await page.getByTestId('student-panel').waitFor();
  await context.close();
});
