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

use serde::{Deserialize, Serialize};

use super::anchor;
use super::annotation::{Annotation, Quote, Status, Tag, Timestamp};
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
    /// Adds annotations that an import anchored. Ids already present are skipped.
    Import {
        annotations: Vec<Annotation>,
    },
    /// Replaces the text (an edit or a corrected copy) and re-anchors every annotation.
    ReplaceText {
        doc: Document,
    },
    Undo,
    Redo,
    /// The annotations were exported: the work is safe outside the app.
    MarkExported,
}

/// What a successful command changed, so the UI repaints no more than it must.
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
}

/// One undoable step: the annotations it took away, those it put in, and the text before and
/// after when the text changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Edit {
    label: String,
    removed: Vec<Annotation>,
    added: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<TextSwap>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TextSwap {
    before: SavedDocument,
    after: SavedDocument,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    doc: Document,
    annotations: Vec<Annotation>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    unexported: bool,
}

impl Session {
    pub fn new(doc: Document) -> Session {
        Session {
            doc,
            annotations: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            unexported: false,
        }
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The annotations in text order, orphans last.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
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
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
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
                let range = range.range();
                let annotation = Annotation {
                    id,
                    tag,
                    range,
                    quote: Quote::of(&self.doc, range),
                    status: Status::Anchored,
                    note: String::new(),
                    created: now.clone(),
                    modified: now,
                    creator,
                };
                let label = format!("add {}", tag.label().to_lowercase());
                self.record(Edit {
                    label,
                    removed: vec![],
                    added: vec![annotation],
                    text: None,
                });
            }
            Command::Retag { id, tag, now } => {
                let old = self.require(&id)?.clone();
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
                    text: None,
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
                if let Some(last) = self.undo.last_mut() {
                    if last.label == "edit note"
                        && last.added.len() == 1
                        && last.added[0].id == new.id
                    {
                        last.added[0] = new.clone();
                        self.replace(&[old], std::slice::from_ref(&new));
                        self.redo.clear();
                        self.unexported = true;
                        return Ok(Change::Annotations);
                    }
                }
                self.record(Edit {
                    label: "edit note".into(),
                    removed: vec![old],
                    added: vec![new],
                    text: None,
                });
            }
            Command::Delete { id } => {
                let old = self.require(&id)?.clone();
                self.record(Edit {
                    label: "delete".into(),
                    removed: vec![old],
                    added: vec![],
                    text: None,
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
                    text: None,
                });
            }
            Command::Import { annotations } => {
                let mut seen = std::collections::HashSet::new();
                let added: Vec<Annotation> = annotations
                    .into_iter()
                    .filter(|a| self.get(&a.id).is_none() && seen.insert(a.id.clone()))
                    .collect();
                if added.is_empty() {
                    return Ok(Change::Nothing);
                }
                let label = format!(
                    "import {} annotation{}",
                    added.len(),
                    if added.len() == 1 { "" } else { "s" }
                );
                self.record(Edit {
                    label,
                    removed: vec![],
                    added,
                    text: None,
                });
            }
            Command::ReplaceText { doc } => {
                if doc.text() == self.doc.text() && doc.title() == self.doc.title() {
                    return Ok(Change::Nothing);
                }
                let removed = self.annotations.clone();
                let added = anchor::reanchor_all(&self.doc, &doc, &removed);
                let text = TextSwap {
                    before: SavedDocument::of(&self.doc),
                    after: SavedDocument::of(&doc),
                };
                self.record(Edit {
                    label: "edit text".into(),
                    removed,
                    added,
                    text: Some(text),
                });
                return Ok(Change::Text);
            }
            Command::Undo => {
                let edit = self.undo.pop().ok_or(CommandError::NothingToUndo)?;
                let change = self.unapply(&edit);
                self.redo.push(edit);
                self.unexported = true;
                return Ok(change);
            }
            Command::Redo => {
                let edit = self.redo.pop().ok_or(CommandError::NothingToRedo)?;
                let change = self.reapply(&edit);
                self.undo.push(edit);
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

    fn require(&self, id: &str) -> Result<&Annotation, CommandError> {
        self.get(id)
            .ok_or_else(|| CommandError::UnknownId(id.to_string()))
    }

    fn record(&mut self, edit: Edit) {
        self.reapply(&edit);
        self.undo.push(edit);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.unexported = true;
    }

    fn reapply(&mut self, edit: &Edit) -> Change {
        if let Some(swap) = &edit.text {
            self.doc = swap.after.to_document();
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
            self.doc = swap.before.to_document();
        }
        self.replace(&edit.added, &edit.removed);
        if edit.text.is_some() {
            Change::Text
        } else {
            Change::Annotations
        }
    }

    /// Takes out the annotations with the ids of `out`, then puts `into` in their sorted places.
    fn replace(&mut self, out: &[Annotation], into: &[Annotation]) {
        if !out.is_empty() {
            let ids: std::collections::HashSet<&str> = out.iter().map(|a| a.id.as_str()).collect();
            self.annotations.retain(|a| !ids.contains(a.id.as_str()));
        }
        if into.len() > 16 {
            self.annotations.extend_from_slice(into);
            self.annotations
                .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        } else {
            for a in into {
                let at = self
                    .annotations
                    .partition_point(|x| x.sort_key() < a.sort_key());
                self.annotations.insert(at, a.clone());
            }
        }
    }

    /// The session in its saved form, for autosave.
    pub fn to_saved(&self) -> SavedSession {
        SavedSession {
            version: SavedSession::VERSION,
            doc: SavedDocument::of(&self.doc),
            annotations: self.annotations.clone(),
            undo: self.undo.clone(),
            redo: self.redo.clone(),
            unexported: self.unexported,
        }
    }

    /// The saved form without the undo history: what is kept when the whole does not fit.
    pub fn to_saved_without_history(&self) -> SavedSession {
        SavedSession {
            version: SavedSession::VERSION,
            doc: SavedDocument::of(&self.doc),
            annotations: self.annotations.clone(),
            undo: Vec::new(),
            redo: Vec::new(),
            unexported: self.unexported,
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
        (placed && unique).then_some(Session {
            doc,
            annotations,
            undo: saved.undo,
            redo: saved.redo,
            unexported: saved.unexported,
        })
    }
}

/// The saved form of a session (autosave). Versioned: an older or newer save is not misread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    pub version: u32,
    doc: SavedDocument,
    annotations: Vec<Annotation>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    unexported: bool,
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

/// A document as saved: its title, text and which blocks are headings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SavedDocument {
    title: String,
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    headings: Vec<usize>,
}

impl SavedDocument {
    fn of(doc: &Document) -> SavedDocument {
        let headings = doc
            .blocks()
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Heading)
            .map(|(i, _)| i)
            .collect();
        SavedDocument {
            title: doc.title().to_string(),
            text: doc.text().to_string(),
            headings,
        }
    }

    fn to_document(&self) -> Document {
        Document::plain(&self.title, &self.text).with_headings(&self.headings)
    }
}
