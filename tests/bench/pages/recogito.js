// @recogito/text-annotator (its UMD build from node_modules, unchanged) on the same article DOM
// as Claimmark. `?renderer=SPANS` is its default renderer (absolutely positioned spans for the
// annotations in the viewport); `?renderer=CSS_HIGHLIGHTS` its CSS Custom Highlight renderer
// (one Highlight per visible annotation). Annotations are imported as W3C JSON-LD with UTF-16
// offsets (Recogito's unit) through its W3CTextFormat adapter; a new annotation is made by a
// mouse selection (on pointerup: Recogito has no tag keys); export serialises through the same
// adapter. It has no text editing, so no re-anchoring.
'use strict';

shell({ editing: false });
const R = window.RecogitoJS;
const params = new URLSearchParams(location.search);
const renderer = params.get('renderer') || 'SPANS';
const article = $('article');
const SOURCE = 'urn:bench:article';
const COLORS = {
  statement: { fill: '#4a90e2', fillOpacity: 0.26, underlineColor: '#1d5fa8', underlineThickness: 2 },
  agreement: { fill: '#3cb35a', fillOpacity: 0.28, underlineColor: '#1e7a3c', underlineThickness: 2 },
  dispute: { fill: '#e5533d', fillOpacity: 0.26, underlineColor: '#b3261e', underlineThickness: 2 },
};
const style = (a, state) => {
  const tag = a.bodies && a.bodies[0] && a.bodies[0].value;
  const s = COLORS[tag] || { fill: '#0080ff', fillOpacity: 0.18 };
  return state && state.selected ? { ...s, fillOpacity: 0.45 } : s;
};
let anno = null;
const imported = new Set();
window.benchImported = imported;

/** Which annotation ids are drawn now (only those in the viewport ever are). */
function drawn() {
  if (renderer === 'CSS_HIGHLIGHTS') return Array.from(CSS.highlights.keys()).filter((k) => k.startsWith('_')).map((k) => k.slice(1));
  return Array.from(article.querySelectorAll('.r6o-annotation'), (s) => s.dataset.annotation);
}
window.benchDrawn = drawn;

// Tell the harness when the renderer has drawn: CSS highlights set in a batch (one microtask
// later, the batch is over), or spans added to the highlight layer.
let batch = false;
__bench.onHighlightSet = (name) => {
  if (!name.startsWith('_') || batch) return;
  batch = true;
  queueMicrotask(() => { batch = false; __bench.painted('recogito:css-highlights'); });
};
function watchLayer() {
  const layer = article.querySelector('.r6o-span-highlight-layer');
  if (layer) new MutationObserver(() => __bench.painted('recogito:spans')).observe(layer, { childList: true });
}

function load(text) {
  if (anno) { anno.destroy(); anno = null; }
  imported.clear();
  renderArticle(article, text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, ''));
  anno = R.createTextAnnotator(article, { renderer, style, adapter: R.W3CTextFormat(SOURCE) });
  window.benchAnno = anno;
  watchLayer();
  __bench.painted('recogito:load');
}

async function importFile(file) {
  const items = JSON.parse(await file.text());
  performance.mark('claimmark:import-start');
  for (const it of items) imported.add(it.id);
  anno.setAnnotations(items, true);
  $('status').textContent = `${items.length} annotations imported`;
}

function exportJson() {
  performance.mark('claimmark:export-start');
  const items = anno.getAnnotations();
  const out = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', id: `${SOURCE}#annotations`,
    type: 'AnnotationCollection', total: items.length,
    first: { id: `${SOURCE}#annotations-page-1`, type: 'AnnotationPage', startIndex: 0, items } }, null, 2) + '\n';
  download('annotations.jsonld', 'application/ld+json', out);
  performance.mark('claimmark:export-end');
}

/** Recogito's serialiser with prefix/suffix (the adapter given the container), timed on a sample. */
window.benchExportWithContext = (n) => {
  const all = anno.state.store.all();
  const sample = Array.from({ length: n }, (_, i) => all[Math.floor(i * all.length / n)]);
  const t0 = performance.now();
  for (const a of sample) R.serializeW3CTextAnnotation(a, SOURCE, article);
  return { perAnnotation: (performance.now() - t0) / n, n, total: all.length };
};

$('load-text-submit').addEventListener('click', () => { load($('load-text').value); $('load-text').value = ''; });
$('import-json').addEventListener('change', (e) => { const f = e.target.files[0]; if (f) importFile(f); e.target.value = ''; });
$('export-json').addEventListener('click', exportJson);
load('A short sample article.\n\nSelect words to highlight them.');
document.body.dataset.ready = '1';
