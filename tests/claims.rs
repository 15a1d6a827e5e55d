//! Claimants, links, verdicts and the article's details: the commands, the W3C round trip and the
//! ClaimReview export, on the sample article, against golden files.

mod common;

use claimmark::model::claims::{claimant_candidates, link_candidates, Score};
use claimmark::model::export::{self, claimreview, import};
use claimmark::model::{ArticleMeta, Command, Document, RatingScale, Review, Session, Tag};
use common::{find, ts, validate_w3c};
use expect_test::expect_file;

const SAMPLE: &str = include_str!("../assets/geneva-summit.txt");
const CLAIM: &str = "The conversation was very constructive";
const DISPUTE: &str =
    "the Russian president acknowledged the existence of differences with Washington";
const OTHER: &str = "Ukraine’s accession to NATO is not up for discussion";

fn id(n: u32) -> String {
    format!("urn:uuid:00000000-0000-4000-8000-{n:012}")
}

fn create(s: &mut Session, n: u32, quote: &str, tag: Tag) {
    let range = s.doc().snap(find(s.doc(), quote)).unwrap();
    s.apply(Command::Create {
        id: id(n),
        tag,
        range,
        now: ts(n),
        creator: None,
    })
    .unwrap();
}

/// The sample with Putin's statement (claimant, verdict), a dispute answering it, another rated
/// claim, the article's details and a reviewer.
fn claims_session() -> Session {
    let mut s = Session::new(Document::plain(
        "I agreed with Biden to return the ambassadors",
        SAMPLE,
    ));
    create(&mut s, 1, CLAIM, Tag::STATEMENT);
    create(&mut s, 2, DISPUTE, Tag::DISPUTE);
    create(&mut s, 3, OTHER, Tag::STATEMENT);
    let apply = |s: &mut Session, c| s.apply(c).unwrap();
    apply(
        &mut s,
        Command::SetClaimant {
            id: id(1),
            claimant: Some("  Vladimir   Putin ".into()),
            now: ts(10),
        },
    );
    apply(
        &mut s,
        Command::SetVerdict {
            id: id(1),
            verdict: Some("Mostly true".into()),
            now: ts(11),
        },
    );
    apply(
        &mut s,
        Command::SetLinks {
            id: id(2),
            links: vec![id(1)],
            now: ts(12),
        },
    );
    apply(
        &mut s,
        Command::SetClaimant {
            id: id(3),
            claimant: Some("Vladimir Putin".into()),
            now: ts(13),
        },
    );
    apply(
        &mut s,
        Command::SetVerdict {
            id: id(3),
            verdict: Some("Unproven".into()),
            now: ts(14),
        },
    );
    apply(
        &mut s,
        Command::SetMeta {
            meta: ArticleMeta {
                url: "https://news.example/geneva-summit".into(),
                publisher: "Example News".into(),
                author: "A. Reporter".into(),
                published: "2021-06-16".into(),
            },
        },
    );
    apply(
        &mut s,
        Command::SetReview {
            review: Review {
                organisation: "Example Fact Check".into(),
                name: "R. Viewer".into(),
                scale: RatingScale::default(),
            },
        },
    );
    s
}

fn import_into(s: &Session, json: &str) -> import::Imported {
    let mut n = 0;
    let mut ids = || {
        n += 1;
        format!("urn:uuid:99999999-0000-4000-8000-{n:012}")
    };
    import::import(
        s.doc(),
        json,
        import::Defaults {
            now: ts(999),
            new_id: &mut ids,
            tags: s.tags(),
            tag: Tag::STATEMENT,
        },
    )
    .unwrap()
}

fn check_claimreview(name: &str, json: &str) -> bool {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("claimreview");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.jsonld"));
    std::fs::write(&file, json).unwrap();
    let checker = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check_claimreview.py");
    let out = std::process::Command::new("python3")
        .arg(&checker)
        .arg(&file)
        .output();
    let Ok(out) = out else {
        println!("skipped: python3 is not available");
        return false;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named 'jsonschema'") {
        println!("skipped: the jsonschema module is not installed");
        return false;
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("ClaimReview check on {name}: {stdout}");
    assert!(
        out.status.success(),
        "ClaimReview check failed on {name}:\n{stdout}{stderr}"
    );
    true
}

#[test]
fn golden_w3c_with_claims_is_valid_and_round_trips() {
    let s = claims_session();
    let json = export::w3c::export_session(&s);
    expect_file!["fixtures/golden/claims.annotations.jsonld"].assert_eq(&json);
    validate_w3c("claims", s.doc().text(), &json);

    // Into an empty session of the same article: claimant, link, verdict and details come back.
    let imported = import_into(&s, &json);
    assert_eq!(imported.meta.as_ref(), Some(s.meta()));
    assert_eq!(imported.review.as_ref(), Some(s.review()));
    let mut fresh = Session::new(s.doc().clone());
    let mut annotations = imported.annotations;
    assert!(import::drop_missing_links(&mut annotations, |_| false).is_empty());
    fresh
        .apply(Command::Import {
            annotations,
            tags: vec![],
        })
        .unwrap();
    fresh
        .apply(Command::SetMeta {
            meta: imported.meta.unwrap(),
        })
        .unwrap();
    fresh
        .apply(Command::SetReview {
            review: imported.review.unwrap(),
        })
        .unwrap();
    let a = fresh.get(&id(1)).unwrap();
    assert_eq!(a.claim.claimant.as_deref(), Some("Vladimir Putin"));
    assert_eq!(a.claim.verdict.as_deref(), Some("Mostly true"));
    assert_eq!(fresh.get(&id(2)).unwrap().claim.links, vec![id(1)]);
    assert_eq!(
        export::w3c::export_session(&fresh),
        json,
        "export → import → export"
    );
}

#[test]
fn golden_claimreview_is_checked() {
    let s = claims_session();
    let json = claimreview::export(&s, "https://factcheck.example/putin-geneva").unwrap();
    expect_file!["fixtures/golden/claims.claimreview.jsonld"].assert_eq(&json);
    check_claimreview("claims", &json);
    // The same session always gives the same bytes.
    assert_eq!(
        claimreview::export(&s, "https://factcheck.example/putin-geneva").unwrap(),
        json
    );
}

#[test]
fn claimreview_says_what_is_missing() {
    let s = Session::new(Document::plain("T", SAMPLE));
    let err = claimreview::export(&s, " ").unwrap_err();
    expect_test::expect![[r#"No ClaimReview file was written: no claim has a verdict yet; the article's web address is not set; the fact-check's own web address is not set; the fact-checking organisation is not set."#]]
        .assert_eq(&err.to_string());
    let s = claims_session();
    assert_eq!(
        claimreview::export(&s, "").unwrap_err().0,
        vec![claimreview::Missing::FactCheckAddress]
    );
}

#[test]
fn exports_without_claims_do_not_change() {
    let mut s = Session::new(Document::plain("T", SAMPLE));
    create(&mut s, 1, CLAIM, Tag::STATEMENT);
    assert_eq!(
        export::w3c::export_session(&s),
        export::w3c::export(s.doc(), s.tags(), s.annotations())
    );
}

#[test]
fn claim_edits_are_undoable_and_checked() {
    let mut s = claims_session();
    let before = s.clone();
    s.apply(Command::SetVerdict {
        id: id(1),
        verdict: None,
        now: ts(20),
    })
    .unwrap();
    assert_eq!(s.get(&id(1)).unwrap().claim.verdict, None);
    s.apply(Command::Undo).unwrap();
    assert_eq!(s, {
        let mut b = before.clone();
        b.apply(Command::SetVerdict {
            id: id(1),
            verdict: None,
            now: ts(20),
        })
        .unwrap();
        b.apply(Command::Undo).unwrap();
        b
    });
    assert_eq!(
        s.get(&id(1)).unwrap().claim.verdict.as_deref(),
        Some("Mostly true")
    );
    // Not on the scale, itself, unknown ids: refused, nothing changes.
    let same = s.clone();
    assert!(s
        .apply(Command::SetVerdict {
            id: id(1),
            verdict: Some("Pants on fire".into()),
            now: ts(21)
        })
        .is_err());
    assert!(s
        .apply(Command::SetLinks {
            id: id(2),
            links: vec![id(2)],
            now: ts(21)
        })
        .is_err());
    assert!(s
        .apply(Command::SetLinks {
            id: id(2),
            links: vec![id(9)],
            now: ts(21)
        })
        .is_err());
    assert_eq!(s, same);
    // Article details and review settings undo too.
    s.apply(Command::SetMeta {
        meta: ArticleMeta::default(),
    })
    .unwrap();
    assert!(s.meta().is_empty());
    s.apply(Command::Undo).unwrap();
    assert_eq!(s.meta().url, "https://news.example/geneva-summit");
}

#[test]
fn deleting_a_linked_claim_breaks_its_links_until_undone() {
    let mut s = claims_session();
    assert_eq!(s.answers_to(&id(1)).len(), 1);
    s.apply(Command::Delete { id: id(1) }).unwrap();
    let dispute = s.get(&id(2)).unwrap().clone();
    assert_eq!(s.answered_by(&dispute).count(), 0, "the link leads nowhere");
    let json = export::w3c::export_session(&s);
    assert!(
        !json.contains("\"linking\""),
        "no link to a missing annotation is exported"
    );
    s.apply(Command::Undo).unwrap();
    let dispute = s.get(&id(2)).unwrap().clone();
    assert_eq!(s.answered_by(&dispute).count(), 1);
}

#[test]
fn an_imported_link_to_a_missing_annotation_is_left_out_and_reported() {
    let s = claims_session();
    let json = export::w3c::export_session(&s);
    // A file with only the dispute: its link's other end is not in the file nor the article.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v["first"]["items"].as_array_mut().unwrap();
    items.retain(|i| i["id"] == id(2));
    let imported = import_into(&s, &v.to_string());
    let mut annotations = imported.annotations;
    let dropped = import::drop_missing_links(&mut annotations, |_| false);
    assert_eq!(dropped, vec![(id(2), id(1))]);
    assert_eq!(annotations.len(), 1, "the annotation itself is kept");
    assert!(annotations[0].claim.links.is_empty());
    // When the other end is already in the article, the link is kept.
    let imported = import_into(&s, &v.to_string());
    let mut annotations = imported.annotations;
    assert!(import::drop_missing_links(&mut annotations, |i| i == id(1)).is_empty());
}

#[test]
fn saves_keep_claims_and_details() {
    let s = claims_session();
    let saved = serde_json::to_string(&s.to_saved()).unwrap();
    let back = Session::from_saved(serde_json::from_str(&saved).unwrap()).unwrap();
    assert_eq!(back, s);
    let (doc, head, annotations, history) = s.to_saved().into_parts();
    let head: claimmark::model::session::SavedHead =
        serde_json::from_str(&serde_json::to_string(&head).unwrap()).unwrap();
    let back = Session::from_parts(doc, head, annotations, Some(history)).unwrap();
    assert_eq!(back.meta(), s.meta());
    assert_eq!(back.review(), s.review());
}

#[test]
fn rating_scale_maps_best_to_the_highest_value() {
    let scale = RatingScale::default();
    assert_eq!(
        scale.score("True"),
        Some(Score {
            value: 5,
            best: 5,
            worst: 1
        })
    );
    assert_eq!(
        scale.score("False"),
        Some(Score {
            value: 1,
            best: 5,
            worst: 1
        })
    );
    assert_eq!(scale.score("Unproven"), None);
    let lines = scale.to_lines();
    assert_eq!(RatingScale::from_lines(&lines).unwrap(), scale);
    assert!(RatingScale::from_lines(" \n").is_err());
    assert!(RatingScale::from_lines("True\ntrue").is_err());
    let own = RatingScale::from_lines("Correct\nWrong\nSatire (no value)").unwrap();
    assert_eq!(
        own.score("Correct"),
        Some(Score {
            value: 2,
            best: 2,
            worst: 1
        })
    );
    assert_eq!(own.score("Satire"), None);
}

#[test]
fn claimant_candidates_of_the_sample() {
    let names = claimant_candidates(SAMPLE);
    expect_test::expect![[r#"["Putin", "Washington", "Biden"]"#]].assert_eq(&format!("{names:?}"));
}

#[test]
fn hostile_claim_bodies_do_not_break_an_import() {
    let s = claims_session();
    let json = export::w3c::export_session(&s);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let long = "x".repeat(5000);
    let items = v["first"]["items"].as_array_mut().unwrap();
    let body = items[0]["body"].as_array_mut().unwrap();
    body.push(
        serde_json::json!({"type": "SpecificResource", "purpose": "linking", "source": "  "}),
    );
    body.push(serde_json::json!({"type": "SpecificResource", "purpose": "linking", "source": 7}));
    for b in body.iter_mut() {
        if b["purpose"] == "identifying" {
            b["value"] = serde_json::Value::from(long.as_str());
        }
    }
    v["review"] = serde_json::json!({"scale": []});
    v["article"] = serde_json::json!("not an object");
    let imported = import_into(&s, &v.to_string());
    assert_eq!(imported.annotations.len(), 3);
    let first = &imported.annotations[0];
    assert_eq!(first.claim.claimant.as_ref().unwrap().chars().count(), 300);
    assert!(first.claim.links.is_empty());
    assert_eq!(imported.review, None, "an unreadable scale is left out");
    assert_eq!(imported.meta, None);
}

#[test]
fn claims_ride_in_the_annotation_records_and_details_in_the_header() {
    use claimmark::model::sync::delta;
    let base = claims_session();
    let mut other = base.clone();
    other
        .apply(Command::SetClaimant {
            id: id(2),
            claimant: Some("Kremlin critics".into()),
            now: ts(30),
        })
        .unwrap();
    other
        .apply(Command::SetMeta {
            meta: ArticleMeta {
                author: "B. Writer".into(),
                ..base.meta().clone()
            },
        })
        .unwrap();
    let d = delta(Some(&base), &other, &ts(31));
    assert_eq!(
        d.len(),
        1,
        "one annotation record: the claimant rides in it"
    );
    assert!(d.header && !d.tags && !d.text);
    let mut here = base.clone();
    here.merge(&d.records(&other).collect::<Vec<_>>(), None);
    assert!(here.merge_header(other.meta().clone(), other.review().clone()));
    assert_eq!(
        here.get(&id(2)).unwrap().claim.claimant.as_deref(),
        Some("Kremlin critics")
    );
    assert_eq!(here.meta().author, "B. Writer");
    assert_eq!(
        here.get(&id(2)).unwrap().claim.links,
        vec![id(1)],
        "the link is kept"
    );
}

#[test]
fn link_choices_are_the_nearest_claims() {
    let text: Vec<String> = (0..20).map(|i| format!("w{i:02}")).collect();
    let mut s = Session::new(Document::plain("t", &text.join(" ")));
    for (i, w) in text.iter().enumerate() {
        create(&mut s, i as u32 + 1, w, Tag::STATEMENT);
    }
    let mut all: Vec<claimmark::model::Annotation> = s.annotations().iter().cloned().collect();
    let refs: Vec<&claimmark::model::Annotation> = all.iter().collect();
    // (index, limit, expected indices)
    let cases: &[(usize, usize, &[usize])] = &[
        (10, 6, &[7, 8, 9, 11, 12, 13]),
        (10, 5, &[7, 8, 9, 11, 12]),
        (0, 3, &[1, 2, 3]),
        (19, 4, &[15, 16, 17, 18]),
        (
            2,
            100,
            &[
                0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            ],
        ),
    ];
    for (index, limit, want) in cases {
        assert_eq!(
            link_candidates(&refs, *index, *limit),
            want.to_vec(),
            "{index}, {limit}"
        );
    }
    // Orphans are never offered.
    all[9].status = claimmark::model::Status::Orphaned;
    let refs: Vec<&claimmark::model::Annotation> = all.iter().collect();
    assert_eq!(link_candidates(&refs, 10, 4), vec![7, 8, 11, 12]);
}
