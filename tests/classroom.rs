#![cfg(not(target_arch = "wasm32"))]
//! The classroom model against readable fixtures in `tests/fixtures/classroom/`:
//! - `scoring.txt`: hand-computed precision, recall, F1, confusion cells and missed claims;
//! - `agreement-cases.json` with `agreement-reference.json`: units, Cohen's κ, Fleiss' κ and
//!   Krippendorff's α as scikit-learn, statsmodels and `krippendorff` compute them
//!   (`reference.py` made the second file; these tests do not need Python);
//! - `*.claimmark*.json`: golden examples of the three file formats.
//!
//! Then properties that must hold for any input, and snapshots of the CSV exports.

use std::path::{Path, PathBuf};

use claimmark::model::classroom::export::{agreement_csv, grades_csv};
use claimmark::model::classroom::{
    agreement, class_report, heat, parse_exercise, parse_key, parse_submission, score, units,
    Counts, Exercise, FileError, FileKind, HeatSegment, KeyClaim, Mark, MatchMode, Submission,
    Threshold,
};
use claimmark::model::{
    Annotation, CharRange, Document, Quote, Status, Tag, TagEdit, TagSet, Timestamp,
};
use expect_test::{expect, expect_file};
use proptest::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/classroom")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// scoring.txt

/// One case of `scoring.txt`.
#[derive(Default)]
struct Case {
    name: String,
    key: Vec<KeyClaim>,
    students: Vec<(String, Vec<Mark>)>,
    threshold: Option<f64>,
    checks: Vec<(usize, String)>,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix("== ") {
            cases.push(Case {
                name: name.to_string(),
                ..Case::default()
            });
            continue;
        }
        let case = cases
            .last_mut()
            .unwrap_or_else(|| panic!("line {line_no}: no case header yet"));
        if let Some((label, drawing)) = line.split_once('|') {
            let label = label.trim();
            if label == "text" {
                continue;
            }
            let spans = parse_drawing(drawing, line_no);
            if label == "key" {
                for (tag, range) in spans {
                    let id = format!("k{}", case.key.len() + 1);
                    case.key.push(KeyClaim {
                        id,
                        tag,
                        range,
                        explanation: String::new(),
                    });
                }
            } else {
                if !case.students.iter().any(|(name, _)| name == label) {
                    case.students.push((label.to_string(), Vec::new()));
                }
                let marks = &mut case
                    .students
                    .iter_mut()
                    .find(|(name, _)| name == label)
                    .expect("just added")
                    .1;
                for (tag, range) in spans {
                    let id = format!("m{}", marks.len() + 1);
                    marks.push(Mark {
                        id,
                        tag,
                        range,
                        note: String::new(),
                    });
                }
            }
        } else if let Some(rest) = line.strip_prefix("why ") {
            let (id, why) = rest.split_once(' ').expect("why <id> <text>");
            let claim = case
                .key
                .iter_mut()
                .find(|k| k.id == id)
                .unwrap_or_else(|| panic!("line {line_no}: no claim {id}"));
            claim.explanation = why.to_string();
        } else if let Some(t) = line.strip_prefix("threshold ") {
            case.threshold = Some(t.trim().parse().expect("a number"));
        } else {
            case.checks.push((line_no, line.to_string()));
        }
    }
    cases
}

/// The spans drawn on one line: `[` opens at the first code point, `]` is the last one covered.
fn parse_drawing(drawing: &str, line_no: usize) -> Vec<(Tag, CharRange)> {
    let chars: Vec<char> = drawing.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            let tag = match chars.get(i + 1) {
                Some('s') => Tag::STATEMENT,
                Some('a') => Tag::AGREEMENT,
                Some('d') => Tag::DISPUTE,
                other => panic!("line {line_no}: bad tag letter {other:?}"),
            };
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == ']')
                .unwrap_or_else(|| panic!("line {line_no}: unclosed span"));
            spans.push((
                tag,
                CharRange {
                    start: i,
                    end: close + 1,
                },
            ));
            i = close + 1;
        } else {
            assert!(
                chars[i] == ' ',
                "line {line_no}: unexpected {:?} in a drawing",
                chars[i]
            );
            i += 1;
        }
    }
    spans
}

fn mode_named(name: &str, threshold: Threshold) -> MatchMode {
    match name {
        "exact" => MatchMode::Exact,
        "overlap" => MatchMode::Overlap(threshold),
        "tag_only" => MatchMode::TagOnly,
        other => panic!("unknown mode {other}"),
    }
}

fn tag_letter(letter: &str) -> Option<Tag> {
    match letter {
        "s" => Some(Tag::STATEMENT),
        "a" => Some(Tag::AGREEMENT),
        "d" => Some(Tag::DISPUTE),
        "-" => None,
        other => panic!("unknown tag letter {other}"),
    }
}

/// `-` for undefined, else `n/d` or a whole number.
fn fraction(text: &str) -> Option<f64> {
    if text == "-" {
        return None;
    }
    Some(match text.split_once('/') {
        Some((n, d)) => {
            n.parse::<f64>().expect("numerator") / d.parse::<f64>().expect("denominator")
        }
        None => text.parse().expect("a number"),
    })
}

fn same_figure(actual: Option<f64>, expected: Option<f64>) -> bool {
    match (actual, expected) {
        (Some(a), Some(e)) => (a - e).abs() < 1e-12,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn golden_scoring_cases() {
    let cases = parse_cases(&read_fixture("scoring.txt"));
    assert!(cases.len() >= 6, "the fixture holds the cases");
    let mut checked = 0;
    for case in &cases {
        let threshold = Threshold::new(case.threshold.unwrap_or(0.5)).expect("a valid threshold");
        for (line_no, check) in &case.checks {
            let at = format!("scoring.txt line {line_no} ({})", case.name);
            let words: Vec<&str> = check.split_whitespace().collect();
            let (kind, student, mode) = (words[0], words[1], mode_named(words[2], threshold));
            let marks = &case
                .students
                .iter()
                .find(|(name, _)| name == student)
                .unwrap_or_else(|| panic!("{at}: no student {student}"))
                .1;
            let s = score(&case.key, marks, mode);
            match kind {
                "expect" => {
                    let counts = match words[3] {
                        "all" => s.overall,
                        tag => s.tag(
                            TagSet::default()
                                .find(tag)
                                .unwrap_or_else(|| panic!("{at}: scope {tag}")),
                        ),
                    };
                    let number = |label: &str| -> &str {
                        let i = words
                            .iter()
                            .position(|w| *w == label)
                            .unwrap_or_else(|| panic!("{at}: no {label}"));
                        words[i + 1]
                    };
                    let expected = Counts {
                        correct: number("correct").parse().expect("count"),
                        extra: number("extra").parse().expect("count"),
                        missed: number("missed").parse().expect("count"),
                    };
                    assert_eq!(counts, expected, "{at}");
                    assert!(
                        same_figure(counts.precision(), fraction(number("P"))),
                        "{at}: precision {:?}",
                        counts.precision()
                    );
                    assert!(
                        same_figure(counts.recall(), fraction(number("R"))),
                        "{at}: recall {:?}",
                        counts.recall()
                    );
                    assert!(
                        same_figure(counts.f1(), fraction(number("F1"))),
                        "{at}: F1 {:?}",
                        counts.f1()
                    );
                }
                "confusion" => {
                    let cells = words[3..].join(" ");
                    let mut expected = [[0usize; 4]; 4];
                    let slot = |t: Option<Tag>| {
                        t.map_or(3, |t| TagSet::default().index(t).expect("a tag"))
                    };
                    for cell in cells.split(',') {
                        let (pair, count) = cell.trim().split_once(' ').expect("<k>><s> <n>");
                        let (k, m) = pair.split_once('>').expect("<k>><s>");
                        expected[slot(tag_letter(k))][slot(tag_letter(m))] =
                            count.parse().expect("count");
                    }
                    let all = [
                        Some(Tag::STATEMENT),
                        Some(Tag::AGREEMENT),
                        Some(Tag::DISPUTE),
                        None,
                    ];
                    for k in all {
                        for m in all {
                            assert_eq!(
                                s.confusion.get(k, m),
                                expected[slot(k)][slot(m)],
                                "{at}: cell {k:?}>{m:?}"
                            );
                        }
                    }
                }
                "missed" => {
                    let claims = s.missed_claims(&case.key);
                    let ids: Vec<&str> = claims.iter().map(|k| k.id.as_str()).collect();
                    assert_eq!(ids, words[3..].to_vec(), "{at}");
                    for claim in claims {
                        let original = case
                            .key
                            .iter()
                            .find(|k| k.id == claim.id)
                            .expect("from the key");
                        assert_eq!(
                            claim.explanation, original.explanation,
                            "{at}: explanations travel with the claim"
                        );
                    }
                }
                "pairs" => {
                    let pairs: Vec<String> = s
                        .pairs
                        .iter()
                        .map(|&(k, m)| format!("{}={}", case.key[k].id, marks[m].id))
                        .collect();
                    assert_eq!(pairs, words[3..].to_vec(), "{at}");
                }
                other => panic!("{at}: unknown line kind {other}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} checks ran");
}

// ---------------------------------------------------------------------------------------------
// Agreement against the reference implementations

fn marks_of(student: &Value, tags: &TagSet) -> Vec<Mark> {
    student["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .enumerate()
        .map(|(i, m)| Mark {
            id: format!("m{i}"),
            tag: tags
                .find(m[0].as_str().expect("tag"))
                .expect("a tag of the case's set"),
            range: CharRange {
                start: m[1].as_u64().expect("start") as usize,
                end: m[2].as_u64().expect("end") as usize,
            },
            note: String::new(),
        })
        .collect()
}

fn close(actual: Option<f64>, expected: &Value) -> bool {
    match (actual, expected.as_f64()) {
        (Some(a), Some(e)) => (a - e).abs() < 1e-9,
        (None, None) => expected.is_null(),
        _ => false,
    }
}

/// A set of `ids` alone, made as a person would in the editor: add each, delete the defaults.
fn own_set<'a>(ids: impl IntoIterator<Item = &'a str>) -> TagSet {
    let mut set = TagSet::default();
    let ids: Vec<&str> = ids.into_iter().collect();
    for id in &ids {
        set = set
            .edit(&TagEdit::Add {
                label: id.to_string(),
            })
            .expect("a valid label");
    }
    for t in TagSet::default().tags() {
        if !ids.contains(&t.id()) {
            set = set
                .edit(&TagEdit::Delete { id: t, retag: None })
                .expect("deletable");
        }
    }
    let got: Vec<&str> = set.tags().map(Tag::id).collect();
    assert_eq!(got, ids, "ids from labels follow the UI contract's rule");
    set
}

#[test]
fn agreement_matches_scikit_learn_statsmodels_and_krippendorff() {
    let cases: Value =
        serde_json::from_str(&read_fixture("agreement-cases.json")).expect("cases JSON");
    let reference: Value =
        serde_json::from_str(&read_fixture("agreement-reference.json")).expect("reference JSON");
    let cases = cases["cases"].as_array().expect("cases");
    let reference = reference["cases"].as_array().expect("reference cases");
    assert_eq!(
        cases.len(),
        reference.len(),
        "run reference.py after changing the cases"
    );
    for (case, want) in cases.iter().zip(reference) {
        let name = case["name"].as_str().expect("name");
        assert_eq!(want["name"], case["name"]);
        let doc = Document::plain("", case["text"].as_str().expect("text"));
        // A case with its own tags is a set made in the editor: the default set's tags are
        // deleted, the case's added in order (so a set of five is data, not code).
        let tags = match case["tags"].as_array() {
            None => TagSet::default(),
            Some(ids) => own_set(ids.iter().map(|t| t.as_str().expect("a tag id"))),
        };
        let students = case["students"].as_array().expect("students");
        let marks: Vec<Vec<Mark>> = students.iter().map(|s| marks_of(s, &tags)).collect();
        let slices: Vec<&[Mark]> = marks.iter().map(Vec::as_slice).collect();
        let got = agreement(&doc, &tags, &slices, Threshold::HALF);
        // The reference writes the default set's tags as s, a, d and other sets' as 1…9, A…K.
        let code = |t: Tag| match (tags.is_default(), tags.index(t)) {
            (true, Some(i)) => b"sad"[i] as char,
            (false, Some(i)) => b"123456789ABCDEFGHIJK"[i] as char,
            (_, None) => '?',
        };

        assert_eq!(
            got.units as u64,
            want["units"].as_u64().expect("units"),
            "{name}: units"
        );
        for (student, m) in students.iter().zip(&marks) {
            let labels: String = units(&doc, &tags, m)
                .into_iter()
                .map(|t| t.map_or('.', code))
                .collect();
            let student_name = student["name"].as_str().expect("name");
            assert_eq!(
                labels,
                want["labels"][student_name].as_str().expect("labels"),
                "{name}: units of {student_name}"
            );
        }
        for (a, row) in want["cohen"].as_array().expect("cohen").iter().enumerate() {
            for (b, expected) in row.as_array().expect("row").iter().enumerate() {
                assert!(
                    close(got.cohen[a][b], expected),
                    "{name}: Cohen's κ [{a}][{b}] is {:?}, sklearn says {expected}",
                    got.cohen[a][b]
                );
            }
        }
        assert!(
            close(got.fleiss, &want["fleiss"]),
            "{name}: Fleiss' κ is {:?}, statsmodels says {}",
            got.fleiss,
            want["fleiss"]
        );
        assert!(
            close(got.alpha, &want["alpha"]),
            "{name}: α is {:?}, krippendorff says {}",
            got.alpha,
            want["alpha"]
        );
    }
}

#[test]
fn span_f1_between_students() {
    let doc = Document::plain("", "Critics say the budget is a mess, and they are loud.");
    let r = |start, end| CharRange { start, end };
    let mark = |tag, range| Mark {
        id: String::new(),
        tag,
        range,
        note: String::new(),
    };
    // ann and bob share one claim (Jaccard 10/20); bob's second mark has no partner; cy has none.
    let ann = [mark(Tag::DISPUTE, r(12, 32))];
    let bob = [
        mark(Tag::DISPUTE, r(12, 22)),
        mark(Tag::STATEMENT, r(38, 51)),
    ];
    let got = agreement(
        &doc,
        &TagSet::default(),
        &[&ann, &bob, &[]],
        Threshold::HALF,
    );
    let f1 = &got.span_f1;
    assert_eq!(f1[0][1], Some(2.0 / 3.0));
    assert_eq!(f1[1][0], f1[0][1]);
    assert_eq!(f1[0][0], Some(1.0));
    assert_eq!((f1[0][2], f1[2][2]), (Some(0.0), None));
    let strict = agreement(
        &doc,
        &TagSet::default(),
        &[&ann, &bob],
        Threshold::new(0.6).expect("valid"),
    );
    assert_eq!(strict.span_f1[0][1], Some(0.0));
}

// ---------------------------------------------------------------------------------------------
// File formats

const ARTICLE: &str = "Council approves the budget\n\nThe mayor said the budget is balanced. Critics say the numbers do not add up. Both sides agree that schools come first.";

fn range_of(doc: &Document, quote: &str) -> CharRange {
    let byte = doc.text().find(quote).expect("the quote is in the text");
    let start = doc.char_offset_of_byte(byte);
    CharRange {
        start,
        end: start + quote.chars().count(),
    }
}

fn example_exercise() -> Exercise {
    let document = Document::plain("Council approves the budget", ARTICLE).with_headings(&[0]);
    let claim = |id: &str, tag, quote, explanation: &str| KeyClaim {
        id: id.into(),
        tag,
        range: range_of(&document, quote),
        explanation: explanation.into(),
    };
    let key = vec![
        claim(
            "k1",
            Tag::STATEMENT,
            "the budget is balanced",
            "The mayor states it as a fact.",
        ),
        claim(
            "k2",
            Tag::DISPUTE,
            "the numbers do not add up",
            "The critics contest the mayor's claim.",
        ),
        claim(
            "k3",
            Tag::AGREEMENT,
            "Both sides agree that schools come first",
            "Both sides say they share this view.",
        ),
    ];
    Exercise {
        id: "urn:uuid:3f2c9d4e-8a51-4c3b-9f0e-2b7d6a1c5e80".into(),
        title: "Who claims what?".into(),
        instructions: "Mark every claim in the article and tag it. Add a note where you hesitate."
            .into(),
        tags: TagSet::default(),
        feedback: true,
        allow_suggestions: false,
        document,
        key: Some(key),
    }
}

fn time(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("a valid time")
}

fn annotation(doc: &Document, id: &str, tag: Tag, quote: &str, note: &str) -> Annotation {
    let range = range_of(doc, quote);
    Annotation {
        id: id.into(),
        tag,
        range,
        quote: Quote::of(doc, range),
        status: Status::Anchored,
        note: note.into(),
        created: time("2026-11-28T09:35:00.000Z"),
        modified: time("2026-11-28T09:35:00.000Z"),
        creator: None,
        claim: Default::default(),
    }
}

fn example_submission(exercise: &Exercise) -> Submission {
    let doc = &exercise.document;
    let annotations = [
        annotation(
            doc,
            "urn:uuid:0b6c2f1e-4d7a-4e8b-a1c3-5f9e7d2b8a64",
            Tag::STATEMENT,
            "the numbers do not add up",
            "Is this a claim or a fact?",
        ),
        annotation(
            doc,
            "urn:uuid:9a1e5c3b-2f8d-4b6a-8e0c-7d4f1a9b3c25",
            Tag::STATEMENT,
            "the budget is balanced",
            "",
        ),
        Annotation {
            status: Status::Orphaned,
            ..annotation(doc, "urn:uuid:orphan", Tag::DISPUTE, "schools", "")
        },
    ];
    Submission::new(
        exercise,
        "  Ada Lovelace ",
        time("2026-11-28T09:30:00.000Z"),
        time("2026-11-28T09:52:10.000Z"),
        &annotations,
    )
}

#[test]
fn golden_files_match_the_writers_and_parse_back() {
    let exercise = example_exercise();
    expect_file!["fixtures/classroom/exercise.claimmark.json"].assert_eq(&exercise.to_json(true));
    expect_file!["fixtures/classroom/exercise-without-key.claimmark.json"]
        .assert_eq(&exercise.to_json(false));
    expect_file!["fixtures/classroom/exercise.claimmark-key.json"]
        .assert_eq(&exercise.key_json().expect("has a key"));
    let submission = example_submission(&exercise);
    expect_file!["fixtures/classroom/submission.claimmark-submission.json"]
        .assert_eq(&submission.to_json(&exercise.document));

    assert_eq!(
        parse_exercise(&read_fixture("exercise.claimmark.json")),
        Ok(exercise.clone())
    );
    let mut handed_out =
        parse_exercise(&read_fixture("exercise-without-key.claimmark.json")).expect("parses");
    assert_eq!(handed_out.key, None);
    handed_out.key = Some(
        parse_key(&read_fixture("exercise.claimmark-key.json"), &handed_out).expect("key parses"),
    );
    assert_eq!(handed_out, exercise);
    let read = parse_submission(
        &read_fixture("submission.claimmark-submission.json"),
        &exercise,
    )
    .expect("submission parses");
    assert_eq!(read, submission);
    assert_eq!(read.student, "Ada Lovelace", "the name is trimmed");
    assert_eq!(read.marks.len(), 2, "the orphan is left out");
    assert_eq!(
        read.marks[0].id, "urn:uuid:9a1e5c3b-2f8d-4b6a-8e0c-7d4f1a9b3c25",
        "marks are in text order"
    );
}

#[test]
fn files_for_another_exercise_or_text_are_refused() {
    let exercise = example_exercise();
    let submission = read_fixture("submission.claimmark-submission.json");
    let mut other = exercise.clone();
    other.id = "another".into();
    assert_eq!(
        parse_submission(&submission, &other),
        Err(FileError::OtherExercise {
            kind: FileKind::Submission,
            expected: "another".into(),
            found: exercise.id.clone()
        })
    );
    let mut edited = exercise.clone();
    edited.document = Document::plain(
        "Council approves the budget",
        &ARTICLE.replace("mayor", "major"),
    );
    // Made on another version of the text: re-anchored by quote and flagged, not refused.
    let moved = parse_submission(&submission, &edited).expect("re-anchored");
    let lost = moved.reanchored.as_ref().expect("flagged as re-anchored");
    let original = parse_submission(&submission, &exercise).unwrap();
    assert_eq!(moved.marks.len() + lost.len(), original.marks.len());
    for (m, o) in moved.marks.iter().zip(&original.marks) {
        assert_eq!(
            edited.document.slice(m.range),
            exercise.document.slice(o.range)
        );
    }
    assert_eq!(
        parse_key(&submission, &exercise),
        Err(FileError::WrongKind {
            expected: FileKind::Key,
            found: FileKind::Submission
        })
    );
    let bad_time = submission.replace("2026-11-28T09:30:00.000Z", "yesterday");
    assert_eq!(
        parse_submission(&bad_time, &exercise),
        Err(FileError::BadTime {
            field: "started",
            value: "yesterday".into()
        })
    );
    let tampered =
        read_fixture("exercise.claimmark.json").replace("The mayor said", "The mayor says");
    assert_eq!(
        parse_exercise(&tampered),
        Err(FileError::FingerprintMismatch)
    );
    let nameless = submission.replace("\"Ada Lovelace\"", "\" \"");
    assert_eq!(
        parse_submission(&nameless, &exercise),
        Err(FileError::Missing {
            kind: FileKind::Submission,
            field: "student name"
        })
    );
}

#[test]
fn error_messages_read_well() {
    let exercise = example_exercise();
    let submission = read_fixture("submission.claimmark-submission.json");
    let moved = submission.replacen("\"start\": 44", "\"start\": 43", 1);
    let message = parse_submission(&moved, &exercise)
        .expect_err("the quote no longer fits")
        .to_string();
    expect!["In the submission, annotation 0 (urn:uuid:9a1e5c3b-2f8d-4b6a-8e0c-7d4f1a9b3c25): its quote “the budget is balanced” is not the text at its position (“ the budget is balanced”)"]
        .assert_eq(&message);
    let message = parse_exercise(&submission)
        .expect_err("not an exercise")
        .to_string();
    expect![[r#"This file is a Claimmark submission, not the exercise asked for."#]]
        .assert_eq(&message);
}

// ---------------------------------------------------------------------------------------------
// The class view and its exports

fn class() -> (Exercise, Vec<Submission>) {
    let exercise = example_exercise();
    let doc = &exercise.document;
    let ada = example_submission(&exercise);
    let grace = Submission::new(
        &exercise,
        "Grace Hopper",
        time("2026-11-28T09:31:00Z"),
        time("2026-11-28T09:49:30Z"),
        &[
            annotation(doc, "g1", Tag::STATEMENT, "the budget is balanced", ""),
            annotation(
                doc,
                "g2",
                Tag::DISPUTE,
                "Critics say the numbers do not add up",
                "",
            ),
            annotation(doc, "g3", Tag::AGREEMENT, "Both sides agree", ""),
        ],
    );
    let blank = Submission::new(
        &exercise,
        "=cmd|' /C calc'!A0",
        time("2026-11-28T09:30:00Z"),
        time("2026-11-28T09:30:05Z"),
        &[],
    );
    (exercise, vec![ada, grace, blank])
}

fn render_heat(doc: &Document, segments: &[HeatSegment], class_size: usize) -> String {
    let mut out = String::new();
    for s in segments {
        let tags: Vec<String> = TagSet::default()
            .tags()
            .filter(|&t| s.count(t) > 0)
            .map(|t| format!("{}{}", &t.id()[..1], s.count(t)))
            .collect();
        let contested = if s.is_contested(class_size) {
            " contested"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:?} {} [{}]{contested}\n",
            doc.slice(s.range),
            s.students,
            tags.join(" ")
        ));
    }
    out
}

#[test]
fn class_report_end_to_end() {
    let (exercise, submissions) = class();
    let report = class_report(&exercise, &submissions, Threshold::HALF);
    let grades = report.grades.as_ref().expect("the exercise has a key");
    expect![[r#"
        student,started,submitted,marks,correct,extra,missed,precision,recall,f1,exact_precision,exact_recall,exact_f1,tag_only_precision,tag_only_recall,tag_only_f1,statement_precision,statement_recall,statement_f1,agreement_precision,agreement_recall,agreement_f1,dispute_precision,dispute_recall,dispute_f1
        Ada Lovelace,2026-11-28T09:30:00.000Z,2026-11-28T09:52:10.000Z,2,1,1,2,0.5000,0.3333,0.4000,0.5000,0.3333,0.4000,0.5000,0.3333,0.4000,0.5000,1.0000,0.6667,,0.0000,0.0000,,0.0000,0.0000
        Grace Hopper,2026-11-28T09:31:00Z,2026-11-28T09:49:30Z,3,2,1,1,0.6667,0.6667,0.6667,0.3333,0.3333,0.3333,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,0.0000,0.0000,0.0000,1.0000,1.0000,1.0000
        '=cmd|' /C calc'!A0,2026-11-28T09:30:00Z,2026-11-28T09:30:05Z,0,0,0,3,,0.0000,0.0000,,0.0000,0.0000,,0.0000,0.0000,,0.0000,0.0000,,0.0000,0.0000,,0.0000,0.0000
    "#]]
    .assert_eq(&grades_csv(&TagSet::default(), grades).replace("\r\n", "\n"));
    expect![[r#"
        measure,student_a,student_b,value
        students,,,3
        units,,,122
        fleiss_kappa,,,0.1064
        krippendorff_alpha,,,0.1089
        cohen_kappa,Ada Lovelace,Grace Hopper,0.4194
        cohen_kappa,Ada Lovelace,'=cmd|' /C calc'!A0,0.0000
        cohen_kappa,Grace Hopper,'=cmd|' /C calc'!A0,0.0000
        span_f1,Ada Lovelace,Grace Hopper,0.4000
        span_f1,Ada Lovelace,'=cmd|' /C calc'!A0,0.0000
        span_f1,Grace Hopper,'=cmd|' /C calc'!A0,0.0000
    "#]]
    .assert_eq(&agreement_csv(&report.students, &report.agreement).replace("\r\n", "\n"));
    expect![[r#"
        "Council approves the budget\n\nThe mayor said " 0 []
        "the budget is balanced" 2 [s2] contested
        ". " 0 []
        "Critics say " 1 [d1] contested
        "the numbers do not add up" 2 [s1 d1] contested
        ". " 0 []
        "Both sides agree" 1 [a1] contested
        " that schools come first." 0 []
    "#]]
    .assert_eq(&render_heat(
        &exercise.document,
        &report.heat,
        submissions.len(),
    ));

    // Ada missed the dispute and the agreement; the key's explanations come with them.
    let missed: Vec<&str> = grades[0]
        .overlap
        .missed_claims(exercise.key.as_deref().expect("key"))
        .iter()
        .map(|k| k.explanation.as_str())
        .collect();
    assert_eq!(
        missed,
        [
            "The critics contest the mayor's claim.",
            "Both sides say they share this view."
        ]
    );

    let mut no_key = exercise.clone();
    no_key.key = None;
    assert_eq!(
        class_report(&no_key, &submissions, Threshold::HALF).grades,
        None
    );
}

#[test]
fn a_single_student_has_no_class_figures() {
    let (exercise, submissions) = class();
    let report = class_report(&exercise, &submissions[1..2], Threshold::HALF);
    assert_eq!(
        (report.agreement.fleiss, report.agreement.alpha),
        (None, None)
    );
    assert_eq!(report.agreement.cohen, vec![vec![Some(1.0)]]);
    let nobody = class_report(&exercise, &[], Threshold::HALF);
    assert!(nobody.agreement.cohen.is_empty());
    assert_eq!(
        nobody.heat.len(),
        1,
        "one unmarked segment over the whole text"
    );
}

// ---------------------------------------------------------------------------------------------
// Properties

fn arb_marks(len: usize, max: usize) -> impl Strategy<Value = Vec<Mark>> {
    let tag = prop_oneof![
        Just(Tag::STATEMENT),
        Just(Tag::AGREEMENT),
        Just(Tag::DISPUTE)
    ];
    prop::collection::vec((tag, 0..len + 3, 0..len + 3), 0..max).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (tag, a, b))| Mark {
                id: format!("m{i}"),
                tag,
                range: CharRange {
                    start: a.min(b),
                    end: a.max(b),
                },
                note: String::new(),
            })
            .collect()
    })
}

fn claims(marks: Vec<Mark>) -> Vec<KeyClaim> {
    marks
        .into_iter()
        .map(|m| KeyClaim {
            id: m.id,
            tag: m.tag,
            range: m.range,
            explanation: String::new(),
        })
        .collect()
}

const TEXT: &str = "Ab cd, éf gh! 🙂 ij\n\nkl mn op qr.";

proptest! {
    #[test]
    fn counts_add_up_and_modes_nest(key in arb_marks(30, 8), marks in arb_marks(30, 8)) {
        let key = claims(key);
        let threshold = Threshold::HALF;
        let scores = [MatchMode::Exact, MatchMode::Overlap(threshold), MatchMode::TagOnly].map(|mode| score(&key, &marks, mode));
        for s in &scores {
            prop_assert_eq!(s.overall.correct + s.overall.extra, marks.len());
            prop_assert_eq!(s.overall.correct + s.overall.missed, key.len());
            for tag in TagSet::default().tags() {
                let c = s.tag(tag);
                let row: usize = [Some(Tag::STATEMENT), Some(Tag::AGREEMENT), Some(Tag::DISPUTE), None].iter().map(|&m| s.confusion.get(Some(tag), m)).sum();
                let column: usize = [Some(Tag::STATEMENT), Some(Tag::AGREEMENT), Some(Tag::DISPUTE), None].iter().map(|&k| s.confusion.get(k, Some(tag))).sum();
                prop_assert_eq!(s.confusion.get(Some(tag), Some(tag)), c.correct);
                prop_assert_eq!(row, c.correct + c.missed);
                prop_assert_eq!(column, c.correct + c.extra);
                for f in [c.precision(), c.recall(), c.f1()].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&f));
                }
            }
        }
        prop_assert!(scores[0].overall.correct <= scores[1].overall.correct);
        prop_assert!(scores[1].overall.correct <= scores[2].overall.correct);
        let strictest = score(&key, &marks, MatchMode::Overlap(Threshold::new(1.0).expect("valid")));
        prop_assert_eq!(strictest.pairs, scores[0].pairs.clone());
    }

    #[test]
    fn agreement_is_symmetric_and_bounded(students in prop::collection::vec(arb_marks(35, 5), 0..5)) {
        let doc = Document::plain("", TEXT);
        let slices: Vec<&[Mark]> = students.iter().map(Vec::as_slice).collect();
        let a = agreement(&doc, &TagSet::default(), &slices, Threshold::HALF);
        for i in 0..students.len() {
            for j in 0..students.len() {
                prop_assert_eq!(a.cohen[i][j], a.cohen[j][i]);
                prop_assert_eq!(a.span_f1[i][j], a.span_f1[j][i]);
                if let Some(k) = a.cohen[i][j] {
                    prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&k), "κ = {}", k);
                }
            }
            // κ of a student with themself is 1, unless they used one category throughout.
            let defined = units(&doc, &TagSet::default(), &students[i]).windows(2).any(|w| w[0] != w[1]);
            prop_assert_eq!(a.cohen[i][i], defined.then_some(1.0));
        }
        for x in [a.fleiss, a.alpha].into_iter().flatten() {
            prop_assert!(x.is_finite() && x <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn heat_covers_the_text_with_maximal_segments(students in prop::collection::vec(arb_marks(35, 5), 0..6)) {
        let doc = Document::plain("", TEXT);
        let slices: Vec<&[Mark]> = students.iter().map(Vec::as_slice).collect();
        let segments = heat(&doc, &slices);
        let mut at = 0;
        for (i, s) in segments.iter().enumerate() {
            prop_assert_eq!(s.range.start, at);
            prop_assert!(s.range.end > s.range.start);
            at = s.range.end;
            prop_assert!(s.students <= students.len());
            for tag in TagSet::default().tags() {
                prop_assert!(s.count(tag) <= s.students);
            }
            if i > 0 {
                let prev = &segments[i - 1];
                prop_assert!(prev.students != s.students || TagSet::default().tags().any(|t| prev.count(t) != s.count(t)));
            }
        }
        prop_assert_eq!(at, doc.char_len());
        // Every student counts where, and only where, one of their marks covers the code point.
        for offset in 0..doc.char_len() {
            let covering = students.iter().filter(|marks| marks.iter().any(|m| m.range.contains(offset))).count();
            let segment = segments.iter().find(|s| s.range.contains(offset)).expect("covered");
            prop_assert_eq!(segment.students, covering);
        }
    }

    #[test]
    fn parsing_never_panics(junk in ".{0,200}", cut in 0usize..4000, insert in ".{0,3}") {
        let exercise = example_exercise();
        let _ = parse_exercise(&junk);
        let _ = parse_submission(&junk, &exercise);
        let _ = parse_key(&junk, &exercise);
        for file in ["exercise.claimmark.json", "submission.claimmark-submission.json", "exercise.claimmark-key.json"] {
            let text = read_fixture(file);
            // One character replaced by up to three others.
            let chars: Vec<char> = text.chars().collect();
            let at = cut % chars.len();
            let damaged: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(&chars[at + 1..]).collect();
            let _ = parse_exercise(&damaged);
            let _ = parse_submission(&damaged, &exercise);
            let _ = parse_key(&damaged, &exercise);
        }
    }
}
