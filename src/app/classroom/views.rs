//! What the classroom keeps for its views: a student's work on an exercise, and the teacher's
//! comparison of a class (recomputed whenever its inputs change).

use std::rc::Rc;

use crate::model::classroom::{
    class_report, grade, ClassReport, Exercise, KeyClaim, StudentReport, Submission, Threshold,
};
use crate::model::text::CharRange;
use crate::model::{Annotation, Tag, Timestamp};

/// A student working on an exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct StudentWork {
    pub exercise: Rc<Exercise>,
    /// The exercise file as opened (kept for reloads).
    pub json: Rc<str>,
    pub student: String,
    pub started: Timestamp,
    /// After submitting: the student's score against the key, when the exercise gives feedback.
    pub feedback: Option<Rc<StudentReport>>,
    pub submitted: bool,
}

impl StudentWork {
    /// The submission of `annotations`, made now.
    pub fn submission<'a>(
        &self,
        annotations: impl IntoIterator<Item = &'a Annotation>,
        now: Timestamp,
    ) -> Submission {
        Submission::new(
            &self.exercise,
            &self.student,
            self.started.clone(),
            now,
            annotations,
        )
    }

    /// The score shown after submitting, when the exercise allows it and carries its key.
    pub fn score(&self, submission: &Submission) -> Option<StudentReport> {
        let key = self
            .exercise
            .key
            .as_ref()
            .filter(|_| self.exercise.feedback)?;
        Some(grade(key, submission, Threshold::HALF))
    }
}

/// The teacher's comparison of a class's submissions.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassView {
    pub exercise: Exercise,
    pub submissions: Vec<Submission>,
    /// Files that could not be read, with why.
    pub problems: Vec<String>,
    pub threshold: Threshold,
    pub report: ClassReport,
    /// The student whose details (confusion matrix, missed claims) are shown.
    pub selected: Option<usize>,
    pub contested_only: bool,
}

impl ClassView {
    pub fn new(exercise: Exercise) -> ClassView {
        let threshold = Threshold::HALF;
        let report = class_report(&exercise, &[], threshold);
        ClassView {
            exercise,
            submissions: Vec::new(),
            problems: Vec::new(),
            threshold,
            report,
            selected: None,
            contested_only: false,
        }
    }

    /// Adds submissions (a student who submits again replaces their earlier file).
    pub fn add(&mut self, submissions: Vec<Submission>, problems: Vec<String>) {
        for s in submissions {
            self.submissions.retain(|old| old.student != s.student);
            self.submissions.push(s);
        }
        self.problems.extend(problems);
        self.recompute();
    }

    pub fn set_threshold(&mut self, threshold: Threshold) {
        self.threshold = threshold;
        self.recompute();
    }

    /// Turns a stretch of the text into a claim of the answer key.
    pub fn add_key_claim(&mut self, id: String, range: CharRange, tag: Tag) {
        let key = self.exercise.key.get_or_insert_with(Vec::new);
        if key.iter().any(|k| k.range == range) {
            return;
        }
        key.push(KeyClaim {
            id,
            tag,
            range,
            explanation: String::new(),
        });
        key.sort_by_key(|k| (k.range.start, k.range.end));
        self.recompute();
    }

    fn recompute(&mut self) {
        self.report = class_report(&self.exercise, &self.submissions, self.threshold);
    }
}
