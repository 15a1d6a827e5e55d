#![cfg(not(target_arch = "wasm32"))]
//! Hostile input for the model: imports that are empty, not JSON, nested 100,000 deep, too
//! large, of the wrong types, with lone surrogates or positions past the text; pages nested
//! 100,000 deep; and property tests that no JSON value makes the importer panic. The same inputs
//! go through the browser in `tests/e2e/hostile.test.mjs`; findings of the fuzzers (`fuzz/`)
//! are kept here as regression tests.

mod common;

use claimmark::model::classroom::exercise;
use claimmark::model::export::import::{self, ImportError, MAX_IMPORT_ANNOTATIONS};
use claimmark::model::export::w3c;
use claimmark::model::extract::{self, Element, Node};
use claimmark::model::text::Document;
use claimmark::model::{Command, Session, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

fn sample() -> Document {
    Document::plain("Sample", include_str!("../assets/geneva-summit.txt"))
}

fn run(doc: &Document, json: &str) -> Result<import::Imported, ImportError> {
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        format!("urn:test:{n}")
    };
    import::import(
        doc,
        json,
        import::Defaults {
            now: Timestamp::parse("2026-01-01T00:00:00Z").unwrap(),
            new_id: &mut new_id,
            tags: &claimmark::model::TagSet::default(),
            tag: claimmark::model::Tag::STATEMENT,
        },
    )
}

fn error(json: &str) -> String {
    run(&sample(), json).expect_err("refused").to_string()
}

/// One W3C annotation on the sample article with this quote and position.
fn item(id: &str, exact: &str, start: Value, end: Value) -> Value {
    json!({
        "id": id, "type": "Annotation",
        "target": { "source": "https://example.org/a", "selector": [
            { "type": "TextQuoteSelector", "exact": exact },
            { "type": "TextPositionSelector", "start": start, "end": end }
        ]}
    })
}

const SURROGATE: &str = "The file is not valid JSON: a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character";

#[test]
fn refused_imports_say_why() {
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "The file is empty."),
        ("  \n\t ".into(), "The file is empty."),
        ("hello".into(), "The file is not valid JSON: expected value (line 1, column 1)."),
        ("{\"items\": [".into(), "The file is not valid JSON: EOF while parsing a list"),
        ("NaN".into(), "The file is not valid JSON: expected value"),
        (r#"[{"id": "urn:a", "n": NaN}]"#.into(), "The file is not valid JSON: expected value"),
        ("[1e999]".into(), "The file is not valid JSON: number out of range"),
        (r#"["\ud800"]"#.into(), SURROGATE),
        (r#"["\ud800\u0041"]"#.into(), SURROGATE),
        (r#"["\udc00 x"]"#.into(), SURROGATE),
        (r#"["\u12"]"#.into(), "The file is not valid JSON: invalid escape (line 1, column 8)."),
        ("42".into(), "The file is JSON but not annotations: expected an object or an array"),
        ("{}".into(), "The file is JSON but not annotations: expected an AnnotationCollection"),
        (r#"{"type": "AnnotationCollection", "first": "https://x/p1"}"#.into(), "The file is JSON but not annotations: the collection's first page is a link"),
        ("[1, 2]".into(), "Annotation 1 (no id): it is not a JSON object"),
        (json!([{"id": 7, "type": "Annotation"}]).to_string(), "Annotation 1 (7): it has no target"),
        (json!([{"id": true, "type": "Annotation"}]).to_string(), "Annotation 1 (no id): its id is true or false, not text"),
        (json!([{"id": "urn:a", "type": "Annotation", "target": 5}]).to_string(), "Annotation 1 (urn:a): it has no target"),
        (json!([{"id": "urn:a", "type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": ["x"]}}}]).to_string(), "Annotation 1 (urn:a): its quote's exact is a list, not text"),
        (json!([item("urn:a", "Biden", json!("0"), json!(5))]).to_string(), "Annotation 1 (urn:a): its position's start is text, not a number"),
        (json!([item("urn:a", "Biden", json!(-1), json!(4))]).to_string(), "Annotation 1 (urn:a): its position's start is -1, not a whole number"),
        (json!([item("urn:a", "Biden", json!(1.5), json!(6.5))]).to_string(), "Annotation 1 (urn:a): its position's start is 1.5, not a whole number"),
        (json!([item("urn:a", "Biden", json!(9), json!(4))]).to_string(), "Annotation 1 (urn:a): its position starts at 9, after its end 4"),
        (json!([item("urn:a", "Biden", json!(0), json!(5)), item("urn:a", "Putin", json!(0), json!(5))]).to_string(), "Annotation 2 (urn:a): this id is used twice in the file"),
        (json!([{"id": "urn:a", "type": "Annotation", "created": 12, "target": {"selector": {"type": "TextQuoteSelector", "exact": "Biden"}}}]).to_string(), "Annotation 1 (urn:a): its created time is a number, not text"),
        (json!([item("urn:a", "a quote from another article entirely", json!(0), json!(37))]).to_string(), "None of the 1 annotations fit this article"),
    ];
    let wrong: Vec<String> = cases
        .into_iter()
        .map(|(json, expected)| (json.clone(), error(&json), expected))
        .filter(|(_, message, expected)| !message.starts_with(expected))
        .map(|(json, message, expected)| format!("{json}\n  gave: {message}\n  want: {expected}…"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn positions_past_the_text_are_refused_when_the_file_claims_this_text() {
    let doc = sample();
    let len = doc.char_len();
    let mut a = item("urn:a", "Biden", json!(len + 10), json!(len + 15));
    a["target"]["source"] = json!(doc.fingerprint());
    let message = run(&doc, &json!([a]).to_string()).unwrap_err().to_string();
    assert!(
        message.contains("lies beyond the end of this text"),
        "{message}"
    );
    // From another text, the position is only a hint: the quote is found where it is.
    let b = item("urn:b", "Biden", json!(usize::MAX - 5), json!(usize::MAX));
    let imported = run(&doc, &json!([b]).to_string()).unwrap();
    let placed = &imported.annotations[0];
    assert_eq!(doc.slice(placed.range), "Biden");
}

#[test]
fn html_in_quotes_and_notes_is_kept_as_text() {
    let doc = Document::plain(
        "x",
        "Before <img src=x onerror=\"window.__pwned=1\"> after.",
    );
    let quote = "<img src=x onerror=\"window.__pwned=1\">";
    let file = json!([{
        "id": "urn:a", "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "<script>window.__pwned = 1</script>"}],
        "target": {"selector": {"type": "TextQuoteSelector", "exact": quote}}
    }]);
    let imported = run(&doc, &file.to_string()).unwrap();
    assert_eq!(imported.annotations[0].quote.exact, quote);
    assert_eq!(
        imported.annotations[0].note,
        "<script>window.__pwned = 1</script>"
    );
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let depth = 100_000;
    // An import reads only the top level and the annotations: a deep array item is parsed and
    // refused; a deep member of an object that is not annotations is gone through (without
    // recursion), never built.
    for (open, close, import_says) in [
        ("[", "]", "recursion limit exceeded"),
        ("{\"a\":", "}", "The file is JSON but not annotations"),
    ] {
        let json = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        let message = error(&json);
        assert!(message.contains(import_says), "{message}");
        let message = exercise::parse_exercise(&json).unwrap_err().to_string();
        assert!(message.contains("recursion limit exceeded"), "{message}");
    }
}

#[test]
fn limits() {
    let big = format!("[\"{}\"]", "x".repeat(import::MAX_IMPORT_BYTES));
    assert_eq!(
        error(&big),
        "The file is 20 MB; the largest import is 20 MB."
    );
    let many = format!("[{}{{}}]", "{},".repeat(MAX_IMPORT_ANNOTATIONS));
    assert_eq!(
        error(&many),
        "The file holds 50001 annotations; at most 50000 can be imported at once."
    );
}

#[test]
fn a_page_nested_100000_deep_is_extracted_without_recursion() {
    let mut node = Node::Text("A paragraph deep inside, long enough to count, with commas.".into());
    for i in 0..100_000 {
        let tag = if i % 2 == 0 { "div" } else { "span" };
        node = Node::Element(Element::new(tag, &[], vec![node]));
    }
    let page = Node::Element(Element::new(
        "html",
        &[],
        vec![
            Node::Element(Element::new(
                "p",
                &[],
                vec![Node::Text("Shallow text stays.".into())],
            )),
            node,
        ],
    ));
    let out = extract::extract(&page);
    assert_eq!(
        out.blocks.len(),
        1,
        "only the shallow paragraph: {:?}",
        out.blocks
    );
    assert_eq!(out.blocks[0].1, "Shallow text stays.");
}

#[test]
fn fuzz_finding_hypothesis_ids_that_are_not_iris_export_and_import_again() {
    // Found by `fuzz/` (import target): a Hypothesis id with a space became
    // "https://hypothes.is/a/not an iri", which the export wrote and the import then refused.
    let doc = sample();
    let file = json!([{
        "id": "not an iri <%>", "uri": "https://example.org/a", "tags": ["dispute"],
        "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "Biden"}]}]
    }]);
    let imported = run(&doc, &file.to_string()).unwrap();
    assert_eq!(
        imported.annotations[0].id,
        "https://hypothes.is/a/not%20an%20iri%20%3C%25%3E"
    );
    let mut session = Session::new(doc.clone());
    session
        .apply(Command::Import {
            annotations: imported.annotations,
            tags: vec![],
        })
        .unwrap();
    let exported = w3c::export(session.doc(), session.tags(), session.annotations());
    let again = run(&doc, &exported).expect("our own export imports");
    assert_eq!(again.annotations.len(), 1);
}

/// Any JSON value, up to a few levels deep, with keys the importer looks for.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id"),
        Just("type"),
        Just("target"),
        Just("selector"),
        Just("exact"),
        Just("prefix"),
        Just("suffix"),
        Just("start"),
        Just("end"),
        Just("body"),
        Just("value"),
        Just("purpose"),
        Just("items"),
        Just("first"),
        Just("rows"),
        Just("uri"),
        Just("tags"),
        Just("created"),
        Just("creator"),
        Just("source"),
        Just("bodyValue"),
        Just("x"),
    ]
    .prop_map(str::to_string);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        (0u64..400).prop_map(|n| json!(n)),
        prop_oneof![
            Just("Annotation"),
            Just("AnnotationPage"),
            Just("AnnotationCollection"),
            Just("TextQuoteSelector"),
            Just("TextPositionSelector"),
            Just("tagging"),
            Just("dispute"),
            Just("Biden"),
            Just("urn:x:1"),
            Just("2026-11-28T09:00:00Z"),
            Just(""),
            Just("\u{0}\u{feff}👍🏽e\u{301}"),
        ]
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No JSON value makes the importer panic; what it accepts agrees with the text.
    #[test]
    fn import_never_panics_on_any_json(value in any_json()) {
        let doc = sample();
        if let Ok(imported) = run(&doc, &value.to_string()) {
            for a in imported.annotations.iter().filter(|a| !a.is_orphaned()) {
                prop_assert_eq!(doc.slice(a.range), a.quote.exact.as_str());
            }
        }
    }

    /// The same, with arbitrary values put where an annotation's fields go.
    #[test]
    fn import_never_panics_on_annotation_shaped_json(
        id in any_json(), exact in any_json(), start in any_json(), end in any_json(),
        body in any_json(), created in any_json(), wrap in 0u8..3,
    ) {
        let doc = sample();
        let a = json!({
            "id": id, "type": "Annotation", "body": body, "created": created,
            "target": { "source": doc.fingerprint(), "selector": [
                { "type": "TextQuoteSelector", "exact": exact },
                { "type": "TextPositionSelector", "start": start, "end": end }
            ]}
        });
        let file = match wrap {
            0 => json!([a]),
            1 => json!({"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [a]}}),
            _ => a,
        };
        let _ = run(&doc, &file.to_string());
    }

    /// Raw bytes, read as text the way the browser hands them over.
    #[test]
    fn import_never_panics_on_any_text(text in ".{0,200}") {
        let _ = run(&sample(), &text);
    }
}

/// Fuzz finding (`anchor` target), fixed: snapping widened a range to graphemes and then
/// trimmed whitespace, so a grapheme that holds whitespace (a space with a combining mark or
/// joiner after it; a prepended mark before a space) was cut.
#[test]
fn fuzz_finding_snap_cuts_graphemes_that_hold_whitespace() {
    use claimmark::model::anchor;
    use claimmark::model::text::CharRange;
    use claimmark::model::Quote;
    let mut wrong = Vec::new();
    // " \u{200d}" is one grapheme (3..5); the snapped range starts inside it.
    let doc = Document::plain("", "cat \u{200d}Hello world");
    let snapped = doc.snap(CharRange { start: 3, end: 10 }).unwrap().range();
    if !doc.is_grapheme_aligned(snapped) {
        wrong.push(format!("snap gave {snapped:?}"));
    }
    // "\u{70f} " (a Syriac prepended mark and a space) is one grapheme; the anchoring engine
    // places the quote ending inside it.
    let doc = Document::plain("", "𝒳𝒳  sat👍🏽👍🏽👍🏽👍🏽👍🏽\u{70f} بالعالم");
    let quote = Quote {
        exact: "👍🏽👍🏽👍🏽👍🏽👍🏽\u{70f}".into(),
        prefix: "𝒳𝒳  sat".into(),
        suffix: " بالعالم".into(),
    };
    if let Some(p) = anchor::anchor(&doc, &quote, None) {
        if !doc.is_grapheme_aligned(p.range) {
            wrong.push(format!("anchor gave {p:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("; "));
}
