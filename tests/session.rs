//! `Session::apply` as tables: a sequence of commands on a small document, each with what it
//! changed, then the annotations and the undo and redo stacks they leave.
//!
//! `UPDATE_EXPECT=1 cargo test --test session` rewrites the snapshots; read every one after.

mod common;
use common::find;

use std::fmt::Write as _;

use claimmark::model::session::{SavedDocument, SavedSession, UNDO_LIMIT};
use claimmark::model::text::{BlockKind, CharRange, Document};
use claimmark::model::{
    Annotation, Command, CommandError, Quote, Session, Status, Tag, TagEdit, TagSet, Timestamp,
};
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
        claim: Default::default(),
    }
}

fn import(annotations: Vec<Annotation>) -> Command {
    Command::Import {
        annotations,
        tags: vec![],
    }
}

fn tags(edit: TagEdit) -> Command {
    Command::EditTags { edit, now: now() }
}

fn add_tag(label: &str) -> Command {
    tags(TagEdit::Add {
        label: label.into(),
    })
}

fn id(s: &str) -> Tag {
    Tag::new(s).unwrap()
}

fn command(c: &Command) -> String {
    match c {
        Command::Create { id, tag, range, .. } => {
            let r = range.range();
            format!("create {id} {tag} [{}..{}]", r.start, r.end)
        }
        Command::CreateAll { items, .. } => {
            let ids: Vec<&str> = items.iter().map(|n| n.id.as_str()).collect();
            format!("create all [{}]", ids.join(", "))
        }
        Command::Retag { id, tag, .. } => format!("retag {id} {tag}"),
        Command::SetNote { id, note, .. } => format!("note {id} {note:?}"),
        Command::Delete { id } => format!("delete {id}"),
        Command::Reattach { id, range, .. } => {
            let r = range.range();
            format!("reattach {id} [{}..{}]", r.start, r.end)
        }
        Command::EditTags { edit, .. } => format!("tags: {edit:?}"),
        Command::Import { annotations, .. } => {
            let ids: Vec<&str> = annotations.iter().map(|a| a.id.as_str()).collect();
            format!("import [{}]", ids.join(", "))
        }
        Command::ReplaceText { doc } => format!("replace text {:?}", doc.text()),
        Command::ReplaceTextPlaced(work) => {
            format!("replace text {:?} (placed)", work.new_doc().text())
        }
        Command::Undo => "undo".into(),
        Command::Redo => "redo".into(),
        Command::MarkExported => "mark exported".into(),
        Command::SetClaimant { id, claimant, .. } => format!("claimant {id} {claimant:?}"),
        Command::SetVerdict { id, verdict, .. } => format!("verdict {id} {verdict:?}"),
        Command::SetLinks { id, links, .. } => format!("links {id} {links:?}"),
        Command::SetMeta { meta } => format!("meta {meta:?}"),
        Command::SetReview { review } => format!("review {review:?}"),
    }
}

fn annotation(a: &Annotation) -> String {
    let mut line = format!(
        "[{}..{}] {} {:?} {}",
        a.range.start, a.range.end, a.tag, a.quote.exact, a.id
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
    if !session.tags().is_default() {
        let set: Vec<String> = session
            .tags()
            .iter()
            .map(|d| format!("{} “{}” {} {}", d.id, d.label, d.colour, d.underline.css()))
            .collect();
        writeln!(out, "tags: {}", set.join(" | ")).unwrap();
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
            create("a", Tag::STATEMENT, "Putin said"),
            create("b", Tag::DISPUTE, "disputed"),
            retag("a", Tag::AGREEMENT),
            retag("a", Tag::AGREEMENT),
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
            create("a", Tag::STATEMENT, "Putin said"),
            create("b", Tag::DISPUTE, "disputed"),
            note("a", "P"),
            note("a", "Pr"),
            note("a", "Press"),
            note("a", "Press"),
            note("b", "x"),
            note("a", "Press!"),
            retag("a", Tag::DISPUTE),
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
            create("a", Tag::STATEMENT, "Putin said"),
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
            create("a", Tag::STATEMENT, "Putin said"),
            create("b", Tag::DISPUTE, "Biden disputed it"),
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
            create("a", Tag::STATEMENT, "Putin said"),
            Command::Undo,
            create("b", Tag::DISPUTE, "Biden"),
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
            create("a", Tag::STATEMENT, "Putin"),
            create("a", Tag::DISPUTE, "Biden"),
            retag("x", Tag::DISPUTE),
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
    s.apply(create("a", Tag::STATEMENT, "Putin")).unwrap();
    assert_eq!(
        s.apply(create("a", Tag::STATEMENT, "Biden")),
        Err(CommandError::DuplicateId("a".into()))
    );
}

#[test]
fn reattach_places_an_orphan_in_the_text() {
    check(
        vec![
            create("a", Tag::STATEMENT, "talks"),
            import(vec![imported("o", Tag::DISPUTE, "not in this text")]),
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
            create("a", Tag::STATEMENT, "Putin"),
            import(vec![
                imported("a", Tag::DISPUTE, "Biden"),
                imported("b", Tag::DISPUTE, "Biden"),
                imported("b", Tag::AGREEMENT, "talks"),
                imported("c", Tag::AGREEMENT, "talks"),
            ]),
            import(vec![imported("a", Tag::DISPUTE, "it")]),
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
    s.apply(create("a", Tag::STATEMENT, "Putin")).unwrap();
    s.apply(import(vec![
        imported("a", Tag::DISPUTE, "Biden"),
        imported("b", Tag::DISPUTE, "Biden"),
        imported("b", Tag::AGREEMENT, "talks"),
        imported("c", Tag::AGREEMENT, "talks"),
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
            import(vec![imported("z-orphan", Tag::DISPUTE, "gone words")]),
            create("c", Tag::DISPUTE, "Biden"),
            create("b", Tag::STATEMENT, "talks were"),
            create("a", Tag::STATEMENT, "talks"),
            create("d", Tag::AGREEMENT, "Putin said talks"),
            import(vec![imported("a-orphan", Tag::STATEMENT, "also gone")]),
            retag("c", Tag::STATEMENT),
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
            create("putin", Tag::STATEMENT, "Putin said"),
            create("talks", Tag::AGREEMENT, "constructive"),
            create("biden", Tag::DISPUTE, "Biden disputed it"),
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
    s.apply(create_on(&original, "p", Tag::STATEMENT, "Putin said"))
        .unwrap();
    s.apply(create_on(&original, "b", Tag::DISPUTE, "Biden"))
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
        vec![create("a", Tag::STATEMENT, "Putin"), Command::MarkExported],
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
            create("a", Tag::STATEMENT, "Putin"),
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
            create("a", Tag::STATEMENT, "Putin"),
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
        s.apply(create(&format!("a{i:03}"), Tag::STATEMENT, "Putin"))
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
    s.apply(create("a", Tag::STATEMENT, "Putin")).unwrap();
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
        create("a", Tag::STATEMENT, "Putin said"),
        create("b", Tag::DISPUTE, "Biden disputed it"),
        note("a", "he said it twice"),
        import(vec![imported("o", Tag::AGREEMENT, "nowhere here")]),
        create("c", Tag::AGREEMENT, "talks"),
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

// ---------------------------------------------------------------------------------------------
// Tag sets

#[test]
fn tags_are_added_used_and_undone_as_steps() {
    check(
        vec![
            add_tag("Opinion piece"),
            add_tag("opinion PIECE"),
            add_tag("  "),
            create("a", id("opinion-piece"), "Putin said"),
            create("b", id("prediction"), "disputed"),
            tags(TagEdit::Rename {
                id: id("opinion-piece"),
                label: "Opinion".into(),
            }),
            tags(TagEdit::Move {
                id: id("opinion-piece"),
                to: 0,
            }),
        ],
        expect![[r#"
            tags: Add { label: "Opinion piece" } → Annotations
            tags: Add { label: "opinion PIECE" } → error: There is a tag called “opinion PIECE” already.
            tags: Add { label: "  " } → error: A tag needs a label.
            create a opinion-piece [0..10] → Annotations
            create b prediction [43..51] → error: the tag “prediction” is not in this set
            tags: Rename { id: opinion-piece, label: "Opinion" } → Annotations
            tags: Move { id: opinion-piece, to: 0 } → Annotations
            --
            tags: opinion-piece “Opinion” grey dotted | statement “Statement” blue solid | agreement “Agreement” green double | dispute “Dispute” red wavy
            [0..10] opinion-piece "Putin said" a
            undo: reorder tags | change a tag | add opinion piece | add a tag
            redo: -
            unexported work: true
        "#]],
    );
}

#[test]
fn deleting_a_tag_in_use_retags_or_refuses() {
    check(
        vec![
            add_tag("Opinion"),
            create("a", id("opinion"), "Putin said"),
            create("b", Tag::DISPUTE, "disputed"),
            tags(TagEdit::Delete {
                id: id("opinion"),
                retag: None,
            }),
            tags(TagEdit::Delete {
                id: id("opinion"),
                retag: Some(Tag::STATEMENT),
            }),
            tags(TagEdit::Delete {
                id: Tag::AGREEMENT,
                retag: None,
            }),
            Command::Undo,
            Command::Undo,
        ],
        expect![[r#"
            tags: Add { label: "Opinion" } → Annotations
            create a opinion [0..10] → Annotations
            create b dispute [43..51] → Annotations
            tags: Delete { id: opinion, retag: None } → error: 1 annotation carries the tag “Opinion”: choose a tag to give it first
            tags: Delete { id: opinion, retag: Some(statement) } → Annotations
            tags: Delete { id: agreement, retag: None } → Annotations
            undo → Annotations
            undo → Annotations
            --
            tags: statement “Statement” blue solid | agreement “Agreement” green double | dispute “Dispute” red wavy | opinion “Opinion” grey dotted
            [0..10] opinion "Putin said" a
            [43..51] dispute "disputed" b
            undo: add dispute | add opinion | add a tag
            redo: delete a tag | delete a tag
            unexported work: true
        "#]],
    );
}

#[test]
fn an_import_adds_the_tags_the_set_lacks_and_never_retags() {
    let opinion = TagSet::default()
        .edit(&TagEdit::Add {
            label: "Opinion".into(),
        })
        .unwrap();
    let defs: Vec<_> = opinion.iter().cloned().collect();
    check(
        vec![Command::Import {
            annotations: vec![
                imported("x", id("opinion"), "Putin said"),
                imported("y", id("needs-context"), "disputed"),
            ],
            tags: defs.clone(),
        }],
        expect![[r#"
            import [x, y] → Annotations
            --
            tags: statement “Statement” blue solid | agreement “Agreement” green double | dispute “Dispute” red wavy | opinion “Opinion” grey dotted | needs-context “needs-context” purple dashed
            [0..10] opinion "Putin said" x
            [43..51] needs-context "disputed" y
            undo: import 2 annotations
            redo: -
            unexported work: true
        "#]],
    );
    // The tags came with the import's step and go with its undo.
    check(
        vec![
            Command::Import {
                annotations: vec![imported("x", id("opinion"), "Putin said")],
                tags: defs,
            },
            Command::Undo,
        ],
        expect![[r#"
            import [x] → Annotations
            undo → Annotations
            --
            undo: -
            redo: import 1 annotation
            unexported work: false
        "#]],
    );
    // Past twenty tags, the whole import is refused and nothing changes.
    let many: Vec<Annotation> = (0..18)
        .map(|i| imported(&format!("m{i}"), id(&format!("t{i}")), "Putin said"))
        .collect();
    check(
        vec![import(many)],
        expect![[r#"
        import [m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17] → error: A set has at most 20 tags.
        --
        undo: -
        redo: -
        unexported work: false
    "#]],
    );
}

#[test]
fn the_tag_set_is_saved_and_restored() {
    let mut s = Session::new(doc());
    s.apply(add_tag("Opinion")).unwrap();
    s.apply(create("a", id("opinion"), "Putin said")).unwrap();
    let saved: SavedSession =
        serde_json::from_str(&serde_json::to_string(&s.to_saved()).unwrap()).unwrap();
    let back = Session::from_saved(saved).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.tags().label(id("opinion")), "Opinion");
    // A save made with the default set does not write it (older saves read as before).
    let plain = serde_json::to_string(&Session::new(doc()).to_saved()).unwrap();
    assert!(!plain.contains("\"tags\""), "{plain}");
}

#[test]
fn an_empty_session_takes_the_files_own_set_whole() {
    // A rubric without the default tags, as another teacher's file brings it.
    let rubric = TagSet::default()
        .edit(&TagEdit::Add {
            label: "Opinion".into(),
        })
        .and_then(|s| {
            s.edit(&TagEdit::Add {
                label: "Prediction".into(),
            })
        })
        .and_then(|s| {
            s.edit(&TagEdit::Delete {
                id: Tag::STATEMENT,
                retag: None,
            })
        })
        .and_then(|s| {
            s.edit(&TagEdit::Delete {
                id: Tag::AGREEMENT,
                retag: None,
            })
        })
        .and_then(|s| {
            s.edit(&TagEdit::Delete {
                id: Tag::DISPUTE,
                retag: None,
            })
        })
        .unwrap();
    let defs: Vec<_> = rubric.iter().cloned().collect();
    let bring = |tag: &str| Command::Import {
        annotations: vec![imported("x", id(tag), "Putin said")],
        tags: defs.clone(),
    };
    // Empty, default set: the file's set replaces it, in the file's order.
    check(
        vec![bring("prediction")],
        expect![[r#"
        import [x] → Annotations
        --
        tags: opinion “Opinion” grey dotted | prediction “Prediction” purple dashed
        [0..10] prediction "Putin said" x
        undo: import 1 annotation
        redo: -
        unexported work: true
    "#]],
    );
    // With work of its own, the session keeps its set and adds what the file uses.
    check(
        vec![create("a", Tag::DISPUTE, "disputed"), bring("prediction")],
        expect![[r#"
            create a dispute [43..51] → Annotations
            import [x] → Annotations
            --
            tags: statement “Statement” blue solid | agreement “Agreement” green double | dispute “Dispute” red wavy | prediction “Prediction” purple dashed
            [0..10] prediction "Putin said" x
            [43..51] dispute "disputed" a
            undo: import 1 annotation | add dispute
            redo: -
            unexported work: true
        "#]],
    );
}

/// The browser test of moving older saves into the database (tests/e2e/storage.test.mjs) starts
/// from a save in the localStorage format of earlier versions: the sample article with two
/// annotations, one with a note, and an undo history. This writes it from the saved form itself.
#[test]
fn the_localstorage_save_fixture_is_current() {
    let doc = claimmark::app::sample();
    let mut s = Session::new(doc.clone());
    let at = |needle: &str| {
        let byte = doc.text().find(needle).unwrap();
        let start = doc.char_offset_of_byte(byte);
        doc.snap(claimmark::model::CharRange::new(start, start + needle.chars().count()).unwrap())
            .unwrap()
    };
    for (id, tag, needle) in [
        (
            "urn:uuid:6f1d2c3b-0000-4000-8000-000000000001",
            Tag::STATEMENT,
            "No invitations to visit",
        ),
        (
            "urn:uuid:6f1d2c3b-0000-4000-8000-000000000002",
            Tag::AGREEMENT,
            "agreed to start consultations on cyber security",
        ),
    ] {
        s.apply(Command::Create {
            id: id.into(),
            tag,
            range: at(needle),
            now: now(),
            creator: None,
        })
        .unwrap();
    }
    s.apply(Command::SetNote {
        id: "urn:uuid:6f1d2c3b-0000-4000-8000-000000000002".into(),
        note: "moved from localStorage".into(),
        now: now(),
    })
    .unwrap();
    let fixture = serde_json::json!({
        "slot": doc.fingerprint(),
        "save": serde_json::to_string(&s.to_saved()).unwrap(),
    });
    expect_test::expect_file!["fixtures/e2e/localstorage-v1.json"]
        .assert_eq(&(serde_json::to_string_pretty(&fixture).unwrap() + "\n"));
}

/// The text and the undo history written as the database keeps them (each apart from the rest
/// of the session, streamed) give back the same session.
#[test]
fn the_text_and_history_written_apart_read_back_the_same() {
    let mut s = Session::new(doc().with_headings(&[0]));
    for c in [
        create("a", Tag::STATEMENT, "Putin said"),
        create("b", Tag::DISPUTE, "Biden disputed it"),
        note("b", "checked"),
        delete("a"),
        Command::Undo,
    ] {
        s.apply(c).unwrap();
    }
    let mut bytes = Vec::new();
    s.write_history(&mut bytes).unwrap();
    let history = serde_json::from_slice(&bytes).unwrap();
    let (saved_doc, head, annotations, whole) = s.to_saved().into_parts();
    assert_eq!(
        history, whole,
        "the same as the history of the whole saved session"
    );
    assert_eq!(
        bytes,
        serde_json::to_vec(&whole).unwrap(),
        "the saved form's JSON"
    );
    let mut bytes = Vec::new();
    s.write_document(&mut bytes).unwrap();
    assert_eq!(
        bytes,
        serde_json::to_vec(&saved_doc).unwrap(),
        "the saved form's JSON"
    );
    let doc: SavedDocument = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        doc, saved_doc,
        "the same as the text of the whole saved session"
    );
    assert!(String::from_utf8(bytes)
        .unwrap()
        .contains("\"headings\":[0]"));
    let back = Session::from_parts(doc, head, annotations, Some(history)).unwrap();
    assert_eq!(labels(&back, true), labels(&s, true));
    assert_eq!(labels(&back, false), labels(&s, false));
    assert_eq!(back, s);
}
