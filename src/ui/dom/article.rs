//! The article in the page: one element per block, in text order, each with `data-start` /
//! `data-end` (code points) and one text node, and the `\n` separators between blocks as text
//! nodes of the container. So the container's `textContent` is exactly the document text, and a
//! DOM point maps to a code-point offset by looking only at its block.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, Node};

use super::{document, mark};
use crate::model::paint::slices;
use crate::model::text::{chars_from_utf16, utf16_from_chars, BlockKind, CharRange, Document};

/// Code points of a long article shown at once; the rest is shown a slice of about
/// [`SLICE`] code points per frame (`model::paint::slices`), so styling and laying out a 1 MB
/// article never holds up its first screen or makes one long task. The hidden blocks are in
/// the DOM from the start (offsets, highlights and `textContent` do not wait for them).
const FIRST_SLICE: usize = 12_000;
const SLICE: usize = 20_000;

thread_local! {
    /// Which rendering the scheduled reveals belong to; a new rendering cancels the old ones.
    static RENDERING: Cell<u64> = const { Cell::new(0) };
    /// How many pieces of work in steps hold the reveal back ([`RevealHeld`]).
    static HELD: Cell<u32> = const { Cell::new(0) };
    /// The page's own string of a document's text, by the document's fingerprint, offered for
    /// its next rendering ([`offer_text`]).
    static OFFERED: RefCell<Option<(String, js_sys::JsString)>> = const { RefCell::new(None) };
}

/// Offers the next rendering the page's own string of the text whose fingerprint is given
/// (the field it was pasted or edited in): the text then need not cross into the page again.
/// Whatever renders next takes the offer, and an offer nothing took (the text was refused, or
/// saved unchanged) is dropped after a few seconds, so the string is not kept alive.
pub(super) fn offer_text(fingerprint: &str, text: js_sys::JsString) {
    let fingerprint = fingerprint.to_owned();
    OFFERED.with(|o| *o.borrow_mut() = Some((fingerprint.clone(), text)));
    gloo_timers::callback::Timeout::new(5_000, move || {
        OFFERED.with(|o| {
            let mut o = o.borrow_mut();
            if o.as_ref().is_some_and(|(f, _)| *f == fingerprint) {
                *o = None;
            }
        });
    })
    .forget();
}

/// While one lives ([`hold_reveal`]), and for a frame after, the hidden blocks wait: work done
/// in steps between frames (an import, placing highlights in an edited text) is what the person
/// is waiting for, and each revealed slice costs its frame ~20 ms of style and layout of text
/// that is off screen anyway.
#[must_use = "the reveal is held only while this lives"]
pub struct RevealHeld(());

/// Holds the reveal of a long article's hidden blocks back until the result is dropped.
pub fn hold_reveal() -> RevealHeld {
    HELD.with(|h| h.set(h.get() + 1));
    RevealHeld(())
}

impl Drop for RevealHeld {
    /// The reveal goes on after the next frame: the one that shows the work's result.
    fn drop(&mut self) {
        super::after_frame(|| HELD.with(|h| h.set(h.get().saturating_sub(1))));
    }
}

/// Whether [`render_article`] puts the text in over several frames (a long article).
pub fn in_slices(doc: &Document) -> bool {
    doc.char_len() > FIRST_SLICE && slices(doc.blocks(), FIRST_SLICE, SLICE).len() > 1
}

/// Renders the article's blocks into `container`, replacing what was there: the first slice
/// visible at once, the others revealed in the following frames.
pub fn render_article(container: &Element, doc: &Document) {
    let d = document();
    let (Ok(p), Ok(h2)) = (d.create_element("p"), d.create_element("h2")) else {
        return;
    };
    mark("render-start");
    super::paint::forget_painted();
    let rendering = RENDERING.with(|r| {
        r.set(r.get() + 1);
        r.get()
    });
    container.set_text_content(None);
    let slices = slices(doc.blocks(), FIRST_SLICE, SLICE);
    let first_hidden = slices.get(1).map_or(usize::MAX, |s| s.start);
    // Each string crossing into the page is decoded on its own, and 3,000 blocks made a few
    // thousand of them (most of rendering a 1 MB article). So the text crosses once (or not at
    // all, when the field it came from offered its string) and each block's text is a substring
    // of it; a block element is a clone of one made with its fixed attributes; its offsets go in
    // as numbers through keys made once.
    let text = OFFERED
        .with(|o| o.borrow_mut().take())
        .filter(|(fingerprint, _)| fingerprint == doc.fingerprint())
        .map_or_else(|| js_sys::JsString::from(doc.text()), |(_, text)| text);
    for el in [&p, &h2] {
        let _ = el.set_attribute("dir", "auto");
    }
    let key = |k: &str| JsValue::from_str(k);
    let (start, end, text_content, hidden) =
        (key("start"), key("end"), key("textContent"), key("hidden"));
    // Blocks come in text order: each one's UTF-16 offsets count on from the last.
    let (mut char_at, mut utf16_at, mut last_end) = (0, 0, 0);
    let mut utf16_of = |chars: usize| {
        if let Some(gap) = CharRange::new(char_at, chars) {
            utf16_at += doc.slice(gap).encode_utf16().count();
        }
        char_at = chars;
        utf16_at as u32
    };
    let fragment = d.create_document_fragment();
    for (i, block) in doc.blocks().iter().enumerate() {
        if block.range.start > last_end {
            let sep = d.create_text_node(&"\n".repeat(block.range.start - last_end));
            let _ = fragment.append_child(&sep);
        }
        let template = match block.kind {
            BlockKind::Heading => &h2,
            BlockKind::Paragraph => &p,
        };
        let Some(el) = template
            .clone_node()
            .ok()
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let data = el.dataset();
        let _ = Reflect::set(&data, &start, &(block.range.start as f64).into());
        let _ = Reflect::set(&data, &end, &(block.range.end as f64).into());
        let (from, to) = (utf16_of(block.range.start), utf16_of(block.range.end));
        let _ = Reflect::set(&el, &text_content, &text.substring(from, to));
        if i >= first_hidden {
            let _ = Reflect::set(&el, &hidden, &JsValue::TRUE);
        }
        let _ = fragment.append_child(&el);
        last_end = block.range.end;
    }
    if doc.char_len() > last_end {
        let tail = d.create_text_node(&"\n".repeat(doc.char_len() - last_end));
        let _ = fragment.append_child(&tail);
    }
    let _ = container.append_child(&fragment);
    mark("render-end");
    reveal_later(
        container.clone(),
        rendering,
        slices.into_iter().skip(1).collect(),
    );
}

/// Shows the next hidden slice in the next frame, then the one after in the frame after (or
/// later, while the reveal is held).
fn reveal_later(container: Element, rendering: u64, mut rest: VecDeque<Range<usize>>) {
    let Some(slice) = rest.pop_front() else {
        return;
    };
    super::after_frame(move || {
        if RENDERING.with(Cell::get) != rendering {
            return;
        }
        if HELD.with(Cell::get) > 0 {
            rest.push_front(slice);
            return reveal_later(container, rendering, rest);
        }
        let children = container.children();
        for i in slice {
            if let Some(el) = children.item(i as u32) {
                let _ = el.remove_attribute("hidden");
            }
        }
        if rest.is_empty() {
            mark("reveal-end");
        }
        reveal_later(container, rendering, rest);
    });
}

/// Shows every block now (before scrolling to or selecting text that may still be hidden).
pub fn reveal_all(container: &Element) {
    RENDERING.with(|r| r.set(r.get() + 1));
    if let Ok(hidden) = container.query_selector_all(":scope > [hidden]") {
        for i in 0..hidden.length() {
            if let Some(el) = hidden.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.remove_attribute("hidden");
            }
        }
    }
}

/// The code-point offset of a DOM point (a node and a UTF-16 or child offset).
pub fn offset_of_point(container: &Element, doc: &Document, node: &Node, offset: u32) -> usize {
    let container_node: &Node = container.as_ref();
    if !container_node.contains(Some(node)) {
        // Before the article: its start; after it: its end.
        let pos = container_node.compare_document_position(node);
        return if pos & Node::DOCUMENT_POSITION_PRECEDING != 0 {
            0
        } else {
            doc.char_len()
        };
    }
    if node == container_node {
        let children = container.child_nodes();
        return match children.item(offset) {
            Some(child) => node_start(container, doc, &child),
            None => doc.char_len(),
        };
    }
    // A text node (or element) inside a block: the block's start plus what precedes it there.
    let Some(block) = enclosing_block(container, node) else {
        // A separator text node of the container.
        return node_start(container, doc, node)
            + chars_from_utf16(&node.text_content().unwrap_or_default(), offset as usize);
    };
    let block_start = data_offset(&block, "data-start");
    let before = text_before_in(&block, node);
    let within = if node.node_type() == Node::TEXT_NODE {
        let text = node.text_content().unwrap_or_default();
        chars_from_utf16(&text, offset as usize)
    } else {
        // An element point: count the text of its first `offset` children.
        let kids = node.child_nodes();
        (0..offset.min(kids.length()))
            .filter_map(|i| kids.item(i))
            .map(|k| k.text_content().unwrap_or_default().chars().count())
            .sum()
    };
    (block_start + before + within).min(doc.char_len())
}

/// The start offset of a direct child of the container.
fn node_start(container: &Element, doc: &Document, child: &Node) -> usize {
    if let Some(el) = child.dyn_ref::<Element>() {
        if el.has_attribute("data-start") {
            return data_offset(el, "data-start");
        }
    }
    // A separator: it starts where the previous block ends (or at 0).
    let mut prev = child.previous_sibling();
    while let Some(p) = prev {
        if let Some(el) = p.dyn_ref::<Element>() {
            if el.has_attribute("data-end") {
                return data_offset(el, "data-end");
            }
        }
        prev = p.previous_sibling();
    }
    let _ = (container, doc);
    0
}

fn data_offset(el: &Element, attr: &str) -> usize {
    el.get_attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The block element (a direct child of the container with `data-start`) holding `node`.
fn enclosing_block(container: &Element, node: &Node) -> Option<Element> {
    let container_node: &Node = container.as_ref();
    let mut cur = node.clone();
    loop {
        let parent = cur.parent_node()?;
        if &parent == container_node {
            return cur
                .dyn_into::<Element>()
                .ok()
                .filter(|e| e.has_attribute("data-start"));
        }
        cur = parent;
    }
}

/// Code points of text in `block` that come before `node` (non-zero only when the block holds
/// more than one text node, as with the `<mark>` fallback).
fn text_before_in(block: &Element, node: &Node) -> usize {
    let block_node: &Node = block.as_ref();
    if block_node.child_nodes().length() <= 1 && node.parent_node().as_ref() == Some(block_node) {
        return 0;
    }
    let mut count = 0;
    let mut stack = vec![block_node.clone()];
    // Depth-first in document order; stop at `node`.
    while let Some(n) = stack.pop() {
        if &n == node {
            return count;
        }
        if n.node_type() == Node::TEXT_NODE {
            count += n.text_content().unwrap_or_default().chars().count();
            continue;
        }
        let kids = n.child_nodes();
        for i in (0..kids.length()).rev() {
            if let Some(k) = kids.item(i) {
                stack.push(k);
            }
        }
    }
    count
}

/// The DOM point of a code-point offset: a text node and a UTF-16 offset in it.
pub fn dom_point(container: &Element, doc: &Document, offset: usize) -> Option<(Node, u32)> {
    let blocks = doc.blocks();
    let mut i = doc.block_at(offset);
    if i >= blocks.len() || blocks[i].range.start > offset {
        // On a separator: the end of the previous block, or the start of the next.
        i = i.saturating_sub(1);
    }
    let block = blocks.get(i)?;
    let el = container.children().item(i as u32)?;
    let within = offset.clamp(block.range.start, block.range.end) - block.range.start;
    let text = el.first_child()?;
    if el.child_nodes().length() > 1 {
        return point_in_marked(&el, within);
    }
    let units = if doc.slice(block.range).is_ascii() {
        within
    } else {
        utf16_from_chars(doc.slice(block.range), within)
    };
    Some((text, units as u32))
}

/// In a block split into several text nodes (the `<mark>` fallback), the point `within` code points in.
fn point_in_marked(block: &Element, within: usize) -> Option<(Node, u32)> {
    let mut left = within;
    let mut stack = vec![Node::from(block.clone())];
    let mut last: Option<(Node, u32)> = None;
    while let Some(n) = stack.pop() {
        if n.node_type() == Node::TEXT_NODE {
            let text = n.text_content().unwrap_or_default();
            let len = text.chars().count();
            if left <= len {
                let u = utf16_from_chars(&text, left) as u32;
                return Some((n, u));
            }
            left -= len;
            let u = text.encode_utf16().count() as u32;
            last = Some((n, u));
            continue;
        }
        let kids = n.child_nodes();
        for i in (0..kids.length()).rev() {
            if let Some(k) = kids.item(i) {
                stack.push(k);
            }
        }
    }
    last
}

/// A live DOM Range over a code-point range of the article.
pub fn dom_range(container: &Element, doc: &Document, range: CharRange) -> Option<web_sys::Range> {
    let (sn, so) = dom_point(container, doc, range.start)?;
    let (en, eo) = dom_point(container, doc, range.end)?;
    let r = document().create_range().ok()?;
    r.set_start(&sn, so).ok()?;
    r.set_end(&en, eo).ok()?;
    Some(r)
}

/// A `StaticRange` over a code-point range, for painting. Unlike a live `Range`, the browser
/// does not update it on every DOM change (with 5,000 live ranges, each node removal anywhere
/// in the page pays for all of them); the article's DOM changes only when it is rendered again,
/// which repaints.
pub fn static_range(
    container: &Element,
    doc: &Document,
    range: CharRange,
) -> Option<web_sys::StaticRange> {
    let (sn, so) = dom_point(container, doc, range.start)?;
    let (en, eo) = dom_point(container, doc, range.end)?;
    web_sys::StaticRange::new(&web_sys::StaticRangeInit::new(&en, eo, &sn, so)).ok()
}

/// Scrolls the article so that `range` is in view, centred.
pub fn scroll_to(container: &Element, doc: &Document, range: CharRange) {
    reveal_all(container);
    let Some(el) = container.children().item(
        doc.block_at(range.start)
            .min(doc.blocks().len().saturating_sub(1)) as u32,
    ) else {
        return;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// The code-point offset under a viewport point, when it is in the article.
pub fn offset_at_point(container: &Element, doc: &Document, x: f64, y: f64) -> Option<usize> {
    let pos = document().caret_position_from_point(x as f32, y as f32)?;
    let node = pos.offset_node()?;
    let container_node: &Node = container.as_ref();
    if !container_node.contains(Some(&node)) {
        return None;
    }
    Some(offset_of_point(container, doc, &node, pos.offset()))
}

/// The article's container, when it is on the page.
pub fn article_element() -> Option<Element> {
    document()
        .query_selector("[data-testid=\"article\"]")
        .ok()
        .flatten()
}
