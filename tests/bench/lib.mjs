// The benchmark's machinery: a static server for Claimmark's release bundle and the peer pages,
// a headless Chromium, the contenders, and the scenarios (each returns plain numbers).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH = path.join(ROOT, 'tests/bench');
export const OUT = path.join(ROOT, 'target/bench');
const RECOGITO = path.join(ROOT, 'node_modules/@recogito/text-annotator/dist');
const INSTRUMENT = fs.readFileSync(path.join(BENCH, 'instrument.js'), 'utf8');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json',
};

/** Serves `dist` at /, the peer pages at /bench/, Recogito's dist at /vendor/recogito/; nothing else. */
export async function serve(dist) {
  const roots = [['/bench/', path.join(BENCH, 'pages')], ['/vendor/recogito/', RECOGITO], ['/', dist]];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const [prefix, dir] = roots.find(([p]) => url.pathname.startsWith(p));
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    if (prefix === '/' && (url.pathname === '/' || !fs.existsSync(file))) file = path.join(dir, 'index.html');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
  });
}

export const CONTENDERS = [
  { name: 'ours', label: 'Claimmark', path: '/', tagBy: 'key', edits: true },
  { name: 'recogito', label: 'Recogito default (spans)', path: '/bench/recogito.html?renderer=SPANS', tagBy: 'pointer', edits: false },
  { name: 'recogitoCss', label: 'Recogito CSS highlights', path: '/bench/recogito.html?renderer=CSS_HIGHLIGHTS', tagBy: 'pointer', edits: false },
  { name: 'floor', label: 'floor (raw CSS.highlights)', path: '/bench/floor.html', tagBy: 'key', edits: true },
];

/** A fresh context and page with the instrumentation; requests leaving 127.0.0.1 are refused and counted. */
export async function open(browser, base, contender) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: INSTRUMENT });
  const page = await context.newPage();
  page.errors = [];
  page.external = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
    page.external.push(u);
    return route.abort();
  });
  await page.goto(base + contender.path);
  if (contender.name === 'ours') await page.locator('[data-testid="article"] p').first().waitFor();
  else await page.waitForSelector('body[data-ready="1"]');
  page.cdp = await context.newCDPSession(page);
  await page.cdp.send('Performance.enable');
  return page;
}

/** Waits until the page is idle: two frames, then an idle period, then a quiet moment. */
export async function idle(page, ms = 150) {
  await page.evaluate((ms) => new Promise((resolve) => {
    __bench.raf(() => __bench.raf(() => requestIdleCallback(() => setTimeout(resolve, ms), { timeout: 5000 })));
  }), ms);
}

/** Arms a measurement, runs `action`, waits for the paint and the frame after it. */
export async function measure(page, label, action, { accept = null, timeout = 180_000 } = {}) {
  await page.evaluate(([label, accept]) => __bench.arm(label, accept ? new Function('source', accept) : null), [label, accept]);
  await action();
  await page.waitForFunction(() => __bench.result() !== null, null, { timeout, polling: 20 });
  return page.evaluate(() => __bench.result());
}

/** Arms, runs `action`, waits for the mark `claimmark:<end>` (for steps without a paint, like export). */
export async function measureMarks(page, label, action, end, { timeout = 180_000 } = {}) {
  await page.evaluate((label) => __bench.arm(label, null), label);
  await action();
  await page.waitForFunction((end) => performance.getEntriesByName(`claimmark:${end}`)
    .some((m) => m.startTime >= __bench.armed.at), end, { timeout, polling: 20 });
  return page.evaluate(() => {
    const B = __bench;
    const start = B.input ? B.input.ts : B.armed.at;
    const marks = performance.getEntriesByType('mark').filter((m) => m.startTime >= B.armed.at - 1 && m.name.startsWith('claimmark:'))
      .map((m) => [m.name.slice(10), m.startTime]);
    const last = marks[marks.length - 1][1];
    const tasks = B.longtasks.filter(([s]) => s >= start - 2 && s <= last + 1);
    return { label: B.armed.label, input: B.input, start, marks, longestTask: tasks.reduce((m, [, d]) => Math.max(m, d), 0) };
  });
}

export const mark = (r, name) => { const m = r.marks.find(([n]) => n === name); return m ? m[1] : null; };

/** Claimmark's dom::paint (paint-start → paint-end, the last pair before the paint end seen). */
export function paintMs(r) {
  const ends = r.marks.filter(([n, t]) => n === 'paint-end' && t <= r.paintEnd + 0.01);
  const starts = r.marks.filter(([n]) => n === 'paint-start');
  if (!ends.length || !starts.length) return null;
  const end = ends[ends.length - 1][1];
  const start = starts.filter(([, t]) => t <= end).pop();
  return start ? end - start[1] : null;
}

/** JS heap (after a collection), DOM nodes, layout objects and wasm memory. */
export async function memory(page) {
  await page.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await page.cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
  const wasm = await page.evaluate(() => __bench.wasmBytes());
  const renderer = await rendererMemory(page.context().browser());
  return { jsHeapUsed: m.JSHeapUsedSize, jsHeapTotal: m.JSHeapTotalSize, nodes: m.Nodes, layoutObjects: m.LayoutObjects, wasm, ...renderer };
}

/**
 * The page's renderer process as Chromium's own memory dump sees it (the `memory-infra` trace
 * category, as chrome://tracing records it): its private footprint, the figure Chrome's task
 * manager shows (JS heap, wasm memory, DOM, style, layout, malloc), and the main allocators.
 * One page is open at a time, so the renderer is the one that has run the most.
 */
async function rendererMemory(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } },
      transferMode: 'ReportEvents',
    });
    await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
    await cdp.send('Tracing.end');
    await done;
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const renderer = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => b.cpuTime - a.cpuTime)[0];
    // The dump comes in several events: the process's totals in one, its allocators in others.
    const dumps = events.filter((e) => e.ph === 'v' && e.pid === renderer?.id).map((e) => e.args?.dumps ?? {});
    const totals = dumps.find((d) => d.process_totals)?.process_totals;
    if (!totals) return {};
    const bytes = (hex) => (hex ? parseInt(hex, 16) : null);
    const size = (name) => bytes(dumps.find((d) => d.allocators?.[name])?.allocators[name].attrs?.size?.value);
    return {
      footprint: bytes(totals.private_footprint_bytes),
      allocators: { blinkGc: size('blink_gc'), malloc: size('malloc'), v8: size('v8'), partitionAlloc: size('partition_alloc') },
    };
  } finally {
    await cdp.detach();
  }
}

/** Puts a (long) text in a textarea, as a paste would; Playwright's fill types it, far too slowly for 1 MB. */
export async function setValue(page, testid, text) {
  await page.getByTestId(testid).evaluate((el, text) => {
    el.focus();
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    el.blur();
  }, text);
}

// ---- Scenarios ---------------------------------------------------------------------------

/** 1. Paste the article and load it: to render-end, and to the frame after the article is painted. */
export async function loadArticle(page, text) {
  await setValue(page, 'load-text', text);
  await idle(page);
  const r = await measure(page, 'load', () => page.getByTestId('load-text-submit').click());
  const renderEnd = mark(r, 'render-end');
  const blocks = await page.evaluate(() => document.querySelector('[data-testid="article"]').children.length);
  return {
    toRenderEnd: renderEnd === null ? null : renderEnd - r.start,
    render: renderEnd === null ? null : renderEnd - mark(r, 'render-start'),
    toPaintEnd: r.paintEnd - r.start,
    toFrame: r.frameDone - r.start,
    longestTask: r.longestTask,
    blocks,
  };
}

/** 2. Import the annotations (a file on the import input): to the paint, the frame, the longest task. */
export async function importAnnotations(page, contender, file, expected) {
  await idle(page, 300);
  const accept = contender.name.startsWith('recogito') ? 'return window.benchDrawn().length > 0' : null;
  const r = await measure(page, 'import', () => page.getByTestId('import-json').setInputFiles(file), { accept });
  const importStart = mark(r, 'import-start');
  let count;
  if (contender.name === 'ours') {
    // The list may show only some of the items (windowing): its label says "N of M annotations".
    const total = (n) => {
      const label = document.querySelector('[data-testid="annotation-list"]')?.getAttribute('aria-label') || '';
      const m = label.match(/of (\d+) annotations/);
      return (m ? +m[1] : document.querySelectorAll('[data-testid="annotation-item"]').length) === n;
    };
    await page.waitForFunction(total, expected, { timeout: 120_000 });
    count = await page.evaluate(() => ({
      list: document.querySelector('[data-testid="annotation-list"]').getAttribute('aria-label'),
      itemsInDom: document.querySelectorAll('[data-testid="annotation-item"]').length,
      notices: Array.from(document.querySelectorAll('[role="alert"], [role="status"]'), (e) => e.textContent.trim()).filter(Boolean),
    }));
  } else if (contender.name === 'floor') {
    count = await page.evaluate(() => ({ anchored: window.benchState.anns.length }));
  } else {
    count = await page.evaluate(() => ({ anchored: window.benchAnno.state.store.all().length, drawn: window.benchDrawn().length }));
  }
  return {
    paintMs: paintMs(r),
    toImportStart: importStart === null ? null : importStart - r.start,
    toPaintEnd: r.paintEnd - r.start,
    importToPaintEnd: importStart === null ? null : r.paintEnd - importStart,
    toFrame: r.frameDone - r.start,
    longestTask: r.longestTask,
    paintSource: r.paintSource,
    count,
  };
}

/** Rectangles for a drag over the first words (40–90 characters) of block `i` of the article. */
async function dragBox(page, i) {
  return page.evaluate((i) => {
    const blocks = document.querySelector('[data-testid="article"]').children;
    let el = blocks[i];
    while (el && el.textContent.length < 140) el = el.nextElementSibling;
    el.scrollIntoView({ block: 'center' });
    const node = el.firstChild;
    const text = node.data;
    let end = text.indexOf(' ', 60);
    if (end < 0 || end > 100) end = 60;
    // Not in the middle of a surrogate pair.
    if (/[\ud800-\udbff]/.test(text[end - 1])) end++;
    const r = document.createRange();
    r.setStart(node, 0); r.setEnd(node, 1);
    const first = r.getClientRects()[0];
    r.setStart(node, end - 1); r.setEnd(node, end);
    const rects = r.getClientRects();
    const last = rects[rects.length - 1];
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2, text: text.slice(0, end) };
  }, i);
}

/** A key nobody handles (F2): its two-frame latency (two requestAnimationFrames) and frame-after latency. */
async function baseline(page) {
  await page.evaluate(() => {
    window.__baseline = null;
    addEventListener('keydown', (e) => {
      const ts = e.timeStamp;
      const out = {};
      const done = () => { if (out.twoFrames !== undefined && out.frame !== undefined) window.__baseline = out; };
      __bench.raf(() => __bench.raf(() => { out.twoFrames = performance.now() - ts; done(); }));
      __bench.frameAfter().then((t) => { out.frame = t - ts; done(); });
    }, { once: true, capture: true });
  });
  await page.keyboard.press('F2');
  await page.waitForFunction(() => window.__baseline, null, { polling: 20 });
  return page.evaluate(() => window.__baseline);
}

async function drag(page, box, release = true) {
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.waitForTimeout(350); // a person holds the button a moment; Recogito treats < 300 ms as a click
  if (release) await page.mouse.up();
}

/**
 * 3. With the annotations present: a mouse selection, then the tag key (Recogito: the mouse up,
 * which is when it makes the annotation). The baseline is a key nobody handles pressed in the
 * same state (right after a mouse selection, for the contenders tagging by key; before it for
 * Recogito, where a selection is already an annotation).
 */
export async function tagSelection(page, contender, sample, nBlocks) {
  const i = Math.floor(nBlocks * (0.2 + 0.3 * sample)) % nBlocks;
  const box = await dragBox(page, i);
  await idle(page, 300);
  let r, base;
  if (contender.tagBy === 'key') {
    await drag(page, box);
    await idle(page, 300);
    base = await baseline(page);
    await page.mouse.click(box.x1, box.y1 - 400 > 60 ? box.y1 - 400 : box.y2 + 200); // clear the selection
    await idle(page, 300);
    await drag(page, box);
    if (contender.name === 'ours') await page.getByTestId('tag-statement').waitFor();
    await idle(page);
    const key = String(1 + (sample % 3));
    r = await measure(page, 'tag', () => page.keyboard.press(key));
  } else {
    base = await baseline(page);
    await idle(page, 300);
    await drag(page, box, false);
    r = await measure(page, 'tag', () => page.mouse.up(),
      { accept: 'return window.benchDrawn().some((id) => !window.benchImported.has(id))' });
  }
  return {
    paintMs: paintMs(r),
    handling: r.paintEnd - r.start,
    toFrame: r.frameDone - r.start,
    baselineTwoFrames: base.twoFrames,
    baselineFrame: base.frame,
    longestTask: r.longestTask,
    input: r.input && r.input.type,
    text: box.text.length,
  };
}

/** 4. Scroll the article from top to bottom, one screen a frame: frame intervals. */
export async function scroll(page) {
  await idle(page, 300);
  const r = await page.evaluate(() => __bench.scrollRun(document.scrollingElement.clientHeight));
  const g = r.gaps.slice().sort((a, b) => a - b);
  const q = (p) => g[Math.min(g.length - 1, Math.floor(p * g.length))];
  return { p50: q(0.5), p95: q(0.95), max: g[g.length - 1], frames: r.frames, over33: g.filter((x) => x > 33.4).length, height: r.height };
}

/** 5. Export to W3C JSON-LD, the download included: export-start → export-end. */
export async function exportJson(page) {
  await idle(page, 300);
  const [dl, r] = await Promise.all([
    page.waitForEvent('download'),
    measureMarks(page, 'export', () => page.getByTestId('export-json').click(), 'export-end'),
  ]);
  const file = await dl.path();
  const text = fs.readFileSync(file, 'utf8');
  return {
    exportMs: mark(r, 'export-end') - mark(r, 'export-start'),
    clickToEnd: mark(r, 'export-end') - r.start,
    longestTask: r.longestTask,
    bytes: Buffer.byteLength(text),
    text,
  };
}

/** 6. Edit the text and save: every annotation re-anchored, then painted. */
export async function reanchor(page, contender, editedText) {
  await idle(page, 300);
  await page.getByTestId('edit-text').click();
  await page.getByTestId('edit-text-area').waitFor();
  await setValue(page, 'edit-text-area', editedText);
  await idle(page, 300);
  const r = await measure(page, 'reanchor', () => page.getByTestId('edit-text-save').click());
  const s = mark(r, 'reanchor-start'), e = mark(r, 'reanchor-end');
  // Where every annotation went, from an export (orphans are left out of it).
  await idle(page, 300);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const items = JSON.parse(fs.readFileSync(await dl.path(), 'utf8')).first.items;
  const placed = items.map((it) => {
    const p = it.target.selector.find((x) => x.type === 'TextPositionSelector');
    return [it.id, p.start, p.end, 'placed'];
  });
  const notices = await page.evaluate(() => Array.from(document.querySelectorAll('[role="alert"], [role="status"]'), (e) => e.textContent.trim()).filter(Boolean));
  return {
    paintMs: paintMs(r),
    reanchorMs: s === null || e === null ? null : e - s,
    toPaintEnd: r.paintEnd - r.start,
    toFrame: r.frameDone - r.start,
    longestTask: r.longestTask,
    placed,
    notices,
  };
}

/** How re-anchoring did against the truth (tolerance 3 code points at each end, as crates/synth). */
export function tally(annotations, truth, placed) {
  const byId = new Map(placed.map(([id, s, e, st]) => [id, { s, e, st }]));
  const t = { correct: 0, wrong: 0, orphanedRightly: 0, missed: 0, recoverable: 0 };
  annotations.forEach((a, i) => {
    const p = byId.get(a.id);
    const tr = truth[i];
    if (tr) t.recoverable++;
    const orphan = !p || p.st === 'orphaned';
    if (tr && orphan) t.missed++;
    else if (!tr && orphan) t.orphanedRightly++;
    else if (tr && Math.abs(tr[0] - p.s) <= 3 && Math.abs(tr[1] - p.e) <= 3) t.correct++;
    else t.wrong++;
  });
  return t;
}
