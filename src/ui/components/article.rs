//! The article: rendered and painted by `dom.rs`, outside Yew's virtual DOM, so a long article
//! costs one pass of element creation and highlights never split its text.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use crate::model::text::Document;
use crate::model::Command;
use crate::ui::dom;
use crate::ui::effects;
use crate::ui::state::{Action, AppContext, Pending};

#[component]
pub fn ArticleView() -> Html {
    let ctx = use_context::<AppContext>().expect("ArticleView is inside the app's context");
    let node = use_node_ref();

    // Render the text once per text change.
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with((ctx.text_revision, ctx.editing), move |_| {
            if let Some(el) = node.cast::<Element>() {
                dom::reset_marks();
                dom::render_article(&el, ctx.session().doc());
            }
        });
    }
    // Paint the highlights whenever annotations or the selected one change.
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with(
            (
                ctx.revision,
                ctx.text_revision,
                ctx.editing,
                ctx.selected.clone(),
            ),
            move |_| {
                if let Some(el) = node.cast::<Element>() {
                    let session = ctx.session();
                    dom::paint(
                        &el,
                        session.doc(),
                        session.annotations(),
                        ctx.selected.as_deref(),
                    );
                }
            },
        );
    }
    // Jump to the selected annotation when asked (list click, j/k).
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with(ctx.focus_serial, move |serial| {
            if *serial == 0 {
                return;
            }
            let Some(el) = node.cast::<Element>() else {
                return;
            };
            let session = ctx.session();
            if let Some(a) = ctx
                .selected
                .as_deref()
                .and_then(|id| session.get(id))
                .filter(|a| !a.is_orphaned())
            {
                dom::scroll_to(&el, session.doc(), a.range);
                dom::flash(&el, session.doc(), a.range);
            }
        });
    }
    // Keyboard annotating: show the caret or the selection it extends.
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with((ctx.caret, ctx.text_revision), move |(caret, _)| {
            if let Some(el) = node.cast::<Element>() {
                dom::show_caret(&el, ctx.session().doc(), *caret);
                if caret.is_some() {
                    if let Some(h) = node.cast::<web_sys::HtmlElement>() {
                        let _ = h.focus();
                    }
                }
            }
        });
    }
    // A long press selects the word under the finger (where the browser does not already), so
    // the tag bar appears on touch screens too.
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with(ctx.text_revision, move |_| {
            let listeners = node
                .cast::<Element>()
                .map(|el| long_press(&el, ctx.clone()));
            move || drop(listeners)
        });
    }
    // Follow the text selection, however it was made (mouse, keyboard, script).
    {
        let (ctx, node) = (ctx.clone(), node.clone());
        use_effect_with((ctx.text_revision, ctx.editing), move |_| {
            let listener =
                EventListener::new(&gloo::utils::document(), "selectionchange", move |_| {
                    let Some(el) = node.cast::<Element>() else {
                        return;
                    };
                    let session = ctx.session();
                    let pending = dom::selected_range(&el, session.doc())
                        .filter(|r| session.doc().snap(*r).is_some())
                        .and_then(|range| {
                            dom::selection_rect().map(|rect| Pending { range, rect })
                        });
                    drop(session);
                    ctx.dispatch(Action::Select(pending));
                });
            move || drop(listener)
        });
    }

    let onclick = {
        let (ctx, node) = (ctx.clone(), node.clone());
        Callback::from(move |e: MouseEvent| {
            if ctx.pending.is_some() {
                return;
            }
            let Some(el) = node.cast::<Element>() else {
                return;
            };
            let session = ctx.session();
            let hit = dom::offset_at_point(&el, session.doc(), e.client_x(), e.client_y())
                .and_then(|offset| effects::annotation_at(&session, offset));
            drop(session);
            if hit.is_some() || ctx.selected.is_some() {
                ctx.dispatch(Action::Focus {
                    id: hit,
                    jump: false,
                });
            }
        })
    };

    if ctx.editing {
        return html! { <TextEditor /> };
    }
    // The title is shown above the text unless the text itself starts with it.
    let title = {
        let session = ctx.session();
        let doc = session.doc();
        let first = doc.blocks().first().map(|b| doc.slice(b.range).trim());
        (first != Some(doc.title().trim_end_matches('…'))).then(|| doc.title().to_string())
    };
    html! {
        <>
            if let Some(title) = title { <h1 class="article-title" dir="auto">{ title }</h1> }
            if ctx.caret.is_some() {
                <p class="mode-help" id="mode-help">{ "Keyboard annotating: ← → move, Ctrl+← → by word, ↑ ↓ by sentence, Shift extends, S selects the sentence, 1 2 3 tag, N note, T tells the tag here, Esc leaves." }</p>
            }
            <article ref={node} class={classes!("article", ctx.caret.is_some().then_some("annotating"))} data-testid="article" lang="und"
                tabindex={ctx.caret.is_some().then_some("-1")} aria-describedby={ctx.caret.is_some().then_some("mode-help")} {onclick} />
        </>
    }
}

/// Editing the article's text; on save every annotation is re-anchored.
#[component]
fn TextEditor() -> Html {
    let ctx = use_context::<AppContext>().expect("TextEditor is inside the app's context");
    let area = use_node_ref();
    let text = ctx.session().doc().text().to_string();
    let on_save = {
        let (ctx, area) = (ctx.clone(), area.clone());
        Callback::from(move |_| {
            let Some(area) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let title = ctx.session().doc().title().to_string();
            let doc = Document::plain(&title, &area.value());
            if doc.text().trim().is_empty() {
                ctx.dispatch(Action::Error(
                    "The text cannot be empty. Cancel to keep the article as it was.".into(),
                ));
                return;
            }
            dom::mark("reanchor-start");
            ctx.dispatch(Action::Run(Command::ReplaceText { doc }));
            dom::mark("reanchor-end");
            ctx.dispatch(Action::Edit(false));
            let session = ctx.session();
            let count = |k: &str| {
                session
                    .annotations()
                    .iter()
                    .filter(|a| a.status.key() == k)
                    .count()
            };
            let msg = format!(
                "Text saved. {} anchored, {} relocated, {} orphaned.",
                count("anchored"),
                count("relocated"),
                count("orphaned")
            );
            drop(session);
            ctx.dispatch(Action::Status(msg));
        })
    };
    let on_cancel = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Edit(false)))
    };
    html! {
        <div class="editor">
            <p class="hint">{ "Correct the text, then save: every highlight is found again in the new text, and any that cannot be found is kept as an orphan." }</p>
            <textarea ref={area} class="editor-area" data-testid="edit-text-area" dir="auto" aria-label="Article text" value={text} />
            <div class="editor-actions">
                <button type="button" class="primary" data-testid="edit-text-save" onclick={on_save}>{ "Save text" }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// Listens for a long press (about half a second without moving) on the article.
fn long_press(el: &Element, ctx: AppContext) -> Vec<EventListener> {
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
            let (ctx, el) = (ctx.clone(), el2.clone());
            *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(500, move || {
                let session = ctx.session();
                let doc = session.doc();
                if dom::selected_range(&el, doc).is_some() {
                    return; // the browser selected already
                }
                if let Some(word) = dom::offset_at_point(&el, doc, x, y)
                    .and_then(|o| crate::model::navigate::word_at(doc, o))
                {
                    dom::select_range(&el, doc, word);
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
