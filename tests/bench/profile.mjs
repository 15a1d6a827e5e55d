// Where Claimmark's time goes in scenarios 2 (import 5,000) and 3 (tag a selection with 5,000
// present): a CDP CPU profile (Profiler) and a trace (Tracing) of each, on a release bundle whose
// wasm keeps its function names (scripts/bench.sh --profile makes it: the same optimised wasm,
// wasm-opt -Oz -g). Writes target/bench/profile-*.cpuprofile and trace-*.json, and prints the
// functions with the most self and total time, and the main thread's time by trace event.
//   node tests/bench/profile.mjs [--dist DIR]     (default target/bench/dist-prof)
import fs from 'node:fs';
import path from 'node:path';
import { fixture } from './fixture.mjs';
import * as L from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const DIST = path.resolve(opt('dist', path.join(L.OUT, 'dist-prof')));
const WHO = opt('contender', 'ours'); // `floor` gives the same breakdown for the floor page, for comparison
const log = (...xs) => console.error('[profile]', ...xs);

fs.mkdirSync(L.OUT, { recursive: true });
const fx = fixture();
const jsonFile = path.join(L.OUT, 'bench.annotations.jsonld');
fs.writeFileSync(jsonFile, fx.json);
const server = await L.serve(DIST);
const browser = await L.launch();
const contender = L.CONTENDERS.find((c) => c.name === WHO);
const page = await L.open(browser, server.url, contender);
const cdp = page.cdp;
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 250 });

const report = [];
async function profiled(name, action) {
  await L.idle(page, 300);
  await browser.startTracing(page, {
    path: path.join(L.OUT, `trace-${WHO}-${name}.json`),
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
  });
  await cdp.send('Profiler.start');
  const r = await action();
  const { profile } = await cdp.send('Profiler.stop');
  await browser.stopTracing();
  fs.writeFileSync(path.join(L.OUT, `profile-${WHO}-${name}.cpuprofile`), JSON.stringify(profile));
  report.push(`## ${WHO} ${name}: ${JSON.stringify(r)}`, '', summarizeProfile(profile, r.window), '', summarizeTrace(path.join(L.OUT, `trace-${WHO}-${name}.json`), r.window), '');
}

await L.setValue(page, 'load-text', fx.text);
await profiled('load', async () => {
  const r = await L.measure(page, 'load', () => page.getByTestId('load-text-submit').click());
  const at = (n) => (r.marks.find(([m]) => m === n) || [])[1];
  return { toRenderEnd: Math.round(at('render-end') - r.start), toFrame: Math.round(r.frameDone - r.start), window: [r.start, r.frameDone] };
});
await profiled('import', async () => {
  const r = await L.measure(page, 'import', () => page.getByTestId('import-json').setInputFiles(jsonFile));
  return { toFrame: Math.round(r.frameDone - r.start), window: [r.start, r.frameDone] };
});

// Select with the mouse first (its own profile: what a selection costs), then the tag key.
const box = await page.evaluate(() => {
  const el = document.querySelector('[data-testid="article"]').children[1500];
  el.scrollIntoView({ block: 'center' });
  const node = el.firstChild, r = document.createRange();
  r.setStart(node, 0); r.setEnd(node, 1);
  const a = r.getClientRects()[0];
  r.setStart(node, 59); r.setEnd(node, 60);
  const b = r.getClientRects()[0];
  return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
});
await profiled('select', async () => {
  await page.evaluate(() => __bench.arm('select', null));
  await page.mouse.move(box.x1, box.y1);
  const t0 = await page.evaluate(() => performance.now());
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
  // Wait in the page (Playwright's own polling would query the 134k-node DOM inside the profile).
  await page.evaluate(() => new Promise((resolve) => {
    const check = () => (document.querySelector('[data-testid="tag-statement"]') || !document.querySelector('.workspace') ? resolve() : setTimeout(check, 50));
    setTimeout(check, 100);
  }));
  await L.idle(page, 100);
  const t1 = await page.evaluate(() => performance.now());
  return { window: [t0, t1] };
});
await profiled('tag', async () => {
  const r = await L.measure(page, 'tag', () => page.keyboard.press('1'));
  return { handling: Math.round(r.paintEnd - r.start), toFrame: Math.round(r.frameDone - r.start), window: [r.start, r.frameDone] };
});
await profiled('export', async () => {
  const [, r] = await Promise.all([page.waitForEvent('download'),
    L.measureMarks(page, 'export', () => page.getByTestId('export-json').click(), 'export-end')]);
  const at = (n) => (r.marks.find(([m]) => m === n) || [])[1];
  return { clickToExportStart: Math.round(at('export-start') - r.start), exportMs: Math.round(at('export-end') - at('export-start')), window: [r.start, at('export-end')] };
});
await profiled('scroll', async () => {
  const r = await page.evaluate(() => __bench.scrollRun(document.scrollingElement.clientHeight, 150));
  const g = r.gaps.slice().sort((a, b) => a - b);
  return { frames: r.frames, p95: g[Math.floor(0.95 * g.length)], window: [0, 0] };
});
// Experiments that name causes. (1) What a tag changes in the DOM (a MutationObserver counts
// nodes added and removed). (2) What removing 1,000 unrelated elements costs with the page's
// highlights painted: the highlights' live Ranges make every DOM removal pay for each range.
// On the floor page the same highlights are then rebuilt from StaticRanges and timed again.
const churn = () => page.evaluate(() => {
  const box = document.createElement('div');
  document.body.appendChild(box);
  for (let i = 0; i < 1000; i++) { const li = document.createElement('li'); li.textContent = 'x'; box.appendChild(li); }
  const t0 = performance.now();
  while (box.firstChild) box.removeChild(box.firstChild);
  const ms = performance.now() - t0;
  box.remove();
  return ms;
});
const rows = [];
if (WHO === 'ours') {
  await page.evaluate(() => {
    window.__mut = { added: 0, removed: 0, removeCalls: 0 };
    const count = (nodes) => Array.from(nodes).reduce((n, x) => n + 1 + (x.getElementsByTagName ? x.getElementsByTagName('*').length : 0), 0);
    new MutationObserver((ms) => { for (const m of ms) { __mut.added += count(m.addedNodes); __mut.removed += count(m.removedNodes); __mut.removeCalls += m.removedNodes.length; } })
      .observe(document.body, { childList: true, subtree: true });
  });
  const t = await L.tagSelection(page, contender, 0, fx.stats.paragraphs);
  const mut = await page.evaluate(() => window.__mut);
  rows.push(`| a tag at another place in the article: key → frame | ${t.toFrame.toFixed(0)} ms; nodes added ${mut.added}, removed ${mut.removed} in ${mut.removeCalls} removals (the drag and the key together) |`);
  rows.push(`| 1,000 removeChild with Claimmark's highlights painted | ${(await churn()).toFixed(1)} ms |`);
} else if (WHO === 'floor') {
  rows.push(`| 1,000 removeChild, 5,000 highlights of live Ranges | ${(await churn()).toFixed(1)} ms |`);
  await page.evaluate(() => {
    for (const [name, h] of CSS.highlights) {
      const s = new Highlight(...Array.from(h, (r) => new StaticRange(r)));
      s.priority = h.priority;
      CSS.highlights.set(name, s);
    }
  });
  await page.cdp.send('HeapProfiler.collectGarbage');
  rows.push(`| 1,000 removeChild, the same highlights as StaticRanges | ${(await churn()).toFixed(1)} ms |`);
}
report.push('## experiments', '', '| experiment | result |', '|---|---|', ...rows, '');
await browser.close();
await server.close();
const text = report.join('\n');
fs.writeFileSync(path.join(L.OUT, `profile-${WHO}.md`), text);
console.log(text);

// ---- Summaries --------------------------------------------------------------------------
function shortName(cf) {
  let n = cf.functionName || '(anonymous)';
  n = n.replace(/::h[0-9a-f]{16}$/, '').replace(/^\$/, '');
  const where = /\.wasm$|^wasm:/.test(cf.url) ? 'wasm' : cf.url ? path.basename(cf.url.split('?')[0]) : '';
  return where ? `${n} [${where}]` : n;
}

/** Self and total time per function, from the samples inside `window` (page ms). */
function summarizeProfile(profile, window) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map(), total = new Map();
  let t = profile.startTime, inWindow = 0;
  const [w0, w1] = window.map((x) => x * 1000); // µs, same clock as performance.now() in Chromium's profiles? (checked below)
  const useWindow = false; // the profile spans just the action; idle time shows as (idle)
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] || 0) / 1000;
    t += profile.timeDeltas[i] || 0;
    if (useWindow && (t < w0 || t > w1)) return;
    inWindow += dt;
    const node = byId.get(id);
    const s = shortName(node.callFrame);
    self.set(s, (self.get(s) || 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = shortName(byId.get(cur).callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) || 0) + dt);
    }
  });
  const top = (m, k, filter = () => true) => [...m].filter(([n]) => filter(n)).sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([n, v]) => `| ${v.toFixed(1)} | ${(100 * v / inWindow).toFixed(1)}% | \`${n.replace(/\|/g, '\\|')}\` |`).join('\n');
  // For the wasm functions with the most self time, where they are called from (the nearest
  // callers that are not iterator adapters, allocator or glue), so generic names can be placed.
  const generic = /^(<core::iter|core::iter|<alloc::|alloc::|<dlmalloc|__rustc|core::ptr::drop_in_place|<core::|core::|hashbrown|indexmap|memcpy|memmove|memset)/;
  const callers = new Map();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] || 0) / 1000;
    const leaf = shortName(byId.get(id).callFrame);
    if (!leaf.endsWith('[wasm]')) return;
    const chain = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < 3; cur = parent.get(cur)) {
      const n = shortName(byId.get(cur).callFrame);
      if (!n.endsWith('[wasm]')) break;
      if (!generic.test(n)) chain.push(n.replace(/ \[wasm\]$/, ''));
    }
    const key = `${leaf.replace(/ \[wasm\]$/, '')}  ←  ${chain.join('  ←  ') || '(js)'}`;
    callers.set(key, (callers.get(key) || 0) + dt);
  });
  const callerRows = [...callers].sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([n, v]) => `| ${v.toFixed(1)} | \`${n.replace(/\|/g, '\\|')}\` |`).join('\n');
  const busy = [...self].filter(([n]) => !/^\((idle|program)\)/.test(n)).reduce((a, [, v]) => a + v, 0);
  return [`CPU profile: ${inWindow.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy in JS/wasm/GC (the rest is (idle) and (program): the browser's own work, layout and paint).`, '',
    '| self ms | share | function (self time) |', '|--:|--:|---|', top(self, 25), '',
    '| total ms | share | function (total time, wasm only) |', '|--:|--:|---|', top(total, 40, (n) => n.endsWith('[wasm]')), '',
    '| self ms | wasm leaf  ←  nearest named callers |', '|--:|---|', callerRows, ''].join('\n');
}

/** Main-thread time by trace event name (top-level and nested), inside the action's window. */
function summarizeTrace(file, window) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ev = data.traceEvents || data;
  const names = new Map();
  for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = new Set([...names].filter(([, v]) => v === 'CrRendererMain').map(([k]) => k));
  const agg = new Map();
  for (const e of ev) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    agg.set(e.name, (agg.get(e.name) || 0) + (e.dur || 0) / 1000);
  }
  const rows = [...agg].sort((a, b) => b[1] - a[1]).filter(([n]) => !/^(ThreadControllerImpl|RunTask|RunNormalPriorityTask|ThreadPool|SimpleWatcher|Scheduler)/.test(n)).slice(0, 18)
    .map(([n, v]) => `| ${v.toFixed(1)} | ${n} |`).join('\n');
  return ['Trace, renderer main thread (events nest: FunctionCall contains the wasm; Layout, UpdateLayoutTree (style), Paint, PrePaint are the browser\'s own):', '',
    '| ms | event |', '|--:|---|', rows].join('\n');
}
