//! What a key press means, decided from the state alone.
//!
//! Global keys (whatever has focus, unless a text field is being typed in): `1`…`3` tag the
//! selection, Escape drops it, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, `j` / `k` move
//! through the list. Keyboard annotating adds a caret: arrows move it (Ctrl: by word; Up/Down:
//! by sentence), Shift extends the selection, `s` selects the sentence, `t` tells the tag under
//! the caret, `n` writes a note on the selected annotation, Escape collapses, then leaves.

use crate::app::{messages, Action, AnnotatorAction, Fresh, ListAction, NoticeAction, State};
use crate::model::navigate::{self, Unit};
use crate::model::text::CharRange;

/// A key as the browser reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    /// `KeyboardEvent.key`: "a", "ArrowLeft", "Escape", …
    pub key: String,
    /// Ctrl, or ⌘ on a Mac.
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

/// What the page says besides the key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyContext {
    /// Whether a text field has focus.
    pub typing: bool,
    /// The page's text selection inside the article, read now.
    pub live: Option<CharRange>,
    pub fresh: Fresh,
}

/// The actions a key stands for, and whether the browser's own handling must be stopped.
#[derive(Clone, Debug, Default)]
pub struct KeyOutcome {
    pub actions: Vec<Action>,
    pub prevent_default: bool,
}

impl KeyOutcome {
    fn act(actions: Vec<Action>, prevent_default: bool) -> KeyOutcome {
        KeyOutcome {
            actions,
            prevent_default,
        }
    }
}

pub fn on_key(state: &State, key: &KeyPress, cx: KeyContext) -> KeyOutcome {
    let annotator = &state.annotator;
    if annotator.caret.is_some() && !cx.typing && !key.alt {
        if let Some(actions) = on_caret_key(state, key) {
            return KeyOutcome::act(actions, true);
        }
    }
    let k = key.key.as_str();
    if key.ctrl && !key.alt && (k == "z" || k == "Z") {
        if cx.typing {
            // Let a text field undo and redo its own typing.
            return KeyOutcome::default();
        }
        let a = if key.shift {
            AnnotatorAction::Redo
        } else {
            AnnotatorAction::Undo
        };
        return KeyOutcome::act(vec![Action::Annotator(a)], true);
    }
    if key.ctrl && !key.alt && k == "y" && !cx.typing {
        return KeyOutcome::act(vec![Action::Annotator(AnnotatorAction::Redo)], true);
    }
    if key.ctrl || key.alt || cx.typing {
        return KeyOutcome::default();
    }
    let selecting = annotator.pending.is_some()
        || annotator.caret.is_some_and(|(a, f)| a != f)
        || cx.live.is_some();
    if selecting {
        let mut chars = k.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(tag) = state.session().tags().by_key(c) {
                let tag = AnnotatorAction::Tag {
                    tag,
                    live: cx.live,
                    fresh: cx.fresh,
                };
                return KeyOutcome::act(vec![Action::Annotator(tag)], true);
            }
        }
        if k == "Escape" {
            let cancel = Action::Annotator(AnnotatorAction::CancelSelection);
            return KeyOutcome::act(vec![cancel], false);
        }
    }
    let list = match k {
        "j" => ListAction::Step(1),
        "k" => ListAction::Step(-1),
        "Escape" => ListAction::Focus {
            id: None,
            jump: false,
        },
        _ => return KeyOutcome::default(),
    };
    KeyOutcome::act(vec![Action::List(list)], false)
}

/// Keys of keyboard annotating; `None` when the key is not one of them.
fn on_caret_key(state: &State, key: &KeyPress) -> Option<Vec<Action>> {
    let (anchor, focus) = state.annotator.caret?;
    let doc = state.session().doc();
    let (ctrl, shift) = (key.ctrl, key.shift);
    let moved = |unit: Unit, forward: bool| {
        let to = navigate::step(doc, focus, unit, forward);
        // Moving without Shift from a selection collapses to its edge first.
        if !shift && anchor != focus && unit == Unit::Character {
            let edge = if forward {
                anchor.max(focus)
            } else {
                anchor.min(focus)
            };
            return (edge, edge);
        }
        if shift {
            (anchor, to)
        } else {
            (to, to)
        }
    };
    let status = |text: String| Action::Notice(NoticeAction::Status(text));
    let k = key.key.as_str();
    let next = match k {
        "ArrowRight" if ctrl && shift => moved(Unit::WordEnd, true),
        "ArrowRight" => moved(if ctrl { Unit::Word } else { Unit::Character }, true),
        "ArrowLeft" => moved(if ctrl { Unit::Word } else { Unit::Character }, false),
        "ArrowDown" => moved(Unit::Sentence, true),
        "ArrowUp" => moved(Unit::Sentence, false),
        "Home" if shift => (anchor, 0),
        "Home" => (0, 0),
        "End" if shift => (anchor, doc.char_len()),
        "End" => (doc.char_len(), doc.char_len()),
        "s" | "S" if !ctrl => {
            let r = navigate::sentence_at(doc, focus)?;
            (r.start, r.end)
        }
        "Escape" if anchor != focus => (focus, focus),
        "Escape" => return Some(vec![Action::Annotator(AnnotatorAction::LeaveKeyboard)]),
        "t" | "T" if !ctrl => {
            let here = crate::app::annotator::annotation_at(state.session(), focus)
                .and_then(|id| state.session().get(&id))
                .map(|a| messages::tag_here(state.session().tags().label(a.tag), &a.quote.exact));
            return Some(vec![status(
                here.unwrap_or_else(|| messages::NO_ANNOTATION_HERE.into()),
            )]);
        }
        "n" | "N" if !ctrl => return Some(vec![Action::Annotator(AnnotatorAction::FocusNote)]),
        _ => return None,
    };
    let (a, f) = next;
    // Say what is now under the caret (the character, word or sentence), or what is selected.
    let slice = |r: CharRange| messages::short(doc.slice(r).trim());
    let announce = if a != f {
        messages::selected_text(
            doc.slice(CharRange {
                start: a.min(f),
                end: a.max(f),
            })
            .trim(),
        )
    } else if k == "ArrowUp" || k == "ArrowDown" {
        navigate::sentence_at(doc, f).map(slice).unwrap_or_default()
    } else if ctrl {
        navigate::word_at(doc, f).map(slice).unwrap_or_default()
    } else {
        match doc.slice(CharRange {
            start: f,
            end: doc.grapheme_after(f),
        }) {
            "" => "End of the text".to_string(),
            " " => "space".to_string(),
            "\n" => "line break".to_string(),
            c => c.to_string(),
        }
    };
    let mut actions = vec![Action::Annotator(AnnotatorAction::Caret((a, f)))];
    if !announce.is_empty() {
        actions.push(status(announce));
    }
    Some(actions)
}
