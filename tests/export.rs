#![cfg(not(target_arch = "wasm32"))]
//! Exports and imports: golden files, W3C rules, round trips, CSV and JSONL, import errors.

mod common;

use claimmark::model::export::{self, import, Format};
use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Command, Session, Status, Tag, TagSet, Timestamp};
use common::{any_text, find, session_with, spread, ts, validate_w3c, TEXTS};
use expect_test::expect_file;
use proptest::prelude::*;
use serde_json::Value;

fn import_into(doc: &Document, json: &str) -> Result<import::Imported, import::ImportError> {
    let mut n = 0;
    let mut ids = || {
        n += 1;
        format!("urn:uuid:99999999-0000-4000-8000-{n:012}")
    };
    import::import(
        doc,
        json,
        import::Defaults {
            now: ts(999),
            new_id: &mut ids,
            tags: &claimmark::model::TagSet::default(),
            tag: claimmark::model::Tag::STATEMENT,
        },
    )
}

fn golden_session() -> Session {
    let text = "Café owners 👩‍👩‍👧 said prices rose.\n\nThe minister agreed to start consultations on cyber security.\n\nCritics dispute the figures: =SUM(A1).";
    let doc = Document::plain("Golden", text);
    let picks = [
        (
            find(&doc, "Café owners 👩‍👩‍👧 said prices rose"),
            Tag::STATEMENT,
            "",
        ),
        (
            find(&doc, "agreed to start consultations on cyber security"),
            Tag::AGREEMENT,
            "The key claim, \"quoted\", with a comma.",
        ),
        (
            find(&doc, "dispute the figures: =SUM(A1)"),
            Tag::DISPUTE,
            "=cmd|' /C calc'!A0",
        ),
        (
            find(&doc, "minister agreed"),
            Tag::STATEMENT,
            "overlaps the agreement",
        ),
    ];
    let picks: Vec<_> = picks
        .iter()
        .map(|(r, t, n)| (r.start, r.end, *t, *n))
        .collect();
    session_with(text, &picks)
}

#[test]
fn golden_exports() {
    let s = golden_session();
    expect_file!["fixtures/golden/golden.annotations.jsonld"].assert_eq(&export::w3c::export(
        s.doc(),
        s.tags(),
        s.annotations(),
    ));
    // RFC 4180 line ends; the golden file is compared with LF since git may rewrite CRLF.
    let csv = export::csv::export(s.annotations());
    assert!(
        csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n') || csv.contains("\"\n")
    );
    expect_file!["fixtures/golden/golden.annotations.csv"].assert_eq(&csv.replace("\r\n", "\n"));
    expect_file!["fixtures/golden/golden.doccano.jsonl"]
        .assert_eq(&export::jsonl::export(s.doc(), s.annotations()));
}

/// The annotator profile's rules, checked in Rust so a clone without `../shared` still tests them.
fn check_w3c_rules(doc: &Document, json: &str) {
    let v: Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    assert!(import::is_iri(v["id"].as_str().unwrap()));
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, items.len());
    let mut ids = std::collections::HashSet::new();
    for item in items {
        let id = item["id"].as_str().unwrap();
        assert!(
            import::is_iri(id) && ids.insert(id.to_string()),
            "unique IRI id {id}"
        );
        assert_eq!(item["type"], "Annotation");
        assert!(Timestamp::parse(item["created"].as_str().unwrap()).is_some());
        let target = &item["target"];
        assert_eq!(target["source"], doc.fingerprint());
        let quote = &target["selector"][0];
        let pos = &target["selector"][1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(pos["type"], "TextPositionSelector");
        let exact = quote["exact"].as_str().unwrap();
        let (start, end) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert!(!exact.is_empty() && start < end);
        assert_eq!(
            end - start,
            exact.chars().count(),
            "end - start counts code points"
        );
        assert_eq!(doc.slice(CharRange::new(start, end).unwrap()), exact);
        let prefix = quote["prefix"].as_str().unwrap();
        let suffix = quote["suffix"].as_str().unwrap();
        assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
        assert!(doc.text()[..doc.byte_offset(start)].ends_with(prefix));
        assert!(doc.text()[doc.byte_offset(end)..].starts_with(suffix));
        let bodies = item["body"].as_array().unwrap();
        assert_eq!(bodies[0]["purpose"], "tagging");
        assert!(TagSet::default()
            .find(bodies[0]["value"].as_str().unwrap())
            .is_some());
        for b in &bodies[1..] {
            assert_eq!(
                (b["purpose"].as_str(), b["format"].as_str()),
                (Some("commenting"), Some("text/plain"))
            );
        }
    }
}

#[test]
fn exports_follow_the_w3c_rules_on_every_script() {
    for (name, text) in TEXTS {
        let s = spread(text);
        assert!(s.annotations().len() >= 2, "{name} has annotations");
        check_w3c_rules(
            s.doc(),
            &export::w3c::export(s.doc(), s.tags(), s.annotations()),
        );
    }
}

/// Runs the W3C conformance kit when `../shared` is beside the checkout (CI has it).
#[test]
fn exports_pass_the_w3c_validator() {
    let mut sessions: Vec<(String, Session)> = TEXTS
        .iter()
        .map(|(n, t)| (n.to_string(), spread(t)))
        .collect();
    sessions.push(("golden".into(), golden_session()));
    for (name, s) in sessions {
        let json = export::w3c::export(s.doc(), s.tags(), s.annotations());
        if !validate_w3c(&name, s.doc().text(), &json) {
            return;
        }
    }
}

#[test]
fn export_import_export_is_byte_identical() {
    for (name, text) in TEXTS {
        let s = spread(text);
        let first = export::w3c::export(s.doc(), s.tags(), s.annotations());
        let imported = import_into(s.doc(), &first).unwrap();
        assert!(imported.same_text, "{name}: same text");
        assert!(imported
            .annotations
            .iter()
            .all(|a| a.status == Status::Anchored));
        let mut fresh = Session::new(s.doc().clone());
        fresh
            .apply(Command::Import {
                annotations: imported.annotations,
                tags: vec![],
            })
            .unwrap();
        assert_eq!(
            export::w3c::export(fresh.doc(), fresh.tags(), fresh.annotations()),
            first,
            "{name}: round trip"
        );
        assert_eq!(
            fresh.annotations(),
            s.annotations(),
            "{name}: same annotations"
        );
    }
}

#[test]
fn csv_neutralises_formulas_and_quotes_properly() {
    let s = golden_session();
    let csv = export::csv::export(s.annotations());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        export::csv::HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "cell {cell:?} could run as a formula"
            );
        }
    }
    let agreement = rows.iter().find(|r| &r[1] == "agreement").unwrap();
    assert_eq!(&agreement[5], "The key claim, \"quoted\", with a comma.");
    assert_eq!(
        &agreement[4],
        "agreed to start consultations on cyber security"
    );
}

#[test]
fn jsonl_is_doccano_span_format() {
    let s = golden_session();
    let line = export::jsonl::export(s.doc(), s.annotations());
    assert_eq!(line.lines().count(), 1);
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["text"], s.doc().text());
    let labels = v["label"].as_array().unwrap();
    assert_eq!(labels.len(), 4);
    let text: Vec<char> = s.doc().text().chars().collect();
    for l in labels {
        let (a, b) = (
            l[0].as_u64().unwrap() as usize,
            l[1].as_u64().unwrap() as usize,
        );
        let span: String = text[a..b].iter().collect();
        assert!(s
            .annotations()
            .iter()
            .any(|x| x.quote.exact == span && x.tag.id() == l[2]));
    }
}

#[test]
fn file_names_carry_title_and_date() {
    let doc = Document::plain("", include_str!("../assets/geneva-summit.txt"));
    assert_eq!(
        export::file_name(&doc, "2026-11-28", Format::W3c),
        "i-agreed-with-biden-to-return-the-ambassadors-2026-11-28.annotations.jsonld"
    );
    assert_eq!(export::slug("قمة جنيف: بوتين"), "قمة-جنيف-بوتين");
    assert_eq!(export::slug("!!!"), "article");
}

/// Import errors, each with the message a person sees.
#[test]
fn import_errors_say_what_is_wrong() {
    let s = golden_session();
    let good: Value =
        serde_json::from_str(&export::w3c::export(s.doc(), s.tags(), s.annotations())).unwrap();
    let item = |f: &dyn Fn(&mut Value)| {
        let items = good["first"]["items"].as_array().unwrap();
        let mut v = items
            .iter()
            .find(|i| i["id"] == "urn:uuid:00000000-0000-4000-8000-000000000002")
            .unwrap()
            .clone();
        f(&mut v);
        serde_json::to_string(&vec![v]).unwrap()
    };
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "The file is empty."),
        ("{\"a\": [1, 2,}".into(), "The file is not valid JSON: expected value (line 1, column 13)."),
        ("42".into(), "The file is JSON but not annotations: expected an object or an array, found a single value"),
        ("{\"type\": \"Thing\"}".into(), "The file is JSON but not annotations: expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them"),
        (item(&|v| v["target"]["selector"][0]["exact"] = "".into()), "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its quote (TextQuoteSelector exact) is empty"),
        (item(&|v| v["target"]["selector"][1]["start"] = "5".into()), "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its position's start is text, not a number"),
        (item(&|v| v["target"]["selector"][1]["end"] = 3.into()), "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its position starts at 50, after its end 3"),
        (item(&|v| v["created"] = "yesterday".into()), "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its created time \"yesterday\" is not an ISO 8601 date and time"),
        (item(&|v| v["id"] = "   ".into()), "Annotation 1 (   ): its id is empty"),
        (item(&|v| { v["target"]["selector"][1]["start"] = 5000.into(); v["target"]["selector"][1]["end"] = 5047.into(); }),
            "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its position 5000–5047 lies beyond the end of this text (138 characters), though the file says it was made on this text"),
        (format!("[{0}, {0}]", serde_json::to_string(&good["first"]["items"][0]).unwrap()), "Annotation 2 (urn:uuid:00000000-0000-4000-8000-000000000001): this id is used twice in the file"),
        ("[".repeat(100_000), "The file is not valid JSON: EOF while parsing a list (line 1, column 100000)."),
        // Annotations are parsed one by one after the file's top level: their errors still say
        // where they are in the file.
        (format!("[{}{}]", "[".repeat(1_000), "]".repeat(1_000)), "The file is not valid JSON: recursion limit exceeded (line 1, column 129)."),
        ("[\n  {\"id\": \"urn:a\",\n   \"bodyValue\": \"\\ud800\"}]".into(), "The file is not valid JSON: a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character (line 3, column 24)."),
        ("\u{feff}[\n  {\"id\": \"urn:a\",\n   \"bodyValue\": \"\\ud800\"}]".into(), "The file is not valid JSON: a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character (line 3, column 24)."),
        (format!("{{\"type\": \"AnnotationCollection\", \"first\": {{\"items\": [{}{}]}}}}", "[".repeat(1_000), "]".repeat(1_000)), "The file is not valid JSON: recursion limit exceeded (line 1, column 181)."),
        // The collection's extras are checked as JSON too, and their errors say no place inside them.
        ("{\"type\": \"AnnotationCollection\",\n \"article\": {\"title\": \"\\ud800\"}, \"first\": {\"items\": []}}".into(), "The file is not valid JSON: a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character (line 2, column 30)."),
        ("{\"type\": \"AnnotationCollection\", \"tagSet\": [{\"id\": \"x\"}], \"first\": {\"items\": []}}".into(), "The file is JSON but not annotations: its tag set cannot be read: missing field `label`"),
    ];
    for (json, want) in cases {
        let got = import_into(s.doc(), &json)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert_eq!(got, want, "importing {:.80}", json);
    }
    // Annotations of another article: none fits, so nothing is imported.
    let other = Document::plain("Other", "A different article altogether, with other words.");
    let err = import_into(
        &other,
        &export::w3c::export(s.doc(), s.tags(), s.annotations()),
    )
    .unwrap_err();
    assert_eq!(err, import::ImportError::OtherArticle(4));
}

#[test]
fn import_on_a_changed_text_relocates_or_orphans_never_drops() {
    let s = golden_session();
    let json = export::w3c::export(s.doc(), s.tags(), s.annotations());
    let changed = s
        .doc()
        .text()
        .replace("Café owners", "Some café owners")
        .replace("Critics dispute the figures: =SUM(A1).", "Nobody objected.");
    let doc = Document::plain("Golden v2", &changed);
    let imported = import_into(&doc, &json).unwrap();
    assert_eq!(imported.annotations.len(), 4);
    let by_tag = |t: Tag| {
        imported
            .annotations
            .iter()
            .filter(|a| a.tag == t)
            .map(|a| a.status.key())
            .collect::<Vec<_>>()
    };
    assert_eq!(by_tag(Tag::AGREEMENT), ["relocated"]);
    assert_eq!(by_tag(Tag::DISPUTE), ["orphaned"]);
    let orphan = imported
        .annotations
        .iter()
        .find(|a| a.tag == Tag::DISPUTE)
        .unwrap();
    assert_eq!(orphan.quote.exact, "dispute the figures: =SUM(A1)");
    assert_eq!(orphan.note, "=cmd|' /C calc'!A0");
    for a in imported.annotations.iter().filter(|a| !a.is_orphaned()) {
        assert_eq!(doc.slice(a.range), a.quote.exact);
    }
}

#[test]
fn imports_hypothesis_api_json_by_quote() {
    let doc = Document::plain("t", "👍🏽 Officials said the deal holds. Critics disagree.");
    // Hypothesis counts UTF-16: "Critics" starts at 34 code points but 36 UTF-16 units.
    let json = r#"{"total": 1, "rows": [{
        "id": "AbC123xyz", "uri": "https://example.org/a", "user": "acct:teacher@hypothes.is",
        "created": "2026-01-02T03:04:05.678+00:00", "updated": "2026-01-02T03:04:05.678+00:00",
        "text": "is it?", "tags": ["politics", "Dispute", "todo"],
        "target": [{"source": "https://example.org/a", "selector": [
            {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0, "endContainer": "/p[1]", "endOffset": 5},
            {"type": "TextPositionSelector", "start": 36, "end": 52},
            {"type": "TextQuoteSelector", "exact": "Critics disagree", "prefix": "holds. ", "suffix": "."}]}]}]}"#;
    let imported = import_into(&doc, json).unwrap();
    let a = &imported.annotations[0];
    assert_eq!((a.tag, a.range.start, a.range.end), (Tag::DISPUTE, 34, 50));
    assert_eq!(a.id, "https://hypothes.is/a/AbC123xyz");
    assert_eq!(
        a.note, "is it?\n\nHypothesis tags: politics, todo",
        "no tag is dropped"
    );
    assert_eq!(a.creator.as_deref(), Some("teacher"));
    assert_eq!(doc.slice(a.range), "Critics disagree");
}

#[test]
fn imports_the_kits_valid_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/w3c/fixtures");
    if !dir.exists() {
        println!("skipped: ../shared/w3c/fixtures not beside the checkout");
        return;
    }
    let article = std::fs::read_to_string(dir.join("article.txt")).unwrap();
    let doc = Document::plain("Coffee", &article);
    for name in ["collection.json", "page.json", "array.json", "single.json"] {
        let json = std::fs::read_to_string(dir.join("valid").join(name)).unwrap();
        let imported = import_into(&doc, &json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !imported.annotations.is_empty()
                && imported.annotations.iter().all(|a| !a.is_orphaned()),
            "{name}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn random_unicode_round_trips(text in any_text(), cuts in proptest::collection::vec((0usize..300, 0usize..300, 0u8..3), 1..8)) {
        let doc = Document::plain("t", &text);
        let n = doc.char_len();
        let mut s = Session::new(doc);
        for (i, (a, b, t)) in cuts.into_iter().enumerate() {
            let Some(r) = s.doc().snap(CharRange::new(a.min(b).min(n), a.max(b).min(n)).unwrap()) else { continue };
            let id = format!("urn:uuid:00000000-0000-4000-8000-{i:012}");
            s.apply(Command::Create { id, tag: [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE][t as usize], range: r, now: ts(i as u32), creator: None }).unwrap();
        }
        let first = export::w3c::export(s.doc(), s.tags(), s.annotations());
        for a in s.annotations() {
            prop_assert_eq!(s.doc().slice(a.range), a.quote.exact.as_str());
        }
        let imported = import_into(s.doc(), &first);
        if s.annotations().is_empty() {
            prop_assert!(imported.is_ok());
            return Ok(());
        }
        let imported = imported.unwrap();
        let mut fresh = Session::new(s.doc().clone());
        fresh.apply(Command::Import { annotations: imported.annotations, tags: vec![] }).unwrap();
        prop_assert_eq!(export::w3c::export(fresh.doc(), fresh.tags(), fresh.annotations()), first);
    }
}

#[test]
fn a_second_tag_is_kept_in_the_note() {
    let doc = Document::plain("t", "Officials said the deal holds.");
    let json = r#"[{"id": "urn:a", "type": "Annotation",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "dispute"},
                 {"type": "TextualBody", "purpose": "commenting", "value": "Check this."},
                 {"type": "TextualBody", "purpose": "tagging", "value": "needs-context"}],
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "the deal holds"}}}]"#;
    let imported = import_into(&doc, json).unwrap();
    let a = &imported.annotations[0];
    assert_eq!(a.tag, Tag::DISPUTE);
    assert_eq!(a.note, "Check this.\n\nAlso tagged: needs-context");
    assert!(
        imported.new_tags.is_empty(),
        "only an annotation's own tag joins the set"
    );
}

/// A file @recogito/text-annotator 4.1.1 wrote itself from mouse selections
/// (`tests/fixtures/recogito/`): bare UUID ids, target arrays, positions that skip the
/// paragraph breaks, one tag the default set lacks.
#[test]
fn imports_what_recogito_writes() {
    let doc = Document::plain("Geneva", include_str!("../assets/geneva-summit.txt"));
    for name in ["geneva-4.1.1.w3c.json", "geneva-4.1.1.context.w3c.json"] {
        let json = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/recogito")
                .join(name),
        )
        .unwrap();
        let file: Value = serde_json::from_str(&json).unwrap();
        let imported = import_into(&doc, &json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.annotations.len(), 6, "{name}");
        assert_eq!(
            imported.rewritten_ids, 6,
            "{name}: every bare UUID is rewritten"
        );
        assert_eq!(
            imported.new_tags,
            [Tag::new("needs-context").unwrap()],
            "{name}"
        );
        assert_eq!(imported.defaulted_tags, 0, "{name}");
        for (a, item) in imported.annotations.iter().zip(file.as_array().unwrap()) {
            let uuid = item["id"].as_str().unwrap();
            assert_eq!(a.id, format!("urn:uuid:{uuid}"), "{name}");
            assert_eq!(
                a.tag.id(),
                item["body"][0]["value"].as_str().unwrap(),
                "{name}: never retagged"
            );
            assert!(!a.is_orphaned(), "{name}: {} placed", a.id);
            // Recogito drops the paragraph break from a quote that spans one; the quote it
            // wrote is the text with the breaks taken out.
            let exact = item["target"][0]["selector"][0]["exact"].as_str().unwrap();
            assert_eq!(
                doc.slice(a.range).replace("\n\n", ""),
                exact,
                "{name}: {}",
                a.id
            );
        }
        // Into a session: the set gains the new tag, and the export is valid W3C.
        let mut s = Session::new(doc.clone());
        s.apply(Command::Import {
            annotations: imported.annotations,
            tags: imported.tag_defs,
        })
        .unwrap();
        assert_eq!(s.tags().len(), 4);
        let out = export::w3c::export(s.doc(), s.tags(), s.annotations());
        validate_w3c(&format!("recogito-{name}"), s.doc().text(), &out);
    }
}

#[test]
fn an_import_past_twenty_tags_is_refused_naming_them() {
    let s = golden_session();
    let mut v: Value =
        serde_json::from_str(&export::w3c::export(s.doc(), s.tags(), s.annotations())).unwrap();
    let items = v["first"]["items"].as_array_mut().unwrap();
    let template = items[0].clone();
    items.clear();
    for i in 0..18 {
        let mut item = template.clone();
        item["id"] = format!("urn:x:{i}").into();
        item["body"] = serde_json::json!([{"type": "TextualBody", "purpose": "tagging", "value": format!("Topic {i}")}]);
        items.push(item);
    }
    v["total"] = 18.into();
    let err = import_into(s.doc(), &v.to_string()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The file uses 18 tags this set lacks (“Topic 0”, “Topic 1”, “Topic 2”, “Topic 3”, “Topic 4”, “Topic 5”, “Topic 6”, “Topic 7” and 10 more); with them the set would have more than 20 tags. Delete tags you do not need, or edit the file, then import again."
    );
    // Seventeen fit (3 + 17 = 20).
    v["first"]["items"].as_array_mut().unwrap().pop();
    v["total"] = 17.into();
    let ok = import_into(s.doc(), &v.to_string()).unwrap();
    assert_eq!(ok.new_tags.len(), 17);
    assert_eq!(
        ok.new_tags[0].id(),
        "Topic 0",
        "an imported tag's id is the value, as written"
    );
}

/// An import read in steps (as the app does between frames) gives what one call gives,
/// annotations, counts and errors alike, however the steps are cut.
#[test]
fn an_import_in_steps_equals_one_import() {
    let s = golden_session();
    let good = export::w3c::export(s.doc(), s.tags(), s.annotations());
    let v: Value = serde_json::from_str(&good).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    let mut bad = items.clone();
    bad[2]["created"] = "yesterday".into();
    let mut no_ids = items.clone();
    for i in &mut no_ids {
        i.as_object_mut().unwrap().remove("id");
    }
    let files = [
        good.clone(),
        serde_json::to_string(&items).unwrap(),
        serde_json::to_string(&bad).unwrap(),
        serde_json::to_string(&no_ids).unwrap(),
        serde_json::to_string(&items[1]).unwrap(),
    ];
    let other = Document::plain("Other", "A different article altogether, with other words.");
    for doc in [s.doc(), &other] {
        for json in &files {
            let whole = import_into(doc, json);
            for step in [1, 2, 3, usize::MAX] {
                let mut n = 0;
                let mut ids = || {
                    n += 1;
                    format!("urn:uuid:99999999-0000-4000-8000-{n:012}")
                };
                let stepped =
                    import::Reader::new(json, ts(999), &TagSet::default(), Tag::STATEMENT)
                        .and_then(|mut r| {
                            let mut steps = 0;
                            while !r.read(doc, step, &mut ids)? {
                                steps += 1;
                                assert_eq!(r.progress().0, steps * step);
                            }
                            r.finish()
                        });
                assert_eq!(
                    stepped,
                    whole,
                    "{} in steps of {step}: {json:.60}",
                    doc.title()
                );
            }
        }
    }
}
