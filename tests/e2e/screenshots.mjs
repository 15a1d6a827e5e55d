// Takes the README's screenshots: `node tests/e2e/screenshots.mjs` (after a build).
// Not a test: it writes docs/*.png for people to look at.
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
  await page.evaluate(() => getSelection().removeAllRanges());
  await selectText(page, 'the US president pledged to extend the START agreement for 3 years');
  await page.getByTestId('tag-statement').waitFor();
  await page.locator('[data-testid="annotation-note"]').nth(1).fill('Check against the White House readout.');
  await page.evaluate(() => window.scrollTo(0, 330));
  await page.waitForTimeout(150);
  await page.screenshot({ path: `docs/${name}.png` });
  await page.context().close();
}
await browser.close();
await server.close();
console.log('wrote docs/screenshot.png, docs/screenshot-dark.png');
