//! The root component: the reducer, the context, and the effects that act on changes
//! (autosave, keyboard shortcuts).

use std::cell::RefCell;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::{Command, Session, Tag};
use crate::ui::components::{
    annotation_list::AnnotationList, article::ArticleView, class_view::ClassResults,
    classroom_bar::ClassroomBar, confirm::ConfirmDialog, exercise_form::ExerciseForm,
    load_panel::LoadPanel, notices::Notices, student_panel::StudentPanel, tag_bar::TagBar,
    toolbar::Toolbar,
};
use crate::ui::effects;
use crate::ui::state::{Action, AppContext, AppState};
use crate::ui::{dom, storage};

thread_local! {
    /// The latest session, for the crash screen's "download my annotations".
    static LAST_GOOD: RefCell<Option<crate::ui::state::SessionRef>> = const { RefCell::new(None) };
}

fn initial_state() -> (AppState, Option<String>) {
    match storage::load_current() {
        storage::Startup::Restored { slot, session } => {
            let mut state = AppState::new(session);
            state.slot = slot.into();
            (state, None)
        }
        storage::Startup::Empty => (AppState::new(Session::new(effects::sample())), None),
        storage::Startup::Corrupt { kept_as, reason } => {
            let kept = match kept_as {
                Some(key) => format!("It was kept aside in the browser's storage as “{key}”, so nothing was overwritten."),
                None => "It was left where it was and will not be overwritten.".into(),
            };
            (AppState::new(Session::new(effects::sample())), Some(format!("The saved work could not be opened: {reason}. {kept} The sample article is shown instead.")))
        }
    }
}

#[component]
pub fn App() -> Html {
    let startup_error = use_mut_ref(|| None::<String>);
    let state = use_reducer_eq(|| {
        let (state, error) = initial_state();
        *startup_error.borrow_mut() = error;
        state
    });
    {
        let state = state.clone();
        let err = startup_error.borrow_mut().take();
        use_effect_with((), move |_| {
            if let Some(e) = err {
                state.dispatch(Action::Error(e));
            }
            // An exercise link opens the exercise; a student's saved exercise comes back.
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            match crate::model::classroom::link::from_fragment(&hash) {
                Some(Ok(json)) => effects::open_exercise(&state, "the link", &json, None),
                Some(Err(e)) => state.dispatch(Action::Error(format!("The exercise link could not be opened: {e}. Ask for the exercise file instead."))),
                None => {
                    if let Some(saved) = storage::load_exercise(&state.slot) {
                        let json = saved.json.clone();
                        effects::open_exercise(&state, "the saved exercise", &json, Some(saved));
                    }
                }
            }
        });
    }
    // A student's name and progress are kept with their exercise.
    {
        let state = state.clone();
        use_effect_with(
            (state.student.clone(), state.slot.clone()),
            move |(student, slot)| {
                if let Some(work) = student {
                    let saved = storage::SavedExercise {
                        json: work.json.to_string(),
                        student: work.student.clone(),
                        started: work.started.as_str().to_string(),
                        submitted: work.submitted,
                    };
                    if let Err(e) = storage::save_exercise(slot, &saved) {
                        state.dispatch(Action::StorageProblem(Some(storage::describe(&e))));
                    }
                }
            },
        );
    }

    // Autosave after every change, before the next event can run. A long session (a 1 MB
    // article, thousands of annotations) is saved once typing pauses, and at once when the page
    // is hidden or closed, so each keystroke does not serialise megabytes.
    let pending_save = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let state = state.clone();
        let pending_save = pending_save.clone();
        use_effect_with((state.revision, state.slot.clone()), move |_| {
            LAST_GOOD.with(|l| *l.borrow_mut() = Some(state.session_ref()));
            let large = {
                let session = state.session();
                session.doc().text().len() + session.annotations().len() * 400 > LARGE_SESSION
            };
            let save = {
                let state = state.clone();
                move || autosave(&state)
            };
            if large {
                *pending_save.borrow_mut() = Some(gloo::timers::callback::Timeout::new(400, save));
            } else {
                pending_save.borrow_mut().take();
                save();
            }
        });
    }
    {
        let state = state.clone();
        let pending_save = pending_save.clone();
        use_effect(move || {
            let flush = move |_: &web_sys::Event| {
                if pending_save.borrow_mut().take().is_some() {
                    autosave(&state);
                }
            };
            let window = gloo::utils::window();
            let hide = EventListener::new(&window, "pagehide", flush.clone());
            let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", flush);
            move || drop((hide, hidden))
        });
    }

    // Keyboard shortcuts, whatever has focus, unless a text field is being typed in.
    {
        let state = state.clone();
        use_effect(move || {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                options,
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    on_key(&state, e);
                },
            );
            move || drop(listener)
        });
    }

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class="app">
                <Toolbar />
                <ClassroomBar />
                <Notices />
                if state.show_class {
                    <main class="class-main"><ClassResults /></main>
                } else {
                    <main class="workspace">
                        <section class="reader" aria-label="Article">
                            if state.student.is_some() { <StudentPanel /> } else { <LoadPanel /> }
                            <ArticleView />
                        </section>
                        <AnnotationList />
                    </main>
                }
                <TagBar />
                <ExerciseForm />
                <ConfirmDialog />
            </div>
        </ContextProvider<AppContext>>
    }
}

/// Above this many bytes (estimated), autosave waits for a pause in the changes.
const LARGE_SESSION: usize = 512 * 1024;

fn autosave(state: &AppContext) {
    let session = state.session();
    let problem = match storage::save(&state.slot, &session) {
        Ok(storage::Saved::Whole) => None,
        Ok(storage::Saved::WithoutHistory) => Some(
            "The browser's storage for this site is nearly full: your article and annotations are saved, but not the undo history (undo will not reach back past a reload). Export your annotations to keep a copy, or delete old articles from Recent.".to_string(),
        ),
        Err(e) => Some(storage::describe(&e)),
    };
    drop(session);
    state.dispatch(Action::StorageProblem(problem));
}

fn on_key(state: &AppContext, e: &web_sys::KeyboardEvent) {
    let key = e.key();
    let ctrl = e.ctrl_key() || e.meta_key();
    if state.live_caret().is_some()
        && !dom::typing_in_field()
        && !e.alt_key()
        && on_annotate_key(state, e)
    {
        e.prevent_default();
        return;
    }
    if ctrl && !e.alt_key() && (key == "z" || key == "Z") {
        if dom::typing_in_field() && !e.shift_key() {
            // Let a text field undo its own typing.
            return;
        }
        e.prevent_default();
        state.dispatch(Action::Run(if e.shift_key() {
            Command::Redo
        } else {
            Command::Undo
        }));
        return;
    }
    if ctrl && !e.alt_key() && key == "y" && !dom::typing_in_field() {
        e.prevent_default();
        state.dispatch(Action::Run(Command::Redo));
        return;
    }
    if ctrl || e.alt_key() || dom::typing_in_field() {
        return;
    }
    if state.pending.is_some()
        || state.live_caret().is_some_and(|(a, f)| a != f)
        || dom::article_element()
            .is_some_and(|el| dom::selected_range(&el, state.session().doc()).is_some())
    {
        if let Some(tag) = key
            .chars()
            .next()
            .filter(|_| key.chars().count() == 1)
            .and_then(Tag::from_shortcut)
        {
            e.prevent_default();
            effects::tag_selection(state, tag);
            return;
        }
        if key == "Escape" {
            dom::clear_selection();
            state.dispatch(Action::Select(None));
            return;
        }
    }
    match key.as_str() {
        "j" => state.dispatch(Action::Step(1)),
        "k" => state.dispatch(Action::Step(-1)),
        "Escape" => state.dispatch(Action::Focus {
            id: None,
            jump: false,
        }),
        _ => {}
    }
}

/// Replaces the page with a recovery screen after a panic; it still offers the annotations.
pub fn show_crash(message: &str) {
    let Some(body) = gloo::utils::document().body() else {
        return;
    };
    // The annotations as they are, or as last saved if a change was cut short by the panic.
    let saved = LAST_GOOD.with(|l| l.borrow().clone()).and_then(|s| {
        let session = s.try_borrow()?;
        Some((
            crate::model::export::file_name(
                session.doc(),
                effects::now().date(),
                crate::model::export::Format::W3c,
            ),
            crate::model::export::w3c::export(session.doc(), session.annotations()),
        ))
    });
    let saved = saved.or_else(|| match storage::load_current() {
        storage::Startup::Restored { session, .. } => Some((
            crate::model::export::file_name(
                session.doc(),
                effects::now().date(),
                crate::model::export::Format::W3c,
            ),
            crate::model::export::w3c::export(session.doc(), session.annotations()),
        )),
        _ => None,
    });
    body.set_inner_html(
        "<main class=\"crash\" role=\"alert\" data-testid=\"error\"><h1>Something went wrong</h1>\
         <p>Claimmark hit an internal error and stopped. Your annotations up to your last change are \
         saved in this browser and will be back when you reload.</p>\
         <p><button type=\"button\" id=\"crash-download\">Download my annotations</button> \
         <button type=\"button\" id=\"crash-reload\">Reload</button></p>\
         <details><summary>Technical details</summary><pre id=\"crash-detail\"></pre></details></main>",
    );
    let d = gloo::utils::document();
    if let Some(pre) = d.get_element_by_id("crash-detail") {
        pre.set_text_content(Some(message));
    }
    if let Some(btn) = d.get_element_by_id("crash-download") {
        EventListener::new(&btn, "click", move |_| {
            if let Some((name, json)) = &saved {
                let _ = dom::download(name, "application/ld+json", json);
            }
        })
        .forget();
    }
    if let Some(btn) = d.get_element_by_id("crash-reload") {
        EventListener::new(&btn, "click", |_| {
            let _ = gloo::utils::window().location().reload();
        })
        .forget();
    }
}

/// Keys of keyboard annotating: arrows move the caret (Ctrl: by word; Up/Down: by sentence),
/// Shift extends the selection, `s` selects the sentence, `t` tells the tag under the caret,
/// `n` writes a note on the selected annotation, Escape collapses, then leaves the mode.
/// Returns whether the key was used.
fn on_annotate_key(state: &AppContext, e: &web_sys::KeyboardEvent) -> bool {
    use crate::model::navigate::{self, Unit};
    let Some((anchor, focus)) = state.live_caret() else {
        return false;
    };
    let ctrl = e.ctrl_key() || e.meta_key();
    let session = state.session();
    let doc = session.doc();
    let key = e.key();
    let moved = |unit: Unit, forward: bool| {
        let to = navigate::step(doc, focus, unit, forward);
        // Moving without Shift from a selection collapses to its edge first.
        if !e.shift_key() && anchor != focus && unit == Unit::Character {
            let edge = if forward {
                anchor.max(focus)
            } else {
                anchor.min(focus)
            };
            return (edge, edge);
        }
        if e.shift_key() {
            (anchor, to)
        } else {
            (to, to)
        }
    };
    let next = match key.as_str() {
        "ArrowRight" if ctrl && e.shift_key() => Some(moved(Unit::WordEnd, true)),
        "ArrowRight" => Some(moved(if ctrl { Unit::Word } else { Unit::Character }, true)),
        "ArrowLeft" => Some(moved(
            if ctrl { Unit::Word } else { Unit::Character },
            false,
        )),
        "ArrowDown" => Some(moved(Unit::Sentence, true)),
        "ArrowUp" => Some(moved(Unit::Sentence, false)),
        "Home" => Some(if e.shift_key() { (anchor, 0) } else { (0, 0) }),
        "End" => Some(if e.shift_key() {
            (anchor, doc.char_len())
        } else {
            (doc.char_len(), doc.char_len())
        }),
        "s" | "S" if !ctrl => navigate::sentence_at(doc, focus).map(|r| (r.start, r.end)),
        "Escape" if anchor != focus => Some((focus, focus)),
        "Escape" => {
            drop(session);
            state.dispatch(Action::Caret(None));
            dom::clear_selection();
            state.dispatch(Action::Status("Keyboard annotating off.".into()));
            return true;
        }
        "t" | "T" if !ctrl => {
            let here = effects::annotation_at(&session, focus).and_then(|id| {
                session
                    .get(&id)
                    .map(|a| format!("{}: “{}”", a.tag.label(), effects::short(&a.quote.exact)))
            });
            drop(session);
            state.dispatch(Action::Status(
                here.unwrap_or_else(|| "No annotation here.".into()),
            ));
            return true;
        }
        "n" | "N" if !ctrl => {
            drop(session);
            let state = state.clone();
            // The new annotation's item may render a moment after the key that made it.
            gloo::timers::callback::Timeout::new(0, move || {
                if !dom::focus(".annotation-item.selected [data-testid=\"annotation-note\"]") {
                    state.dispatch(Action::Status(
                        "Tag a passage first, then press N to write its note.".into(),
                    ));
                }
            })
            .forget();
            return true;
        }
        _ => None,
    };
    let Some((a, f)) = next else { return false };
    // Say what is now under the caret (the character, word or sentence), or what is selected.
    let slice = |r: crate::model::text::CharRange| effects::short(doc.slice(r).trim());
    let announce = if a != f {
        format!(
            "Selected: {}",
            slice(crate::model::text::CharRange {
                start: a.min(f),
                end: a.max(f)
            })
        )
    } else if key.starts_with("ArrowUp") || key.starts_with("ArrowDown") {
        navigate::sentence_at(doc, f).map(slice).unwrap_or_default()
    } else if ctrl {
        navigate::word_at(doc, f).map(slice).unwrap_or_default()
    } else {
        match doc.slice(crate::model::text::CharRange {
            start: f,
            end: doc.grapheme_after(f),
        }) {
            "" => "End of the text".to_string(),
            " " => "space".to_string(),
            "\n" => "line break".to_string(),
            c => c.to_string(),
        }
    };
    drop(session);
    state.dispatch(Action::Caret(Some((a, f))));
    if !announce.is_empty() {
        state.dispatch(Action::Status(announce));
    }
    true
}

/// Call before deleting an item: afterwards focus moves to the item that takes its place (or the
/// one before, or the list), so keyboard users are never left on a vanished button.
pub fn refocus_after_delete(id: &str) {
    let item_ids = || -> Vec<String> {
        let Ok(items) =
            gloo::utils::document().query_selector_all("[data-testid=\"annotation-item\"]")
        else {
            return vec![];
        };
        (0..items.length())
            .filter_map(|i| {
                items
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            })
            .filter_map(|e| e.get_attribute("data-id"))
            .collect()
    };
    let index = item_ids().iter().position(|i| i == id).unwrap_or(0);
    gloo::timers::callback::Timeout::new(0, move || {
        let ids = item_ids();
        let target = ids
            .get(index.min(ids.len().saturating_sub(1)))
            .map(|i| format!("[data-id=\"{i}\"] .quote"));
        if !target.is_some_and(|t| dom::focus(&t)) {
            dom::focus("[data-testid=\"annotation-list\"]");
        }
    })
    .forget();
}
