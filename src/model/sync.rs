//! Keeping one article's work in step across saves and browser tabs.
//!
//! The browser's database keeps an article as a few records: its text (written once, and again
//! only when the text is edited), a small header (title, tag set, counts) and one record per
//! annotation. A save writes what changed since the last save ([`delta`]): the annotations put
//! or deleted, as [`Record`]s built one at a time, never the whole session. Other tabs on the
//! same article receive the same records and merge them
//! ([`Session::merge`](crate::model::Session::merge)).
//!
//! How records merge (per annotation, by id):
//! - A record carries the time of the change it holds: an annotation's `modified` time, or the
//!   time it was deleted (a tombstone).
//! - The later change wins. So an edit made after a delete brings the annotation back, and a
//!   delete made after an edit removes it. On equal times, a delete wins over an edit, and two
//!   edits keep the one already here.
//! - A tab that keeps its own, newer version writes it again, so the database ends at the same
//!   state as the tabs.
//! - Merging is not an undoable step: undo stays per tab, and the steps of this tab's history that
//!   touch a merged annotation are dropped, so undo never undoes another tab's work.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::annotation::{Annotation, Timestamp};
use super::claims::{ArticleMeta, Review};
use super::session::Session;
use super::tags::TagSet;

/// One annotation's latest change: the annotation, or its deletion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    /// When the change was made: the annotation's `modified` time, or when it was deleted.
    pub at: Timestamp,
    /// The annotation; `None` for a deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<Annotation>,
}

impl Record {
    pub fn put(a: &Annotation) -> Record {
        Record {
            id: a.id.clone(),
            at: a.modified.clone(),
            annotation: Some(a.clone()),
        }
    }

    pub fn deleted(id: &str, at: Timestamp) -> Record {
        Record {
            id: id.to_string(),
            at,
            annotation: None,
        }
    }
}

/// What another tab changed in the article open here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    /// The article's slot.
    pub slot: String,
    pub records: Vec<Record>,
    /// Its tag set, when that changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<TagSet>,
    /// Whether its text changed (the tab then reads the whole article again).
    #[serde(default)]
    pub text: bool,
    /// Its article details and review settings, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<(ArticleMeta, Review)>,
}

/// What a save must write: the changes from `before` (as last saved) to `after`.
///
/// The annotations to put are kept as their places in `after`, and their [`Record`]s are built
/// one at a time as they are written ([`Delta::records`]): a copy of every annotation at once
/// was the highest memory an import of thousands needed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Delta {
    /// Indexes into `after.annotations()`, in its order.
    puts: Vec<usize>,
    /// Annotations `before` had and `after` has not, dated when they were found gone.
    deletions: Vec<Record>,
    /// The text (or title) changed: write it again.
    pub text: bool,
    /// The tag set changed.
    pub tags: bool,
    /// The article's details or the review settings changed.
    pub header: bool,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.len() == 0 && !self.text && !self.tags && !self.header
    }

    /// How many records the delta writes.
    pub fn len(&self) -> usize {
        self.puts.len() + self.deletions.len()
    }

    /// The records to write: the annotations put, in `after`'s order, then the deletions.
    /// `after` must be the session the delta was computed for.
    pub fn records<'a>(&'a self, after: &'a Session) -> impl Iterator<Item = Record> + 'a {
        let annotations = after.annotations();
        debug_assert!(
            self.puts.last().is_none_or(|&i| i < annotations.len()),
            "a delta's records come from the session it was computed for"
        );
        self.puts
            .iter()
            .filter_map(move |&i| annotations.get(i).map(Record::put))
            .chain(self.deletions.iter().cloned())
    }

    /// Adds the delta's deletions to `tombstones` and forgets those of the annotations it puts
    /// (`after` as for [`Delta::records`]).
    pub fn note_deletions(&self, tombstones: &mut Tombstones, after: &Session) {
        for &i in &self.puts {
            if let Some(a) = after.annotations().get(i) {
                tombstones.remove(&a.id);
            }
        }
        for r in &self.deletions {
            tombstones.insert(r.id.clone(), r.at.clone());
        }
    }
}

/// The changes that turn `before`'s annotations into `after`'s; a deletion is dated `now`.
/// `before` is `None` when nothing of the article is saved yet (every annotation is written).
pub fn delta(before: Option<&Session>, after: &Session, now: &Timestamp) -> Delta {
    let Some(before) = before else {
        return Delta {
            puts: (0..after.annotations().len()).collect(),
            deletions: vec![],
            text: true,
            tags: true,
            header: true,
        };
    };
    let text = !std::sync::Arc::ptr_eq(before.shared_doc(), after.shared_doc())
        && (before.doc().text() != after.doc().text()
            || before.doc().title() != after.doc().title());
    let tags = before.tags() != after.tags();
    let header = before.meta() != after.meta() || before.review() != after.review();
    if before.annotations() == after.annotations() {
        return Delta {
            text,
            tags,
            header,
            ..Delta::default()
        };
    }
    let old: HashMap<&str, &Annotation> = before
        .annotations()
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut puts = Vec::new();
    let mut kept = 0;
    for (i, a) in after.annotations().iter().enumerate() {
        match old.get(a.id.as_str()) {
            Some(o) if *o == a => kept += 1,
            Some(_) => {
                kept += 1;
                puts.push(i);
            }
            None => puts.push(i),
        }
    }
    let mut deletions = Vec::new();
    if kept < old.len() {
        let now_ids: std::collections::HashSet<&str> =
            after.annotations().iter().map(|a| a.id.as_str()).collect();
        for a in before.annotations() {
            if !now_ids.contains(a.id.as_str()) {
                deletions.push(Record::deleted(&a.id, now.clone()));
            }
        }
    }
    Delta {
        puts,
        deletions,
        text,
        tags,
        header,
    }
}

/// Whether an incoming record replaces what this tab has (`local`): the later change wins; on
/// equal times a deletion wins and two edits keep the local one.
pub fn incoming_wins(incoming: &Record, local: Option<&Annotation>) -> bool {
    match local {
        None => true,
        Some(l) => match incoming.annotation {
            None => incoming.at >= l.modified,
            Some(_) => incoming.at > l.modified,
        },
    }
}

/// The union of two tag sets: `incoming`'s tags in its order, then the local ones it lacks.
pub fn merge_tags(local: &TagSet, incoming: &TagSet) -> TagSet {
    let extra: Vec<_> = local
        .iter()
        .filter(|d| !incoming.contains(d.id))
        .cloned()
        .collect();
    if extra.is_empty() {
        return incoming.clone();
    }
    let ids: Vec<_> = extra.iter().map(|d| d.id).collect();
    incoming
        .with_ids(&ids, &extra)
        .map(|(set, _)| set)
        .unwrap_or_else(|_| local.clone())
}

/// The deletions a tab made, by id, with their times: a session forgets what it deleted, so the
/// tab keeps this beside it to judge other tabs' records of the same annotations.
pub type Tombstones = HashMap<String, Timestamp>;

/// Takes out of `incoming` the records that an own, later deletion supersedes (a delete wins on
/// equal times); returns those deletions, to be written again.
pub fn drop_superseded(incoming: &mut Vec<Record>, tombstones: &Tombstones) -> Vec<Record> {
    let mut again = Vec::new();
    incoming.retain(|r| match (tombstones.get(&r.id), &r.annotation) {
        (Some(at), Some(_)) if *at >= r.at => {
            again.push(Record::deleted(&r.id, at.clone()));
            false
        }
        _ => true,
    });
    again
}
