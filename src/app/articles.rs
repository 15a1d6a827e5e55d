//! The articles panel: the articles kept in this browser (open, recent, delete) and the room
//! they take. Folded away while an article is being read; opened from the toolbar.

use super::{messages, Action, Effect, State};

/// The panel's own state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Articles {
    /// Whether the panel is unfolded.
    pub open: bool,
    /// The article waiting for the person to confirm its deletion.
    pub deleting: Option<String>,
}

/// What the browser says about this site's storage (`navigator.storage`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageInfo {
    /// Bytes used and the most the browser gives, when it says.
    pub used: Option<u64>,
    pub quota: Option<u64>,
    /// Whether the browser keeps the data until the person deletes it (`persist()` granted).
    pub persisted: Option<bool>,
    /// Why the browser's database cannot be used (a private window, storage turned off), when
    /// it cannot: the work then lives only in the tab.
    pub unavailable: Option<String>,
}

impl StorageInfo {
    /// The share of the quota in use, when both are known.
    pub fn fraction_used(&self) -> Option<f64> {
        match (self.used, self.quota) {
            (Some(u), Some(q)) if q > 0 => Some(u as f64 / q as f64),
            _ => None,
        }
    }
}

/// Above this share of the quota, the panel and the notices warn.
pub const NEARLY_FULL: f64 = 0.8;

#[derive(Clone, Debug, PartialEq)]
pub enum ArticlesAction {
    /// Fold or unfold the panel.
    Toggle,
    Show(bool),
    /// Ask to delete an article kept in this browser.
    Delete {
        slot: String,
    },
    /// The person confirmed: delete it.
    ConfirmDelete,
    CancelDelete,
}

pub fn reduce(state: &mut State, action: ArticlesAction, effects: &mut Vec<Effect>) {
    match action {
        ArticlesAction::Toggle => show(state, !state.articles.open),
        ArticlesAction::Show(open) => show(state, open),
        ArticlesAction::Delete { slot } => {
            if *state.annotator.slot == *slot {
                state.notices.error(messages::DELETE_OPEN_ARTICLE.into());
            } else if state.recent.iter().any(|r| r.slot == slot) {
                state.articles.deleting = Some(slot);
            }
        }
        ArticlesAction::ConfirmDelete => {
            if let Some(slot) = state.articles.deleting.take() {
                if let Some(r) = state.recent.iter().find(|r| r.slot == slot) {
                    state
                        .notices
                        .status(messages::article_deleted(&r.title, r.annotations));
                }
                effects.push(Effect::DeleteArticle { slot });
            }
        }
        ArticlesAction::CancelDelete => state.articles.deleting = None,
    }
}

/// Folding the panel drops a question it was asking ("delete …?"): it is no longer in view.
fn show(state: &mut State, open: bool) {
    state.articles.open = open;
    if !open {
        state.articles.deleting = None;
    }
}

/// Whether nothing of the person's own is kept in this browser yet: no article but the open
/// one, and no annotation on it (a first visit, showing the sample). The panel then starts
/// unfolded where there is room for it, so opening an article of one's own is in view.
pub fn first_visit(state: &State) -> bool {
    state.session().annotations().is_empty()
        && state
            .recent
            .iter()
            .all(|r| *r.slot == *state.annotator.slot)
}

/// The question asked before an article is deleted.
pub fn delete_question(title: &str, annotations: usize) -> String {
    format!(
        "Delete “{title}” and its {annotations} annotation{} from this browser? This cannot be undone; export it first if you need it.",
        messages::plural(annotations)
    )
}

/// One article's line in the list: "3 annotations · 12 KB · saved 5 min ago".
pub fn article_facts(annotations: usize, bytes: usize, saved: i64, now: i64) -> String {
    let mut facts = vec![format!(
        "{annotations} annotation{}",
        messages::plural(annotations)
    )];
    if bytes > 0 {
        facts.push(messages::size(bytes as u64));
    }
    if saved > 0 {
        facts.push(format!("saved {}", saved_when(saved, now)));
    }
    facts.join(" · ")
}

/// When something was saved, for a person: "just now", "5 min ago", "3 h ago", "yesterday",
/// "4 days ago", then the date ("on 2025-11-24", UTC). Times are milliseconds since the epoch.
pub fn saved_when(saved: i64, now: i64) -> String {
    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    match now.saturating_sub(saved) {
        d if d < MIN => "just now".into(),
        d if d < HOUR => format!("{} min ago", d / MIN),
        d if d < DAY => format!("{} h ago", d / HOUR),
        d if d < 2 * DAY => "yesterday".into(),
        d if d < 30 * DAY => format!("{} days ago", d / DAY),
        _ => {
            let (y, m, d) = crate::model::annotation::civil_from_days(saved.div_euclid(DAY));
            format!("on {y:04}-{m:02}-{d:02}")
        }
    }
}

/// The room the articles take: "Using 3.1 MB of 1.2 GB · kept until you delete it". None when
/// the browser does not say how much is used.
pub fn room(info: &StorageInfo) -> Option<String> {
    let used = info.used?;
    let mut line = match info.quota {
        Some(q) if q > 0 => format!("Using {} of {}", messages::size(used), messages::size(q)),
        _ => format!("Using {}", messages::size(used)),
    };
    match info.persisted {
        Some(true) => line += " · kept until you delete it",
        Some(false) => line += " · the browser may clear it when space runs low",
        None => {}
    }
    Some(line)
}

/// For the shell: the action of a panel event.
pub fn action(a: ArticlesAction) -> Action {
    Action::Articles(a)
}
