//! The browser boundary: the only code that touches Selection, Range, `CSS.highlights`, Blob
//! and object URLs, and the article's own DOM. UTF-16 offsets exist only in here.
//!
//! - [`article`]: renders the article outside Yew's virtual DOM and maps DOM points to
//!   code-point offsets and back;
//! - [`selection`]: the page's text selection and the keyboard caret;
//! - [`paint`]: highlights with `CSS.highlights` (or `<mark>` elements where it is missing);
//! - [`files`]: downloads and chosen files; [`net`]: fetching an article; [`html`]: reading a
//!   page's HTML with the browser's parser into the model's tree.

pub mod article;
pub mod files;
pub mod html;
pub mod net;
pub mod paint;
pub mod selection;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::model::text::Document;

pub use article::{article_element, dom_point, dom_range, offset_of_point, render_article};
pub use paint::{has_highlight_api, paint, paint_linked, HIGHLIGHT_SELECTED};
pub use selection::selected_range;

pub(crate) fn document() -> web_sys::Document {
    gloo::utils::document()
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

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Milliseconds on the page's monotonic clock (`performance.now()`), for time budgets.
pub fn now_ms() -> f64 {
    gloo::utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
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

/// A text field's value, read once: as UTF-8 at its exact size for the model, and as the page's
/// own string. Reading `value()` reserves three bytes per UTF-16 unit first, and the module's
/// memory never shrinks (for a pasted 1 MB article, 2 MB more for good); and rendering a
/// document of exactly this text can reuse the page's string instead of decoding 1 MB again
/// ([`FieldText::into_document`]). Unpaired surrogates become U+FFFD, as with `value()`.
pub struct FieldText {
    pub text: String,
    value: js_sys::JsString,
}

impl FieldText {
    pub fn read(field: &web_sys::HtmlTextAreaElement) -> FieldText {
        let value = js_sys::Reflect::get(field, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            .unwrap_or_default();
        let bytes = Utf8Encoder::new().encode(&value).to_vec();
        FieldText {
            text: String::from_utf8(bytes).unwrap_or_default(),
            value,
        }
    }

    /// The plain-text document of the field's text. When the document's text is the field's
    /// as it is, its next rendering takes it from the field's string instead of decoding it
    /// again; not when it has a U+FFFD, which may stand for an unpaired surrogate still in the
    /// field's string.
    pub fn into_document(self, title: &str) -> Document {
        let doc = Document::plain(title, &self.text);
        if doc.text() == self.text && !self.text.contains('\u{fffd}') {
            article::offer_text(doc.fingerprint(), self.value);
        }
        doc
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `TextEncoder`, taking the string as a JavaScript value so that it is not first copied
    /// into the module (web-sys's `encode_with_input` takes a `&str`).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Utf8Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

/// Records a `performance.mark` (`claimmark:<name>`), so benchmarks and profiles can time
/// rendering, painting, exporting and re-anchoring from outside.
pub fn mark(name: &str) {
    if let Some(p) = gloo::utils::window().performance() {
        let _ = p.mark(&format!("claimmark:{name}"));
    }
}

/// Scrolls the annotation list (its own scroll box, not the page) just enough to show the
/// item of annotation `id`, when the item is built and out of sight.
pub fn show_in_list(id: &str) {
    let Some(list) = document()
        .query_selector("[data-testid=\"annotation-list\"]")
        .ok()
        .flatten()
    else {
        return;
    };
    let children = list.children();
    let Some(item) = (0..children.length())
        .filter_map(|i| children.item(i))
        .find(|el| el.get_attribute("data-id").as_deref() == Some(id))
    else {
        return;
    };
    let (outer, inner) = (
        list.get_bounding_client_rect(),
        item.get_bounding_client_rect(),
    );
    const MARGIN: f64 = 8.0;
    let by = if inner.top() < outer.top() {
        inner.top() - outer.top() - MARGIN
    } else if inner.bottom() > outer.bottom() {
        // Its top stays in sight when it is taller than the box.
        (inner.bottom() - outer.bottom() + MARGIN).min(inner.top() - outer.top() - MARGIN)
    } else {
        return;
    };
    list.set_scroll_top(list.scroll_top() + by.round());
}

/// When [`once_a_frame`] runs its work: in the next animation frame callback (before the frame
/// is rendered), or once that frame is out.
#[derive(Clone, Copy)]
pub enum FrameTime {
    Before,
    After,
}

/// A handler for events that may fire many times a frame (scroll, `selectionchange`): the first
/// call schedules `f` at `when`, later calls until it has run are dropped.
pub fn once_a_frame(when: FrameTime, f: impl Fn() + 'static) -> impl Fn() + Clone {
    let f = std::rc::Rc::new(f);
    let queued = std::rc::Rc::new(std::cell::Cell::new(false));
    move || {
        if queued.replace(true) {
            return;
        }
        let (f, queued) = (f.clone(), queued.clone());
        let run = move || {
            queued.set(false);
            f();
        };
        match when {
            FrameTime::Before => after_frame(run),
            FrameTime::After => after_paint(run),
        }
    }
}

/// Runs `f` once the next frame is out: a task queued from its animation frame callback.
pub fn after_paint(f: impl FnOnce() + 'static) {
    after_frame(move || {
        gloo::timers::callback::Timeout::new(0, f).forget();
    });
}

/// Runs `f` at the next animation frame (before it is rendered).
pub fn after_frame(f: impl FnOnce() + 'static) {
    let step = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = gloo::utils::window().request_animation_frame(step.unchecked_ref());
}
