//! W3C Web Annotation JSON-LD: an AnnotationCollection with its first AnnotationPage embedded.
//!
//! The shape is a contract (see `tests/fixtures/golden/`): fields are written in the order the
//! DTOs declare them, annotations in text order, and nothing time-dependent is added, so the
//! same annotations always export to the same bytes.

use serde::Serialize;

use crate::model::annotation::{Annotation, Status};
use crate::model::tags::TagSet;
use crate::model::text::Document;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The term for the tag set in the collection, added to the context beside the Web Annotation
/// one (only when the set is not the default one, so files made with it do not change).
pub const TAG_SET_TERM: &str = "tagSet";
const TAG_SET_IRI: &str = "urn:claimmark:vocab:tagSet";

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: serde_json::Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    #[serde(rename = "tagSet", skip_serializing_if = "Option::is_none")]
    tag_set: Option<&'a TagSet>,
    total: usize,
    first: Page<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
pub(super) struct Item<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub motivation: &'static str,
    pub created: &'a str,
    pub modified: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<Agent<'a>>,
    pub body: Vec<Body<'a>>,
    pub target: Target<'a>,
}

#[derive(Serialize)]
pub(super) struct Agent<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub(super) struct Body<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub purpose: &'static str,
    pub value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct Target<'a> {
    pub source: &'a str,
    pub selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
pub(super) struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub exact: &'a str,
    pub prefix: &'a str,
    pub suffix: &'a str,
}

#[derive(Serialize)]
pub(super) struct PositionSelector {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The W3C item for one placed annotation.
pub(super) fn item<'a>(doc: &'a Document, a: &'a Annotation) -> Item<'a> {
    let mut body = vec![Body {
        kind: "TextualBody",
        purpose: "tagging",
        value: a.tag.id(),
        format: None,
    }];
    if !a.note.trim().is_empty() {
        body.push(Body {
            kind: "TextualBody",
            purpose: "commenting",
            value: &a.note,
            format: Some("text/plain"),
        });
    }
    Item {
        id: &a.id,
        kind: "Annotation",
        motivation: if a.note.trim().is_empty() {
            "tagging"
        } else {
            "commenting"
        },
        created: a.created.as_str(),
        modified: a.modified.as_str(),
        creator: a.creator.as_deref().map(|name| Agent {
            kind: "Person",
            name,
        }),
        body,
        target: Target {
            source: doc.fingerprint(),
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact: &a.quote.exact,
                    prefix: &a.quote.prefix,
                    suffix: &a.quote.suffix,
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: a.range.start,
                    end: a.range.end,
                },
            ),
        },
    }
}

/// The collection of every placed annotation. Orphans are left out: they have no place in this
/// text to point at (the UI says how many were left out). A set other than the default one
/// travels in the collection as `tagSet` (labels, descriptions, colours, underlines), with its
/// term defined in the `@context`.
pub fn export<'a>(
    doc: &Document,
    tags: &TagSet,
    annotations: impl IntoIterator<Item = &'a Annotation>,
) -> String {
    let items: Vec<Item> = annotations
        .into_iter()
        .filter(|a| a.status != Status::Orphaned)
        .map(|a| item(doc, a))
        .collect();
    let custom = !tags.is_default();
    let context = if custom {
        serde_json::json!([
            CONTEXT,
            { TAG_SET_TERM: { "@id": TAG_SET_IRI, "@type": "@json" } }
        ])
    } else {
        serde_json::Value::from(CONTEXT)
    };
    let collection = Collection {
        context,
        tag_set: custom.then_some(tags),
        id: format!("{}#annotations", doc.fingerprint()),
        kind: "AnnotationCollection",
        label: doc.title(),
        total: items.len(),
        first: Page {
            id: format!("{}#annotations-page-1", doc.fingerprint()),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut out = serde_json::to_string_pretty(&collection)
        .expect("the DTOs serialize: strings and numbers only");
    out.push('\n');
    out
}
