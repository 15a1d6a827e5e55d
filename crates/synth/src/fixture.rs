//! The browser benchmark's fixture (`tests/bench/fixture.mjs` loads it): the [`crate::case`] of a
//! seed, written as the files the benchmark pages are given. The `bench_fixture` binary writes
//! them:
//!
//! ```sh
//! cargo run --release --quiet -p claimmark-synth --bin bench_fixture -- target/bench/fixture-20261128
//! ```
//!
//! Files, in the directory given:
//! - `article.txt`: the article (paragraphs separated by blank lines);
//! - `annotations.jsonld`: its annotations as the W3C Web Annotation collection Claimmark exports
//!   (`claimmark::model::export::w3c::export`), in text order;
//! - `recogito.json`: the same annotations as a plain array of W3C annotations whose
//!   TextPositionSelector counts UTF-16 code units, the unit of `@recogito/text-annotator`;
//! - `edited.txt`: the article after the [`crate::EditPlan::REALISTIC`] edit;
//! - `truth.json`: for each annotation, in the order of `annotations.jsonld`, `[start, end]` in
//!   code points of the edited text, or `null` when its passage was deleted;
//! - `fixture.json`: figures about all of these and their SHA-256 digests (written last).
//!
//! The same seed gives the same bytes on every run and platform.

use std::fs;
use std::io;
use std::path::Path;

use claimmark::model::export::w3c;
use claimmark::model::text::fingerprint;
use claimmark::model::{Tag, TagSet};
use serde::Serialize;

use crate::Case;

/// The browser benchmark's seed.
pub const SEED: u64 = 20261128;
/// Paragraphs of the benchmark's article.
pub const PARAGRAPHS: usize = 3000;
/// Annotations on it.
pub const ANNOTATIONS: usize = 5000;

/// The file names, as `tests/bench/fixture.mjs` reads them.
pub const ARTICLE: &str = "article.txt";
pub const JSONLD: &str = "annotations.jsonld";
pub const RECOGITO: &str = "recogito.json";
pub const EDITED: &str = "edited.txt";
pub const TRUTH: &str = "truth.json";
pub const STATS: &str = "fixture.json";

/// The fixture's files, in memory.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub article: String,
    pub jsonld: String,
    pub recogito: String,
    pub edited: String,
    pub truth: String,
    pub stats: Stats,
}

/// What `fixture.json` says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub generator: &'static str,
    pub seed: u64,
    pub paragraphs: usize,
    pub bytes: usize,
    pub code_points: usize,
    pub utf16: usize,
    pub non_ascii_paragraphs: usize,
    pub annotations: usize,
    /// Placed to overlap another annotation.
    pub overlapping_added: usize,
    /// Starting before the end of an earlier one (in text order).
    pub starting_inside_another: usize,
    /// Annotations per tag, by the tag's key, in [`Tag::ALL`] order.
    #[serde(serialize_with = "in_order")]
    pub tags: Vec<(&'static str, usize)>,
    pub notes: usize,
    pub min_len: usize,
    pub max_len: usize,
    pub mean_len: usize,
    pub json_bytes: usize,
    pub recogito_bytes: usize,
    pub edited_bytes: usize,
    pub edited_code_points: usize,
    /// Annotations whose passage the edit deleted.
    pub deleted_annotations: usize,
    pub text_sha256: String,
    pub json_sha256: String,
    pub recogito_sha256: String,
    pub edited_sha256: String,
    pub truth_sha256: String,
}

/// A JSON object whose keys keep their order.
fn in_order<S: serde::Serializer>(
    pairs: &[(&'static str, usize)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// The fixture of a seed.
pub fn build(seed: u64, paragraphs: usize, annotations: usize) -> Fixture {
    let case = crate::case(seed, paragraphs, annotations);
    from_case(seed, &case)
}

/// The files of a case.
pub fn from_case(seed: u64, case: &Case) -> Fixture {
    let article = case.old.text().to_string();
    let edited = case.new.text().to_string();
    let jsonld = w3c::export(&case.old, &TagSet::default(), &case.annotations);
    let recogito = recogito(case);
    let truth: Vec<Option<[usize; 2]>> = case
        .truth
        .iter()
        .map(|t| t.map(|r| [r.start, r.end]))
        .collect();
    let mut truth = serde_json::to_string(&truth).expect("numbers and nulls serialize");
    truth.push('\n');

    let anns = &case.annotations;
    let lens: Vec<usize> = anns.iter().map(|a| a.range.len()).collect();
    let tag = |t: Tag| anns.iter().filter(|a| a.tag == t).count();
    let mut starting_inside_another = 0;
    let mut max_end = 0;
    for (i, a) in anns.iter().enumerate() {
        if i > 0 && a.range.start < max_end {
            starting_inside_another += 1;
        }
        max_end = max_end.max(a.range.end);
    }
    let stats = Stats {
        generator: "claimmark-synth bench_fixture",
        seed,
        paragraphs: case.old.blocks().len(),
        bytes: article.len(),
        code_points: case.old.char_len(),
        utf16: article.encode_utf16().count(),
        non_ascii_paragraphs: case
            .old
            .blocks()
            .iter()
            .filter(|b| !case.old.slice(b.range).is_ascii())
            .count(),
        annotations: anns.len(),
        overlapping_added: case.overlapping,
        starting_inside_another,
        tags: TagSet::default().tags().map(|t| (t.id(), tag(t))).collect(),
        notes: anns.iter().filter(|a| !a.note.is_empty()).count(),
        min_len: lens.iter().copied().min().unwrap_or(0),
        max_len: lens.iter().copied().max().unwrap_or(0),
        mean_len: (lens.iter().sum::<usize>() + lens.len() / 2) / lens.len().max(1),
        json_bytes: jsonld.len(),
        recogito_bytes: recogito.len(),
        edited_bytes: edited.len(),
        edited_code_points: case.new.char_len(),
        deleted_annotations: case.truth.iter().filter(|t| t.is_none()).count(),
        text_sha256: sha256(&article),
        json_sha256: sha256(&jsonld),
        recogito_sha256: sha256(&recogito),
        edited_sha256: sha256(&edited),
        truth_sha256: sha256(&truth),
    };
    Fixture {
        article,
        jsonld,
        recogito,
        edited,
        truth,
        stats,
    }
}

/// Writes the files into `dir` (made if missing); `fixture.json` last, so that a directory
/// holding it holds a whole fixture.
pub fn write(dir: &Path, f: &Fixture) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    match fs::remove_file(dir.join(STATS)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::write(dir.join(ARTICLE), &f.article)?;
    fs::write(dir.join(JSONLD), &f.jsonld)?;
    fs::write(dir.join(RECOGITO), &f.recogito)?;
    fs::write(dir.join(EDITED), &f.edited)?;
    fs::write(dir.join(TRUTH), &f.truth)?;
    let mut stats = serde_json::to_string_pretty(&f.stats).expect("the stats serialize");
    stats.push('\n');
    fs::write(dir.join(STATS), stats)
}

/// Lowercase hex SHA-256 of the UTF-8 text.
fn sha256(text: &str) -> String {
    fingerprint(text)
        .strip_prefix("urn:sha256:")
        .expect("a fingerprint is urn:sha256:<hex>")
        .to_string()
}

/// The annotations as a plain array of W3C annotations with UTF-16 offsets (Recogito's unit)
/// and no context in the quote selector.
fn recogito(case: &Case) -> String {
    #[derive(Serialize)]
    struct Item<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        id: &'a str,
        #[serde(rename = "type")]
        kind: &'static str,
        created: &'a str,
        modified: &'a str,
        body: [Body; 1],
        target: Target<'a>,
    }
    #[derive(Serialize)]
    struct Body {
        #[serde(rename = "type")]
        kind: &'static str,
        purpose: &'static str,
        value: &'static str,
    }
    #[derive(Serialize)]
    struct Target<'a> {
        source: &'a str,
        selector: (Quote<'a>, Position),
    }
    #[derive(Serialize)]
    struct Quote<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        exact: &'a str,
    }
    #[derive(Serialize)]
    struct Position {
        #[serde(rename = "type")]
        kind: &'static str,
        start: usize,
        end: usize,
    }

    // utf16[i]: the UTF-16 offset of code point i.
    let mut utf16 = Vec::with_capacity(case.old.char_len() + 1);
    utf16.push(0);
    let mut at = 0;
    for c in case.old.text().chars() {
        at += c.len_utf16();
        utf16.push(at);
    }
    let items: Vec<Item> = case
        .annotations
        .iter()
        .map(|a| Item {
            context: w3c::CONTEXT,
            id: &a.id,
            kind: "Annotation",
            created: a.created.as_str(),
            modified: a.modified.as_str(),
            body: [Body {
                kind: "TextualBody",
                purpose: "tagging",
                value: a.tag.id(),
            }],
            target: Target {
                source: case.old.fingerprint(),
                selector: (
                    Quote {
                        kind: "TextQuoteSelector",
                        exact: &a.quote.exact,
                    },
                    Position {
                        kind: "TextPositionSelector",
                        start: utf16[a.range.start],
                        end: utf16[a.range.end],
                    },
                ),
            },
        })
        .collect();
    serde_json::to_string(&items).expect("the items serialize")
}

#[cfg(test)]
mod tests {
    use claimmark::model::export::import::{import, Defaults};
    use claimmark::model::text::chars_from_utf16;
    use claimmark::model::{Status, Timestamp};
    use serde_json::Value;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let (a, b) = (build(5, 80, 120), build(5, 80, 120));
        assert_eq!(a.stats, b.stats);
        assert_eq!(
            (a.article, a.jsonld, a.recogito, a.edited, a.truth),
            (b.article, b.jsonld, b.recogito, b.edited, b.truth)
        );
        assert_ne!(build(6, 80, 120).stats.text_sha256, a.stats.text_sha256);
    }

    #[test]
    fn claimmark_imports_the_collection_where_it_was_made() {
        let case = crate::case(9, 80, 120);
        let f = from_case(9, &case);
        let mut n = 0;
        let mut new_id = || {
            n += 1;
            format!("new-{n}")
        };
        let imported = import(
            &case.old,
            &f.jsonld,
            Defaults {
                now: Timestamp::parse("2026-01-01T00:00:00Z").expect("a valid time"),
                new_id: &mut new_id,
                tags: &TagSet::default(),
                tag: Tag::STATEMENT,
            },
        )
        .expect("the collection imports");
        assert!(imported.same_text);
        assert_eq!(imported.annotations, case.annotations);
        assert!(imported
            .annotations
            .iter()
            .all(|a| a.status == Status::Anchored));
    }

    #[test]
    fn the_peer_file_and_the_truth_line_up_with_the_annotations() {
        let case = crate::case(4, 80, 120);
        let f = from_case(4, &case);
        let peer: Value = serde_json::from_str(&f.recogito).expect("JSON");
        let truth: Value = serde_json::from_str(&f.truth).expect("JSON");
        let items = peer.as_array().expect("an array");
        assert_eq!(items.len(), case.annotations.len());
        assert_eq!(truth.as_array().map(Vec::len), Some(case.annotations.len()));
        for (item, a) in items.iter().zip(&case.annotations) {
            assert_eq!(item["id"], a.id.as_str());
            let p = &item["target"]["selector"][1];
            let at = |k: &str| {
                let utf16 = p[k].as_u64().expect("a number") as usize;
                chars_from_utf16(case.old.text(), utf16)
            };
            assert_eq!((at("start"), at("end")), (a.range.start, a.range.end));
        }
        assert!(f.stats.overlapping_added > 0 && f.stats.notes > 0);
        assert_eq!(f.stats.annotations, 120);
    }
}
