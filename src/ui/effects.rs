//! Carries out the core's [`Effect`]s: the only place the shell acts on the outside world on
//! the core's behalf. Outcomes come back as actions.

use gloo::timers::callback::Timeout;

use crate::app::{messages, Action, Effect, Focus, Fresh, NoticeAction};
use crate::model::Timestamp;
use crate::ui::store::Dispatch;
use crate::ui::{dom, io, storage};

/// Above this many bytes (estimated), autosave waits for a pause in the changes, and happens at
/// once when the page is hidden or closed, so each keystroke does not serialise megabytes.
const LARGE_SESSION: usize = 512 * 1024;

pub(crate) fn run(d: &Dispatch, effect: Effect) {
    match effect {
        Effect::Save => save(d),
        Effect::SaveExercise { slot, saved } => storage::save_exercise(d, &slot, &saved),
        Effect::ForgetExercise { slot } => storage::forget_exercise(&slot),
        Effect::Download(file) => {
            match dom::files::download(&file.name, file.mime, &file.contents) {
                Ok(()) => {
                    if let Some(done) = file.done {
                        d.send(Action::Downloaded(done));
                    }
                }
                Err(e) => d.send(Action::Notice(NoticeAction::Error(
                    messages::download_failed(file.what, &e),
                ))),
            }
        }
        Effect::Paint => paint(d),
        Effect::Reanchor(work) => io::reanchor_in_steps(d.clone(), *work),
        Effect::Reveal(range) => {
            if let Some(el) = dom::article_element() {
                let state = d.state();
                let doc = state.session().doc();
                dom::article::scroll_to(&el, doc, range);
                dom::paint::flash(&el, doc, range);
            }
        }
        Effect::ClearSelection => dom::selection::clear_selection(),
        Effect::Focus(target) => {
            // After the render that shows the new state: Yew renders in a task of the same
            // microtask queue, queued before this one. (A timer would run after key presses
            // already waiting, and a quick typist's first letters would miss the field.)
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move { focus(&d, &target) });
        }
        Effect::LookUp { slot, then } => {
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let found = storage::find(&slot).await;
                d.send(Action::Found {
                    slot,
                    found: Box::new(found),
                    then,
                });
            });
        }
        Effect::DeleteArticle { slot } => storage::delete_article(d, &slot),
        Effect::SaveAgain(ids) => storage::save_again(d, &ids),
    }
}

/// Paints the latest state's highlights, when the article is on the page.
pub(crate) fn paint(d: &Dispatch) {
    let state = d.state();
    if state.annotator.editing {
        return;
    }
    if let Some(el) = dom::article_element() {
        let session = state.session();
        dom::paint(
            &el,
            session.doc(),
            session.tags(),
            session.annotations(),
            state.list.selected.as_deref(),
        );
        let linked: Vec<(String, crate::model::CharRange)> = state
            .list
            .selected
            .as_deref()
            .map(|id| session.linked_with(id))
            .unwrap_or_default()
            .into_iter()
            .map(|a| (a.id.clone(), a.range))
            .collect();
        dom::paint_linked(&el, session.doc(), &linked);
        let suggested: Vec<_> = state
            .suggestions
            .shown(&state)
            .iter()
            .map(|s| s.range)
            .collect();
        dom::paint::paint_suggestions(&el, session.doc(), &suggested);
    }
}

fn save(d: &Dispatch) {
    let state = d.state();
    let session = state.session();
    let large = session.doc().text().len() + session.annotations().len() * 400 > LARGE_SESSION;
    if large {
        let d2 = d.clone();
        *d.store().pending_save.borrow_mut() = Some(Timeout::new(400, move || save_now(&d2)));
    } else {
        d.store().pending_save.borrow_mut().take();
        save_now(d);
    }
}

/// Saves the latest state now.
pub(crate) fn save_now(d: &Dispatch) {
    storage::save(d);
}

/// Saves at once if a save is waiting (the page is being hidden or closed).
pub(crate) fn flush_save(d: &Dispatch) {
    let waiting = d.store().pending_save.borrow_mut().take();
    if waiting.is_some() {
        save_now(d);
    }
    storage::flush(d);
}

fn focus(d: &Dispatch, target: &Focus) {
    match target {
        Focus::SelectedNote => {
            // Not shown (filtered out of the list, say): say how to write a note instead.
            if !dom::focus(".annotation-item.selected [data-testid=\"annotation-note\"]") {
                d.status(messages::NOTE_NEEDS_TAG.into());
            }
        }
        Focus::ListItem(id) => {
            let target = id.as_ref().map(|i| format!("[data-id=\"{i}\"] .quote"));
            if !target.is_some_and(|t| dom::focus(&t)) {
                dom::focus("[data-testid=\"annotation-list\"]");
            }
        }
    }
}

/// The time and randomness an action needs.
pub(crate) fn fresh() -> Fresh {
    Fresh {
        now_millis: dom::now_millis(),
        seed: uuid::Uuid::new_v4().as_u128(),
    }
}

pub(crate) fn now() -> Timestamp {
    Timestamp::from_unix_millis(dom::now_millis())
}
