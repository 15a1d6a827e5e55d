//! CSV for spreadsheets: the grade book and the class's agreement figures.
//!
//! Both are deterministic (same input, same bytes), end lines with CRLF, write figures with four
//! decimals and leave a cell empty where the figure is undefined. Names and times that a
//! spreadsheet would run as a formula get a leading `'`, as in the annotations CSV.

use crate::model::export::csv::neutralise;
use crate::model::tags::TagSet;

use super::agreement::Agreement;
use super::scoring::{Counts, MatchMode, StudentReport};

/// The grade book's first columns: who, when, how many marks, and the headline counts.
const GRADES_LEADING: [&str; 7] = [
    "student",
    "started",
    "submitted",
    "marks",
    "correct",
    "extra",
    "missed",
];

/// A figure of the grade book: its column name (after the group's prefix) and how it is made.
type Figure = (&'static str, fn(Counts) -> Option<f64>);

/// The figures of each group of grade-book columns, in column order.
const FIGURES: &[Figure] = &[
    ("precision", Counts::precision),
    ("recall", Counts::recall),
    ("f1", Counts::f1),
];

/// The grade book's columns: [`GRADES_LEADING`], then precision, recall and F1 for the
/// headline (overlap mode, all tags: `precision`), exact mode (`exact_precision`), tag-only mode
/// (`tag_only_precision`), and each tag of the exercise's set, in its order, in overlap mode
/// (`statement_precision`).
pub fn grades_header(tags: &TagSet) -> Vec<String> {
    let groups = [
        String::new(),
        format!("{}_", MatchMode::Exact.key()),
        format!("{}_", MatchMode::TagOnly.key()),
    ]
    .into_iter()
    .chain(tags.tags().map(|t| format!("{}_", t.id())));
    GRADES_LEADING
        .iter()
        .map(|c| c.to_string())
        .chain(groups.flat_map(|group| FIGURES.iter().map(move |(f, _)| format!("{group}{f}"))))
        .collect()
}

/// The agreement file's columns: one figure per row, `student_a` and `student_b` filled for the
/// pairwise figures (`cohen_kappa`, `span_f1`) and empty for the class-wide ones (`students`,
/// `units`, `fleiss_kappa`, `krippendorff_alpha`).
pub const AGREEMENT_HEADER: [&str; 4] = ["measure", "student_a", "student_b", "value"];

/// One row per student, in the order given.
pub fn grades_csv(tags: &TagSet, grades: &[StudentReport]) -> String {
    let mut w = writer();
    w.write_record(
        grades_header(tags)
            .iter()
            .map(|c| neutralise(c).into_owned()),
    )
    .expect("writing to a Vec cannot fail");
    for g in grades {
        let overall = g.overall();
        let mut row: Vec<String> = vec![
            neutralise(&g.student).into_owned(),
            neutralise(g.started.as_str()).into_owned(),
            neutralise(g.submitted.as_str()).into_owned(),
            g.marks.to_string(),
            overall.correct.to_string(),
            overall.extra.to_string(),
            overall.missed.to_string(),
        ];
        row.extend(figures(overall));
        row.extend(figures(g.exact.overall));
        row.extend(figures(g.tag_only.overall));
        for tag in tags.tags() {
            row.extend(figures(g.overlap.tag(tag)));
        }
        w.write_record(&row).expect("writing to a Vec cannot fail");
    }
    finish(w)
}

/// The class-wide figures, then Cohen's κ and span F1 for every pair `a < b` of students.
/// `students` names the rows and columns of the matrices in `agreement`.
pub fn agreement_csv(students: &[String], agreement: &Agreement) -> String {
    let mut w = writer();
    w.write_record(AGREEMENT_HEADER)
        .expect("writing to a Vec cannot fail");
    let class = [
        ("students", Some(students.len().to_string())),
        ("units", Some(agreement.units.to_string())),
        ("fleiss_kappa", agreement.fleiss.map(decimal)),
        ("krippendorff_alpha", agreement.alpha.map(decimal)),
    ];
    for (measure, value) in class {
        w.write_record([measure, "", "", value.as_deref().unwrap_or("")])
            .expect("writing to a Vec cannot fail");
    }
    for (measure, matrix) in [
        ("cohen_kappa", &agreement.cohen),
        ("span_f1", &agreement.span_f1),
    ] {
        for (a, row) in matrix.iter().enumerate() {
            for (b, value) in row.iter().enumerate().skip(a + 1) {
                let name =
                    |i: usize| neutralise(students.get(i).map_or("", String::as_str)).into_owned();
                let value = value.map(decimal).unwrap_or_default();
                w.write_record([measure, &name(a), &name(b), &value])
                    .expect("writing to a Vec cannot fail");
            }
        }
    }
    finish(w)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().expect("flushing a Vec cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}

/// The cells of one group of [`FIGURES`].
fn figures(c: Counts) -> impl Iterator<Item = String> {
    FIGURES
        .iter()
        .map(move |(_, figure)| figure(c).map(decimal).unwrap_or_default())
}

fn decimal(x: f64) -> String {
    format!("{x:.4}")
}
