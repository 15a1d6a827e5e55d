//! The app core: every decision the app makes, as a pure state machine.
//!
//! `reduce(&State, Action) -> (State, Vec<Effect>)` is the only way the app's state changes.
//! It touches nothing outside: what must happen in the browser (save, download, paint, scroll,
//! focus, read storage) comes back as [`Effect`] values that the shell in `ui/` carries out, and
//! what the browser knows (the selection, the time, fresh randomness, a file's text) comes in
//! inside the [`Action`]. So every behaviour of the app is tested natively, as tables of
//! "state, action → state, effects" (`tests/app.rs`).
//!
//! The state is split into parts, each with its own actions and its own module:
//! - [`annotator`]: the open article's [`Session`](crate::model::Session), the selection waiting
//!   for a tag, the keyboard caret, the text editor and the "are you sure?" dialog;
//! - [`list`]: the list's filter, search and selected annotation;
//! - [`notices`]: the error, the status line and the storage warning;
//! - [`classroom`]: a student's exercise, the teacher's form and class comparison.
//!
//! Invariants:
//! - `reduce` never panics and never blocks on the outside world.
//! - A state is cheap to clone and equal to another exactly when it shows the same thing
//!   (the session shares its document and persistent collections).
//! - User-facing text comes from [`messages`].

pub mod annotator;
pub mod articles;
pub mod classroom;
pub mod keys;
pub mod list;
pub mod messages;
pub mod notices;
pub mod suggestions;

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::model::text::{CharRange, Document};
use crate::model::{Session, Timestamp};

pub use annotator::{Annotator, AnnotatorAction, Confirm, Pending};
pub use articles::{Articles, ArticlesAction, StorageInfo};
pub use classroom::{ClassView, Classroom, ClassroomAction, StudentWork};
pub use list::{ListAction, ListView};
pub use notices::{Notice, NoticeAction, Notices};
pub use suggestions::{SuggestAction, Suggestions};

/// Everything the app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub annotator: Annotator,
    pub list: ListView,
    pub notices: Notices,
    pub classroom: Classroom,
    /// The articles kept in this browser, newest first (as the last save left them).
    pub recent: Rc<Vec<Recent>>,
    /// The articles panel: open or folded, and the article waiting for "delete?".
    pub articles: Articles,
    /// How much room the browser gives this site, and whether it keeps it.
    pub storage: StorageInfo,
    /// Suggested claims waiting to be accepted or rejected (never saved or exported).
    pub suggestions: Suggestions,
}

/// Something that happened: a person's act, or the outcome of an effect.
#[derive(Clone, Debug)]
pub enum Action {
    Annotator(AnnotatorAction),
    List(ListAction),
    Notice(NoticeAction),
    Classroom(ClassroomAction),
    Articles(ArticlesAction),
    Suggest(SuggestAction),
    /// The outcome of an [`Effect::Save`].
    Saved {
        outcome: SaveOutcome,
        recent: Vec<Recent>,
    },
    /// A download the browser accepted: what follows it (marking the work exported, a student's
    /// feedback, a status line) happens only now.
    Downloaded(Done),
    /// The articles kept in this browser changed (another tab saved, or one was deleted).
    Recent(Vec<Recent>),
    /// What the browser said about this site's storage.
    Storage(StorageInfo),
    /// Another tab changed the open article: its changes, to merge into this tab's session.
    Merged(crate::model::sync::Incoming),
    /// The outcome of an [`Effect::LookUp`]: what storage holds for `slot`.
    Found {
        slot: String,
        /// Boxed: a session is large beside the other actions.
        found: Box<Found>,
        then: Then,
    },
}

/// What the shell does for the core.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save the open session in its slot (and make it the current one).
    Save,
    /// Keep a student's exercise beside its slot, or forget it.
    SaveExercise {
        slot: String,
        saved: SavedExercise,
    },
    ForgetExercise {
        slot: String,
    },
    /// Offer a file for download; `what` names it in the message if that fails.
    Download(Download),
    /// Repaint the highlights from the state.
    Paint,
    /// Place the edited text's annotations a piece at a time between frames; the result comes
    /// back as [`annotator::AnnotatorAction::TextReanchored`].
    Reanchor(Box<crate::model::anchor::Reanchoring>),
    /// Scroll the article to a range and flash it.
    Reveal(CharRange),
    /// Drop the page's text selection.
    ClearSelection,
    /// Move keyboard focus once the page shows the new state.
    Focus(Focus),
    /// Read what storage holds for `slot`; the answer comes back as [`Action::Found`].
    LookUp {
        slot: String,
        then: Then,
    },
    /// Delete an article and its annotations from this browser; the new list comes back as
    /// [`Action::Recent`].
    DeleteArticle {
        slot: String,
    },
    /// Write these annotations again (their version here is newer than another tab's).
    SaveAgain(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    pub name: String,
    pub mime: &'static str,
    pub contents: String,
    /// "export", "exercise", "submission", … for the message when the browser refuses.
    pub what: &'static str,
    /// What follows once the browser accepted the file (sent back as [`Action::Downloaded`]).
    pub done: Option<Done>,
}

/// What follows a download that worked.
#[derive(Clone, Debug, PartialEq)]
pub enum Done {
    /// The annotations were exported: the work is safe outside the app.
    Exported { name: String, orphans: usize },
    /// The student's submission was saved: their feedback, when the exercise gives it.
    Submitted {
        name: String,
        feedback: Option<Rc<crate::model::classroom::StudentReport>>,
    },
    /// A file was saved; this is what to tell the person.
    Saved(String),
}

/// Where keyboard focus goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The note field of the selected annotation's item.
    SelectedNote,
    /// After a delete: the quote of this item (the one that took the deleted one's place, or
    /// the one before it), else the list itself, so keyboard users are never left on a vanished
    /// button.
    ListItem(Option<String>),
}

/// What to do with a slot's saved session once it is read.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Open this article: its saved session if there is one, else a new session.
    OpenArticle(Rc<Document>),
    /// Open an article fetched from a web address (kept as the article's address).
    OpenFetched(Rc<(Document, String)>),
    /// Open a recent article's saved session.
    OpenRecent,
    /// Open an exercise for a student (its article's saved session and progress, if any).
    OpenExercise(Rc<classroom::ExerciseFile>),
    /// At start: resume the student's exercise kept beside the open article, if any.
    ResumeExercise(Timestamp),
    /// Another tab edited the open article's text: read the article again.
    Reload,
}

/// What storage holds for a slot.
#[derive(Clone, Debug)]
pub struct Found {
    /// The saved session: `Ok(None)` when there is none, `Err` with why when it could not be
    /// read (it was kept aside).
    pub session: Result<Option<Session>, String>,
    /// A student's exercise kept beside the slot.
    pub exercise: Option<SavedExercise>,
}

/// How a save went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Whole,
    /// The whole session did not fit: the article and annotations were kept, the undo history not.
    WithoutHistory,
    /// Storage is full: nothing of the latest changes was saved.
    Full,
    /// Storage failed for another reason (the browser's words).
    Failed(String),
}

/// One article kept in this browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    pub slot: String,
    pub title: String,
    pub annotations: usize,
    pub saved: i64,
    /// Roughly how much room it takes (its text and annotations as saved), in bytes.
    #[serde(default)]
    pub bytes: usize,
}

/// A student's open exercise, kept beside its slot so a reload stays in the exercise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedExercise {
    /// The exercise file as it was opened.
    pub json: String,
    pub student: String,
    pub started: String,
    #[serde(default)]
    pub submitted: bool,
}

/// What the browser gives an action that makes something new: the time, and randomness for
/// ids. Ids are derived from `seed`, so the same action gives the same ids (tests fix the seed;
/// the shell draws it from the browser's crypto source).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fresh {
    pub now_millis: i64,
    pub seed: u128,
}

impl Fresh {
    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(self.now_millis)
    }

    /// The `n`th id of this action: a version-4 UUID as `urn:uuid:…`.
    pub fn id(&self, n: u64) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(self.seed.to_le_bytes());
        h.update(n.to_le_bytes());
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

/// What the shell found in storage when the app started.
#[derive(Clone, Debug)]
pub enum Startup {
    /// Nothing saved (a first start).
    Empty,
    Restored {
        slot: String,
        session: Session,
    },
    /// A save that could not be read; it was kept aside under `kept_as`.
    Corrupt {
        kept_as: Option<String>,
        reason: String,
    },
}

/// The built-in sample article.
pub fn sample() -> Document {
    Document::plain(
        "I agreed with Biden to return the ambassadors",
        include_str!("../../assets/geneva-summit.txt"),
    )
}

impl State {
    /// A state showing `session`, kept in `slot`.
    pub fn new(slot: &str, session: Session) -> State {
        State {
            annotator: Annotator::new(slot, session),
            list: ListView::default(),
            notices: Notices::default(),
            classroom: Classroom::default(),
            recent: Rc::default(),
            articles: Articles::default(),
            storage: StorageInfo::default(),
            suggestions: Suggestions::default(),
        }
    }

    /// The state the app starts in. (The shell then sends the page's address fragment, which
    /// may open an exercise or resume the student's, as [`ClassroomAction::OpenLink`].)
    pub fn start(startup: Startup, recent: Vec<Recent>) -> State {
        let (mut state, error) = match startup {
            Startup::Restored { slot, session } => (State::new(&slot, session), None),
            Startup::Empty => (State::fresh_sample(), None),
            Startup::Corrupt { kept_as, reason } => (
                State::fresh_sample(),
                Some(messages::corrupt_save(&reason, kept_as.as_deref())),
            ),
        };
        state.recent = Rc::new(recent);
        if let Some(e) = error {
            state.notices.error(e);
        }
        state
    }

    fn fresh_sample() -> State {
        let doc = sample();
        let slot = doc.fingerprint().to_string();
        State::new(&slot, Session::new(doc))
    }

    pub fn session(&self) -> &Session {
        &self.annotator.session
    }

    /// The ids of the annotations the list shows, in order.
    pub fn visible_ids(&self) -> Vec<String> {
        self.list.visible_ids(self.session())
    }
}

/// The one way the state changes.
pub fn reduce(state: &State, action: Action) -> (State, Vec<Effect>) {
    let mut next = state.clone();
    let mut effects = Vec::new();
    match action {
        Action::Annotator(a) => annotator::reduce(&mut next, a, &mut effects),
        Action::List(a) => list::reduce(&mut next, a, &mut effects),
        Action::Notice(a) => next.notices.reduce(a),
        Action::Classroom(a) => classroom::reduce(&mut next, a, &mut effects),
        Action::Articles(a) => articles::reduce(&mut next, a, &mut effects),
        Action::Suggest(a) => suggestions::reduce(&mut next, a, &mut effects),
        Action::Storage(info) => next.storage = info,
        Action::Merged(incoming) => annotator::merge(&mut next, incoming, &mut effects),
        Action::Saved { outcome, recent } => {
            next.notices.storage_problem = messages::save_problem(&outcome);
            if *next.recent != recent {
                next.recent = Rc::new(recent);
            }
        }
        Action::Found { slot, found, then } => match then {
            Then::OpenArticle(doc) => {
                let review = next.session().review().clone();
                let session = found
                    .session
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Session::new(owned(doc)).with_review(&review));
                annotator::open(&mut next, slot, session, &mut effects);
            }
            Then::OpenFetched(fetched) => {
                let (doc, url) = owned(fetched);
                let review = next.session().review().clone();
                let session = found
                    .session
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Session::new(doc).with_review(&review))
                    .with_url(&url);
                annotator::open(&mut next, slot, session, &mut effects);
            }
            Then::OpenRecent => match found.session {
                Ok(Some(session)) => annotator::open(&mut next, slot, session, &mut effects),
                Ok(None) => next.notices.error(messages::RECENT_GONE.into()),
                Err(reason) => next.notices.error(messages::recent_unreadable(&reason)),
            },
            Then::OpenExercise(file) => {
                classroom::open_exercise(&mut next, slot, &file, *found, &mut effects)
            }
            Then::Reload => {
                if let Ok(Some(session)) = found.session {
                    if *next.annotator.slot == *slot {
                        next.annotator.session = session;
                        next.annotator.pending = None;
                        next.notices
                            .status(messages::RELOADED_FROM_OTHER_TAB.into());
                        effects.push(Effect::Paint);
                    }
                }
            }
            Then::ResumeExercise(now) => {
                if let Some(saved) = found.exercise {
                    classroom::resume(&mut next, saved, now, &mut effects);
                }
            }
        },
        Action::Downloaded(done) => match done {
            Done::Exported { name, orphans } => {
                annotator::mark_exported(&mut next, &mut effects);
                next.notices.status(messages::exported(&name, orphans));
            }
            Done::Submitted { name, feedback } => {
                classroom::submitted(&mut next, &name, feedback, &mut effects)
            }
            Done::Saved(message) => next.notices.status(message),
        },
        Action::Recent(recent) => {
            if *next.recent != recent {
                next.recent = Rc::new(recent);
            }
        }
    }
    // Each effect once: a change that paints or saves twice would do the work twice.
    let mut seen_paint = false;
    let mut seen_save = false;
    effects.retain(|e| match e {
        Effect::Paint => !std::mem::replace(&mut seen_paint, true),
        Effect::Save => !std::mem::replace(&mut seen_save, true),
        _ => true,
    });
    (next, effects)
}

/// What `rc` holds, without copying it when nothing else holds it (a megabyte's document).
fn owned<T: Clone>(rc: Rc<T>) -> T {
    Rc::try_unwrap(rc).unwrap_or_else(|rc| (*rc).clone())
}
