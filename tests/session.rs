//! `Session::apply` as tables: a sequence of commands on a small document, each with what it
//! changed, then the annotations and the undo and redo stacks they leave.
//!
//! `UPDATE_EXPECT=1 cargo test --test session` rewrites the snapshots; read every one after.

mod common;
use common::find;

use std::fmt::Write as _;

use claimmark::model::session::{SavedSession, UNDO_LIMIT};
use claimmark::model::text::{BlockKind, CharRange, Document};
use claimmark::model::{Annotation, Command, CommandError, Quote, Session, Status, Tag, Timestamp};
use expect_test::{expect, Expect};

const TEXT: &str = "Putin said talks were constructive.\n\nBiden disputed it.";

fn doc() -> Document {
    Document::plain("T", TEXT)
}

fn now() -> Timestamp {
    Timestamp::from_unix_millis(1_764_000_000_000)
}

fn create_on(doc: &Document, id: &str, tag: Tag, needle: &str) -> Command {
    Command::Create {
        id: id.into(),
        tag,
        range: doc.snap(find(doc, needle)).unwrap(),
        now: now(),
        creator: None,
    }
}

fn create(id: &str, tag: Tag, needle: &str) -> Command {
    create_on(&doc(), id, tag, needle)
}

fn retag(id: &str, tag: Tag) -> Command {
    Command::Retag {
        id: id.into(),
        tag,
        now: now(),
    }
}

fn note(id: &str, note: &str) -> Command {
    Command::SetNote {
        id: id.into(),
        note: note.into(),
        now: now(),
    }
}

fn delete(id: &str) -> Command {
    Command::Delete { id: id.into() }
}

fn reattach(id: &str, needle: &str) -> Command {
    let d = doc();
    Command::Reattach {
        id: id.into(),
        range: d.snap(find(&d, needle)).unwrap(),
        now: now(),
    }
}

fn replace_text(text: &str) -> Command {
    Command::ReplaceText {
        doc: Document::plain("T", text),
    }
}

/// An annotation as an import gives it: placed on `doc()` at `needle`, or orphaned with the
/// quote `needle` when the text has no such words.
fn imported(id: &str, tag: Tag, needle: &str) -> Annotation {
    let d = doc();
    let (range, quote, status) = match d.text().find(needle) {
        Some(_) => {
            let r = find(&d, needle);
            (r, Quote::of(&d, r), Status::Anchored)
        }
        None => (
            CharRange { start: 0, end: 0 },
            Quote {
                exact: needle.into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            Status::Orphaned,
        ),
    };
    Annotation {
        id: id.into(),
        tag,
        range,
        quote,
        status,
        note: String::new(),
        created: now(),
        modified: now(),
        creator: None,
    }
}

fn import(annotations: Vec<Annotation>) -> Command {
    Command::Import { annotations }
}

fn command(c: &Command) -> String {
    match c {
        Command::Create { id, tag, range, .. } => {
            let r = range.range();
            format!("create {id} {} [{}..{}]", tag.key(), r.start, r.end)
        }
        Command::Retag { id, tag, .. } => format!("retag {id} {}", tag.key()),
        Command::SetNote { id, note, .. } => format!("note {id} {note:?}"),
        Command::Delete { id } => format!("delete {id}"),
        Command::Reattach { id, range, .. } => {
            let r = range.range();
            format!("reattach {id} [{}..{}]", r.start, r.end)
        }
        Command::Import { annotations } => {
            let ids: Vec<&str> = annotations.iter().map(|a| a.id.as_str()).collect();
            format!("import [{}]", ids.join(", "))
        }
        Command::ReplaceText { doc } => format!("replace text {:?}", doc.text()),
        Command::Undo => "undo".into(),
        Command::Redo => "redo".into(),
        Command::MarkExported => "mark exported".into(),
    }
}

fn annotation(a: &Annotation) -> String {
    let mut line = format!(
        "[{}..{}] {} {:?} {}",
        a.range.start,
        a.range.end,
        a.tag.key(),
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
    line
}

/// The undo (or redo) labels, the next one first, read by undoing (redoing) a copy.
fn labels(session: &Session, undo: bool) -> String {
    let mut s = session.clone();
    let mut out = Vec::new();
    loop {
        let label = if undo { s.undo_label() } else { s.redo_label() };
        let Some(label) = label else { break };
        out.push(label.to_string());
        s.apply(if undo { Command::Undo } else { Command::Redo })
            .unwrap();
    }
    if out.is_empty() {
        "-".into()
    } else {
        out.join(" | ")
    }
}

fn describe(session: &Session) -> String {
    let mut out = String::new();
    if session.doc().text() != TEXT {
        writeln!(out, "text: {:?}", session.doc().text()).unwrap();
    }
    for a in session.annotations() {
        writeln!(out, "{}", annotation(a)).unwrap();
    }
    writeln!(out, "undo: {}", labels(session, true)).unwrap();
    writeln!(out, "redo: {}", labels(session, false)).unwrap();
    writeln!(out, "unexported work: {}", session.has_unexported_work()).unwrap();
    out
}

/// Applies `commands` to a new session on the test text, and checks what each did and what
/// they leave. A failing command must leave the session exactly as it was.
fn check(commands: Vec<Command>, expect: Expect) {
    let mut session = Session::new(doc());
    let mut out = String::new();
    for c in commands {
        let line = command(&c);
        let before = session.clone();
        match session.apply(c) {
            Ok(change) => writeln!(out, "{line} → {change:?}").unwrap(),
            Err(e) => {
                assert_eq!(session, before, "a failed {line} changed the session");
                writeln!(out, "{line} → error: {e}").unwrap()
            }
        }
    }
    out += "--\n";
    out += &describe(&session);
    expect.assert_eq(&out);
}

#[test]
fn create_and_retag() {
    check(
        vec![
            create("a", Tag::Statement, "Putin said"),
            create("b", Tag::Dispute, "disputed"),
            retag("a", Tag::Agreement),
            retag("a", Tag::Agreement),
        ],
        expect![[r#"
            create a statement [0..10] → Annotations
            create b dispute [43..51] → Annotations
            retag a agreement → Annotations
            retag a agreement → Nothing
            --
            [0..10] agreement "Putin said" a
            [43..51] dispute "disputed" b
            undo: change tag | add dispute | add statement
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn typing_a_note_is_one_step() {
    check(
        vec![
            create("a", Tag::Statement, "Putin said"),
            create("b", Tag::Dispute, "disputed"),
            note("a", "P"),
            note("a", "Pr"),
            note("a", "Press"),
            note("a", "Press"),
            note("b", "x"),
            note("a", "Press!"),
            retag("a", Tag::Dispute),
            note("a", "Press!?"),
        ],
        expect![[r#"
            create a statement [0..10] → Annotations
            create b dispute [43..51] → Annotations
            note a "P" → Annotations
            note a "Pr" → Annotations
            note a "Press" → Annotations
            note a "Press" → Nothing
            note b "x" → Annotations
            note a "Press!" → Annotations
            retag a dispute → Annotations
            note a "Press!?" → Annotations
            --
            [0..10] dispute "Putin said" a note "Press!?"
            [43..51] dispute "disputed" b note "x"
            undo: edit note | change tag | edit note | edit note | edit note | add dispute | add statement
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn undoing_a_folded_note_restores_the_note_before_typing() {
    check(
        vec![
            create("a", Tag::Statement, "Putin said"),
            note("a", "first"),
            note("b", "nobody"),
            note("a", "Press"),
            Command::Undo,
            note("a", "P"),
            note("a", "Pr"),
            Command::Undo,
        ],
        expect![[r#"
            create a statement [0..10] → Annotations
            note a "first" → Annotations
            note b "nobody" → error: no annotation has the id b
            note a "Press" → Annotations
            undo → Annotations
            note a "P" → Annotations
            note a "Pr" → Annotations
            undo → Annotations
            --
            [0..10] statement "Putin said" a
            undo: add statement
            redo: edit note
            unexported work: true
        "#]],
    );
}

#[test]
fn delete_undo_redo() {
    check(
        vec![
            create("a", Tag::Statement, "Putin said"),
            create("b", Tag::Dispute, "Biden disputed it"),
            delete("a"),
            Command::Undo,
            Command::Undo,
            Command::Redo,
            delete("zzz"),
        ],
        expect![[r#"
            create a statement [0..10] → Annotations
            create b dispute [37..54] → Annotations
            delete a → Annotations
            undo → Annotations
            undo → Annotations
            redo → Annotations
            delete zzz → error: no annotation has the id zzz
            --
            [0..10] statement "Putin said" a
            [37..54] dispute "Biden disputed it" b
            undo: add dispute | add statement
            redo: delete
            unexported work: true
        "#]],
    );
}

#[test]
fn a_new_change_drops_the_redo_stack() {
    check(
        vec![
            create("a", Tag::Statement, "Putin said"),
            Command::Undo,
            create("b", Tag::Dispute, "Biden"),
            Command::Redo,
        ],
        expect![[r#"
            create a statement [0..10] → Annotations
            undo → Annotations
            create b dispute [37..42] → Annotations
            redo → error: there is nothing to redo
            --
            [37..42] dispute "Biden" b
            undo: add dispute
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn errors_change_nothing() {
    check(
        vec![
            Command::Undo,
            Command::Redo,
            create("a", Tag::Statement, "Putin"),
            create("a", Tag::Dispute, "Biden"),
            retag("x", Tag::Dispute),
            note("x", "n"),
            delete("x"),
            reattach("x", "talks"),
        ],
        expect![[r#"
            undo → error: there is nothing to undo
            redo → error: there is nothing to redo
            create a statement [0..5] → Annotations
            create a dispute [37..42] → error: an annotation with the id a exists already
            retag x dispute → error: no annotation has the id x
            note x "n" → error: no annotation has the id x
            delete x → error: no annotation has the id x
            reattach x [11..16] → error: no annotation has the id x
            --
            [0..5] statement "Putin" a
            undo: add statement
            redo: -
            unexported work: true
        "#]],
    );
    // The errors are the typed ones, too.
    let mut s = Session::new(doc());
    assert_eq!(s.apply(Command::Undo), Err(CommandError::NothingToUndo));
    assert_eq!(s.apply(Command::Redo), Err(CommandError::NothingToRedo));
    assert_eq!(
        s.apply(delete("x")),
        Err(CommandError::UnknownId("x".into()))
    );
    s.apply(create("a", Tag::Statement, "Putin")).unwrap();
    assert_eq!(
        s.apply(create("a", Tag::Statement, "Biden")),
        Err(CommandError::DuplicateId("a".into()))
    );
}

#[test]
fn reattach_places_an_orphan_in_the_text() {
    check(
        vec![
            create("a", Tag::Statement, "talks"),
            import(vec![imported("o", Tag::Dispute, "not in this text")]),
            reattach("o", "Putin"),
            Command::Undo,
            reattach("a", "Biden"),
        ],
        expect![[r#"
            create a statement [11..16] → Annotations
            import [o] → Annotations
            reattach o [0..5] → Annotations
            undo → Annotations
            reattach a [37..42] → Annotations
            --
            [37..42] statement "Biden" a
            [0..0] dispute "not in this text" o (orphaned)
            undo: re-attach | import 1 annotation | add statement
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn import_skips_ids_already_present_and_repeated() {
    check(
        vec![
            create("a", Tag::Statement, "Putin"),
            import(vec![
                imported("a", Tag::Dispute, "Biden"),
                imported("b", Tag::Dispute, "Biden"),
                imported("b", Tag::Agreement, "talks"),
                imported("c", Tag::Agreement, "talks"),
            ]),
            import(vec![imported("a", Tag::Dispute, "it")]),
            import(vec![]),
            Command::Undo,
        ],
        expect![[r#"
            create a statement [0..5] → Annotations
            import [a, b, b, c] → Annotations
            import [a] → Nothing
            import [] → Nothing
            undo → Annotations
            --
            [0..5] statement "Putin" a
            undo: add statement
            redo: import 2 annotations
            unexported work: true
        "#]],
    );
    // What the import added (before the undo): the first b, and c.
    let mut s = Session::new(doc());
    s.apply(create("a", Tag::Statement, "Putin")).unwrap();
    s.apply(import(vec![
        imported("a", Tag::Dispute, "Biden"),
        imported("b", Tag::Dispute, "Biden"),
        imported("b", Tag::Agreement, "talks"),
        imported("c", Tag::Agreement, "talks"),
    ]))
    .unwrap();
    expect![[r#"
        [0..5] statement "Putin" a
        [11..16] agreement "talks" c
        [37..42] dispute "Biden" b
        undo: import 2 annotations | add statement
        redo: -
        unexported work: true
    "#]]
    .assert_eq(&describe(&s));
}

#[test]
fn annotations_stay_sorted_with_orphans_last() {
    check(
        vec![
            import(vec![imported("z-orphan", Tag::Dispute, "gone words")]),
            create("c", Tag::Dispute, "Biden"),
            create("b", Tag::Statement, "talks were"),
            create("a", Tag::Statement, "talks"),
            create("d", Tag::Agreement, "Putin said talks"),
            import(vec![imported("a-orphan", Tag::Statement, "also gone")]),
            retag("c", Tag::Statement),
            note("d", "long"),
            delete("b"),
            Command::Undo,
        ],
        expect![[r#"
            import [z-orphan] → Annotations
            create c dispute [37..42] → Annotations
            create b statement [11..21] → Annotations
            create a statement [11..16] → Annotations
            create d agreement [0..16] → Annotations
            import [a-orphan] → Annotations
            retag c statement → Annotations
            note d "long" → Annotations
            delete b → Annotations
            undo → Annotations
            --
            [0..16] agreement "Putin said talks" d note "long"
            [11..16] statement "talks" a
            [11..21] statement "talks were" b
            [37..42] statement "Biden" c
            [0..0] statement "also gone" a-orphan (orphaned)
            [0..0] dispute "gone words" z-orphan (orphaned)
            undo: edit note | change tag | import 1 annotation | add agreement | add statement | add statement | add dispute | import 1 annotation
            redo: delete
            unexported work: true
        "#]],
    );
}

#[test]
fn replace_text_reanchors_every_annotation() {
    check(
        vec![
            create("putin", Tag::Statement, "Putin said"),
            create("talks", Tag::Agreement, "constructive"),
            create("biden", Tag::Dispute, "Biden disputed it"),
            replace_text("Yesterday Putin said talks were fruitful.\n\nBiden disputed it."),
            replace_text("Yesterday Putin said talks were fruitful.\n\nBiden disputed it."),
        ],
        expect![[r#"
            create putin statement [0..10] → Annotations
            create talks agreement [22..34] → Annotations
            create biden dispute [37..54] → Annotations
            replace text "Yesterday Putin said talks were fruitful.\n\nBiden disputed it." → Text
            replace text "Yesterday Putin said talks were fruitful.\n\nBiden disputed it." → Nothing
            --
            text: "Yesterday Putin said talks were fruitful.\n\nBiden disputed it."
            [10..20] statement "Putin said" putin
            [43..60] dispute "Biden disputed it" biden
            [22..34] agreement "constructive" talks (orphaned)
            undo: edit text | add dispute | add agreement | add statement
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn undoing_a_text_edit_restores_the_text_exactly() {
    let original = Document::from_blocks(
        "Summit",
        &[
            (BlockKind::Heading, "Geneva".to_string()),
            (
                BlockKind::Paragraph,
                "Putin said talks were constructive.".to_string(),
            ),
            (BlockKind::Paragraph, "Biden disputed it.".to_string()),
        ],
    );
    let mut s = Session::new(original.clone());
    s.apply(create_on(&original, "p", Tag::Statement, "Putin said"))
        .unwrap();
    s.apply(create_on(&original, "b", Tag::Dispute, "Biden"))
        .unwrap();
    let before = s.clone();
    let edited = Document::plain("Summit", "Geneva\n\nBiden disputed it, then left.");
    assert_eq!(
        s.apply(Command::ReplaceText {
            doc: edited.clone()
        }),
        Ok(claimmark::model::Change::Text)
    );
    assert_eq!(s.doc(), &edited);
    let after = s.clone();
    expect![[r#"
        text: "Geneva\n\nBiden disputed it, then left."
        [8..13] dispute "Biden" b
        [8..18] statement "Putin said" p (orphaned)
        undo: edit text | add dispute | add statement
        redo: -
        unexported work: true
    "#]]
    .assert_eq(&describe(&s));

    assert_eq!(s.apply(Command::Undo), Ok(claimmark::model::Change::Text));
    // The same title, text and headings as before, and the same annotations.
    assert_eq!(s.doc(), &original);
    assert_eq!(s.doc().blocks()[0].kind, BlockKind::Heading);
    assert_eq!(s.annotations(), before.annotations());
    assert_eq!(s.apply(Command::Redo), Ok(claimmark::model::Change::Text));
    assert_eq!(s.doc(), after.doc());
    assert_eq!(s.annotations(), after.annotations());
}

#[test]
fn exporting_marks_the_work_safe_until_the_next_change() {
    check(
        vec![create("a", Tag::Statement, "Putin"), Command::MarkExported],
        expect![[r#"
            create a statement [0..5] → Annotations
            mark exported → Nothing
            --
            [0..5] statement "Putin" a
            undo: add statement
            redo: -
            unexported work: false
        "#]],
    );
    check(
        vec![
            create("a", Tag::Statement, "Putin"),
            Command::MarkExported,
            Command::Undo,
        ],
        expect![[r#"
            create a statement [0..5] → Annotations
            mark exported → Nothing
            undo → Annotations
            --
            undo: -
            redo: add statement
            unexported work: false
        "#]],
    );
    check(
        vec![
            create("a", Tag::Statement, "Putin"),
            Command::MarkExported,
            note("a", "n"),
        ],
        expect![[r#"
            create a statement [0..5] → Annotations
            mark exported → Nothing
            note a "n" → Annotations
            --
            [0..5] statement "Putin" a note "n"
            undo: edit note | add statement
            redo: -
            unexported work: true
        "#]],
    );
    // A new session has nothing to lose.
    assert!(!Session::new(doc()).has_unexported_work());
}

#[test]
fn at_most_undo_limit_steps_are_kept() {
    let mut s = Session::new(doc());
    for i in 0..=UNDO_LIMIT {
        s.apply(create(&format!("a{i:03}"), Tag::Statement, "Putin"))
            .unwrap();
    }
    assert_eq!(s.annotations().len(), UNDO_LIMIT + 1);
    assert_eq!(s.undo_depth(), UNDO_LIMIT);
    for _ in 0..UNDO_LIMIT {
        s.apply(Command::Undo).unwrap();
    }
    // The first create fell off the history: it stays, and there is nothing more to undo.
    let ids: Vec<&str> = s.annotations().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a000"]);
    assert_eq!(s.apply(Command::Undo), Err(CommandError::NothingToUndo));
    assert_eq!(s.undo_depth(), 0);
    for _ in 0..UNDO_LIMIT {
        s.apply(Command::Redo).unwrap();
    }
    assert_eq!(s.annotations().len(), UNDO_LIMIT + 1);
}

#[test]
fn snapshots_are_independent() {
    let mut s = Session::new(doc());
    let empty = s.clone();
    s.apply(create("a", Tag::Statement, "Putin")).unwrap();
    let one = s.clone();
    s.apply(note("a", "typed")).unwrap();
    s.apply(replace_text("Putin spoke.")).unwrap();
    let edited = s.clone();
    s.apply(Command::Undo).unwrap();
    s.apply(Command::Undo).unwrap();

    assert!(empty.annotations().is_empty());
    assert!(!empty.can_undo());
    assert_eq!(one.get("a").unwrap().note, "");
    assert_eq!(one.undo_label(), Some("add statement"));
    assert_eq!(edited.doc().text(), "Putin spoke.");
    assert_eq!(edited.get("a").unwrap().note, "typed");
    assert_eq!(s.doc().text(), TEXT);
    assert_eq!(s.get("a").unwrap().note, "");
    // Undoing back to `one` shows the same thing as `one`, though the redo stack differs.
    assert_eq!(s.annotations(), one.annotations());
    assert_ne!(s, one);
}

/// A session with some of everything: history both ways, a note, an orphan, an edited text.
fn busy_session() -> Session {
    let mut s = Session::new(doc());
    for c in [
        create("a", Tag::Statement, "Putin said"),
        create("b", Tag::Dispute, "Biden disputed it"),
        note("a", "he said it twice"),
        import(vec![imported("o", Tag::Agreement, "nowhere here")]),
        create("c", Tag::Agreement, "talks"),
        Command::Undo,
    ] {
        s.apply(c).unwrap();
    }
    s
}

#[test]
fn to_saved_and_back_is_the_same_session() {
    let s = busy_session();
    assert_eq!(Session::from_saved(s.to_saved()), Some(s.clone()));
    // Through JSON, as autosave keeps it.
    let json = serde_json::to_string(&s.to_saved()).unwrap();
    let back: SavedSession = serde_json::from_str(&json).unwrap();
    assert_eq!(Session::from_saved(back), Some(s.clone()));

    let mut edited = s.clone();
    edited
        .apply(replace_text("Putin said so.\n\nBiden disputed it."))
        .unwrap();
    assert_eq!(Session::from_saved(edited.to_saved()), Some(edited.clone()));
    let mut restored = Session::from_saved(edited.to_saved()).unwrap();
    restored.apply(Command::Undo).unwrap();
    assert_eq!(restored.doc().text(), TEXT);

    // Without its history: the same annotations and text, nothing to undo.
    let light = Session::from_saved(s.to_saved_without_history()).unwrap();
    assert_eq!(light.annotations(), s.annotations());
    assert_eq!(light.doc(), s.doc());
    assert!(!light.can_undo() && !light.can_redo());
    assert_eq!(light.has_unexported_work(), s.has_unexported_work());
}

/// The saved form as JSON, changed by `f`, read back.
fn tampered(f: impl FnOnce(&mut serde_json::Value)) -> Option<Session> {
    let mut value = serde_json::to_value(busy_session().to_saved()).unwrap();
    f(&mut value);
    let saved: SavedSession = serde_json::from_value(value).unwrap();
    Session::from_saved(saved)
}

#[test]
fn from_saved_refuses_a_save_that_breaks_an_invariant() {
    assert!(tampered(|_| {}).is_some());
    // A quote that is not the text at its place.
    assert!(tampered(|v| v["annotations"][0]["quote"]["exact"] = "Putin SAID".into()).is_none());
    // A range past the end of the text.
    assert!(tampered(|v| {
        v["annotations"][0]["range"]["start"] = 100.into();
        v["annotations"][0]["range"]["end"] = 110.into();
    })
    .is_none());
    // Two annotations with one id.
    assert!(tampered(|v| {
        let first = v["annotations"][0]["id"].clone();
        v["annotations"][2]["id"] = first;
    })
    .is_none());
    // Another version of the format.
    assert!(tampered(|v| v["version"] = 2.into()).is_none());
    assert!(tampered(|v| v["version"] = 0.into()).is_none());
    // An orphan's quote is not checked against the text: it has no place there.
    assert!(tampered(|v| {
        let orphan = v["annotations"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|a| a["status"] == "orphaned")
            .unwrap();
        orphan["quote"]["exact"] = "anything".into();
    })
    .is_some());
}

#[test]
fn from_saved_sorts_the_annotations() {
    let s = busy_session();
    let mut value = serde_json::to_value(s.to_saved()).unwrap();
    value["annotations"].as_array_mut().unwrap().reverse();
    let saved: SavedSession = serde_json::from_value(value).unwrap();
    assert_eq!(Session::from_saved(saved), Some(s));
}
