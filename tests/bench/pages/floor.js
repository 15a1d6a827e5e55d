// The floor: the least a CSS-Custom-Highlight annotator can do. The same article DOM as
// Claimmark; on import, one Range per annotation built in one sweep over the sorted offsets and
// one Highlight per tag plus one for overlaps; on a tag key, one Range added to its Highlight;
// export serialises the same W3C shape; "re-anchoring" only looks for each exact quote near
// where it was (no fuzzy matching: annotations whose quote changed are orphaned).
'use strict';

shell({ editing: true });
const TAGS = ['statement', 'agreement', 'dispute'];
const KEYS = { 1: 'statement', 2: 'agreement', 3: 'dispute' };
const article = $('article');
const state = { text: '', blocks: [], length: 0, anns: [], source: '' };
const status = (s) => { $('status').textContent = s; };

async function sha256(text) {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return 'urn:sha256:' + Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

function load(text) {
  state.text = text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '');
  state.blocks = renderArticle(article, state.text);
  state.length = state.blocks.length ? state.blocks[state.blocks.length - 1].end : 0;
  state.anns = [];
  paintAll();
  __bench.painted('floor:load');
}

/** A DOM point for a code-point offset, searching blocks from `hint`. */
function point(pos, hint) {
  const bs = state.blocks;
  let i = hint;
  while (i < bs.length - 1 && bs[i].end < pos) i++;
  const b = bs[i];
  const within = Math.max(0, Math.min(pos, b.end) - b.start);
  return [b.el.firstChild, u16In(b, within), i];
}

function range(a, hint) {
  const [sn, so, i] = point(a.start, hint);
  const [en, eo] = point(a.end, i);
  const r = new Range();
  r.setStart(sn, so); r.setEnd(en, eo);
  return [r, i];
}

/** Paints every annotation in one sweep over the sorted offsets. */
function paintAll() {
  const hs = Object.fromEntries(TAGS.map((t) => [t, new Highlight()]));
  let hint = 0;
  for (const a of state.anns) {
    const [r, i] = range(a, hint);
    hint = i;
    hs[a.tag].add(r);
  }
  // Overlaps: where two or more annotations cover the text.
  const events = [];
  for (const a of state.anns) events.push([a.start, 1], [a.end, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const overlap = new Highlight();
  let depth = 0, open = 0; hint = 0;
  for (const [pos, d] of events) {
    const before = depth; depth += d;
    if (before < 2 && depth >= 2) open = pos;
    else if (before >= 2 && depth < 2 && pos > open) {
      const [r, i] = range({ start: open, end: pos }, 0);
      overlap.add(r); hint = i;
    }
  }
  overlap.priority = 2;
  for (const t of TAGS) { hs[t].priority = 1; CSS.highlights.set(`cm-${t}`, hs[t]); }
  CSS.highlights.set('cm-overlap', overlap);
}

async function importFile(file) {
  const json = JSON.parse(await file.text());
  performance.mark('claimmark:import-start');
  const items = json.first ? json.first.items : json.items || json;
  const anns = items.map((it) => {
    const sel = it.target.selector;
    const q = sel.find((s) => s.type === 'TextQuoteSelector');
    const p = sel.find((s) => s.type === 'TextPositionSelector');
    const tag = it.body.find((b) => b.purpose === 'tagging').value;
    const note = it.body.find((b) => b.purpose === 'commenting');
    return { id: it.id, tag, start: p.start, end: p.end, exact: q.exact, prefix: q.prefix, suffix: q.suffix,
      created: it.created, modified: it.modified, note: note ? note.value : '' };
  });
  state.anns = anns.sort((x, y) => x.start - y.start || x.end - y.end);
  paintAll();
  status(`${anns.length} annotations imported`);
  __bench.painted('floor:import');
}

/** The selection as code points: the block's start plus the code points before the point. */
function selected() {
  const s = getSelection();
  if (!s.rangeCount || s.isCollapsed) return null;
  const r = s.getRangeAt(0);
  const off = (node, o) => {
    const p = node.nodeType === 3 ? node.parentElement : node;
    return +p.dataset.start + cpOf(node.data || '', o);
  };
  return [r, off(r.startContainer, r.startOffset), off(r.endContainer, r.endOffset)];
}

addEventListener('keydown', (e) => {
  const tag = KEYS[e.key];
  if (!tag || e.target.tagName === 'TEXTAREA') return;
  const sel = selected();
  if (!sel) return;
  const [r, start, end] = sel;
  const a = { id: `urn:uuid:${crypto.randomUUID()}`, tag, start, end, exact: r.toString(), prefix: '', suffix: '',
    created: new Date().toISOString(), modified: new Date().toISOString(), note: '' };
  let i = state.anns.findIndex((x) => x.start > start);
  state.anns.splice(i < 0 ? state.anns.length : i, 0, a);
  CSS.highlights.get(`cm-${tag}`).add(r.cloneRange());
  getSelection().removeAllRanges();
  __bench.painted('floor:tag');
});

function exportJson() {
  performance.mark('claimmark:export-start');
  const source = state.source;
  const items = state.anns.filter((a) => !a.orphan).map((a) => ({
    id: a.id, type: 'Annotation', motivation: a.note ? 'commenting' : 'tagging', created: a.created, modified: a.modified,
    creator: { type: 'Person', name: 'Bench' },
    body: [{ type: 'TextualBody', purpose: 'tagging', value: a.tag },
      ...(a.note ? [{ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' }] : [])],
    target: { source, selector: [{ type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
      { type: 'TextPositionSelector', start: a.start, end: a.end }] },
  }));
  const out = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', id: `${source}#annotations`,
    type: 'AnnotationCollection', label: 'Benchmark article', total: items.length,
    first: { id: `${source}#annotations-page-1`, type: 'AnnotationPage', startIndex: 0, items } }, null, 2) + '\n';
  download('annotations.jsonld', 'application/ld+json', out);
  performance.mark('claimmark:export-end');
}

/** Naive re-anchoring: each exact quote near its old place (shifted as the previous one was), else anywhere. */
function reanchor(text) {
  const oldText = state.text;
  // Code point → UTF-16 in the old and new texts.
  const u16 = (s) => { const a = new Uint32Array(s.length + 1); let cp = 0; for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (!(c >= 0xdc00 && c <= 0xdfff)) a[cp++] = i; } a[cp] = s.length; return [a, cp]; };
  const [oldU] = u16(oldText);
  const [, newLen] = u16(text);
  const cpAt = new Uint32Array(text.length + 1); // UTF-16 → code point in the new text
  for (let i = 0, cp = 0; i <= text.length; i++) { cpAt[i] = cp; const c = text.charCodeAt(i); if (!(c >= 0xd800 && c <= 0xdbff)) cp++; }
  let shift = 0, found = 0, orphaned = 0;
  for (const a of state.anns) {
    const guess = Math.max(0, oldU[a.start] + shift - 2000);
    let at = text.indexOf(a.exact, guess);
    if (at < 0 || at > guess + 6000) at = text.indexOf(a.exact);
    if (at < 0) { a.orphan = true; orphaned++; continue; }
    shift = at - oldU[a.start];
    const start = cpAt[at];
    a.end = start + (a.end - a.start); a.start = start; a.orphan = false; found++;
  }
  state.text = text;
  state.anns = state.anns.filter((a) => !a.orphan).concat(state.anns.filter((a) => a.orphan));
  void newLen;
  return { found, orphaned };
}

$('load-text-submit').addEventListener('click', () => { load($('load-text').value); $('load-text').value = ''; });
$('import-json').addEventListener('change', (e) => { const f = e.target.files[0]; if (f) importFile(f); e.target.value = ''; });
$('export-json').addEventListener('click', exportJson);
$('edit-text').addEventListener('click', () => {
  document.querySelector('.editor').hidden = false; article.hidden = true; $('edit-text-area').value = state.text;
});
$('edit-text-save').addEventListener('click', () => {
  const text = $('edit-text-area').value;
  performance.mark('claimmark:reanchor-start');
  const { found, orphaned } = reanchor(text);
  performance.mark('claimmark:reanchor-end');
  document.querySelector('.editor').hidden = true; article.hidden = false;
  const placed = state.anns.filter((a) => !a.orphan);
  const all = state.anns;
  state.blocks = renderArticle(article, text);
  state.anns = placed;
  paintAll();
  state.anns = all;
  status(`Text saved. ${found} anchored, 0 relocated, ${orphaned} orphaned.`);
  __bench.painted('floor:reanchor');
});
(async () => { state.source = await sha256(''); })();
window.benchState = state;
// The same sample start as Claimmark: a short article is shown.
load('A short sample article.\n\nSelect words to highlight them.');
document.body.dataset.ready = '1';
// The source of exports is the text's fingerprint, computed once loaded (outside the timings).
$('load-text-submit').addEventListener('click', () => { sha256(state.text).then((s) => { state.source = s; }); });
