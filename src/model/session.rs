//! A working session: one document, its annotations, and the undo history.
//!
//! Every change goes through [`Session::apply`], which either makes the whole change and records
//! how to undo it, or returns an error and changes nothing. Commands carry their ids and times,
//! so applying the same commands to the same session always gives the same result.
//!
//! Invariants:
//! - `annotations` is sorted by [`Annotation::sort_key`] and ids are unique.
//! - Every anchored or relocated annotation's range lies inside the text, and
//!   `doc.slice(range) == quote.exact`.
//! - Undoing and then redoing an edit restores exactly what was there.
//!
//! A session is cheap to clone: the document is shared (`Arc`), the annotations and the undo
//! history are persistent vectors (`imbl`), so a clone shares everything and a change copies only
//! the few nodes it touches. Old snapshots never see later changes.

use std::sync::Arc;

use imbl::Vector;
use serde::{Deserialize, Serialize};

use super::anchor::{self, Reanchoring};
use super::annotation::{Annotation, Quote, Status, Timestamp};
use super::claims::{clean, ArticleMeta, Review};
use super::tags::{Tag, TagDef, TagEdit, TagError, TagSet};
use super::text::{BlockKind, Document, SnappedRange};

/// At most this many steps can be undone.
pub const UNDO_LIMIT: usize = 200;

/// Something a person does to the session.
#[derive(Clone, Debug)]
pub enum Command {
    Create {
        id: String,
        tag: Tag,
        range: SnappedRange,
        now: Timestamp,
        creator: Option<String>,
    },
    /// Creates several annotations as one step (accepting every suggestion above a
    /// confidence): `label` names the step for undo.
    CreateAll {
        items: Vec<NewAnnotation>,
        now: Timestamp,
        label: String,
    },
    Retag {
        id: String,
        tag: Tag,
        now: Timestamp,
    },
    /// Typing in a note: consecutive edits of one note are undone together.
    SetNote {
        id: String,
        note: String,
        now: Timestamp,
    },
    Delete {
        id: String,
    },
    /// Gives an orphan (or any annotation) a new place in the text.
    Reattach {
        id: String,
        range: SnappedRange,
        now: Timestamp,
    },
    /// Adds annotations that an import anchored. Ids already present are skipped. Tags the
    /// set lacks join it, as `tags` (the file's own definitions) describes them when it can.
    Import {
        annotations: Vec<Annotation>,
        tags: Vec<TagDef>,
    },
    /// Replaces the text (an edit or a corrected copy) and re-anchors every annotation.
    ReplaceText {
        doc: Document,
    },
    /// Replaces the text with the one a [`Reanchoring`] (from [`Session::reanchoring`]) placed
    /// every annotation in, a piece at a time.
    ReplaceTextPlaced(Box<Reanchoring>),
    /// Changes the tag set. Deleting a tag that annotations carry retags them (one step).
    EditTags {
        edit: TagEdit,
        now: Timestamp,
    },
    /// Names who makes the claim (`None` or blank: nobody).
    SetClaimant {
        id: String,
        claimant: Option<String>,
        now: Timestamp,
    },
    /// Gives the claim a verdict from the rating scale (`None`: not rated).
    SetVerdict {
        id: String,
        verdict: Option<String>,
        now: Timestamp,
    },
    /// Sets which annotations this one answers (each must exist, and not be itself).
    SetLinks {
        id: String,
        links: Vec<String>,
        now: Timestamp,
    },
    /// Changes the article's details (address, publisher, author, date).
    SetMeta {
        meta: ArticleMeta,
    },
    /// Changes the reviewer and the rating scale.
    SetReview {
        review: Review,
    },
    Undo,
    Redo,
    /// The annotations were exported: the work is safe outside the app.
    MarkExported,
}

/// What a successful command changed, so the UI repaints no more than it must.
/// An annotation a [`Command::CreateAll`] adds: an accepted suggestion, with the claimant the
/// text names, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAnnotation {
    pub id: String,
    pub tag: Tag,
    pub range: SnappedRange,
    pub claimant: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Nothing,
    Annotations,
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("no annotation has the id {0}")]
    UnknownId(String),
    #[error("an annotation with the id {0} exists already")]
    DuplicateId(String),
    #[error("there is nothing to undo")]
    NothingToUndo,
    #[error("there is nothing to redo")]
    NothingToRedo,
    #[error("the tag “{0}” is not in this set")]
    UnknownTag(String),
    #[error(
        "{} carr{} the tag “{label}”: choose a tag to give {} first",
        if *count == 1 { "1 annotation".to_string() } else { format!("{count} annotations") },
        if *count == 1 { "ies" } else { "y" },
        if *count == 1 { "it" } else { "them" }
    )]
    TagInUse { label: String, count: usize },
    #[error("{0}")]
    Tags(#[from] TagError),
    #[error("an annotation cannot answer itself")]
    SelfLink,
    #[error("the verdict “{0}” is not on the rating scale")]
    UnknownVerdict(String),
}

/// One undoable step: the annotations it took away, those it put in, and the text before and
/// after when the text changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Edit {
    label: String,
    removed: Vec<Annotation>,
    added: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<TextSwap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<TagSwap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    header: Option<HeaderSwap>,
}

/// The article's details and the review settings, before and after a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct HeaderSwap {
    before: (ArticleMeta, Review),
    after: (ArticleMeta, Review),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TagSwap {
    before: TagSet,
    after: TagSet,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TextSwap {
    before: SavedDocument,
    after: SavedDocument,
}

/// A persistent vector whose equality first asks whether both share their storage, so comparing
/// two snapshots of an unchanged session costs nothing.
#[derive(Clone, Debug)]
pub struct Shared<T: Clone>(Vector<T>);

impl<T: Clone> Default for Shared<T> {
    fn default() -> Self {
        Shared(Vector::new())
    }
}

impl<T: Clone + PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.ptr_eq(&other.0) || self.0 == other.0
    }
}

impl<T: Clone> std::ops::Deref for Shared<T> {
    type Target = Vector<T>;
    fn deref(&self) -> &Vector<T> {
        &self.0
    }
}

impl<'a, T: Clone> IntoIterator for &'a Shared<T> {
    type Item = &'a T;
    type IntoIter = imbl::vector::Iter<'a, T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One step of the history, shared between snapshots; equal when it is the same step.
#[derive(Clone, Debug)]
struct Step(Arc<Edit>);

impl PartialEq for Step {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    doc: Arc<Document>,
    tags: TagSet,
    annotations: Shared<Annotation>,
    undo: Shared<Step>,
    redo: Shared<Step>,
    unexported: bool,
    /// The article's details and the review settings (shared: rarely changed).
    header: Arc<(ArticleMeta, Review)>,
}

impl Session {
    pub fn new(doc: Document) -> Session {
        Session::with_tags(doc, TagSet::default())
    }

    /// A new session whose annotations use `tags`.
    pub fn with_tags(doc: Document, tags: TagSet) -> Session {
        Session {
            doc: Arc::new(doc),
            tags,
            annotations: Shared::default(),
            undo: Shared::default(),
            redo: Shared::default(),
            unexported: false,
            header: Arc::default(),
        }
    }

    /// The same session with `url` as the article's address when it has none: the address an
    /// article was fetched from is a fact about it, not an undoable edit.
    pub fn with_url(mut self, url: &str) -> Session {
        if self.header.0.url.is_empty() {
            Arc::make_mut(&mut self.header).0.url = clean(url);
        }
        self
    }

    /// The same session with `review` as its review settings: a new article's work starts with
    /// the reviewer and scale of the one open before, so they are set once.
    pub fn with_review(mut self, review: &Review) -> Session {
        Arc::make_mut(&mut self.header).1 = review.clone();
        self
    }

    /// The article's details (its title is the document's).
    pub fn meta(&self) -> &ArticleMeta {
        &self.header.0
    }

    /// The reviewer and the rating scale.
    pub fn review(&self) -> &Review {
        &self.header.1
    }

    /// The annotations that answer `id` (whose links name it), in text order.
    pub fn answers_to(&self, id: &str) -> Vec<&Annotation> {
        self.annotations
            .iter()
            .filter(|a| a.claim.links.iter().any(|l| l == id))
            .collect()
    }

    /// The placed annotations at the other ends of `id`'s links: those it answers and those
    /// answering it.
    pub fn linked_with(&self, id: &str) -> Vec<&Annotation> {
        let Some(a) = self.get(id) else {
            return Vec::new();
        };
        let mut out: Vec<&Annotation> = self.answered_by(a).collect();
        out.extend(self.answers_to(id));
        out.retain(|o| !o.is_orphaned());
        out
    }

    /// The annotations `a` answers that this session holds (a link to a deleted annotation
    /// stays in the record, so an undo brings it back, but leads nowhere).
    pub fn answered_by<'a>(&'a self, a: &'a Annotation) -> impl Iterator<Item = &'a Annotation> {
        a.claim.links.iter().filter_map(|l| self.get(l))
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, shared: equal to another snapshot's when the text did not change.
    pub fn shared_doc(&self) -> &Arc<Document> {
        &self.doc
    }

    /// The tags annotations can carry, in order. Every annotation's tag is in it.
    pub fn tags(&self) -> &TagSet {
        &self.tags
    }

    /// How many annotations carry `tag`.
    /// Whether an import bringing the set `defs` replaces this session's set rather than adding
    /// to it: only when the session has no annotations, its set is the untouched default, and
    /// `defs` is a valid set of its own.
    pub fn adopts_set(&self, defs: &[TagDef]) -> bool {
        self.annotations.is_empty()
            && self.tags.is_default()
            && !defs.is_empty()
            && TagSet::from_defs(defs.to_vec()).is_ok_and(|set| set != self.tags)
    }

    pub fn count_tagged(&self, tag: Tag) -> usize {
        self.annotations.iter().filter(|a| a.tag == tag).count()
    }

    /// The annotations in text order, orphans last.
    pub fn annotations(&self) -> &Shared<Annotation> {
        &self.annotations
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    /// Merges another tab's changes (see [`super::sync`]): each record replaces the local
    /// annotation unless the local change is later. Not an undoable step; this tab's undo and
    /// redo steps that touch a merged annotation are dropped. Returns the ids whose local
    /// version is newer than the incoming one (to be written again).
    pub fn merge(&mut self, records: &[super::sync::Record], tags: Option<&TagSet>) -> Vec<String> {
        if let Some(incoming) = tags {
            self.tags = super::sync::merge_tags(&self.tags, incoming);
        }
        let mut out = Vec::new();
        let mut into = Vec::new();
        let mut newer_here = Vec::new();
        let mut touched = std::collections::HashSet::new();
        for r in records {
            let local = self.get(&r.id);
            if super::sync::incoming_wins(r, local) {
                if let Some(l) = local {
                    out.push(l.clone());
                }
                if let Some(a) = &r.annotation {
                    // Only what fits this text: another tab's record of an older text waits
                    // for the text to be read again.
                    if a.is_orphaned()
                        || self.doc.is_grapheme_aligned(a.range)
                            && a.range.end <= self.doc.char_len()
                    {
                        into.push(a.clone());
                    }
                }
                if local.is_some() || r.annotation.is_some() {
                    touched.insert(r.id.clone());
                }
            } else if local.is_some_and(|l| l.modified > r.at) {
                newer_here.push(r.id.clone());
            }
        }
        if !touched.is_empty() {
            self.replace(&out, &into);
            let keeps = |step: &Step| {
                !step
                    .0
                    .removed
                    .iter()
                    .chain(&step.0.added)
                    .any(|a| touched.contains(&a.id))
            };
            self.undo.0.retain(keeps);
            self.redo.0.retain(keeps);
        }
        // Every annotation's tag stays in the set.
        let used: Vec<Tag> = self.annotations.iter().map(|a| a.tag).collect();
        if let Ok((set, _)) = self.tags.with_ids(&used, &[]) {
            self.tags = set;
        }
        newer_here
    }

    /// Takes another tab's article details and review settings (the later save wins; fields are
    /// not merged one by one). Not an undoable step: this tab's steps that change them are
    /// dropped, so undo never undoes another tab's work. Says whether anything changed.
    pub fn merge_header(&mut self, meta: ArticleMeta, review: Review) -> bool {
        let incoming = (meta, review);
        if *self.header == incoming {
            return false;
        }
        self.header = Arc::new(incoming);
        let keeps = |step: &Step| step.0.header.is_none();
        self.undo.0.retain(keeps);
        self.redo.0.retain(keeps);
        true
    }

    /// Whether there are changes that were never exported.
    pub fn has_unexported_work(&self) -> bool {
        self.unexported && !self.annotations.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What the next undo would undo, for a button's tooltip.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.0.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.0.label.as_str())
    }

    /// Applies one command: all of it, or nothing with an error.
    pub fn apply(&mut self, command: Command) -> Result<Change, CommandError> {
        match command {
            Command::Create {
                id,
                tag,
                range,
                now,
                creator,
            } => {
                if self.get(&id).is_some() {
                    return Err(CommandError::DuplicateId(id));
                }
                self.require_tag(tag)?;
                let annotation =
                    self.new_annotation(id, tag, range, now, creator, Default::default());
                let label = format!("add {}", self.tags.label(tag).to_lowercase());
                self.record(Edit {
                    label,
                    removed: vec![],
                    added: vec![annotation],
                    ..Edit::default()
                });
            }
            Command::CreateAll { items, now, label } => {
                let mut added = Vec::new();
                for NewAnnotation {
                    id,
                    tag,
                    range,
                    claimant,
                } in items
                {
                    if self.get(&id).is_some() || added.iter().any(|a: &Annotation| a.id == id) {
                        return Err(CommandError::DuplicateId(id));
                    }
                    self.require_tag(tag)?;
                    let claim = super::claims::ClaimInfo {
                        claimant: claimant.map(|c| clean(&c)).filter(|c| !c.is_empty()),
                        ..Default::default()
                    };
                    added.push(self.new_annotation(id, tag, range, now.clone(), None, claim));
                }
                if added.is_empty() {
                    return Ok(Change::Nothing);
                }
                self.record(Edit {
                    label,
                    removed: vec![],
                    added,
                    ..Edit::default()
                });
            }
            Command::Retag { id, tag, now } => {
                let old = self.require(&id)?.clone();
                self.require_tag(tag)?;
                if old.tag == tag {
                    return Ok(Change::Nothing);
                }
                let new = Annotation {
                    tag,
                    modified: now,
                    ..old.clone()
                };
                self.record(Edit {
                    label: "change tag".into(),
                    removed: vec![old],
                    added: vec![new],
                    ..Edit::default()
                });
            }
            Command::SetNote { id, note, now } => {
                let old = self.require(&id)?.clone();
                if old.note == note {
                    return Ok(Change::Nothing);
                }
                let new = Annotation {
                    note,
                    modified: now,
                    ..old.clone()
                };
                // Typing one note is one step: fold into the previous note edit of the same annotation.
                if let Some(last) = self.undo.last() {
                    if last.0.label == "edit note"
                        && last.0.added.len() == 1
                        && last.0.added[0].id == new.id
                    {
                        let mut folded = (*last.0).clone();
                        folded.added[0] = new.clone();
                        self.undo.0.pop_back();
                        self.undo.0.push_back(Step(Arc::new(folded)));
                        self.replace(&[old], std::slice::from_ref(&new));
                        self.redo.0.clear();
                        self.unexported = true;
                        return Ok(Change::Annotations);
                    }
                }
                self.record(Edit {
                    label: "edit note".into(),
                    removed: vec![old],
                    added: vec![new],
                    ..Edit::default()
                });
            }
            Command::Delete { id } => {
                let old = self.require(&id)?.clone();
                self.record(Edit {
                    label: "delete".into(),
                    removed: vec![old],
                    added: vec![],
                    ..Edit::default()
                });
            }
            Command::Reattach { id, range, now } => {
                let old = self.require(&id)?.clone();
                let range = range.range();
                let new = Annotation {
                    range,
                    quote: Quote::of(&self.doc, range),
                    status: Status::Anchored,
                    modified: now,
                    ..old.clone()
                };
                self.record(Edit {
                    label: "re-attach".into(),
                    removed: vec![old],
                    added: vec![new],
                    ..Edit::default()
                });
            }
            Command::Import { annotations, tags } => {
                let mut seen = std::collections::HashSet::new();
                let added: Vec<Annotation> = annotations
                    .into_iter()
                    .filter(|a| self.get(&a.id).is_none() && seen.insert(a.id.clone()))
                    .collect();
                if added.is_empty() {
                    return Ok(Change::Nothing);
                }
                // Tags the set lacks join it (never retagged); too many refuse the whole import.
                // An empty session with the untouched default set takes the file's set whole.
                let ids: Vec<Tag> = added.iter().map(|a| a.tag).collect();
                let base = match self.adopts_set(&tags) {
                    true => TagSet::from_defs(tags.clone())?,
                    false => self.tags.clone(),
                };
                let (tags, _) = base.with_ids(&ids, &tags)?;
                let label = format!(
                    "import {} annotation{}",
                    added.len(),
                    if added.len() == 1 { "" } else { "s" }
                );
                self.record(Edit {
                    label,
                    removed: vec![],
                    added,
                    tags: (tags != self.tags).then(|| TagSwap {
                        before: self.tags.clone(),
                        after: tags,
                    }),
                    ..Edit::default()
                });
            }
            Command::ReplaceText { doc } => {
                return Ok(match self.reanchoring(doc) {
                    Some(work) => self.replace_text(work),
                    None => Change::Nothing,
                });
            }
            Command::ReplaceTextPlaced(work) => {
                if self.is_open(work.new_doc()) {
                    return Ok(Change::Nothing);
                }
                return Ok(self.replace_text(*work));
            }
            Command::EditTags { edit, now } => {
                let after = self.tags.edit(&edit)?;
                let mut removed = Vec::new();
                let mut added = Vec::new();
                if let TagEdit::Delete { id, retag } = edit {
                    removed = self
                        .annotations
                        .iter()
                        .filter(|a| a.tag == id)
                        .cloned()
                        .collect();
                    if !removed.is_empty() {
                        let Some(retag) = retag else {
                            return Err(CommandError::TagInUse {
                                label: self.tags.label(id).to_string(),
                                count: removed.len(),
                            });
                        };
                        added = removed
                            .iter()
                            .map(|a| Annotation {
                                tag: retag,
                                modified: now.clone(),
                                ..a.clone()
                            })
                            .collect();
                    }
                }
                if after == self.tags && removed.is_empty() {
                    return Ok(Change::Nothing);
                }
                let label = match edit {
                    TagEdit::Add { .. } => "add a tag",
                    TagEdit::Delete { .. } => "delete a tag",
                    TagEdit::Move { .. } => "reorder tags",
                    _ => "change a tag",
                };
                self.record(Edit {
                    label: label.into(),
                    removed,
                    added,
                    tags: Some(TagSwap {
                        before: self.tags.clone(),
                        after,
                    }),
                    ..Edit::default()
                });
            }
            Command::SetClaimant { id, claimant, now } => {
                let claimant = claimant.map(|c| clean(&c)).filter(|c| !c.is_empty());
                return self.edit_claim(&id, "edit claimant", now, |c| c.claimant = claimant);
            }
            Command::SetVerdict { id, verdict, now } => {
                let verdict = verdict.filter(|v| !v.is_empty());
                if let Some(v) = &verdict {
                    let kept = self.get(&id).and_then(|a| a.claim.verdict.as_ref()) == Some(v);
                    if !self.header.1.scale.contains(v) && !kept {
                        return Err(CommandError::UnknownVerdict(v.clone()));
                    }
                }
                return self.edit_claim(&id, "set verdict", now, |c| c.verdict = verdict);
            }
            Command::SetLinks { id, links, now } => {
                let mut unique: Vec<String> = Vec::new();
                for l in links {
                    if l == id {
                        return Err(CommandError::SelfLink);
                    }
                    self.require(&l)?;
                    if !unique.contains(&l) {
                        unique.push(l);
                    }
                }
                return self.edit_claim(&id, "link", now, |c| c.links = unique);
            }
            Command::SetMeta { meta } => {
                let after = (meta.cleaned(), self.header.1.clone());
                return Ok(self.edit_header("edit article details", after));
            }
            Command::SetReview { review } => {
                let review = Review {
                    organisation: clean(&review.organisation),
                    name: clean(&review.name),
                    scale: review.scale,
                };
                return Ok(
                    self.edit_header("edit review settings", (self.header.0.clone(), review))
                );
            }
            Command::Undo => {
                let step = self.undo.0.pop_back().ok_or(CommandError::NothingToUndo)?;
                let change = self.unapply(&step.0);
                self.redo.0.push_back(step);
                self.unexported = true;
                return Ok(change);
            }
            Command::Redo => {
                let step = self.redo.0.pop_back().ok_or(CommandError::NothingToRedo)?;
                let change = self.reapply(&step.0);
                self.undo.0.push_back(step);
                self.unexported = true;
                return Ok(change);
            }
            Command::MarkExported => {
                self.unexported = false;
                return Ok(Change::Nothing);
            }
        }
        Ok(Change::Annotations)
    }

    /// One undoable change to an annotation's claim details; nothing when it changes nothing.
    fn edit_claim(
        &mut self,
        id: &str,
        label: &str,
        now: Timestamp,
        change: impl FnOnce(&mut super::claims::ClaimInfo),
    ) -> Result<Change, CommandError> {
        let old = self.require(id)?.clone();
        let mut claim = old.claim.clone();
        change(&mut claim);
        if claim == old.claim {
            return Ok(Change::Nothing);
        }
        let new = Annotation {
            claim,
            modified: now,
            ..old.clone()
        };
        // Typing a claimant is one step, as typing a note is.
        if self.fold(label, std::slice::from_ref(&new)) {
            self.replace(&[old], std::slice::from_ref(&new));
            return Ok(Change::Annotations);
        }
        self.record(Edit {
            label: label.into(),
            removed: vec![old],
            added: vec![new],
            ..Edit::default()
        });
        Ok(Change::Annotations)
    }

    /// Folds a typing edit of one annotation into the previous step when that step was the
    /// same kind of edit of the same annotation. Says whether it did.
    fn fold(&mut self, label: &str, added: &[Annotation]) -> bool {
        if label != "edit claimant" {
            return false;
        }
        let Some(last) = self.undo.last() else {
            return false;
        };
        if last.0.label != label
            || last.0.added.len() != 1
            || added.len() != 1
            || last.0.added[0].id != added[0].id
        {
            return false;
        }
        let mut folded = (*last.0).clone();
        folded.added = added.to_vec();
        self.undo.0.pop_back();
        self.undo.0.push_back(Step(Arc::new(folded)));
        self.redo.0.clear();
        self.unexported = true;
        true
    }

    fn edit_header(&mut self, label: &str, after: (ArticleMeta, Review)) -> Change {
        let before = (*self.header).clone();
        if before == after {
            return Change::Nothing;
        }
        // Typing in the details' fields is one step.
        if let Some(last) = self
            .undo
            .last()
            .filter(|l| l.0.label == label && l.0.header.is_some())
        {
            let mut folded = (*last.0).clone();
            if let Some(swap) = folded.header.as_mut() {
                swap.after = after.clone();
            }
            self.undo.0.pop_back();
            self.undo.0.push_back(Step(Arc::new(folded)));
            self.header = Arc::new(after);
            self.redo.0.clear();
            self.unexported = true;
            return Change::Annotations;
        }
        self.record(Edit {
            label: label.into(),
            header: Some(HeaderSwap { before, after }),
            ..Edit::default()
        });
        Change::Annotations
    }

    /// A new annotation on `range` of this text, anchored, its quote read from the text.
    fn new_annotation(
        &self,
        id: String,
        tag: Tag,
        range: SnappedRange,
        now: Timestamp,
        creator: Option<String>,
        claim: super::claims::ClaimInfo,
    ) -> Annotation {
        let range = range.range();
        Annotation {
            id,
            tag,
            range,
            quote: Quote::of(&self.doc, range),
            status: Status::Anchored,
            note: String::new(),
            created: now.clone(),
            modified: now,
            creator,
            claim,
        }
    }

    fn require_tag(&self, tag: Tag) -> Result<(), CommandError> {
        if self.tags.contains(tag) {
            Ok(())
        } else {
            Err(CommandError::UnknownTag(tag.id().to_string()))
        }
    }

    fn require(&self, id: &str) -> Result<&Annotation, CommandError> {
        self.get(id)
            .ok_or_else(|| CommandError::UnknownId(id.to_string()))
    }

    /// The work of re-anchoring every annotation into `doc`, to do a piece at a time and give
    /// back with [`Command::ReplaceTextPlaced`]; `None` when `doc` is the text already.
    pub fn reanchoring(&self, doc: Document) -> Option<Reanchoring> {
        if self.is_open(&doc) {
            return None;
        }
        Some(Reanchoring::new(
            self.doc.clone(),
            Arc::new(doc),
            self.annotations.iter().cloned().collect(),
        ))
    }

    /// Whether `doc` is the session's text and title already.
    fn is_open(&self, doc: &Document) -> bool {
        doc.text() == self.doc.text() && doc.title() == self.doc.title()
    }

    /// Puts the re-anchoring's text in, with its annotations. When the session changed since
    /// it started (another tab's annotations merged in, say), its placements are stale and every
    /// annotation is placed again, at once.
    fn replace_text(&mut self, work: Reanchoring) -> Change {
        let removed: Vec<Annotation> = self.annotations.iter().cloned().collect();
        let stale = !Arc::ptr_eq(work.old(), &self.doc) || work.from() != removed.as_slice();
        let (doc, added) = if stale {
            let doc = work.new_doc().clone();
            let added = anchor::reanchor_all(&self.doc, &doc, &removed);
            (doc, added)
        } else {
            work.finish()
        };
        let text = TextSwap {
            before: SavedDocument::of(&self.doc),
            after: SavedDocument::of(&doc),
        };
        // The new text is put in use as it is: rebuilding it from its saved form (as undo and
        // redo do) would index and hash a long article a second time.
        self.doc = doc;
        self.replace(&removed, &added);
        self.push(Edit {
            label: "edit text".into(),
            removed,
            added,
            text: Some(text),
            ..Edit::default()
        });
        Change::Text
    }

    fn record(&mut self, edit: Edit) {
        self.reapply(&edit);
        self.push(edit);
    }

    /// Keeps an edit already carried out as the step to undo.
    fn push(&mut self, edit: Edit) {
        self.undo.0.push_back(Step(Arc::new(edit)));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.0.pop_front();
        }
        self.redo.0.clear();
        self.unexported = true;
    }

    fn reapply(&mut self, edit: &Edit) -> Change {
        if let Some(swap) = &edit.text {
            self.doc = Arc::new(swap.after.to_document());
        }
        if let Some(swap) = &edit.tags {
            self.tags = swap.after.clone();
        }
        if let Some(swap) = &edit.header {
            self.header = Arc::new(swap.after.clone());
        }
        self.replace(&edit.removed, &edit.added);
        if edit.text.is_some() {
            Change::Text
        } else {
            Change::Annotations
        }
    }

    fn unapply(&mut self, edit: &Edit) -> Change {
        if let Some(swap) = &edit.text {
            self.doc = Arc::new(swap.before.to_document());
        }
        if let Some(swap) = &edit.tags {
            self.tags = swap.before.clone();
        }
        if let Some(swap) = &edit.header {
            self.header = Arc::new(swap.before.clone());
        }
        self.replace(&edit.added, &edit.removed);
        if edit.text.is_some() {
            Change::Text
        } else {
            Change::Annotations
        }
    }

    /// Takes out the annotations with the ids of `out`, then puts `into` in their sorted places.
    ///
    /// A few are found and placed by binary search on their sort keys; many at once are filtered
    /// and sorted in one pass.
    fn replace(&mut self, out: &[Annotation], into: &[Annotation]) {
        const FEW: usize = 16;
        let list = &mut self.annotations.0;
        if out.len() > FEW {
            let ids: std::collections::HashSet<&str> = out.iter().map(|a| a.id.as_str()).collect();
            list.retain(|a| !ids.contains(a.id.as_str()));
        } else {
            for a in out {
                let found = list
                    .binary_search_by(|x| x.sort_key().cmp(&a.sort_key()))
                    .ok()
                    .filter(|&i| list[i].id == a.id)
                    .or_else(|| list.iter().position(|x| x.id == a.id));
                if let Some(i) = found {
                    list.remove(i);
                }
            }
        }
        if into.len() > FEW {
            let mut all: Vec<Annotation> =
                list.iter().cloned().chain(into.iter().cloned()).collect();
            all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            *list = all.into_iter().collect();
        } else {
            for a in into {
                let at = match list.binary_search_by(|x| x.sort_key().cmp(&a.sort_key())) {
                    Ok(i) | Err(i) => i,
                };
                list.insert(at, a.clone());
            }
        }
    }

    /// The session in its saved form, for autosave.
    pub fn to_saved(&self) -> SavedSession {
        SavedSession {
            version: SavedSession::VERSION,
            doc: SavedDocument::of(&self.doc),
            tags: self.tags.clone(),
            annotations: self.annotations.iter().cloned().collect(),
            undo: self.undo.iter().map(|s| (*s.0).clone()).collect(),
            redo: self.redo.iter().map(|s| (*s.0).clone()).collect(),
            unexported: self.unexported,
            meta: self.header.0.clone(),
            review: self.header.1.clone(),
        }
    }

    /// The saved form without the undo history: what is kept when the whole does not fit.
    pub fn to_saved_without_history(&self) -> SavedSession {
        SavedSession {
            version: SavedSession::VERSION,
            doc: SavedDocument::of(&self.doc),
            tags: self.tags.clone(),
            annotations: self.annotations.iter().cloned().collect(),
            undo: Vec::new(),
            redo: Vec::new(),
            unexported: self.unexported,
            meta: self.header.0.clone(),
            review: self.header.1.clone(),
        }
    }

    /// A session from its saved form; `None` when the save breaks an invariant.
    pub fn from_saved(saved: SavedSession) -> Option<Session> {
        if saved.version != SavedSession::VERSION {
            return None;
        }
        let doc = saved.doc.to_document();
        let mut annotations = saved.annotations;
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let placed = annotations
            .iter()
            .filter(|a| !a.is_orphaned())
            .all(|a| a.range.end <= doc.char_len() && doc.slice(a.range) == a.quote.exact);
        let unique = annotations.windows(2).all(|w| w[0].id != w[1].id)
            && annotations
                .iter()
                .map(|a| &a.id)
                .collect::<std::collections::HashSet<_>>()
                .len()
                == annotations.len();
        let steps =
            |edits: Vec<Edit>| Shared(edits.into_iter().map(|e| Step(Arc::new(e))).collect());
        // A save whose annotations carry tags its set lacks (hand-edited, or older) gets them.
        let ids: Vec<Tag> = annotations.iter().map(|a| a.tag).collect();
        let (tags, _) = saved.tags.with_ids(&ids, &[]).ok()?;
        (placed && unique).then(|| Session {
            doc: Arc::new(doc),
            tags,
            annotations: Shared(annotations.into_iter().collect()),
            undo: steps(saved.undo),
            redo: steps(saved.redo),
            unexported: saved.unexported,
            header: Arc::new((saved.meta, saved.review)),
        })
    }
}

/// A session's header as the database keeps it, beside its document, its annotations (one
/// record each) and its undo history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedHead {
    pub version: u32,
    #[serde(default, skip_serializing_if = "TagSet::is_default")]
    pub tags: TagSet,
    pub unexported: bool,
    #[serde(default, skip_serializing_if = "ArticleMeta::is_empty")]
    pub meta: ArticleMeta,
    #[serde(default, skip_serializing_if = "Review::is_default")]
    pub review: Review,
}

/// The undo and redo steps as saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedHistory {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl Session {
    pub fn saved_head(&self) -> SavedHead {
        SavedHead {
            version: SavedSession::VERSION,
            tags: self.tags.clone(),
            unexported: self.unexported,
            meta: self.header.0.clone(),
            review: self.header.1.clone(),
        }
    }

    /// Writes the document as [`SavedDocument`]'s JSON, without copying its text first.
    pub fn write_document(&self, out: impl std::io::Write) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct DocumentOf<'a> {
            title: &'a str,
            text: &'a str,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            headings: Vec<usize>,
        }
        let doc = DocumentOf {
            title: self.doc.title(),
            text: self.doc.text(),
            headings: headings_of(&self.doc),
        };
        serde_json::to_writer(out, &doc)
    }

    /// Writes the undo history as [`SavedHistory`]'s JSON, without copying it first: it can
    /// hold thousands of annotations (an import's, to undo it).
    pub fn write_history(&self, out: impl std::io::Write) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct HistoryOf<'a> {
            undo: Vec<&'a Edit>,
            redo: Vec<&'a Edit>,
        }
        let history = HistoryOf {
            undo: self.undo.iter().map(|s| &*s.0).collect(),
            redo: self.redo.iter().map(|s| &*s.0).collect(),
        };
        serde_json::to_writer(out, &history)
    }

    /// A session from the database's pieces; `None` when they break an invariant. A history
    /// that does not fit is left out rather than losing the rest.
    pub fn from_parts(
        doc: SavedDocument,
        head: SavedHead,
        annotations: Vec<Annotation>,
        history: Option<SavedHistory>,
    ) -> Option<Session> {
        let saved = |history: SavedHistory| SavedSession {
            version: head.version,
            doc: doc.clone(),
            tags: head.tags.clone(),
            annotations: annotations.clone(),
            undo: history.undo,
            redo: history.redo,
            unexported: head.unexported,
            meta: head.meta.clone(),
            review: head.review.clone(),
        };
        history
            .and_then(|h| Session::from_saved(saved(h)))
            .or_else(|| Session::from_saved(saved(SavedHistory::default())))
    }
}

impl SavedSession {
    /// The pieces the database keeps.
    pub fn into_parts(self) -> (SavedDocument, SavedHead, Vec<Annotation>, SavedHistory) {
        (
            self.doc,
            SavedHead {
                version: self.version,
                tags: self.tags,
                unexported: self.unexported,
                meta: self.meta,
                review: self.review,
            },
            self.annotations,
            SavedHistory {
                undo: self.undo,
                redo: self.redo,
            },
        )
    }
}

/// The saved form of a session (autosave). Versioned: an older or newer save is not misread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    pub version: u32,
    doc: SavedDocument,
    #[serde(default, skip_serializing_if = "TagSet::is_default")]
    tags: TagSet,
    annotations: Vec<Annotation>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    unexported: bool,
    #[serde(default, skip_serializing_if = "ArticleMeta::is_empty")]
    meta: ArticleMeta,
    #[serde(default, skip_serializing_if = "Review::is_default")]
    review: Review,
}

impl SavedSession {
    pub const VERSION: u32 = 1;

    pub fn fingerprint(&self) -> String {
        super::text::fingerprint(&self.doc.text)
    }

    pub fn title(&self) -> &str {
        &self.doc.title
    }

    pub fn annotation_count(&self) -> usize {
        self.annotations.len()
    }
}

/// Which of `doc`'s blocks are headings.
fn headings_of(doc: &Document) -> Vec<usize> {
    doc.blocks()
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::Heading)
        .map(|(i, _)| i)
        .collect()
}

/// A document as saved: its title, text and which blocks are headings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDocument {
    title: String,
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    headings: Vec<usize>,
}

impl SavedDocument {
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn of(doc: &Document) -> SavedDocument {
        SavedDocument {
            title: doc.title().to_string(),
            text: doc.text().to_string(),
            headings: headings_of(doc),
        }
    }

    fn to_document(&self) -> Document {
        Document::plain(&self.title, &self.text).with_headings(&self.headings)
    }
}
