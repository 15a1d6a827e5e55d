// The benchmark's fixture, generated from a fixed seed: a ~1 MB article of 3,000 paragraphs
// (English-like prose with accented and non-Latin words, combining marks and emoji), 5,000
// annotations of 20–300 code points (10% of them overlapping another, all three tags) as the
// W3C Web Annotation JSON-LD collection Claimmark exports, and an edited version of the text
// with the true new place of every annotation (for the re-anchoring scenario).
//
// Deterministic: no clock, no Math.random; the same seed gives the same bytes on every run
// (the digests printed by `node tests/bench/fixture.mjs` say so). Offsets are Unicode code
// points, as in Claimmark; `toUtf16` gives the JavaScript string offsets a peer library uses.
import crypto from 'node:crypto';

export const SEED = 20261128;

/** sfc32: a small, fast, well-mixed 32-bit generator. */
export function rng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    c = c + t | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const r = {
    next,
    below: (n) => Math.floor(next() * n),
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
  return r;
}

const COMMON = ['the', 'of', 'and', 'to', 'a', 'in', 'that', 'is', 'was', 'for', 'on', 'it', 'with', 'as', 'by',
  'at', 'from', 'this', 'be', 'are', 'were', 'had', 'have', 'not', 'but', 'or', 'which', 'its', 'their', 'they'];
const WORDS = ('study council budget report evidence members water school teachers students river village market '
  + 'prices winter summer harvest doctors patients hospital trial results data survey minister election voters '
  + 'policy tax rates bridge railway station workers union strike factory energy solar wind coal emissions climate '
  + 'forest species birds fish coast storm flood drought farmers wheat rice coffee exports imports growth decline '
  + 'increase percent million thousand years months weeks city region province border agreement dispute court judge '
  + 'ruling appeal law rights press journalists archive letters museum history century war peace treaty army navy '
  + 'harbour ships trade bank loans debt interest inflation housing rents families children parents health vaccine '
  + 'disease mortality survival research scientists university laboratory experiment measured found showed claimed '
  + 'argued reported announced denied confirmed estimated rose fell doubled halved remained became built opened '
  + 'closed moved began ended said wrote published early late new old large small public private national local '
  + 'official independent previous recent annual monthly higher lower').split(' ');
// Accented, combining-mark and non-Latin words (letters with U+0301 are two code points, one grapheme).
const NON_ASCII = ['café', 'naïve', 'Zürich', 'São Paulo', 'Genève', 'déjà vu', 'Ελλάδα', 'Москва', '東京', '北京',
  'القاهرة', 'हिन्दी', 'Kraków', 'façade', 'Ålesund', 'crème brûlée', 'Dvořák', 'smörgåsbord', 'e\u0301lan',
  'cafe\u0301', 'Ñandú', 'İstanbul', 'Łódź', 'Þingvellir', '서울'];
// Emoji: single code points, skin tones, ZWJ families, flags, keycaps.
const EMOJI = ['👍', '🌍', '📈', '👋🏽', '👩‍👩‍👧', '🧑🏿‍🔬', '🇨🇭', '🇧🇷', '1️⃣', '❤️', '🏳️‍🌈', '🎉'];

function word(r) {
  const x = r.next();
  if (x < 0.012) return r.pick(EMOJI);
  if (x < 0.045) return r.pick(NON_ASCII);
  if (x < 0.06) return String(r.between(2, 980)) + (r.chance(0.3) ? '%' : '');
  if (x < 0.40) return r.pick(COMMON);
  return r.pick(WORDS);
}

function sentence(r) {
  const n = r.between(6, 22);
  const ws = [];
  for (let i = 0; i < n; i++) ws.push(word(r));
  ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
  if (n > 10 && r.chance(0.4)) ws[r.between(3, n - 3)] += ',';
  return ws.join(' ') + '.';
}

function cpLen(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** The article's text: `paragraphs` blocks separated by blank lines. */
export function article(seed = SEED, paragraphs = 3000) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < paragraphs; i++) {
    if (i > 0 && r.chance(0.04)) {
      const n = r.between(3, 8);
      const ws = [];
      for (let k = 0; k < n; k++) { const w = r.pick(WORDS); ws.push(w[0].toUpperCase() + w.slice(1)); }
      out.push(ws.join(' '));
      continue;
    }
    const target = r.between(70, 540);
    let p = '';
    while (cpLen(p) < target) p += (p ? ' ' : '') + sentence(r);
    out.push(p);
  }
  return out.join('\n\n');
}

/** Code points ↔ UTF-16 code units of a text. */
export class Offsets {
  constructor(text) {
    this.text = text;
    const cps = Array.from(text);
    this.cps = cps;
    this.u16 = new Uint32Array(cps.length + 1);
    for (let i = 0; i < cps.length; i++) this.u16[i + 1] = this.u16[i] + cps[i].length;
  }
  get length() { return this.cps.length; }
  toUtf16(cp) { return this.u16[cp]; }
  slice(start, end) { return this.text.slice(this.u16[start], this.u16[end]); }
}

/** Paragraphs (blocks) as code-point ranges, and their tokens (runs between spaces). */
function blocks(off) {
  const out = [];
  let start = null;
  for (let i = 0; i <= off.length; i++) {
    const ch = off.cps[i];
    if (i === off.length || ch === '\n') {
      if (start !== null) out.push({ start, end: i });
      start = null;
    } else if (start === null) start = i;
  }
  for (const b of out) {
    b.tokens = [];
    let t = null;
    for (let i = b.start; i <= b.end; i++) {
      if (i === b.end || off.cps[i] === ' ') {
        if (t !== null) b.tokens.push([t, i]);
        t = null;
      } else if (t === null) t = i;
    }
    b.ascii = /^[\x00-\x7f]*$/.test(off.slice(b.start, b.end));
  }
  return out;
}

/** Grapheme boundaries, computed per block when the block is not ASCII. */
class Graphemes {
  constructor(off, bl) {
    this.off = off; this.bl = bl; this.cache = new Map();
    this.seg = new Intl.Segmenter('en', { granularity: 'grapheme' });
  }
  blockOf(pos) {
    let lo = 0, hi = this.bl.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.bl[mid].start <= pos) lo = mid; else hi = mid - 1; }
    return this.bl[lo];
  }
  isBoundary(pos) {
    if (pos <= 0 || pos >= this.off.length) return true;
    const b = this.blockOf(pos);
    if (pos <= b.start || pos >= b.end || b.ascii) return true;
    let set = this.cache.get(b.start);
    if (!set) {
      set = new Set();
      let cp = b.start;
      for (const { segment } of this.seg.segment(this.off.slice(b.start, b.end))) { set.add(cp); cp += cpLen(segment); }
      this.cache.set(b.start, set);
    }
    return set.has(pos);
  }
  ceil(pos) { while (!this.isBoundary(pos)) pos++; return pos; }
  floor(pos) { while (!this.isBoundary(pos)) pos--; return pos; }
}

const TAGS = ['statement', 'statement', 'agreement', 'dispute'];
const CONTEXT_LEN = 32;

function uuid(r) {
  const h = () => r.below(16).toString(16);
  const hs = (n) => Array.from({ length: n }, h).join('');
  return `urn:uuid:${hs(8)}-${hs(4)}-4${hs(3)}-${'89ab'[r.below(4)]}${hs(3)}-${hs(12)}`;
}

/** A span of tokens of `b` from token `i` of about `want` code points (20–300), or null. */
function span(b, i, want) {
  const [s] = b.tokens[i];
  let end = null;
  for (let k = i; k < b.tokens.length; k++) {
    const e = b.tokens[k][1];
    if (e - s > 300) break;
    end = e;
    if (e - s >= want) break;
  }
  if (end === null || end - s < 20) return null;
  return [s, end];
}

/** 5,000 annotations: 90% placed without overlap, 10% overlapping one of those. */
export function annotations(off, seed = SEED, count = 5000, overlapShare = 0.1) {
  const r = rng(seed ^ 0xa11c);
  const bl = blocks(off);
  const base = Math.round(count * (1 - overlapShare));
  const total = bl.reduce((n, b) => n + b.end - b.start, 0);
  const placed = [];
  let owed = 0, seen = 0;
  for (const b of bl) {
    seen += b.end - b.start;
    owed = Math.round(base * seen / total) - placed.length;
    let k = 0;
    while (owed > 0 && k < b.tokens.length) {
      k += r.below(4); // a gap of 0–3 words
      if (k >= b.tokens.length) break;
      const want = 20 + Math.floor(280 * r.next() ** 2.2);
      const sp = span(b, k, want);
      if (!sp) { k++; continue; }
      placed.push({ start: sp[0], end: sp[1], block: b });
      owed--;
      while (k < b.tokens.length && b.tokens[k][0] < sp[1]) k++;
    }
  }
  const overlapping = [];
  const used = new Set();
  while (overlapping.length < count - placed.length) {
    const i = r.below(placed.length);
    if (used.has(i)) continue;
    const a = placed[i], b = a.block;
    const inA = b.tokens.map((t, k) => [t, k]).filter(([t]) => t[0] >= a.start && t[0] < a.end);
    const before = b.tokens.map((t, k) => [t, k]).filter(([t]) => t[0] < a.start && t[0] >= a.start - 120);
    const pool = r.chance(0.5) && before.length ? before : inA.slice(1).length ? inA.slice(1) : before;
    if (!pool.length) continue;
    const [, k] = r.pick(pool);
    const sp = span(b, k, 20 + Math.floor(280 * r.next() ** 1.5));
    if (!sp || (sp[0] === a.start && sp[1] === a.end) || sp[1] <= a.start || sp[0] >= a.end) continue;
    used.add(i);
    overlapping.push({ start: sp[0], end: sp[1], block: b });
  }
  const g = new Graphemes(off, bl);
  const all = [...placed, ...overlapping];
  const t0 = Date.UTC(2026, 10, 28, 9, 0, 0);
  const out = all.map((a, i) => {
    const id = uuid(r);
    const tag = r.pick(TAGS);
    const created = new Date(t0 + i * 1000).toISOString();
    const note = r.chance(0.05) ? 'Checked against the ministry’s report; see the appendix.' : '';
    const ps = Math.min(g.ceil(Math.max(0, a.start - CONTEXT_LEN)), a.start);
    const se = Math.max(g.floor(Math.min(off.length, a.end + CONTEXT_LEN)), a.end);
    return {
      id, tag, start: a.start, end: a.end, created, modified: created, note,
      exact: off.slice(a.start, a.end), prefix: off.slice(ps, a.start), suffix: off.slice(a.end, se),
    };
  });
  out.sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1));
  return { annotations: out, blocks: bl, overlapping: overlapping.length };
}

export function sha256Hex(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The W3C Web Annotation JSON-LD collection, shaped like Claimmark's own export. */
export function w3c(text, anns, label = 'Benchmark article') {
  const source = `urn:sha256:${sha256Hex(text)}`;
  const items = anns.map((a) => ({
    id: a.id,
    type: 'Annotation',
    motivation: a.note ? 'commenting' : 'tagging',
    created: a.created,
    modified: a.modified,
    creator: { type: 'Person', name: 'Bench' },
    body: [
      { type: 'TextualBody', purpose: 'tagging', value: a.tag },
      ...(a.note ? [{ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' }] : []),
    ],
    target: {
      source,
      selector: [
        { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
        { type: 'TextPositionSelector', start: a.start, end: a.end },
      ],
    },
  }));
  return JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `${source}#annotations`,
    type: 'AnnotationCollection',
    label,
    total: items.length,
    first: { id: `${source}#annotations-page-1`, type: 'AnnotationPage', startIndex: 0, items },
  }, null, 2) + '\n';
}

/** The same annotations as a plain array of W3C annotations with UTF-16 offsets (Recogito's unit). */
export function w3cUtf16(off, anns) {
  const source = `urn:sha256:${sha256Hex(off.text)}`;
  return JSON.stringify(anns.map((a) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: a.id,
    type: 'Annotation',
    created: a.created,
    modified: a.modified,
    body: [{ type: 'TextualBody', purpose: 'tagging', value: a.tag }],
    target: {
      source,
      selector: [
        { type: 'TextQuoteSelector', exact: a.exact },
        { type: 'TextPositionSelector', start: off.toUtf16(a.start), end: off.toUtf16(a.end) },
      ],
    },
  })));
}

/**
 * The edit of the native re-anchoring benchmark (src/model/synth.rs, EditPlan::REALISTIC):
 * 200 code points of prose inserted near the top, 0.2% of letters changed (replaced, deleted
 * or doubled), 5% of paragraphs deleted. Returns the new text and `map[i]`, the new offset of
 * old code point i (-1 when deleted).
 */
export function edit(off, bl, anns, seed = SEED) {
  const r = rng(seed ^ 0xed17);
  const n = off.length;
  const ops = new Array(n).fill('keep');
  const deletions = Math.floor(bl.length * 5 / 100);
  for (let made = 0, tries = 0; made < deletions && tries < deletions * 20; tries++) {
    const b = r.below(bl.length);
    if (ops[bl[b].start] === 'del') continue;
    const from = b > 0 ? bl[b - 1].end : bl[b].start;
    const to = b > 0 ? bl[b].end : (bl[1] ? bl[1].start : bl[b].end);
    for (let i = from; i < to; i++) ops[i] = 'del';
    made++;
  }
  const typed = new Map();
  const typos = Math.floor(n * 200 / 100000);
  for (let made = 0, tries = 0; made < typos && tries < typos * 50 + 100; tries++) {
    const at = r.below(n);
    if (ops[at] !== 'keep' || !/[a-zA-Z]/.test(off.cps[at])) continue;
    const letter = String.fromCharCode(97 + r.below(26));
    const x = r.below(100);
    if (x < 70) { if (letter === off.cps[at]) continue; ops[at] = letter; }
    else if (x < 85) ops[at] = 'del';
    else { ops[at] = 'typed'; typed.set(at, letter); }
    made++;
  }
  // 200 code points of prose at a space in the first 2% of the text, outside every annotation.
  for (let tries = 0; tries < 1000; tries++) {
    const p = r.between(Math.floor(n / 200), Math.floor(n / 50));
    if (off.cps[p] !== ' ' || ops[p] !== 'keep' || anns.some((a) => a.start < p && p < a.end)) continue;
    let prose = '';
    while (cpLen(prose) < 200) prose += ' ' + sentence(r);
    typed.set(p, Array.from(prose).slice(0, 200).join('') + (typed.get(p) ?? ''));
    break;
  }
  const map = new Int32Array(n).fill(-1);
  const parts = [];
  let len = 0;
  for (let i = 0; i < n; i++) {
    const ins = typed.get(i);
    if (ins) { parts.push(ins); len += cpLen(ins); }
    const op = ops[i];
    if (op === 'del') continue;
    map[i] = len;
    parts.push(op === 'keep' || op === 'typed' ? off.cps[i] : op);
    len += 1;
  }
  const text = parts.join('');
  const truth = anns.map((a) => {
    let s = a.start; while (s < a.end && map[s] < 0) s++;
    let e = a.end - 1; while (e >= a.start && map[e] < 0) e--;
    return s < a.end ? [map[s], map[e] + 1] : null;
  });
  return { text, truth };
}

/** Everything the benchmark needs, from one seed. */
export function fixture(seed = SEED, { paragraphs = 3000, count = 5000 } = {}) {
  const text = article(seed, paragraphs);
  const off = new Offsets(text);
  const { annotations: anns, blocks: bl, overlapping } = annotations(off, seed, count);
  const json = w3c(text, anns);
  const recogito = w3cUtf16(off, anns);
  const edited = edit(off, bl, anns, seed);
  let overlaps = 0;
  for (let i = 0, maxEnd = -1; i < anns.length; i++) {
    if (anns[i].start < maxEnd) overlaps++;
    maxEnd = Math.max(maxEnd, anns[i].end);
  }
  const lens = anns.map((a) => a.end - a.start);
  return {
    seed, text, off, annotations: anns, json, recogito, edited,
    stats: {
      seed,
      paragraphs: bl.length,
      bytes: Buffer.byteLength(text, 'utf8'),
      codePoints: off.length,
      utf16: text.length,
      nonAsciiParagraphs: bl.filter((b) => !b.ascii).length,
      annotations: anns.length,
      overlappingAdded: overlapping,
      startingInsideAnother: overlaps,
      tags: Object.fromEntries(['statement', 'agreement', 'dispute'].map((t) => [t, anns.filter((a) => a.tag === t).length])),
      minLen: Math.min(...lens), maxLen: Math.max(...lens), meanLen: Math.round(lens.reduce((x, y) => x + y, 0) / lens.length),
      jsonBytes: Buffer.byteLength(json, 'utf8'),
      editedBytes: Buffer.byteLength(edited.text, 'utf8'),
      deletedAnnotations: edited.truth.filter((t) => t === null).length,
      textSha256: sha256Hex(text),
      jsonSha256: sha256Hex(json),
      editedSha256: sha256Hex(edited.text),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = Date.now();
  const f = fixture();
  console.log(JSON.stringify(f.stats, null, 2));
  console.error(`generated in ${Date.now() - t} ms`);
}
