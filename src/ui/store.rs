//! The shell's one store: the latest state, the reducer, and the effects it returns.
//!
//! Components hold immutable snapshots (`Rc<State>`) and send actions through [`Dispatch`].
//! Sending runs the app core's pure `reduce`, keeps the new snapshot, asks the root to render it
//! (only when it differs), then carries out the effects. The `RefCell`s here hold browser-side
//! handles (the latest snapshot, the render trigger, the autosave timer); no snapshot is ever
//! changed in place.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::Callback;

use crate::app::{self, Action, State};
use crate::ui::effects;

pub(crate) struct Store {
    current: RefCell<Rc<State>>,
    render: RefCell<Option<Callback<Rc<State>>>>,
    /// A save waiting for a pause in the changes (large sessions only).
    pub(crate) pending_save: RefCell<Option<Timeout>>,
}

/// The handle components send actions through. Equal to every other handle on the same store,
/// so holding one never makes a component render again.
#[derive(Clone)]
pub(crate) struct Dispatch(Rc<Store>);

impl PartialEq for Dispatch {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

thread_local! {
    /// The store, for the crash screen's "download my annotations".
    static STORE: RefCell<Option<Dispatch>> = const { RefCell::new(None) };
}

impl Dispatch {
    pub(crate) fn new(state: State) -> Dispatch {
        let d = Dispatch(Rc::new(Store {
            current: RefCell::new(Rc::new(state)),
            render: RefCell::new(None),
            pending_save: RefCell::new(None),
        }));
        STORE.with(|s| *s.borrow_mut() = Some(d.clone()));
        d
    }

    /// The latest state.
    pub(crate) fn state(&self) -> Rc<State> {
        self.0.current.borrow().clone()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.0
    }

    /// Sets what renders a new state (the root component's state setter).
    pub(crate) fn on_render(&self, render: Callback<Rc<State>>) {
        *self.0.render.borrow_mut() = Some(render);
    }

    /// Runs `action` through the core, renders the new state and carries out the effects.
    pub(crate) fn send(&self, action: Action) {
        let before = self.state();
        let (next, effects) = app::reduce(&before, action);
        if next != *before {
            let next = Rc::new(next);
            *self.0.current.borrow_mut() = next.clone();
            let render = self.0.render.borrow().clone();
            if let Some(render) = render {
                render.emit(next);
            }
        }
        for effect in effects {
            effects::run(self, effect);
        }
    }

    pub(crate) fn annotator(&self, a: app::AnnotatorAction) {
        self.send(Action::Annotator(a));
    }

    pub(crate) fn list(&self, a: app::ListAction) {
        self.send(Action::List(a));
    }

    pub(crate) fn classroom(&self, a: app::ClassroomAction) {
        self.send(Action::Classroom(a));
    }

    pub(crate) fn error(&self, text: String) {
        self.send(Action::Notice(app::NoticeAction::Error(text)));
    }

    pub(crate) fn status(&self, text: String) {
        self.send(Action::Notice(app::NoticeAction::Status(text)));
    }
}

/// The latest state, if the app started (for the crash screen).
pub(crate) fn latest() -> Option<Rc<State>> {
    STORE
        .with(|s| {
            s.try_borrow()
                .ok()?
                .as_ref()
                .map(|d| d.0.current.try_borrow().ok().map(|c| c.clone()))
        })
        .flatten()
}
