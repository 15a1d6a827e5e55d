#![cfg(not(target_arch = "wasm32"))]
//! Exports and imports: golden files, W3C rules, round trips, CSV and JSONL, import errors.

mod common;

use claimmark::model::export::{self, import, Format};
use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Command, Session, Status, Tag, Timestamp};
use common::{any_text, find, session_with, spread, ts, TEXTS};
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
        },
    )
}

fn golden_session() -> Session {
    let text = "Café owners 👩‍👩‍👧 said prices rose.\n\nThe minister agreed to start consultations on cyber security.\n\nCritics dispute the figures: =SUM(A1).";
    let doc = Document::plain("Golden", text);
    let picks = [
        (
            find(&doc, "Café owners 👩‍👩‍👧 said prices rose"),
            Tag::Statement,
            "",
        ),
        (
            find(&doc, "agreed to start consultations on cyber security"),
            Tag::Agreement,
            "The key claim, \"quoted\", with a comma.",
        ),
        (
            find(&doc, "dispute the figures: =SUM(A1)"),
            Tag::Dispute,
            "=cmd|' /C calc'!A0",
        ),
        (
            find(&doc, "minister agreed"),
            Tag::Statement,
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
    expect_file!["fixtures/golden/golden.annotations.jsonld"]
        .assert_eq(&export::w3c::export(s.doc(), s.annotations()));
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
        assert!(Tag::from_key(bodies[0]["value"].as_str().unwrap()).is_some());
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
        check_w3c_rules(s.doc(), &export::w3c::export(s.doc(), s.annotations()));
    }
}

/// Runs the W3C conformance kit when `../shared` is beside the checkout (CI has it).
#[test]
fn exports_pass_the_w3c_validator() {
    let kit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/w3c/validate.py");
    if !kit.exists() {
        println!(
            "skipped: W3C validator not found at {} (it is beside the checkout in CI)",
            kit.display()
        );
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("w3c-exports");
    std::fs::create_dir_all(&dir).unwrap();
    let mut sessions: Vec<(String, Session)> = TEXTS
        .iter()
        .map(|(n, t)| (n.to_string(), spread(t)))
        .collect();
    sessions.push(("golden".into(), golden_session()));
    for (name, s) in sessions {
        let article = dir.join(format!("{name}.txt"));
        let exported = dir.join(format!("{name}.jsonld"));
        std::fs::write(&article, s.doc().text()).unwrap();
        std::fs::write(&exported, export::w3c::export(s.doc(), s.annotations())).unwrap();
        let out = std::process::Command::new("python3")
            .arg(&kit)
            .args(["--profile", "annotator", "--source-text"])
            .arg(&article)
            .arg(&exported)
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout.lines().last().unwrap_or("");
        println!("validator on {name}: {last}");
        assert!(
            out.status.success() && last.ends_with(" 0 invalid"),
            "validator failed on {name}:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !stdout.contains("warn"),
            "validator warned on {name}:\n{stdout}"
        );
    }
}

#[test]
fn export_import_export_is_byte_identical() {
    for (name, text) in TEXTS {
        let s = spread(text);
        let first = export::w3c::export(s.doc(), s.annotations());
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
            })
            .unwrap();
        assert_eq!(
            export::w3c::export(fresh.doc(), fresh.annotations()),
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
            .any(|x| x.quote.exact == span && x.tag.key() == l[2]));
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
    let good: Value = serde_json::from_str(&export::w3c::export(s.doc(), s.annotations())).unwrap();
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
        (item(&|v| v["id"] = "not an iri".into()), "Annotation 1 (not an iri): its id \"not an iri\" is not an IRI"),
        (item(&|v| { v["target"]["selector"][1]["start"] = 5000.into(); v["target"]["selector"][1]["end"] = 5047.into(); }),
            "Annotation 1 (urn:uuid:00000000-0000-4000-8000-000000000002): its position 5000–5047 lies beyond the end of this text (138 characters), though the file says it was made on this text"),
        (format!("[{0}, {0}]", serde_json::to_string(&good["first"]["items"][0]).unwrap()), "Annotation 2 (urn:uuid:00000000-0000-4000-8000-000000000001): this id is used twice in the file"),
        ("[".repeat(100_000), "The file is not valid JSON: recursion limit exceeded (line 1, column 128)."),
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
    let err = import_into(&other, &export::w3c::export(s.doc(), s.annotations())).unwrap_err();
    assert_eq!(err, import::ImportError::OtherArticle(4));
}

#[test]
fn import_on_a_changed_text_relocates_or_orphans_never_drops() {
    let s = golden_session();
    let json = export::w3c::export(s.doc(), s.annotations());
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
    assert_eq!(by_tag(Tag::Agreement), ["relocated"]);
    assert_eq!(by_tag(Tag::Dispute), ["orphaned"]);
    let orphan = imported
        .annotations
        .iter()
        .find(|a| a.tag == Tag::Dispute)
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
        "text": "is it?", "tags": ["dispute"],
        "target": [{"source": "https://example.org/a", "selector": [
            {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0, "endContainer": "/p[1]", "endOffset": 5},
            {"type": "TextPositionSelector", "start": 36, "end": 52},
            {"type": "TextQuoteSelector", "exact": "Critics disagree", "prefix": "holds. ", "suffix": "."}]}]}]}"#;
    let imported = import_into(&doc, json).unwrap();
    let a = &imported.annotations[0];
    assert_eq!((a.tag, a.range.start, a.range.end), (Tag::Dispute, 34, 50));
    assert_eq!(a.id, "https://hypothes.is/a/AbC123xyz");
    assert_eq!(a.note, "is it?");
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
            s.apply(Command::Create { id, tag: Tag::ALL[t as usize], range: r, now: ts(i as u32), creator: None }).unwrap();
        }
        let first = export::w3c::export(s.doc(), s.annotations());
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
        fresh.apply(Command::Import { annotations: imported.annotations }).unwrap();
        prop_assert_eq!(export::w3c::export(fresh.doc(), fresh.annotations()), first);
    }
}
