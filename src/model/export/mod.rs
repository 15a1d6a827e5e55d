//! Exports (W3C JSON-LD, CSV, doccano JSONL) and imports. Each format is a versioned contract
//! with golden fixtures in `tests/fixtures/golden/`; every export is deterministic.

pub mod claimreview;
pub mod csv;
pub mod import;
pub mod json_input;
pub mod jsonl;
pub mod w3c;

use super::text::Document;

/// The formats annotations can be exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    W3c,
    Csv,
    Jsonl,
    /// schema.org ClaimReview JSON-LD of the rated claims (see [`claimreview`]).
    ClaimReview,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::W3c => "application/ld+json",
            Format::Csv => "text/csv;charset=utf-8",
            Format::Jsonl => "application/x-ndjson",
            Format::ClaimReview => "application/ld+json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::W3c => "annotations.jsonld",
            Format::Csv => "annotations.csv",
            Format::Jsonl => "doccano.jsonl",
            Format::ClaimReview => "claimreview.jsonld",
        }
    }
}

/// A file name that carries the article's title and the date, such as
/// `i-agreed-with-biden-to-return-the-ambassadors-2026-11-28.annotations.jsonld`.
pub fn file_name(doc: &Document, date: &str, format: Format) -> String {
    format!("{}-{date}.{}", slug(doc.title()), format.extension())
}

/// Lowercase letters and digits of any script, joined by single hyphens, at most 60 characters.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}
