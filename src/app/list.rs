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

/// The most items the list builds for one frame. An item is a note, a claimant and a verdict
/// field (form controls the browser styles one by one): a whole new window in one frame, after
/// a jump to a new annotation or an import, doubled that frame's time. The rest follow, a few a
/// frame, once it is out.
pub const NEW_PER_FRAME: usize = 4;

/// The most items built for the first frame of a window none of which is built yet (a jump to
/// an annotation far from the window, as a new one tagged there, an import, "Show later"): the
/// one in focus only, so that the frame showing a new annotation's highlight shows its item
/// without paying for its neighbours (measured: ~7 ms of that frame, of ~50, on 5,000).
pub const FIRST_OF_A_NEW_WINDOW: usize = 1;

/// Where the window of a list of `len` items starts: at `start` (clamped so the window is full
/// at the list's end), moved to hold the selected item, with a third of the window before it,
/// when it lies outside.
pub fn window_start(len: usize, start: usize, selected: Option<usize>) -> usize {
    let last = len.saturating_sub(WINDOW);
    let from = start.min(last);
    match selected {
        Some(i) if i < len && (i < from || i >= from + WINDOW) => {
            i.saturating_sub(WINDOW / 3).min(last)
        }
        _ => from,
    }
}

/// Which items of `window` (of a list of `len`) to build now: those already built, and of the
/// new ones the [`NEW_PER_FRAME`] nearest to `focus` (the selected item, else the window's
/// start), or [`FIRST_OF_A_NEW_WINDOW`] when none is built yet. Gives them in list order, and
/// whether some are still to come. A list that fits in one window is built at once.
pub fn stagger(
    len: usize,
    window: std::ops::Range<usize>,
    built: impl Fn(usize) -> bool,
    focus: usize,
) -> (Vec<usize>, bool) {
    if len <= WINDOW {
        return (window.collect(), false);
    }
    let mut new: Vec<usize> = window.clone().filter(|&i| !built(i)).collect();
    let now = match new.len() == window.len() {
        true => FIRST_OF_A_NEW_WINDOW,
        false => NEW_PER_FRAME,
    };
    let more = new.len() > now;
    new.sort_by_key(|&i| (i.abs_diff(focus), i));
    new.truncate(now);
    let items = window.filter(|&i| built(i) || new.contains(&i)).collect();
    (items, more)
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
