//! Importing annotations: W3C Web Annotation JSON (ours, Recogito's, any conforming tool's) and
//! Hypothesis's API JSON.
//!
//! An import either fails as a whole, saying which annotation is wrong and why, or gives back
//! every annotation it read: placed on the current text, or orphaned with its quote and note
//! kept. Nothing is dropped or silently moved.

use std::collections::BTreeMap;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::json_input::{self, JsonProblem};

use crate::model::anchor;
use crate::model::annotation::{Annotation, Quote, Status, Timestamp};
use crate::model::claims::{clean, ArticleMeta, ClaimInfo, Review};
use crate::model::tags::{Tag, TagDef, TagSet, MAX_LABEL, MAX_TAGS};
use crate::model::text::{chars_from_utf16, CharRange, Document};

/// The largest import file accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// The most annotations one import may hold.
pub const MAX_IMPORT_ANNOTATIONS: usize = 50_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is {size} MB; the largest import is {max} MB.", size = .0 / 1_000_000, max = MAX_IMPORT_BYTES / 1_000_000)]
    TooLarge(usize),
    #[error("The file is not valid JSON: {message} (line {line}, column {column}).")]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    #[error("The file is JSON but not annotations: {0}")]
    NotAnnotations(String),
    #[error("Annotation {index} ({id}): {problem}")]
    Invalid {
        index: usize,
        id: String,
        problem: String,
    },
    #[error("The file holds {0} annotations; at most {max} can be imported at once.", max = MAX_IMPORT_ANNOTATIONS)]
    TooMany(usize),
    #[error(
        "The file uses {count} tags this set lacks ({names}); with them the set would have more than {max} tags. Delete tags you do not need, or edit the file, then import again.",
        max = MAX_TAGS
    )]
    TooManyTags { count: usize, names: String },
    #[error(
        "None of the {0} annotations fit this article: they were made on a different text. Open the article they belong to, then import them."
    )]
    OtherArticle(usize),
}

/// What an import read.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// Every annotation, placed or orphaned, in file order.
    pub annotations: Vec<Annotation>,
    /// Whether the file says it was made on exactly this text.
    pub same_text: bool,
    /// How many had no tag and were given the default one.
    pub defaulted_tags: usize,
    /// The tags the file uses that the set lacks, in the order first met.
    pub new_tags: Vec<Tag>,
    /// How many ids were not IRIs and were rewritten as one (a bare UUID as `urn:uuid:…`).
    pub rewritten_ids: usize,
    /// The file's own definitions of its tags (a W3C collection's `tagSet`), if it has them.
    pub tag_defs: Vec<TagDef>,
    /// The article's details and the review settings the file carries (a W3C collection's
    /// `article` and `review`).
    pub meta: Option<ArticleMeta>,
    pub review: Option<Review>,
}

impl Imported {
    pub fn count(&self, status: &str) -> usize {
        self.annotations
            .iter()
            .filter(|a| a.status.key() == status)
            .count()
    }
}

/// Where the ids, times and tags that a file lacks come from.
pub struct Defaults<'a> {
    pub now: Timestamp,
    pub new_id: &'a mut dyn FnMut() -> String,
    /// The set the annotations join: tag values are matched to its ids (ignoring case).
    pub tags: &'a TagSet,
    /// The tag of an annotation that has none.
    pub tag: Tag,
}

/// Reads annotations from `json` and anchors them in `doc`: a [`Reader`] run to the end.
pub fn import(doc: &Document, json: &str, defaults: Defaults) -> Result<Imported, ImportError> {
    let mut reader = Reader::new(json, defaults.now, defaults.tags, defaults.tag)?;
    while !reader.read(doc, usize::MAX, defaults.new_id)? {}
    reader.finish()
}

/// An import in steps: [`Reader::new`] reads the file's top level, each [`Reader::read`] parses
/// and anchors the next few annotations (dropping their parsed JSON as it goes),
/// [`Reader::finish`] gives what [`import`] gives. So a shell can import 5,000 annotations
/// between frames instead of in one long task. Every step must be given the same `doc`; the
/// result is the same however the steps are cut.
pub struct Reader<'a> {
    /// The file's text (without a byte-order mark).
    json: &'a str,
    /// The annotations not read yet, as slices of `json`.
    items: std::vec::IntoIter<&'a RawValue>,
    flavour: Flavour,
    index: usize,
    total: usize,
    now: Timestamp,
    tags: TagSet,
    tag: Tag,
    read: Vec<Annotation>,
    ids: std::collections::HashSet<String>,
    defaulted_tags: usize,
    rewritten_ids: usize,
    /// Tag values the set lacks, checked against the limit before any becomes a tag.
    unknown: Vec<String>,
    tag_defs: Vec<TagDef>,
    meta: Option<ArticleMeta>,
    review: Option<Review>,
}

impl<'a> Reader<'a> {
    /// Parses `json`'s top level and finds its annotations; `tags`, `tag` and `now` as in
    /// [`Defaults`]. The annotations stay unparsed text until [`Reader::read`] reaches them, so
    /// the whole file is never one tree in memory.
    pub fn new(
        json: &'a str,
        now: Timestamp,
        tags: &TagSet,
        tag: Tag,
    ) -> Result<Reader<'a>, ImportError> {
        let top: Top = json_input::parse(json, MAX_IMPORT_BYTES)?;
        let json = json_input::without_bom(json);
        let Extras {
            tag_defs,
            meta,
            review,
        } = extras(&top, json)?;
        let (items, flavour) = annotations_in(top, json)?;
        if items.len() > MAX_IMPORT_ANNOTATIONS {
            return Err(ImportError::TooMany(items.len()));
        }
        Ok(Reader {
            total: items.len(),
            read: Vec::with_capacity(items.len()),
            json,
            items: items.into_iter(),
            flavour,
            index: 0,
            now,
            tags: tags.clone(),
            tag,
            ids: std::collections::HashSet::new(),
            defaulted_tags: 0,
            rewritten_ids: 0,
            unknown: Vec::new(),
            tag_defs,
            meta,
            review,
        })
    }

    /// How many annotations were read, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.index, self.total)
    }

    /// Reads and anchors in `doc` the next `n` annotations (at least one); says whether all are
    /// read. `new_id` names those without an id.
    pub fn read(
        &mut self,
        doc: &Document,
        n: usize,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<bool, ImportError> {
        for item in self.items.by_ref().take(n.max(1)) {
            self.index += 1;
            // Checked as JSON with the whole file, but not for escapes that are half a
            // surrogate pair: those are found here and said as where they are in the file.
            let item: Value = json_input::parse_part(self.json, item.get())?;
            let annotation = read_one(
                doc,
                &item,
                self.index,
                self.flavour,
                Context {
                    now: &self.now,
                    tags: &self.tags,
                    tag: self.tag,
                    new_id: &mut *new_id,
                    ids: &mut self.ids,
                    unknown: &mut self.unknown,
                    defaulted_tags: &mut self.defaulted_tags,
                    rewritten_ids: &mut self.rewritten_ids,
                },
            )?;
            self.read.push(annotation);
        }
        Ok(self.index == self.total)
    }

    /// What the file gave, once every annotation is read.
    pub fn finish(self) -> Result<Imported, ImportError> {
        debug_assert_eq!(
            self.index, self.total,
            "finish before every annotation is read"
        );
        let read = self.read;
        let same_text = read.iter().all(|a| a.status == Status::Anchored);
        if !read.is_empty() && read.iter().all(Annotation::is_orphaned) {
            return Err(ImportError::OtherArticle(read.len()));
        }
        let new_tags = self.unknown.iter().filter_map(|v| Tag::new(v)).collect();
        Ok(Imported {
            annotations: read,
            same_text,
            defaulted_tags: self.defaulted_tags,
            new_tags,
            rewritten_ids: self.rewritten_ids,
            tag_defs: self.tag_defs,
            meta: self.meta,
            review: self.review,
        })
    }
}

/// What reading one annotation needs from the whole import.
struct Context<'a> {
    now: &'a Timestamp,
    tags: &'a TagSet,
    tag: Tag,
    new_id: &'a mut dyn FnMut() -> String,
    ids: &'a mut std::collections::HashSet<String>,
    unknown: &'a mut Vec<String>,
    defaulted_tags: &'a mut usize,
    rewritten_ids: &'a mut usize,
}

/// Reads the `index`th annotation (from 1) and anchors it in `doc`.
fn read_one(
    doc: &Document,
    item: &Value,
    index: usize,
    flavour: Flavour,
    cx: Context,
) -> Result<Annotation, ImportError> {
    let id_hint = match item.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(n @ Value::Number(_)) => n.to_string(),
        _ => "no id".to_string(),
    };
    let invalid = |problem: String| ImportError::Invalid {
        index,
        id: id_hint.clone(),
        problem,
    };
    let r = match flavour {
        Flavour::W3c => read_w3c(item),
        Flavour::Hypothesis => read_hypothesis(item, cx.tags),
    }
    .map_err(invalid)?;
    *cx.rewritten_ids += usize::from(r.id_rewritten);
    let tag = match &r.tag {
        None => {
            *cx.defaulted_tags += 1;
            cx.tag
        }
        Some(value) => match cx.tags.tags().find(|t| t.id().eq_ignore_ascii_case(value)) {
            Some(known) => known,
            None => {
                if !cx.unknown.contains(value) {
                    cx.unknown.push(value.clone());
                    if cx.tags.len() + cx.unknown.len() > MAX_TAGS {
                        return Err(too_many_tags(cx.unknown));
                    }
                }
                Tag::new(value).ok_or_else(|| invalid("its tag is empty".into()))?
            }
        },
    };
    let id = r.id.clone().unwrap_or_else(|| (cx.new_id)());
    if !cx.ids.insert(id.clone()) {
        return Err(ImportError::Invalid {
            index,
            id,
            problem: "this id is used twice in the file".into(),
        });
    }
    let mut a = Annotation {
        id,
        tag,
        range: CharRange { start: 0, end: 0 },
        quote: r.quote,
        status: Status::Orphaned,
        note: r.note,
        modified: r
            .modified
            .or_else(|| r.created.clone())
            .unwrap_or_else(|| cx.now.clone()),
        created: r.created.unwrap_or_else(|| cx.now.clone()),
        creator: r.creator,
        claim: r.claim,
    };
    let hint = r.position.map(|p| match p {
        Position::CodePoints(range) => range,
        Position::Utf16(range) => CharRange {
            start: chars_from_utf16(doc.text(), range.start),
            end: chars_from_utf16(doc.text(), range.end),
        },
    });
    let same = r.source.as_deref() == Some(doc.fingerprint());
    if same {
        if let Some(h) = hint.filter(|h| h.end > doc.char_len()) {
            return Err(ImportError::Invalid {
                index,
                id: a.id,
                problem: format!(
                    "its position {}–{} lies beyond the end of this text ({} characters), though the file says it was made on this text",
                    h.start,
                    h.end,
                    doc.char_len()
                ),
            });
        }
    }
    if let Some(p) = anchor::anchor(doc, &a.quote, hint) {
        a.range = p.range;
        a.status = if same { Status::Anchored } else { p.status };
        // Keep the file's prefix and suffix when they are what the text has, so a round trip
        // is byte-identical; otherwise take the text's own context.
        let fresh = Quote::of(doc, p.range);
        if fresh != a.quote {
            a.quote = fresh;
        }
    } else if let Some(h) = hint {
        a.range = h;
    }
    Ok(a)
}

/// Takes out of `annotations` the links to annotations that are neither among them nor
/// `known` (already in the article); returns them as (annotation id, missing id) pairs, for the
/// import's message. The annotations themselves are kept.
pub fn drop_missing_links(
    annotations: &mut [Annotation],
    known: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let ids: std::collections::HashSet<String> = annotations.iter().map(|a| a.id.clone()).collect();
    let mut dropped = Vec::new();
    for a in annotations.iter_mut() {
        let id = a.id.clone();
        a.claim.links.retain(|l| {
            let keep = *l != id && (ids.contains(l) || known(l));
            if !keep {
                dropped.push((id.clone(), l.clone()));
            }
            keep
        });
    }
    dropped
}

fn too_many_tags(unknown: &[String]) -> ImportError {
    let shown: Vec<String> = unknown.iter().take(8).map(|v| format!("“{v}”")).collect();
    let more = unknown.len().saturating_sub(shown.len());
    ImportError::TooManyTags {
        count: unknown.len(),
        names: if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        },
    }
}

/// A tagging body's value as a tag id: trimmed, at most [`MAX_LABEL`] characters.
fn tag_value(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_LABEL {
        return Err(format!(
            "its tag “{}…” is longer than {MAX_LABEL} characters",
            value.chars().take(20).collect::<String>()
        ));
    }
    Ok(Some(value.to_string()))
}

/// An id as an IRI: kept when it is one, a UUID as `urn:uuid:…`, anything else as a `urn:`
/// made from it. Says whether it was rewritten.
fn iri_id(v: &Value) -> Result<(String, bool), String> {
    let raw = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => return Err(format!("its id is {}, not text", kind(other))),
    };
    if raw.is_empty() {
        return Err("its id is empty".into());
    }
    if is_iri(&raw) {
        return Ok((raw, false));
    }
    if is_uuid(&raw) {
        return Ok((format!("urn:uuid:{}", raw.to_ascii_lowercase()), true));
    }
    Ok((format!("urn:x-claimmark-id:{}", iri_escape(&raw)), true))
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

impl From<JsonProblem> for ImportError {
    fn from(p: JsonProblem) -> ImportError {
        match p {
            JsonProblem::Empty => ImportError::Empty,
            JsonProblem::TooLarge(n) => ImportError::TooLarge(n),
            JsonProblem::Syntax {
                message,
                line,
                column,
            } => ImportError::Syntax {
                message,
                line,
                column,
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    W3c,
    Hypothesis,
}

/// A file's top level with its values left as text, but where annotations may be (`first`,
/// `items`, `rows`) read one level further: so the annotations are gone through once to find
/// them, never held as one parsed tree, and parsed one at a time as they are read. (A file that
/// is a single annotation is parsed again whole; the small members the shape is told by, such as
/// `type`, are parsed from their text.)
enum Top<'a> {
    Array(Vec<&'a RawValue>),
    Object(BTreeMap<String, Member<'a>>),
    /// A string (a link, where a page is expected).
    Text,
    /// A number, true, false or null.
    Scalar,
}

enum Member<'a> {
    Raw(&'a RawValue),
    Read(Top<'a>),
}

/// The members whose values are read as a [`Top`] of their own.
const READ_FURTHER: [&str; 3] = ["first", "items", "rows"];

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TopVisitor;
        impl<'de> Visitor<'de> for TopVisitor {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top<'de>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Top::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
                let mut members = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = match READ_FURTHER.contains(&key.as_str()) {
                        true => Member::Read(map.next_value()?),
                        false => Member::Raw(map.next_value()?),
                    };
                    members.insert(key, value);
                }
                Ok(Top::Object(members))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Top<'de>, E> {
                Ok(Top::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Top<'de>, E> {
                Ok(Top::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Top<'de>, E> {
                Ok(Top::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Top<'de>, E> {
                Ok(Top::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Top<'de>, E> {
                Ok(Top::Text)
            }
            fn visit_unit<E>(self) -> Result<Top<'de>, E> {
                Ok(Top::Scalar)
            }
        }
        d.deserialize_any(TopVisitor)
    }
}

impl<'a> Top<'a> {
    fn member(&self, key: &str) -> Option<&Member<'a>> {
        match self {
            Top::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// A member left as text.
    fn raw(&self, key: &str) -> Option<&'a RawValue> {
        match self.member(key)? {
            Member::Raw(raw) => Some(raw),
            Member::Read(_) => None,
        }
    }

    /// Takes the member `key` out.
    fn take(&mut self, key: &str) -> Option<Member<'a>> {
        match self {
            Top::Object(map) => map.remove(key),
            _ => None,
        }
    }

    /// Whether the member `key` is an array.
    fn is_array(&self, key: &str) -> bool {
        match self.member(key) {
            Some(Member::Read(top)) => matches!(top, Top::Array(_)),
            Some(Member::Raw(raw)) => raw.get().trim_start().starts_with('['),
            None => false,
        }
    }

    /// Whether this is a Hypothesis annotation: a `uri`, a list of targets and no `type`.
    fn is_hypothesis(&self) -> bool {
        self.member("uri").is_some() && self.is_array("target") && self.member("type").is_none()
    }

    /// Whether its `type` is or includes `t`.
    fn is_a(&self, t: &str) -> bool {
        let types: Option<Value> = self
            .raw("type")
            .and_then(|t| serde_json::from_str(t.get()).ok());
        type_names(types.as_ref()).contains(&t)
    }
}

/// The annotations a file holds (a collection's embedded first page, a page, an array, a single
/// annotation or Hypothesis's `rows`) and whose JSON they are.
fn annotations_in<'a>(
    mut top: Top<'a>,
    json: &'a str,
) -> Result<(Vec<&'a RawValue>, Flavour), ImportError> {
    let not = |what: &str| ImportError::NotAnnotations(what.to_string());
    let page_items = |page: &mut Top<'a>| match page.take("items") {
        Some(Member::Read(Top::Array(items))) => Ok(items),
        _ => Err(not("the page has no list of items")),
    };
    match top {
        Top::Array(items) => {
            let first = items
                .first()
                .and_then(|first| serde_json::from_str::<Top>(first.get()).ok());
            let flavour = match first {
                Some(first) if first.is_hypothesis() => Flavour::Hypothesis,
                _ => Flavour::W3c,
            };
            Ok((items, flavour))
        }
        Top::Object(_) => {
            let top = &mut top;
            if let Some(Member::Read(Top::Array(rows))) = top.take("rows") {
                return Ok((rows, Flavour::Hypothesis));
            }
            let whole = || -> Result<Vec<&'a RawValue>, ImportError> {
                Ok(vec![json_input::parse_part(json, json)?])
            };
            if top.is_hypothesis() {
                return Ok((whole()?, Flavour::Hypothesis));
            }
            if top.is_a("AnnotationCollection") {
                return match top.take("first") {
                    None => Err(not("the collection has no embedded first page")),
                    Some(Member::Read(Top::Text)) => Err(not("the collection's first page is a link, not embedded; save the page itself and import that")),
                    Some(Member::Read(mut page)) => Ok((page_items(&mut page)?, Flavour::W3c)),
                    // Not so: `first` is read further.
                    Some(Member::Raw(_)) => Err(not("the page has no list of items")),
                };
            }
            if top.is_a("AnnotationPage") {
                return Ok((page_items(top)?, Flavour::W3c));
            }
            if top.is_a("Annotation") {
                return Ok((whole()?, Flavour::W3c));
            }
            Err(not("expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them"))
        }
        Top::Text | Top::Scalar => Err(not("expected an object or an array, found a single value")),
    }
}

/// A W3C collection's extras.
struct Extras {
    /// Its tag set (which must be readable).
    tag_defs: Vec<TagDef>,
    /// The article's details and the review settings (dropped when they cannot be read: the
    /// annotations still come).
    meta: Option<ArticleMeta>,
    review: Option<Review>,
}

/// The extras of a file's top level; `json` is the file's text ([`json_input::without_bom`]).
/// Each is checked as JSON first, as the whole file once was: an escape that is half a
/// surrogate pair refuses the file, with its place in it.
fn extras(top: &Top, json: &str) -> Result<Extras, ImportError> {
    let value = |term: &str| -> Result<Option<Value>, ImportError> {
        top.raw(term)
            .map(|raw| json_input::parse_part(json, raw.get()))
            .transpose()
            .map_err(ImportError::from)
    };
    let tag_defs = match value(super::w3c::TAG_SET_TERM)? {
        None => Vec::new(),
        Some(defs) => TagSet::deserialize(&defs)
            .map(|set| set.iter().cloned().collect())
            .map_err(|e| ImportError::NotAnnotations(format!("its tag set cannot be read: {e}")))?,
    };
    let meta = value(super::w3c::ARTICLE_TERM)?
        .and_then(|m| ArticleMeta::deserialize(&m).ok())
        .map(|m| m.cleaned())
        .filter(|m| !m.is_empty());
    let review = value(super::w3c::REVIEW_TERM)?.and_then(|r| Review::deserialize(&r).ok());
    Ok(Extras {
        tag_defs,
        meta,
        review,
    })
}

/// The types `v` says it has.
fn types_of(v: &Value) -> Vec<&str> {
    type_names(v.get("type"))
}

/// The names in a `type` member: one, or a list.
fn type_names(types: Option<&Value>) -> Vec<&str> {
    match types {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

enum Position {
    CodePoints(CharRange),
    Utf16(CharRange),
}

struct Read {
    id: Option<String>,
    id_rewritten: bool,
    /// The tag's value as the file wrote it; `None` when it has none.
    tag: Option<String>,
    quote: Quote,
    position: Option<Position>,
    source: Option<String>,
    note: String,
    created: Option<Timestamp>,
    modified: Option<Timestamp>,
    creator: Option<String>,
    claim: ClaimInfo,
}

fn read_w3c(v: &Value) -> Result<Read, String> {
    if !v.is_object() {
        return Err("it is not a JSON object".into());
    }
    let (id, id_rewritten) = match v.get("id") {
        None => (None, false),
        Some(id) => {
            let (id, rewritten) = iri_id(id)?;
            (Some(id), rewritten)
        }
    };
    let target = match v.get("target") {
        Some(Value::Array(ts)) => ts.first().ok_or("its target list is empty")?,
        Some(t @ Value::Object(_)) => t,
        Some(Value::String(_)) => {
            return Err("its target is a plain link, with no quote to place".into())
        }
        _ => return Err("it has no target".into()),
    };
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(s)) => s.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => return Err("its target has no selector".into()),
    };
    let quote = selectors
        .iter()
        .find(|s| types_of(s).contains(&"TextQuoteSelector"))
        .ok_or("its target has no TextQuoteSelector (the quoted text)")?;
    let quote = read_quote(quote)?;
    let position = match selectors
        .iter()
        .find(|s| types_of(s).contains(&"TextPositionSelector"))
    {
        Some(p) => Some(read_position(p, &quote)?),
        None => None,
    };
    let source = target
        .get("source")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut tag = None;
    let mut notes = Vec::new();
    let bodies: Vec<&Value> = match v.get("body") {
        Some(Value::Array(b)) => b.iter().collect(),
        Some(b @ Value::Object(_)) => vec![b],
        None => vec![],
        Some(_) => return Err("its body is neither an object nor a list".into()),
    };
    // One tag per annotation: the first tagging body's. Further tags are kept in the note, so
    // that nothing the file says is dropped.
    let mut more_tags: Vec<&str> = Vec::new();
    let mut claim = ClaimInfo::default();
    for body in bodies {
        let value = body.get("value").and_then(Value::as_str);
        let source = body.get("source").and_then(Value::as_str);
        match (body.get("purpose").and_then(Value::as_str), value) {
            // The claimant, the verdict and the claims this one answers (see `w3c`).
            (Some("identifying"), Some(value)) if claim.claimant.is_none() => {
                claim.claimant = Some(clean(value)).filter(|c| !c.is_empty());
            }
            (Some("assessing"), Some(value)) if claim.verdict.is_none() => {
                claim.verdict = Some(clean(value)).filter(|c| !c.is_empty());
            }
            // A link whose target is no usable id leads nowhere: it is left out.
            (Some("linking"), None) if source.is_some() => {
                if let Ok((id, _)) = iri_id(&Value::from(source.unwrap_or_default())) {
                    if !claim.links.contains(&id) {
                        claim.links.push(id);
                    }
                }
            }
            (Some("tagging" | "classifying"), Some(value)) if tag.is_none() => {
                tag = tag_value(value)?;
            }
            (Some("tagging" | "classifying"), Some(value)) => more_tags.push(value),
            (_, Some(value)) => notes.push(value.to_string()),
            _ => {}
        }
    }
    if !more_tags.is_empty() {
        notes.push(format!("Also tagged: {}", more_tags.join(", ")));
    }
    if let Some(Value::String(value)) = v.get("bodyValue") {
        notes.push(value.clone());
    }
    Ok(Read {
        id,
        id_rewritten,
        tag,
        quote,
        position,
        source,
        note: notes.join("\n\n"),
        created: read_time(v, "created")?,
        modified: read_time(v, "modified")?,
        creator: read_creator(v.get("creator"))?,
        claim,
    })
}

fn read_hypothesis(v: &Value, set: &TagSet) -> Result<Read, String> {
    let id = v.get("id").and_then(Value::as_str).ok_or("it has no id")?;
    let target = v
        .get("target")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .ok_or("it has no target")?;
    let selectors = target
        .get("selector")
        .and_then(Value::as_array)
        .ok_or("it is a page note, not a highlight: there is no selector")?;
    let quote = selectors
        .iter()
        .find(|s| types_of(s).contains(&"TextQuoteSelector"))
        .ok_or("it has no TextQuoteSelector (the quoted text)")?;
    let quote = read_quote(quote)?;
    // Hypothesis counts positions in UTF-16 code units: they are only a hint.
    let position = selectors
        .iter()
        .find(|s| types_of(s).contains(&"TextPositionSelector"))
        .and_then(|p| {
            let start = p.get("start")?.as_u64()? as usize;
            let end = p.get("end")?.as_u64()? as usize;
            CharRange::new(start, end).map(Position::Utf16)
        });
    let tags: Vec<&str> = v
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Hypothesis tags are free words ("politics", "todo"): the first one that names a tag of
    // the set is the annotation's tag; the others are kept in the note.
    let first = tags.iter().position(|t| set.find(t).is_some());
    let tag = first
        .and_then(|i| set.find(tags[i]))
        .map(|t| t.id().to_string());
    let others: Vec<&str> = tags
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != first)
        .map(|(_, t)| *t)
        .collect();
    let mut note = v
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if !others.is_empty() {
        if !note.is_empty() {
            note.push_str("\n\n");
        }
        note.push_str(&format!("Hypothesis tags: {}", others.join(", ")));
    }
    let creator = v.get("user").and_then(Value::as_str).map(|u| {
        u.trim_start_matches("acct:")
            .split('@')
            .next()
            .unwrap_or(u)
            .to_string()
    });
    Ok(Read {
        id: Some(if is_iri(id) {
            id.to_string()
        } else {
            format!("https://hypothes.is/a/{}", iri_escape(id))
        }),
        id_rewritten: false,
        tag,
        quote,
        position,
        source: None,
        note,
        created: read_time(v, "created")?,
        modified: read_time(v, "updated")?,
        creator,
        claim: ClaimInfo::default(),
    })
}

fn read_quote(q: &Value) -> Result<Quote, String> {
    let text = |key: &str| -> Result<String, String> {
        match q.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("its quote's {key} is {}, not text", kind(other))),
        }
    };
    let exact = text("exact")?;
    if exact.is_empty() {
        return Err("its quote (TextQuoteSelector exact) is empty".into());
    }
    Ok(Quote {
        exact,
        prefix: text("prefix")?,
        suffix: text("suffix")?,
    })
}

fn read_position(p: &Value, quote: &Quote) -> Result<Position, String> {
    let number = |key: &str| -> Result<usize, String> {
        match p.get(key) {
            Some(Value::Number(n)) => n.as_u64().map(|n| n as usize).ok_or_else(|| {
                format!("its position's {key} is {n}, not a whole number of 0 or more")
            }),
            Some(other) => Err(format!(
                "its position's {key} is {}, not a number",
                kind(other)
            )),
            None => Err(format!("its position has no {key}")),
        }
    };
    let (start, end) = (number("start")?, number("end")?);
    let range = CharRange::new(start, end)
        .ok_or_else(|| format!("its position starts at {start}, after its end {end}"))?;
    let chars = quote.exact.chars().count();
    let units: usize = quote.exact.chars().map(char::len_utf16).sum();
    if range.len() == chars {
        Ok(Position::CodePoints(range))
    } else if range.len() == units {
        Ok(Position::Utf16(range))
    } else {
        Err(format!(
            "its position covers {} characters but its quote has {chars}",
            range.len()
        ))
    }
}

fn read_time(v: &Value, key: &str) -> Result<Option<Timestamp>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Timestamp::parse(s)
            .map(Some)
            .ok_or_else(|| format!("its {key} time \"{s}\" is not an ISO 8601 date and time")),
        Some(other) => Err(format!("its {key} time is {}, not text", kind(other))),
    }
}

fn read_creator(v: Option<&Value>) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Object(o)) => Ok(o
            .get("name")
            .or_else(|| o.get("nickname"))
            .and_then(Value::as_str)
            .map(str::to_string)),
        Some(Value::Array(a)) => read_creator(a.first()),
        Some(other) => Err(format!("its creator is {}, not a person", kind(other))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `s` with the characters that [`is_iri`] refuses (and `%`) percent-encoded, so that any
/// Hypothesis id becomes part of an IRI that exports and imports again.
fn iri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() || "<>\"{}|\\^`%".contains(c) {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The loose IRI test of the W3C suite: a scheme, a colon, and no whitespace or brackets.
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c))
}
