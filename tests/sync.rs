#![cfg(not(target_arch = "wasm32"))]
//! Saves write what changed; tabs merge each other's changes by id and time (model::sync).

mod common;

use claimmark::model::sync::{delta, drop_superseded, Record, Tombstones};
use claimmark::model::{Command, Session, Tag, Timestamp};
use common::{find, session_with, ts};

const TEXT: &str = "Putin said talks were constructive.\n\nBiden disputed it.";

fn two() -> Session {
    let doc = claimmark::model::Document::plain("t", TEXT);
    let a = find(&doc, "Putin said");
    let b = find(&doc, "Biden disputed it");
    session_with(
        TEXT,
        &[
            (a.start, a.end, Tag::STATEMENT, ""),
            (b.start, b.end, Tag::DISPUTE, ""),
        ],
    )
}

fn id(n: usize) -> String {
    format!("urn:uuid:00000000-0000-4000-8000-{n:012}")
}

fn summary(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .map(|r| match &r.annotation {
            Some(a) => format!(
                "put {} {} at {}",
                &r.id[r.id.len() - 1..],
                a.tag,
                r.at.as_str()
            ),
            None => format!("delete {} at {}", &r.id[r.id.len() - 1..], r.at.as_str()),
        })
        .collect()
}

/// The records a save of `after` writes.
fn records(before: Option<&Session>, after: &Session, now: &Timestamp) -> Vec<Record> {
    delta(before, after, now).records(after).collect()
}

#[test]
fn a_save_writes_only_what_changed() {
    let before = two();
    let now = ts(500);
    assert!(delta(Some(&before), &before, &now).is_empty());
    let first = delta(None, &before, &now);
    assert_eq!(first.len(), 2);
    assert_eq!(first.records(&before).count(), 2);
    assert!(
        first.text && first.tags,
        "a first save writes the text and the set"
    );

    let mut after = before.clone();
    after
        .apply(Command::Retag {
            id: id(1),
            tag: Tag::AGREEMENT,
            now: ts(7),
        })
        .unwrap();
    after.apply(Command::Delete { id: id(2) }).unwrap();
    let d = delta(Some(&before), &after, &now);
    assert_eq!(
        summary(&d.records(&after).collect::<Vec<_>>()),
        [
            "put 1 agreement at 2026-11-28T09:00:07.000Z",
            "delete 2 at 2026-11-28T09:08:20.000Z"
        ]
    );
    assert!(!d.text && !d.tags);
}

#[test]
fn tabs_merge_by_id_and_time_and_undo_stays_per_tab() {
    // Tab A and tab B open the same two annotations.
    let base = two();
    let mut a = base.clone();
    let mut b = base.clone();

    // A retags #1 at 09:00:10; B deletes #1 at 09:00:20 (later): the delete wins in both.
    a.apply(Command::Retag {
        id: id(1),
        tag: Tag::AGREEMENT,
        now: ts(10),
    })
    .unwrap();
    let from_a = records(Some(&base), &a, &ts(10));
    b.apply(Command::Delete { id: id(1) }).unwrap();
    let saved_b = delta(Some(&base), &b, &ts(20));
    let from_b: Vec<Record> = saved_b.records(&b).collect();
    // B remembers its deletion: A's earlier edit is dropped, and B's deletion written again.
    let mut tombstones = Tombstones::new();
    saved_b.note_deletions(&mut tombstones, &b);
    let mut incoming = from_a.clone();
    let again = drop_superseded(&mut incoming, &tombstones);
    assert_eq!(summary(&again), ["delete 1 at 2026-11-28T09:00:20.000Z"]);
    assert!(b.merge(&incoming, None).is_empty());
    assert!(a.merge(&from_b, None).is_empty());
    assert!(a.get(&id(1)).is_none() && b.get(&id(1)).is_none());

    // An edit made after a delete brings the annotation back.
    let mut c = base.clone();
    c.apply(Command::Delete { id: id(2) }).unwrap();
    let deleted = records(Some(&base), &c, &ts(30));
    let mut d = base.clone();
    d.apply(Command::SetNote {
        id: id(2),
        note: "still here".into(),
        now: ts(40),
    })
    .unwrap();
    let edited = records(Some(&base), &d, &ts(40));
    assert_eq!(
        d.merge(&deleted, None),
        vec![id(2)],
        "the later edit is kept, and written again"
    );
    assert_eq!(d.get(&id(2)).unwrap().note, "still here");
    c.merge(&edited, None);
    assert_eq!(c.get(&id(2)).unwrap().note, "still here");

    // A tab whose version is newer keeps it and says it must be written again.
    let mut e = base.clone();
    e.apply(Command::SetNote {
        id: id(1),
        note: "newer".into(),
        now: ts(90),
    })
    .unwrap();
    let older = vec![Record::put(&{
        let mut x = base.get(&id(1)).unwrap().clone();
        x.note = "older".into();
        x.modified = ts(50);
        x
    })];
    assert_eq!(e.merge(&older, None), vec![id(1)]);
    assert_eq!(e.get(&id(1)).unwrap().note, "newer");

    // Undo never undoes another tab's work: this tab's steps touching merged annotations go.
    let mut f = base.clone();
    f.apply(Command::SetNote {
        id: id(2),
        note: "mine".into(),
        now: ts(60),
    })
    .unwrap();
    let mut g = base.clone();
    g.apply(Command::Retag {
        id: id(2),
        tag: Tag::STATEMENT,
        now: ts(70),
    })
    .unwrap();
    f.merge(&records(Some(&base), &g, &ts(70)), None);
    assert_eq!(f.get(&id(2)).unwrap().tag, Tag::STATEMENT);
    assert_eq!(
        f.undo_depth(),
        base.undo_depth() - 1,
        "its note step and the earlier one on #2 went"
    );
    let _ = Timestamp::from_unix_millis(0);
}
