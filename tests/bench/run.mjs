// Performance at scale: a ~1 MB article with 5,000 highlights, in headless Chromium, for
// Claimmark, @recogito/text-annotator (default renderer and CSS-highlight renderer) and a raw
// CSS.highlights floor. Not part of the test suite: run `bash scripts/bench.sh` (which builds
// the release bundle when needed), or `node tests/bench/run.mjs [options]`:
//   --runs N         runs of Claimmark and the floor (default 5); the figures are medians
//   --peer-runs N    runs of each Recogito renderer (default 3: its import alone takes 10–20 s)
//   --scroll-runs N  runs that include the scrolling scenario (default 3; 0 skips it)
//   --tags N         tag samples per run (default 3)
//   --only a,b       contenders: ours, recogito, recogitoCss, floor
//   --dist DIR       Claimmark's bundle (default dist/, or $BENCH_DIST)
//   --report         only print the tables again from target/bench/results.json
// Writes target/bench/results.json and target/bench/results.md, and prints the tables.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fixture } from './fixture.mjs';
import * as L from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = +opt('runs', 5);
const TAGS = +opt('tags', 3);
const ONLY = opt('only', L.CONTENDERS.map((c) => c.name).join(',')).split(',');
const DIST = path.resolve(opt('dist', process.env.BENCH_DIST || path.join(L.ROOT, 'dist')));
const PEER_RUNS = +opt('peer-runs', Math.min(3, RUNS));
const SCROLL_RUNS = args.includes('--no-scroll') ? 0 : +opt('scroll-runs', 3);

const log = (...xs) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...xs);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

fs.mkdirSync(L.OUT, { recursive: true });
if (args.includes('--report')) {
  const saved = JSON.parse(fs.readFileSync(path.join(L.OUT, 'results.json'), 'utf8'));
  const md = tables(saved.meta, saved.results, saved.bundle, saved.problems);
  fs.writeFileSync(path.join(L.OUT, 'results.md'), md);
  console.log(md);
  process.exit(0);
}
const t0 = Date.now();
const fx = fixture();
log(`fixture: ${fx.stats.paragraphs} paragraphs, ${fx.stats.bytes} bytes, ${fx.stats.annotations} annotations, `
  + `JSON ${fx.stats.jsonBytes} bytes (text sha256 ${fx.stats.textSha256.slice(0, 12)}…, json ${fx.stats.jsonSha256.slice(0, 12)}…)`);
// The import files, chosen on the page's file input by path (as a person would).
const jsonFile = path.join(L.OUT, 'bench.annotations.jsonld');
const recogitoFile = path.join(L.OUT, 'bench.recogito.annotations.json');
fs.writeFileSync(jsonFile, fx.json);
fs.writeFileSync(recogitoFile, fx.recogito);
fs.writeFileSync(path.join(L.OUT, 'bench.article.txt'), fx.text);

const server = await L.serve(DIST);
const browser = await L.launch();
const results = {};
const problems = [];

for (const c of L.CONTENDERS.filter((c) => ONLY.includes(c.name))) {
  const runs = [];
  const n = c.name.startsWith('recogito') ? PEER_RUNS : RUNS;
  for (let run = 0; run < n; run++) {
    const page = await L.open(browser, server.url, c);
    const r = { tag: [] };
    try {
      r.load = await L.loadArticle(page, fx.text);
      r.import = await L.importAnnotations(page, c, c.name.startsWith('recogito') ? recogitoFile : jsonFile, fx.annotations.length);
      r.memory = await L.memory(page);
      for (let s = 0; s < TAGS; s++) r.tag.push(await L.tagSelection(page, c, s, fx.stats.paragraphs));
      if (run < SCROLL_RUNS) r.scroll = await L.scroll(page);
      const ex = await L.exportJson(page);
      r.export = { exportMs: ex.exportMs, clickToEnd: ex.clickToEnd, longestTask: ex.longestTask, bytes: ex.bytes };
      if (run === 0) r.exportCheck = checkExport(c, ex.text);
      if (c.name.startsWith('recogito') && run === 0) {
        r.exportWithContext = await page.evaluate(() => window.benchExportWithContext(40));
      }
      if (c.edits) {
        const re = await L.reanchor(page, c, fx.edited.text);
        r.reanchor = { paintMs: re.paintMs, reanchorMs: re.reanchorMs, toPaintEnd: re.toPaintEnd, toFrame: re.toFrame, longestTask: re.longestTask,
          tally: L.tally(fx.annotations, fx.edited.truth, re.placed),
          status: run === 0 ? re.notices.find((n) => /^Text saved/i.test(n)) : undefined };
      }
    } catch (e) {
      problems.push(`${c.name} run ${run + 1}: ${e.message.split('\n')[0]}`);
      log(`  ${c.name} run ${run + 1} failed: ${e.message.split('\n')[0]}`);
    }
    if (page.errors.length) problems.push(`${c.name} run ${run + 1}: page errors: ${page.errors.slice(0, 3).join(' | ')}`);
    if (page.external.length) problems.push(`${c.name}: requests outside the bench server refused: ${page.external.slice(0, 3).join(', ')}`);
    await page.context().close();
    runs.push(r);
    log(`${c.name} run ${run + 1}/${n}: load ${fmt(r.load?.toFrame)} ms, import ${fmt(r.import?.toFrame)} ms, `
      + `tag ${r.tag.map((t) => fmt(t.toFrame)).join('/')} ms, scroll p95 ${fmt(r.scroll?.p95)} ms, export ${fmt(r.export?.exportMs)} ms`
      + (r.reanchor ? `, reanchor ${fmt(r.reanchor.reanchorMs)} ms → frame ${fmt(r.reanchor.toFrame)} ms` : ''));
  }
  results[c.name] = summarize(runs);
  results[c.name].runs = runs;
}
await browser.close();
await server.close();

function mb(x) { return x == null ? null : x / 1e6; }
function fmt(x) { return x == null ? '–' : x >= 100 ? Math.round(x).toString() : x.toFixed(1); }

function summarize(runs) {
  const pick = (f) => median(runs.map((r) => { try { return f(r); } catch { return null; } }));
  const tags = runs.flatMap((r) => r.tag);
  return {
    n: runs.length,
    load: { toRenderEnd: pick((r) => r.load.toRenderEnd), render: pick((r) => r.load.render), toFrame: pick((r) => r.load.toFrame), longestTask: pick((r) => r.load.longestTask) },
    import: {
      paintMs: pick((r) => r.import.paintMs),
      toPaintEnd: pick((r) => r.import.toPaintEnd), importToPaintEnd: pick((r) => r.import.importToPaintEnd),
      toImportStart: pick((r) => r.import.toImportStart),
      toFrame: pick((r) => r.import.toFrame), longestTask: pick((r) => r.import.longestTask),
    },
    memory: { footprint: pick((r) => r.memory.footprint), blinkGc: pick((r) => r.memory.allocators?.blinkGc), malloc: pick((r) => r.memory.allocators?.malloc), jsHeapUsed: pick((r) => r.memory.jsHeapUsed), wasm: pick((r) => r.memory.wasm), nodes: pick((r) => r.memory.nodes), layoutObjects: pick((r) => r.memory.layoutObjects) },
    tag: {
      samples: tags.length, handling: median(tags.map((t) => t.handling)), paintMs: median(tags.map((t) => t.paintMs)), toFrame: median(tags.map((t) => t.toFrame)),
      baselineTwoFrames: median(tags.map((t) => t.baselineTwoFrames)), baselineFrame: median(tags.map((t) => t.baselineFrame)),
      longestTask: median(tags.map((t) => t.longestTask)), max: Math.max(...tags.map((t) => t.toFrame).filter(Number.isFinite)),
    },
    scroll: { p95: pick((r) => r.scroll.p95), p50: pick((r) => r.scroll.p50), max: pick((r) => r.scroll.max), over33: pick((r) => r.scroll.over33), frames: pick((r) => r.scroll.frames) },
    export: { exportMs: pick((r) => r.export.exportMs), clickToEnd: pick((r) => r.export.clickToEnd), bytes: pick((r) => r.export.bytes), longestTask: pick((r) => r.export.longestTask) },
    reanchor: runs[0]?.reanchor ? {
      paintMs: pick((r) => r.reanchor.paintMs), reanchorMs: pick((r) => r.reanchor.reanchorMs), toPaintEnd: pick((r) => r.reanchor.toPaintEnd), toFrame: pick((r) => r.reanchor.toFrame),
      longestTask: pick((r) => r.reanchor.longestTask), tally: runs[0].reanchor.tally,
    } : null,
  };
}

/** Sanity: the export holds the imported annotations where they were. */
function checkExport(c, text) {
  try {
    const j = JSON.parse(text);
    const items = j.first ? j.first.items : j.items || j;
    const byId = new Map(items.map((it) => [it.id, it]));
    let same = 0;
    const sel = (it, type) => (Array.isArray(it.target) ? it.target[0] : it.target).selector.find((s) => s.type === type);
    for (const a of fx.annotations) {
      const it = byId.get(a.id);
      if (!it) continue;
      const q = sel(it, 'TextQuoteSelector');
      if (q && q.exact === a.exact) same++;
    }
    return { items: items.length, sameQuote: same, prefixSuffix: !!sel(items[0], 'TextQuoteSelector').prefix };
  } catch (e) {
    return { error: e.message };
  }
}

// ---- Bundle sizes -----------------------------------------------------------------------
function sizes(files) {
  const rows = files.map((f) => {
    const b = fs.readFileSync(f);
    return {
      file: path.basename(f), raw: b.length,
      gzip: zlib.gzipSync(b, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length,
    };
  });
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { rows, total };
}
const distFiles = fs.readdirSync(DIST).filter((f) => /\.(wasm|js|css)$/.test(f)).map((f) => path.join(DIST, f));
const rdir = path.join(L.ROOT, 'node_modules/@recogito/text-annotator/dist');
const bundle = {
  ours: sizes(distFiles),
  recogitoUmd: sizes([path.join(rdir, 'text-annotator.umd.js'), path.join(rdir, 'text-annotator.css')]),
  floor: sizes([path.join(L.BENCH, 'pages/common.js'), path.join(L.BENCH, 'pages/floor.js'), path.join(L.BENCH, 'pages/page.css')]),
};

let chromiumVersion = '';
try { chromiumVersion = execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* */ }
let commit = process.env.BENCH_COMMIT || '';
try { if (!commit) commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: L.ROOT }).toString().trim(); } catch { /* */ }
const recogitoVersion = JSON.parse(fs.readFileSync(path.join(L.ROOT, 'node_modules/@recogito/text-annotator/package.json'))).version;
const meta = {
  date: new Date().toISOString(), chromium: chromiumVersion, recogito: recogitoVersion, runs: RUNS, peerRuns: PEER_RUNS, scrollRuns: SCROLL_RUNS, tagsPerRun: TAGS,
  dist: DIST, commit, builtAt: fs.statSync(path.join(DIST, 'index.html')).mtime.toISOString(), seconds: Math.round((Date.now() - t0) / 1000), cores: (await import('node:os')).cpus().length, fixture: fx.stats,
};
fs.writeFileSync(path.join(L.OUT, 'results.json'), JSON.stringify({ meta, results, bundle, problems }, null, 1));
const md = tables(meta, results, bundle, problems);
fs.writeFileSync(path.join(L.OUT, 'results.md'), md);
console.log(md);
log(`done in ${meta.seconds} s; target/bench/results.json and results.md written`);

// ---- Tables -----------------------------------------------------------------------------
function tables(meta, R, bundle, problems) {
  const names = L.CONTENDERS.filter((c) => R[c.name]);
  const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2) + '×');
  // Long tasks are only reported from 50 ms on: 0 means none.
  const cell = (x, unit = '', label = '') => (x == null ? 'n/a' : label.startsWith('longest task') && x === 0 ? '< 50' : fmt(x) + unit);
  const out = [];
  out.push(`Claimmark ${meta.commit} (bundle built ${meta.builtAt.slice(0, 16).replace('T', ' ')} UTC). Chromium: ${meta.chromium}; @recogito/text-annotator ${meta.recogito}; ${meta.date.slice(0, 10)}; `
    + `${meta.cores} cores; medians of ${meta.runs} runs for Claimmark and the floor, ${meta.peerRuns} for each Recogito renderer `
    + `(${meta.tagsPerRun} tagging samples a run; scrolling in the first ${meta.scrollRuns} runs); bench took ${meta.seconds} s.`);
  out.push(`Fixture (seed ${meta.fixture.seed ?? 20261128}): ${meta.fixture.paragraphs} paragraphs, ${meta.fixture.bytes} bytes (${meta.fixture.codePoints} code points, `
    + `${meta.fixture.nonAsciiParagraphs} paragraphs with non-ASCII or emoji), ${meta.fixture.annotations} annotations `
    + `(${meta.fixture.minLen}–${meta.fixture.maxLen} code points, mean ${meta.fixture.meanLen}; ${meta.fixture.overlappingAdded} overlapping another; `
    + `${Object.entries(meta.fixture.tags).map(([k, v]) => `${v} ${k}`).join(', ')}), import file ${meta.fixture.jsonBytes} bytes.`);
  out.push('');
  const table = (title, rows) => {
    out.push(`### ${title}`, '');
    out.push(`| metric | ${names.map((c) => c.label).join(' | ')} | ours/Recogito | ours/Recogito CSS | ours/floor |`);
    out.push(`|---|${names.map(() => '--:').join('|')}|--:|--:|--:|`);
    for (const [label, f, unit] of rows) {
      const v = Object.fromEntries(names.map((c) => [c.name, (() => { try { return f(R[c.name]); } catch { return null; } })()]));
      const lt = label.startsWith('longest task');
      const rt = (a, b) => (lt && (!a || !b) ? '–' : ratio(a, b));
      out.push(`| ${label} | ${names.map((c) => cell(v[c.name], unit, label)).join(' | ')} | ${rt(v.ours, v.recogito)} | ${rt(v.ours, v.recogitoCss)} | ${rt(v.ours, v.floor)} |`);
    }
    out.push('');
  };
  table('1. Load the article (paste, Load text) → painted', [
    ['click → render-end (ms)', (r) => r.load.toRenderEnd],
    ['render-start → render-end (ms)', (r) => r.load.render],
    ['click → frame after paint (ms)', (r) => r.load.toFrame],
    ['longest task (ms)', (r) => r.load.longestTask],
  ]);
  table('2. Import 5,000 annotations → painted', [
    ['file chosen → import-start (ms, file read + parse for peers)', (r) => r.import.toImportStart],
    ['import-start → highlights painted (ms)', (r) => r.import.importToPaintEnd],
    ['of which dom::paint, paint-start → paint-end (ms)', (r) => r.import.paintMs],
    ['file chosen → frame after paint (ms)', (r) => r.import.toFrame],
    ['longest task (ms)', (r) => r.import.longestTask],
    ['renderer memory after import, after GC: private footprint (MB)', (r) => mb(r.memory.footprint)],
    ["of which Blink's GC heap (DOM, style, layout) (MB)", (r) => mb(r.memory.blinkGc)],
    ['of which malloc (MB)', (r) => mb(r.memory.malloc)],
    ['JS heap after import, after GC (MB)', (r) => r.memory.jsHeapUsed / 1e6],
    ['wasm linear memory (MB)', (r) => (r.memory.wasm ? r.memory.wasm / 1e6 : null)],
    ['DOM nodes', (r) => r.memory.nodes],
  ]);
  table('3. Select with the mouse, press the tag key → highlight painted (5,000 present)', [
    ['input → paint end: own handling (ms)', (r) => r.tag.handling],
    ['of which dom::paint, paint-start → paint-end (ms)', (r) => r.tag.paintMs],
    ['input → frame after paint (ms)', (r) => r.tag.toFrame],
    ['worst sample (ms)', (r) => r.tag.max],
    ['baseline: a key nobody handles → two rAF (ms)', (r) => r.tag.baselineTwoFrames],
    ['longest task (ms)', (r) => r.tag.longestTask],
  ]);
  if (names.some((c) => R[c.name].scroll.p95 != null)) table('4. Scroll top to bottom (one screen per frame)', [
    ['p95 frame time (ms)', (r) => r.scroll.p95],
    ['median frame time (ms)', (r) => r.scroll.p50],
    ['frames over 33 ms', (r) => r.scroll.over33],
    ['frames', (r) => r.scroll.frames],
  ]);
  table('5. Export 5,000 to W3C JSON-LD with the download', [
    ['export-start → export-end (ms)', (r) => r.export.exportMs],
    ['file (kB)', (r) => r.export.bytes / 1000],
  ]);
  table('6. Edit the text, save: re-anchor 5,000 → painted', [
    ['reanchor-start → reanchor-end (ms)', (r) => r.reanchor?.reanchorMs],
    ['click → paint end (ms)', (r) => r.reanchor?.toPaintEnd],
    ['of which dom::paint, paint-start → paint-end (ms)', (r) => r.reanchor?.paintMs],
    ['click → frame after paint (ms)', (r) => r.reanchor?.toFrame],
    ['longest task (ms)', (r) => r.reanchor?.longestTask],
    ['placed correctly (of recoverable)', (r) => r.reanchor && r.reanchor.tally.correct / r.reanchor.tally.recoverable * 100, '%'],
  ]);
  out.push('Re-anchoring tallies (first run; truth from the generator, 3 code points of tolerance at each end): ' + names.filter((c) => R[c.name].reanchor)
    .map((c) => `${c.label}: ${JSON.stringify(R[c.name].reanchor.tally)}${R[c.name].runs[0].reanchor.status ? ` (app says: “${R[c.name].runs[0].reanchor.status}”)` : ''}`).join('; '), '');
  out.push('### 7. Bundle', '');
  out.push('| bundle | raw | gzip -9 | brotli 11 |', '|---|--:|--:|--:|');
  const b = (label, s) => out.push(`| ${label} | ${s.total.raw} | ${s.total.gzip} | ${s.total.brotli} |`);
  b('Claimmark (wasm + js + css)', bundle.ours);
  for (const r of bundle.ours.rows) out.push(`| &nbsp;&nbsp;${r.file} | ${r.raw} | ${r.gzip} | ${r.brotli} |`);
  b('Recogito (UMD js + css, deps included)', bundle.recogitoUmd);
  b('floor page (js + css)', bundle.floor);
  out.push('');
  const checks = names.map((c) => `${c.label}: ${JSON.stringify(R[c.name].runs[0].exportCheck)}`
    + (R[c.name].runs[0].exportWithContext ? ` (with prefix/suffix: ${R[c.name].runs[0].exportWithContext.perAnnotation.toFixed(1)} ms per annotation, ~${Math.round(R[c.name].runs[0].exportWithContext.perAnnotation * 5000 / 1000)} s for 5,000)` : ''));
  out.push('Export checks (first run): ' + checks.join('; '), '');
  out.push('Import counts (first run): ' + names.map((c) => `${c.label}: ${JSON.stringify(R[c.name].runs[0].import?.count)} (paint seen via ${R[c.name].runs[0].import?.paintSource})`).join('; '), '');
  if (problems.length) out.push('Problems:', ...problems.map((p) => `- ${p}`), '');
  return out.join('\n');
}
