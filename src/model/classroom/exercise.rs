//! The classroom files: the exercise a teacher hands out (`*.claimmark.json`), an answer key kept
//! apart from it, and the submission a student hands back.
//!
//! Each file is a JSON object that starts with `"format"` (`claimmark-exercise`, `claimmark-key`
//! or `claimmark-submission`) and `"version": 1`. The shapes are contracts with golden examples
//! in `tests/fixtures/classroom/`; a file Claimmark wrote parses and writes back to the same
//! bytes.
//!
//! Annotations inside these files use a compact shape rather than the W3C item: an exercise is
//! read by Claimmark only, and positions plus the quoted text are all that grading needs.
//! - a key claim: `{"id", "tag", "start", "end", "exact", "explanation"}`;
//! - a student's mark: `{"id", "tag", "start", "end", "exact", "note"?}`.
//!
//! `start` and `end` are code-point offsets into the document text (half-open) and `exact` is the
//! text between them. `exact` is redundant on purpose: a person can read the file, and a file
//! whose positions drifted from its text is caught instead of graded wrongly.
//!
//! Invariants of what the parse functions return:
//! - The exercise's document text has exactly the fingerprint the file states.
//! - Ids are non-empty and unique within a file; every range is non-empty, lies inside the text
//!   and `document.slice(range) == exact`.
//! - Key claims use only the exercise's tags. Students' marks may use any tag: a tag outside the
//!   exercise's set is scored as an extra mark, not refused.
//! - A key file or submission belongs to the exercise it was checked against: same id and same
//!   fingerprint.

use std::collections::HashSet;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::annotation::{Annotation, Status, Timestamp};
use crate::model::export::json_input::{self, JsonProblem};
use crate::model::tags::{Tag, TagDef, TagSet};
use crate::model::text::{BlockKind, CharRange, Document};

/// The version of the three formats that this code writes and reads.
pub const VERSION: u64 = 1;
/// The largest classroom file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most key claims or marks one file may hold.
pub const MAX_ITEMS: usize = 50_000;

/// Which of the three classroom files a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Exercise,
    Key,
    Submission,
}

impl FileKind {
    /// The value of the file's `"format"` field.
    pub fn format(self) -> &'static str {
        match self {
            FileKind::Exercise => "claimmark-exercise",
            FileKind::Key => "claimmark-key",
            FileKind::Submission => "claimmark-submission",
        }
    }

    fn from_format(format: &str) -> Option<FileKind> {
        [FileKind::Exercise, FileKind::Key, FileKind::Submission]
            .into_iter()
            .find(|k| k.format() == format)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Exercise => "exercise",
            FileKind::Key => "answer key",
            FileKind::Submission => "submission",
        })
    }
}

/// Why a classroom file was refused. The messages are written for the teacher or student who
/// chose the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is {size} MB; the largest classroom file is {max} MB.", size = .0 / 1_000_000, max = MAX_FILE_BYTES / 1_000_000)]
    TooLarge(usize),
    #[error("The file is not valid JSON: {message} (line {line}, column {column}).")]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    #[error("This is not a Claimmark {expected} file.")]
    NotClaimmark { expected: FileKind },
    #[error("This file is a Claimmark {found}, not the {expected} asked for.")]
    WrongKind { expected: FileKind, found: FileKind },
    #[error("This {kind} file has version {version}; this Claimmark reads version 1. Open it with a newer Claimmark.")]
    UnsupportedVersion { kind: FileKind, version: String },
    #[error("The {kind} file is damaged or incomplete: {message}")]
    Shape { kind: FileKind, message: String },
    #[error("The {kind} file has no {field}.")]
    Missing { kind: FileKind, field: &'static str },
    #[error("The exercise lists no tags to mark with.")]
    NoTags,
    #[error("The exercise's tags cannot be read: {0}")]
    BadTags(String),
    #[error("The exercise lists the tag “{}” twice.", .0)]
    DuplicateTag(Tag),
    #[error("The article text in the exercise does not match its fingerprint: the file was edited or damaged.")]
    FingerprintMismatch,
    #[error("The {kind} holds {count} annotations; at most {max} are allowed.", max = MAX_ITEMS)]
    TooManyItems { kind: FileKind, count: usize },
    #[error("In the {kind}, annotation {index} ({id}): {problem}")]
    Item {
        kind: FileKind,
        index: usize,
        id: String,
        problem: ItemProblem,
    },
    #[error("The {field} time “{value}” is not a date and time such as 2026-11-28T09:30:00Z.")]
    BadTime { field: &'static str, value: String },
    #[error("This {kind} belongs to the exercise “{found}”, not to “{expected}”.")]
    OtherExercise {
        kind: FileKind,
        expected: String,
        found: String,
    },
    #[error("This {kind} was made on a different text of the article than the exercise's.")]
    OtherText { kind: FileKind },
}

/// What is wrong with one key claim or mark.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ItemProblem {
    #[error("it has no id")]
    NoId,
    #[error("its id is used twice")]
    DuplicateId,
    #[error("it covers no text (start {start}, end {end})")]
    EmptyRange { start: usize, end: usize },
    #[error("it ends at {end}, past the end of the text ({len} characters)")]
    OutOfBounds { end: usize, len: usize },
    #[error("its quote “{quote}” is not the text at its position (“{found}”)")]
    QuoteMismatch { quote: String, found: String },
    #[error("its tag “{}” is not one of the exercise's tags", .0)]
    TagNotInExercise(Tag),
}

/// An exercise: an article to annotate, what to do, the tags to use and perhaps the answer key.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// Names the exercise; submissions and key files refer to it. Any non-empty string.
    pub id: String,
    pub title: String,
    pub instructions: String,
    /// The tags students mark with, in the order the UI shows them.
    pub tags: TagSet,
    /// Whether a student sees their score and the key's explanations after submitting. The
    /// student's app can only do so when the key travels in the same file.
    pub feedback: bool,
    /// Whether students may ask for suggested claims. Off unless the teacher turns it on; absent
    /// from older files (off) and written only when on, so older files read the same.
    pub allow_suggestions: bool,
    pub document: Document,
    /// The teacher's answers, in file order, or `None` when the key is kept in its own file.
    pub key: Option<Vec<KeyClaim>>,
}

/// One claim of the answer key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyClaim {
    pub id: String,
    pub tag: Tag,
    pub range: CharRange,
    /// Why this is a claim of this kind; shown to students after they submit.
    pub explanation: String,
}

/// One of a student's marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub id: String,
    pub tag: Tag,
    pub range: CharRange,
    pub note: String,
}

impl Mark {
    /// The mark of a placed annotation; `None` for an orphan, which has no place in the text.
    pub fn from_annotation(a: &Annotation) -> Option<Mark> {
        (a.status != Status::Orphaned).then(|| Mark {
            id: a.id.clone(),
            tag: a.tag,
            range: a.range,
            note: a.note.clone(),
        })
    }
}

/// What a student hands in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The exercise's id.
    pub exercise: String,
    /// The fingerprint of the text the student annotated.
    pub fingerprint: String,
    pub student: String,
    pub started: Timestamp,
    pub submitted: Timestamp,
    pub marks: Vec<Mark>,
    /// Set when the student annotated another version of the text: their marks were
    /// re-anchored onto the exercise's text by their quotes, and these are the ones that could
    /// not be placed (left out of scoring, shown to the teacher).
    pub reanchored: Option<Vec<String>>,
}

impl Submission {
    /// A submission of the placed annotations (orphans are left out), in text order.
    pub fn new<'a>(
        exercise: &Exercise,
        student: &str,
        started: Timestamp,
        submitted: Timestamp,
        annotations: impl IntoIterator<Item = &'a Annotation>,
    ) -> Submission {
        let mut placed: Vec<&Annotation> = annotations
            .into_iter()
            .filter(|a| !a.is_orphaned())
            .collect();
        placed.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Submission {
            exercise: exercise.id.clone(),
            fingerprint: exercise.document.fingerprint().to_string(),
            student: student.trim().to_string(),
            started,
            submitted,
            marks: placed
                .into_iter()
                .filter_map(Mark::from_annotation)
                .collect(),
            reanchored: None,
        }
    }

    /// The submission file. `doc` is the exercise's document, which supplies each mark's quote.
    pub fn to_json(&self, doc: &Document) -> String {
        let dto = SubmissionDto {
            format: FileKind::Submission.format().to_string(),
            version: VERSION,
            exercise: self.exercise.clone(),
            fingerprint: self.fingerprint.clone(),
            student: self.student.clone(),
            started: self.started.as_str().to_string(),
            submitted: self.submitted.as_str().to_string(),
            annotations: self
                .marks
                .iter()
                .map(|m| MarkItem {
                    id: m.id.clone(),
                    tag: m.tag,
                    start: m.range.start,
                    end: m.range.end,
                    exact: doc.slice(m.range).to_string(),
                    note: m.note.clone(),
                })
                .collect(),
        };
        to_pretty_json(&dto)
    }
}

impl Exercise {
    /// The exercise file, with the key inside when `with_key` is true and there is one.
    pub fn to_json(&self, with_key: bool) -> String {
        let doc = &self.document;
        let dto = ExerciseDto {
            format: FileKind::Exercise.format().to_string(),
            version: VERSION,
            id: self.id.clone(),
            title: self.title.clone(),
            instructions: self.instructions.clone(),
            tags: self.tags.tags().collect(),
            tag_set: tag_defs(&self.tags),
            feedback: self.feedback,
            allow_suggestions: self.allow_suggestions,
            document: DocumentDto {
                title: doc.title().to_string(),
                fingerprint: doc.fingerprint().to_string(),
                headings: doc
                    .blocks()
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.kind == BlockKind::Heading)
                    .map(|(i, _)| i)
                    .collect(),
                text: doc.text().to_string(),
            },
            key: self
                .key
                .as_ref()
                .filter(|_| with_key)
                .map(|key| key_items(doc, key)),
        };
        to_pretty_json(&dto)
    }

    /// The answer key as a file of its own, for an exercise handed out without it.
    pub fn key_json(&self) -> Option<String> {
        let key = self.key.as_ref()?;
        let dto = KeyFileDto {
            format: FileKind::Key.format().to_string(),
            version: VERSION,
            exercise: self.id.clone(),
            fingerprint: self.document.fingerprint().to_string(),
            key: key_items(&self.document, key),
        };
        Some(to_pretty_json(&dto))
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Reads an exercise file, with or without its key.
pub fn parse_exercise(json: &str) -> Result<Exercise, FileError> {
    let kind = FileKind::Exercise;
    let dto: ExerciseDto = read(json, kind)?;
    if dto.id.trim().is_empty() {
        return Err(FileError::Missing { kind, field: "id" });
    }
    if dto.tags.is_empty() {
        return Err(FileError::NoTags);
    }
    let mut seen = HashSet::new();
    if let Some(&tag) = dto.tags.iter().find(|&&t| !seen.insert(t)) {
        return Err(FileError::DuplicateTag(tag));
    }
    let tags = tag_set(&dto.tags, dto.tag_set)?;
    let document = Document::plain(&dto.document.title, &dto.document.text)
        .with_headings(&dto.document.headings);
    if document.fingerprint() != dto.document.fingerprint || document.text() != dto.document.text {
        return Err(FileError::FingerprintMismatch);
    }
    let key = match dto.key {
        Some(items) => Some(key_claims(&document, &dto.tags, kind, items)?),
        None => None,
    };
    Ok(Exercise {
        id: dto.id,
        title: dto.title,
        instructions: dto.instructions,
        tags,
        feedback: dto.feedback,
        allow_suggestions: dto.allow_suggestions,
        document,
        key,
    })
}

/// Reads an answer key file made for `exercise`. Put it in place with `exercise.key = Some(..)`.
pub fn parse_key(json: &str, exercise: &Exercise) -> Result<Vec<KeyClaim>, FileError> {
    let kind = FileKind::Key;
    let dto: KeyFileDto = read(json, kind)?;
    belongs(kind, exercise, &dto.exercise, &dto.fingerprint)?;
    let tags: Vec<Tag> = exercise.tags.tags().collect();
    key_claims(&exercise.document, &tags, kind, dto.key)
}

/// The definitions an exercise file carries: none when its tags are some of the default set's,
/// as they are (so such files read as they always did).
fn tag_defs(tags: &TagSet) -> Option<Vec<TagDef>> {
    let ids: Vec<Tag> = tags.tags().collect();
    let plain = TagSet::default().only(&ids);
    (plain != *tags || plain.len() != ids.len()).then(|| tags.iter().cloned().collect())
}

/// The exercise's set from its ids and, when the file has them, their definitions.
fn tag_set(ids: &[Tag], defs: Option<Vec<TagDef>>) -> Result<TagSet, FileError> {
    let bad = |why: String| FileError::BadTags(why);
    let set = match defs {
        Some(defs) => TagSet::from_defs(defs).map_err(|e| bad(e.to_string()))?,
        None => {
            let (with, _) = TagSet::default()
                .with_ids(ids, &[])
                .map_err(|e| bad(e.to_string()))?;
            with.only(ids)
        }
    };
    let listed: Vec<Tag> = set.tags().collect();
    if listed != ids {
        return Err(bad(
            "its tag definitions do not match its list of tags".into()
        ));
    }
    Ok(set)
}

/// Reads a student's submission to `exercise`. A submission made on another version of the
/// exercise's text is re-anchored by its quotes (see [`Submission::reanchored`]), never scored
/// as it stands.
pub fn parse_submission(json: &str, exercise: &Exercise) -> Result<Submission, FileError> {
    let kind = FileKind::Submission;
    let dto: SubmissionDto = read(json, kind)?;
    let other_text = match belongs(kind, exercise, &dto.exercise, &dto.fingerprint) {
        Err(FileError::OtherText { .. }) => true,
        other => {
            other?;
            false
        }
    };
    let (started, submitted) = submission_header(&dto)?;
    if other_text {
        return reanchor_submission(dto, exercise, started, submitted);
    }
    let mut ids = HashSet::new();
    let mut marks = Vec::with_capacity(dto.annotations.len());
    for (index, item) in dto.annotations.into_iter().enumerate() {
        let range = check_item(
            &exercise.document,
            None,
            &mut ids,
            (&item.id, item.tag, item.start, item.end, &item.exact),
        )
        .map_err(|problem| FileError::Item {
            kind,
            index,
            id: item.id.clone(),
            problem,
        })?;
        marks.push(Mark {
            id: item.id,
            tag: item.tag,
            range,
            note: item.note,
        });
    }
    Ok(Submission {
        exercise: dto.exercise,
        fingerprint: dto.fingerprint,
        student: dto.student,
        started,
        submitted,
        marks,
        reanchored: None,
    })
}

/// The checks every submission passes: a student's name, readable times, not too many marks.
fn submission_header(dto: &SubmissionDto) -> Result<(Timestamp, Timestamp), FileError> {
    let kind = FileKind::Submission;
    if dto.student.trim().is_empty() {
        return Err(FileError::Missing {
            kind,
            field: "student name",
        });
    }
    if dto.annotations.len() > MAX_ITEMS {
        return Err(FileError::TooManyItems {
            kind,
            count: dto.annotations.len(),
        });
    }
    let time = |field: &'static str, value: &str| {
        Timestamp::parse(value).ok_or_else(|| FileError::BadTime {
            field,
            value: value.to_string(),
        })
    };
    Ok((
        time("started", &dto.started)?,
        time("submitted", &dto.submitted)?,
    ))
}

/// A submission made on another text: each mark is placed by its quote (its position is only a
/// hint); marks that cannot be placed are listed, not scored.
fn reanchor_submission(
    dto: SubmissionDto,
    exercise: &Exercise,
    started: Timestamp,
    submitted: Timestamp,
) -> Result<Submission, FileError> {
    let kind = FileKind::Submission;
    let doc = &exercise.document;
    let mut marks = Vec::new();
    let mut lost = Vec::new();
    let mut ids = HashSet::new();
    for (index, item) in dto.annotations.into_iter().enumerate() {
        if item.exact.is_empty() || !ids.insert(item.id.clone()) {
            let problem = if item.exact.is_empty() {
                ItemProblem::EmptyRange {
                    start: item.start,
                    end: item.end,
                }
            } else {
                ItemProblem::DuplicateId
            };
            return Err(FileError::Item {
                kind,
                index,
                id: item.id,
                problem,
            });
        }
        let quote = crate::model::annotation::Quote {
            exact: item.exact.clone(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let hint = CharRange::new(item.start, item.end);
        match crate::model::anchor::anchor(doc, &quote, hint) {
            Some(p) => marks.push(Mark {
                id: item.id,
                tag: item.tag,
                range: p.range,
                note: item.note,
            }),
            None => lost.push(item.exact),
        }
    }
    Ok(Submission {
        exercise: dto.exercise,
        fingerprint: dto.fingerprint,
        student: dto.student,
        started,
        submitted,
        marks,
        reanchored: Some(lost),
    })
}

// The file shapes. Field order here is the order in the files.

#[derive(Serialize, Deserialize)]
struct ExerciseDto {
    format: String,
    version: u64,
    id: String,
    title: String,
    #[serde(default)]
    instructions: String,
    tags: Vec<Tag>,
    /// The tags' labels, colours and underlines, when they are not the default set's.
    #[serde(default, rename = "tagSet", skip_serializing_if = "Option::is_none")]
    tag_set: Option<Vec<TagDef>>,
    #[serde(default)]
    feedback: bool,
    #[serde(default, rename = "allowSuggestions", skip_serializing_if = "is_false")]
    allow_suggestions: bool,
    document: DocumentDto,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<Vec<KeyItem>>,
}

#[derive(Serialize, Deserialize)]
struct DocumentDto {
    title: String,
    fingerprint: String,
    /// Indexes of the blocks shown as headings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    headings: Vec<usize>,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct KeyItem {
    id: String,
    tag: Tag,
    start: usize,
    end: usize,
    exact: String,
    #[serde(default)]
    explanation: String,
}

#[derive(Serialize, Deserialize)]
struct KeyFileDto {
    format: String,
    version: u64,
    exercise: String,
    fingerprint: String,
    key: Vec<KeyItem>,
}

#[derive(Serialize, Deserialize)]
struct SubmissionDto {
    format: String,
    version: u64,
    exercise: String,
    fingerprint: String,
    student: String,
    started: String,
    submitted: String,
    annotations: Vec<MarkItem>,
}

#[derive(Serialize, Deserialize)]
struct MarkItem {
    id: String,
    tag: Tag,
    start: usize,
    end: usize,
    exact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

fn to_pretty_json<T: Serialize>(dto: &T) -> String {
    let mut out = serde_json::to_string_pretty(dto)
        .expect("the DTOs serialize: strings, numbers and tags only");
    out.push('\n');
    out
}

fn key_items(doc: &Document, key: &[KeyClaim]) -> Vec<KeyItem> {
    key.iter()
        .map(|k| KeyItem {
            id: k.id.clone(),
            tag: k.tag,
            start: k.range.start,
            end: k.range.end,
            exact: doc.slice(k.range).to_string(),
            explanation: k.explanation.clone(),
        })
        .collect()
}

/// Reads a file of `kind`: checks its size, its JSON, its `format` and `version`, then its shape.
fn read<T: DeserializeOwned>(json: &str, kind: FileKind) -> Result<T, FileError> {
    let value: serde_json::Value =
        json_input::parse(json, MAX_FILE_BYTES).map_err(|p| match p {
            JsonProblem::Empty => FileError::Empty,
            JsonProblem::TooLarge(n) => FileError::TooLarge(n),
            JsonProblem::Syntax {
                message,
                line,
                column,
            } => FileError::Syntax {
                message,
                line,
                column,
            },
        })?;
    let format = value.get("format").and_then(Value::as_str);
    match format.and_then(FileKind::from_format) {
        Some(found) if found == kind => {}
        Some(found) => {
            return Err(FileError::WrongKind {
                expected: kind,
                found,
            })
        }
        None => return Err(FileError::NotClaimmark { expected: kind }),
    }
    match value.get("version") {
        Some(v) if v.as_u64() == Some(VERSION) => {}
        Some(v) => {
            return Err(FileError::UnsupportedVersion {
                kind,
                version: v.to_string(),
            })
        }
        None => {
            return Err(FileError::Missing {
                kind,
                field: "version",
            })
        }
    }
    serde_json::from_value(value).map_err(|e| FileError::Shape {
        kind,
        message: e.to_string(),
    })
}

fn belongs(
    kind: FileKind,
    exercise: &Exercise,
    id: &str,
    fingerprint: &str,
) -> Result<(), FileError> {
    if id != exercise.id {
        return Err(FileError::OtherExercise {
            kind,
            expected: exercise.id.clone(),
            found: id.to_string(),
        });
    }
    if fingerprint != exercise.document.fingerprint() {
        return Err(FileError::OtherText { kind });
    }
    Ok(())
}

fn key_claims(
    doc: &Document,
    tags: &[Tag],
    kind: FileKind,
    items: Vec<KeyItem>,
) -> Result<Vec<KeyClaim>, FileError> {
    if items.len() > MAX_ITEMS {
        return Err(FileError::TooManyItems {
            kind,
            count: items.len(),
        });
    }
    let mut ids = HashSet::new();
    let mut claims = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let range = check_item(
            doc,
            Some(tags),
            &mut ids,
            (&item.id, item.tag, item.start, item.end, &item.exact),
        )
        .map_err(|problem| FileError::Item {
            kind,
            index,
            id: item.id.clone(),
            problem,
        })?;
        claims.push(KeyClaim {
            id: item.id,
            tag: item.tag,
            range,
            explanation: item.explanation,
        });
    }
    Ok(claims)
}

/// Checks one item `(id, tag, start, end, exact)` against the text and, when given, the tag set.
fn check_item(
    doc: &Document,
    tags: Option<&[Tag]>,
    ids: &mut HashSet<String>,
    (id, tag, start, end, exact): (&str, Tag, usize, usize, &str),
) -> Result<CharRange, ItemProblem> {
    if id.trim().is_empty() {
        return Err(ItemProblem::NoId);
    }
    if !ids.insert(id.to_string()) {
        return Err(ItemProblem::DuplicateId);
    }
    let range = CharRange::new(start, end)
        .filter(|r| !r.is_empty())
        .ok_or(ItemProblem::EmptyRange { start, end })?;
    if end > doc.char_len() {
        return Err(ItemProblem::OutOfBounds {
            end,
            len: doc.char_len(),
        });
    }
    let found = doc.slice(range);
    if found != exact {
        return Err(ItemProblem::QuoteMismatch {
            quote: exact.to_string(),
            found: found.to_string(),
        });
    }
    if tags.is_some_and(|tags| !tags.contains(&tag)) {
        return Err(ItemProblem::TagNotInExercise(tag));
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        let document = Document::plain("Short", "Taxes will fall. Critics disagree.");
        Exercise {
            id: "ex-1".into(),
            title: "Claims".into(),
            instructions: "Mark the claims.".into(),
            tags: TagSet::default().only(&[Tag::STATEMENT, Tag::DISPUTE]),
            feedback: false,
            allow_suggestions: false,
            document,
            key: Some(vec![KeyClaim {
                id: "k1".into(),
                tag: Tag::STATEMENT,
                range: CharRange { start: 0, end: 16 },
                explanation: "A forecast.".into(),
            }]),
        }
    }

    #[test]
    fn exercise_round_trips_with_and_without_key() {
        let ex = exercise();
        let with = ex.to_json(true);
        assert_eq!(parse_exercise(&with).unwrap(), ex);
        let without = parse_exercise(&ex.to_json(false)).unwrap();
        assert_eq!(without.key, None);
        let key = parse_key(&ex.key_json().unwrap(), &without).unwrap();
        assert_eq!(Some(key), ex.key);
    }

    #[test]
    fn item_problems_name_the_item() {
        let ex = exercise();
        let bad = ex.to_json(true).replace("\"end\": 16", "\"end\": 15");
        assert_eq!(
            parse_exercise(&bad),
            Err(FileError::Item {
                kind: FileKind::Exercise,
                index: 0,
                id: "k1".into(),
                problem: ItemProblem::QuoteMismatch {
                    quote: "Taxes will fall.".into(),
                    found: "Taxes will fall".into()
                },
            })
        );
        let bad = ex
            .to_json(true)
            .replace("\"tag\": \"statement\"", "\"tag\": \"agreement\"");
        assert!(matches!(
            parse_exercise(&bad),
            Err(FileError::Item {
                problem: ItemProblem::TagNotInExercise(Tag::AGREEMENT),
                ..
            })
        ));
    }

    #[test]
    fn header_errors_come_before_shape_errors() {
        assert_eq!(parse_exercise("  "), Err(FileError::Empty));
        assert!(matches!(
            parse_exercise("{"),
            Err(FileError::Syntax { line: 1, .. })
        ));
        assert_eq!(
            parse_exercise("[1]"),
            Err(FileError::NotClaimmark {
                expected: FileKind::Exercise
            })
        );
        assert_eq!(
            parse_exercise(r#"{"format": "claimmark-submission"}"#),
            Err(FileError::WrongKind {
                expected: FileKind::Exercise,
                found: FileKind::Submission
            })
        );
        assert_eq!(
            parse_exercise(r#"{"format": "claimmark-exercise", "version": 2}"#),
            Err(FileError::UnsupportedVersion {
                kind: FileKind::Exercise,
                version: "2".into()
            })
        );
        assert!(matches!(
            parse_exercise(r#"{"format": "claimmark-exercise", "version": 1}"#),
            Err(FileError::Shape {
                kind: FileKind::Exercise,
                ..
            })
        ));
    }
}
