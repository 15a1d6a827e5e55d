//! The list of annotations: its filter, its search and the selected annotation.

use crate::app::{Effect, State};
use crate::model::{Annotation, Session, Tag};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListView {
    pub filter: Option<Tag>,
    pub query: String,
    /// The annotation outlined in the list and the article.
    pub selected: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListAction {
    /// Select an annotation (or none); `jump` scrolls the article to it.
    Focus {
        id: Option<String>,
        jump: bool,
    },
    /// Move the selection through the (filtered) list: +1 next, -1 previous.
    Step(i32),
    Filter(Option<Tag>),
    Search(String),
}

impl ListView {
    /// The ids of the annotations that pass the filter and search, in list order.
    pub fn visible_ids(&self, session: &Session) -> Vec<String> {
        self.visible(session.annotations())
            .map(|a| a.id.clone())
            .collect()
    }

    /// The annotations that pass the filter and search, in list order.
    pub fn visible<'a>(
        &self,
        annotations: impl IntoIterator<Item = &'a Annotation>,
    ) -> impl Iterator<Item = &'a Annotation> {
        let q = self.query.to_lowercase();
        let filter = self.filter;
        annotations
            .into_iter()
            .filter(move |a| filter.is_none_or(|t| a.tag == t))
            .filter(move |a| {
                q.is_empty()
                    || a.quote.exact.to_lowercase().contains(&q)
                    || a.note.to_lowercase().contains(&q)
            })
    }
}

/// How many items the list renders at once; a longer list shows a window of them.
pub const WINDOW: usize = 24;

/// Right after the window moves to the selected item it renders only this many, from two
/// before it: the frame that shows a new annotation builds a handful of items, not a whole
/// window of note, claimant and verdict fields. The rest follow once that frame is out.
pub const FIRST: usize = 6;

/// The items the list renders now, and where its window settles after the next frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub items: std::ops::Range<usize>,
    /// `Some(start)` when the window moved to reach the selected item: render `items` (a few
    /// around it) now and the whole window from `start` a frame later.
    pub settle: Option<usize>,
}

/// Which of `len` listed items to render, for a window kept from `start` and the selected
/// item's position. Invariants: `items` lies in `0..len` and holds `selected` when there is
/// one; without a move it is the window from `start` (clamped to the list's end).
pub fn window(len: usize, start: usize, selected: Option<usize>) -> Window {
    let from = start.min(len.saturating_sub(WINDOW));
    match selected {
        Some(i) if i < len && (i < from || i >= from + WINDOW) => {
            let settle = i.saturating_sub(WINDOW / 3).min(len.saturating_sub(WINDOW));
            let first = i.saturating_sub(2);
            Window {
                items: first..(first + FIRST).min(len),
                settle: Some(settle),
            }
        }
        _ => Window {
            items: from..(from + WINDOW).min(len),
            settle: None,
        },
    }
}

pub fn reduce(state: &mut State, action: ListAction, effects: &mut Vec<Effect>) {
    match action {
        ListAction::Focus { id, jump } => select(state, id, jump, effects),
        ListAction::Step(delta) => {
            let ids = state.visible_ids();
            if ids.is_empty() {
                return;
            }
            let at = state
                .list
                .selected
                .as_ref()
                .and_then(|s| ids.iter().position(|i| i == s));
            let i = match at {
                Some(i) => (i as i64 + i64::from(delta)).clamp(0, ids.len() as i64 - 1) as usize,
                None if delta < 0 => ids.len() - 1,
                None => 0,
            };
            select(state, Some(ids[i].clone()), true, effects);
        }
        ListAction::Filter(tag) => state.list.filter = tag,
        ListAction::Search(q) => state.list.query = q,
    }
}

/// Selects `id`; with `jump`, the article scrolls to it (when it has a place in the text).
pub(crate) fn select(state: &mut State, id: Option<String>, jump: bool, effects: &mut Vec<Effect>) {
    if state.list.selected != id {
        state.list.selected = id;
        effects.push(Effect::Paint);
    }
    if jump {
        let placed = state
            .list
            .selected
            .as_deref()
            .and_then(|id| state.session().get(id))
            .filter(|a| !a.is_orphaned());
        if let Some(a) = placed {
            effects.push(Effect::Reveal(a.range));
        }
    }
}
