//! The classroom: a student's open exercise, the teacher's "new exercise" form and the
//! teacher's class comparison. The figures come from `model::classroom`; this part keeps them
//! together for the views and decides what each classroom act does.

use std::rc::Rc;

mod views;

pub use views::{ClassView, StudentWork};

use crate::app::{
    annotator, messages, Done, Download, Effect, Found, Fresh, SavedExercise, State, Then,
};
use crate::model::classroom::{
    self, export as class_export, link, Exercise, KeyClaim, StudentReport, Threshold,
};
use crate::model::export;
use crate::model::text::CharRange;
use crate::model::{Session, Tag, Timestamp};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Classroom {
    /// A student's open exercise.
    pub student: Option<Rc<StudentWork>>,
    /// The teacher's class comparison, and whether it is shown instead of the annotator.
    pub class: Option<Rc<ClassView>>,
    pub show_class: bool,
    /// The teacher's "new exercise" form, while it is open.
    pub form: Option<ExerciseForm>,
}

/// The "new exercise" form: only what it shows besides its fields.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExerciseForm {
    /// The link made for students, or why there is none.
    pub link: Option<Result<String, String>>,
}

/// What the teacher's form asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseSpec {
    pub title: String,
    pub instructions: String,
    pub tags: Vec<Tag>,
    pub with_key: bool,
    pub feedback: bool,
    /// Whether students may ask for suggested claims (off by default).
    pub allow_suggestions: bool,
}

/// An exercise file read and checked, waiting for its article's saved session.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseFile {
    pub exercise: Exercise,
    pub json: Rc<str>,
    /// A student's saved name and start, when this is a resumed exercise.
    pub resume: Option<SavedExercise>,
    pub now: Timestamp,
}

#[derive(Clone, Debug)]
pub enum ClassroomAction {
    /// A student opens an exercise file.
    OpenExercise {
        name: String,
        json: String,
        now: Timestamp,
    },
    /// At start: the page's address fragment, which may carry an exercise.
    OpenLink {
        fragment: String,
        now: Timestamp,
    },
    StudentName(String),
    Submit {
        now: Timestamp,
    },
    LeaveExercise,
    /// Open or close the teacher's form.
    Form(bool),
    /// Download the exercise the form describes (`split`: without the key, plus a key file).
    SaveExercise {
        spec: ExerciseSpec,
        fresh: Fresh,
        split: bool,
    },
    /// A link carrying the exercise (never its key); `base` is the app's address.
    MakeLink {
        spec: ExerciseSpec,
        fresh: Fresh,
        base: String,
    },
    /// The teacher loads an answer key: an exercise file with its key (or a key file for the
    /// exercise already loaded).
    ClassKey {
        name: String,
        text: Result<String, String>,
    },
    /// The teacher loads submission files (each name with its text, or why it was not read).
    ClassSubmissions(Vec<(String, Result<String, String>)>),
    /// The overlap threshold as typed.
    ClassThreshold(String),
    ClassSelect(Option<usize>),
    ClassContested(bool),
    ClassAddKey {
        range: CharRange,
        tag: Tag,
        fresh: Fresh,
    },
    ShowClass(bool),
    ExportGrades,
    ExportAgreement,
    /// Download the exercise with its (edited) key from the class view.
    SaveKeyedExercise,
}

pub fn reduce(state: &mut State, action: ClassroomAction, effects: &mut Vec<Effect>) {
    match action {
        ClassroomAction::OpenExercise { name, json, now } => {
            read_exercise(state, &name, json, None, now, effects)
        }
        ClassroomAction::OpenLink { fragment, now } => match link::from_fragment(&fragment) {
            Some(Ok(json)) => read_exercise(state, "the link", json, None, now, effects),
            Some(Err(e)) => state
                .notices
                .error(messages::exercise_link_failed(&e.to_string())),
            None => effects.push(Effect::LookUp {
                slot: state.annotator.slot.to_string(),
                then: Then::ResumeExercise(now),
            }),
        },
        ClassroomAction::StudentName(name) => {
            if let Some(work) = &state.classroom.student {
                let work = StudentWork {
                    student: name,
                    ..(**work).clone()
                };
                set_student(state, work, effects);
            }
        }
        ClassroomAction::Submit { now } => {
            let Some(work) = state.classroom.student.clone() else {
                return;
            };
            if work.student.trim().is_empty() {
                return state.notices.error(messages::NEED_NAME.into());
            }
            let submission = work.submission(state.session().annotations(), now);
            let name = format!(
                "{}-{}.claimmark-submission.json",
                exercise_stem(&work.exercise),
                export::slug(&work.student)
            );
            let feedback = work.score(&submission).map(Rc::new);
            effects.push(Effect::Download(Download {
                name: name.clone(),
                mime: "application/json",
                contents: submission.to_json(&work.exercise.document),
                what: "submission",
                done: Some(Done::Submitted { name, feedback }),
            }));
        }
        ClassroomAction::LeaveExercise => {
            state.classroom.student = None;
            effects.push(Effect::ForgetExercise {
                slot: state.annotator.slot.to_string(),
            });
        }
        ClassroomAction::Form(open) => {
            state.classroom.form = open.then(ExerciseForm::default);
        }
        ClassroomAction::SaveExercise { spec, fresh, split } => {
            if spec.tags.is_empty() {
                return state.notices.error(messages::NEED_TAGS.into());
            }
            let spec = ExerciseSpec {
                with_key: spec.with_key || split,
                ..spec
            };
            let exercise = make_exercise(state.session(), &spec, fresh);
            if split {
                save_exercise(&exercise, false, effects);
                save_key(state, &exercise, effects);
            } else {
                save_exercise(&exercise, spec.with_key, effects);
            }
        }
        ClassroomAction::MakeLink { spec, fresh, base } => {
            let spec = ExerciseSpec {
                with_key: false,
                ..spec
            };
            let exercise = make_exercise(state.session(), &spec, fresh);
            let made = link::to_fragment(&exercise.to_json(false))
                .map(|fragment| format!("{base}#{fragment}"))
                .ok_or_else(|| messages::link_too_long(link::MAX_LINK_CHARS));
            let form = state
                .classroom
                .form
                .get_or_insert_with(ExerciseForm::default);
            form.link = Some(made);
        }
        ClassroomAction::ClassKey { name, text } => {
            let text = match text {
                Ok(t) => t,
                Err(e) => return state.notices.error(e),
            };
            let exercise = match classroom::parse_exercise(&text) {
                Ok(e) => e,
                Err(exercise_error) => {
                    // Perhaps a separate key file for the exercise already loaded.
                    let keyed = state.classroom.class.as_ref().and_then(|view| {
                        let key = classroom::parse_key(&text, &view.exercise).ok()?;
                        let mut exercise = view.exercise.clone();
                        exercise.key = Some(key);
                        Some(exercise)
                    });
                    match keyed {
                        Some(e) => e,
                        None => {
                            return state.notices.error(messages::key_unreadable(
                                &name,
                                &exercise_error.to_string(),
                            ))
                        }
                    }
                }
            };
            if exercise.key.is_none() {
                state.notices.status(messages::key_missing(&name));
            }
            let mut view = ClassView::new(exercise);
            if let Some(old) = &state.classroom.class {
                // Submissions already loaded stay when the same exercise's key is loaded again.
                if old.exercise.id == view.exercise.id {
                    view.add(old.submissions.clone(), Vec::new());
                }
            }
            state.classroom.class = Some(Rc::new(view));
            state.classroom.show_class = true;
        }
        ClassroomAction::ClassSubmissions(files) => {
            let Some(view) = state.classroom.class.clone() else {
                return state.notices.error(messages::KEY_FIRST.into());
            };
            let mut submissions = Vec::new();
            let mut problems = Vec::new();
            for (name, text) in files {
                match text.and_then(|t| {
                    classroom::parse_submission(&t, &view.exercise).map_err(|e| e.to_string())
                }) {
                    Ok(s) => submissions.push(s),
                    Err(e) => problems.push(format!("{name}: {e}")),
                }
            }
            let n = submissions.len();
            let moved = submissions
                .iter()
                .filter(|s| s.reanchored.is_some())
                .count();
            let problem_count = problems.len();
            let mut view = (*view).clone();
            view.add(submissions, problems);
            state.classroom.class = Some(Rc::new(view));
            state.classroom.show_class = true;
            state
                .notices
                .status(messages::submissions_loaded(n, moved, problem_count));
        }
        ClassroomAction::ClassThreshold(text) => {
            match text.trim().parse::<f64>().ok().and_then(Threshold::new) {
                Some(t) => update_class(state, |v| v.set_threshold(t)),
                None => state.notices.error(messages::BAD_THRESHOLD.into()),
            }
        }
        ClassroomAction::ClassSelect(i) => update_class(state, |v| v.selected = i),
        ClassroomAction::ClassContested(on) => update_class(state, |v| v.contested_only = on),
        ClassroomAction::ClassAddKey { range, tag, fresh } => {
            let Some(view) = &state.classroom.class else {
                return;
            };
            match view.exercise.document.snap(range) {
                Some(r) => {
                    let id = fresh.id(0);
                    let label = view.exercise.tags.label(tag).to_string();
                    update_class(state, |v| v.add_key_claim(id, r.range(), tag));
                    state.notices.status(messages::added_to_key(&label));
                }
                None => state.notices.error(messages::HEAT_ONLY_SPACES.into()),
            }
        }
        ClassroomAction::ShowClass(on) => {
            state.classroom.show_class = on && state.classroom.class.is_some()
        }
        ClassroomAction::ExportGrades => {
            let Some(view) = &state.classroom.class else {
                return;
            };
            if let Some(grades) = &view.report.grades {
                effects.push(Effect::Download(Download {
                    name: format!("{}-grades.csv", export::slug(&view.exercise.title)),
                    mime: "text/csv;charset=utf-8",
                    contents: class_export::grades_csv(&view.exercise.tags, grades),
                    what: "grades",
                    done: None,
                }));
            }
        }
        ClassroomAction::ExportAgreement => {
            let Some(view) = &state.classroom.class else {
                return;
            };
            effects.push(Effect::Download(Download {
                name: format!("{}-agreement.csv", export::slug(&view.exercise.title)),
                mime: "text/csv;charset=utf-8",
                contents: class_export::agreement_csv(
                    &view.report.students,
                    &view.report.agreement,
                ),
                what: "agreement figures",
                done: None,
            }));
        }
        ClassroomAction::SaveKeyedExercise => {
            if let Some(view) = state.classroom.class.clone() {
                save_exercise(&view.exercise, true, effects);
            }
        }
    }
}

/// Reads an exercise file, then asks for its article's saved session.
fn read_exercise(
    state: &mut State,
    name: &str,
    json: String,
    resume: Option<SavedExercise>,
    now: Timestamp,
    effects: &mut Vec<Effect>,
) {
    match classroom::parse_exercise(&json) {
        Ok(exercise) => effects.push(Effect::LookUp {
            slot: exercise_slot(&exercise),
            then: Then::OpenExercise(Rc::new(ExerciseFile {
                exercise,
                json: json.into(),
                resume,
                now,
            })),
        }),
        Err(e) => state
            .notices
            .error(messages::exercise_unreadable(name, &e.to_string())),
    }
}

/// Where a student's work on an exercise is kept: beside the article, by the exercise's id.
pub fn exercise_slot(exercise: &Exercise) -> String {
    format!("{}#{}", exercise.document.fingerprint(), exercise.id)
}

/// Opens a read exercise for the student, with its saved session and progress when found.
pub(crate) fn open_exercise(
    state: &mut State,
    slot: String,
    file: &ExerciseFile,
    found: Found,
    effects: &mut Vec<Effect>,
) {
    let session = found.session.ok().flatten().unwrap_or_else(|| {
        Session::with_tags(file.exercise.document.clone(), file.exercise.tags.clone())
    });
    let saved = file.resume.clone().or(found.exercise);
    let work = StudentWork {
        json: file.json.clone(),
        student: saved
            .as_ref()
            .map(|s| s.student.clone())
            .unwrap_or_default(),
        started: saved
            .as_ref()
            .and_then(|s| Timestamp::parse(&s.started))
            .unwrap_or_else(|| file.now.clone()),
        feedback: None,
        submitted: saved.is_some_and(|s| s.submitted),
        exercise: Rc::new(file.exercise.clone()),
    };
    let title = work.exercise.title.clone();
    annotator::replace(state, &slot, session, effects);
    state.classroom.show_class = false;
    set_student(state, work, effects);
    state.notices.status(messages::opened_exercise(&title));
}

/// At start: the student's exercise kept beside the open article comes back.
pub(crate) fn resume(
    state: &mut State,
    saved: SavedExercise,
    now: Timestamp,
    effects: &mut Vec<Effect>,
) {
    let exercise = match classroom::parse_exercise(&saved.json) {
        Ok(e) => e,
        Err(e) => {
            return state.notices.error(messages::exercise_unreadable(
                "the saved exercise",
                &e.to_string(),
            ))
        }
    };
    if exercise_slot(&exercise) != *state.annotator.slot {
        return;
    }
    let work = StudentWork {
        json: saved.json.as_str().into(),
        student: saved.student.clone(),
        started: Timestamp::parse(&saved.started).unwrap_or(now),
        feedback: None,
        submitted: saved.submitted,
        exercise: Rc::new(exercise),
    };
    let title = work.exercise.title.clone();
    set_student(state, work, effects);
    state.notices.status(messages::opened_exercise(&title));
}

/// The student's submission was saved: the work is marked exported and submitted, with its
/// feedback when the exercise gives it.
pub(crate) fn submitted(
    state: &mut State,
    name: &str,
    feedback: Option<Rc<StudentReport>>,
    effects: &mut Vec<Effect>,
) {
    let Some(work) = state.classroom.student.clone() else {
        return;
    };
    annotator::mark_exported(state, effects);
    let work = StudentWork {
        submitted: true,
        feedback,
        ..(*work).clone()
    };
    set_student(state, work, effects);
    state.notices.status(messages::submitted(name));
}

/// Keeps the student's work in the state and beside its slot.
fn set_student(state: &mut State, work: StudentWork, effects: &mut Vec<Effect>) {
    effects.push(Effect::SaveExercise {
        slot: state.annotator.slot.to_string(),
        saved: SavedExercise {
            json: work.json.to_string(),
            student: work.student.clone(),
            started: work.started.as_str().to_string(),
            submitted: work.submitted,
        },
    });
    state.classroom.student = Some(Rc::new(work));
}

fn update_class(state: &mut State, f: impl FnOnce(&mut ClassView)) {
    if let Some(view) = &mut state.classroom.class {
        f(Rc::make_mut(view));
    }
}

/// The exercise the teacher's form describes, made from the open article (and, when asked,
/// its annotations as the key, each note becoming its explanation).
pub fn make_exercise(session: &Session, spec: &ExerciseSpec, fresh: Fresh) -> Exercise {
    let key = spec.with_key.then(|| {
        session
            .annotations()
            .iter()
            .filter(|a| !a.is_orphaned() && spec.tags.contains(&a.tag))
            .map(|a| KeyClaim {
                id: a.id.clone(),
                tag: a.tag,
                range: a.range,
                explanation: a.note.clone(),
            })
            .collect()
    });
    Exercise {
        id: fresh.id(0),
        title: spec.title.trim().to_string(),
        instructions: spec.instructions.trim().to_string(),
        tags: session.tags().only(&spec.tags),
        feedback: spec.feedback && spec.with_key,
        allow_suggestions: spec.allow_suggestions,
        document: session.doc().clone(),
        key,
    }
}

fn exercise_stem(exercise: &Exercise) -> String {
    export::slug(if exercise.title.is_empty() {
        exercise.document.title()
    } else {
        &exercise.title
    })
}

fn save_exercise(exercise: &Exercise, with_key: bool, effects: &mut Vec<Effect>) {
    let name = format!("{}.claimmark.json", exercise_stem(exercise));
    effects.push(Effect::Download(Download {
        name: name.clone(),
        mime: "application/json",
        contents: exercise.to_json(with_key),
        what: "exercise",
        done: Some(Done::Saved(messages::exercise_saved(
            &name,
            with_key && exercise.key.is_some(),
        ))),
    }));
}

fn save_key(state: &mut State, exercise: &Exercise, effects: &mut Vec<Effect>) {
    let Some(json) = exercise.key_json() else {
        return state.notices.error(messages::NO_KEY_TO_SAVE.into());
    };
    let name = format!("{}.claimmark-key.json", exercise_stem(exercise));
    effects.push(Effect::Download(Download {
        name: name.clone(),
        mime: "application/json",
        contents: json,
        what: "key",
        done: Some(Done::Saved(messages::saved_file(&name))),
    }));
}
