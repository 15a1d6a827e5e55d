//! Keeping the work in the browser's database (IndexedDB, through `rexie`), and in step with
//! other tabs (a `BroadcastChannel`).
//!
//! Database `claimmark`, version 1, one object store per kind of record, each keyed by the
//! article's slot (the fingerprint of the text it was opened with):
//! - `texts`: the article's title and text, written when the article is first saved and again
//!   only when its text is edited;
//! - `articles`: a small header (tag set, counts, size, when saved): the list of articles;
//! - `annotations`: one record per annotation, keyed `[slot, id]` (a deletion is a tombstone
//!   with its time, so that other tabs can merge it: see `model::sync`);
//! - `history`: the undo and redo steps, written after a pause in the changes;
//! - `exercises`: a student's exercise kept beside its article;
//! - `meta`: which article is open (`current`);
//! - `aside`: whatever could not be read, kept as it was (never overwritten or dropped).
//!
//! A save writes what changed since the last one ([`model::sync::delta`]), in one transaction,
//! then tells the other tabs. Saves of the older localStorage format are moved into the
//! database once ([`migrate`]). When the browser refuses the database (a private window,
//! storage turned off) the app runs with the work in the tab and says so.

use std::borrow::Borrow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use rexie::{Index, KeyRange, ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::app::{Action, Found, Recent, SaveOutcome, SavedExercise, Startup, State, StorageInfo};
use crate::model::session::{SavedDocument, SavedHead, SavedHistory, SavedSession};
use crate::model::sync::{self, Incoming, Record};
use crate::model::{Annotation, Session, Timestamp};
use crate::ui::store::Dispatch;

const DB: &str = "claimmark";
const TEXTS: &str = "texts";
const ARTICLES: &str = "articles";
const ANNOTATIONS: &str = "annotations";
const HISTORY: &str = "history";
const EXERCISES: &str = "exercises";
const META: &str = "meta";
const ASIDE: &str = "aside";
const CHANNEL: &str = "claimmark";
/// Up to this many annotations, the undo history is written with each save.
const SMALL_HISTORY: usize = 500;

thread_local! {
    static DATABASE: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
    static INITIAL: RefCell<Option<State>> = const { RefCell::new(None) };
    static SAVER: RefCell<Saver> = RefCell::new(Saver::default());
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// What was last written, per article, so a save writes only what changed since.
#[derive(Default)]
struct Saver {
    slot: String,
    last: Option<Session>,
    /// This tab's deletions in `slot` (see `model::sync::Tombstones`).
    tombstones: sync::Tombstones,
    history: Option<Timeout>,
}

fn db() -> Option<Rc<Rexie>> {
    DATABASE.with(|d| d.borrow().clone())
}

/// The article's header record.
#[derive(Serialize, Deserialize)]
struct Header {
    head: SavedHead,
    title: String,
    annotations: usize,
    bytes: usize,
    saved: i64,
}

/// How many rows one task hands to IndexedDB: each row is serialised and its put cloned on the
/// spot (~60–100 µs for an annotation), so the 5,000 a re-anchoring or an import changes go in
/// batches of ~15 ms, each in the task of the previous batch's last success (where the
/// transaction is still active).
const PUT_BATCH: usize = 200;

/// Puts rows (keyed by the store's key path) a batch at a time, in one transaction.
async fn put_in_batches(
    store: &rexie::Store,
    rows: impl Iterator<Item = JsValue>,
) -> rexie::Result<()> {
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        store
            .put_all(rows.by_ref().take(PUT_BATCH).map(|r| (r, None)))
            .await?;
    }
    Ok(())
}

/// The rows of `records`, each serialised as it is put: a batch's JSON at a time, not all of
/// it at once (an import's 5,000 records are megabytes of it).
fn record_rows<'a, R: Borrow<Record>>(
    slot: &'a str,
    records: impl IntoIterator<Item = R> + 'a,
) -> impl Iterator<Item = JsValue> + 'a {
    records
        .into_iter()
        .map(move |r| record_row(slot, r.borrow()))
}

fn record_row(slot: &str, record: &Record) -> JsValue {
    row(slot, Some(&record.id), &record_json(record))
}

/// A record's JSON, as stored and as sent to other tabs.
fn record_json(record: &Record) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// A record as stored: its key fields and its JSON.
fn row(slot: &str, id: Option<&str>, json: &str) -> JsValue {
    row_holding(slot, id, &json.into())
}

/// The undo history's row, its JSON kept as UTF-8 bytes (no decoding to UTF-16) and written
/// out a piece at a time ([`JsBytes`]): a history can hold every annotation twice.
fn history_row(slot: &str, session: &Session) -> JsValue {
    let mut out = JsBytes::default();
    if session.write_history(&mut out).is_err() {
        // Nothing that fails to serialise is in a history; were it so, an empty one is saved.
        out = JsBytes::default();
        let _ = serde_json::to_writer(&mut out, &SavedHistory::default());
    }
    row_holding(slot, None, &out.finish())
}

/// The text's row, written as the history's is: a megabyte's text, copied and then serialised
/// whole, was the highest memory a long article's first save needed.
fn text_row(slot: &str, session: &Session) -> JsValue {
    let mut out = JsBytes::default();
    // A title, a text and numbers always serialise.
    let _ = session.write_document(&mut out);
    row_holding(slot, None, &out.finish())
}

/// Bytes written into a JavaScript `Uint8Array` a chunk at a time, so that a long JSON never
/// sits whole in this module's memory (which grows to its highest need and never shrinks).
#[derive(Default)]
struct JsBytes {
    chunks: Vec<js_sys::Uint8Array>,
    buf: Vec<u8>,
    len: u32,
}

impl JsBytes {
    const CHUNK: usize = 64 * 1024;

    fn spill(&mut self) {
        if !self.buf.is_empty() {
            self.len += self.buf.len() as u32;
            self.chunks.push(js_sys::Uint8Array::from(&self.buf[..]));
            self.buf.clear();
        }
    }

    fn finish(mut self) -> js_sys::Uint8Array {
        self.spill();
        let all = js_sys::Uint8Array::new_with_length(self.len);
        let mut at = 0;
        for chunk in &self.chunks {
            all.set(chunk, at);
            at += chunk.length();
        }
        all
    }
}

impl std::io::Write for JsBytes {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= Self::CHUNK {
            self.spill();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn row_holding(slot: &str, id: Option<&str>, json: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&o, &k.into(), v);
    };
    set("slot", &slot.into());
    if let Some(id) = id {
        set("id", &id.into());
    }
    set("json", json);
    o.into()
}

/// A row's JSON, kept as a string or as UTF-8 bytes ([`history_row`], [`text_row`]).
fn json_of(v: &JsValue) -> Option<String> {
    let json = js_sys::Reflect::get(v, &"json".into()).ok()?;
    match json.dyn_into::<js_sys::Uint8Array>() {
        Ok(bytes) => String::from_utf8(bytes.to_vec()).ok(),
        Err(json) => json.as_string(),
    }
}

fn field(v: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(v, &name.into()).ok()?.as_string()
}

fn describe(e: &rexie::Error) -> String {
    match e {
        rexie::Error::IdbError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

fn outcome_of(e: &rexie::Error) -> SaveOutcome {
    let text = describe(e);
    if text.contains("Quota") || text.contains("quota") {
        SaveOutcome::Full
    } else {
        SaveOutcome::Failed(text)
    }
}

// ---------------------------------------------------------------------------------------------
// Start

/// Opens the database, moves older saves into it, reads the open article, then calls `ready`
/// with the state to start in.
pub(crate) async fn start() -> State {
    let mut unavailable = None;
    match open().await {
        Ok(db) => DATABASE.with(|d| *d.borrow_mut() = Some(Rc::new(db))),
        Err(why) => unavailable = Some(why),
    }
    let mut problem = None;
    if unavailable.is_none() {
        problem = migrate().await;
    }
    let startup = match (&unavailable, problem) {
        (Some(_), _) => Startup::Empty,
        (None, Some((kept_as, reason))) => Startup::Corrupt { kept_as, reason },
        (None, None) => load_current().await,
    };
    let recent = recent().await;
    let mut state = State::start(startup, recent);
    state.storage.unavailable = unavailable;
    state
}

/// Keeps the state the app starts in, for the root component.
pub(crate) fn set_initial(state: State) {
    INITIAL.with(|i| *i.borrow_mut() = Some(state));
}

pub(crate) fn take_initial() -> State {
    INITIAL
        .with(|i| i.borrow_mut().take())
        .unwrap_or_else(|| State::start(Startup::Empty, vec![]))
}

async fn open() -> Result<Rexie, String> {
    let build = Rexie::builder(DB)
        .version(1)
        .add_object_store(ObjectStore::new(TEXTS).key_path("slot"))
        .add_object_store(ObjectStore::new(ARTICLES).key_path("slot"))
        .add_object_store(
            ObjectStore::new(ANNOTATIONS)
                .key_path_array(["slot", "id"])
                .add_index(Index::new("slot", "slot")),
        )
        .add_object_store(ObjectStore::new(HISTORY).key_path("slot"))
        .add_object_store(ObjectStore::new(EXERCISES).key_path("slot"))
        .add_object_store(ObjectStore::new(META).key_path("slot"))
        .add_object_store(ObjectStore::new(ASIDE).auto_increment(true))
        .build();
    // A browser that never answers (some private modes) must not keep the app from starting.
    let timeout = async {
        gloo_timers::future::TimeoutFuture::new(4000).await;
        Err::<Rexie, String>("the browser's database did not answer".into())
    };
    let build = async { build.await.map_err(|e| describe(&e)) };
    futures_select(build, timeout).await
}

/// The first of two futures to finish.
async fn futures_select<T>(
    a: impl std::future::Future<Output = T>,
    b: impl std::future::Future<Output = T>,
) -> T {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(v);
        }
        b.as_mut().poll(cx)
    })
    .await
}

async fn load_current() -> Startup {
    let Some(slot) = meta_get("current").await else {
        return Startup::Empty;
    };
    match read(&slot).await {
        Ok(Some(session)) => {
            remember(&slot, &session);
            Startup::Restored { slot, session }
        }
        Ok(None) => Startup::Empty,
        Err((kept_as, reason)) => Startup::Corrupt { kept_as, reason },
    }
}

/// The session as last saved or read (for the recovery screen).
pub(crate) fn last_saved() -> Option<Session> {
    SAVER.with(|s| s.try_borrow().ok().and_then(|s| s.last.clone()))
}

/// Records that `session` is what the database holds for `slot`.
fn remember(slot: &str, session: &Session) {
    SAVER.with(|s| {
        let mut s = s.borrow_mut();
        s.slot = slot.to_string();
        s.last = Some(session.clone());
    });
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The session kept for `slot`; `Err((where it was kept aside, why))` when it cannot be read.
async fn read(slot: &str) -> Result<Option<Session>, (Option<String>, String)> {
    let Some(db) = db() else { return Ok(None) };
    let key: JsValue = slot.into();
    let got = async {
        let tx = db.transaction(
            &[TEXTS, ARTICLES, ANNOTATIONS, HISTORY],
            TransactionMode::ReadOnly,
        )?;
        let header = tx.store(ARTICLES)?.get(key.clone()).await?;
        let text = tx.store(TEXTS)?.get(key.clone()).await?;
        let rows = tx
            .store(ANNOTATIONS)?
            .index("slot")?
            .get_all(Some(KeyRange::only(&key)?), None)
            .await?;
        let history = tx.store(HISTORY)?.get(key.clone()).await?;
        Ok::<_, rexie::Error>((header, text, rows, history))
    }
    .await;
    let (header, text, rows, history) = match got {
        Ok(v) => v,
        Err(e) => {
            return Err((
                None,
                format!("the browser could not read it ({})", describe(&e)),
            ))
        }
    };
    let (Some(header), Some(text)) = (header, text) else {
        return Ok(None);
    };
    let header_json = json_of(&header).unwrap_or_default();
    let text_json = json_of(&text).unwrap_or_default();
    let parsed = serde_json::from_str::<Header>(&header_json)
        .map_err(|e| format!("its header is damaged ({e})"))
        .and_then(|h| {
            serde_json::from_str::<SavedDocument>(&text_json)
                .map(|d| (h, d))
                .map_err(|e| format!("its text is damaged ({e})"))
        });
    let (header, doc) = match parsed {
        Ok(v) => v,
        Err(reason) => {
            let raw = format!("{{\"header\": {header_json:?}, \"text\": {text_json:?}}}");
            let kept = put_aside(slot, &reason, &raw).await;
            return Err((kept, reason));
        }
    };
    if header.head.version != SavedSession::VERSION {
        let reason = format!(
            "it was saved in format version {}, which this version does not read",
            header.head.version
        );
        let kept = put_aside(slot, &reason, &header_json).await;
        return Err((kept, reason));
    }
    let mut annotations: Vec<Annotation> = Vec::with_capacity(rows.len());
    let mut damaged = 0;
    for r in &rows {
        let json = json_of(r).unwrap_or_default();
        match serde_json::from_str::<Record>(&json) {
            Ok(Record {
                annotation: Some(a),
                ..
            }) => annotations.push(a),
            Ok(_) => {}
            Err(e) => {
                damaged += 1;
                put_aside(
                    slot,
                    &format!("an annotation record is damaged ({e})"),
                    &json,
                )
                .await;
            }
        }
    }
    let history = history
        .and_then(|h| json_of(&h))
        .and_then(|j| serde_json::from_str::<SavedHistory>(&j).ok());
    match Session::from_parts(doc, header.head, annotations, history) {
        Some(s) if damaged == 0 => Ok(Some(s)),
        Some(_) => Err((
            None,
            format!("{damaged} of its annotation records are damaged (each was kept aside)"),
        )),
        None => {
            let reason = "its annotations do not match its text".to_string();
            let kept = put_aside(slot, &reason, &header_json).await;
            Err((kept, reason))
        }
    }
}

/// Keeps what could not be read in the `aside` store; says under which key.
async fn put_aside(slot: &str, reason: &str, raw: &str) -> Option<String> {
    let db = db()?;
    let json = serde_json::json!({
        "slot": slot,
        "reason": reason,
        "raw": raw,
        "time": crate::ui::dom::now_millis(),
    })
    .to_string();
    let put = async {
        let tx = db.transaction(&[ASIDE], TransactionMode::ReadWrite)?;
        let key = tx
            .store(ASIDE)?
            .add(&JsValue::from_str(&json), None)
            .await?;
        tx.done().await?;
        Ok::<_, rexie::Error>(key)
    }
    .await;
    put.ok()
        .and_then(|k| k.as_f64())
        .map(|k| format!("aside record {k}"))
}

async fn meta_get(key: &str) -> Option<String> {
    let db = db()?;
    let tx = db.transaction(&[META], TransactionMode::ReadOnly).ok()?;
    let v = tx.store(META).ok()?.get(key.into()).await.ok()??;
    json_of(&v)
}

/// The articles kept, newest first.
pub(crate) async fn recent() -> Vec<Recent> {
    let Some(db) = db() else { return vec![] };
    let rows = async {
        let tx = db.transaction(&[ARTICLES], TransactionMode::ReadOnly)?;
        tx.store(ARTICLES)?.get_all(None, None).await
    }
    .await
    .unwrap_or_default();
    let mut list: Vec<Recent> = rows
        .iter()
        .filter_map(|r| {
            let slot = field(r, "slot")?;
            let h: Header = serde_json::from_str(&json_of(r)?).ok()?;
            Some(Recent {
                slot,
                title: h.title,
                annotations: h.annotations,
                saved: h.saved,
                bytes: h.bytes,
            })
        })
        .collect();
    list.sort_by_key(|r| std::cmp::Reverse(r.saved));
    list
}

/// What storage holds for `slot`.
pub(crate) async fn find(slot: &str) -> Found {
    let session = match read(slot).await {
        Ok(s) => Ok(s),
        Err((_, reason)) => Err(reason),
    };
    if let Ok(Some(s)) = &session {
        remember(slot, s);
    }
    let exercise = async {
        let db = db()?;
        let tx = db
            .transaction(&[EXERCISES], TransactionMode::ReadOnly)
            .ok()?;
        let v = tx.store(EXERCISES).ok()?.get(slot.into()).await.ok()??;
        serde_json::from_str(&json_of(&v)?).ok()
    }
    .await;
    Found { session, exercise }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Roughly how much room a session takes.
fn size_of(session: &Session) -> usize {
    session.doc().text().len()
        + session
            .annotations()
            .iter()
            .map(|a| 320 + a.quote.exact.len() * 3 + a.note.len() + a.id.len())
            .sum::<usize>()
}

/// Saves what changed in the open session since the last save, then tells other tabs.
pub(crate) fn save(d: &Dispatch) {
    let state = d.state();
    let slot = state.annotator.slot.to_string();
    let session = state.session().clone();
    let Some(db) = db() else { return };
    let now = Timestamp::from_unix_millis(crate::ui::dom::now_millis());
    let delta = SAVER.with(|s| {
        let mut s = s.borrow_mut();
        let before = (s.slot == slot).then_some(s.last.as_ref()).flatten();
        let delta = sync::delta(before, &session, &now);
        if s.slot != slot {
            s.tombstones.clear();
        }
        delta.note_deletions(&mut s.tombstones, &session);
        s.slot = slot.clone();
        s.last = Some(session.clone());
        delta
    });
    let header = Header {
        head: session.saved_head(),
        title: session.doc().title().to_string(),
        annotations: session.annotations().len(),
        bytes: size_of(&session),
        saved: crate::ui::dom::now_millis(),
    };
    let text = delta.text.then(|| text_row(&slot, &session));
    // The undo history goes with the save when it is small, so a reload right after a change
    // keeps it; a large one is written after a pause in the changes.
    let small = session.annotations().len() <= SMALL_HISTORY;
    let history = small.then(|| {
        history_write();
        history_row(&slot, &session)
    });
    let d = d.clone();
    if !small {
        schedule_history(&d, &slot);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let header_json = serde_json::to_string(&header).unwrap_or_default();
        let write = async {
            let tx = db.transaction(
                &[TEXTS, ARTICLES, ANNOTATIONS, HISTORY, META],
                TransactionMode::ReadWrite,
            )?;
            if let Some(history) = &history {
                tx.store(HISTORY)?.put(history, None).await?;
            }
            if let Some(text) = &text {
                tx.store(TEXTS)?.put(text, None).await?;
            }
            put_in_batches(
                &tx.store(ANNOTATIONS)?,
                record_rows(&slot, delta.records(&session)),
            )
            .await?;
            tx.store(ARTICLES)?
                .put(&row(&slot, None, &header_json), None)
                .await?;
            let current = row("current", None, &slot);
            tx.store(META)?.put(&current, None).await?;
            tx.done().await
        }
        .await;
        let outcome = match write {
            Ok(r) if r.is_committed() => SaveOutcome::Whole,
            Ok(_) => SaveOutcome::Failed("the browser stopped the write".into()),
            Err(e) => outcome_of(&e),
        };
        if outcome == SaveOutcome::Whole {
            broadcast(
                Incoming {
                    slot: slot.clone(),
                    records: vec![],
                    tags: delta.tags.then(|| session.tags().clone()),
                    text: delta.text,
                    header: delta
                        .header
                        .then(|| (session.meta().clone(), session.review().clone())),
                },
                delta.records(&session),
            );
        } else {
            // Nothing of it was written: the next save writes the whole article again.
            SAVER.with(|s| s.borrow_mut().last = None);
        }
        let recent = recent().await;
        d.send(Action::Saved { outcome, recent });
        estimate(&d);
    });
}

/// Writes these annotations again (their version here is newer than another tab's).
pub(crate) fn save_again(d: &Dispatch, ids: &[String]) {
    let state = d.state();
    let records: Vec<Record> = ids
        .iter()
        .filter_map(|id| state.session().get(id))
        .map(Record::put)
        .collect();
    write_records(state.annotator.slot.to_string(), records);
}

/// Writes records as they are, then tells the other tabs.
fn write_records(slot: String, records: Vec<Record>) {
    let Some(db) = db() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let write = async {
            let tx = db.transaction(&[ANNOTATIONS], TransactionMode::ReadWrite)?;
            put_in_batches(&tx.store(ANNOTATIONS)?, record_rows(&slot, &records)).await?;
            tx.done().await
        }
        .await;
        if write.is_ok() {
            broadcast(
                Incoming {
                    slot,
                    records: vec![],
                    tags: None,
                    text: false,
                    header: None,
                },
                &records,
            );
        }
    });
}

/// The undo history is written after a pause in the changes (it can be large).
fn schedule_history(d: &Dispatch, slot: &str) {
    let d = d.clone();
    let slot = slot.to_string();
    let timer = Timeout::new(1000, move || save_history(&d, &slot, false));
    SAVER.with(|s| s.borrow_mut().history = Some(timer));
}

thread_local! {
    /// How many undo histories were handed to the database to write, so a write that waits
    /// can tell whether a newer one was issued meanwhile.
    static HISTORY_WRITES: Cell<u64> = const { Cell::new(0) };
}

/// The number of a new history write.
fn history_write() -> u64 {
    HISTORY_WRITES.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

/// Writes the undo history; `at_once` when the page is going away (no task may follow).
fn save_history(d: &Dispatch, slot: &str, at_once: bool) {
    let state = d.state();
    if *state.annotator.slot != *slot {
        return;
    }
    let Some(db) = db() else { return };
    let history = history_row(slot, state.session());
    let this = history_write();
    wasm_bindgen_futures::spawn_local(async move {
        if !at_once {
            // Written in a task of its own, after the one that serialised it (a long history
            // takes a while to serialise, and again to write). A newer history written meanwhile
            // (the page hidden, a save of a small session) is not overwritten with this one.
            gloo_timers::future::TimeoutFuture::new(0).await;
            if HISTORY_WRITES.with(Cell::get) != this {
                return;
            }
        }
        let _ = async {
            let tx = db.transaction(&[HISTORY], TransactionMode::ReadWrite)?;
            tx.store(HISTORY)?.put(&history, None).await?;
            tx.done().await
        }
        .await;
    });
}

/// Writes a waiting history at once (the page is being hidden or closed).
pub(crate) fn flush(d: &Dispatch) {
    let waiting = SAVER.with(|s| s.borrow_mut().history.take());
    if let Some(t) = waiting {
        t.cancel();
        let slot = d.state().annotator.slot.to_string();
        save_history(d, &slot, true);
    }
}

pub(crate) fn save_exercise(d: &Dispatch, slot: &str, saved: &SavedExercise) {
    put_json(
        d,
        EXERCISES,
        slot,
        serde_json::to_string(saved).unwrap_or_default(),
    );
}

pub(crate) fn forget_exercise(slot: &str) {
    let Some(db) = db() else { return };
    let slot = slot.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = async {
            let tx = db.transaction(&[EXERCISES], TransactionMode::ReadWrite)?;
            tx.store(EXERCISES)?.delete(slot.into()).await?;
            tx.done().await
        }
        .await;
    });
}

fn put_json(d: &Dispatch, store: &'static str, slot: &str, json: String) {
    let Some(db) = db() else { return };
    let (d, slot) = (d.clone(), slot.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let write = async {
            let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
            tx.store(store)?.put(&row(&slot, None, &json), None).await?;
            tx.done().await
        }
        .await;
        if let Err(e) = write {
            let recent = recent().await;
            d.send(Action::Saved {
                outcome: outcome_of(&e),
                recent,
            });
        }
    });
}

/// Deletes an article and everything kept with it.
pub(crate) fn delete_article(d: &Dispatch, slot: &str) {
    let Some(db) = db() else { return };
    let (d, slot) = (d.clone(), slot.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let key: JsValue = slot.as_str().into();
        let _ = async {
            let tx = db.transaction(
                &[TEXTS, ARTICLES, ANNOTATIONS, HISTORY, EXERCISES],
                TransactionMode::ReadWrite,
            )?;
            let annotations = tx.store(ANNOTATIONS)?;
            let keys = annotations
                .index("slot")?
                .get_all_keys(Some(KeyRange::only(&key)?), None)
                .await?;
            for k in keys {
                annotations.delete(k).await?;
            }
            for store in [TEXTS, ARTICLES, HISTORY, EXERCISES] {
                tx.store(store)?.delete(key.clone()).await?;
            }
            tx.done().await
        }
        .await;
        broadcast_recent();
        d.send(Action::Recent(recent().await));
        estimate(&d);
    });
}

// ---------------------------------------------------------------------------------------------
// Room

/// Asks the browser to keep the site's data, then reports the room in use.
pub(crate) fn persist_and_estimate(d: &Dispatch) {
    let d = d.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(manager) = storage_manager() else {
            return;
        };
        let persisted = match manager.persisted() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_bool()),
            Err(_) => None,
        };
        let persisted = if persisted == Some(true) {
            Some(true)
        } else {
            match manager.persist() {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                    .await
                    .ok()
                    .and_then(|v| v.as_bool()),
                Err(_) => persisted,
            }
        };
        report(&d, &manager, persisted).await;
    });
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let nav = gloo::utils::window().navigator();
    let storage = js_sys::Reflect::get(&nav, &"storage".into()).ok()?;
    (!storage.is_undefined()).then(|| nav.storage())
}

/// Reports the room in use (after a save: at most every few seconds).
fn estimate(d: &Dispatch) {
    thread_local! {
        static LAST: RefCell<i64> = const { RefCell::new(0) };
    }
    let now = crate::ui::dom::now_millis();
    if LAST.with(|l| now - *l.borrow() < 3000) {
        return;
    }
    LAST.with(|l| *l.borrow_mut() = now);
    let d = d.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(manager) = storage_manager() {
            let persisted = d.state().storage.persisted;
            report(&d, &manager, persisted).await;
        }
    });
}

async fn report(d: &Dispatch, manager: &web_sys::StorageManager, persisted: Option<bool>) {
    let estimate = match manager.estimate() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    let number = |name: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &name.into()).ok())
            .and_then(|v| v.as_f64())
            .map(|v| v as u64)
    };
    let info = StorageInfo {
        used: number("usage"),
        quota: number("quota"),
        persisted,
        unavailable: d.state().storage.unavailable.clone(),
    };
    d.send(Action::Storage(info));
}

// ---------------------------------------------------------------------------------------------
// Other tabs

fn channel() -> Option<web_sys::BroadcastChannel> {
    CHANNEL_HANDLE.with(|c| {
        if c.borrow().is_none() {
            *c.borrow_mut() = web_sys::BroadcastChannel::new(CHANNEL).ok();
        }
        c.borrow().clone()
    })
}

/// Tells the other tabs what changed: the change without its records as JSON, and each record
/// as JSON of its own. An import's 5,000 records as one string would be megabytes of this tab's
/// memory (and the other's) at once.
fn broadcast<R: Borrow<Record>>(incoming: Incoming, records: impl IntoIterator<Item = R>) {
    let Some(ch) = channel() else { return };
    let message = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&message, &k.into(), v);
    };
    set(
        "change",
        &serde_json::to_string(&incoming).unwrap_or_default().into(),
    );
    let each: js_sys::Array = records
        .into_iter()
        .map(|r| JsValue::from(record_json(r.borrow())))
        .collect();
    set("records", &each);
    let _ = ch.post_message(&message);
}

/// A change another tab sent ([`broadcast`]); one from a tab still running an older version is
/// JSON text.
fn incoming_of(data: &JsValue) -> Option<Incoming> {
    if let Some(text) = data.as_string() {
        return serde_json::from_str(&text).ok();
    }
    let field = |k: &str| js_sys::Reflect::get(data, &k.into()).ok();
    let mut incoming: Incoming = serde_json::from_str(&field("change")?.as_string()?).ok()?;
    incoming.records = field("records")?
        .dyn_into::<js_sys::Array>()
        .ok()?
        .iter()
        .map(|r| serde_json::from_str(&r.as_string()?).ok())
        .collect::<Option<_>>()?;
    Some(incoming)
}

fn broadcast_recent() {
    if let Some(ch) = channel() {
        let _ = ch.post_message(&JsValue::from_str("recent"));
    }
}

/// Listens to the other tabs: their changes to the open article are merged, and the list of
/// articles follows theirs. The listener lives as long as the returned handle.
pub(crate) fn listen(d: &Dispatch) -> Option<gloo::events::EventListener> {
    let ch = channel()?;
    let d = d.clone();
    Some(gloo::events::EventListener::new(&ch, "message", move |e| {
        let Some(data) = e.dyn_ref::<web_sys::MessageEvent>().map(|m| m.data()) else {
            return;
        };
        // A change to an article (else the message is "recent": the list of articles changed).
        if let Some(mut incoming) = incoming_of(&data) {
            // This tab's own later deletions win over the other tab's older records.
            let again = SAVER.with(|s| {
                let s = s.borrow();
                match s.slot == incoming.slot {
                    true => sync::drop_superseded(&mut incoming.records, &s.tombstones),
                    false => vec![],
                }
            });
            if !again.is_empty() {
                write_records(incoming.slot.clone(), again);
            }
            // What another tab wrote is in the database already: this tab's record of what
            // is saved takes it in too, so it is not written back.
            SAVER.with(|s| {
                let mut s = s.borrow_mut();
                if s.slot == incoming.slot {
                    if let Some(last) = s.last.as_mut() {
                        last.merge(&incoming.records, incoming.tags.as_ref());
                    }
                }
            });
            if incoming.text {
                SAVER.with(|s| s.borrow_mut().last = None);
            }
            d.send(Action::Merged(incoming));
        }
        let d = d.clone();
        wasm_bindgen_futures::spawn_local(async move {
            d.send(Action::Recent(recent().await));
        });
    }))
}

// ---------------------------------------------------------------------------------------------
// Moving older saves in

const LS_CURRENT: &str = "claimmark.v1.current";
const LS_RECENT: &str = "claimmark.v1.recent";
const LS_SLOT: &str = "claimmark.v1.slot.";
const LS_CORRUPT: &str = "claimmark.v1.corrupt.";
const LS_EXERCISE: &str = "claimmark.v1.exercise.";

/// Moves saves of the localStorage format into the database, once: each is written, then
/// removed from localStorage. One that cannot be read is kept aside in the database, and stays
/// in localStorage too. Returns `(where, why)` when the open article's save could not be read.
async fn migrate() -> Option<(Option<String>, String)> {
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("claimmark.v1."))
        .collect();
    if keys.is_empty() {
        return None;
    }
    // Written by gloo's `LocalStorage::set`, so as JSON: `"<slot>"`.
    let current = storage
        .get_item(LS_CURRENT)
        .ok()
        .flatten()
        .map(|c| serde_json::from_str::<String>(&c).unwrap_or(c));
    let mut problem = None;
    for key in &keys {
        let Some(raw) = storage.get_item(key).ok().flatten() else {
            continue;
        };
        if let Some(slot) = key.strip_prefix(LS_SLOT) {
            let parsed = serde_json::from_str::<SavedSession>(&raw)
                .map_err(|e| format!("it is damaged ({e})"))
                .and_then(|s| match s.version == SavedSession::VERSION {
                    true => Ok(s),
                    false => Err(format!(
                        "it was saved in format version {}, which this version does not read",
                        s.version
                    )),
                })
                .and_then(|s| {
                    let (doc, head, annotations, history) = s.into_parts();
                    Session::from_parts(doc, head, annotations, Some(history))
                        .ok_or_else(|| "its annotations do not match its text".to_string())
                });
            match parsed {
                Ok(session) => {
                    if write_whole(slot, &session).await.is_ok() {
                        let _ = storage.remove_item(key);
                    }
                }
                Err(reason) => {
                    let kept = put_aside(slot, &reason, &raw).await;
                    if current.as_deref() == Some(slot) {
                        problem = Some((kept, reason));
                    }
                }
            }
        } else if let Some(slot) = key.strip_prefix(LS_EXERCISE) {
            if write_row(EXERCISES, slot, &raw).await.is_ok() {
                let _ = storage.remove_item(key);
            }
        } else if key.starts_with(LS_CORRUPT) {
            put_aside("", "kept aside by an older version", &raw).await;
            let _ = storage.remove_item(key);
        }
    }
    if let Some(slot) = &current {
        if problem.is_none() && write_row(META, "current", slot).await.is_ok() {
            let _ = storage.remove_item(LS_CURRENT);
        }
    }
    let _ = storage.remove_item(LS_RECENT);
    problem
}

async fn write_row(store: &str, slot: &str, json: &str) -> Result<(), rexie::Error> {
    let Some(db) = db() else { return Ok(()) };
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.store(store)?.put(&row(slot, None, json), None).await?;
    tx.done().await.map(|_| ())
}

/// Writes a whole session (a moved save).
async fn write_whole(slot: &str, session: &Session) -> Result<(), rexie::Error> {
    let Some(db) = db() else { return Ok(()) };
    let header = Header {
        head: session.saved_head(),
        title: session.doc().title().to_string(),
        annotations: session.annotations().len(),
        bytes: size_of(session),
        saved: crate::ui::dom::now_millis(),
    };
    let tx = db.transaction(
        &[TEXTS, ARTICLES, ANNOTATIONS, HISTORY],
        TransactionMode::ReadWrite,
    )?;
    tx.store(TEXTS)?.put(&text_row(slot, session), None).await?;
    put_in_batches(
        &tx.store(ANNOTATIONS)?,
        record_rows(slot, session.annotations().iter().map(Record::put)),
    )
    .await?;
    history_write();
    tx.store(HISTORY)?
        .put(&history_row(slot, session), None)
        .await?;
    let header = serde_json::to_string(&header).unwrap_or_default();
    tx.store(ARTICLES)?
        .put(&row(slot, None, &header), None)
        .await?;
    tx.done().await.map(|_| ())
}
