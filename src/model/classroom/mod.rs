//! The classroom: a teacher hands out an exercise, students hand in submissions, and the
//! teacher sees grades against the answer key and how far the class agrees.
//!
//! The parts:
//! - [`exercise`]: the three file formats (exercise, answer key, submission) and their checks.
//! - [`scoring`]: one student against the key: precision, recall and F1 under three matching
//!   modes, a confusion matrix and the claims the student missed.
//! - [`agreement`]: the class against itself: Cohen's κ for every pair, Fleiss' κ,
//!   Krippendorff's α and span F1 between students.
//! - [`heat`]: how many students marked each stretch of the text, and with which tags.
//! - [`export`]: grades and agreement figures as CSV.
//!
//! Invariants:
//! - Positions count code points of the exercise's document text, as everywhere in the model.
//! - A parsed [`Exercise`]'s text matches its fingerprint, and every key claim and (after
//!   [`parse_submission`]) every mark lies inside that text and quotes it exactly.
//! - Nothing here panics on any input: scoring and agreement take any ranges, including ranges
//!   outside the text or reversed ones (those cover nothing and match nothing).
//! - Every figure that would be 0/0 is `None`, never NaN: precision of a student who marked
//!   nothing, κ or α when every rater put every unit in the same category, and so on.
//! - Results are deterministic: ties are broken by position in the input, never by hashing.

pub mod agreement;
pub mod exercise;
pub mod export;
pub mod heat;
pub mod scoring;

pub use agreement::{agreement, units, Agreement};
pub mod link;

pub use exercise::{
    parse_exercise, parse_key, parse_submission, Exercise, FileError, FileKind, ItemProblem,
    KeyClaim, Mark, Submission,
};
pub use heat::{heat, HeatSegment};
pub use scoring::{grade, score, Confusion, Counts, MatchMode, Score, StudentReport, Threshold};

/// Everything the teacher's class view shows, for one exercise and its submissions.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassReport {
    /// The students' names, in submission order; every per-student list below follows it.
    pub students: Vec<String>,
    /// One row per student, or `None` when the exercise has no answer key.
    pub grades: Option<Vec<StudentReport>>,
    pub agreement: Agreement,
    pub heat: Vec<HeatSegment>,
}

/// Grades every submission against the exercise's key (when it has one) and measures how far
/// the students agree with each other. `threshold` is the overlap mode's Jaccard threshold.
///
/// The submissions are expected to belong to `exercise` (as [`parse_submission`] checks); a mark
/// reaching outside its text is still scored as it is, and covers only the units inside.
pub fn class_report(
    exercise: &Exercise,
    submissions: &[Submission],
    threshold: Threshold,
) -> ClassReport {
    let marks: Vec<&[Mark]> = submissions.iter().map(|s| s.marks.as_slice()).collect();
    ClassReport {
        students: submissions.iter().map(|s| s.student.clone()).collect(),
        grades: exercise.key.as_ref().map(|key| {
            submissions
                .iter()
                .map(|s| grade(key, s, threshold))
                .collect()
        }),
        agreement: agreement(&exercise.document, &exercise.tags, &marks, threshold),
        heat: heat(&exercise.document, &marks),
    }
}

/// The length of a range, 0 for a reversed one.
fn span_len(range: super::text::CharRange) -> usize {
    range.end.saturating_sub(range.start)
}
