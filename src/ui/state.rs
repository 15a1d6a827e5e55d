//! The app's state: a `Reducible` adapter over the model's [`Session`] plus UI-only state.
//!
//! The session lives behind an `Rc<RefCell<_>>` so that a command on a long article costs what
//! the model's change costs, not a copy of the article; `revision` and `text_revision` count
//! changes so components and effects know when to look again. `reduce` decides; the effects in
//! `app.rs` act (saving, painting).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::model::classroom::{Exercise, StudentReport, Submission, Threshold};
use crate::model::{Change, CharRange, Command, Session, Tag};
use crate::ui::classroom::{ClassView, StudentWork};

/// What the user has selected in the article and may tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub range: CharRange,
    /// The selection's box in the viewport: left, top, width, height.
    pub rect: (f64, f64, f64, f64),
}

/// A message for the user. `serial` makes each new message a new element, so it is announced.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub serial: u64,
}

/// An action that waits for the user's "are you sure?".
#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    /// Replace the article although its annotations were never exported.
    Load(Rc<(String, Session)>),
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListView {
    pub filter: Option<Tag>,
    pub query: String,
}

#[derive(Clone)]
pub struct AppState {
    session: Rc<RefCell<Session>>,
    /// Where autosave keeps this session (see `storage.rs`).
    pub slot: Rc<str>,
    /// Bumped whenever the annotations change.
    pub revision: u64,
    /// Bumped whenever the text changes (a new article, an edit, an undone edit).
    pub text_revision: u64,
    pub pending: Option<Pending>,
    pub selected: Option<String>,
    /// Bumped to scroll to and flash `selected`.
    pub focus_serial: u64,
    pub list: ListView,
    pub error: Option<Notice>,
    pub status: Option<Notice>,
    pub confirm: Option<Confirm>,
    pub editing: bool,
    /// Keyboard annotating: the caret's anchor and focus (code points), while the mode is on.
    pub caret: Option<(usize, usize)>,
    /// The same caret, shared by every snapshot of the state: key handlers read it here, since
    /// a handler may run before the render that would give it a fresh snapshot.
    live_caret: Rc<std::cell::Cell<Option<(usize, usize)>>>,
    /// A student's open exercise.
    pub student: Option<Rc<StudentWork>>,
    /// The teacher's class comparison, and whether it is shown instead of the annotator.
    pub class: Option<Rc<ClassView>>,
    pub show_class: bool,
    /// Whether the teacher's "new exercise" form is open.
    pub exercise_form: bool,
    /// Shown when saving failed, until a save works again.
    pub storage_problem: Option<String>,
    serial: u64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.slot == other.slot
            && self.revision == other.revision
            && self.text_revision == other.text_revision
            && self.pending == other.pending
            && self.selected == other.selected
            && self.focus_serial == other.focus_serial
            && self.list == other.list
            && self.error == other.error
            && self.status == other.status
            && self.confirm == other.confirm
            && self.editing == other.editing
            && self.caret == other.caret
            && self.student == other.student
            && self.class == other.class
            && self.show_class == other.show_class
            && self.exercise_form == other.exercise_form
            && self.storage_problem == other.storage_problem
    }
}

// Actions live for one dispatch; boxing the session-carrying ones would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Action {
    /// A model command; the result is shown as a status or an error.
    Run(Command),
    /// Open an article (a new session, or its saved one from Recent), asking first when
    /// unexported work would be replaced.
    Load {
        slot: String,
        session: Session,
    },
    /// Load a whole session (restored from storage).
    Restore {
        slot: String,
        session: Session,
    },
    Select(Option<Pending>),
    /// Select an annotation; `jump` scrolls the article to it.
    Focus {
        id: Option<String>,
        jump: bool,
    },
    /// Move the selection through the (filtered) list: +1 next, -1 previous.
    Step(i32),
    Filter(Option<Tag>),
    Search(String),
    Error(String),
    Status(String),
    DismissError,
    ConfirmYes,
    ConfirmNo,
    Edit(bool),
    /// Turns keyboard annotating on (with a caret) or off (`None`).
    Caret(Option<(usize, usize)>),
    StorageProblem(Option<String>),
    /// A student opens an exercise: its article (a new or saved session) and the exercise.
    OpenExercise {
        slot: String,
        session: Box<Session>,
        work: Box<StudentWork>,
    },
    StudentName(String),
    /// The student submitted; `feedback` is their score when the exercise shows it.
    Submitted {
        feedback: Option<StudentReport>,
    },
    LeaveExercise,
    ExerciseForm(bool),
    /// The teacher loads an answer key (an exercise file with its key).
    ClassKey(Box<Exercise>),
    ClassSubmissions {
        submissions: Vec<Submission>,
        problems: Vec<String>,
    },
    ClassThreshold(Threshold),
    ClassSelect(Option<usize>),
    ClassContested(bool),
    ClassAddKey {
        id: String,
        range: CharRange,
        tag: Tag,
    },
    ShowClass(bool),
}

impl AppState {
    pub fn new(session: Session) -> AppState {
        AppState {
            slot: session.doc().fingerprint().into(),
            session: Rc::new(RefCell::new(session)),
            revision: 0,
            text_revision: 0,
            pending: None,
            selected: None,
            focus_serial: 0,
            list: ListView::default(),
            error: None,
            status: None,
            confirm: None,
            editing: false,
            caret: None,
            live_caret: Rc::default(),
            student: None,
            class: None,
            show_class: false,
            exercise_form: false,
            storage_problem: None,
            serial: 0,
        }
    }

    /// The caret as it is now, even if this snapshot is older.
    pub fn live_caret(&self) -> Option<(usize, usize)> {
        self.live_caret.get()
    }

    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    fn notice(&mut self, text: String) -> Notice {
        self.serial += 1;
        Notice {
            text,
            serial: self.serial,
        }
    }

    /// The ids of the annotations the list shows, in order.
    pub fn visible_ids(&self) -> Vec<String> {
        visible_ids(&self.session(), &self.list)
    }

    /// The session, shared: for components that must not re-render on every state change.
    pub fn session_ref(&self) -> SessionRef {
        SessionRef(self.session.clone())
    }

    fn replace_session(&mut self, slot: Rc<str>, session: Session) {
        self.slot = slot;
        self.session = Rc::new(RefCell::new(session));
        self.revision += 1;
        self.text_revision += 1;
        self.pending = None;
        self.selected = None;
        self.editing = false;
        self.caret = None;
        self.live_caret.set(None);
        self.student = None;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Run(command) => {
                let undoing = matches!(command, Command::Undo | Command::Redo);
                let label = match &command {
                    Command::Undo => self.session().undo_label().map(|l| format!("Undone: {l}")),
                    Command::Redo => self.session().redo_label().map(|l| format!("Redone: {l}")),
                    _ => None,
                };
                let created = match &command {
                    Command::Create { id, .. } => Some(id.clone()),
                    _ => None,
                };
                let deleted = match &command {
                    Command::Delete { id } => Some(id.clone()),
                    _ => None,
                };
                let result = self.session.borrow_mut().apply(command);
                match result {
                    Ok(Change::Nothing) => return self,
                    Ok(change) => {
                        next.revision += 1;
                        if change == Change::Text {
                            next.text_revision += 1;
                            next.editing = false;
                        }
                        if deleted.is_some() && next.selected == deleted {
                            next.selected = None;
                        }
                        if created.is_some() {
                            next.selected = created;
                        }
                        next.error = None;
                        if let Some(label) = label {
                            next.status = Some(next.notice(label));
                        }
                        if undoing {
                            next.pending = None;
                        }
                    }
                    Err(e) => {
                        next.error = Some(next.notice(format!("{}.", capitalise(&e.to_string()))))
                    }
                }
            }
            Action::Load { slot, session } => {
                if self.session().has_unexported_work() && *self.slot != slot {
                    next.confirm = Some(Confirm::Load(Rc::new((slot, session))));
                } else {
                    next.replace_session(slot.into(), session);
                    next.error = None;
                }
            }
            Action::Restore { slot, session } => {
                next.replace_session(slot.into(), session);
            }
            Action::ConfirmYes => {
                if let Some(Confirm::Load(load)) = next.confirm.take() {
                    let (slot, session) = (*load).clone();
                    next.replace_session(slot.into(), session);
                    next.error = None;
                }
            }
            Action::ConfirmNo => next.confirm = None,
            Action::Select(pending) => {
                if pending == self.pending {
                    return self;
                }
                next.pending = pending;
            }
            Action::Focus { id, jump } => {
                next.selected = id;
                if jump {
                    next.focus_serial += 1;
                }
            }
            Action::Step(delta) => {
                let ids = self.visible_ids();
                if ids.is_empty() {
                    return self;
                }
                let at = self
                    .selected
                    .as_ref()
                    .and_then(|s| ids.iter().position(|i| i == s));
                let i = match at {
                    Some(i) => {
                        (i as i64 + i64::from(delta)).clamp(0, ids.len() as i64 - 1) as usize
                    }
                    None if delta < 0 => ids.len() - 1,
                    None => 0,
                };
                next.selected = Some(ids[i].clone());
                next.focus_serial += 1;
            }
            Action::Filter(tag) => next.list.filter = tag,
            Action::Search(q) => next.list.query = q,
            Action::Error(text) => next.error = Some(next.notice(text)),
            Action::Status(text) => next.status = Some(next.notice(text)),
            Action::DismissError => next.error = None,
            Action::Edit(on) => {
                next.editing = on;
                next.pending = None;
            }
            Action::Caret(caret) => {
                self.live_caret.set(caret);
                if caret == self.caret {
                    return self;
                }
                next.caret = caret;
            }
            Action::OpenExercise {
                slot,
                session,
                work,
            } => {
                next.replace_session(slot.into(), *session);
                next.student = Some(Rc::new(*work));
                next.show_class = false;
                next.error = None;
            }
            Action::StudentName(name) => {
                if let Some(work) = &self.student {
                    next.student = Some(Rc::new(StudentWork {
                        student: name,
                        ..(**work).clone()
                    }));
                }
            }
            Action::Submitted { feedback } => {
                if let Some(work) = &self.student {
                    next.student = Some(Rc::new(StudentWork {
                        submitted: true,
                        feedback: feedback.map(Rc::new),
                        ..(**work).clone()
                    }));
                }
            }
            Action::LeaveExercise => next.student = None,
            Action::ExerciseForm(open) => next.exercise_form = open,
            Action::ClassKey(exercise) => {
                let mut view = ClassView::new(*exercise);
                if let Some(old) = &self.class {
                    // Submissions already loaded stay when the same exercise's key is loaded again.
                    if old.exercise.id == view.exercise.id {
                        view.add(old.submissions.clone(), Vec::new());
                    }
                }
                next.class = Some(Rc::new(view));
                next.show_class = true;
            }
            Action::ClassSubmissions {
                submissions,
                problems,
            } => {
                let Some(view) = &self.class else {
                    next.error = Some(next.notice("Load the answer key (the exercise file with its key) first, then the submissions.".into()));
                    return Rc::new(next);
                };
                let mut view = (**view).clone();
                view.add(submissions, problems);
                next.class = Some(Rc::new(view));
                next.show_class = true;
            }
            Action::ClassThreshold(t) => {
                next.class = self
                    .class
                    .as_ref()
                    .map(|v| Rc::new(ClassView { ..(**v).clone() }).with(|v| v.set_threshold(t)))
            }
            Action::ClassSelect(i) => {
                next.class = self.class.as_ref().map(|v| {
                    Rc::new(ClassView {
                        selected: i,
                        ..(**v).clone()
                    })
                })
            }
            Action::ClassContested(on) => {
                next.class = self.class.as_ref().map(|v| {
                    Rc::new(ClassView {
                        contested_only: on,
                        ..(**v).clone()
                    })
                })
            }
            Action::ClassAddKey { id, range, tag } => {
                next.class = self.class.as_ref().map(|v| {
                    Rc::new(ClassView { ..(**v).clone() }).with(|v| v.add_key_claim(id, range, tag))
                })
            }
            Action::ShowClass(on) => next.show_class = on && self.class.is_some(),
            Action::StorageProblem(p) => {
                if p == self.storage_problem {
                    return self;
                }
                next.storage_problem = p;
            }
        }
        Rc::new(next)
    }
}

/// Changes a freshly made `Rc` in place.
trait With<T> {
    fn with(self, f: impl FnOnce(&mut T)) -> Self;
}

impl<T: Clone> With<T> for Rc<T> {
    fn with(mut self, f: impl FnOnce(&mut T)) -> Self {
        f(Rc::make_mut(&mut self));
        self
    }
}

/// The ids of the annotations that pass the list's filter and search, in list order.
pub fn visible_ids(session: &Session, list: &ListView) -> Vec<String> {
    let q = list.query.to_lowercase();
    session
        .annotations()
        .iter()
        .filter(|a| list.filter.is_none_or(|t| a.tag == t))
        .filter(|a| {
            q.is_empty()
                || a.quote.exact.to_lowercase().contains(&q)
                || a.note.to_lowercase().contains(&q)
        })
        .map(|a| a.id.clone())
        .collect()
}

/// A shared handle on the session, equal to another when it is the same session (pair it with
/// a revision number to know whether its contents changed).
#[derive(Clone)]
pub struct SessionRef(Rc<RefCell<Session>>);

impl SessionRef {
    pub fn borrow(&self) -> Ref<'_, Session> {
        self.0.borrow()
    }

    /// The session, unless it is being changed right now (as when a panic interrupted a change).
    pub fn try_borrow(&self) -> Option<Ref<'_, Session>> {
        self.0.try_borrow().ok()
    }
}

impl PartialEq for SessionRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub type AppContext = UseReducerHandle<AppState>;
