//! How long grading a class takes: `cargo run --release --example bench_scoring`.
//!
//! Builds an exercise on the sample article (and on a larger article made of twenty copies of
//! it), a key of one claim per sentence or so, and simulated students whose marks are the key's
//! claims with shifted ends, some dropped, some retagged and some extra. Each class is timed
//! through what the teacher's view does: reading the submission files, grading every student
//! in three modes, the agreement figures (pairwise κ, Fleiss' κ, Krippendorff's α, span F1
//! matrix), the heat view and both CSV exports. Everything is deterministic.

use std::time::{Duration, Instant};

use claimmark::model::classroom::export::{agreement_csv, grades_csv};
use claimmark::model::classroom::{
    agreement, grade, heat, parse_submission, Exercise, KeyClaim, Mark, Submission, Threshold,
};
use claimmark::model::{CharRange, Document, Tag, TagSet, Timestamp};

const THREE: [Tag; 3] = [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE];

const ARTICLE: &str = include_str!("../assets/geneva-summit.txt");

fn main() {
    let sample = Document::plain("I agreed with Biden to return the ambassadors", ARTICLE);
    let large_text = [ARTICLE; 20].join("\n\n");
    let large = Document::plain("Twenty Geneva summits", &large_text);
    println!("article                         chars  claims  students  marks/student   read   grade   agree    heat     csv   total");
    for (name, doc, students) in [
        ("sample (geneva-summit.txt)", &sample, 30),
        ("sample (geneva-summit.txt)", &sample, 500),
        ("20 × sample", &large, 30),
        ("20 × sample", &large, 500),
    ] {
        run(name, doc, students);
    }
}

fn run(name: &str, doc: &Document, students: usize) {
    let exercise = exercise(doc);
    let key = exercise
        .key
        .as_deref()
        .expect("the bench exercise has a key");
    let mut rng = Rng(0x5eed_cafe ^ students as u64);
    let files: Vec<String> = (0..students)
        .map(|i| simulate(&exercise, &mut rng, i).to_json(doc))
        .collect();

    let t = Instant::now();
    let submissions: Vec<Submission> = files
        .iter()
        .map(|f| parse_submission(f, &exercise).expect("the simulated files are valid"))
        .collect();
    let read = t.elapsed();

    let t = Instant::now();
    let grades: Vec<_> = submissions
        .iter()
        .map(|s| grade(key, s, Threshold::HALF))
        .collect();
    let graded = t.elapsed();

    let marks: Vec<&[Mark]> = submissions.iter().map(|s| s.marks.as_slice()).collect();
    let t = Instant::now();
    let agreement = agreement(doc, &exercise.tags, &marks, Threshold::HALF);
    let agreed = t.elapsed();

    let t = Instant::now();
    let segments = heat(doc, &marks);
    let heated = t.elapsed();

    let t = Instant::now();
    let names: Vec<String> = submissions.iter().map(|s| s.student.clone()).collect();
    let csv_bytes =
        grades_csv(&exercise.tags, &grades).len() + agreement_csv(&names, &agreement).len();
    let exported = t.elapsed();

    let mean_marks = marks.iter().map(|m| m.len()).sum::<usize>() as f64 / students as f64;
    let total = read + graded + agreed + heated + exported;
    println!(
        "{name:<28} {:>8} {:>7} {students:>9} {mean_marks:>14.1} {} {} {} {} {} {}",
        doc.char_len(),
        key.len(),
        ms(read),
        ms(graded),
        ms(agreed),
        ms(heated),
        ms(exported),
        ms(total),
    );
    let mean_f1 = grades.iter().filter_map(|g| g.overall().f1()).sum::<f64>() / students as f64;
    println!(
        "    mean F1 {mean_f1:.3}, Fleiss' κ {}, α {}, {} heat segments, {} KB of CSV",
        agreement.fleiss.map_or("–".into(), |k| format!("{k:.3}")),
        agreement.alpha.map_or("–".into(), |a| format!("{a:.3}")),
        segments.len(),
        csv_bytes / 1024,
    );
}

fn ms(d: Duration) -> String {
    format!("{:>5.0}ms", d.as_secs_f64() * 1000.0)
}

/// An exercise whose key marks every sentence of at least 20 characters, tags in turn.
fn exercise(doc: &Document) -> Exercise {
    let chars: Vec<char> = doc.text().chars().collect();
    let mut key = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '.' | '\n' | '!' | '?' | '…') {
            let s = (start..i).find(|&j| !chars[j].is_whitespace()).unwrap_or(i);
            if i - s >= 20 {
                let tag = THREE[key.len() % 3];
                key.push(KeyClaim {
                    id: format!("k{}", key.len() + 1),
                    tag,
                    range: CharRange { start: s, end: i },
                    explanation: "Why.".into(),
                });
            }
            start = i + 1;
        }
    }
    Exercise {
        id: "bench".into(),
        title: "Bench".into(),
        instructions: String::new(),
        tags: TagSet::default(),
        feedback: false,
        allow_suggestions: false,
        document: doc.clone(),
        key: Some(key),
    }
}

/// A student: each claim kept with probability 0.8, its ends moved by up to 8 code points and
/// snapped as a real selection is, retagged with probability 0.15; plus up to three extra marks.
fn simulate(exercise: &Exercise, rng: &mut Rng, i: usize) -> Submission {
    let doc = &exercise.document;
    let key = exercise.key.as_deref().unwrap_or_default();
    let mut marks = Vec::new();
    for claim in key {
        if rng.below(100) < 20 {
            continue;
        }
        let start = (claim.range.start + rng.below(17)).saturating_sub(8);
        let end = (claim.range.end + rng.below(17))
            .saturating_sub(8)
            .min(doc.char_len());
        let tag = if rng.below(100) < 15 {
            THREE[rng.below(3)]
        } else {
            claim.tag
        };
        if let Some(range) = CharRange::new(start, end).and_then(|r| doc.snap(r)) {
            marks.push(Mark {
                id: format!("s{i}-m{}", marks.len()),
                tag,
                range: range.range(),
                note: String::new(),
            });
        }
    }
    for _ in 0..rng.below(4) {
        let start = rng.below(doc.char_len().saturating_sub(40));
        if let Some(range) = doc.snap(CharRange {
            start,
            end: start + 10 + rng.below(30),
        }) {
            marks.push(Mark {
                id: format!("s{i}-x{}", marks.len()),
                tag: THREE[rng.below(3)],
                range: range.range(),
                note: String::new(),
            });
        }
    }
    let time = Timestamp::from_unix_millis(1_795_000_000_000 + i as i64 * 1000);
    Submission {
        exercise: exercise.id.clone(),
        fingerprint: doc.fingerprint().to_string(),
        student: format!("Student {:03}", i + 1),
        started: time.clone(),
        submitted: time,
        marks,
        reanchored: None,
    }
}

/// xorshift64: a small deterministic generator, enough for simulated students.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if n == 0 {
            0
        } else {
            (self.0 % n as u64) as usize
        }
    }
}
