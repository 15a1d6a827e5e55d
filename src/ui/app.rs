//! The root component: the reducer, the context, and the effects that act on changes
//! (autosave, keyboard shortcuts).

use std::cell::RefCell;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::model::{Command, Session, Tag};
use crate::ui::components::{
    annotation_list::AnnotationList, article::ArticleView, confirm::ConfirmDialog,
    load_panel::LoadPanel, notices::Notices, tag_bar::TagBar, toolbar::Toolbar,
};
use crate::ui::effects;
use crate::ui::state::{Action, AppContext, AppState};
use crate::ui::{dom, storage};

thread_local! {
    /// The latest session, for the crash screen's "download my annotations".
    static LAST_GOOD: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
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
        });
    }

    // Autosave after every change, before the next event can run.
    {
        let state = state.clone();
        use_effect_with((state.revision, state.slot.clone()), move |_| {
            let session = state.session();
            LAST_GOOD.with(|l| {
                *l.borrow_mut() = Some((
                    crate::model::export::file_name(
                        session.doc(),
                        effects::now().date(),
                        crate::model::export::Format::W3c,
                    ),
                    crate::model::export::w3c::export(session.doc(), session.annotations()),
                ))
            });
            let result = storage::save(&state.slot, &session);
            drop(session);
            state.dispatch(Action::StorageProblem(
                result.err().map(|e| storage::describe(&e)),
            ));
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
                <Notices />
                <main class="workspace">
                    <section class="reader" aria-label="Article">
                        <LoadPanel />
                        <ArticleView />
                    </section>
                    <AnnotationList />
                </main>
                <TagBar />
                <ConfirmDialog />
            </div>
        </ContextProvider<AppContext>>
    }
}

fn on_key(state: &AppContext, e: &web_sys::KeyboardEvent) {
    let key = e.key();
    let ctrl = e.ctrl_key() || e.meta_key();
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
    if state.pending.is_some() {
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
    let saved = LAST_GOOD.with(|l| l.borrow().clone());
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
