//! The bodies of the fuzz targets, one function per target. Each takes the fuzzer's bytes,
//! builds an input for one input-facing function of the model, calls it, and checks what the
//! model promises about its result. A panic is a finding.
//!
//! - [`import`]: `model::export::import::import` on raw bytes as JSON, or on W3C/Hypothesis
//!   JSON built from the bytes; what it returns must export and import again.
//! - [`extract`]: `model::extract::extract` on a page tree built from the bytes.
//! - [`anchor`]: `model::anchor::anchor` and `reanchor_all` on texts, quotes and edits made
//!   from a small alphabet (so that matches and near-matches are common).
//! - [`classroom`]: `parse_exercise`, `parse_key` and `parse_submission`.

use arbitrary::Unstructured;
use claimmark::model::anchor;
use claimmark::model::classroom::exercise::{self, Exercise};
use claimmark::model::export::{import as importer, w3c};
use claimmark::model::extract::{self, Element, Node};
use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Annotation, Command, Quote, Session, Status, Tag, Timestamp};
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../../assets/geneva-summit.txt");
const EXERCISE: &str = include_str!("../../tests/fixtures/classroom/exercise.claimmark.json");

/// Pieces that texts are made of: words that repeat, whitespace, line breaks, and the
/// characters that make offsets hard (combining marks, emoji sequences, flags, Arabic, CR).
#[rustfmt::skip]
const PIECES: [&str; 24] = [
    "the ", "cat ", "sat", " ", "  ", "\n", "\n\n", ".", ",", "a", "é", "e\u{301}", "👍🏽", "🇫🇷",
    "مرحبا", " بالعالم", "\r\n", "\r", "\t", "ﬁ", "\u{200d}", "𝒳", "Hello world", "x",
];

fn now() -> Timestamp {
    Timestamp::parse("2026-01-01T00:00:00Z").expect("a valid time")
}

/// A text of up to `max` pieces.
fn text_of(u: &mut Unstructured, max: usize) -> String {
    let n = u.int_in_range(0..=max).unwrap_or(0);
    let mut s = String::new();
    for _ in 0..n {
        match u.int_in_range(0..=(PIECES.len() + 1)).unwrap_or(0) {
            i if i < PIECES.len() => s.push_str(PIECES[i]),
            _ => {
                // Any character now and then.
                if let Ok(c) = u.arbitrary::<char>() {
                    s.push(c);
                }
            }
        }
    }
    s
}

fn doc_for(selector: u8, u: &mut Unstructured) -> Document {
    match selector % 4 {
        0 => Document::plain("Sample", SAMPLE),
        1 => Document::plain("", "a"),
        _ => Document::plain("", &text_of(u, 40)),
    }
}

/// Checks what the model promises about a placed annotation.
fn check_placed(doc: &Document, a: &Annotation) {
    if a.is_orphaned() {
        return;
    }
    assert!(!a.range.is_empty(), "placed on an empty range: {a:?}");
    assert!(a.range.end <= doc.char_len(), "placed past the end: {a:?}");
    assert!(aligned(doc, a.range), "splits a grapheme: {a:?}");
    assert_eq!(
        doc.slice(a.range),
        a.quote.exact,
        "quote differs from the text: {a:?}"
    );
}

/// Whether `range` starts and ends on grapheme boundaries (including clusters that hold
/// whitespace, such as " \u{301}": a finding of this target, fixed in `Document::snap`).
fn aligned(doc: &Document, range: CharRange) -> bool {
    doc.is_grapheme_aligned(CharRange { start: range.start, end: range.start })
        && doc.is_grapheme_aligned(CharRange { start: range.end, end: range.end })
}

/// The importer, on raw JSON (even first byte) or on JSON built from the bytes (odd).
pub fn import(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let doc = doc_for(mode >> 1, &mut u);
    let json = if mode & 1 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        built_import(&doc, &mut u).to_string()
    };
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        format!("urn:fuzz:{n}")
    };
    let defaults = importer::Defaults {
        now: now(),
        new_id: &mut new_id,
    };
    let Ok(imported) = importer::import(&doc, &json, defaults) else {
        return;
    };
    let mut ids = std::collections::HashSet::new();
    for a in &imported.annotations {
        check_placed(&doc, a);
        assert!(ids.insert(a.id.clone()), "id twice: {}", a.id);
    }
    // What was imported exports, and the export imports again onto the same text, placed.
    let mut session = Session::new(doc.clone());
    session
        .apply(Command::Import {
            annotations: imported.annotations.clone(),
        })
        .expect("an import into an empty session applies");
    let placed = session
        .annotations()
        .iter()
        .filter(|a| !a.is_orphaned())
        .count();
    let exported = w3c::export(session.doc(), session.annotations());
    let mut fresh = || "urn:fuzz:fresh".to_string();
    let again = importer::import(
        &doc,
        &exported,
        importer::Defaults {
            now: now(),
            new_id: &mut fresh,
        },
    );
    match again {
        Ok(again) => {
            assert_eq!(again.annotations.len(), placed, "export → import lost some");
            assert!(again
                .annotations
                .iter()
                .all(|a| a.status == Status::Anchored));
        }
        Err(e) => panic!("our own export of {placed} annotations did not import: {e}\n{exported}"),
    }
}

/// A W3C or Hypothesis file with items made from the bytes.
fn built_import(doc: &Document, u: &mut Unstructured) -> Value {
    let hypothesis = u.arbitrary::<bool>().unwrap_or(false);
    let count = u.int_in_range(0..=6).unwrap_or(0);
    let len = doc.char_len();
    let mut items = Vec::new();
    for i in 0..count {
        let start = u.int_in_range(0..=len + 3).unwrap_or(0);
        let end = u.int_in_range(0..=len + 3).unwrap_or(0);
        let exact = if u.arbitrary::<bool>().unwrap_or(true) {
            let r = CharRange {
                start: start.min(end),
                end: start.max(end),
            };
            doc.slice(r).to_string()
        } else {
            text_of(u, 6)
        };
        let prefix = text_of(u, 3);
        let suffix = text_of(u, 3);
        let (s, e) = match u.int_in_range(0..=3).unwrap_or(0) {
            0 => (json!(start), json!(end)),
            1 => (json!(start), json!(start + exact.chars().count())),
            2 => (json!(-1), json!(f64::MAX)),
            _ => (json!("0"), json!(null)),
        };
        let tag = ["statement", "agreement", "dispute", "other", ""][i % 5];
        let id = match u.int_in_range(0..=3).unwrap_or(0) {
            0 => json!(format!("urn:x:{i}")),
            1 => json!("urn:x:same"),
            2 => json!(null),
            _ => json!("not an iri"),
        };
        let source = if u.arbitrary::<bool>().unwrap_or(false) {
            json!(doc.fingerprint())
        } else {
            json!("https://example.org/other")
        };
        let item = if hypothesis {
            json!({
                "id": id, "uri": "https://example.org/a", "text": prefix, "tags": [tag],
                "target": [{ "source": source, "selector": [
                    { "type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix },
                    { "type": "TextPositionSelector", "start": s, "end": e }
                ]}]
            })
        } else {
            let mut item = json!({
                "type": "Annotation",
                "body": [{ "type": "TextualBody", "purpose": "tagging", "value": tag },
                         { "type": "TextualBody", "value": suffix }],
                "target": { "source": source, "selector": [
                    { "type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix },
                    { "type": "TextPositionSelector", "start": s, "end": e }
                ]}
            });
            if !id.is_null() {
                item["id"] = id;
            }
            item
        };
        items.push(item);
    }
    if hypothesis {
        json!({ "total": items.len(), "rows": items })
    } else {
        json!({ "type": "AnnotationCollection", "first": { "type": "AnnotationPage", "items": items } })
    }
}

#[rustfmt::skip]
const TAGS: [&str; 40] = [
    "html", "head", "title", "body", "article", "main", "div", "p", "span", "a", "h1", "h2",
    "script", "style", "svg", "iframe", "nav", "aside", "header", "footer", "form", "ul", "li",
    "table", "tr", "td", "pre", "br", "hr", "blockquote", "figcaption", "noscript", "template",
    "section", "em", "button", "base", "meta", "img", "DIV",
];

const ATTRS: [(&str, &str); 16] = [
    ("class", "article-body"),
    ("class", "comments"),
    ("class", "share-rail article"),
    ("class", "sr-only"),
    ("id", "content"),
    ("id", "sidebar"),
    ("role", "main"),
    ("role", "article"),
    ("role", "navigation"),
    ("hidden", ""),
    ("aria-hidden", "true"),
    ("style", "display:none"),
    ("style", "visibility: hidden; color: red"),
    ("style", ""),
    ("class", ""),
    ("Role", "MAIN"),
];

const TEXTS: [&str; 10] = [
    "A paragraph long enough to count, with commas, clauses, and more words in it.",
    "  ",
    "\n",
    "Read more",
    "x",
    "Title | Site name",
    "مرحبا بالعالم، هذه فقرة طويلة بما يكفي لتُحسب في النص.",
    "👍🏽 e\u{301} 🇫🇷 —",
    "a\u{a0}b\tc",
    "",
];

/// The extraction rules, on a tree built from the bytes: each byte opens an element, closes
/// one, or adds text. Unclosed elements close at the end, so deep trees are easy to reach.
pub fn extract(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut stack: Vec<Element> = vec![Element::new("html", &[], Vec::new())];
    // (Unstructured gives zeros once the bytes run out: stop there.)
    while !u.is_empty() {
        let op = u.int_in_range(0u8..=9).unwrap_or(0);
        match op {
            0..=3 => {
                let tag = TAGS[u.choose_index(TAGS.len()).unwrap_or(0)];
                let mut attrs = Vec::new();
                for _ in 0..u.int_in_range(0..=2).unwrap_or(0) {
                    attrs.push(ATTRS[u.choose_index(ATTRS.len()).unwrap_or(0)]);
                }
                stack.push(Element::new(tag, &attrs, Vec::new()));
            }
            4 | 5 => close(&mut stack),
            6..=8 => {
                let text = TEXTS[u.choose_index(TEXTS.len()).unwrap_or(0)];
                top(&mut stack).children.push(Node::Text(text.to_string()));
            }
            _ => {
                let text = text_of(&mut u, 8);
                top(&mut stack).children.push(Node::Text(text));
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let root = Node::Element(stack.pop().expect("the root"));
    let out = extract::extract(&root);
    for (_, block) in &out.blocks {
        assert!(!block.is_empty(), "an empty block");
        assert_eq!(block.trim(), block, "a block not trimmed");
    }
    assert!(out.title.chars().count() <= extract::MAX_TITLE_CHARS + 1);
    let doc = out.to_document();
    assert_eq!(
        doc.blocks().len(),
        out.blocks.len(),
        "blocks lost in the document"
    );
}

fn top(stack: &mut [Element]) -> &mut Element {
    stack.last_mut().expect("the root stays")
}

fn close(stack: &mut Vec<Element>) {
    if stack.len() > 1 {
        let done = stack.pop().expect("checked");
        top(stack).children.push(Node::Element(done));
    }
}

/// Anchoring one quote (first byte even) or re-anchoring annotations after an edit (odd).
pub fn anchor(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let old = Document::plain("", &text_of(&mut u, 60));
    if mode & 1 == 0 {
        let quote = match mode % 6 {
            0 => Quote {
                exact: text_of(&mut u, 6),
                prefix: text_of(&mut u, 4),
                suffix: text_of(&mut u, 4),
            },
            _ => {
                let r = range_in(&old, &mut u);
                let mut q = Quote::of(&old, r);
                // Now and then, a typo in the quote.
                if u.arbitrary::<bool>().unwrap_or(false) {
                    let cut = u.int_in_range(0..=q.exact.chars().count()).unwrap_or(0);
                    let at = q
                        .exact
                        .char_indices()
                        .nth(cut)
                        .map_or(q.exact.len(), |(i, _)| i);
                    q.exact.insert_str(at, &text_of(&mut u, 1));
                }
                q
            }
        };
        let hint = if u.arbitrary::<bool>().unwrap_or(false) {
            let a = u.int_in_range(0..=old.char_len() + 5).unwrap_or(0);
            let b = u.int_in_range(0..=old.char_len() + 5).unwrap_or(0);
            CharRange::new(a.min(b), a.max(b))
        } else {
            None
        };
        if std::env::var_os("FUZZ_DEBUG").is_some() {
            eprintln!("text: {:?}\nquote: {quote:?}\nhint: {hint:?}", old.text());
        }
        if let Some(p) = anchor::anchor(&old, &quote, hint) {
            assert!(
                !p.range.is_empty() && p.range.end <= old.char_len(),
                "{p:?}"
            );
            assert!(aligned(&old, p.range), "{p:?}");
            if p.status == Status::Anchored {
                assert_eq!(old.slice(p.range), quote.exact);
            }
            if let Status::Relocated { score } = p.status {
                assert!((0.0..=1.0).contains(&score), "score {score}");
            }
        }
        return;
    }
    // Annotations on the old text, then an edit: pieces deleted, inserted or replaced.
    let mut annotations = Vec::new();
    for i in 0..u.int_in_range(0..=5).unwrap_or(0) {
        let snapped = old.snap(range_in(&old, &mut u));
        if let Some(r) = snapped.filter(|r| aligned(&old, r.range())) {
            annotations.push(Annotation {
                id: format!("urn:a:{i}"),
                tag: Tag::Statement,
                range: r.range(),
                quote: Quote::of(&old, r.range()),
                status: Status::Anchored,
                note: String::new(),
                created: now(),
                modified: now(),
                creator: None,
            });
        }
    }
    let mut new: Vec<char> = old.text().chars().collect();
    for _ in 0..u.int_in_range(0..=4).unwrap_or(0) {
        let a = u.int_in_range(0..=new.len()).unwrap_or(0);
        let b = u.int_in_range(a..=new.len()).unwrap_or(a);
        let insert: Vec<char> = text_of(&mut u, 5).chars().collect();
        new.splice(a..b, insert);
    }
    let new = Document::plain("", &new.into_iter().collect::<String>());
    if std::env::var_os("FUZZ_DEBUG").is_some() {
        eprintln!(
            "old: {:?}\nnew: {:?}\nannotations: {annotations:#?}",
            old.text(),
            new.text()
        );
    }
    let out = anchor::reanchor_all(&old, &new, &annotations);
    assert_eq!(out.len(), annotations.len());
    for (a, b) in annotations.iter().zip(&out) {
        assert_eq!(a.id, b.id);
        check_placed(&new, b);
    }
}

fn range_in(doc: &Document, u: &mut Unstructured) -> CharRange {
    let a = u.int_in_range(0..=doc.char_len()).unwrap_or(0);
    let b = u.int_in_range(0..=doc.char_len()).unwrap_or(0);
    CharRange {
        start: a.min(b),
        end: a.max(b),
    }
}

/// The classroom files: an exercise (first byte % 3 == 0), a key for the fixture exercise
/// (1), or a submission to it (2), each from raw bytes or built around the fixture's text.
pub fn classroom(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let ex = exercise::parse_exercise(EXERCISE).expect("the fixture exercise parses");
    let json = if mode & 0x80 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        built_classroom(&ex, mode % 3, &mut Unstructured::new(rest)).to_string()
    };
    match mode % 3 {
        0 => {
            if let Ok(e) = exercise::parse_exercise(&json) {
                check_claims(&e.document, e.key.iter().flatten().map(|k| k.range));
                // What parsed writes back and parses to the same.
                let again = exercise::parse_exercise(&e.to_json(true)).expect("own file parses");
                assert_eq!(again, e);
            }
        }
        1 => {
            if let Ok(key) = exercise::parse_key(&json, &ex) {
                check_claims(&ex.document, key.iter().map(|k| k.range));
            }
        }
        _ => {
            if let Ok(s) = exercise::parse_submission(&json, &ex) {
                check_claims(&ex.document, s.marks.iter().map(|m| m.range));
            }
        }
    }
}

fn check_claims(doc: &Document, ranges: impl Iterator<Item = CharRange>) {
    for r in ranges {
        assert!(!r.is_empty() && r.end <= doc.char_len(), "{r:?}");
    }
}

fn built_classroom(ex: &Exercise, kind: u8, u: &mut Unstructured) -> Value {
    let doc = &ex.document;
    let len = doc.char_len();
    let mut items = Vec::new();
    for i in 0..u.int_in_range(0..=5).unwrap_or(0) {
        let start = u.int_in_range(0..=len + 3).unwrap_or(0);
        let end = u.int_in_range(0..=len + 3).unwrap_or(0);
        let exact = if u.arbitrary::<bool>().unwrap_or(true) {
            doc.slice(CharRange {
                start: start.min(end),
                end: start.max(end),
            })
            .to_string()
        } else {
            text_of(u, 4)
        };
        let tag = ["statement", "agreement", "dispute"][i % 3];
        items.push(json!({ "id": format!("k{}", i % 4), "tag": tag, "start": start, "end": end, "exact": exact }));
    }
    let same = u.arbitrary::<bool>().unwrap_or(true);
    let fingerprint = if same {
        doc.fingerprint().to_string()
    } else {
        "urn:sha256:00".into()
    };
    match kind {
        0 => {
            let text = if same {
                doc.text().to_string()
            } else {
                text_of(u, 20)
            };
            let d = Document::plain("", &text);
            json!({
                "format": "claimmark-exercise", "version": 1, "id": "x", "title": "t",
                "tags": ["statement", "agreement", "dispute"],
                "document": { "title": "t", "fingerprint": d.fingerprint(), "text": text,
                              "headings": [u.int_in_range(0..=10usize).unwrap_or(0), usize::MAX] },
                "key": items
            })
        }
        1 => json!({
            "format": "claimmark-key", "version": 1, "exercise": ex.id, "fingerprint": fingerprint, "key": items
        }),
        _ => json!({
            "format": "claimmark-submission", "version": 1, "exercise": ex.id, "fingerprint": fingerprint,
            "student": text_of(u, 2), "started": "2026-11-28T09:30:00.000Z",
            "submitted": "2026-11-28T09:52:10.000Z", "annotations": items
        }),
    }
}
