//! The article: rendered and painted by `dom.rs`, outside Yew's virtual DOM, so a long article
//! costs one pass of element creation and highlights never split its text.

use std::sync::Arc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{AnnotatorAction, Pending};
use crate::model::text::Document;
use crate::ui::components::use_dispatch;
use crate::ui::{dom, effects};

#[derive(Properties, PartialEq)]
pub(crate) struct ArticleProps {
    pub doc: Arc<Document>,
    /// The tags, for the keyboard help.
    pub tags: crate::model::TagSet,
    pub editing: bool,
    /// Whether the edited text's annotations are being placed (the editor's save waits).
    #[prop_or_default]
    pub placing: bool,
    /// The keyboard caret (anchor, focus), while keyboard annotating is on.
    pub caret: Option<(usize, usize)>,
}

#[component]
pub(crate) fn ArticleView(props: &ArticleProps) -> Html {
    let d = use_dispatch();
    let node = use_node_ref();

    // Render the text once per document (and after the editor closes), then paint it.
    {
        let (d, node) = (d.clone(), node.clone());
        use_effect_with((props.doc.clone(), props.editing), move |(doc, _)| {
            if let Some(el) = node.cast::<Element>() {
                dom::paint::reset_marks();
                dom::render_article(&el, doc);
                let annotated = !d.state().session().annotations().is_empty();
                if annotated && dom::article::in_slices(doc) {
                    // Painting finds the blocks in view, which lays out the text just put in:
                    // in the task after the frame, the frame's own layout serves.
                    let d = d.clone();
                    dom::after_paint(move || effects::paint(&d));
                } else {
                    effects::paint(&d);
                }
            }
        });
    }
    // Only the blocks around the viewport are painted (`dom::paint`): after a scroll (at most
    // once a frame) the window follows when the viewport nears its edge.
    {
        let (d, node) = (d.clone(), node.clone());
        use_effect_with(props.doc.clone(), move |doc| {
            let doc = doc.clone();
            let follow = dom::once_a_frame(dom::FrameTime::Before, move || {
                if let Some(el) = node.cast::<Element>() {
                    if dom::paint::window_moved(&el, &doc) {
                        effects::paint(&d);
                    }
                }
            });
            let on_scroll = move |_: &web_sys::Event| follow();
            let window = gloo::utils::window();
            let listeners = [
                EventListener::new(&window, "scroll", on_scroll.clone()),
                EventListener::new(&window, "resize", on_scroll),
            ];
            move || drop(listeners)
        });
    }
    // Keyboard annotating: show the caret or the selection it extends.
    {
        let (doc, node) = (props.doc.clone(), node.clone());
        use_effect_with((props.caret, props.doc.clone()), move |(caret, _)| {
            if let Some(el) = node.cast::<Element>() {
                dom::selection::show_caret(&el, &doc, *caret);
                if caret.is_some() {
                    if let Some(h) = node.cast::<web_sys::HtmlElement>() {
                        let _ = h.focus();
                    }
                }
            }
        });
    }
    // A long press selects the word under the finger (where the browser does not already), so
    // the tag bar appears on touch screens too; and the text selection is followed, however it
    // was made (mouse, keyboard, script). The selection is read once a frame, once it is out,
    // not on every `selectionchange`: a drag fires one per mouse move, and reading the
    // selection lays the page out first (read before the frame, that would add to the frame
    // that shows a new tag). The key that tags reads the live selection itself: nothing waits
    // on this.
    {
        let (d, node) = (d.clone(), node.clone());
        use_effect_with((props.doc.clone(), props.editing), move |(doc, _)| {
            let mut listeners = node
                .cast::<Element>()
                .map(|el| long_press(&el, doc.clone()))
                .unwrap_or_default();
            let doc = doc.clone();
            let read = dom::once_a_frame(dom::FrameTime::After, move || {
                let Some(el) = node.cast::<Element>() else {
                    return;
                };
                let pending = dom::selection::selected_range(&el, &doc)
                    .filter(|r| doc.snap(*r).is_some())
                    .and_then(|range| {
                        dom::selection::selection_rect().map(|rect| Pending { range, rect })
                    });
                d.annotator(AnnotatorAction::Select(pending));
            });
            listeners.push(EventListener::new(
                &gloo::utils::document(),
                "selectionchange",
                move |_| read(),
            ));
            move || drop(listeners)
        });
    }

    let onclick = {
        let (d, node, doc) = (d.clone(), node.clone(), props.doc.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(el) = node.cast::<Element>() else {
                return;
            };
            let offset = dom::article::offset_at_point(&el, &doc, e.client_x(), e.client_y());
            d.annotator(AnnotatorAction::Click(offset));
        })
    };

    if props.editing {
        return html! { <TextEditor doc={props.doc.clone()} placing={props.placing} /> };
    }
    // The title is shown above the text unless the text itself starts with it.
    let title = {
        let doc = &props.doc;
        let first = doc.blocks().first().map(|b| doc.slice(b.range).trim());
        (first != Some(doc.title().trim_end_matches('…'))).then(|| doc.title().to_string())
    };
    let keyboard = props.caret.is_some();
    html! {
        <>
            if let Some(title) = title { <h1 class="article-title" dir="auto">{ title }</h1> }
            if keyboard {
                <p class="mode-help" id="mode-help">{ crate::app::messages::keyboard_help(&props.tags) }</p>
            }
            <article ref={node} class={classes!("article", keyboard.then_some("annotating"))} data-testid="article" lang="und"
                tabindex={keyboard.then_some("-1")} aria-describedby={keyboard.then_some("mode-help")} {onclick} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TextEditorProps {
    doc: Arc<Document>,
    placing: bool,
}

/// Editing the article's text; on save every annotation is re-anchored.
#[component]
fn TextEditor(props: &TextEditorProps) -> Html {
    let d = use_dispatch();
    let area = use_node_ref();
    // The text is put in once, when the editor opens: a `value` attribute would be set again on
    // each render (a notice, say), undoing the person's edits and costing a layout of the text.
    {
        let area = area.clone();
        use_effect_with(props.doc.clone(), move |doc| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                area.set_value(doc.text());
            }
        });
    }
    // From the click until the field is read, the editor already waits as it does while the
    // annotations are placed: a key typed in between would be lost.
    let reading = use_state(|| false);
    let busy = props.placing || *reading;
    let on_save = {
        let (d, area, reading) = (d.clone(), area.clone(), reading.clone());
        let of = props.doc.clone();
        Callback::from(move |_| {
            let Some(area) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            dom::mark("reanchor-start");
            reading.set(true);
            // In a task of its own: the click's task already has a frame to lay out, and
            // reading a 1 MB field and building its document is ~20 ms more.
            let (d, of, reading) = (d.clone(), of.clone(), reading.clone());
            gloo_timers::callback::Timeout::new(0, move || {
                let doc = dom::FieldText::read(&area).into_document(of.title());
                d.annotator(AnnotatorAction::SaveText { doc, of });
                reading.set(false); // a refused save gives the field back; else `placing` holds it
                if d.state().annotator.reanchoring.is_none() {
                    dom::mark("reanchor-end"); // else once the annotations are placed, in steps
                }
            })
            .forget();
        })
    };
    let on_cancel = Callback::from(move |_| d.annotator(AnnotatorAction::Edit(false)));
    html! {
        <div class="editor">
            <p class="hint">{ "Correct the text, then save: every highlight is found again in the new text, and any that cannot be found is kept as an orphan." }</p>
            <textarea ref={area} class="editor-area" data-testid="edit-text-area" dir="auto" aria-label="Article text"
                readonly={busy} />
            <div class="editor-actions">
                <button type="button" class="primary" data-testid="edit-text-save" onclick={on_save}
                    disabled={busy} aria-busy={busy.then_some("true")}>
                    { if busy { "Placing highlights…" } else { "Save text" } }
                </button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// Listens for a long press (about half a second without moving) on the article.
fn long_press(el: &Element, doc: Arc<Document>) -> Vec<EventListener> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let timer: Rc<RefCell<Option<gloo::timers::callback::Timeout>>> = Rc::default();
    let start = {
        let (timer, el2) = (timer.clone(), el.clone());
        EventListener::new(el, "touchstart", move |e| {
            let Some(t) = e
                .dyn_ref::<web_sys::TouchEvent>()
                .and_then(|t| t.touches().get(0))
            else {
                return;
            };
            let (x, y) = (f64::from(t.client_x()), f64::from(t.client_y()));
            let (doc, el) = (doc.clone(), el2.clone());
            *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(500, move || {
                let doc: &Document = &doc;
                if dom::selection::selected_range(&el, doc).is_some() {
                    return; // the browser selected already
                }
                if let Some(word) = dom::article::offset_at_point(&el, doc, x, y)
                    .and_then(|o| crate::model::navigate::word_at(doc, o))
                {
                    dom::selection::select_range(&el, doc, word);
                }
            }));
        })
    };
    let cancel = |name: &'static str| {
        let timer = timer.clone();
        EventListener::new(el, name, move |_| drop(timer.borrow_mut().take()))
    };
    vec![
        start,
        cancel("touchmove"),
        cancel("touchend"),
        cancel("touchcancel"),
    ]
}
