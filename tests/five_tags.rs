#![cfg(not(target_arch = "wasm32"))]
//! Adding a tag is a change of data, not code: a class's own five-tag rubric, made in the editor
//! (as `Command::EditTags`), runs through everything the default set does.
//!
//! The text and the four students' marks are the "five tags, four students" case of
//! `fixtures/classroom/agreement-cases.json`; κ and α are checked against the values scikit-learn,
//! statsmodels and `krippendorff` computed for that case (`agreement-reference.json`).

mod common;

use claimmark::model::classroom::export::grades_csv;
use claimmark::model::classroom::{
    class_report, parse_exercise, parse_submission, Exercise, KeyClaim, Submission, Threshold,
};
use claimmark::model::export::{self, import};
use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Command, Session, Tag, TagEdit, TagSet};
use common::{ts, validate_w3c};
use serde_json::Value;

const LABELS: [&str; 5] = [
    "Checkable claim",
    "Opinion",
    "Prediction",
    "Misleading",
    "Needs context",
];

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/classroom")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "five tags, four students")
        .unwrap()
        .clone()
}

/// The rubric as a teacher makes it: five tags added, the default three deleted.
fn rubric(session: &mut Session) {
    for label in LABELS {
        session
            .apply(Command::EditTags {
                edit: TagEdit::Add {
                    label: label.into(),
                },
                now: ts(0),
            })
            .unwrap();
    }
    for id in [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE] {
        session
            .apply(Command::EditTags {
                edit: TagEdit::Delete { id, retag: None },
                now: ts(0),
            })
            .unwrap();
    }
}

/// A student tags every mark of the case by its key (1–5), as the keyboard does.
fn student_session(doc: &Document, tags: &TagSet, student: &Value) -> Session {
    let mut s = Session::with_tags(doc.clone(), tags.clone());
    for (i, m) in student["marks"].as_array().unwrap().iter().enumerate() {
        let id = m[0].as_str().unwrap();
        let key = tags.key(Tag::new(id).unwrap()).unwrap();
        let tag = s.tags().by_key(key).unwrap();
        let range = CharRange::new(
            m[1].as_u64().unwrap() as usize,
            m[2].as_u64().unwrap() as usize,
        )
        .unwrap();
        s.apply(Command::Create {
            id: format!("urn:uuid:00000000-0000-4000-8000-{:012}", i + 1),
            tag,
            range: doc.snap(range).unwrap(),
            now: ts(i as u32),
            creator: None,
        })
        .unwrap();
    }
    s
}

fn import_fresh(doc: &Document, json: &str) -> Session {
    let mut n = 0;
    let mut ids = || {
        n += 1;
        format!("urn:x:{n}")
    };
    let defaults = TagSet::default();
    let imported = import::import(
        doc,
        json,
        import::Defaults {
            now: ts(999),
            new_id: &mut ids,
            tags: &defaults,
            tag: Tag::STATEMENT,
        },
    )
    .unwrap();
    let mut fresh = Session::new(doc.clone());
    fresh
        .apply(Command::Import {
            annotations: imported.annotations,
            tags: imported.tag_defs,
        })
        .unwrap();
    fresh
}

#[test]
fn a_five_tag_rubric_runs_through_tagging_exports_exercises_scoring_and_agreement() {
    let case = fixture("agreement-cases.json");
    let want = fixture("agreement-reference.json");
    let doc = Document::plain("Rivermouth's tram", case["text"].as_str().unwrap());

    // The teacher's rubric: ids from labels, keys 1–5 in order.
    let mut teacher = Session::new(doc.clone());
    rubric(&mut teacher);
    let tags = teacher.tags().clone();
    let ids: Vec<&str> = tags.tags().map(Tag::id).collect();
    let case_ids: Vec<&str> = case["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(ids, case_ids);
    for (i, t) in tags.tags().enumerate() {
        assert_eq!(tags.key(t), Some(char::from(b'1' + i as u8)));
        assert_eq!(tags.label(t), LABELS[i]);
    }

    // Tagging, and every export of each student's work.
    let students = case["students"].as_array().unwrap();
    let sessions: Vec<Session> = students
        .iter()
        .map(|st| student_session(&doc, &tags, st))
        .collect();
    for (st, s) in students.iter().zip(&sessions) {
        let name = st["name"].as_str().unwrap();
        let w3c = export::w3c::export(s.doc(), s.tags(), s.annotations());
        validate_w3c(&format!("five-tags-{name}"), s.doc().text(), &w3c);
        // Export → import into an empty session → export: the same bytes, the same set.
        let back = import_fresh(&doc, &w3c);
        assert_eq!(
            back.tags(),
            s.tags(),
            "{name}: the set travels with the file"
        );
        assert_eq!(
            export::w3c::export(back.doc(), back.tags(), back.annotations()),
            w3c,
            "{name}: export → import → export"
        );
        // CSV and doccano JSONL carry the ids.
        let csv = export::csv::export(s.annotations());
        let jsonl: Value =
            serde_json::from_str(&export::jsonl::export(s.doc(), s.annotations())).unwrap();
        let marks = st["marks"].as_array().unwrap();
        let mut want_tags: Vec<&str> = marks.iter().map(|m| m[0].as_str().unwrap()).collect();
        let mut csv_tags: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap())
            .collect();
        let mut jsonl_tags: Vec<&str> = jsonl["label"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l[2].as_str().unwrap())
            .collect();
        want_tags.sort_unstable();
        csv_tags.sort_unstable();
        jsonl_tags.sort_unstable();
        assert_eq!(csv_tags, want_tags, "{name}: CSV");
        assert_eq!(jsonl_tags, want_tags, "{name}: JSONL");
    }

    // An exercise on the rubric, with the first student's marks as the key; its file carries
    // the set, and students see it.
    let key: Vec<KeyClaim> = sessions[0]
        .annotations()
        .iter()
        .map(|a| KeyClaim {
            id: a.id.clone(),
            tag: a.tag,
            range: a.range,
            explanation: String::new(),
        })
        .collect();
    let exercise = Exercise {
        id: "urn:uuid:5a7e0c3d-1b2f-4c8a-9d6e-0f1a2b3c4d5e".into(),
        title: "Rivermouth's tram".into(),
        instructions: "Tag each claim with the rubric.".into(),
        tags: tags.clone(),
        feedback: true,
        allow_suggestions: false,
        document: doc.clone(),
        key: Some(key),
    };
    let file = exercise.to_json(true);
    let read = parse_exercise(&file).unwrap();
    assert_eq!(read, exercise);
    assert_eq!(
        read.tags.label(Tag::new("needs-context").unwrap()),
        "Needs context"
    );
    let student_view = Session::with_tags(read.document.clone(), read.tags.clone());
    assert_eq!(student_view.tags(), &tags);

    let submissions: Vec<Submission> = students
        .iter()
        .zip(&sessions)
        .map(|(st, s)| {
            let sub = Submission::new(
                &exercise,
                st["name"].as_str().unwrap(),
                ts(0),
                ts(60),
                s.annotations(),
            );
            let back = parse_submission(&sub.to_json(&exercise.document), &exercise).unwrap();
            assert_eq!(back, sub, "a submission's file carries the rubric's ids");
            sub
        })
        .collect();

    // Scoring per tag: the key's author scores 1 on every tag; the CSV has a column per tag.
    let report = class_report(&exercise, &submissions, Threshold::HALF);
    let grades = report.grades.as_ref().unwrap();
    for t in tags.tags() {
        let c = grades[0].overlap.tag(t);
        if c.correct + c.missed > 0 {
            assert_eq!(c.f1(), Some(1.0), "{t}: the key against itself");
        }
    }
    // Ben's last mark (518–591, opinion) overlaps the key's misleading claim (542–590) with a
    // Jaccard index of 48/73 ≥ ½: matched, with the wrong tag. His opinion at 183–263 matches
    // the key's (206–263, 57/80).
    let t = |id: &str| Some(Tag::new(id).unwrap());
    let ben = &grades[1].overlap.confusion;
    assert_eq!(ben.get(t("misleading"), t("opinion")), 1);
    assert_eq!(ben.get(t("opinion"), t("opinion")), 1);
    assert_eq!(ben.get(t("checkable-claim"), t("checkable-claim")), 1);
    let csv = grades_csv(&tags, grades);
    let header = csv.lines().next().unwrap();
    for id in &ids {
        assert!(
            header.contains(&format!(",{id}_precision,{id}_recall,{id}_f1")),
            "{header}"
        );
    }
    assert!(!header.contains("statement"), "{header}");

    // Agreement over five categories, against the reference implementations.
    let close =
        |got: Option<f64>, want: &Value| (got.unwrap() - want.as_f64().unwrap()).abs() < 1e-9;
    assert_eq!(
        report.agreement.units as u64,
        want["units"].as_u64().unwrap()
    );
    assert!(
        close(report.agreement.fleiss, &want["fleiss"]),
        "Fleiss' κ {:?}",
        report.agreement.fleiss
    );
    assert!(
        close(report.agreement.alpha, &want["alpha"]),
        "α {:?}",
        report.agreement.alpha
    );
    for a in 0..4 {
        for b in 0..4 {
            assert!(
                close(report.agreement.cohen[a][b], &want["cohen"][a][b]),
                "Cohen's κ [{a}][{b}] {:?}",
                report.agreement.cohen[a][b]
            );
        }
    }
}
