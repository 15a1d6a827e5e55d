//! The page's text selection inside the article, and the keyboard caret.

use wasm_bindgen::JsCast;
use web_sys::Element;

use super::article::{dom_point, offset_of_point, static_range};
use super::document;
use super::paint::{has_highlight_api, set_highlight, HIGHLIGHT_CARET};
use crate::model::text::{CharRange, Document};

/// The code-point range of the current text selection inside the article, if there is one
/// and it is not collapsed. Parts of the selection outside the article are cut off.
pub fn selected_range(container: &Element, doc: &Document) -> Option<CharRange> {
    // With a text field focused, the selection is in the field, not the article. Asking the
    // selection anything then lays the field out first (a megabyte pasted into "Load text":
    // about 50 ms).
    if document().active_element().is_some_and(|e| {
        e.is_instance_of::<web_sys::HtmlTextAreaElement>()
            || e.dyn_ref::<web_sys::HtmlInputElement>()
                .is_some_and(|i| i.selection_start().ok().flatten().is_some())
    }) {
        return None;
    }
    let selection = document().get_selection().ok()??;
    // `type` answers "None" without laying the page out; `rangeCount` lays it out first (a
    // just-loaded article, a just-built list: tens of milliseconds).
    if selection.type_() == "None" || selection.range_count() == 0 || selection.is_collapsed() {
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
    super::article::reveal_all(container);
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

/// Makes `range` the page's text selection.
pub fn select_range(container: &Element, doc: &Document, range: CharRange) {
    super::article::reveal_all(container);
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
