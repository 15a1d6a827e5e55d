// The benchmark's fixture, made by the generator of the native re-anchoring tests and benchmark
// (crates/synth, `claimmark_synth::case`) from a fixed seed: a ~1.1 MB article of 3,000
// paragraphs (English-like prose with figures, accented and non-Latin words, combining marks and
// emoji), 5,000 annotations of 20–300 code points (10% of them overlapping another, all three
// tags, 5% with a note) as the W3C Web Annotation JSON-LD collection Claimmark exports, the same
// annotations with UTF-16 offsets for Recogito, and an edited version of the text with the true
// new place of every annotation (for the re-anchoring scenario).
//
// The generator's `bench_fixture` binary writes the files into target/bench/fixture-<seed>/, once
// (again when its sources or the model's change); this module loads them. Deterministic: the same
// seed gives the same bytes on every run; `node tests/bench/fixture.mjs [--fresh]` prints the
// figures and digests, checked against the files. Offsets are Unicode code points, as in
// Claimmark; `Offsets#toUtf16` gives the JavaScript string offsets a peer library uses.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SEED = 20261128;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.join(ROOT, 'target/bench');
/** What the fixture is made from: when a file here changes, the fixture is made again. */
const SOURCES = ['crates/synth', 'src/model'];

export function sha256Hex(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
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

function sourcesDigest() {
  const h = crypto.createHash('sha256');
  const walk = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(rs|toml)$/.test(e.name)) h.update(`${path.relative(ROOT, p)}\0`).update(fs.readFileSync(p)).update('\0');
    }
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  return h.digest('hex');
}

/**
 * The directory holding the fixture of `seed`, made first (with a release build of the
 * generator) when it is missing, when the sources changed since, or when `fresh` is set.
 */
export function generate(seed = SEED, { paragraphs = 3000, count = 5000, fresh = false } = {}) {
  const name = paragraphs === 3000 && count === 5000 ? `fixture-${seed}` : `fixture-${seed}-${paragraphs}x${count}`;
  const dir = path.join(CACHE, name);
  const stamp = path.join(dir, 'sources.sha256');
  const digest = sourcesDigest();
  const made = fs.existsSync(path.join(dir, 'fixture.json')) && fs.existsSync(stamp)
    && fs.readFileSync(stamp, 'utf8').trim() === digest;
  if (made && !fresh) return dir;
  fs.rmSync(stamp, { force: true });
  const env = { ...process.env, PATH: [path.join(os.homedir(), '.cargo/bin'), process.env.PATH].filter(Boolean).join(path.delimiter) };
  execFileSync(process.env.CARGO || 'cargo', ['run', '--release', '--quiet', '-p', 'claimmark-synth', '--bin', 'bench_fixture', '--',
    dir, '--seed', String(seed), '--paragraphs', String(paragraphs), '--annotations', String(count)],
  { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  fs.writeFileSync(stamp, `${digest}\n`);
  return dir;
}

/** Everything the benchmark needs, from one seed. */
export function fixture(seed = SEED, { paragraphs = 3000, count = 5000, fresh = false } = {}) {
  const dir = generate(seed, { paragraphs, count, fresh });
  const read = (file) => fs.readFileSync(path.join(dir, file), 'utf8');
  const stats = JSON.parse(read('fixture.json'));
  const files = {
    text: ['article.txt', 'textSha256'], json: ['annotations.jsonld', 'jsonSha256'], recogito: ['recogito.json', 'recogitoSha256'],
    edited: ['edited.txt', 'editedSha256'], truth: ['truth.json', 'truthSha256'],
  };
  const f = {};
  for (const [key, [file, digest]] of Object.entries(files)) {
    f[key] = read(file);
    if (sha256Hex(f[key]) !== stats[digest]) {
      throw new Error(`${path.join(dir, file)} is not the file the generator made (its sha256 differs from fixture.json); delete ${dir} to make it again`);
    }
  }
  const truth = JSON.parse(f.truth);
  const annotations = JSON.parse(f.json).first.items.map((it) => {
    const q = it.target.selector.find((s) => s.type === 'TextQuoteSelector');
    const p = it.target.selector.find((s) => s.type === 'TextPositionSelector');
    return {
      id: it.id, tag: it.body.find((b) => b.purpose === 'tagging').value, start: p.start, end: p.end,
      created: it.created, modified: it.modified, note: it.body.find((b) => b.purpose === 'commenting')?.value ?? '',
      exact: q.exact, prefix: q.prefix, suffix: q.suffix,
    };
  });
  if (annotations.length !== truth.length || annotations.length !== stats.annotations) {
    throw new Error(`${dir}: ${annotations.length} annotations, ${truth.length} truths, fixture.json says ${stats.annotations}`);
  }
  return { seed, dir, text: f.text, annotations, json: f.json, recogito: f.recogito, edited: { text: f.edited, truth }, stats };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = Date.now();
  const f = fixture(SEED, { fresh: process.argv.includes('--fresh') });
  console.log(JSON.stringify(f.stats, null, 2));
  console.error(`${path.relative(ROOT, f.dir)}: files checked against their digests; ready in ${Date.now() - t} ms`);
}
