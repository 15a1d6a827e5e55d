//! Autosave in localStorage (through gloo-storage).
//!
//! Keys: `claimmark.v1.current` names the slot of the open article; `claimmark.v1.slot.<id>`
//! holds a saved session; `claimmark.v1.recent` lists the slots, newest first. A slot's id is
//! the fingerprint of the text the article was opened with, so reopening an article finds its
//! annotations again. A save that cannot be read is moved aside (`claimmark.v1.corrupt.<time>`),
//! never overwritten.

use gloo::storage::{errors::StorageError, LocalStorage, Storage};

use crate::app::{Found, Recent, SaveOutcome, SavedExercise, Startup};
use crate::model::session::SavedSession;
use crate::model::Session;

const CURRENT: &str = "claimmark.v1.current";
const RECENT: &str = "claimmark.v1.recent";
const SLOT_PREFIX: &str = "claimmark.v1.slot.";
const CORRUPT_PREFIX: &str = "claimmark.v1.corrupt.";
/// How many articles are kept.
pub(crate) const RECENT_LIMIT: usize = 12;

/// How a failed write reads to the core.
pub(crate) fn outcome_of(err: &StorageError) -> SaveOutcome {
    let text = err.to_string();
    if text.contains("Quota") || text.contains("quota") {
        SaveOutcome::Full
    } else {
        SaveOutcome::Failed(text)
    }
}

pub(crate) fn load_current() -> Startup {
    let Ok(slot) = LocalStorage::get::<String>(CURRENT) else {
        return Startup::Empty;
    };
    load_slot(&slot)
}

pub(crate) fn load_slot(slot: &str) -> Startup {
    let key = format!("{SLOT_PREFIX}{slot}");
    let raw = match LocalStorage::raw().get_item(&key) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Startup::Empty,
        Err(_) => {
            return Startup::Corrupt {
                kept_as: None,
                reason: "the browser refused to read its storage".into(),
            }
        }
    };
    let reason = match serde_json::from_str::<SavedSession>(&raw) {
        Ok(saved) if saved.version != SavedSession::VERSION => format!(
            "it was saved in format version {}, which this version does not read",
            saved.version
        ),
        Ok(saved) => match Session::from_saved(saved) {
            Some(session) => {
                return Startup::Restored {
                    slot: slot.to_string(),
                    session,
                }
            }
            None => "its annotations do not match its text".to_string(),
        },
        Err(e) => format!("it is damaged ({e})"),
    };
    // Keep the damaged save aside so nothing is lost, then free the slot.
    let aside = format!("{CORRUPT_PREFIX}{}", crate::ui::dom::now_millis());
    let kept_as = match LocalStorage::raw().set_item(&aside, &raw) {
        Ok(()) => {
            let _ = LocalStorage::raw().remove_item(&key);
            Some(aside)
        }
        Err(_) => None,
    };
    if kept_as.is_none() {
        // No room to copy it: leave it where it is and stop using this slot.
        let _ = LocalStorage::raw().remove_item(CURRENT);
    }
    Startup::Corrupt { kept_as, reason }
}

/// What storage holds for `slot`: its session (a damaged one is kept aside and reported) and a
/// student's exercise kept beside it.
pub(crate) fn find(slot: &str) -> Found {
    let session = match load_slot(slot) {
        Startup::Restored { session, .. } => Ok(Some(session)),
        Startup::Empty => Ok(None),
        Startup::Corrupt { reason, .. } => Err(reason),
    };
    Found {
        session,
        exercise: load_exercise(slot),
    }
}

/// Saves the session in its slot and makes it the current one. When the whole does not fit,
/// the article and annotations are kept without the undo history.
pub(crate) fn save(slot: &str, session: &Session) -> SaveOutcome {
    match try_save(slot, session) {
        Ok(o) => o,
        Err(e) => outcome_of(&e),
    }
}

fn try_save(slot: &str, session: &Session) -> Result<SaveOutcome, StorageError> {
    let key = format!("{SLOT_PREFIX}{slot}");
    let saved = session.to_saved();
    let outcome = match LocalStorage::set(&key, &saved) {
        Ok(()) => SaveOutcome::Whole,
        Err(whole) => {
            // Keep the work itself rather than nothing.
            let lean = session.to_saved_without_history();
            if LocalStorage::set(&key, &lean).is_err() {
                return Err(whole);
            }
            SaveOutcome::WithoutHistory
        }
    };
    LocalStorage::set(CURRENT, slot)?;
    let mut recent = recent();
    recent.retain(|r| r.slot != slot);
    recent.insert(
        0,
        Recent {
            slot: slot.to_string(),
            title: saved.title().to_string(),
            annotations: saved.annotation_count(),
            saved: crate::ui::dom::now_millis(),
        },
    );
    for old in recent.split_off(RECENT_LIMIT.min(recent.len())) {
        LocalStorage::delete(format!("{SLOT_PREFIX}{}", old.slot));
    }
    LocalStorage::set(RECENT, &recent)?;
    Ok(outcome)
}

pub(crate) fn recent() -> Vec<Recent> {
    LocalStorage::get(RECENT).unwrap_or_default()
}

const EXERCISE_PREFIX: &str = "claimmark.v1.exercise.";

pub(crate) fn save_exercise(slot: &str, saved: &SavedExercise) -> Result<(), StorageError> {
    LocalStorage::set(format!("{EXERCISE_PREFIX}{slot}"), saved)
}

fn load_exercise(slot: &str) -> Option<SavedExercise> {
    LocalStorage::get(format!("{EXERCISE_PREFIX}{slot}")).ok()
}

pub(crate) fn forget_exercise(slot: &str) {
    LocalStorage::delete(format!("{EXERCISE_PREFIX}{slot}"));
}
