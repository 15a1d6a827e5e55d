//! W3C Web Annotation JSON-LD: an AnnotationCollection with its first AnnotationPage embedded.
//!
//! The shape is a contract (see `tests/fixtures/golden/`): fields are written in the order the
//! DTOs declare them, annotations in text order, and nothing time-dependent is added, so the
//! same annotations always export to the same bytes.

use serde::Serialize;

use std::collections::HashSet;

use crate::model::annotation::{Annotation, Status};
use crate::model::claims::{ArticleMeta, Review};
use crate::model::session::Session;
use crate::model::tags::TagSet;
use crate::model::text::Document;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The term for the tag set in the collection, added to the context beside the Web Annotation
/// one (only when the set is not the default one, so files made with it do not change).
pub const TAG_SET_TERM: &str = "tagSet";
const TAG_SET_IRI: &str = "urn:claimmark:vocab:tagSet";
/// The terms for the article's details and the review settings, added the same way (only when
/// they are set).
pub const ARTICLE_TERM: &str = "article";
const ARTICLE_IRI: &str = "urn:claimmark:vocab:article";
pub const REVIEW_TERM: &str = "review";
const REVIEW_IRI: &str = "urn:claimmark:vocab:review";

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
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<&'a ArticleMeta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a Review>,
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
#[serde(untagged)]
pub(super) enum Body<'a> {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        value: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
    },
    /// Another annotation this one answers.
    Link {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        source: &'a str,
    },
}

#[derive(Serialize)]
pub(super) struct Target<'a> {
    pub source: &'a str,
    /// The web page the text was read from: the W3C model's `scope` of a specific resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
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

/// The W3C item for one placed annotation. After its tag and note come its claimant (a
/// TextualBody whose purpose is `identifying`), its verdict (`assessing`) and the annotations it
/// answers that are in `linkable` (each a SpecificResource body whose purpose is `linking` and
/// whose `source` is that annotation's id).
pub(super) fn item<'a>(
    doc: &'a Document,
    a: &'a Annotation,
    url: Option<&'a str>,
    linkable: &HashSet<&str>,
) -> Item<'a> {
    let text = |purpose, value, format| Body::Text {
        kind: "TextualBody",
        purpose,
        value,
        format,
    };
    let mut body = vec![text("tagging", a.tag.id(), None)];
    if !a.note.trim().is_empty() {
        body.push(text("commenting", &a.note, Some("text/plain")));
    }
    if let Some(claimant) = &a.claim.claimant {
        body.push(text("identifying", claimant, Some("text/plain")));
    }
    if let Some(verdict) = &a.claim.verdict {
        body.push(text("assessing", verdict, Some("text/plain")));
    }
    for l in a
        .claim
        .links
        .iter()
        .filter(|l| linkable.contains(l.as_str()))
    {
        body.push(Body::Link {
            kind: "SpecificResource",
            purpose: "linking",
            source: l,
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
            scope: url,
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
    export_with(doc, tags, None, None, annotations)
}

/// The whole session's export: [`export`] plus the article's details (the collection's
/// `article`, and each target's `scope` when the address is known) and the review settings
/// (`review`), each only when set, so a session without them exports exactly as [`export`].
pub fn export_session(session: &Session) -> String {
    let meta = Some(session.meta()).filter(|m| !m.is_empty());
    let review = Some(session.review()).filter(|r| !r.is_default());
    export_with(
        session.doc(),
        session.tags(),
        meta,
        review,
        session.annotations(),
    )
}

fn export_with<'a>(
    doc: &Document,
    tags: &TagSet,
    meta: Option<&ArticleMeta>,
    review: Option<&Review>,
    annotations: impl IntoIterator<Item = &'a Annotation>,
) -> String {
    let placed: Vec<&Annotation> = annotations
        .into_iter()
        .filter(|a| a.status != Status::Orphaned)
        .collect();
    let linkable: HashSet<&str> = placed.iter().map(|a| a.id.as_str()).collect();
    let url = meta.map(|m| m.url.as_str()).filter(|u| !u.is_empty());
    let items: Vec<Item> = placed
        .iter()
        .map(|a| item(doc, a, url, &linkable))
        .collect();
    let custom = !tags.is_default();
    let mut terms = serde_json::Map::new();
    let term = |iri: &str| serde_json::json!({ "@id": iri, "@type": "@json" });
    if custom {
        terms.insert(TAG_SET_TERM.into(), term(TAG_SET_IRI));
    }
    if meta.is_some() {
        terms.insert(ARTICLE_TERM.into(), term(ARTICLE_IRI));
    }
    if review.is_some() {
        terms.insert(REVIEW_TERM.into(), term(REVIEW_IRI));
    }
    let context = if terms.is_empty() {
        serde_json::Value::from(CONTEXT)
    } else {
        serde_json::json!([CONTEXT, terms])
    };
    let collection = Collection {
        context,
        tag_set: custom.then_some(tags),
        article: meta,
        review,
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
