//! Painting the annotations: one `Highlight` per tag of the set, named by the tag's slot
//! (`cm-t0`, see `model::tags::highlight_name`), in `CSS.highlights` (plus the overlap,
//! selected, flash and caret highlights), or `<mark>` elements where the API is missing. The
//! maths (overlaps, cutting blocks into pieces) is in `model::paint`.

use std::cell::RefCell;
use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::ops::Range;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::article::static_range;
use super::{document, mark};
use crate::model::paint::{overlaps, paint_window, pieces};
use crate::model::tags::{highlight_css, highlight_name, slot_class, MAX_TAGS};
use crate::model::text::{CharRange, Document};
use crate::model::{Annotation, Tag, TagSet};

/// The highlight names registered in `CSS.highlights`; `styles/` paints them.
pub const HIGHLIGHT_SELECTED: &str = "cm-selected";
pub const HIGHLIGHT_OVERLAP: &str = "cm-overlap";
pub const HIGHLIGHT_FLASH: &str = "cm-flash";
pub const HIGHLIGHT_CARET: &str = "cm-caret";
/// Suggested claims: dashed outlines, never an annotation's look (`styles/components.css`).
pub const HIGHLIGHT_SUGGESTED: &str = "cm-suggested";

thread_local! {
    /// [`has_highlight_api`], found out once.
    static HIGHLIGHTS: std::cell::OnceCell<bool> = const { std::cell::OnceCell::new() };
}

/// Whether annotations are painted with the CSS Custom Highlight API: the browser has
/// `CSS.highlights`, and its highlight styles pass from an element to its children (CSS
/// highlight inheritance), which the rules on `.article` need to reach the text of its blocks.
/// Where either is missing, annotations are `<mark>` elements.
pub fn has_highlight_api() -> bool {
    HIGHLIGHTS.with(|h| *h.get_or_init(|| has_registry() && highlights_inherit()))
}

fn has_registry() -> bool {
    let Ok(css) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("CSS")) else {
        return false;
    };
    !css.is_undefined()
        && js_sys::Reflect::get(&css, &JsValue::from_str("highlights"))
            .is_ok_and(|h| !h.is_undefined() && !h.is_null())
}

/// Whether a child's highlight style carries its parent's rule: asked of the browser on two
/// elements that live for the question (a browser that cannot answer counts as a no).
fn highlights_inherit() -> bool {
    let page = document();
    let (Ok(sheet), Some(body)) = (web_sys::CssStyleSheet::new(), page.body()) else {
        return false;
    };
    let rule = ".cm-probe::highlight(cm-probe) { background-color: rgb(1, 2, 3); }";
    let (Ok(()), Ok(parent), Ok(child)) = (
        sheet.replace_sync(rule),
        page.create_element("div"),
        page.create_element("span"),
    ) else {
        return false;
    };
    let before = adopt(&sheet);
    parent.set_class_name("cm-probe");
    let _ = parent.append_child(&child);
    let _ = body.append_child(&parent);
    let background = gloo::utils::window()
        .get_computed_style_with_pseudo_elt(&child, "::highlight(cm-probe)")
        .ok()
        .flatten()
        .and_then(|style| style.get_property_value("background-color").ok());
    parent.remove();
    page.set_adopted_style_sheets(&before);
    background.as_deref() == Some("rgb(1, 2, 3)")
}

/// Adds `sheet` to the page's adopted style sheets; gives those it had before.
fn adopt(sheet: &web_sys::CssStyleSheet) -> js_sys::Array {
    let page = document();
    // Copies: `adoptedStyleSheets` is a live array.
    let before = js_sys::Array::from(&page.adopted_style_sheets());
    let now = js_sys::Array::from(&before);
    now.push(sheet);
    page.set_adopted_style_sheets(&now);
    before
}

/// Paints every placed annotation, the selected one outlined and where highlights overlap.
///
/// The first paint after the article is rendered builds one `Highlight` per tag in one sweep.
/// After that only what changed is repainted: a new or changed annotation's range goes into a
/// small per-tag "recent" highlight (adding a range to a large highlight repaints all of it),
/// and a removed one is taken out. When the recent ones grow large, everything is rebuilt.
pub fn paint<'a>(
    container: &Element,
    doc: &Document,
    tags: &TagSet,
    annotations: impl IntoIterator<Item = &'a Annotation>,
    selected: Option<&str>,
) {
    mark("paint-start");
    let placed: Vec<&Annotation> = annotations
        .into_iter()
        .filter(|a| !a.is_orphaned())
        .collect();
    if has_highlight_api() {
        paint_highlights(container, doc, tags, &placed, selected);
    } else {
        paint_marks(container, doc, tags, &placed, selected);
    }
    mark("paint-end");
}

/// How many ranges the recent highlights may hold before everything is rebuilt.
const RECENT_LIMIT: usize = 48;

/// Blocks painted beyond the visible ones on each side (`model::paint::paint_window`).
const WINDOW_MARGIN: usize = 40;

/// A placed annotation as painted: its slot (its tag's position in `tags`), its range, and,
/// when it lies in the painted window, its `StaticRange` and whether that is in the recent
/// highlight.
struct Entry {
    slot: usize,
    range: CharRange,
    shown: Option<(web_sys::StaticRange, bool)>,
}

/// What the highlights show: every placed annotation is known, only those in `window` (the
/// blocks around the viewport, as text) are registered.
struct Painted {
    fingerprint: String,
    tags: TagSet,
    blocks: Range<usize>,
    window: CharRange,
    ranges: FxHashMap<String, Entry>,
    overlaps: Vec<CharRange>,
    /// The annotation the selected highlight shows (set again only when it changes: replacing
    /// a highlight makes Chromium restyle every highlighted text).
    selected: Option<(String, CharRange)>,
    base: Vec<web_sys::Highlight>,
    recent: Vec<web_sys::Highlight>,
    recent_count: usize,
}

fn recent_name(slot: usize) -> String {
    format!("{}-new", highlight_name(slot))
}

/// The slot of an annotation's tag; a tag the set lacks (never, by the session's invariant)
/// would paint in the first.
fn slot(tags: &TagSet, tag: Tag) -> usize {
    tags.index(tag).unwrap_or(0)
}

/// Whether `range` touches the painted text `window`.
fn in_window(window: CharRange, range: CharRange) -> bool {
    range.start < window.end && range.end > window.start
        || (range.is_empty() && window.start <= range.start && range.start <= window.end)
}

/// The blocks on screen now: the first whose bottom is below the viewport's top, up to the
/// first whose top is below its bottom (binary searches over the blocks' boxes; blocks not yet
/// shown count as below).
fn visible_blocks(container: &Element, n: usize) -> Range<usize> {
    let height = gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(900.0);
    let children = container.children();
    let edges = |i: usize| -> Option<(f64, f64)> {
        let el = children.item(i as u32)?;
        if el.has_attribute("hidden") {
            return None;
        }
        let r = el.get_bounding_client_rect();
        Some((r.top(), r.bottom()))
    };
    let first_where = |below: &dyn Fn(Option<(f64, f64)>) -> bool| {
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if below(edges(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let start = first_where(&|e| e.is_none_or(|(_, bottom)| bottom > 0.0));
    let end = first_where(&|e| e.is_none_or(|(top, _)| top > height));
    start..end.max(start + 1).min(n)
}

/// The text of blocks `blocks` (from the first's start to the last's end).
fn window_text(doc: &Document, blocks: &Range<usize>) -> CharRange {
    let b = doc.blocks();
    match (
        b.get(blocks.start),
        blocks.end.checked_sub(1).and_then(|i| b.get(i)),
    ) {
        (Some(first), Some(last)) => CharRange {
            start: first.range.start,
            end: last.range.end,
        },
        _ => CharRange {
            start: 0,
            end: doc.char_len(),
        },
    }
}

thread_local! {
    /// The blocks on screen when last looked at (after a scroll), so a paint between scrolls
    /// does not force a layout to find them.
    static VISIBLE: RefCell<Option<Range<usize>>> = const { RefCell::new(None) };
}

/// Whether scrolling has taken the viewport out of the painted window (then paint again).
pub fn window_moved(container: &Element, doc: &Document) -> bool {
    let n = doc.blocks().len();
    let visible = visible_blocks(container, n);
    VISIBLE.with(|v| *v.borrow_mut() = Some(visible.clone()));
    PAINTED.with(|cell| {
        let cell = cell.borrow();
        let Some(p) = cell.as_ref() else {
            return false;
        };
        paint_window(visible, Some(p.blocks.clone()), n, WINDOW_MARGIN).is_some()
    })
}

fn paint_highlights(
    container: &Element,
    doc: &Document,
    tags: &TagSet,
    placed: &[&Annotation],
    selected: Option<&str>,
) {
    let registry = web_sys::css::JsNamespaceCss::highlights();
    let n = doc.blocks().len();
    PAINTED.with(|cell| {
        let mut cell = cell.borrow_mut();
        if placed.is_empty() {
            // Nothing to paint: no need to know what is on screen (asking would make the
            // browser lay out a just-loaded article inside this task instead of its frame).
            for s in 0..MAX_TAGS {
                registry.delete(&highlight_name(s));
                registry.delete(&recent_name(s));
            }
            registry.delete(HIGHLIGHT_SELECTED);
            registry.delete(HIGHLIGHT_OVERLAP);
            *cell = None;
            return;
        }
        let current = cell
            .as_ref()
            .filter(|p| p.fingerprint == doc.fingerprint())
            .map(|p| p.blocks.clone());
        let visible = match (&current, VISIBLE.with(|v| v.borrow().clone())) {
            (Some(_), Some(v)) => v,
            _ => visible_blocks(container, n),
        };
        let moved = paint_window(visible, current.clone(), n, WINDOW_MARGIN);
        // Everything is painted again for another text or tag set, another window, and when
        // more ranges are new than the recent highlights should hold (an import: one sweep,
        // not 5,000 adds).
        let stale = moved.is_some()
            || cell.as_ref().is_none_or(|p| {
                let added = placed
                    .iter()
                    .filter(|a| !p.ranges.contains_key(&a.id) && in_window(p.window, a.range))
                    .count();
                p.fingerprint != doc.fingerprint()
                    || p.recent_count + added > RECENT_LIMIT
                    || p.tags != *tags
            });
        if stale {
            mark("paint-full");
            let blocks = moved.or(current).unwrap_or(0..n);
            *cell = Some(paint_full(&registry, container, doc, tags, placed, blocks));
        } else if let Some(p) = cell.as_mut() {
            paint_changes(p, container, doc, placed);
        }
        let p = cell.as_mut().expect("painted just above");
        let window = p.window;
        let overlaps = overlaps(
            placed
                .iter()
                .map(|a| &a.range)
                .filter(|r| in_window(window, **r)),
        );
        if overlaps != p.overlaps {
            let ranges: js_sys::Array = overlaps
                .iter()
                .filter_map(|r| static_range(container, doc, *r))
                .collect();
            set_highlight(&registry, HIGHLIGHT_OVERLAP, &ranges, 2);
            p.overlaps = overlaps;
        }
        let wanted = selected.and_then(|id| p.ranges.get_key_value(id));
        let now = wanted.map(|(id, e)| (id.clone(), e.range));
        if now != p.selected {
            let sel: js_sys::Array = wanted
                .and_then(|(_, e)| match &e.shown {
                    Some((r, _)) => Some(r.clone()),
                    None => static_range(container, doc, e.range),
                })
                .map(|r| js_sys::Array::of1(&r))
                .unwrap_or_default();
            set_highlight(&registry, HIGHLIGHT_SELECTED, &sel, 3);
            p.selected = now;
        }
    });
}

fn paint_full(
    registry: &web_sys::HighlightRegistry,
    container: &Element,
    doc: &Document,
    tags: &TagSet,
    placed: &[&Annotation],
    blocks: Range<usize>,
) -> Painted {
    let window = window_text(doc, &blocks);
    let mut ranges = FxHashMap::with_capacity_and_hasher(placed.len(), Default::default());
    let mut per_slot: Vec<Vec<web_sys::AbstractRange>> = vec![Vec::new(); tags.len()];
    for a in placed {
        let s = slot(tags, a.tag);
        let shown = in_window(window, a.range)
            .then(|| static_range(container, doc, a.range))
            .flatten();
        if let Some(r) = &shown {
            per_slot[s].push(r.clone().unchecked_into());
        }
        ranges.insert(
            a.id.clone(),
            Entry {
                slot: s,
                range: a.range,
                shown: shown.map(|r| (r, false)),
            },
        );
    }
    let mut base = Vec::with_capacity(tags.len());
    let mut recent = Vec::with_capacity(tags.len());
    for (s, slot_ranges) in per_slot.iter().enumerate() {
        let h = web_sys::Highlight::new(slot_ranges).expect("a Highlight of ranges");
        h.set_priority(1);
        registry.set(&highlight_name(s), &h);
        base.push(h);
        let n = web_sys::Highlight::new(&[]).expect("an empty Highlight");
        n.set_priority(1);
        registry.set(&recent_name(s), &n);
        recent.push(n);
    }
    // The selected highlight is set again below, from this new state.
    registry.delete(HIGHLIGHT_SELECTED);
    style_slots(tags.len());
    // Slots the set no longer has (a tag was deleted) show nothing.
    for s in tags.len()..MAX_TAGS {
        registry.delete(&highlight_name(s));
        registry.delete(&recent_name(s));
    }
    Painted {
        fingerprint: doc.fingerprint().to_string(),
        tags: tags.clone(),
        blocks,
        window,
        ranges,
        overlaps: Vec::new(),
        selected: None,
        base,
        recent,
        recent_count: 0,
    }
}

thread_local! {
    /// The adopted style sheet with the `::highlight()` rules of the painted set's slots, and
    /// how many slots they cover.
    static SLOT_STYLES: RefCell<Option<(web_sys::CssStyleSheet, usize)>> = const { RefCell::new(None) };
}

/// Gives the first `slots` highlights their look: rules for the set's slots only, since each
/// rule costs Chromium a style per element under the article (`model::tags::highlight_css`).
fn style_slots(slots: usize) {
    SLOT_STYLES.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_some_and(|(_, n)| *n == slots) {
            return;
        }
        let sheet = match cell.take() {
            Some((sheet, _)) => sheet,
            None => {
                let Ok(sheet) = web_sys::CssStyleSheet::new() else {
                    return;
                };
                adopt(&sheet);
                sheet
            }
        };
        // Rules this module writes always parse; were one refused, the highlights would show
        // their ranges without colour, and the next set would try again.
        let covered = match sheet.replace_sync(&highlight_css(slots)) {
            Ok(()) => slots,
            Err(_) => usize::MAX,
        };
        *cell = Some((sheet, covered));
    });
}

fn paint_changes(p: &mut Painted, container: &Element, doc: &Document, placed: &[&Annotation]) {
    let wanted: FxHashMap<&str, &Annotation> = placed.iter().map(|a| (a.id.as_str(), *a)).collect();
    let gone: Vec<String> = p
        .ranges
        .iter()
        .filter(|(id, e)| {
            wanted
                .get(id.as_str())
                .is_none_or(|a| slot(&p.tags, a.tag) != e.slot || a.range != e.range)
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in gone {
        if let Some(Entry {
            slot,
            shown: Some((range, in_recent)),
            ..
        }) = p.ranges.remove(&id)
        {
            let h = if in_recent { &p.recent } else { &p.base };
            if let Some(h) = h.get(slot) {
                h.delete(&range);
            }
        }
    }
    for a in placed {
        if p.ranges.contains_key(&a.id) {
            continue;
        }
        let s = slot(&p.tags, a.tag);
        let shown = in_window(p.window, a.range)
            .then(|| static_range(container, doc, a.range))
            .flatten();
        if let Some(r) = &shown {
            if let Some(h) = p.recent.get(s) {
                h.add(r);
            }
            p.recent_count += 1;
        }
        p.ranges.insert(
            a.id.clone(),
            Entry {
                slot: s,
                range: a.range,
                shown: shown.map(|r| (r, true)),
            },
        );
    }
}

pub(super) fn set_highlight(
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

/// The highlight of the annotations linked to the selected one (the claims it answers and
/// those answering it), so both ends of a link show in the article.
pub const HIGHLIGHT_LINKED: &str = "cm-linked";

/// Paints the other ends of the selected annotation's links (`linked`: their ids and ranges).
pub fn paint_linked(container: &Element, doc: &Document, linked: &[(String, CharRange)]) {
    if has_highlight_api() {
        let ranges: Vec<CharRange> = linked.iter().map(|(_, r)| *r).collect();
        set_if_changed(container, doc, HIGHLIGHT_LINKED, &ranges, 3);
        return;
    }
    if let Ok(marks) = container.query_selector_all("mark.cm-mark") {
        for i in 0..marks.length() {
            if let Some(m) = marks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let on = m.get_attribute("data-ids").is_some_and(|ids| {
                    ids.split(' ').any(|x| linked.iter().any(|(id, _)| id == x))
                });
                let _ = m.class_list().toggle_with_force(HIGHLIGHT_LINKED, on);
            }
        }
    }
}

/// Outlines the suggested claims (or none). Only with the Custom Highlight API: without it the
/// list beside the article still shows them, and the article's `<mark>`s stay annotations only.
pub fn paint_suggestions(container: &Element, doc: &Document, ranges: &[CharRange]) {
    if !has_highlight_api() {
        return;
    }
    set_if_changed(container, doc, HIGHLIGHT_SUGGESTED, ranges, 0);
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

/// The fallback where `CSS.highlights` is missing: each block's text is split at annotation
/// boundaries and covered pieces are wrapped in `<mark>` elements (a slot class per tag, the
/// tags' ids in `data-tags`).
fn paint_marks(
    container: &Element,
    doc: &Document,
    tags: &TagSet,
    placed: &[&Annotation],
    selected: Option<&str>,
) {
    let wanted: Vec<(CharRange, usize)> = placed
        .iter()
        .map(|a| (a.range, slot(tags, a.tag)))
        .collect();
    let unchanged = MARKED.with(|m| m.borrow().as_ref() == Some(&wanted));
    if !unchanged {
        let d = document();
        for (i, block) in doc.blocks().iter().enumerate() {
            let Some(el) = container.children().item(i as u32) else {
                continue;
            };
            let cut = pieces(block.range, placed);
            if cut.len() == 1 && cut[0].covering.is_empty() && el.child_nodes().length() <= 1 {
                continue;
            }
            el.set_text_content(None);
            for piece in cut {
                let text = doc.slice(piece.range);
                if piece.covering.is_empty() {
                    let _ = el.append_child(&d.create_text_node(text));
                    continue;
                }
                let Ok(mark) = d.create_element("mark") else {
                    continue;
                };
                let mut classes = vec!["cm-mark".to_string()];
                for a in &piece.covering {
                    classes.push(slot_class(slot(tags, a.tag)));
                }
                let ids: Vec<&str> = piece.covering.iter().map(|a| a.tag.id()).collect();
                let _ = mark.set_attribute("data-tags", &ids.join(" "));
                if piece.covering.len() > 1 {
                    classes.push(HIGHLIGHT_OVERLAP.to_string());
                }
                classes.dedup();
                let _ = mark.set_attribute("class", &classes.join(" "));
                let ids: Vec<&str> = piece.covering.iter().map(|a| a.id.as_str()).collect();
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

thread_local! {
    /// What the `<mark>` fallback last painted, so unchanged articles are not re-wrapped.
    static MARKED: RefCell<Option<Vec<(CharRange, usize)>>> = const { RefCell::new(None) };
}

thread_local! {
    /// What the highlights show now; cleared when the article is rendered again.
    static PAINTED: RefCell<Option<Painted>> = const { RefCell::new(None) };
}

/// Forgets what the highlights show (the article is being rendered again).
pub(super) fn forget_painted() {
    PAINTED.with(|p| *p.borrow_mut() = None);
    VISIBLE.with(|v| *v.borrow_mut() = None);
    EXTRA.with(|e| e.borrow_mut().clear());
}

thread_local! {
    /// What the linked and suggested highlights show (by name), so an unchanged one is not set
    /// again: replacing a highlight makes Chromium restyle all highlighted text of the page.
    static EXTRA: RefCell<HashMap<&'static str, Vec<CharRange>>> = RefCell::new(HashMap::new());
}

/// Sets the highlight `name` to `ranges`, unless it already shows exactly those.
fn set_if_changed(
    container: &Element,
    doc: &Document,
    name: &'static str,
    ranges: &[CharRange],
    priority: i32,
) {
    let same = EXTRA.with(|e| e.borrow().get(name).is_some_and(|r| r == ranges));
    if same {
        return;
    }
    let registry = web_sys::css::JsNamespaceCss::highlights();
    if ranges.is_empty() {
        registry.delete(name);
    } else {
        let array: js_sys::Array = ranges
            .iter()
            .filter_map(|r| static_range(container, doc, *r))
            .collect();
        set_highlight(&registry, name, &array, priority);
    }
    EXTRA.with(|e| e.borrow_mut().insert(name, ranges.to_vec()));
}
