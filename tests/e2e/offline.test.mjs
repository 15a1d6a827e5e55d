// Installable and offline: the service worker (sw.js, written by scripts/write_sw.py) keeps the
// build, and only the build, so the app opens with its work when the server is gone; a new
// build is taken on the next visit, and a page still running the old one says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  serve, launch, openApp, tagPhrase, waitForCount, articleText, items, DIST, ROOT, SAMPLE,
} from './harness.mjs';

// CLAIMMARK_DIST serves another build than dist/ (a build of one's own while others build too).
const DIST_DIR = process.env.CLAIMMARK_DIST ?? DIST;
const NOTICE = 'A new version of Claimmark was installed; it is used from the next time you open the page.';

let browser;
const servers = [];
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); for (const s of servers) await s.close(); });

async function start(dir, options) {
  const server = await serve(dir, options);
  servers.push(server);
  return server;
}

/** The precache list and cache name a build's sw.js holds. */
function worker(dir) {
  const js = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  return { cache: JSON.parse(js.match(/^const CACHE = (".*");$/m)[1]), files: JSON.parse(js.match(/^const FILES = (\[[\s\S]*?\]);$/m)[1]) };
}

/** Waits until a worker controls the page and is activated (its build is cached). */
async function controlled(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller?.state === 'activated';
  });
}

/** Every cache and what it holds, as paths. */
async function cached(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      out[key] = (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort();
    }
    return out;
  });
}

/** The module the page was started from (its build's boot-<hash>.js). */
const bootOf = (page) => page.evaluate(() => document.querySelector('script[type="module"][src]').getAttribute('src'));

test('the build is listed whole in sw.js, and it holds nothing else', () => {
  const { cache, files } = worker(DIST_DIR);
  assert.match(cache, /^claimmark-[0-9a-f]{16}$/);
  const all = (dir, prefix = '') => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
  assert.deepEqual(files, all(DIST_DIR).filter((f) => f !== 'sw.js').sort());
  for (const f of ['index.html', 'manifest.webmanifest', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']) {
    assert.ok(files.includes(f), f);
  }
  assert.ok(files.some((f) => /^boot-[0-9a-f]+\.js$/.test(f)) && files.some((f) => f.endsWith('.wasm')));
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST_DIR, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.name, 'Claimmark');
  assert.equal(manifest.display, 'standalone');
  for (const icon of manifest.icons) assert.ok(files.includes(icon.src), icon.src);
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
});

test('with the server gone, the app opens with its article and annotations; only the build is cached', async () => {
  const server = await start(DIST_DIR);
  const page = await openApp(browser, server.url);
  await controlled(page);
  // Installable: Chromium finds nothing wrong with the manifest, its icons or the worker
  // (a test's browser context is incognito, which alone prevents installing).
  const cdp = await page.context().newCDPSession(page);
  assert.deepEqual((await cdp.send('Page.getAppManifest')).errors, []);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
  await tagPhrase(page, 'No invitations to visit', '1');
  // What is not the build goes to the network and is not kept (here a file of the site, as an
  // article opened by its address would be).
  assert.equal(await page.evaluate(async () => (await fetch('/fixtures/article.htm')).ok), true);
  // Saved (a reload while online shows it), then the server is really gone.
  await page.reload();
  await waitForCount(page, 1);
  await server.stop();
  await assert.rejects(fetch(server.url), 'the server is gone');

  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  await waitForCount(page, 1);
  assert.equal(await articleText(page), SAMPLE);
  assert.equal((await items(page))[0].quote, 'No invitations to visit');
  assert.deepEqual(page.errors, []);

  // One cache, this build's, holding exactly the build's files.
  const { cache, files } = worker(DIST_DIR);
  assert.deepEqual(await cached(page), { [cache]: [...files].sort() });
  assert.equal(await page.evaluate(() => caches.match('/fixtures/article.htm').then((r) => r === undefined)), true);
  assert.equal(await page.getByTestId('update-notice').count(), 0);
  await page.context().close();
});

/** A copy of the build made to look like a new one: its loader renamed and changed, and sw.js
 * written again by the build's own hook script. */
function nextBuild(from, label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cm-${label}-`));
  fs.cpSync(from, dir, { recursive: true });
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const boot = html.match(/src="\/(boot-[0-9a-f]+\.js)"/)[1];
  const renamed = `boot-${label}${boot.slice(5 + label.length)}`;
  fs.writeFileSync(path.join(dir, renamed), fs.readFileSync(path.join(dir, boot), 'utf8') + `// ${label}\n`);
  fs.rmSync(path.join(dir, boot));
  fs.writeFileSync(path.join(dir, 'index.html'), html.replace(boot, renamed));
  execFileSync('python3', [path.join(ROOT, 'scripts/write_sw.py')], { env: { ...process.env, TRUNK_STAGING_DIR: dir } });
  return dir;
}

test('a new build is taken on the next visit; a page still running the old one says so', async () => {
  const first = nextBuild(DIST_DIR, 'aaaa');
  const second = nextBuild(first, 'bbbb');
  const third = nextBuild(second, 'cccc');
  const [w1, w2, w3] = [first, second, third].map(worker);
  assert.equal(new Set([w1.cache, w2.cache, w3.cache]).size, 3, 'each build has its own cache');

  // Opening the page ("/") can be made to fail while the rest of the site answers.
  let refuseOpening = false;
  const server = await start(first, {
    intercept: (req, res) => {
      if (!refuseOpening || req.url !== '/') return false;
      req.socket.destroy();
      return true;
    },
  });
  const page = await openApp(browser, server.url);
  await controlled(page);
  const firstBoot = await bootOf(page);
  assert.deepEqual(Object.keys(await cached(page)), [w1.cache]);

  // The second build is deployed while the network fails to answer the page: the page opens
  // from the cache (the first build), the second build's worker installs, takes over, and the
  // page says that the new version is used from the next visit.
  server.setDir(second);
  refuseOpening = true;
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.equal(await bootOf(page), firstBoot, 'opened from the cache');
  const notice = page.getByTestId('update-notice');
  await notice.filter({ hasText: NOTICE }).waitFor();
  assert.equal(await notice.getAttribute('role'), 'status');
  assert.deepEqual(Object.keys(await cached(page)), [w2.cache], 'the old build\'s cache is gone');
  await page.getByTestId('update-notice-close').click();
  assert.equal(await notice.count(), 0);

  // The next visit runs the second build, with no notice.
  refuseOpening = false;
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  assert.notEqual(await bootOf(page), firstBoot);
  await controlled(page);
  assert.deepEqual(Object.keys(await cached(page)), [w2.cache]);
  await page.waitForTimeout(500);
  assert.equal(await notice.count(), 0);

  // A page opened online already runs the newest build: its worker installs, and no notice.
  server.setDir(third);
  await page.reload();
  await page.locator('[data-testid="article"] p').first().waitFor();
  const thirdBoot = await bootOf(page);
  assert.ok(thirdBoot.includes('boot-cccc'), thirdBoot);
  await page.waitForFunction(async (cache) => (await caches.keys()).join() === cache, w3.cache);
  await controlled(page);
  await page.waitForTimeout(500);
  assert.equal(await notice.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  for (const dir of [first, second, third]) fs.rmSync(dir, { recursive: true, force: true });
});
