// Shared by the peer pages (Recogito and the floor): the same shell as Claimmark's (the same
// data-testid hooks, so the harness drives every contender alike) and the same article DOM:
// one <p> per block with data-start/data-end in code points and the "\n" separators as text
// nodes, so the container's textContent is the document text.
'use strict';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

/** Blocks of a text: runs between "\n"s, as code-point ranges, with their text. */
function splitBlocks(text) {
  const blocks = [];
  let cp = 0, u = 0, start = null, startU = 0, ascii = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10) {
      if (start !== null) blocks.push({ start, end: cp, text: text.slice(startU, i), ascii });
      start = null;
    } else {
      if (start === null) { start = cp; startU = i; ascii = true; }
      if (c > 127) ascii = false;
    }
    if (i < text.length && !(c >= 0xd800 && c <= 0xdbff)) cp++;
  }
  return { blocks, length: cp };
}

/** Renders the article into `container`, replacing what was there; returns its blocks. */
function renderArticle(container, text) {
  performance.mark('claimmark:render-start');
  container.textContent = '';
  const { blocks, length } = splitBlocks(text);
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const b of blocks) {
    if (b.start > last) frag.appendChild(document.createTextNode('\n'.repeat(b.start - last)));
    const p = document.createElement('p');
    p.dir = 'auto';
    p.dataset.start = b.start;
    p.dataset.end = b.end;
    p.textContent = b.text;
    frag.appendChild(p);
    b.el = p;
    last = b.end;
  }
  if (length > last) frag.appendChild(document.createTextNode('\n'.repeat(length - last)));
  container.appendChild(frag);
  performance.mark('claimmark:render-end');
  return blocks;
}

/** UTF-16 offset of the code point `cp` inside a block's text. */
function u16In(block, cp) {
  if (block.ascii) return cp;
  const s = block.text;
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

/** Code points in the first `u` UTF-16 units of `s`. */
function cpOf(s, u) {
  let n = 0;
  for (let i = 0; i < u; i++) { const c = s.charCodeAt(i); if (!(c >= 0xdc00 && c <= 0xdfff)) n++; }
  return n;
}

/** Index of the block holding code point `pos` (or the next one), by binary search. */
function blockAt(blocks, pos) {
  let lo = 0, hi = blocks.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (blocks[mid].end < pos) lo = mid + 1; else hi = mid; }
  return lo;
}

function download(name, mime, contents) {
  const url = URL.createObjectURL(new Blob([contents], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.hidden = true;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The shell: load panel, import, export and (where the contender has it) text editing. */
function shell({ editing }) {
  document.body.innerHTML = `
    <div class="bar">
      <textarea data-testid="load-text" rows="2" aria-label="Article text"></textarea>
      <button data-testid="load-text-submit">Load text</button>
      <input type="file" data-testid="import-json" accept=".json,.jsonld">
      <button data-testid="export-json">Export JSON</button>
      ${editing ? '<button data-testid="edit-text">Edit text</button>' : ''}
      <span data-testid="status" role="status"></span>
    </div>
    <div class="editor" hidden>
      <textarea data-testid="edit-text-area"></textarea>
      <button data-testid="edit-text-save">Save text</button>
    </div>
    <main><article class="article" data-testid="article" lang="und"></article></main>`;
}
