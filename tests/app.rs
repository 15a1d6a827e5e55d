//! The app core as tables: a state and an action, and the state and effects they give,
//! rendered as a few lines of text by [`describe`] and compared with `expect!` snapshots.
//!
//! `UPDATE_EXPECT=1 cargo test --test app` rewrites the snapshots; read every one after: a
//! snapshot that records a bug is a bug.
//!
//! Ids are made from `Fresh` seeds, so they are shown by seed: `#1` is `fresh(1).id(0)`, `#7.2`
//! is `fresh(7).id(2)`. `FP` is the fingerprint of the test article; other fingerprints and
//! uuids are cut to 8 hex digits.

mod common;
use common::find;

use std::fmt::Write as _;
use std::rc::Rc;

use claimmark::app::annotator::{Confirm, Pending, MAX_ARTICLE_BYTES};
use claimmark::app::classroom::{exercise_slot, ExerciseFile, ExerciseSpec};
use claimmark::app::keys::{on_key, KeyContext, KeyPress};
use claimmark::app::{
    reduce, Action, AnnotatorAction as A, ClassroomAction as C, Done, Effect, Found, Fresh,
    ListAction as L, NoticeAction as N, Recent, SaveOutcome, SavedExercise, Startup, State, Then,
};
use claimmark::model::classroom::{link, parse_exercise, Exercise, KeyClaim, Submission};
use claimmark::model::export::{w3c, Format};
use claimmark::model::text::{CharRange, Document};
use claimmark::model::{
    Annotation, Command, Quote, Session, Status, Tag, TagEdit, TagSet, Timestamp,
};
use expect_test::{expect, Expect};

// ---------------------------------------------------------------------------------------------
// Fixtures

const TEXT: &str = "Putin said talks were constructive.\n\nBiden disputed it.";
const NOW: i64 = 1_764_000_000_000;
const FRESH: Fresh = Fresh {
    now_millis: NOW,
    seed: 7,
};

fn fresh(seed: u128) -> Fresh {
    Fresh {
        now_millis: NOW,
        seed,
    }
}

fn now() -> Timestamp {
    FRESH.now()
}

fn doc() -> Document {
    Document::plain("T", TEXT)
}

fn other_doc() -> Document {
    Document::plain("Other", "Another article entirely.")
}

/// The range of `needle` in the test article.
fn at(needle: &str) -> CharRange {
    find(&doc(), needle)
}

fn range(start: usize, end: usize) -> CharRange {
    CharRange::new(start, end).unwrap()
}

/// The id made by the seed's first `Fresh::id`.
fn id(seed: u128) -> String {
    fresh(seed).id(0)
}

/// The test article, nothing on it, kept in the slot `doc`.
fn start() -> State {
    State::new("doc", Session::new(doc()))
}

/// Saving `text` in the editor opened on `state`'s article, as the editor hands it over (a
/// document with the same title).
fn save_text(state: &State, text: &str) -> A {
    A::SaveText {
        doc: Document::plain("T", text),
        of: state.session().shared_doc().clone(),
    }
}

fn ann(action: A) -> Action {
    Action::Annotator(action)
}

/// Tags `needle` of the test article as the page's selection, with the seed's id.
fn tag(tag: Tag, needle: &str, seed: u128) -> Action {
    ann(A::Tag {
        tag,
        live: Some(at(needle)),
        fresh: fresh(seed),
    })
}

/// `state` after `actions`, their effects dropped.
fn after(state: &State, actions: impl IntoIterator<Item = Action>) -> State {
    actions.into_iter().fold(state.clone(), |s, a| run(&s, a).0)
}

/// Without messages or a selected annotation, so a snapshot shows only what the action did.
fn quiet(mut state: State) -> State {
    state.notices.error = None;
    state.notices.status = None;
    state.list.selected = None;
    state
}

/// "Putin said" as a statement (#1) and "Biden disputed it" as a dispute (#2), unexported.
fn two() -> State {
    quiet(after(
        &start(),
        [
            tag(Tag::STATEMENT, "Putin said", 1),
            tag(Tag::DISPUTE, "Biden disputed it", 2),
        ],
    ))
}

/// `two()` plus an orphan (`lost`) whose quote is not in the text.
fn with_orphan() -> State {
    let mut state = two();
    state
        .annotator
        .session
        .apply(Command::Import {
            annotations: vec![Annotation {
                id: "lost".into(),
                tag: Tag::AGREEMENT,
                range: range(0, 0),
                quote: Quote {
                    exact: "Gorbachev agreed".into(),
                    prefix: String::new(),
                    suffix: String::new(),
                },
                status: Status::Orphaned,
                note: String::new(),
                created: now(),
                modified: now(),
                creator: None,
                claim: Default::default(),
            }],
            tags: vec![],
        })
        .unwrap();
    state
}

fn select(state: &State, seed: u128) -> State {
    let mut state = state.clone();
    state.list.selected = Some(id(seed));
    state
}

fn pending(r: CharRange) -> Pending {
    Pending {
        range: r,
        rect: (10.0, 20.0, 100.0, 16.0),
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Names for the ids the tests make, and the test article's fingerprint.
fn names() -> Vec<(String, String)> {
    let mut out = vec![(doc().fingerprint().to_string(), "FP".to_string())];
    for seed in 0..=20u128 {
        for n in 0..=3u64 {
            let name = if n == 0 {
                format!("#{seed}")
            } else {
                format!("#{seed}.{n}")
            };
            out.push((fresh(seed).id(n), name));
        }
    }
    out
}

/// Replaces the known ids by their names and cuts other uuids and fingerprints short.
fn shorten(text: &str) -> String {
    let mut text = text.to_string();
    for (long, name) in names() {
        text = text.replace(&long, &name);
    }
    for (prefix, short, len) in [("urn:sha256:", "sha256:", 64), ("urn:uuid:", "uuid:", 36)] {
        while let Some(i) = text.find(prefix) {
            let rest = &text[i + prefix.len()..];
            let end = rest
                .char_indices()
                .take(len)
                .take_while(|(_, c)| c.is_ascii_hexdigit() || *c == '-')
                .last()
                .map_or(0, |(j, c)| j + c.len_utf8());
            let kept: String = rest[..end].chars().take(8).collect();
            text = format!("{}{short}{kept}{}", &text[..i], &rest[end..]);
        }
    }
    text
}

fn cut(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

fn annotation(a: &Annotation) -> String {
    let mut line = format!(
        "[{}..{}] {} {:?} {}",
        a.range.start,
        a.range.end,
        a.tag.id(),
        a.quote.exact,
        a.id
    );
    match a.status {
        Status::Anchored => {}
        Status::Relocated { score } => write!(line, " (relocated {score:.2})").unwrap(),
        Status::Orphaned => line += " (orphaned)",
    }
    if !a.note.is_empty() {
        write!(line, " note {:?}", a.note).unwrap();
    }
    if let Some(c) = &a.claim.claimant {
        write!(line, " claimant {c:?}").unwrap();
    }
    if let Some(v) = &a.claim.verdict {
        write!(line, " verdict {v:?}").unwrap();
    }
    if !a.claim.links.is_empty() {
        write!(line, " answers {}", a.claim.links.join(" ")).unwrap();
    }
    line
}

/// A file's first line that says something (not a lone bracket), and how many lines it has.
fn first_line(contents: &str) -> String {
    let line = contents
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.chars().all(|c| "[]{},".contains(c)))
        .unwrap_or("");
    format!("{} ({} lines)", cut(line, 70), contents.lines().count())
}

fn then(t: &Then) -> String {
    match t {
        Then::OpenArticle(doc) => format!("OpenArticle “{}”", doc.title()),
        Then::OpenFetched(f) => format!("OpenFetched “{}” from {}", f.0.title(), f.1),
        Then::OpenRecent => "OpenRecent".into(),
        Then::OpenExercise(file) => format!(
            "OpenExercise “{}”{}",
            file.exercise.title,
            match &file.resume {
                Some(saved) => format!(" resuming {:?}", saved.student),
                None => String::new(),
            }
        ),
        Then::ResumeExercise(_) => "ResumeExercise".into(),
        Then::Reload => "Reload".into(),
    }
}

fn effect(e: &Effect) -> String {
    match e {
        Effect::Save => "Save".into(),
        Effect::SaveExercise { slot, saved } => format!(
            "SaveExercise {slot}: “{}”, student {:?}, started {}{}",
            parse_exercise(&saved.json).map_or("unreadable".into(), |e| e.title),
            saved.student,
            saved.started,
            if saved.submitted { ", submitted" } else { "" }
        ),
        Effect::ForgetExercise { slot } => format!("ForgetExercise {slot}"),
        Effect::Download(d) => format!(
            "Download {} ({}, {}): {}{}",
            d.name,
            d.mime,
            d.what,
            first_line(&d.contents),
            match &d.done {
                None => String::new(),
                Some(Done::Exported { .. }) => "; once saved: mark exported".into(),
                Some(Done::Submitted { .. }) => "; once saved: submitted".into(),
                Some(Done::Saved(m)) => format!("; once saved: “{m}”"),
            }
        ),
        Effect::Paint => "Paint".into(),
        Effect::Reanchor(w) => format!(
            "Reanchor {} annotations into {:?}",
            w.progress().1,
            shorten(w.new_doc().text())
        ),
        Effect::Reveal(r) => format!("Reveal [{}..{}]", r.start, r.end),
        Effect::ClearSelection => "ClearSelection".into(),
        Effect::Focus(f) => format!("Focus {f:?}"),
        Effect::LookUp { slot, then: t } => format!("LookUp {slot} then {}", then(t)),
        Effect::DeleteArticle { slot } => format!("DeleteArticle {slot}"),
        Effect::SaveAgain(ids) => format!("SaveAgain {}", ids.join(", ")),
    }
}

fn counts(c: claimmark::model::classroom::Counts) -> String {
    format!(
        "{} correct, {} extra, {} missed",
        c.correct, c.extra, c.missed
    )
}

/// The state as a person would see it, and the effects, one per line.
fn describe(s: &State, effects: &[Effect]) -> String {
    let mut out = String::new();
    let mut line = |l: String| {
        out += &l;
        out.push('\n');
    };
    let session = s.session();
    let d = session.doc();
    let mut head = format!("“{}” in {}", d.title(), s.annotator.slot);
    if d.text() != TEXT {
        write!(head, ", text {:?}", cut(d.text(), 50)).unwrap();
    }
    if let Some(l) = session.undo_label() {
        write!(head, ", undo {l:?}").unwrap();
    }
    if let Some(l) = session.redo_label() {
        write!(head, ", redo {l:?}").unwrap();
    }
    if session.has_unexported_work() {
        head += ", unexported";
    }
    line(head);
    if !session.tags().is_default() {
        let set: Vec<String> = session
            .tags()
            .iter()
            .map(|d| match session.tags().key(d.id) {
                Some(k) => format!("{k} {}", d.id),
                None => d.id.to_string(),
            })
            .collect();
        line(format!("tags: {}", set.join(", ")));
    }
    for a in session.annotations() {
        line(format!("  {}", annotation(a)));
    }
    if !session.meta().is_empty() {
        line(format!("article: {:?}", session.meta()));
    }
    if !session.review().is_default() {
        let r = session.review();
        line(format!(
            "review: {:?} by {:?}, scale {:?}",
            r.organisation,
            r.name,
            r.scale.to_lines().replace('\n', " | ")
        ));
    }
    if let Some(url) = &s.annotator.claimreview {
        line(format!("claimreview form: {url:?}"));
    }
    if let Some(id) = &s.list.selected {
        line(format!("selected {id}"));
    }
    if let Some(tag) = s.list.filter {
        line(format!("filter {}", tag.id()));
    }
    if !s.list.query.is_empty() {
        line(format!("search {:?}", s.list.query));
    }
    if let Some(p) = &s.annotator.pending {
        line(format!(
            "pending [{}..{}] {:?}",
            p.range.start,
            p.range.end,
            d.slice(p.range)
        ));
    }
    if let Some((anchor, focus)) = s.annotator.caret {
        line(format!("caret {anchor}..{focus}"));
    }
    if s.annotator.editing {
        line("editing".into());
    }
    if s.annotator.reanchoring.is_some() {
        line("placing the annotations in the edited text".into());
    }
    if let Some(Confirm::Open { slot, session }) = &s.annotator.confirm {
        line(format!(
            "confirm: open “{}” in {slot} ({} annotations)",
            session.doc().title(),
            session.annotations().len()
        ));
    }
    if let Some(e) = &s.notices.error {
        line(format!("error: {}", e.text));
    }
    if let Some(st) = &s.notices.status {
        line(format!("status: {}", st.text));
    }
    if let Some(p) = &s.notices.storage_problem {
        line(format!("storage problem: {p}"));
    }
    for r in s.recent.iter() {
        line(format!(
            "recent: {} “{}” ({} annotations, saved {})",
            r.slot, r.title, r.annotations, r.saved
        ));
    }
    let room = &s.classroom;
    if let Some(w) = &room.student {
        line(format!(
            "student: “{}” ({}), name {:?}, started {}{}",
            w.exercise.title,
            w.exercise.id,
            w.student,
            w.started.as_str(),
            if w.submitted { ", submitted" } else { "" }
        ));
        if let Some(f) = &w.feedback {
            line(format!("  feedback: {}", counts(f.overall())));
        }
    }
    if let Some(v) = &room.class {
        let key = match &v.exercise.key {
            Some(k) => format!("{} key claims", k.len()),
            None => "no key".into(),
        };
        line(format!(
            "class: “{}” ({}), {key}, threshold {}{}{}{}",
            v.exercise.title,
            v.exercise.id,
            v.threshold.value(),
            if room.show_class { ", shown" } else { "" },
            v.selected
                .map_or(String::new(), |i| format!(", student {i} selected")),
            if v.contested_only {
                ", contested only"
            } else {
                ""
            },
        ));
        for k in v.exercise.key.iter().flatten() {
            line(format!(
                "  key [{}..{}] {} {:?} {}",
                k.range.start,
                k.range.end,
                k.tag.id(),
                v.exercise.document.slice(k.range),
                k.id
            ));
        }
        for (i, name) in v.report.students.iter().enumerate() {
            match &v.report.grades {
                Some(g) => line(format!("  {name}: {}", counts(g[i].overall()))),
                None => line(format!("  {name}")),
            }
        }
        for p in &v.problems {
            line(format!("  problem: {p}"));
        }
    } else if room.show_class {
        line("class shown, but there is none".into());
    }
    if let Some(form) = &room.form {
        match &form.link {
            None => line("form open".into()),
            Some(Ok(l)) => line(format!(
                "form open, link {} ({} chars)",
                cut(l, 40),
                l.len()
            )),
            Some(Err(e)) => line(format!("form open, no link: {e}")),
        }
    }
    if !effects.is_empty() {
        line("effects:".into());
        for e in effects {
            line(format!("  {}", effect(e)));
        }
    }
    shorten(&out)
}

// ---------------------------------------------------------------------------------------------
// Checks: one per part of the state

fn check(state: &State, action: Action, expect: Expect) -> State {
    let (next, effects) = run(state, action);
    expect.assert_eq(&describe(&next, &effects));
    next
}

fn check_annotator(state: &State, action: A, expect: Expect) -> State {
    check(state, Action::Annotator(action), expect)
}

fn check_list(state: &State, action: L, expect: Expect) -> State {
    check(state, Action::List(action), expect)
}

fn check_notice(state: &State, action: N, expect: Expect) -> State {
    check(state, Action::Notice(action), expect)
}

fn check_classroom(state: &State, action: C, expect: Expect) -> State {
    check(state, Action::Classroom(action), expect)
}

/// The effects of `action` on `state`, and the state it gives, as the shell would see them
/// when the browser accepts every download: each download's follow-up is sent back as
/// `Action::Downloaded`, and its effects follow (after a `Downloaded` marker line).
fn run(state: &State, action: Action) -> (State, Vec<Effect>) {
    let (mut next, mut effects) = reduce(state, action);
    let done: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Download(d) => d.done.clone(),
            _ => None,
        })
        .collect();
    for d in done {
        let (after, more) = reduce(&next, Action::Downloaded(d));
        next = after;
        effects.extend(more);
    }
    (next, effects)
}

/// The look-up among `effects`.
fn lookup(effects: &[Effect]) -> (String, Then) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::LookUp { slot, then } => Some((slot.clone(), then.clone())),
            _ => None,
        })
        .expect("a LookUp effect")
}

fn found(slot: &str, session: Result<Option<Session>, String>, then: Then) -> Action {
    Action::Found {
        slot: slot.into(),
        found: Box::new(Found {
            session,
            exercise: None,
        }),
        then,
    }
}

// ---------------------------------------------------------------------------------------------
// Annotator: tagging

#[test]
fn tag_the_live_selection() {
    check_annotator(
        &start(),
        A::Tag {
            tag: Tag::STATEMENT,
            live: Some(at("Putin said")),
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [0..10] statement "Putin said" #7
            selected #7
            status: Statement added: “Putin said”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
    // Spaces around the selection are trimmed off.
    check_annotator(
        &start(),
        A::Tag {
            tag: Tag::AGREEMENT,
            live: Some(range(10, 17)),
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add agreement", unexported
              [11..16] agreement "talks" #7
            selected #7
            status: Agreement added: “talks”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
}

#[test]
fn tag_the_pending_selection_unless_the_page_has_a_newer_one() {
    let waiting = after(&start(), [ann(A::Select(Some(pending(at("talks")))))]);
    check_annotator(
        &waiting,
        A::Tag {
            tag: Tag::DISPUTE,
            live: None,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [11..16] dispute "talks" #7
            selected #7
            status: Dispute added: “talks”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
    check_annotator(
        &waiting,
        A::Tag {
            tag: Tag::DISPUTE,
            live: Some(at("Biden")),
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [37..42] dispute "Biden" #7
            selected #7
            status: Dispute added: “Biden”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
}

#[test]
fn tag_the_keyboard_caret_when_it_is_extended() {
    let extended = after(&start(), [ann(A::ToggleKeyboard), ann(A::Caret((22, 0)))]);
    let extended = quiet(extended);
    check_annotator(
        &extended,
        A::Tag {
            tag: Tag::STATEMENT,
            live: Some(at("Biden")),
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [0..21] statement "Putin said talks were" #7
            selected #7
            caret 0..0
            status: Statement added: “Putin said talks were”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
    // A collapsed caret selects nothing: the page's selection is tagged.
    let collapsed = quiet(after(&start(), [ann(A::Caret((3, 3)))]));
    check_annotator(
        &collapsed,
        A::Tag {
            tag: Tag::STATEMENT,
            live: Some(at("Biden")),
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [37..42] statement "Biden" #7
            selected #7
            caret 3..3
            status: Statement added: “Biden”
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
}

#[test]
fn tag_nothing_or_only_spaces() {
    // The blank line between the paragraphs.
    check_annotator(
        &after(&start(), [ann(A::Select(Some(pending(range(35, 37)))))]),
        A::Tag {
            tag: Tag::STATEMENT,
            live: None,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc
            error: Only spaces are selected: select some words to tag.
            effects:
              ClearSelection
        "#]],
    );
    // Nothing selected anywhere: nothing happens.
    check_annotator(
        &two(),
        A::Tag {
            tag: Tag::STATEMENT,
            live: None,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    // The same fresh ids twice: the second is refused and says why.
    check_annotator(
        &two(),
        A::Tag {
            tag: Tag::STATEMENT,
            live: Some(at("talks")),
            fresh: fresh(1),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: An annotation with the id #1 exists already.
            effects:
              ClearSelection
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Annotator: changing annotations

#[test]
fn retag() {
    check_annotator(
        &two(),
        A::Retag {
            id: id(1),
            tag: Tag::AGREEMENT,
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "change tag", unexported
              [0..10] agreement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              Paint
              Save
        "#]],
    );
    check_annotator(
        &two(),
        A::Retag {
            id: id(1),
            tag: Tag::STATEMENT,
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    check_annotator(
        &two(),
        A::Retag {
            id: "gone".into(),
            tag: Tag::STATEMENT,
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: No annotation has the id gone.
        "#]],
    );
}

#[test]
fn note_typing_is_one_undo_step() {
    let note = |text: &str| {
        ann(A::Note {
            id: id(2),
            note: text.into(),
            now: now(),
        })
    };
    let typed = check(
        &after(&two(), [note("Fa")]),
        note("False"),
        expect![[r#"
            “T” in doc, undo "edit note", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2 note "False"
            effects:
              Paint
              Save
        "#]],
    );
    check_annotator(
        &typed,
        A::Undo,
        expect![[r#"
            “T” in doc, undo "add dispute", redo "edit note", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Undone: edit note
            effects:
              Paint
              Save
        "#]],
    );
}

#[test]
fn delete() {
    check_annotator(
        &select(&two(), 2),
        A::Delete { id: id(2) },
        expect![[r##"
            “T” in doc, undo "delete", unexported
              [0..10] statement "Putin said" #1
            effects:
              Paint
              Save
              Focus ListItem(Some("#1"))
        "##]],
    );
    // Another annotation stays selected; focus goes to the item now in the deleted one's place.
    check_annotator(
        &select(&two(), 2),
        A::Delete { id: id(1) },
        expect![[r##"
            “T” in doc, undo "delete", unexported
              [37..54] dispute "Biden disputed it" #2
            selected #2
            effects:
              Paint
              Save
              Focus ListItem(Some("#2"))
        "##]],
    );
    check_annotator(
        &two(),
        A::Delete { id: "gone".into() },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: No annotation has the id gone.
        "#]],
    );
}

#[test]
fn reattach() {
    check_annotator(
        &with_orphan(),
        A::Reattach {
            id: "lost".into(),
            live: Some(at("talks were constructive")),
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "re-attach", unexported
              [0..10] statement "Putin said" #1
              [11..34] agreement "talks were constructive" lost
              [37..54] dispute "Biden disputed it" #2
            effects:
              Paint
              Save
              ClearSelection
        "#]],
    );
    check_annotator(
        &with_orphan(),
        A::Reattach {
            id: "lost".into(),
            live: None,
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "import 1 annotation", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            error: Select the passage in the article first, then press Re-attach.
        "#]],
    );
    check_annotator(
        &with_orphan(),
        A::Reattach {
            id: "lost".into(),
            live: Some(range(35, 37)),
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "import 1 annotation", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            error: Select the passage in the article first, then press Re-attach.
        "#]],
    );
}

#[test]
fn undo_and_redo() {
    let tagged = after(&start(), [tag(Tag::STATEMENT, "Putin said", 1)]);
    let undone = check_annotator(
        &tagged,
        A::Undo,
        expect![[r#"
            “T” in doc, redo "add statement"
            status: Undone: add statement
            effects:
              Paint
              Save
        "#]],
    );
    check_annotator(
        &undone,
        A::Redo,
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [0..10] statement "Putin said" #1
            status: Redone: add statement
            effects:
              Paint
              Save
        "#]],
    );
    check_annotator(
        &start(),
        A::Undo,
        expect![[r#"
            “T” in doc
            error: There is nothing to undo.
        "#]],
    );
    check_annotator(
        &two(),
        A::Redo,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: There is nothing to redo.
        "#]],
    );
    // Undo drops a selection waiting for a tag (its text may have gone).
    let waiting = after(&two(), [ann(A::Select(Some(pending(at("talks")))))]);
    check_annotator(
        &waiting,
        A::Undo,
        expect![[r#"
            “T” in doc, undo "add statement", redo "add dispute", unexported
              [0..10] statement "Putin said" #1
            status: Undone: add dispute
            effects:
              Paint
              Save
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Annotator: import and export

#[test]
fn import() {
    let json = w3c::export(&doc(), &TagSet::default(), two().session().annotations());
    let import = |text: &str| A::Import {
        name: "notes.jsonld".into(),
        text: text.into(),
        fresh: FRESH,
    };
    let imported = check_annotator(
        &start(),
        import(&json),
        expect![[r#"
            “T” in doc, undo "import 2 annotations", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: 2 annotations imported.
            effects:
              Paint
              Save
        "#]],
    );
    // The same file again: nothing new.
    check_annotator(
        &quiet(imported),
        import(&json),
        expect![[r#"
            “T” in doc, undo "import 2 annotations", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: 0 annotations imported, 2 already here.
        "#]],
    );
    // A broken file: nothing changes but the error.
    let broken = check_annotator(
        &two(),
        import("{\"type\": "),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: Nothing was imported from “notes.jsonld”. The file is not valid JSON: EOF while parsing a value (line 1, column 9).
        "#]],
    );
    assert_eq!(broken.annotator, two().annotator);
    assert_eq!(broken.list, two().list);
    check_annotator(
        &two(),
        import("[]"),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: 0 annotations imported.
        "#]],
    );
}

#[test]
fn import_from_another_version_of_the_text() {
    let old = Document::plain(
        "T",
        "Putin said the talks were constructive.\n\nGorbachev agreed. Biden disputed it.",
    );
    let mut s = Session::new(old.clone());
    for (i, (tag, needle)) in [
        (Tag::STATEMENT, "Putin said the talks"),
        (Tag::AGREEMENT, "Gorbachev agreed"),
        (Tag::DISPUTE, "Biden disputed it"),
    ]
    .into_iter()
    .enumerate()
    {
        s.apply(Command::Create {
            id: format!("urn:x:{i}"),
            tag,
            range: old.snap(find(&old, needle)).unwrap(),
            now: now(),
            creator: None,
        })
        .unwrap();
    }
    let json = w3c::export(&old, s.tags(), s.annotations());
    check_annotator(
        &start(),
        A::Import {
            name: "old.jsonld".into(),
            text: json,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "import 3 annotations", unexported
              [37..54] dispute "Biden disputed it" urn:x:2 (relocated 0.64)
              [0..20] statement "Putin said the talks" urn:x:0 (orphaned)
              [41..57] agreement "Gorbachev agreed" urn:x:1 (orphaned)
            status: 3 annotations imported, 1 relocated (the text differs), 2 orphaned (quote not found: shown at the end of the list).
            effects:
              Paint
              Save
        "#]],
    );
}

/// A download the browser refused (or that never finished) changes nothing: the work stays
/// unexported and no "Exported" message claims otherwise.
#[test]
fn an_export_counts_only_once_the_browser_saved_it() {
    let (next, effects) = reduce(
        &two(),
        ann(A::Export {
            format: Format::W3c,
            now: now(),
        }),
    );
    expect![[r#"
        “T” in doc, undo "add dispute", unexported
          [0..10] statement "Putin said" #1
          [37..54] dispute "Biden disputed it" #2
        effects:
          Download t-2025-11-24.annotations.jsonld (application/ld+json, export): "@context": "http://www.w3.org/ns/anno.jsonld", (74 lines); once saved: mark exported
    "#]].assert_eq(&describe(&next, &effects));
}

#[test]
fn export_in_every_format() {
    for (format, expect) in [
        (
            Format::W3c,
            expect![[r#"
                “T” in doc, undo "add dispute"
                  [0..10] statement "Putin said" #1
                  [37..54] dispute "Biden disputed it" #2
                status: Exported t-2025-11-24.annotations.jsonld.
                effects:
                  Download t-2025-11-24.annotations.jsonld (application/ld+json, export): "@context": "http://www.w3.org/ns/anno.jsonld", (74 lines); once saved: mark exported
                  Save
            "#]],
        ),
        (
            Format::Csv,
            expect![[r#"
                “T” in doc, undo "add dispute"
                  [0..10] statement "Putin said" #1
                  [37..54] dispute "Biden disputed it" #2
                status: Exported t-2025-11-24.annotations.csv.
                effects:
                  Download t-2025-11-24.annotations.csv (text/csv;charset=utf-8, export): id,tag,start,end,quote,note,created (3 lines); once saved: mark exported
                  Save
            "#]],
        ),
        (
            Format::Jsonl,
            expect![[r#"
                “T” in doc, undo "add dispute"
                  [0..10] statement "Putin said" #1
                  [37..54] dispute "Biden disputed it" #2
                status: Exported t-2025-11-24.doccano.jsonl.
                effects:
                  Download t-2025-11-24.doccano.jsonl (application/x-ndjson, export): {"text":"Putin said talks were constructive.\n\nBiden disputed it.","l… (1 lines); once saved: mark exported
                  Save
            "#]],
        ),
    ] {
        check_annotator(&two(), A::Export { format, now: now() }, expect);
    }
    // Orphans have no place in the text: the message says they were left out.
    check_annotator(
        &with_orphan(),
        A::Export {
            format: Format::W3c,
            now: now(),
        },
        expect![[r#"
            “T” in doc, undo "import 1 annotation"
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            status: Exported t-2025-11-24.annotations.jsonld. 1 orphaned annotation(s) have no place in this text and were left out: re-attach or delete them.
            effects:
              Download t-2025-11-24.annotations.jsonld (application/ld+json, export): "@context": "http://www.w3.org/ns/anno.jsonld", (74 lines); once saved: mark exported
              Save
        "#]],
    );
    // The file holds the annotations.
    let (_, effects) = run(
        &two(),
        ann(A::Export {
            format: Format::Csv,
            now: now(),
        }),
    );
    let Effect::Download(d) = &effects[0] else {
        panic!("a download first")
    };
    expect![[r#"
        id,tag,start,end,quote,note,created
        #1,statement,0,10,Putin said,,2025-11-24T16:00:00.000Z
        #2,dispute,37,54,Biden disputed it,,2025-11-24T16:00:00.000Z
    "#]]
    .assert_eq(&shorten(&d.contents.replace("\r\n", "\n")));
    // CSV rows end in CRLF (RFC 4180).
    assert_eq!(d.contents.matches("\r\n").count(), 3);
}

// ---------------------------------------------------------------------------------------------
// Annotator: editing the text

#[test]
fn edit_and_save_text() {
    let waiting = after(&two(), [ann(A::Select(Some(pending(at("talks")))))]);
    let editing = check_annotator(
        &waiting,
        A::Edit(true),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            editing
        "#]],
    );
    check_annotator(
        &editing,
        A::Edit(false),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    let three = quiet(after(
        &two(),
        [tag(Tag::AGREEMENT, "talks were constructive", 3)],
    ));
    let editing = after(&three, [ann(A::Edit(true))]);
    check_annotator(
        &editing,
        save_text(
            &editing,
            "Putin said the talks were quite constructive.\n\nNobody disputed it.",
        ),
        expect![[r#"
            “T” in doc, text "Putin said the talks were quite constructive.\n\nNob…", undo "edit text", unexported
              [0..10] statement "Putin said" #1
              [49..65] dispute "body disputed it" #2 (relocated 0.76)
              [11..34] agreement "talks were constructive" #3 (orphaned)
            status: Text saved. 1 anchored, 1 relocated, 1 orphaned.
            effects:
              Save
        "#]],
    );
    check_annotator(
        &editing,
        save_text(&editing, " \n\n "),
        expect![[r#"
            “T” in doc, undo "add agreement", unexported
              [0..10] statement "Putin said" #1
              [11..34] agreement "talks were constructive" #3
              [37..54] dispute "Biden disputed it" #2
            editing
            error: The text cannot be empty. Cancel to keep the article as it was.
        "#]],
    );
    // Saving the text unchanged changes nothing, and says so.
    check_annotator(
        &editing,
        save_text(&editing, TEXT),
        expect![[r#"
            “T” in doc, undo "add agreement", unexported
              [0..10] statement "Putin said" #1
              [11..34] agreement "talks were constructive" #3
              [37..54] dispute "Biden disputed it" #2
            status: Text saved. 3 anchored, 0 relocated, 0 orphaned.
        "#]],
    );
    // A save that arrives after the editor was closed is not taken; one made on another text
    // than the article's now (it changed meanwhile) is refused, and says so.
    let edited = "Putin spoke.\n\nNobody disputed it.";
    let closed = after(&editing, [ann(A::Edit(false))]);
    assert_eq!(run(&closed, ann(save_text(&editing, edited))).0, closed);
    let stale = A::SaveText {
        doc: Document::plain("T", edited),
        of: std::sync::Arc::new(other_doc()),
    };
    check_annotator(
        &editing,
        stale,
        expect![[r#"
            “T” in doc, undo "add agreement", unexported
              [0..10] statement "Putin said" #1
              [11..34] agreement "talks were constructive" #3
              [37..54] dispute "Biden disputed it" #2
            editing
            error: The article changed while its highlights were being placed in the edited text: nothing was saved. Edit the text again.
        "#]],
    );
}

/// A long article or many annotations: the edited text's annotations are placed in steps by the
/// shell ([`Effect::Reanchor`]), and the result is what saving at once gives.
#[test]
fn a_long_edit_is_placed_in_steps() {
    // 250 annotations, more than are placed at once: each paragraph's first word.
    let text: String = (0..250)
        .map(|i| format!("Paragraph {i} says the talks were constructive."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let edited = text.replace("talks were", "talks in Geneva were");
    let mut session = Session::new(Document::plain("T", &text));
    for (i, (at, _)) in text.match_indices("Paragraph").enumerate() {
        let r = session.doc().snap(range(at, at + 9)).unwrap();
        session
            .apply(Command::Create {
                id: id(i as u128 + 1),
                tag: Tag::STATEMENT,
                range: r,
                now: now(),
                creator: None,
            })
            .unwrap();
    }
    let editing = after(&State::new("doc", session), [ann(A::Edit(true))]);
    let (placing, effects) = run(&editing, ann(save_text(&editing, &edited)));
    let [Effect::Reanchor(work)] = effects.as_slice() else {
        panic!("expected one Reanchor effect, got {effects:?}");
    };
    let placing = quiet(placing);
    assert!(placing.annotator.reanchoring.is_some() && placing.annotator.editing);
    assert_eq!(
        placing.session(),
        editing.session(),
        "nothing changes before it is placed"
    );
    // A second save while the first is placed does nothing.
    assert_eq!(run(&placing, ann(save_text(&placing, &edited))).1, vec![]);

    // Done in steps of any size, the same as saving at once (the work of `SaveText` below the
    // threshold: `Command::ReplaceText`).
    let mut at_once = editing.session().clone();
    at_once
        .apply(Command::ReplaceText {
            doc: Document::plain("T", &edited),
        })
        .unwrap();
    for n in [1, 7, 1000] {
        let mut work = (**work).clone();
        let mut steps = 1;
        while !work.step(n) {
            steps += 1;
        }
        // Indexing, aligning, then placing n at a time.
        assert!(steps >= 3 + 250usize.div_ceil(n), "{steps} steps of {n}");
        let saved = after(&placing, [ann(A::TextReanchored(Box::new(work)))]);
        assert!(!saved.annotator.editing && saved.annotator.reanchoring.is_none());
        assert_eq!(saved.session().doc().text(), edited);
        assert_eq!(saved.session().annotations(), at_once.annotations());
        assert_eq!(
            saved.notices.status.as_ref().map(|n| n.text.as_str()),
            Some("Text saved. 250 anchored, 0 relocated, 0 orphaned.")
        );
    }
    // Unfinished work is finished when it comes back.
    let saved = after(&placing, [ann(A::TextReanchored(work.clone()))]);
    assert_eq!(saved.session().annotations(), at_once.annotations());

    // Closed meanwhile: the work is dropped.
    let cancelled = after(
        &placing,
        [ann(A::Edit(false)), ann(A::TextReanchored(work.clone()))],
    );
    assert_eq!(cancelled.session(), editing.session());
    // Closed, opened and saved again while the first save was still placed: the first save's
    // work comes back late and is not taken for the second's.
    let again = format!("{edited}\n\nA last paragraph.");
    let (resaved, effects) = run(&cancelled, ann(A::Edit(true)));
    assert!(effects.is_empty());
    let (resaved, effects) = run(&resaved, ann(save_text(&resaved, &again)));
    assert!(matches!(effects.as_slice(), [Effect::Reanchor(_)]));
    let late = after(&resaved, [ann(A::TextReanchored(work.clone()))]);
    assert_eq!(
        late.session(),
        editing.session(),
        "the late work is dropped"
    );
    assert!(
        late.annotator.reanchoring.is_some(),
        "the second save is still awaited"
    );
    // The annotations changed meanwhile (an undo): they are all placed again, at once.
    let undone = after(&placing, [ann(A::Undo)]);
    let saved = after(&undone, [ann(A::TextReanchored(work.clone()))]);
    assert_eq!(saved.session().annotations().len(), 249);
    assert_eq!(saved.session().doc().text(), edited);
    assert!(saved.session().annotations().iter().all(
        |a| a.status == Status::Anchored && saved.session().doc().slice(a.range) == "Paragraph"
    ));
    // Another article opened meanwhile: nothing is saved into it, and the user is told.
    let mut other = State::new("doc", Session::new(other_doc()));
    other.annotator.editing = true;
    other.annotator.reanchoring = Some(work.new_doc().clone());
    check_annotator(
        &other,
        A::TextReanchored(work.clone()),
        expect![[r#"
            “Other” in doc, text "Another article entirely."
            editing
            error: The article changed while its highlights were being placed in the edited text: nothing was saved. Edit the text again.
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Annotator: opening articles

#[test]
fn open_article_asks_storage_first() {
    check_annotator(
        &two(),
        A::OpenArticle(other_doc()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              LookUp sha256:54a7b502 then OpenArticle “Other”
        "#]],
    );
    check_annotator(
        &two(),
        A::OpenArticle(Document::plain("Blank", " \n \n")),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: The article is empty: paste or open a text with some words in it.
        "#]],
    );
    let huge = Document::plain("Huge", &"a".repeat(MAX_ARTICLE_BYTES + 1));
    check_annotator(
        &two(),
        A::OpenArticle(huge),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: This article is 5.2 MB; the largest Claimmark opens is 5 MB.
        "#]],
    );
}

fn other_found(session: Result<Option<Session>, String>) -> Action {
    found(
        other_doc().fingerprint(),
        session,
        Then::OpenArticle(Rc::new(other_doc())),
    )
}

/// A saved session of the other article, one annotation on it.
fn other_saved() -> Session {
    let d = other_doc();
    let mut s = Session::new(d.clone());
    s.apply(Command::Create {
        id: id(9),
        tag: Tag::AGREEMENT,
        range: d.snap(find(&d, "entirely")).unwrap(),
        now: now(),
        creator: None,
    })
    .unwrap();
    s
}

#[test]
fn open_article_found() {
    let exported = after(
        &two(),
        [ann(A::Export {
            format: Format::W3c,
            now: now(),
        })],
    );
    let exported = quiet(exported);
    check(
        &exported,
        other_found(Ok(None)),
        expect![[r#"
            “Other” in sha256:54a7b502, text "Another article entirely."
            status: Opened “Other”.
            effects:
              ClearSelection
              Save
        "#]],
    );
    check(
        &exported,
        other_found(Ok(Some(other_saved()))),
        expect![[r#"
            “Other” in sha256:54a7b502, text "Another article entirely.", undo "add agreement", unexported
              [16..24] agreement "entirely" #9
            status: Opened “Other”.
            effects:
              ClearSelection
              Save
        "#]],
    );
    // A save that could not be read was kept aside by the shell: a new session starts.
    check(
        &exported,
        other_found(Err("it is not JSON".into())),
        expect![[r#"
            “Other” in sha256:54a7b502, text "Another article entirely."
            status: Opened “Other”.
            effects:
              ClearSelection
              Save
        "#]],
    );
}

#[test]
fn open_article_over_unexported_work_asks_first() {
    let asking = check(
        &two(),
        other_found(Ok(Some(other_saved()))),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            confirm: open “Other” in sha256:54a7b502 (1 annotations)
        "#]],
    );
    check_annotator(
        &asking,
        A::ConfirmYes,
        expect![[r#"
            “Other” in sha256:54a7b502, text "Another article entirely.", undo "add agreement", unexported
              [16..24] agreement "entirely" #9
            status: Opened “Other”.
            effects:
              ClearSelection
              Save
        "#]],
    );
    check_annotator(
        &asking,
        A::ConfirmNo,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    // Nothing waits: the answers do nothing.
    check_annotator(
        &two(),
        A::ConfirmYes,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    // The article already open (its own slot) is not asked about.
    let mut same = Session::new(doc());
    same.apply(Command::MarkExported).unwrap();
    check(
        &two(),
        found("doc", Ok(Some(same)), Then::OpenArticle(Rc::new(doc()))),
        expect![[r#"
            “T” in doc
            status: Opened “T”.
            effects:
              Paint
              ClearSelection
              Save
        "#]],
    );
}

#[test]
fn open_recent() {
    check_annotator(
        &two(),
        A::OpenRecent("slot-9".into()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              LookUp slot-9 then OpenRecent
        "#]],
    );
    let exported = quiet(after(
        &two(),
        [ann(A::Export {
            format: Format::Csv,
            now: now(),
        })],
    ));
    check(
        &exported,
        found("slot-9", Ok(Some(other_saved())), Then::OpenRecent),
        expect![[r#"
            “Other” in slot-9, text "Another article entirely.", undo "add agreement", unexported
              [16..24] agreement "entirely" #9
            status: Opened “Other”.
            effects:
              ClearSelection
              Save
        "#]],
    );
    check(
        &two(),
        found("slot-9", Ok(None), Then::OpenRecent),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: That article is no longer saved in this browser.
        "#]],
    );
    check(
        &two(),
        found(
            "slot-9",
            Err("the save is damaged".into()),
            Then::OpenRecent,
        ),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: That article's saved work could not be opened: the save is damaged.
        "#]],
    );
    // Over unexported work it asks first, as any opening does.
    check(
        &two(),
        found("slot-9", Ok(Some(other_saved())), Then::OpenRecent),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            confirm: open “Other” in slot-9 (1 annotations)
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Annotator: selection, clicks, keyboard mode

#[test]
fn select_and_cancel() {
    let waiting = check_annotator(
        &two(),
        A::Select(Some(pending(at("talks")))),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            pending [11..16] "talks"
        "#]],
    );
    check_annotator(
        &waiting,
        A::Select(None),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    check_annotator(
        &waiting,
        A::CancelSelection,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              ClearSelection
        "#]],
    );
}

#[test]
fn click_selects_the_shortest_annotation_under_it() {
    let nested = quiet(after(
        &start(),
        [
            tag(Tag::STATEMENT, "Putin said talks were constructive", 1),
            tag(Tag::DISPUTE, "talks", 2),
        ],
    ));
    check_annotator(
        &nested,
        A::Click(Some(12)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
            selected #2
            effects:
              Paint
        "#]],
    );
    check_annotator(
        &nested,
        A::Click(Some(2)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
            selected #1
            effects:
              Paint
        "#]],
    );
    // A miss clears the selection; with nothing selected it does nothing.
    check_annotator(
        &select(&nested, 1),
        A::Click(Some(40)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
            effects:
              Paint
        "#]],
    );
    check_annotator(
        &select(&nested, 1),
        A::Click(None),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
            effects:
              Paint
        "#]],
    );
    check_annotator(
        &nested,
        A::Click(Some(40)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
        "#]],
    );
    // While a selection waits for its tag, a click is part of selecting.
    let waiting = after(&nested, [ann(A::Select(Some(pending(at("talks")))))]);
    check_annotator(
        &waiting,
        A::Click(Some(12)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..34] statement "Putin said talks were constructive" #1
              [11..16] dispute "talks" #2
            pending [11..16] "talks"
        "#]],
    );
}

#[test]
fn keyboard_mode() {
    let on = check_annotator(
        &two(),
        A::ToggleKeyboard,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            caret 0..0
            status: Keyboard annotating on: arrows move, Shift+arrows select, S selects the sentence, 1–3 tag, N writes a note, T tells the tag here, Escape leaves.
        "#]],
    );
    check_annotator(
        &on,
        A::ToggleKeyboard,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Keyboard annotating off.
        "#]],
    );
    let moved = check_annotator(
        &on,
        A::Caret((0, 5)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            caret 0..5
            status: Keyboard annotating on: arrows move, Shift+arrows select, S selects the sentence, 1–3 tag, N writes a note, T tells the tag here, Escape leaves.
        "#]],
    );
    check_annotator(
        &moved,
        A::LeaveKeyboard,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Keyboard annotating off.
            effects:
              ClearSelection
        "#]],
    );
}

#[test]
fn focus_note() {
    check_annotator(
        &select(&two(), 1),
        A::FocusNote,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            selected #1
            effects:
              Focus SelectedNote
        "#]],
    );
    // The annotation just tagged, then undone: there is no note to write.
    let undone = after(&start(), [tag(Tag::STATEMENT, "Putin", 1), ann(A::Undo)]);
    check_annotator(
        &undone,
        A::FocusNote,
        expect![[r#"
            “T” in doc, redo "add statement"
            status: Tag a passage first, then press N to write its note.
        "#]],
    );
    check_annotator(
        &two(),
        A::FocusNote,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Tag a passage first, then press N to write its note.
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// List

#[test]
fn list_focus() {
    check_list(
        &two(),
        L::Focus {
            id: Some(id(2)),
            jump: true,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            selected #2
            effects:
              Paint
              Reveal [37..54]
        "#]],
    );
    check_list(
        &two(),
        L::Focus {
            id: Some(id(2)),
            jump: false,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            selected #2
            effects:
              Paint
        "#]],
    );
    // An orphan has no place to scroll to.
    check_list(
        &with_orphan(),
        L::Focus {
            id: Some("lost".into()),
            jump: true,
        },
        expect![[r#"
            “T” in doc, undo "import 1 annotation", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            selected lost
            effects:
              Paint
        "#]],
    );
    check_list(
        &select(&two(), 1),
        L::Focus {
            id: None,
            jump: true,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              Paint
        "#]],
    );
}

/// Steps through the list from `state`, one line per step: the annotation selected after it.
fn check_steps(state: &State, steps: &[i32], expect: Expect) {
    let mut state = state.clone();
    let mut out = String::new();
    for &step in steps {
        let (next, effects) = reduce(&state, Action::List(L::Step(step)));
        let selected = next
            .list
            .selected
            .as_deref()
            .and_then(|id| next.session().get(id))
            .map_or("nothing".into(), |a| format!("{:?}", a.quote.exact));
        let effects: Vec<String> = effects.iter().map(effect).collect();
        writeln!(out, "{step:+} → {selected}  [{}]", effects.join(", ")).unwrap();
        state = next;
    }
    expect.assert_eq(&shorten(&out));
}

#[test]
fn list_step() {
    let three = quiet(after(&with_orphan(), [tag(Tag::STATEMENT, "talks", 3)]));
    check_steps(
        &three,
        &[1, 1, 1, 1, 1, -1, -1, -1, -1, -1],
        expect![[r#"
            +1 → "Putin said"  [Paint, Reveal [0..10]]
            +1 → "talks"  [Paint, Reveal [11..16]]
            +1 → "Biden disputed it"  [Paint, Reveal [37..54]]
            +1 → "Gorbachev agreed"  [Paint]
            +1 → "Gorbachev agreed"  []
            -1 → "Biden disputed it"  [Paint, Reveal [37..54]]
            -1 → "talks"  [Paint, Reveal [11..16]]
            -1 → "Putin said"  [Paint, Reveal [0..10]]
            -1 → "Putin said"  [Reveal [0..10]]
            -1 → "Putin said"  [Reveal [0..10]]
        "#]],
    );
    check_steps(
        &three,
        &[-1, -1],
        expect![[r#"
            -1 → "Gorbachev agreed"  [Paint]
            -1 → "Biden disputed it"  [Paint, Reveal [37..54]]
        "#]],
    );
    check_steps(
        &start(),
        &[1, -1],
        expect![[r#"
            +1 → nothing  []
            -1 → nothing  []
        "#]],
    );
    // Only the visible ones: a selected annotation hidden by the filter starts over.
    let statements = after(
        &select(&three, 2),
        [Action::List(L::Filter(Some(Tag::STATEMENT)))],
    );
    check_steps(
        &statements,
        &[1, 1, 1],
        expect![[r#"
            +1 → "Putin said"  [Paint, Reveal [0..10]]
            +1 → "talks"  [Paint, Reveal [11..16]]
            +1 → "talks"  [Reveal [11..16]]
        "#]],
    );
    let statements = after(
        &select(&three, 2),
        [Action::List(L::Filter(Some(Tag::STATEMENT)))],
    );
    check_steps(
        &statements,
        &[-1],
        expect![[r#"
            -1 → "talks"  [Paint, Reveal [11..16]]
        "#]],
    );
}

#[test]
fn list_filter_and_search() {
    let three = quiet(after(&with_orphan(), [tag(Tag::STATEMENT, "talks", 3)]));
    let visible = |s: &State| shorten(&s.visible_ids().join(" "));
    assert_eq!(visible(&three), "#1 #3 #2 lost");
    let disputes = check_list(
        &three,
        L::Filter(Some(Tag::DISPUTE)),
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [0..10] statement "Putin said" #1
              [11..16] statement "talks" #3
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            filter dispute
        "#]],
    );
    assert_eq!(visible(&disputes), "#2");
    let searched = check_list(
        &three,
        L::Search("TALKS".into()),
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [0..10] statement "Putin said" #1
              [11..16] statement "talks" #3
              [37..54] dispute "Biden disputed it" #2
              [0..0] agreement "Gorbachev agreed" lost (orphaned)
            search "TALKS"
        "#]],
    );
    assert_eq!(visible(&searched), "#3");
    let noted = after(
        &three,
        [
            ann(A::Note {
                id: id(2),
                note: "talks of peace".into(),
                now: now(),
            }),
            Action::List(L::Search("talks".into())),
        ],
    );
    assert_eq!(visible(&noted), "#3 #2");
    let both = after(&noted, [Action::List(L::Filter(Some(Tag::STATEMENT)))]);
    assert_eq!(visible(&both), "#3");
    let gorbachev = after(&three, [Action::List(L::Search("gorbachev".into()))]);
    assert_eq!(visible(&gorbachev), "lost");
    let none = after(
        &both,
        [
            Action::List(L::Filter(None)),
            Action::List(L::Search(String::new())),
        ],
    );
    assert_eq!(visible(&none), "#1 #3 #2 lost");
}

// ---------------------------------------------------------------------------------------------
// Notices

#[test]
fn notices() {
    let erred = check_notice(
        &start(),
        N::Error("It broke.".into()),
        expect![[r#"
            “T” in doc
            error: It broke.
        "#]],
    );
    let both = check_notice(
        &erred,
        N::Status("Still here.".into()),
        expect![[r#"
            “T” in doc
            error: It broke.
            status: Still here.
        "#]],
    );
    check_notice(
        &both,
        N::DismissError,
        expect![[r#"
            “T” in doc
            status: Still here.
        "#]],
    );
    // The same text again is a new notice, so it is announced again.
    let again = after(&erred, [Action::Notice(N::Error("It broke.".into()))]);
    assert_ne!(again.notices.error, erred.notices.error);
    assert_eq!(
        again.notices.error.as_ref().unwrap().text,
        erred.notices.error.as_ref().unwrap().text
    );
}

#[test]
fn saved_outcomes() {
    let saved = |outcome: SaveOutcome, recent: Vec<Recent>| Action::Saved { outcome, recent };
    let recent = vec![Recent {
        slot: "doc".into(),
        title: "T".into(),
        annotations: 2,
        saved: NOW,
        bytes: 2_000,
    }];
    let warned = check(
        &two(),
        saved(SaveOutcome::WithoutHistory, recent.clone()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            storage problem: The browser's storage for this site is nearly full: your article and annotations are saved, but not the undo history (undo will not reach back past a reload). Export your annotations to keep a copy.
            recent: doc “T” (2 annotations, saved 1764000000000)
        "#]],
    );
    check(
        &warned,
        saved(SaveOutcome::Full, recent.clone()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            storage problem: The browser's storage for this site is full, so your latest changes are not saved. They are still here in this tab: export them (Export JSON) to keep them.
            recent: doc “T” (2 annotations, saved 1764000000000)
        "#]],
    );
    check(
        &warned,
        saved(
            SaveOutcome::Failed("QuotaExceededError".into()),
            recent.clone(),
        ),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            storage problem: Saving in the browser failed (QuotaExceededError). Your work is still here in this tab: export it (Export JSON) before closing the page.
            recent: doc “T” (2 annotations, saved 1764000000000)
        "#]],
    );
    let fine = check(
        &warned,
        saved(SaveOutcome::Whole, recent.clone()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            recent: doc “T” (2 annotations, saved 1764000000000)
        "#]],
    );
    // The same list of recent articles keeps its storage (the state compares cheaply).
    let (again, _) = run(&fine, saved(SaveOutcome::Whole, recent));
    assert!(Rc::ptr_eq(&again.recent, &fine.recent));
}

// ---------------------------------------------------------------------------------------------
// Start

#[test]
fn start_up() {
    let recent = vec![Recent {
        slot: "doc".into(),
        title: "T".into(),
        annotations: 2,
        saved: NOW,
        bytes: 2_000,
    }];
    check_start(
        Startup::Empty,
        vec![],
        expect![[r#"
            “I agreed with Biden to return the ambassadors” in sha256:b18fba8e, text "I agreed with Biden to return the ambassadors\n\n\nBa…"
        "#]],
    );
    check_start(
        Startup::Restored {
            slot: "doc".into(),
            session: two().session().clone(),
        },
        recent,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            recent: doc “T” (2 annotations, saved 1764000000000)
        "#]],
    );
    check_start(
        Startup::Corrupt {
            kept_as: Some("claimmark-corrupt-1764000000000".into()),
            reason: "expected value at line 1 column 1".into(),
        },
        vec![],
        expect![[r#"
            “I agreed with Biden to return the ambassadors” in sha256:b18fba8e, text "I agreed with Biden to return the ambassadors\n\n\nBa…"
            error: The saved work could not be opened: expected value at line 1 column 1. It was kept aside in the browser's storage as “claimmark-corrupt-1764000000000”, so nothing was overwritten. The sample article is shown instead.
        "#]],
    );
    check_start(
        Startup::Corrupt {
            kept_as: None,
            reason: "it is from a newer Claimmark".into(),
        },
        vec![],
        expect![[r#"
            “I agreed with Biden to return the ambassadors” in sha256:b18fba8e, text "I agreed with Biden to return the ambassadors\n\n\nBa…"
            error: The saved work could not be opened: it is from a newer Claimmark. It was left where it was and will not be overwritten. The sample article is shown instead.
        "#]],
    );
}

fn check_start(startup: Startup, recent: Vec<Recent>, expect: Expect) {
    let state = State::start(startup, recent);
    expect.assert_eq(&describe(&state, &[]));
}

// ---------------------------------------------------------------------------------------------
// Classroom: the student

const EXERCISE_ID: &str = "ex-1";

/// An exercise on the test article: statements and disputes, its key marking the first
/// sentence as a statement and the second as a dispute.
fn exercise(feedback: bool) -> Exercise {
    Exercise {
        id: EXERCISE_ID.into(),
        title: "Claims".into(),
        instructions: "Mark the claims.".into(),
        tags: TagSet::default().only(&[Tag::STATEMENT, Tag::DISPUTE]),
        feedback,
        allow_suggestions: false,
        document: doc(),
        key: Some(vec![
            KeyClaim {
                id: "k1".into(),
                tag: Tag::STATEMENT,
                range: at("Putin said talks were constructive."),
                explanation: "Reported speech.".into(),
            },
            KeyClaim {
                id: "k2".into(),
                tag: Tag::DISPUTE,
                range: at("Biden disputed it."),
                explanation: String::new(),
            },
        ]),
    }
}

fn slot() -> String {
    exercise_slot(&exercise(false))
}

fn open_exercise(json: &str) -> C {
    C::OpenExercise {
        name: "claims.claimmark.json".into(),
        json: json.into(),
        now: now(),
    }
}

/// A student in the exercise (`feedback` as given), no name yet, nothing marked.
fn student(feedback: bool) -> State {
    let (opening, effects) = run(
        &start(),
        Action::Classroom(open_exercise(&exercise(feedback).to_json(true))),
    );
    let (slot, then) = lookup(&effects);
    quiet(after(&opening, [found(&slot, Ok(None), then)]))
}

#[test]
fn open_exercise_file() {
    check_classroom(
        &two(),
        open_exercise("{ not json"),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: “claims.claimmark.json” could not be opened as an exercise: The file is not valid JSON: key must be a string (line 1, column 3).
        "#]],
    );
    check_classroom(
        &two(),
        open_exercise(r#"{"format": "claimmark-submission"}"#),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: “claims.claimmark.json” could not be opened as an exercise: This file is a Claimmark submission, not the exercise asked for.
        "#]],
    );
    check_classroom(
        &two(),
        open_exercise(&exercise(false).to_json(false)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            effects:
              LookUp FP#ex-1 then OpenExercise “Claims”
        "#]],
    );
}

#[test]
fn exercise_found() {
    let (_, effects) = run(
        &start(),
        Action::Classroom(open_exercise(&exercise(false).to_json(false))),
    );
    let (slot, then) = lookup(&effects);
    assert_eq!(slot, format!("{}#{EXERCISE_ID}", doc().fingerprint()));
    // A new exercise: a new session on its article.
    check(
        &two(),
        found(&slot, Ok(None), then.clone()),
        expect![[r#"
            “T” in FP#ex-1
            tags: 1 statement, 2 dispute
            status: Opened the exercise “Claims”.
            student: “Claims” (ex-1), name "", started 2025-11-24T16:00:00.000Z
            effects:
              Paint
              ClearSelection
              Save
              SaveExercise FP#ex-1: “Claims”, student "", started 2025-11-24T16:00:00.000Z
        "#]],
    );
    // Worked on before: its saved session and the student's name come back.
    let mut saved = Session::new(doc());
    saved
        .apply(Command::Create {
            id: id(5),
            tag: Tag::DISPUTE,
            range: doc().snap(at("disputed")).unwrap(),
            now: now(),
            creator: None,
        })
        .unwrap();
    check(
        &two(),
        Action::Found {
            slot: slot.clone(),
            found: Box::new(Found {
                session: Ok(Some(saved)),
                exercise: Some(SavedExercise {
                    json: exercise(false).to_json(false),
                    student: "Ann Lee".into(),
                    started: "2025-11-20T10:00:00.000Z".into(),
                    submitted: true,
                }),
            }),
            then,
        },
        expect![[r#"
            “T” in FP#ex-1, undo "add dispute", unexported
              [43..51] dispute "disputed" #5
            status: Opened the exercise “Claims”.
            student: “Claims” (ex-1), name "Ann Lee", started 2025-11-20T10:00:00.000Z, submitted
            effects:
              Paint
              ClearSelection
              Save
              SaveExercise FP#ex-1: “Claims”, student "Ann Lee", started 2025-11-20T10:00:00.000Z, submitted
        "#]],
    );
    // A file opened to resume (the shell read it from storage) brings its own name and start.
    let file = ExerciseFile {
        exercise: exercise(false),
        json: exercise(false).to_json(false).into(),
        resume: Some(SavedExercise {
            json: exercise(false).to_json(false),
            student: "Cy".into(),
            started: "not a time".into(),
            submitted: false,
        }),
        now: now(),
    };
    check(
        &start(),
        found(&slot, Ok(None), Then::OpenExercise(Rc::new(file))),
        expect![[r#"
            “T” in FP#ex-1
            tags: 1 statement, 2 dispute
            status: Opened the exercise “Claims”.
            student: “Claims” (ex-1), name "Cy", started 2025-11-24T16:00:00.000Z
            effects:
              Paint
              ClearSelection
              Save
              SaveExercise FP#ex-1: “Claims”, student "Cy", started 2025-11-24T16:00:00.000Z
        "#]],
    );
}

#[test]
fn open_link() {
    let fragment = link::to_fragment(&exercise(false).to_json(false)).unwrap();
    check_classroom(
        &start(),
        C::OpenLink {
            fragment: format!("#{fragment}"),
            now: now(),
        },
        expect![[r#"
            “T” in doc
            effects:
              LookUp FP#ex-1 then OpenExercise “Claims”
        "#]],
    );
    // No exercise in the address: resume the one kept beside the open article, if any.
    check_classroom(
        &start(),
        C::OpenLink {
            fragment: String::new(),
            now: now(),
        },
        expect![[r#"
            “T” in doc
            effects:
              LookUp doc then ResumeExercise
        "#]],
    );
    check_classroom(
        &start(),
        C::OpenLink {
            fragment: "#exercise=!!!".into(),
            now: now(),
        },
        expect![[r#"
            “T” in doc
            error: The exercise link could not be opened: the link is cut short or changed (it is not valid base64). Ask for the exercise file instead.
        "#]],
    );
    // A link that decodes to something that is not an exercise.
    check_classroom(
        &start(),
        C::OpenLink {
            fragment: format!("#{}", link::to_fragment("hello").unwrap()),
            now: now(),
        },
        expect![[r#"
            “T” in doc
            error: “the link” could not be opened as an exercise: The file is not valid JSON: expected value (line 1, column 1).
        "#]],
    );
}

#[test]
fn resume_exercise() {
    let kept = SavedExercise {
        json: exercise(false).to_json(false),
        student: "Ann Lee".into(),
        started: "2025-11-20T10:00:00.000Z".into(),
        submitted: false,
    };
    let resume = |slot: &str, exercise: Option<SavedExercise>| Action::Found {
        slot: slot.into(),
        found: Box::new(Found {
            session: Ok(None),
            exercise,
        }),
        then: Then::ResumeExercise(fresh(1).now()),
    };
    let in_slot = State::new(&slot(), Session::new(doc()));
    check(
        &in_slot,
        resume(&slot(), Some(kept.clone())),
        expect![[r#"
            “T” in FP#ex-1
            status: Opened the exercise “Claims”.
            student: “Claims” (ex-1), name "Ann Lee", started 2025-11-20T10:00:00.000Z
            effects:
              SaveExercise FP#ex-1: “Claims”, student "Ann Lee", started 2025-11-20T10:00:00.000Z
        "#]],
    );
    check(
        &in_slot,
        resume(&slot(), None),
        expect![[r#"
            “T” in FP#ex-1
        "#]],
    );
    // Kept beside another article: not this one's exercise.
    check(
        &start(),
        resume("doc", Some(kept.clone())),
        expect![[r#"
            “T” in doc
        "#]],
    );
    check(
        &in_slot,
        resume(
            &slot(),
            Some(SavedExercise {
                json: "damaged".into(),
                ..kept
            }),
        ),
        expect![[r#"
            “T” in FP#ex-1
            error: “the saved exercise” could not be opened as an exercise: The file is not valid JSON: expected value (line 1, column 1).
        "#]],
    );
}

#[test]
fn student_name_submit_and_leave() {
    let named = check_classroom(
        &student(true),
        C::StudentName("Ann Lee".into()),
        expect![[r#"
            “T” in FP#ex-1
            tags: 1 statement, 2 dispute
            student: “Claims” (ex-1), name "Ann Lee", started 2025-11-24T16:00:00.000Z
            effects:
              SaveExercise FP#ex-1: “Claims”, student "Ann Lee", started 2025-11-24T16:00:00.000Z
        "#]],
    );
    // No exercise open: a name goes nowhere.
    check_classroom(
        &two(),
        C::StudentName("Ann".into()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    check_classroom(
        &student(true),
        C::Submit { now: now() },
        expect![[r#"
            “T” in FP#ex-1
            tags: 1 statement, 2 dispute
            error: Type your name before submitting, so your teacher knows whose work it is.
            student: “Claims” (ex-1), name "", started 2025-11-24T16:00:00.000Z
        "#]],
    );
    let marked = quiet(after(
        &named,
        [
            tag(Tag::STATEMENT, "Putin said talks were constructive", 1),
            tag(Tag::STATEMENT, "Biden", 2),
        ],
    ));
    let submitted = check_classroom(
        &marked,
        C::Submit { now: now() },
        expect![[r#"
            “T” in FP#ex-1, undo "add statement"
            tags: 1 statement, 2 dispute
              [0..34] statement "Putin said talks were constructive" #1
              [37..42] statement "Biden" #2
            status: Submitted: saved claims-ann-lee.claimmark-submission.json. Hand this file to your teacher.
            student: “Claims” (ex-1), name "Ann Lee", started 2025-11-24T16:00:00.000Z, submitted
              feedback: 1 correct, 1 extra, 1 missed
            effects:
              Download claims-ann-lee.claimmark-submission.json (application/json, submission): "format": "claimmark-submission", (25 lines); once saved: submitted
              Save
              SaveExercise FP#ex-1: “Claims”, student "Ann Lee", started 2025-11-24T16:00:00.000Z, submitted
        "#]],
    );
    // Without feedback, no score is shown.
    let plain = quiet(after(
        &student(false),
        [
            Action::Classroom(C::StudentName("Bo".into())),
            tag(Tag::STATEMENT, "Putin said", 1),
        ],
    ));
    check_classroom(
        &plain,
        C::Submit { now: now() },
        expect![[r#"
            “T” in FP#ex-1, undo "add statement"
            tags: 1 statement, 2 dispute
              [0..10] statement "Putin said" #1
            status: Submitted: saved claims-bo.claimmark-submission.json. Hand this file to your teacher.
            student: “Claims” (ex-1), name "Bo", started 2025-11-24T16:00:00.000Z, submitted
            effects:
              Download claims-bo.claimmark-submission.json (application/json, submission): "format": "claimmark-submission", (18 lines); once saved: submitted
              Save
              SaveExercise FP#ex-1: “Claims”, student "Bo", started 2025-11-24T16:00:00.000Z, submitted
        "#]],
    );
    check_classroom(
        &submitted,
        C::LeaveExercise,
        expect![[r#"
            “T” in FP#ex-1, undo "add statement"
            tags: 1 statement, 2 dispute
              [0..34] statement "Putin said talks were constructive" #1
              [37..42] statement "Biden" #2
            status: Submitted: saved claims-ann-lee.claimmark-submission.json. Hand this file to your teacher.
            effects:
              ForgetExercise FP#ex-1
        "#]],
    );
    check_classroom(
        &two(),
        C::Submit { now: now() },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
}

#[test]
fn the_submission_file_is_what_the_teacher_reads() {
    let marked = quiet(after(
        &student(true),
        [
            Action::Classroom(C::StudentName("  Ann Lee ".into())),
            tag(Tag::DISPUTE, "Biden disputed it", 1),
        ],
    ));
    let (_, effects) = run(&marked, Action::Classroom(C::Submit { now: now() }));
    let Effect::Download(d) = &effects[0] else {
        panic!("a download first")
    };
    let read = claimmark::model::classroom::parse_submission(&d.contents, &exercise(true)).unwrap();
    assert_eq!(read.student, "Ann Lee");
    assert_eq!(read.marks.len(), 1);
    assert_eq!(read.marks[0].range, at("Biden disputed it"));
}

// ---------------------------------------------------------------------------------------------
// Classroom: the teacher's form

fn spec(tags: Vec<Tag>, with_key: bool) -> ExerciseSpec {
    ExerciseSpec {
        title: " Claims ".into(),
        instructions: "Mark the claims.".into(),
        tags,
        with_key,
        feedback: true,
        allow_suggestions: false,
    }
}

#[test]
fn exercise_form() {
    let open = check_classroom(
        &two(),
        C::Form(true),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            form open
        "#]],
    );
    check_classroom(
        &open,
        C::Form(false),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    check_classroom(
        &open,
        C::SaveExercise {
            spec: spec(vec![Tag::STATEMENT, Tag::DISPUTE], true),
            fresh: FRESH,
            split: false,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Saved claims.claimmark.json (with the answer key).
            form open
            effects:
              Download claims.claimmark.json (application/json, exercise): "format": "claimmark-exercise", (35 lines); once saved: “Saved claims.claimmark.json (with the answer key).”
        "#]],
    );
    check_classroom(
        &open,
        C::SaveExercise {
            spec: spec(vec![Tag::DISPUTE], false),
            fresh: FRESH,
            split: false,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Saved claims.claimmark.json.
            form open
            effects:
              Download claims.claimmark.json (application/json, exercise): "format": "claimmark-exercise", (16 lines); once saved: “Saved claims.claimmark.json.”
        "#]],
    );
    check_classroom(
        &open,
        C::SaveExercise {
            spec: spec(vec![Tag::STATEMENT, Tag::DISPUTE], false),
            fresh: FRESH,
            split: true,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Saved claims.claimmark-key.json.
            form open
            effects:
              Download claims.claimmark.json (application/json, exercise): "format": "claimmark-exercise", (17 lines); once saved: “Saved claims.claimmark.json.”
              Download claims.claimmark-key.json (application/json, key): "format": "claimmark-key", (24 lines); once saved: “Saved claims.claimmark-key.json.”
        "#]],
    );
    check_classroom(
        &open,
        C::SaveExercise {
            spec: spec(vec![], true),
            fresh: FRESH,
            split: false,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: Choose at least one tag for the exercise.
            form open
        "#]],
    );
}

#[test]
fn saved_exercise_files_read_back() {
    let (_, effects) = run(
        &two(),
        Action::Classroom(C::SaveExercise {
            spec: spec(vec![Tag::DISPUTE], false),
            fresh: FRESH,
            split: true,
        }),
    );
    let files: Vec<&str> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Download(d) => Some(d.contents.as_str()),
            _ => None,
        })
        .collect();
    let handed_out = parse_exercise(files[0]).unwrap();
    assert_eq!(handed_out.key, None);
    assert_eq!(handed_out.title, "Claims");
    assert_eq!(handed_out.document, doc());
    let key = claimmark::model::classroom::parse_key(files[1], &handed_out).unwrap();
    // Only the annotations with the exercise's tags are in the key.
    assert_eq!(key.len(), 1);
    assert_eq!(key[0].range, at("Biden disputed it"));
}

#[test]
fn make_link() {
    let linked = check_classroom(
        &two(),
        C::MakeLink {
            spec: spec(vec![Tag::STATEMENT, Tag::DISPUTE], true),
            fresh: FRESH,
            base: "https://claimmark.test/".into(),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            form open, link https://claimmark.test/#exercise=PVA7b8I… (420 chars)
        "#]],
    );
    let Some(Ok(url)) = &linked.classroom.form.as_ref().unwrap().link else {
        panic!("a link")
    };
    let fragment = url.split_once('#').unwrap().1;
    let json = link::from_fragment(fragment).unwrap().unwrap();
    let exercise = parse_exercise(&json).unwrap();
    // Never the key, though the form asked for one.
    assert_eq!(exercise.key, None);
    assert_eq!(exercise.id, id(7));
}

// ---------------------------------------------------------------------------------------------
// Classroom: the teacher's class view

fn submission(student: &str, marks: &[(Tag, &str)]) -> String {
    let mut s = Session::new(doc());
    for (i, (tag, needle)) in marks.iter().enumerate() {
        s.apply(Command::Create {
            id: format!("{student}-{i}"),
            tag: *tag,
            range: doc().snap(at(needle)).unwrap(),
            now: now(),
            creator: None,
        })
        .unwrap();
    }
    let ex = exercise(false);
    Submission::new(
        &ex,
        student,
        Timestamp::parse("2025-11-24T15:00:00Z").unwrap(),
        now(),
        s.annotations(),
    )
    .to_json(&ex.document)
}

fn class_key(text: Result<String, String>) -> C {
    C::ClassKey {
        name: "claims.claimmark.json".into(),
        text,
    }
}

/// The teacher's class: the key, and Ann's and Bo's submissions.
fn class() -> State {
    quiet(after(
        &two(),
        [
            Action::Classroom(class_key(Ok(exercise(false).to_json(true)))),
            Action::Classroom(C::ClassSubmissions(vec![
                (
                    "ann.json".into(),
                    Ok(submission(
                        "Ann",
                        &[
                            (Tag::STATEMENT, "Putin said talks were constructive."),
                            (Tag::DISPUTE, "Biden disputed it."),
                        ],
                    )),
                ),
                (
                    "bo.json".into(),
                    Ok(submission(
                        "Bo",
                        &[(Tag::STATEMENT, "Putin said"), (Tag::STATEMENT, "Biden")],
                    )),
                ),
            ])),
        ],
    ))
}

#[test]
fn load_class_key() {
    check_classroom(
        &two(),
        class_key(Ok(exercise(false).to_json(true))),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
        "#]],
    );
    check_classroom(
        &two(),
        class_key(Ok(exercise(false).to_json(false))),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: “claims.claimmark.json” has no answer key: the class's agreement is shown, but no grades. Load the key file to grade.
            class: “Claims” (ex-1), no key, threshold 0.5, shown
        "#]],
    );
    check_classroom(
        &two(),
        class_key(Ok("not json".into())),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: “claims.claimmark.json” could not be read as an answer key: The file is not valid JSON: expected ident (line 1, column 2).
        "#]],
    );
    check_classroom(
        &two(),
        class_key(Err(
            "“claims.claimmark.json” could not be read: NotReadableError.".into(),
        )),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: “claims.claimmark.json” could not be read: NotReadableError.
        "#]],
    );
    // A key file of its own, for the exercise already loaded; the submissions stay.
    let keyless = quiet(after(
        &class(),
        [Action::Classroom(class_key(Ok(
            exercise(false).to_json(false)
        )))],
    ));
    check_classroom(
        &keyless,
        C::ClassKey {
            name: "claims.claimmark-key.json".into(),
            text: Ok(exercise(false).key_json().unwrap()),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    // A key file with no exercise loaded cannot be read.
    check_classroom(
        &two(),
        C::ClassKey {
            name: "claims.claimmark-key.json".into(),
            text: Ok(exercise(false).key_json().unwrap()),
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: “claims.claimmark-key.json” could not be read as an answer key: This file is a Claimmark answer key, not the exercise asked for.
        "#]],
    );
}

#[test]
fn class_submissions() {
    check_classroom(
        &two(),
        C::ClassSubmissions(vec![("ann.json".into(), Ok(submission("Ann", &[])))]),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: Load the answer key (the exercise file with its key) first, then the submissions.
        "#]],
    );
    let keyed = quiet(after(
        &two(),
        [Action::Classroom(class_key(Ok(
            exercise(false).to_json(true)
        )))],
    ));
    check_classroom(
        &keyed,
        C::ClassSubmissions(vec![
            (
                "ann.json".into(),
                Ok(submission("Ann", &[(Tag::DISPUTE, "Biden disputed it.")])),
            ),
            ("notes.txt".into(), Ok("hello".into())),
            (
                "lost.json".into(),
                Err("it could not be read (NotFoundError)".into()),
            ),
        ]),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: 1 submission loaded, 2 could not be read (listed below).
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 1 correct, 0 extra, 1 missed
              problem: notes.txt: The file is not valid JSON: expected value (line 1, column 1).
              problem: lost.json: it could not be read (NotFoundError)
        "#]],
    );
    // A student who submits again replaces the earlier file.
    check_classroom(
        &class(),
        C::ClassSubmissions(vec![(
            "bo-2.json".into(),
            Ok(submission("Bo", &[(Tag::DISPUTE, "Biden disputed it.")])),
        )]),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: 1 submission loaded.
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 1 correct, 0 extra, 1 missed
        "#]],
    );
}

#[test]
fn class_settings() {
    check_classroom(
        &class(),
        C::ClassThreshold(" 0.8 ".into()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.8, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ClassThreshold("abc".into()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: The overlap threshold is a number above 0 and at most 1, such as 0.5.
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ClassThreshold("0".into()),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: The overlap threshold is a number above 0 and at most 1, such as 0.5.
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ClassSelect(Some(1)),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown, student 1 selected
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ClassContested(true),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown, contested only
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ShowClass(false),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    check_classroom(
        &two(),
        C::ShowClass(true),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
}

#[test]
fn class_add_key() {
    check_classroom(
        &class(),
        C::ClassAddKey {
            range: at("talks"),
            tag: Tag::STATEMENT,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Added to the key as statement.
            class: “Claims” (ex-1), 3 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [11..16] statement "talks" #7
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 1 missed
              Bo: 0 correct, 2 extra, 3 missed
        "#]],
    );
    check_classroom(
        &class(),
        C::ClassAddKey {
            range: range(35, 37),
            tag: Tag::STATEMENT,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: That stretch is only spaces.
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
        "#]],
    );
    // No class: nothing to add to.
    check_classroom(
        &two(),
        C::ClassAddKey {
            range: at("talks"),
            tag: Tag::STATEMENT,
            fresh: FRESH,
        },
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
}

#[test]
fn class_exports() {
    check_classroom(
        &class(),
        C::ExportGrades,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
            effects:
              Download claims-grades.csv (text/csv;charset=utf-8, grades): student,started,submitted,marks,correct,extra,missed,precision,recall,… (3 lines)
        "#]],
    );
    check_classroom(
        &class(),
        C::ExportAgreement,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
            effects:
              Download claims-agreement.csv (text/csv;charset=utf-8, agreement figures): measure,student_a,student_b,value (7 lines)
        "#]],
    );
    check_classroom(
        &class(),
        C::SaveKeyedExercise,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Saved claims.claimmark.json (with the answer key).
            class: “Claims” (ex-1), 2 key claims, threshold 0.5, shown
              key [0..35] statement "Putin said talks were constructive." k1
              key [37..55] dispute "Biden disputed it." k2
              Ann: 2 correct, 0 extra, 0 missed
              Bo: 0 correct, 2 extra, 2 missed
            effects:
              Download claims.claimmark.json (application/json, exercise): "format": "claimmark-exercise", (35 lines); once saved: “Saved claims.claimmark.json (with the answer key).”
        "#]],
    );
    // Without a key there are no grades; without a class, nothing at all.
    let keyless = quiet(after(
        &two(),
        [Action::Classroom(class_key(Ok(
            exercise(false).to_json(false)
        )))],
    ));
    check_classroom(
        &keyless,
        C::ExportGrades,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            class: “Claims” (ex-1), no key, threshold 0.5, shown
        "#]],
    );
    check_classroom(
        &two(),
        C::ExportAgreement,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    check_classroom(
        &two(),
        C::SaveKeyedExercise,
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    // The keyed exercise, with a claim the teacher added, reads back with that claim.
    let added = after(
        &class(),
        [Action::Classroom(C::ClassAddKey {
            range: at("talks"),
            tag: Tag::STATEMENT,
            fresh: FRESH,
        })],
    );
    let (_, effects) = run(&added, Action::Classroom(C::SaveKeyedExercise));
    let Effect::Download(d) = &effects[0] else {
        panic!("a download")
    };
    assert_eq!(parse_exercise(&d.contents).unwrap().key.unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Keys

/// A key as written in a table: `Ctrl+Shift+z`, `Shift+ArrowLeft`, `Escape`.
fn key(spec: &str) -> KeyPress {
    let mut parts: Vec<&str> = spec.split('+').collect();
    let key = parts.pop().unwrap().to_string();
    KeyPress {
        key,
        ctrl: parts.contains(&"Ctrl"),
        shift: parts.contains(&"Shift"),
        alt: parts.contains(&"Alt"),
    }
}

fn action_text(a: &Action) -> String {
    match a {
        Action::Annotator(A::Tag { tag, live, .. }) => format!(
            "Tag {} (live {})",
            tag.id(),
            live.map_or("none".into(), |r| format!("[{}..{}]", r.start, r.end))
        ),
        Action::Annotator(A::Caret((a, f))) => format!("Caret {a}..{f}"),
        Action::Annotator(other) => format!("{other:?}"),
        Action::List(l) => format!("{l:?}"),
        Action::Notice(N::Status(t)) => format!("Status {t:?}"),
        other => format!("{other:?}"),
    }
}

fn outcome_text(state: &State, press: &str, typing: bool, live: Option<CharRange>) -> String {
    let outcome = on_key(
        state,
        &key(press),
        KeyContext {
            typing,
            live,
            fresh: FRESH,
        },
    );
    let actions: Vec<String> = outcome.actions.iter().map(action_text).collect();
    format!(
        "{press} → {}{}",
        if actions.is_empty() {
            "nothing".into()
        } else {
            actions.join("; ")
        },
        if outcome.prevent_default {
            " (prevent default)"
        } else {
            ""
        }
    )
}

/// Each key with the page's selection `live`, `typing` or not: what it stands for.
fn check_key(
    state: &State,
    presses: &[&str],
    typing: bool,
    live: Option<CharRange>,
    expect: Expect,
) {
    let mut out = String::new();
    for press in presses {
        writeln!(out, "{}", outcome_text(state, press, typing, live)).unwrap();
    }
    expect.assert_eq(&shorten(&out));
}

/// Presses keys one after another, carrying out their actions: a line per key.
fn check_keys(state: &State, presses: &[&str], expect: Expect) {
    let mut state = state.clone();
    let mut out = String::new();
    for press in presses {
        writeln!(out, "{}", outcome_text(&state, press, false, None)).unwrap();
        let outcome = on_key(
            &state,
            &key(press),
            KeyContext {
                typing: false,
                live: None,
                fresh: FRESH,
            },
        );
        state = after(&state, outcome.actions);
    }
    let caret = state
        .annotator
        .caret
        .map_or("off".into(), |(a, f)| format!("{a}..{f}"));
    let selected = state.list.selected.as_deref().unwrap_or("nothing");
    let annotations: Vec<String> = state
        .session()
        .annotations()
        .iter()
        .map(annotation)
        .collect();
    writeln!(out, "-- caret {caret}, selected {selected}").unwrap();
    for a in annotations {
        writeln!(out, "  {a}").unwrap();
    }
    expect.assert_eq(&shorten(&out));
}

#[test]
fn keys_with_a_selection() {
    check_key(
        &two(),
        &["1", "2", "3", "4", "Escape", "j"],
        false,
        Some(at("talks")),
        expect![[r#"
            1 → Tag statement (live [11..16]) (prevent default)
            2 → Tag agreement (live [11..16]) (prevent default)
            3 → Tag dispute (live [11..16]) (prevent default)
            4 → nothing
            Escape → CancelSelection
            j → Step(1)
        "#]],
    );
    let waiting = after(&two(), [ann(A::Select(Some(pending(at("talks")))))]);
    check_key(
        &waiting,
        &["3", "Escape"],
        false,
        None,
        expect![[r#"
            3 → Tag dispute (live none) (prevent default)
            Escape → CancelSelection
        "#]],
    );
    // Typing in a field, or with Ctrl or Alt: the digits are the field's.
    check_key(
        &two(),
        &["1", "Ctrl+1", "Alt+1"],
        true,
        Some(at("talks")),
        expect![[r#"
            1 → nothing
            Ctrl+1 → nothing
            Alt+1 → nothing
        "#]],
    );
    check_key(
        &two(),
        &["Ctrl+1", "Alt+1"],
        false,
        Some(at("talks")),
        expect![[r#"
            Ctrl+1 → nothing
            Alt+1 → nothing
        "#]],
    );
}

#[test]
fn keys_without_a_selection() {
    check_key(
        &two(),
        &["1", "j", "k", "Escape", "x", "ArrowRight"],
        false,
        None,
        expect![[r#"
            1 → nothing
            j → Step(1)
            k → Step(-1)
            Escape → Focus { id: None, jump: false }
            x → nothing
            ArrowRight → nothing
        "#]],
    );
    check_key(
        &two(),
        &[
            "Ctrl+z",
            "Ctrl+Z",
            "Ctrl+Shift+z",
            "Ctrl+Shift+Z",
            "Ctrl+y",
            "Ctrl+Alt+z",
        ],
        false,
        None,
        expect![[r#"
            Ctrl+z → Undo (prevent default)
            Ctrl+Z → Undo (prevent default)
            Ctrl+Shift+z → Redo (prevent default)
            Ctrl+Shift+Z → Redo (prevent default)
            Ctrl+y → Redo (prevent default)
            Ctrl+Alt+z → nothing
        "#]],
    );
    // While typing, undo and redo are the text field's own.
    check_key(
        &two(),
        &["Ctrl+z", "Ctrl+Shift+z", "Ctrl+y", "j", "Escape"],
        true,
        None,
        expect![[r#"
            Ctrl+z → nothing
            Ctrl+Shift+z → nothing
            Ctrl+y → nothing
            j → nothing
            Escape → nothing
        "#]],
    );
}

#[test]
fn keys_undo_and_redo_through_the_core() {
    let mut state = two();
    let mut out = String::new();
    for press in [
        "Ctrl+z",
        "Ctrl+z",
        "Ctrl+z",
        "Ctrl+Shift+z",
        "Ctrl+y",
        "Ctrl+y",
    ] {
        let outcome = on_key(
            &state,
            &key(press),
            KeyContext {
                typing: false,
                live: None,
                fresh: FRESH,
            },
        );
        state = after(&state, outcome.actions);
        let message = state
            .notices
            .error
            .as_ref()
            .map(|e| format!("error: {}", e.text))
            .or(state.notices.status.as_ref().map(|s| s.text.clone()))
            .unwrap_or_default();
        writeln!(
            out,
            "{press}: {} annotations; {message}",
            state.session().annotations().len()
        )
        .unwrap();
        state.notices.error = None;
    }
    expect![[r#"
        Ctrl+z: 1 annotations; Undone: add dispute
        Ctrl+z: 0 annotations; Undone: add statement
        Ctrl+z: 0 annotations; error: There is nothing to undo.
        Ctrl+Shift+z: 1 annotations; Redone: add statement
        Ctrl+y: 2 annotations; Redone: add dispute
        Ctrl+y: 2 annotations; error: There is nothing to redo.
    "#]]
    .assert_eq(&out);
}

#[test]
fn keyboard_mode_keys() {
    let on = quiet(after(&two(), [ann(A::ToggleKeyboard)]));
    check_keys(
        &on,
        &[
            "ArrowRight",
            "ArrowRight",
            "ArrowLeft",
            "Ctrl+ArrowRight",
            "Ctrl+ArrowRight",
            "Ctrl+ArrowLeft",
            "Shift+ArrowRight",
            "Shift+ArrowRight",
            "ArrowRight",
            "Ctrl+Shift+ArrowRight",
            "Ctrl+Shift+ArrowRight",
            "ArrowLeft",
            "ArrowDown",
            "ArrowDown",
            "ArrowUp",
            "End",
            "ArrowRight",
            "Shift+Home",
            "Home",
            "Shift+End",
            "Escape",
            "Escape",
            "ArrowRight",
        ],
        expect![[r#"
            ArrowRight → Caret 1..1; Status "u" (prevent default)
            ArrowRight → Caret 2..2; Status "t" (prevent default)
            ArrowLeft → Caret 1..1; Status "u" (prevent default)
            Ctrl+ArrowRight → Caret 6..6; Status "said" (prevent default)
            Ctrl+ArrowRight → Caret 11..11; Status "talks" (prevent default)
            Ctrl+ArrowLeft → Caret 6..6; Status "said" (prevent default)
            Shift+ArrowRight → Caret 6..7; Status "Selected: s" (prevent default)
            Shift+ArrowRight → Caret 6..8; Status "Selected: sa" (prevent default)
            ArrowRight → Caret 8..8; Status "i" (prevent default)
            Ctrl+Shift+ArrowRight → Caret 8..10; Status "Selected: id" (prevent default)
            Ctrl+Shift+ArrowRight → Caret 8..16; Status "Selected: id talks" (prevent default)
            ArrowLeft → Caret 8..8; Status "i" (prevent default)
            ArrowDown → Caret 35..35; Status "Biden disputed it." (prevent default)
            ArrowDown → Caret 37..37; Status "Biden disputed it." (prevent default)
            ArrowUp → Caret 35..35; Status "Biden disputed it." (prevent default)
            End → Caret 55..55; Status "End of the text" (prevent default)
            ArrowRight → Caret 55..55; Status "End of the text" (prevent default)
            Shift+Home → Caret 55..0; Status "Selected: Putin said talks were constructive.\n\nBiden disputed it." (prevent default)
            Home → Caret 0..0; Status "P" (prevent default)
            Shift+End → Caret 0..55; Status "Selected: Putin said talks were constructive.\n\nBiden disputed it." (prevent default)
            Escape → Caret 55..55; Status "End of the text" (prevent default)
            Escape → LeaveKeyboard (prevent default)
            ArrowRight → nothing
            -- caret off, selected nothing
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
}

#[test]
fn keyboard_mode_sentence_tag_and_note() {
    let on = quiet(after(&two(), [ann(A::ToggleKeyboard)]));
    check_keys(
        &on,
        &[
            "t",
            "Ctrl+ArrowRight",
            "Ctrl+ArrowRight",
            "s",
            "t",
            "2",
            "2",
            "ArrowLeft",
            "t",
            "n",
            "Escape",
            "j",
            "n",
        ],
        expect![[r#"
            t → Status "Statement: “Putin said”" (prevent default)
            Ctrl+ArrowRight → Caret 6..6; Status "said" (prevent default)
            Ctrl+ArrowRight → Caret 11..11; Status "talks" (prevent default)
            s → Caret 0..35; Status "Selected: Putin said talks were constructive." (prevent default)
            t → Status "No annotation here." (prevent default)
            2 → Tag agreement (live none) (prevent default)
            2 → nothing
            ArrowLeft → Caret 34..34; Status "." (prevent default)
            t → Status "Agreement: “Putin said talks were constructive.”" (prevent default)
            n → FocusNote (prevent default)
            Escape → LeaveKeyboard (prevent default)
            j → Step(1)
            n → nothing
            -- caret off, selected #2
              [0..10] statement "Putin said" #1
              [0..35] agreement "Putin said talks were constructive." #7
              [37..54] dispute "Biden disputed it" #2
        "#]],
    );
    // Alt leaves the keys to the page; the tag-here key off and on an annotation.
    check_key(
        &on,
        &["Alt+ArrowRight"],
        false,
        None,
        expect![[r#"
            Alt+ArrowRight → nothing
        "#]],
    );
    let at_talks = after(&on, [ann(A::Caret((12, 12)))]);
    check_key(
        &at_talks,
        &["t", "T", "Ctrl+s"],
        false,
        None,
        expect![[r#"
            t → Status "No annotation here." (prevent default)
            T → Status "No annotation here." (prevent default)
            Ctrl+s → nothing
        "#]],
    );
    let at_biden = after(&on, [ann(A::Caret((40, 40)))]);
    check_key(
        &at_biden,
        &["t", "T", "Ctrl+s"],
        false,
        None,
        expect![[r#"
            t → Status "Dispute: “Biden disputed it”" (prevent default)
            T → Status "Dispute: “Biden disputed it”" (prevent default)
            Ctrl+s → nothing
        "#]],
    );
    // Keyboard mode with a field focused: the keys are the field's.
    check_key(
        &on,
        &["ArrowRight", "s"],
        true,
        None,
        expect![[r#"
            ArrowRight → nothing
            s → nothing
        "#]],
    );
}

#[test]
fn keyboard_mode_tagging_the_caret_selection() {
    let selected = quiet(after(
        &start(),
        [ann(A::ToggleKeyboard), ann(A::Caret((37, 42)))],
    ));
    let outcome = on_key(
        &selected,
        &key("3"),
        KeyContext {
            typing: false,
            live: None,
            fresh: FRESH,
        },
    );
    assert!(outcome.prevent_default);
    let mut state = selected;
    let mut effects = Vec::new();
    for a in outcome.actions {
        let (next, e) = reduce(&state, a);
        state = next;
        effects.extend(e);
    }
    expect![[r#"
        “T” in doc, undo "add dispute", unexported
          [37..42] dispute "Biden" #7
        selected #7
        caret 42..42
        status: Dispute added: “Biden”
        effects:
          Paint
          Save
          ClearSelection
    "#]]
    .assert_eq(&describe(&state, &effects));
}

#[test]
fn reduce_leaves_the_state_it_was_given_as_it_was() {
    let s = with_orphan();
    let before = s.clone();
    for action in [
        tag(Tag::AGREEMENT, "talks", 3),
        ann(A::Undo),
        ann(A::Delete { id: id(1) }),
        ann(A::Edit(true)),
        ann(A::Export {
            format: Format::W3c,
            now: now(),
        }),
        Action::List(L::Step(1)),
        Action::Classroom(class_key(Ok(exercise(true).to_json(true)))),
    ] {
        let (next, _) = run(&s, action);
        assert_ne!(next, s);
        assert_eq!(s, before);
    }
    let editing = after(&s, [ann(A::Edit(true))]);
    let before = editing.clone();
    let (next, _) = run(&editing, ann(save_text(&editing, "Putin spoke.")));
    assert_ne!(next, editing);
    assert_eq!(editing, before);
}

// ---------------------------------------------------------------------------------------------
// Tag sets

fn edit_tags(edit: TagEdit) -> Action {
    ann(A::EditTags { edit, now: now() })
}

#[test]
fn tag_sets_are_edited_used_by_key_and_deleted_with_a_retag() {
    let opinion = Tag::new("opinion-piece").unwrap();
    let added = check(
        &two(),
        edit_tags(TagEdit::Add {
            label: "Opinion piece".into(),
        }),
        expect![[r#"
            “T” in doc, undo "add a tag", unexported
            tags: 1 statement, 2 agreement, 3 dispute, 4 opinion-piece
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            status: Added the tag “Opinion piece” (key 4).
            effects:
              Paint
              Save
        "#]],
    );
    check(
        &added,
        edit_tags(TagEdit::Add {
            label: "OPINION PIECE".into(),
        }),
        expect![[r#"
            “T” in doc, undo "add a tag", unexported
            tags: 1 statement, 2 agreement, 3 dispute, 4 opinion-piece
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            error: There is a tag called “OPINION PIECE” already.
            status: Added the tag “Opinion piece” (key 4).
        "#]],
    );
    // Key 4 tags with the new tag.
    check_key(
        &added,
        &["4", "5"],
        false,
        Some(at("talks")),
        expect![[r#"
        4 → Tag opinion-piece (live [11..16]) (prevent default)
        5 → nothing
    "#]],
    );
    let used = quiet(after(&added, [tag(opinion, "talks were constructive", 3)]));
    // Deleting it while in use asks for a tag to give its annotation; with one, it is done.
    check(
        &used,
        edit_tags(TagEdit::Delete {
            id: opinion,
            retag: None,
        }),
        expect![[r#"
            “T” in doc, undo "add opinion piece", unexported
            tags: 1 statement, 2 agreement, 3 dispute, 4 opinion-piece
              [0..10] statement "Putin said" #1
              [11..34] opinion-piece "talks were constructive" #3
              [37..54] dispute "Biden disputed it" #2
            error: 1 annotation carries the tag “Opinion piece”: choose a tag to give it first.
        "#]],
    );
    let deleted = check(
        &used,
        edit_tags(TagEdit::Delete {
            id: opinion,
            retag: Some(Tag::DISPUTE),
        }),
        expect![[r#"
            “T” in doc, undo "delete a tag", unexported
              [0..10] statement "Putin said" #1
              [11..34] dispute "talks were constructive" #3
              [37..54] dispute "Biden disputed it" #2
            status: Deleted the tag “Opinion piece”; its 1 annotation now carries “Dispute”.
            effects:
              Paint
              Save
        "#]],
    );
    check(
        &quiet(deleted),
        ann(A::Undo),
        expect![[r#"
        “T” in doc, undo "add opinion piece", redo "delete a tag", unexported
        tags: 1 statement, 2 agreement, 3 dispute, 4 opinion-piece
          [0..10] statement "Putin said" #1
          [11..34] opinion-piece "talks were constructive" #3
          [37..54] dispute "Biden disputed it" #2
        status: Undone: delete a tag
        effects:
          Paint
          Save
    "#]],
    );
}

/// What the shell reads in steps between frames is added as one import, unless the article
/// changed meanwhile.
#[test]
fn an_import_read_in_steps() {
    use claimmark::model::export::import::Reader;
    let json = w3c::export(&doc(), &TagSet::default(), two().session().annotations());
    let read = |d: &Document| {
        let mut r = Reader::new(&json, now(), &TagSet::default(), Tag::STATEMENT).unwrap();
        let mut n = 0;
        let mut ids = || {
            n += 1;
            FRESH.id(n)
        };
        while !r.read(d, 1, &mut ids).unwrap() {}
        r.finish()
    };
    let read_in = |d: &Document| A::ImportRead {
        name: "notes.jsonld".into(),
        fingerprint: d.fingerprint().to_string(),
        read: read(d),
    };
    // The same as importing the file at once (the test `import` shows what that does).
    let whole = A::Import {
        name: "notes.jsonld".into(),
        text: json.clone(),
        fresh: FRESH,
    };
    let stepped = after(&start(), [ann(read_in(&doc()))]);
    assert_eq!(stepped, after(&start(), [ann(whole)]));
    assert_eq!(stepped.session().annotations().len(), 2);
    // Read against another text than the one open now: nothing is added.
    let mut stale = read_in(&doc());
    if let A::ImportRead { fingerprint, .. } = &mut stale {
        *fingerprint = other_doc().fingerprint().to_string();
    }
    check_annotator(
        &start(),
        stale,
        expect![[r#"
            “T” in doc
            error: Nothing was imported from “notes.jsonld”. The article changed while the file was being read: import it again.
        "#]],
    );
}

#[test]
fn an_import_brings_its_tags_and_says_so() {
    let import = |text: &str| A::Import {
        name: "rubric.jsonld".into(),
        text: text.into(),
        fresh: FRESH,
    };
    // A session of two tags of its own, the default three deleted.
    let mut own = Session::new(doc());
    for label in ["Claim", "Opinion"] {
        own.apply(Command::EditTags {
            edit: TagEdit::Add {
                label: label.into(),
            },
            now: now(),
        })
        .unwrap();
    }
    for id in [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE] {
        own.apply(Command::EditTags {
            edit: TagEdit::Delete { id, retag: None },
            now: now(),
        })
        .unwrap();
    }
    let claim = own.tags().first();
    own.apply(Command::Create {
        id: "urn:x:1".into(),
        tag: claim,
        range: doc().snap(at("Putin said")).unwrap(),
        now: now(),
        creator: None,
    })
    .unwrap();
    let json = w3c::export(own.doc(), own.tags(), own.annotations());
    // Into an empty browser: the file's set replaces the unused default one.
    check_annotator(
        &start(),
        import(&json),
        expect![[r#"
        “T” in doc, undo "import 1 annotation", unexported
        tags: 1 claim, 2 opinion
          [0..10] claim "Putin said" urn:x:1
        status: 1 annotation imported. New tags added to the set: “Claim”, “Opinion”. The file's own tag set took the place of the unused default tags “Statement”, “Agreement”, “Dispute”.
        effects:
          Paint
          Save
    "#]],
    );
    // Into work of its own: the file's tag joins the set.
    check_annotator(
        &two(),
        import(&json),
        expect![[r#"
        “T” in doc, undo "import 1 annotation", unexported
        tags: 1 statement, 2 agreement, 3 dispute, 4 claim
          [0..10] statement "Putin said" #1
          [0..10] claim "Putin said" urn:x:1
          [37..54] dispute "Biden disputed it" #2
        status: 1 annotation imported. New tag added to the set: “Claim”.
        effects:
          Paint
          Save
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Articles panel

use claimmark::app::articles::{
    article_facts, delete_question, first_visit, room, saved_when, Articles, ArticlesAction,
};
use claimmark::app::StorageInfo;

const MINUTE: i64 = 60_000;

/// The test article (slot `doc`, open) and “Other” (slot `other`, 3 annotations), kept.
fn kept() -> State {
    let mut state = start();
    state.recent = Rc::new(vec![
        Recent {
            slot: "doc".into(),
            title: "T".into(),
            annotations: 0,
            saved: NOW,
            bytes: 900,
        },
        Recent {
            slot: "other".into(),
            title: "Other".into(),
            annotations: 3,
            saved: NOW - 5 * MINUTE,
            bytes: 12_345,
        },
    ]);
    state
}

/// The state and effects, then the panel: folded or open, and the article it asks about.
fn check_articles(state: &State, action: ArticlesAction, expect: Expect) -> State {
    let (next, effects) = run(state, Action::Articles(action));
    let Articles { open, deleting } = &next.articles;
    let mut out = describe(&next, &effects);
    out += if *open {
        "panel: open"
    } else {
        "panel: folded"
    };
    if let Some(slot) = deleting {
        write!(out, ", asking to delete {slot}").unwrap();
    }
    out.push('\n');
    expect.assert_eq(&out);
    next
}

#[test]
fn articles_panel_folds_and_unfolds() {
    let opened = check_articles(
        &kept(),
        ArticlesAction::Toggle,
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: open
        "#]],
    );
    check_articles(
        &opened,
        ArticlesAction::Toggle,
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: folded
        "#]],
    );
    // Show is idempotent.
    check_articles(
        &opened,
        ArticlesAction::Show(true),
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: open
        "#]],
    );
}

#[test]
fn articles_panel_refuses_to_delete_the_open_article() {
    check_articles(
        &kept(),
        ArticlesAction::Delete { slot: "doc".into() },
        expect![[r#"
            “T” in doc
            error: The open article cannot be deleted: open another one first, then delete this one.
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: folded
        "#]],
    );
    // An article that is not kept here: nothing to ask.
    check_articles(
        &kept(),
        ArticlesAction::Delete {
            slot: "gone".into(),
        },
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: folded
        "#]],
    );
}

#[test]
fn articles_panel_deletes_after_confirmation() {
    let mut open = kept();
    open.articles.open = true;
    let asking = check_articles(
        &open,
        ArticlesAction::Delete {
            slot: "other".into(),
        },
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: open, asking to delete other
        "#]],
    );
    check_articles(
        &asking,
        ArticlesAction::ConfirmDelete,
        expect![[r#"
            “T” in doc
            status: Deleted “Other” and its 3 annotations from this browser.
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            effects:
              DeleteArticle other
            panel: open
        "#]],
    );
    // The list changes when storage says the article is gone.
    let (gone, _) = run(&asking, Action::Recent(vec![kept().recent[0].clone()]));
    assert_eq!(gone.recent.len(), 1);
    // Confirming with nothing asked does nothing.
    check_articles(
        &open,
        ArticlesAction::ConfirmDelete,
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: open
        "#]],
    );
}

#[test]
fn articles_panel_cancels_a_deletion() {
    let mut open = kept();
    open.articles.open = true;
    let asking = after(
        &open,
        [Action::Articles(ArticlesAction::Delete {
            slot: "other".into(),
        })],
    );
    check_articles(
        &asking,
        ArticlesAction::CancelDelete,
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: open
        "#]],
    );
    // Folding the panel drops the question too: it is no longer in view.
    check_articles(
        &asking,
        ArticlesAction::Show(false),
        expect![[r#"
            “T” in doc
            recent: doc “T” (0 annotations, saved 1764000000000)
            recent: other “Other” (3 annotations, saved 1763999700000)
            panel: folded
        "#]],
    );
}

#[test]
fn articles_panel_first_visit() {
    // Nothing kept, or only the open article with nothing on it: a first visit.
    assert!(first_visit(&start()));
    let mut only_open = kept();
    Rc::make_mut(&mut only_open.recent).truncate(1);
    assert!(first_visit(&only_open));
    // Another article kept, or annotations on the open one: not a first visit.
    assert!(!first_visit(&kept()));
    assert!(!first_visit(&after(
        &start(),
        [tag(Tag::STATEMENT, "Putin said", 1)]
    )));
}

#[test]
fn articles_panel_texts() {
    let when: Vec<String> = [
        0,
        30_000,
        5 * MINUTE,
        3 * 60 * MINUTE,
        30 * 60 * MINUTE,
        4 * 24 * 60 * MINUTE,
        90 * 24 * 60 * MINUTE,
    ]
    .iter()
    .map(|ago| saved_when(NOW - ago, NOW))
    .collect();
    expect![[r#"
        [
            "just now",
            "just now",
            "5 min ago",
            "3 h ago",
            "yesterday",
            "4 days ago",
            "on 2025-08-26",
        ]
    "#]]
    .assert_debug_eq(&when);
    expect![[r#"
        [
            "3 annotations · 12 KB · saved 5 min ago",
            "1 annotation",
        ]
    "#]]
    .assert_debug_eq(&[
        article_facts(3, 12_345, NOW - 5 * MINUTE, NOW),
        article_facts(1, 0, 0, NOW),
    ]);
    expect!["Delete “Other” and its 3 annotations from this browser? This cannot be undone; export it first if you need it."]
        .assert_eq(&delete_question("Other", 3));
    let info = |used, quota, persisted| StorageInfo {
        used,
        quota,
        persisted,
        unavailable: None,
    };
    expect![[r#"
        [
            Some(
                "Using 3.1 MB of 1.2 GB · kept until you delete it",
            ),
            Some(
                "Using 3.1 MB of 1.2 GB · the browser may clear it when space runs low",
            ),
            Some(
                "Using 820 KB",
            ),
            None,
        ]
    "#]]
    .assert_debug_eq(&[
        room(&info(Some(3_100_000), Some(1_200_000_000), Some(true))),
        room(&info(Some(3_100_000), Some(1_200_000_000), Some(false))),
        room(&info(Some(820_000), None, None)),
        room(&info(None, Some(1_200_000_000), Some(true))),
    ]);
    // Nearly full: a warning, in the panel and the notices.
    assert!(claimmark::app::messages::storage_nearly_full(&info(
        Some(1_000_000_000),
        Some(1_200_000_000),
        Some(true)
    ))
    .is_some());
    assert!(claimmark::app::messages::storage_nearly_full(&info(
        Some(3_100_000),
        Some(1_200_000_000),
        Some(true)
    ))
    .is_none());
}

// ---------------------------------------------------------------------------------------------
// Other tabs

#[test]
fn another_tabs_changes_are_merged_without_an_undo_step() {
    use claimmark::model::sync::{Incoming, Record};
    let here = two();
    let mut there = here.session().clone();
    there
        .apply(Command::SetNote {
            id: id(2),
            note: "from the other tab".into(),
            now: Timestamp::from_unix_millis(NOW + 1_000),
        })
        .unwrap();
    let merged = check(
        &here,
        Action::Merged(Incoming {
            slot: "doc".into(),
            records: vec![
                Record::put(there.get(&id(2)).unwrap()),
                Record::deleted(&id(1), fresh(9).now()),
            ],
            tags: None,
            text: false,
            header: None,
        }),
        expect![[r#"
            “T” in doc, unexported
              [37..54] dispute "Biden disputed it" #2 note "from the other tab"
            status: Another tab changed 2 annotations of this article; they are shown here too.
            effects:
              Paint
        "#]],
    );
    // Another article's changes, or a text edit, are not merged here.
    check(
        &merged,
        Action::Merged(Incoming {
            slot: "other".into(),
            records: vec![Record::deleted(&id(2), fresh(9).now())],
            tags: None,
            text: false,
            header: None,
        }),
        expect![[r#"
            “T” in doc, unexported
              [37..54] dispute "Biden disputed it" #2 note "from the other tab"
            status: Another tab changed 2 annotations of this article; they are shown here too.
        "#]],
    );
    check(
        &merged,
        Action::Merged(Incoming {
            slot: "doc".into(),
            records: vec![],
            tags: None,
            text: true,
            header: None,
        }),
        expect![[r#"
            “T” in doc, unexported
              [37..54] dispute "Biden disputed it" #2 note "from the other tab"
            status: Another tab changed 2 annotations of this article; they are shown here too.
            effects:
              LookUp doc then Reload
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Claims: claimant, verdict, links, article details, review settings, ClaimReview

fn claimant(seed: u128, name: &str) -> Action {
    ann(A::Claimant {
        id: id(seed),
        claimant: name.into(),
        now: now(),
    })
}

fn verdict(seed: u128, v: &str) -> Action {
    ann(A::Verdict {
        id: id(seed),
        verdict: v.into(),
        now: now(),
    })
}

fn links(seed: u128, to: &[u128]) -> Action {
    ann(A::Links {
        id: id(seed),
        links: to.iter().map(|s| id(*s)).collect(),
        now: now(),
    })
}

/// `two()` with Putin as the claimant of #1, rated "False", and #2 answering it.
fn claimed() -> State {
    quiet(after(
        &two(),
        [claimant(1, "Putin"), verdict(1, "False"), links(2, &[1])],
    ))
}

#[test]
fn claimant_verdict_and_links_are_undoable_steps() {
    let s = check(
        &two(),
        claimant(1, "  Vladimir  Putin "),
        expect![[r#"
            “T” in doc, undo "edit claimant", unexported
              [0..10] statement "Putin said" #1 claimant "Vladimir Putin"
              [37..54] dispute "Biden disputed it" #2
            effects:
              Paint
              Save
        "#]],
    );
    let s = check(
        &s,
        verdict(1, "Pants on fire"),
        expect![[r#"
            “T” in doc, undo "edit claimant", unexported
              [0..10] statement "Putin said" #1 claimant "Vladimir Putin"
              [37..54] dispute "Biden disputed it" #2
            error: The verdict “Pants on fire” is not on the rating scale.
        "#]],
    );
    let s = check(
        &s,
        links(2, &[1]),
        expect![[r#"
            “T” in doc, undo "link", unexported
              [0..10] statement "Putin said" #1 claimant "Vladimir Putin"
              [37..54] dispute "Biden disputed it" #2 answers #1
            status: Linked: this annotation answers 1 claim.
            effects:
              Paint
              Save
        "#]],
    );
    check(
        &s,
        ann(A::Undo),
        expect![[r#"
            “T” in doc, undo "edit claimant", redo "link", unexported
              [0..10] statement "Putin said" #1 claimant "Vladimir Putin"
              [37..54] dispute "Biden disputed it" #2
            status: Undone: link
            effects:
              Paint
              Save
        "#]],
    );
}

#[test]
fn deleting_a_linked_claim_says_which_links_break() {
    let s = check(
        &claimed(),
        ann(A::Delete { id: id(1) }),
        expect![[r##"
            “T” in doc, undo "delete", unexported
              [37..54] dispute "Biden disputed it" #2 answers #1
            status: Deleted. It was answered by “Biden disputed it”: that link is broken. Undo (Ctrl+Z) brings it back.
            effects:
              Paint
              Save
              Focus ListItem(Some("#2"))
        "##]],
    );
    check(
        &s,
        ann(A::Undo),
        expect![[r#"
        “T” in doc, undo "link", redo "delete", unexported
          [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
          [37..54] dispute "Biden disputed it" #2 answers #1
        status: Undone: delete
        effects:
          Paint
          Save
    "#]],
    );
}

#[test]
fn article_details_and_review_settings() {
    let s = check(
        &two(),
        ann(A::Meta(claimmark::model::ArticleMeta {
            url: " https://news.example/a ".into(),
            publisher: "Example News".into(),
            ..Default::default()
        })),
        expect![[r#"
            “T” in doc, undo "edit article details", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            article: ArticleMeta { url: "https://news.example/a", publisher: "Example News", author: "", published: "" }
            effects:
              Paint
              Save
        "#]],
    );
    let s = check(
        &s,
        ann(A::SaveReview {
            organisation: "Checkers".into(),
            name: "Ann".into(),
            scale: "Right\nWrong\nSatire (no value)".into(),
        }),
        expect![[r#"
            “T” in doc, undo "edit review settings", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            article: ArticleMeta { url: "https://news.example/a", publisher: "Example News", author: "", published: "" }
            review: "Checkers" by "Ann", scale "Right | Wrong | Satire (no value)"
            status: Review settings saved.
            effects:
              Paint
              Save
        "#]],
    );
    check(
        &s,
        ann(A::SaveReview {
            organisation: "Checkers".into(),
            name: "Ann".into(),
            scale: " \n ".into(),
        }),
        expect![[r#"
            “T” in doc, undo "edit review settings", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            article: ArticleMeta { url: "https://news.example/a", publisher: "Example News", author: "", published: "" }
            review: "Checkers" by "Ann", scale "Right | Wrong | Satire (no value)"
            error: A rating scale needs at least one rating.
            status: Review settings saved.
        "#]],
    );
}

#[test]
fn claimreview_export_asks_then_says_what_is_missing_then_downloads() {
    let s = check(
        &claimed(),
        ann(A::Export {
            format: Format::ClaimReview,
            now: now(),
        }),
        expect![[r#"
            “T” in doc, undo "link", unexported
              [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
              [37..54] dispute "Biden disputed it" #2 answers #1
            claimreview form: ""
        "#]],
    );
    let s = check(
        &s,
        ann(A::ExportClaimReview {
            organisation: None,
            now: now(),
        }),
        expect![[r#"
            “T” in doc, undo "link", unexported
              [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
              [37..54] dispute "Biden disputed it" #2 answers #1
            claimreview form: ""
            error: No ClaimReview file was written: the article's web address is not set; the fact-check's own web address is not set; the fact-checking organisation is not set.
        "#]],
    );
    let s = after(
        &s,
        [
            ann(A::ClaimReviewUrl("https://check.example/1".into())),
            ann(A::Meta(claimmark::model::ArticleMeta {
                url: "https://news.example/a".into(),
                ..Default::default()
            })),
        ],
    );
    let s = check(
        &s,
        ann(A::ExportClaimReview {
            organisation: Some("Checkers".into()),
            now: now(),
        }),
        expect![[r#"
            “T” in doc, undo "edit review settings", unexported
              [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
              [37..54] dispute "Biden disputed it" #2 answers #1
            article: ArticleMeta { url: "https://news.example/a", publisher: "", author: "", published: "" }
            review: "Checkers" by "", scale "True | Mostly true | Half true | Mostly false | False | Unproven (no value)"
            status: Saved t-2025-11-24.claimreview.jsonld: ClaimReview markup for 1 rated claim.
            effects:
              Paint
              Save
              Download t-2025-11-24.claimreview.jsonld (application/ld+json, export): "@context": "https://schema.org", (32 lines); once saved: “Saved t-2025-11-24.claimreview.jsonld: ClaimReview markup for 1 rated claim.”
        "#]],
    );
    // Asked again, the form offers the address used last.
    check(
        &quiet(s),
        ann(A::Export {
            format: Format::ClaimReview,
            now: now(),
        }),
        expect![[r#"
            “T” in doc, undo "edit review settings", unexported
              [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
              [37..54] dispute "Biden disputed it" #2 answers #1
            article: ArticleMeta { url: "https://news.example/a", publisher: "", author: "", published: "" }
            review: "Checkers" by "", scale "True | Mostly true | Half true | Mostly false | False | Unproven (no value)"
            claimreview form: "https://check.example/1"
        "#]],
    );
}

#[test]
fn a_fetched_article_keeps_its_address_and_the_review_settings() {
    let fetched = Document::plain("Fetched", "A claim was made. It was disputed.");
    let reviewed = after(
        &start(),
        [ann(A::SaveReview {
            organisation: "Checkers".into(),
            name: "Ann".into(),
            scale: "Right\nWrong".into(),
        })],
    );
    let (s, effects) = run(
        &reviewed,
        ann(A::OpenFetched {
            doc: fetched.clone(),
            url: "https://news.example/fetched".into(),
        }),
    );
    let then = effects
        .into_iter()
        .find_map(|e| match e {
            Effect::LookUp { then, .. } => Some(then),
            _ => None,
        })
        .expect("a LookUp effect");
    check(
        &s,
        Action::Found {
            slot: fetched.fingerprint().to_string(),
            found: Box::new(Found {
                session: Ok(None),
                exercise: None,
            }),
            then,
        },
        expect![[r#"
            “Fetched” in sha256:4cdb575b, text "A claim was made. It was disputed."
            article: ArticleMeta { url: "https://news.example/fetched", publisher: "", author: "", published: "" }
            review: "Checkers" by "Ann", scale "Right | Wrong"
            status: Opened “Fetched”.
            effects:
              ClearSelection
              Save
        "#]],
    );
}

#[test]
fn importing_claims_fills_details_and_reports_broken_links() {
    let source = claimed();
    let mut with_meta = source.clone();
    with_meta
        .annotator
        .session
        .apply(Command::SetMeta {
            meta: claimmark::model::ArticleMeta {
                url: "https://news.example/a".into(),
                ..Default::default()
            },
        })
        .unwrap();
    let json = w3c::export_session(with_meta.session());
    check(
        &start(),
        ann(A::Import {
            name: "claims.jsonld".into(),
            text: json.clone(),
            fresh: fresh(50),
        }),
        expect![[r#"
            “T” in doc, undo "edit article details", unexported
              [0..10] statement "Putin said" #1 claimant "Putin" verdict "False"
              [37..54] dispute "Biden disputed it" #2 answers #1
            article: ArticleMeta { url: "https://news.example/a", publisher: "", author: "", published: "" }
            status: 2 annotations imported.
            effects:
              Paint
              Save
        "#]],
    );
    // Only the dispute: its link's other end is not in the file nor the article.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["first"]["items"]
        .as_array_mut()
        .unwrap()
        .retain(|i| i["id"] == id(2));
    check(
        &start(),
        ann(A::Import {
            name: "dispute.jsonld".into(),
            text: v.to_string(),
            fresh: fresh(51),
        }),
        expect![[r#"
            “T” in doc, undo "edit article details", unexported
              [37..54] dispute "Biden disputed it" #2
            article: ArticleMeta { url: "https://news.example/a", publisher: "", author: "", published: "" }
            status: 1 annotation imported. 1 link to an annotation that is not in this article was left out (the annotations themselves were kept).
            effects:
              Paint
              Save
        "#]],
    );
}

#[test]
fn another_tabs_article_details_are_merged() {
    let here = quiet(after(
        &two(),
        [ann(A::Meta(claimmark::model::ArticleMeta {
            publisher: "Here".into(),
            ..Default::default()
        }))],
    ));
    check(
        &here,
        Action::Merged(claimmark::model::sync::Incoming {
            slot: "doc".into(),
            records: vec![],
            tags: None,
            text: false,
            header: Some((
                claimmark::model::ArticleMeta {
                    url: "https://news.example/there".into(),
                    ..Default::default()
                },
                claimmark::model::Review::default(),
            )),
        }),
        expect![[r#"
            “T” in doc, undo "add dispute", unexported
              [0..10] statement "Putin said" #1
              [37..54] dispute "Biden disputed it" #2
            article: ArticleMeta { url: "https://news.example/there", publisher: "", author: "", published: "" }
            effects:
              Paint
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Suggested claims

fn suggest(action: claimmark::app::SuggestAction) -> Action {
    Action::Suggest(action)
}

/// The state as `describe` shows it, then the suggestions waiting, one a line.
fn check_suggest(state: &State, action: claimmark::app::SuggestAction, expect: Expect) -> State {
    let (next, effects) = run(state, suggest(action));
    let mut out = describe(&next, &effects);
    for s in next.suggestions.shown(&next) {
        let quote = next.session().doc().slice(s.range);
        writeln!(
            out,
            "suggested [{}..{}] {} {:.2} {:?} ({})",
            s.range.start,
            s.range.end,
            s.tag.map_or("-", |t| t.id()),
            s.confidence,
            quote,
            s.claimant.as_deref().unwrap_or("-")
        )
        .unwrap();
    }
    if let Some(why) = next.suggestions.unsupported {
        writeln!(out, "unsupported: {why:?}").unwrap();
    }
    expect.assert_eq(&out);
    next
}

#[test]
fn suggest_then_accept_dismiss_and_undo() {
    use claimmark::app::SuggestAction as S;
    let s = check_suggest(
        &start(),
        S::Ask,
        expect![[r#"
        “T” in doc
        status: 2 suggested claims: dashed outlines in the article. Accept or dismiss each in the list; none is an annotation until you accept it.
        effects:
          Paint
        suggested [11..34] statement 0.75 "talks were constructive" (Putin)
        suggested [37..54] dispute 0.72 "Biden disputed it" (Biden)
    "#]],
    );
    let talks = at("talks were constructive").start;
    let biden = at("Biden disputed it").start;
    // Accepting makes a normal annotation, one undo step; the suggestion leaves the list.
    let s = check_suggest(
        &s,
        S::Accept {
            start: talks,
            fresh: fresh(1),
        },
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [11..34] statement "talks were constructive" #1 claimant "Putin"
            selected #1
            status: Suggestion accepted as statement: “talks were constructive”
            effects:
              Paint
              Save
            suggested [37..54] dispute 0.72 "Biden disputed it" (Biden)
        "#]],
    );
    // Dismissing makes nothing.
    let s = check_suggest(
        &s,
        S::Reject { start: biden },
        expect![[r#"
            “T” in doc, undo "add statement", unexported
              [11..34] statement "talks were constructive" #1 claimant "Putin"
            selected #1
            status: Suggestion dismissed.
            effects:
              Paint
        "#]],
    );
    // Undo takes back the annotation; what was suggested is never saved or exported.
    let s = check(
        &s,
        ann(A::Undo),
        expect![[r#"
        “T” in doc, redo "add statement"
        status: Undone: add statement
        effects:
          Paint
          Save
    "#]],
    );
    assert!(s.suggestions.shown(&s).is_empty());
    // An offset that is no suggestion does nothing.
    check_suggest(
        &s,
        S::Accept {
            start: 3,
            fresh: fresh(2),
        },
        expect![[r#"
        “T” in doc, redo "add statement"
        status: Undone: add statement
    "#]],
    );
}

#[test]
fn accept_all_above_a_confidence_is_one_step() {
    use claimmark::app::SuggestAction as S;
    let s = after(&start(), [suggest(S::Ask)]);
    let s = check_suggest(
        &s,
        S::AcceptAbove {
            percent: 50,
            fresh: fresh(3),
        },
        expect![[r#"
            “T” in doc, undo "accept 2 suggestions", unexported
              [11..34] statement "talks were constructive" #3 claimant "Putin"
              [37..54] dispute "Biden disputed it" #3.1 claimant "Biden"
            status: Accepted 2 suggestions at 50% or more (one step to undo).
            effects:
              Paint
              Save
        "#]],
    );
    check(
        &s,
        ann(A::Undo),
        expect![[r#"
        “T” in doc, redo "accept 2 suggestions"
        status: Undone: accept 2 suggestions
        effects:
          Paint
          Save
    "#]],
    );
    // Nothing at 90% or more here: a message, no step.
    let s = after(&start(), [suggest(S::Ask)]);
    check_suggest(
        &s,
        S::AcceptAbove {
            percent: 90,
            fresh: fresh(4),
        },
        expect![[r#"
        “T” in doc
        status: No suggestion is at 90% or more.
        suggested [11..34] statement 0.75 "talks were constructive" (Putin)
        suggested [37..54] dispute 0.72 "Biden disputed it" (Biden)
    "#]],
    );
}

#[test]
fn suggestions_belong_to_their_text_and_skip_what_is_annotated() {
    use claimmark::app::SuggestAction as S;
    // What is annotated already is not suggested again.
    let s = after(&start(), [tag(Tag::DISPUTE, "Biden disputed it", 5)]);
    let s = check_suggest(
        &s,
        S::Ask,
        expect![[r#"
        “T” in doc, undo "add dispute", unexported
          [37..54] dispute "Biden disputed it" #5
        selected #5
        status: 1 suggested claim: dashed outlines in the article. Accept or dismiss each in the list; none is an annotation until you accept it.
        effects:
          Paint
        suggested [11..34] statement 0.75 "talks were constructive" (Putin)
    "#]],
    );
    // Another text: the old suggestions are not shown or accepted.
    let s = after(
        &s,
        [
            ann(A::Edit(true)),
            ann(save_text(&s, "Something else entirely, said nobody.")),
        ],
    );
    assert!(s.suggestions.shown(&s).is_empty());
    let talks = at("talks were constructive").start;
    check_suggest(
        &s,
        S::Accept {
            start: talks,
            fresh: fresh(6),
        },
        expect![[r#"
        “T” in doc, text "Something else entirely, said nobody.", undo "edit text", unexported
          [37..54] dispute "Biden disputed it" #5 (orphaned)
        selected #5
        status: Text saved. 0 anchored, 0 relocated, 1 orphaned.
    "#]],
    );
}

#[test]
fn another_language_gets_a_message_not_guesses() {
    use claimmark::app::SuggestAction as S;
    let german = Document::plain(
        "D",
        "Der Präsident sagte am Mittwoch, dass die Gespräche sehr konstruktiv gewesen seien und dass man sich geeinigt habe.",
    );
    let s = State::new("de", Session::new(german));
    check_suggest(
        &s,
        S::Ask,
        expect![[r#"
        “D” in de, text "Der Präsident sagte am Mittwoch, dass die Gespräch…"
        status: Suggestions are for English articles only, and this one seems to be in another language: none are offered.
        effects:
          Paint
        unsupported: Language
    "#]],
    );
}

#[test]
fn students_ask_for_suggestions_only_when_the_exercise_allows() {
    use claimmark::app::SuggestAction as S;
    let s = student(false);
    assert!(!claimmark::app::suggestions::allowed(&s));
    check_suggest(
        &s,
        S::Ask,
        expect![[r#"
        “T” in FP#ex-1
        tags: 1 statement, 2 dispute
        error: This exercise does not offer suggested claims: find the claims yourself.
        student: “Claims” (ex-1), name "", started 2025-11-24T16:00:00.000Z
    "#]],
    );
    let mut allowed = s.clone();
    if let Some(work) = allowed.classroom.student.as_mut() {
        let mut exercise = (*work.exercise).clone();
        exercise.allow_suggestions = true;
        let mut changed = (**work).clone();
        changed.exercise = Rc::new(exercise);
        *work = Rc::new(changed);
    }
    assert!(claimmark::app::suggestions::allowed(&allowed));
    let after_ask = after(&allowed, [suggest(S::Ask)]);
    assert!(!after_ask.suggestions.shown(&after_ask).is_empty());
}

#[test]
fn exercise_files_write_allow_suggestions_only_when_on() {
    let mut ex = exercise(false);
    let off = ex.to_json(true);
    assert!(!off.contains("allowSuggestions"));
    assert!(!parse_exercise(&off).unwrap().allow_suggestions);
    ex.allow_suggestions = true;
    let on = ex.to_json(true);
    assert!(on.contains("\"allowSuggestions\": true"));
    assert!(parse_exercise(&on).unwrap().allow_suggestions);
}

/// The list's window: where it starts (a table of items listed, kept start, selected → start),
/// and which items are built for one frame.
#[test]
fn the_list_window_and_what_one_frame_builds() {
    use claimmark::app::list::{
        stagger, window_start, FIRST_OF_A_NEW_WINDOW, NEW_PER_FRAME, WINDOW,
    };
    assert_eq!((WINDOW, NEW_PER_FRAME, FIRST_OF_A_NEW_WINDOW), (24, 4, 1));
    let cases: &[(usize, usize, Option<usize>, usize)] = &[
        // A short list: from the top, whatever is selected.
        (10, 0, None, 0),
        (10, 5, Some(9), 0),
        (0, 3, None, 0),
        // The selected item inside the window: the window stays.
        (5000, 100, Some(110), 100),
        (5000, 100, Some(100), 100),
        (5000, 100, Some(123), 100),
        // Outside it: a third of the window before the item.
        (5000, 100, Some(124), 116),
        (5000, 100, Some(3000), 2992),
        (5000, 100, Some(99), 91),
        (5000, 100, Some(1), 0),
        // Near the end, the window is full up to the list's end.
        (5000, 4990, None, 4976),
        (5000, 0, Some(4999), 4976),
        // A selected position past the end (a stale selection) changes nothing.
        (30, 0, Some(30), 0),
    ];
    for &(len, start, selected, want) in cases {
        assert_eq!(
            window_start(len, start, selected),
            want,
            "len {len}, start {start}, selected {selected:?}"
        );
    }
    // A jump (nothing built yet): the new item alone, then the four nearest it (ties: the
    // earlier), then the rest.
    assert_eq!(
        stagger(5000, 2992..3016, |_| false, 3000),
        (vec![3000], true)
    );
    assert_eq!(
        stagger(5000, 2992..3016, |i| i == 3000, 3000),
        ((2998..3003).collect(), true)
    );
    // An import (no selection): the first, then four more.
    assert_eq!(stagger(5000, 0..24, |_| false, 0), (vec![0], true));
    assert_eq!(
        stagger(5000, 0..24, |i| i == 0, 0),
        ((0..5).collect(), true)
    );
    // One new item among built ones (a tag inside the window): all at once.
    assert_eq!(
        stagger(5000, 10..34, |i| i != 20, 20),
        ((10..34).collect(), false)
    );
    // Half built: the built ones and the four new ones nearest the focus.
    let (items, more) = stagger(5000, 0..24, |i| i < 12, 0);
    assert_eq!((items, more), ((0..16).collect(), true));
    // A list that fits in one window: built at once.
    assert_eq!(stagger(24, 0..24, |_| false, 0), ((0..24).collect(), false));
    // The last few: done.
    assert_eq!(
        stagger(5000, 0..24, |i| i < 20, 0),
        ((0..24).collect(), false)
    );
}
