//! Suggested claims in the app: asked for, shown beside the article and as dashed outlines in
//! it, then accepted (each one undoable step that makes a normal annotation; accepting all above
//! a confidence is one step too) or rejected.
//!
//! Invariants:
//! - Suggestions live in the state only, never in the session: they are not saved, synced,
//!   exported or counted as annotations.
//! - They belong to the text they were made for: once the text changes (another article, an
//!   edit) they are not shown or accepted.
//! - A student sees them only when the exercise allows it (`allowSuggestions`).

use std::rc::Rc;

use crate::app::{list, messages, Effect, Fresh, State};
use crate::model::suggest::{self, NotSupported, Suggestion};
use crate::model::{Command, NewAnnotation};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Suggestions {
    /// The fingerprint of the text they were made for.
    pub fingerprint: Option<Rc<str>>,
    /// What is still waiting to be accepted or rejected, in text order.
    pub items: Rc<Vec<Suggestion>>,
    /// Why none were made (a text in another language or script).
    pub unsupported: Option<NotSupported>,
}

#[derive(Clone, Debug)]
pub enum SuggestAction {
    /// Suggest claims in the open article.
    Ask,
    /// Accept the suggestion that starts at this offset.
    Accept { start: usize, fresh: Fresh },
    /// Dismiss the suggestion that starts at this offset.
    Reject { start: usize },
    /// Accept every suggestion at or above this confidence, in percent.
    AcceptAbove { percent: u8, fresh: Fresh },
    /// Scroll the article to the suggestion that starts at this offset.
    Show { start: usize },
    /// Put the suggestions away.
    Clear,
}

impl Suggestions {
    /// The suggestions to show for the open text (none once the text changed).
    pub fn shown<'a>(&'a self, state: &State) -> &'a [Suggestion] {
        match &self.fingerprint {
            Some(f) if **f == *state.session().doc().fingerprint() => &self.items,
            _ => &[],
        }
    }
}

/// Whether the Suggest button is offered: always to a teacher or on one's own, to a student
/// only when the exercise allows it.
pub fn allowed(state: &State) -> bool {
    state
        .classroom
        .student
        .as_ref()
        .is_none_or(|w| w.exercise.allow_suggestions)
}

pub fn reduce(state: &mut State, action: SuggestAction, effects: &mut Vec<Effect>) {
    match action {
        SuggestAction::Ask => ask(state, effects),
        SuggestAction::Accept { start, fresh } => {
            let Some(s) = take(state, start) else {
                return;
            };
            let tags = state.session().tags().clone();
            let tag = s.tag.unwrap_or_else(|| tags.first());
            let Some(range) = state.session().doc().snap(s.range) else {
                return;
            };
            let id = fresh.id(0);
            // One step, with the claimant the text names.
            let command = Command::CreateAll {
                items: vec![NewAnnotation {
                    id: id.clone(),
                    tag,
                    range,
                    claimant: s.claimant.clone(),
                }],
                now: fresh.now(),
                label: messages::accept_label(tags.label(tag)),
            };
            if super::annotator::run(state, command, effects) {
                list::select(state, Some(id), false, effects);
                let quote = state.session().doc().slice(range.range()).to_string();
                state
                    .notices
                    .status(messages::suggestion_accepted(tags.label(tag), &quote));
            } else {
                restore(state, s);
            }
        }
        SuggestAction::Reject { start } => {
            if take(state, start).is_some() {
                state.notices.status(messages::SUGGESTION_REJECTED.into());
                effects.push(Effect::Paint);
            }
        }
        SuggestAction::AcceptAbove { percent, fresh } => {
            let min = f32::from(percent) / 100.0;
            let shown = state.suggestions.shown(state).to_vec();
            let (chosen, rest): (Vec<Suggestion>, Vec<Suggestion>) =
                shown.into_iter().partition(|s| s.confidence + 1e-6 >= min);
            if chosen.is_empty() {
                return state
                    .notices
                    .status(messages::no_suggestions_above(percent));
            }
            let tags = state.session().tags().clone();
            let doc = state.session().doc().clone();
            let items: Vec<_> = chosen
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    Some(NewAnnotation {
                        id: fresh.id(i as u64),
                        tag: s.tag.unwrap_or_else(|| tags.first()),
                        range: doc.snap(s.range)?,
                        claimant: s.claimant.clone(),
                    })
                })
                .collect();
            let n = items.len();
            let command = Command::CreateAll {
                items,
                now: fresh.now(),
                label: messages::accept_all_label(n),
            };
            if super::annotator::run(state, command, effects) {
                state.suggestions.items = Rc::new(rest);
                state
                    .notices
                    .status(messages::suggestions_accepted(n, percent));
            }
        }
        SuggestAction::Show { start } => {
            if let Some(s) = state
                .suggestions
                .shown(state)
                .iter()
                .find(|s| s.range.start == start)
            {
                effects.push(Effect::Reveal(s.range));
            }
        }
        SuggestAction::Clear => {
            state.suggestions = Suggestions::default();
            effects.push(Effect::Paint);
        }
    }
}

fn ask(state: &mut State, effects: &mut Vec<Effect>) {
    if !allowed(state) {
        return state
            .notices
            .error(messages::SUGGESTIONS_NOT_ALLOWED.into());
    }
    let session = state.session();
    let fingerprint: Rc<str> = session.doc().fingerprint().into();
    match suggest::suggest(session.doc(), session.tags()) {
        Ok(found) => {
            // What is already annotated needs no suggestion.
            let placed: Vec<_> = session
                .annotations()
                .iter()
                .filter(|a| !a.is_orphaned())
                .map(|a| a.range)
                .collect();
            let items: Vec<Suggestion> = found
                .into_iter()
                .filter(|s| placed.iter().all(|r| !r.overlaps(s.range)))
                .collect();
            let message = messages::suggested(items.len());
            state.suggestions = Suggestions {
                fingerprint: Some(fingerprint),
                items: Rc::new(items),
                unsupported: None,
            };
            state.notices.status(message);
        }
        Err(why) => {
            state.suggestions = Suggestions {
                fingerprint: Some(fingerprint),
                items: Rc::default(),
                unsupported: Some(why),
            };
            state.notices.status(messages::not_english(why).into());
        }
    }
    effects.push(Effect::Paint);
}

/// Takes the shown suggestion that starts at `start` out of the list.
fn take(state: &mut State, start: usize) -> Option<Suggestion> {
    let shown = state.suggestions.shown(state);
    let at = shown.iter().position(|s| s.range.start == start)?;
    let mut items = shown.to_vec();
    let s = items.remove(at);
    state.suggestions.items = Rc::new(items);
    Some(s)
}

fn restore(state: &mut State, s: Suggestion) {
    let mut items = state.suggestions.items.to_vec();
    let at = items.partition_point(|o| o.range.start < s.range.start);
    items.insert(at, s);
    state.suggestions.items = Rc::new(items);
}
