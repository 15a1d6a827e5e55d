//! The browser boundary: the only module that touches Selection, Range, `CSS.highlights`,
//! Blob and object URLs, and the article's own DOM.
//!
//! The article is rendered here, not through Yew's virtual DOM: one element per block, in text
//! order, each with `data-start`/`data-end` (code points) and one text node, and the `\n`
//! separators between blocks as text nodes of the container. So the container's `textContent`
//! is exactly the document text, and a DOM point maps to a code-point offset by looking only at
//! its block. UTF-16 offsets exist only inside this module.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, Node, Range};

use crate::model::extract;
use crate::model::text::{chars_from_utf16, utf16_from_chars, BlockKind, CharRange, Document};
use crate::model::{Annotation, Tag};

/// The highlight names registered in `CSS.highlights`; `styles/` paints them.
pub const HIGHLIGHT_SELECTED: &str = "cm-selected";
pub const HIGHLIGHT_OVERLAP: &str = "cm-overlap";
pub const HIGHLIGHT_FLASH: &str = "cm-flash";
pub const HIGHLIGHT_CARET: &str = "cm-caret";

pub fn highlight_name(tag: Tag) -> &'static str {
    match tag {
        Tag::Statement => "cm-statement",
        Tag::Agreement => "cm-agreement",
        Tag::Dispute => "cm-dispute",
    }
}

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Renders the article's blocks into `container`, replacing what was there.
pub fn render_article(container: &Element, doc: &Document) {
    mark("render-start");
    PAINTED.with(|p| *p.borrow_mut() = None);
    container.set_text_content(None);
    let d = document();
    let text = doc.text();
    let mut last_end = 0;
    let fragment = d.create_document_fragment();
    for block in doc.blocks() {
        if block.range.start > last_end {
            let sep = d.create_text_node(&"\n".repeat(block.range.start - last_end));
            let _ = fragment.append_child(&sep);
        }
        let tag = match block.kind {
            BlockKind::Heading => "h2",
            BlockKind::Paragraph => "p",
        };
        let Ok(el) = d.create_element(tag) else {
            continue;
        };
        let _ = el.set_attribute("dir", "auto");
        let _ = el.set_attribute("data-start", &block.range.start.to_string());
        let _ = el.set_attribute("data-end", &block.range.end.to_string());
        el.set_text_content(Some(doc.slice(block.range)));
        let _ = fragment.append_child(&el);
        last_end = block.range.end;
    }
    if doc.char_len() > last_end {
        let tail = d.create_text_node(&"\n".repeat(doc.char_len() - last_end));
        let _ = fragment.append_child(&tail);
    }
    let _ = container.append_child(&fragment);
    let _ = text;
    mark("render-end");
}

/// The code-point range of the current text selection inside the article, if there is one
/// and it is not collapsed. Parts of the selection outside the article are cut off.
pub fn selected_range(container: &Element, doc: &Document) -> Option<CharRange> {
    let selection = document().get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    if !range.intersects_node(container).unwrap_or(false) {
        return None;
    }
    let start = offset_of_point(
        container,
        doc,
        &range.start_container().ok()?,
        range.start_offset().ok()?,
    );
    let end = offset_of_point(
        container,
        doc,
        &range.end_container().ok()?,
        range.end_offset().ok()?,
    );
    CharRange::new(start.min(end), start.max(end)).filter(|r| !r.is_empty())
}

/// The viewport rectangle of the current selection, for placing the tag bar.
pub fn selection_rect() -> Option<(f64, f64, f64, f64)> {
    let selection = document().get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    let r = selection.get_range_at(0).ok()?.get_bounding_client_rect();
    Some((r.left(), r.top(), r.width(), r.height()))
}

pub fn clear_selection() {
    if let Ok(Some(s)) = document().get_selection() {
        let _ = s.remove_all_ranges();
    }
}

/// Whether the user is typing in a text field, where single-key shortcuts must not fire.
pub fn typing_in_field() -> bool {
    let Some(el) = document().active_element() else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    tag == "textarea"
        || (tag == "input"
            && !matches!(
                el.get_attribute("type").as_deref(),
                Some("button" | "checkbox" | "radio" | "file" | "submit")
            ))
        || el
            .dyn_ref::<HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
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
pub fn dom_range(container: &Element, doc: &Document, range: CharRange) -> Option<Range> {
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

/// Whether this browser has the CSS Custom Highlight API.
pub fn has_highlight_api() -> bool {
    let Ok(css) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("CSS")) else {
        return false;
    };
    !css.is_undefined()
        && js_sys::Reflect::get(&css, &JsValue::from_str("highlights"))
            .is_ok_and(|h| !h.is_undefined() && !h.is_null())
}

thread_local! {
    /// What the `<mark>` fallback last painted, so unchanged articles are not re-wrapped.
    static MARKED: RefCell<Option<Vec<(CharRange, Tag)>>> = const { RefCell::new(None) };
}

/// Paints every placed annotation, the selected one outlined and where highlights overlap.
///
/// The first paint after the article is rendered builds one `Highlight` per tag in one sweep.
/// After that only what changed is repainted: a new or changed annotation's range goes into a
/// small per-tag "recent" highlight (adding a range to a large highlight repaints all of it),
/// and a removed one is taken out. When the recent ones grow large, everything is rebuilt.
pub fn paint(
    container: &Element,
    doc: &Document,
    annotations: &[Annotation],
    selected: Option<&str>,
) {
    mark("paint-start");
    let placed: Vec<&Annotation> = annotations.iter().filter(|a| !a.is_orphaned()).collect();
    if has_highlight_api() {
        paint_highlights(container, doc, &placed, selected);
    } else {
        paint_marks(container, doc, &placed, selected);
    }
    mark("paint-end");
}

/// How many ranges the recent highlights may hold before everything is rebuilt.
const RECENT_LIMIT: usize = 48;

struct Painted {
    fingerprint: String,
    ranges: HashMap<String, (Tag, CharRange, web_sys::StaticRange, bool)>,
    overlaps: Vec<CharRange>,
    base: Vec<web_sys::Highlight>,
    recent: Vec<web_sys::Highlight>,
    recent_count: usize,
}

thread_local! {
    /// What the highlights show now; cleared when the article is rendered again.
    static PAINTED: RefCell<Option<Painted>> = const { RefCell::new(None) };
}

fn recent_name(tag: Tag) -> String {
    format!("{}-new", highlight_name(tag))
}

fn paint_highlights(
    container: &Element,
    doc: &Document,
    placed: &[&Annotation],
    selected: Option<&str>,
) {
    let registry = web_sys::css::JsNamespaceCss::highlights();
    PAINTED.with(|cell| {
        let mut cell = cell.borrow_mut();
        let stale = cell
            .as_ref()
            .is_none_or(|p| p.fingerprint != doc.fingerprint() || p.recent_count > RECENT_LIMIT);
        if stale {
            *cell = Some(paint_full(&registry, container, doc, placed));
        } else if let Some(p) = cell.as_mut() {
            paint_changes(p, container, doc, placed);
        }
        let p = cell.as_mut().expect("painted just above");
        let overlaps = overlap_ranges(placed);
        if overlaps != p.overlaps {
            let ranges: js_sys::Array = overlaps
                .iter()
                .filter_map(|r| static_range(container, doc, *r))
                .collect();
            set_highlight(&registry, HIGHLIGHT_OVERLAP, &ranges, 2);
            p.overlaps = overlaps;
        }
        let sel: js_sys::Array = selected
            .and_then(|id| p.ranges.get(id))
            .map(|(_, _, r, _)| js_sys::Array::of1(r))
            .unwrap_or_default();
        set_highlight(&registry, HIGHLIGHT_SELECTED, &sel, 3);
    });
}

fn paint_full(
    registry: &web_sys::HighlightRegistry,
    container: &Element,
    doc: &Document,
    placed: &[&Annotation],
) -> Painted {
    let mut ranges = HashMap::with_capacity(placed.len());
    let mut per_tag: [Vec<web_sys::AbstractRange>; 3] = Default::default();
    for a in placed {
        if let Some(r) = static_range(container, doc, a.range) {
            per_tag[tag_slot(a.tag)].push(r.clone().unchecked_into());
            ranges.insert(a.id.clone(), (a.tag, a.range, r, false));
        }
    }
    let mut base = Vec::new();
    let mut recent = Vec::new();
    for tag in Tag::ALL {
        let h = web_sys::Highlight::new(&per_tag[tag_slot(tag)]).expect("a Highlight of ranges");
        h.set_priority(1);
        registry.set(highlight_name(tag), &h);
        base.push(h);
        let n = web_sys::Highlight::new(&[]).expect("an empty Highlight");
        n.set_priority(1);
        registry.set(&recent_name(tag), &n);
        recent.push(n);
    }
    Painted {
        fingerprint: doc.fingerprint().to_string(),
        ranges,
        overlaps: Vec::new(),
        base,
        recent,
        recent_count: 0,
    }
}

fn paint_changes(p: &mut Painted, container: &Element, doc: &Document, placed: &[&Annotation]) {
    let wanted: HashMap<&str, &Annotation> = placed.iter().map(|a| (a.id.as_str(), *a)).collect();
    let gone: Vec<String> = p
        .ranges
        .iter()
        .filter(|(id, (tag, range, _, _))| {
            wanted
                .get(id.as_str())
                .is_none_or(|a| a.tag != *tag || a.range != *range)
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in gone {
        if let Some((tag, _, range, in_recent)) = p.ranges.remove(&id) {
            let h = if in_recent {
                &p.recent[tag_slot(tag)]
            } else {
                &p.base[tag_slot(tag)]
            };
            h.delete(&range);
        }
    }
    for a in placed {
        if p.ranges.contains_key(&a.id) {
            continue;
        }
        if let Some(r) = static_range(container, doc, a.range) {
            p.recent[tag_slot(a.tag)].add(&r);
            p.ranges.insert(a.id.clone(), (a.tag, a.range, r, true));
            p.recent_count += 1;
        }
    }
}

fn tag_slot(tag: Tag) -> usize {
    match tag {
        Tag::Statement => 0,
        Tag::Agreement => 1,
        Tag::Dispute => 2,
    }
}

fn set_highlight(
    registry: &web_sys::HighlightRegistry,
    name: &str,
    ranges: &js_sys::Array,
    priority: i32,
) {
    let ranges: Vec<web_sys::AbstractRange> = ranges.iter().map(|r| r.unchecked_into()).collect();
    if let Ok(h) = web_sys::Highlight::new(&ranges) {
        h.set_priority(priority);
        registry.set(name, &h);
    }
}

/// The stretches covered by two or more annotations.
fn overlap_ranges(sorted: &[&Annotation]) -> Vec<CharRange> {
    let mut events: Vec<(usize, i32)> = sorted
        .iter()
        .flat_map(|a| [(a.range.start, 1), (a.range.end, -1)])
        .collect();
    events.sort_unstable();
    let mut out: Vec<CharRange> = Vec::new();
    let (mut depth, mut open) = (0, 0);
    for (pos, delta) in events {
        let before = depth;
        depth += delta;
        if before < 2 && depth >= 2 {
            open = pos;
        } else if before >= 2 && depth < 2 && pos > open {
            out.push(CharRange {
                start: open,
                end: pos,
            });
        }
    }
    out
}

/// Briefly flashes a range (after jumping to an annotation from the list).
pub fn flash(container: &Element, doc: &Document, range: CharRange) {
    if !has_highlight_api() {
        return;
    }
    let Some(r) = static_range(container, doc, range) else {
        return;
    };
    let registry = web_sys::css::JsNamespaceCss::highlights();
    set_highlight(&registry, HIGHLIGHT_FLASH, &js_sys::Array::of1(&r), 4);
    gloo::timers::callback::Timeout::new(900, move || {
        web_sys::css::JsNamespaceCss::highlights().delete(HIGHLIGHT_FLASH);
    })
    .forget();
}

/// Scrolls the article so that `range` is in view, centred.
pub fn scroll_to(container: &Element, doc: &Document, range: CharRange) {
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

/// The fallback where `CSS.highlights` is missing: each block's text is split at annotation
/// boundaries and covered pieces are wrapped in `<mark>` elements (classes per tag).
fn paint_marks(
    container: &Element,
    doc: &Document,
    placed: &[&Annotation],
    selected: Option<&str>,
) {
    let wanted: Vec<(CharRange, Tag)> = placed.iter().map(|a| (a.range, a.tag)).collect();
    let unchanged = MARKED.with(|m| m.borrow().as_ref() == Some(&wanted));
    if !unchanged {
        let d = document();
        for (i, block) in doc.blocks().iter().enumerate() {
            let Some(el) = container.children().item(i as u32) else {
                continue;
            };
            let inside: Vec<&&Annotation> = placed
                .iter()
                .filter(|a| a.range.overlaps(block.range))
                .collect();
            if inside.is_empty() && el.child_nodes().length() <= 1 {
                continue;
            }
            let mut cuts = vec![block.range.start, block.range.end];
            for a in &inside {
                cuts.push(a.range.start.clamp(block.range.start, block.range.end));
                cuts.push(a.range.end.clamp(block.range.start, block.range.end));
            }
            cuts.sort_unstable();
            cuts.dedup();
            el.set_text_content(None);
            for w in cuts.windows(2) {
                let piece = CharRange {
                    start: w[0],
                    end: w[1],
                };
                let text = doc.slice(piece);
                let covering: Vec<&&&Annotation> = inside
                    .iter()
                    .filter(|a| a.range.start <= piece.start && piece.end <= a.range.end)
                    .collect();
                if covering.is_empty() {
                    let _ = el.append_child(&d.create_text_node(text));
                    continue;
                }
                let Ok(mark) = d.create_element("mark") else {
                    continue;
                };
                let mut classes = vec!["cm-mark".to_string()];
                for a in &covering {
                    classes.push(highlight_name(a.tag).to_string());
                }
                if covering.len() > 1 {
                    classes.push(HIGHLIGHT_OVERLAP.to_string());
                }
                classes.dedup();
                let _ = mark.set_attribute("class", &classes.join(" "));
                let ids: Vec<&str> = covering.iter().map(|a| a.id.as_str()).collect();
                let _ = mark.set_attribute("data-ids", &ids.join(" "));
                mark.set_text_content(Some(text));
                let _ = el.append_child(&mark);
            }
        }
        MARKED.with(|m| *m.borrow_mut() = Some(wanted));
    }
    // The selected annotation's pieces get an outline class.
    if let Ok(marks) = container.query_selector_all("mark.cm-mark") {
        for i in 0..marks.length() {
            if let Some(m) = marks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let is_sel = selected.is_some_and(|s| {
                    m.get_attribute("data-ids")
                        .is_some_and(|ids| ids.split(' ').any(|x| x == s))
                });
                let _ = m.class_list().toggle_with_force(HIGHLIGHT_SELECTED, is_sel);
            }
        }
    }
}

/// Forgets what the fallback painted (after the article was re-rendered).
pub fn reset_marks() {
    MARKED.with(|m| *m.borrow_mut() = None);
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

/// Offers `contents` as a file download.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make a download link".to_string())?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|_| "no link element".to_string())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("hidden", "").ok();
    document()
        .body()
        .ok_or("no page body")?
        .append_child(&a)
        .ok();
    a.click();
    a.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Why fetching an article failed.
pub enum FetchError {
    /// The request failed without a response: cross-origin refusal, offline, or a bad address.
    Refused,
    Status(u16),
}

/// Fetches a URL's body as text; the flag says whether it is HTML.
pub async fn fetch_text(url: &str) -> Result<(String, bool), FetchError> {
    let promise = gloo::utils::window().fetch_with_str(url);
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| FetchError::Refused)?
        .unchecked_into();
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let is_html = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.contains("html"));
    let text =
        wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| FetchError::Refused)?)
            .await
            .map_err(|_| FetchError::Refused)?;
    let text = text.as_string().unwrap_or_default();
    let looks_html = text.trim_start().starts_with('<');
    Ok((text, is_html || looks_html))
}

/// Parses HTML with the browser's DOMParser (its scripts never run, nothing is inserted into the
/// page) and keeps the article's text by the model's rules. `None` when no text is left.
pub fn html_to_document(html: &str) -> Option<Document> {
    let parser = web_sys::DomParser::new().ok()?;
    let parsed = parser
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let root = parsed.document_element()?;
    let tree = to_tree(&root);
    let doc = extract::extract(&tree).to_document();
    (!doc.text().trim().is_empty()).then_some(doc)
}

/// Copies a parsed page into the model's tree, without recursion, at most
/// [`extract::MAX_DEPTH`] levels deep.
fn to_tree(root: &Element) -> extract::Node {
    fn shallow(el: &Element) -> extract::Element {
        let attrs = extract::ATTRIBUTES
            .iter()
            .filter_map(|a| el.get_attribute(a).map(|v| (a.to_string(), v)))
            .collect();
        extract::Element {
            tag: el.local_name().to_lowercase(),
            attrs,
            children: Vec::new(),
        }
    }
    // Each frame: the element being built, its DOM children, and the next child to visit.
    let mut stack: Vec<(extract::Element, web_sys::NodeList, u32)> =
        vec![(shallow(root), root.child_nodes(), 0)];
    loop {
        let depth = stack.len();
        let (_, kids, next) = stack.last_mut().expect("the root frame is popped last");
        if *next < kids.length() && depth <= extract::MAX_DEPTH {
            let child = kids.item(*next);
            *next += 1;
            match child {
                Some(c) if c.node_type() == Node::TEXT_NODE => {
                    let text = c.text_content().unwrap_or_default();
                    stack
                        .last_mut()
                        .expect("a frame")
                        .0
                        .children
                        .push(extract::Node::Text(text));
                }
                Some(c) if c.node_type() == Node::ELEMENT_NODE => {
                    let el: Element = c.unchecked_into();
                    let kids = el.child_nodes();
                    stack.push((shallow(&el), kids, 0));
                }
                _ => {}
            }
            continue;
        }
        let (done, _, _) = stack.pop().expect("a frame");
        match stack.last_mut() {
            Some(parent) => parent.0.children.push(extract::Node::Element(done)),
            None => return extract::Node::Element(done),
        }
    }
}

/// The article's container, when it is on the page.
pub fn article_element() -> Option<Element> {
    document()
        .query_selector("[data-testid=\"article\"]")
        .ok()
        .flatten()
}

/// Shows the keyboard caret: a collapsed caret outlines the character after it; an extended
/// one becomes the page's text selection (so the tag bar and keys work as with the mouse).
pub fn show_caret(container: &Element, doc: &Document, caret: Option<(usize, usize)>) {
    let registry = has_highlight_api().then(web_sys::css::JsNamespaceCss::highlights);
    let Some((anchor, focus)) = caret else {
        if let Some(r) = registry {
            r.delete(HIGHLIGHT_CARET);
        }
        return;
    };
    let (anchor, focus) = (anchor.min(doc.char_len()), focus.min(doc.char_len()));
    let Ok(Some(selection)) = document().get_selection() else {
        return;
    };
    if anchor == focus {
        let _ = selection.remove_all_ranges();
        let next = doc.grapheme_after(focus);
        let shown = if next > focus {
            CharRange {
                start: focus,
                end: next,
            }
        } else {
            CharRange {
                start: doc.grapheme_before(focus),
                end: focus,
            }
        };
        if let (Some(r), Some(range)) = (registry, static_range(container, doc, shown)) {
            set_highlight(&r, HIGHLIGHT_CARET, &js_sys::Array::of1(&range), 5);
        }
    } else {
        if let Some(r) = registry {
            r.delete(HIGHLIGHT_CARET);
        }
        let (Some((an, ao)), Some((fnode, fo))) = (
            dom_point(container, doc, anchor),
            dom_point(container, doc, focus),
        ) else {
            return;
        };
        let _ = selection.set_base_and_extent(&an, ao, &fnode, fo);
    }
    // Keep the caret in view.
    if let Some(block) = container.children().item(
        doc.block_at(focus)
            .min(doc.blocks().len().saturating_sub(1)) as u32,
    ) {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
        block.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}

/// Moves keyboard focus to the element matching `selector`, if there is one.
pub fn focus(selector: &str) -> bool {
    match document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// Records a `performance.mark` (`claimmark:<name>`), so benchmarks and profiles can time
/// rendering, painting, exporting and re-anchoring from outside.
pub fn mark(name: &str) {
    if let Some(p) = gloo::utils::window().performance() {
        let _ = p.mark(&format!("claimmark:{name}"));
    }
}

/// Makes `range` the page's text selection.
pub fn select_range(container: &Element, doc: &Document, range: CharRange) {
    let (Some((sn, so)), Some((en, eo))) = (
        dom_point(container, doc, range.start),
        dom_point(container, doc, range.end),
    ) else {
        return;
    };
    if let Ok(Some(selection)) = document().get_selection() {
        let _ = selection.set_base_and_extent(&sn, so, &en, eo);
    }
}

/// The files chosen in the `<input type=file>` that fired `e`; the input is cleared, so choosing
/// the same file again fires again.
pub fn take_files(e: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}
