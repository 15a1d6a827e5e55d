//! The annotator: the open article's session and what the person is doing in the article
//! (a selection waiting for a tag, the keyboard caret, the text editor, the confirm dialog).

use std::rc::Rc;
use std::sync::Arc;

use crate::app::{list, messages, Effect, Fresh, State, Then};
use crate::model::anchor::Reanchoring;
use crate::model::export::{self, import, Format};
use crate::model::text::{CharRange, Document};
use crate::model::{Change, Command, Session, Tag, TagEdit, TagSet, Timestamp};

/// The largest article accepted, in bytes of UTF-8.
pub const MAX_ARTICLE_BYTES: usize = 5 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Annotator {
    /// Where autosave keeps this session.
    pub slot: Rc<str>,
    pub session: Session,
    /// The text selected in the article, waiting for a tag.
    pub pending: Option<Pending>,
    /// Keyboard annotating: the caret's anchor and focus (code points), while the mode is on.
    pub caret: Option<(usize, usize)>,
    /// Whether the text editor is open.
    pub editing: bool,
    /// The edited text whose annotations are being placed, a piece at a time, before it is
    /// saved (the editor stays open meanwhile; closing it drops the work, and only the work of
    /// this text is taken when it comes back).
    pub reanchoring: Option<Arc<Document>>,
    pub confirm: Option<Confirm>,
    /// The ClaimReview export's form, while open: the fact-check's address typed so far.
    pub claimreview: Option<String>,
    /// The fact-check's address of this article's last ClaimReview, offered again.
    pub claimreview_url: String,
}

/// What the user has selected in the article and may tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub range: CharRange,
    /// The selection's box in the viewport: left, top, width, height.
    pub rect: (f64, f64, f64, f64),
}

/// An action that waits for the user's "are you sure?".
#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    /// Replace the article although its annotations were never exported.
    Open { slot: String, session: Session },
}

#[derive(Clone, Debug)]
pub enum AnnotatorAction {
    /// Tag the selection: the keyboard caret's when it is extended, else `live` (the page's
    /// selection, read when the key was pressed), else the pending one.
    Tag {
        tag: Tag,
        live: Option<CharRange>,
        fresh: Fresh,
    },
    Retag {
        id: String,
        tag: Tag,
        now: Timestamp,
    },
    Note {
        id: String,
        note: String,
        now: Timestamp,
    },
    Delete {
        id: String,
    },
    /// Give an orphan the page's selection (`live`) as its new place.
    Reattach {
        id: String,
        live: Option<CharRange>,
        now: Timestamp,
    },
    Undo,
    Redo,
    /// Import the annotations in a JSON file's text.
    Import {
        name: String,
        text: String,
        fresh: Fresh,
    },
    /// Add what an [`import::Reader`] read from a file, in steps, in the text whose
    /// fingerprint is `fingerprint` (refused when the article changed meanwhile).
    ImportRead {
        name: String,
        fingerprint: String,
        read: Result<import::Imported, import::ImportError>,
    },
    Export {
        format: Format,
        now: Timestamp,
    },
    /// Open or close the text editor.
    Edit(bool),
    /// Save the edited text (as a document with the article's title); every annotation is
    /// re-anchored. `of` is the document the editor was opened on: a save that arrives after
    /// the editor was closed, or for another text, is not taken.
    SaveText {
        doc: Document,
        of: Arc<Document>,
    },
    /// The annotations of a saved text placed a piece at a time ([`Effect::Reanchor`]).
    TextReanchored(Box<Reanchoring>),
    /// Open an article (its saved session when it was open before).
    OpenArticle(Document),
    /// Open an article fetched from `url` (kept as its address).
    OpenFetched {
        doc: Document,
        url: String,
    },
    /// Name who makes the claim (blank: nobody).
    Claimant {
        id: String,
        claimant: String,
        now: Timestamp,
    },
    /// Give the claim a verdict (blank: not rated).
    Verdict {
        id: String,
        verdict: String,
        now: Timestamp,
    },
    /// Set the claims an agreement or dispute answers.
    Links {
        id: String,
        links: Vec<String>,
        now: Timestamp,
    },
    /// Change the article's details (address, publisher, author, date).
    Meta(crate::model::ArticleMeta),
    /// Change the reviewer and the rating scale (one rating a line, best first).
    SaveReview {
        organisation: String,
        name: String,
        scale: String,
    },
    /// Open (with the address typed before) or close the ClaimReview export's form.
    ClaimReviewForm(bool),
    /// The fact-check's address as typed in the form.
    ClaimReviewUrl(String),
    /// Write the ClaimReview file; `organisation` is set first when the form asked for it.
    ExportClaimReview {
        organisation: Option<String>,
        now: Timestamp,
    },
    OpenRecent(String),
    ConfirmYes,
    ConfirmNo,
    /// The page's text selection changed.
    Select(Option<Pending>),
    /// Escape: drop the selection.
    CancelSelection,
    /// A click in the article, at this offset of the text (if on text).
    Click(Option<usize>),
    /// Turn keyboard annotating on or off.
    ToggleKeyboard,
    /// Move the keyboard caret (anchor, focus).
    Caret((usize, usize)),
    LeaveKeyboard,
    /// N in keyboard mode: write the selected annotation's note.
    FocusNote,
    /// Change the tag set (add, rename, describe, recolour, restyle, move, delete).
    EditTags {
        edit: TagEdit,
        now: Timestamp,
    },
}

impl Annotator {
    pub fn new(slot: &str, session: Session) -> Annotator {
        Annotator {
            slot: slot.into(),
            session,
            pending: None,
            caret: None,
            editing: false,
            reanchoring: None,
            confirm: None,
            claimreview: None,
            claimreview_url: String::new(),
        }
    }
}

pub fn reduce(state: &mut State, action: AnnotatorAction, effects: &mut Vec<Effect>) {
    match action {
        AnnotatorAction::Tag { tag, live, fresh } => {
            let Some(range) = selection(state, live) else {
                return;
            };
            match state.session().doc().snap(range) {
                Some(range) => {
                    let id = fresh.id(0);
                    let command = Command::Create {
                        id: id.clone(),
                        tag,
                        range,
                        now: fresh.now(),
                        creator: None,
                    };
                    if run(state, command, effects) {
                        list::select(state, Some(id), false, effects);
                        let quote = state.session().doc().slice(range.range()).to_string();
                        let label = state.session().tags().label(tag).to_string();
                        state.notices.status(messages::added(&label, &quote));
                    }
                }
                None => state.notices.error(messages::ONLY_SPACES.into()),
            }
            state.annotator.pending = None;
            // The keyboard caret's selection is used up too: it collapses to its focus, so a
            // second key press does not tag the same (no longer shown) text again.
            if let Some((_, focus)) = state.annotator.caret {
                state.annotator.caret = Some((focus, focus));
            }
            effects.push(Effect::ClearSelection);
        }
        AnnotatorAction::Retag { id, tag, now } => {
            run(state, Command::Retag { id, tag, now }, effects);
        }
        AnnotatorAction::Note { id, note, now } => {
            run(state, Command::SetNote { id, note, now }, effects);
        }
        AnnotatorAction::Delete { id } => {
            let answers: Vec<String> = state
                .session()
                .answers_to(&id)
                .iter()
                .map(|a| a.quote.exact.clone())
                .collect();
            // Focus goes to the item that takes the deleted one's place, else the one before.
            let visible = state.visible_ids();
            let next = visible.iter().position(|i| *i == id).and_then(|at| {
                visible
                    .get(at + 1)
                    .or_else(|| at.checked_sub(1).and_then(|b| visible.get(b)))
                    .cloned()
            });
            if run(state, Command::Delete { id: id.clone() }, effects) {
                if state.list.selected.as_deref() == Some(id.as_str()) {
                    state.list.selected = None;
                }
                effects.push(Effect::Focus(super::Focus::ListItem(next)));
                if !answers.is_empty() {
                    state.notices.status(messages::links_broken(&answers));
                }
            }
        }
        AnnotatorAction::Reattach { id, live, now } => {
            match live.and_then(|r| state.session().doc().snap(r)) {
                Some(range) => {
                    run(state, Command::Reattach { id, range, now }, effects);
                    state.annotator.pending = None;
                    effects.push(Effect::ClearSelection);
                }
                None => state.notices.error(messages::REATTACH_SELECT_FIRST.into()),
            }
        }
        AnnotatorAction::Undo => {
            let label = state.session().undo_label().map(messages::undone);
            if run(state, Command::Undo, effects) {
                if let Some(l) = label {
                    state.notices.status(l);
                }
                state.annotator.pending = None;
            }
        }
        AnnotatorAction::Redo => {
            let label = state.session().redo_label().map(messages::redone);
            if run(state, Command::Redo, effects) {
                if let Some(l) = label {
                    state.notices.status(l);
                }
                state.annotator.pending = None;
            }
        }
        AnnotatorAction::Import { name, text, fresh } => {
            import_text(state, &name, &text, fresh, effects)
        }
        AnnotatorAction::ImportRead {
            name,
            fingerprint,
            read,
        } => {
            if fingerprint == state.session().doc().fingerprint() {
                add_imported(state, &name, read, effects);
            } else {
                state.notices.error(messages::import_outdated(&name));
            }
        }
        AnnotatorAction::Export { format, now } => {
            let session = state.session();
            let (doc, annotations) = (session.doc(), session.annotations());
            let contents = match format {
                Format::W3c => export::w3c::export_session(session),
                Format::Csv => export::csv::export(annotations),
                Format::Jsonl => export::jsonl::export(doc, annotations),
                Format::ClaimReview => {
                    let last = state.annotator.claimreview_url.clone();
                    state.annotator.claimreview = Some(last);
                    return;
                }
            };
            let name = export::file_name(doc, now.date(), format);
            let orphans = annotations.iter().filter(|a| a.is_orphaned()).count();
            effects.push(Effect::Download(super::Download {
                name: name.clone(),
                mime: format.mime(),
                contents,
                what: "export",
                done: Some(super::Done::Exported { name, orphans }),
            }));
        }
        AnnotatorAction::Edit(on) => {
            state.annotator.editing = on;
            state.annotator.reanchoring = None;
            state.annotator.pending = None;
        }
        AnnotatorAction::SaveText { doc, of } => {
            if !state.annotator.editing || state.annotator.reanchoring.is_some() {
                // Closed meanwhile, or the text saved a moment ago is still being placed.
                return;
            }
            if !Arc::ptr_eq(&of, state.session().shared_doc()) {
                return state.notices.error(messages::REANCHOR_OUTDATED.into());
            }
            if doc.text().trim().is_empty() {
                return state.notices.error(messages::EMPTY_EDIT.into());
            }
            match state.session().reanchoring(doc) {
                Some(work) if in_steps(&work) => {
                    state.annotator.reanchoring = Some(work.new_doc().clone());
                    state.notices.status(messages::placing(work.progress().1));
                    effects.push(Effect::Reanchor(Box::new(work)));
                }
                Some(work) => text_saved(state, Some(work), effects),
                None => text_saved(state, None, effects),
            }
        }
        AnnotatorAction::TextReanchored(work) => {
            let awaited = state.annotator.reanchoring.as_ref();
            if !awaited.is_some_and(|doc| Arc::ptr_eq(doc, work.new_doc())) {
                return; // the editor was closed meanwhile (and maybe this is an older save's)
            }
            state.annotator.reanchoring = None;
            if !Arc::ptr_eq(work.old(), state.session().shared_doc()) {
                return state.notices.error(messages::REANCHOR_OUTDATED.into());
            }
            text_saved(state, Some(*work), effects);
        }
        AnnotatorAction::OpenArticle(doc) => {
            if let Err(e) = openable(&doc) {
                return state.notices.error(e);
            }
            effects.push(Effect::LookUp {
                slot: doc.fingerprint().to_string(),
                then: Then::OpenArticle(Rc::new(doc)),
            });
        }
        AnnotatorAction::OpenFetched { doc, url } => {
            if let Err(e) = openable(&doc) {
                return state.notices.error(e);
            }
            effects.push(Effect::LookUp {
                slot: doc.fingerprint().to_string(),
                then: Then::OpenFetched(Rc::new((doc, url))),
            });
        }
        AnnotatorAction::Claimant { id, claimant, now } => {
            let claimant = Some(claimant).filter(|c| !c.trim().is_empty());
            run(state, Command::SetClaimant { id, claimant, now }, effects);
        }
        AnnotatorAction::Verdict { id, verdict, now } => {
            let verdict = Some(verdict).filter(|v| !v.is_empty());
            run(state, Command::SetVerdict { id, verdict, now }, effects);
        }
        AnnotatorAction::Links { id, links, now } => {
            let n = links.len();
            if run(state, Command::SetLinks { id, links, now }, effects) {
                state.notices.status(messages::linked(n));
            }
        }
        AnnotatorAction::Meta(meta) => {
            run(state, Command::SetMeta { meta }, effects);
        }
        AnnotatorAction::SaveReview {
            organisation,
            name,
            scale,
        } => match crate::model::RatingScale::from_lines(&scale) {
            Err(e) => state.notices.error(e.to_string()),
            Ok(scale) => {
                let review = crate::model::Review {
                    organisation,
                    name,
                    scale,
                };
                let scale_changed = review.scale != state.session().review().scale;
                if run(state, Command::SetReview { review }, effects) && scale_changed {
                    state.notices.status(messages::REVIEW_SAVED.into());
                }
            }
        },
        AnnotatorAction::ClaimReviewForm(open) => {
            state.annotator.claimreview = match open {
                true => Some(
                    state
                        .annotator
                        .claimreview
                        .take()
                        .unwrap_or_else(|| state.annotator.claimreview_url.clone()),
                ),
                false => None,
            };
        }
        AnnotatorAction::ClaimReviewUrl(url) => {
            if state.annotator.claimreview.is_some() {
                state.annotator.claimreview = Some(url);
            }
        }
        AnnotatorAction::ExportClaimReview { organisation, now } => {
            export_claimreview(state, organisation, now, effects)
        }
        AnnotatorAction::OpenRecent(slot) => effects.push(Effect::LookUp {
            slot,
            then: Then::OpenRecent,
        }),
        AnnotatorAction::ConfirmYes => {
            if let Some(Confirm::Open { slot, session }) = state.annotator.confirm.take() {
                replace(state, &slot, session, effects);
            }
        }
        AnnotatorAction::ConfirmNo => state.annotator.confirm = None,
        AnnotatorAction::Select(pending) => state.annotator.pending = pending,
        AnnotatorAction::CancelSelection => {
            state.annotator.pending = None;
            effects.push(Effect::ClearSelection);
        }
        AnnotatorAction::Click(offset) => {
            if state.annotator.pending.is_some() {
                return;
            }
            let hit = offset.and_then(|o| annotation_at(state.session(), o));
            if hit.is_some() || state.list.selected.is_some() {
                list::select(state, hit, false, effects);
            }
        }
        AnnotatorAction::ToggleKeyboard => {
            if state.annotator.caret.is_some() {
                state.annotator.caret = None;
                state.notices.status(messages::KEYBOARD_OFF.into());
            } else {
                let doc = state.session().doc();
                let start = doc.blocks().first().map_or(0, |b| b.range.start);
                state.annotator.caret = Some((start, start));
                state
                    .notices
                    .status(messages::keyboard_on(state.session().tags()));
            }
        }
        AnnotatorAction::EditTags { edit, now } => {
            let before = state.session().tags().clone();
            let retagged = match &edit {
                TagEdit::Delete { id, .. } => state.session().count_tagged(*id),
                _ => 0,
            };
            if run(
                state,
                Command::EditTags {
                    edit: edit.clone(),
                    now,
                },
                effects,
            ) {
                let after = state.session().tags();
                let msg = messages::tags_edited(&edit, &before, after, retagged);
                state.notices.status(msg);
            }
        }
        AnnotatorAction::Caret(caret) => state.annotator.caret = Some(caret),
        AnnotatorAction::LeaveKeyboard => {
            state.annotator.caret = None;
            effects.push(Effect::ClearSelection);
            state.notices.status(messages::KEYBOARD_OFF.into());
        }
        AnnotatorAction::FocusNote => {
            if state.list.selected.is_some() {
                effects.push(Effect::Focus(super::Focus::SelectedNote));
            } else {
                state.notices.status(messages::NOTE_NEEDS_TAG.into());
            }
        }
    }
}

/// Above this many annotations, or this many code points in the old and new texts together,
/// re-anchoring is done a piece at a time between frames ([`Effect::Reanchor`]) rather than in
/// one task: aligning a long article alone takes longer than a frame.
const REANCHOR_AT_ONCE: (usize, usize) = (200, 200_000);

fn in_steps(work: &Reanchoring) -> bool {
    let (_, annotations) = work.progress();
    let chars = work.old().char_len() + work.new_doc().char_len();
    annotations > REANCHOR_AT_ONCE.0 || chars > REANCHOR_AT_ONCE.1
}

/// Puts the edited text in (its annotations placed by `work`; `None`: the text did not
/// change), closes the editor and says how the annotations fared.
fn text_saved(state: &mut State, work: Option<Reanchoring>, effects: &mut Vec<Effect>) {
    if let Some(work) = work {
        run(state, Command::ReplaceTextPlaced(Box::new(work)), effects);
    }
    state.annotator.editing = false;
    let count = |k: &str| {
        state
            .session()
            .annotations()
            .iter()
            .filter(|a| a.status.key() == k)
            .count()
    };
    let msg = messages::text_saved(count("anchored"), count("relocated"), count("orphaned"));
    state.notices.status(msg);
}

/// Applies a model command; on success the change is painted and saved, on failure the error
/// is shown. Returns whether something changed.
pub(crate) fn run(state: &mut State, command: Command, effects: &mut Vec<Effect>) -> bool {
    let exported = matches!(command, Command::MarkExported);
    match state.annotator.session.apply(command) {
        Ok(Change::Nothing) => {
            if exported {
                effects.push(Effect::Save);
            }
            false
        }
        Ok(change) => {
            if change == Change::Text {
                state.annotator.editing = false;
            } else {
                effects.push(Effect::Paint);
            }
            state.notices.error = None;
            // An annotation that is gone (an undone create, say) cannot stay selected.
            if let Some(id) = &state.list.selected {
                if state.annotator.session.get(id).is_none() {
                    state.list.selected = None;
                }
            }
            effects.push(Effect::Save);
            true
        }
        Err(e) => {
            state
                .notices
                .error(messages::command_failed(&e.to_string()));
            false
        }
    }
}

/// The annotations are safe outside the app (an export or a submission was saved).
pub(crate) fn mark_exported(state: &mut State, effects: &mut Vec<Effect>) {
    run(state, Command::MarkExported, effects);
}

/// The selection to tag: the keyboard caret's, else the live one, else the pending one.
fn selection(state: &State, live: Option<CharRange>) -> Option<CharRange> {
    if let Some((a, f)) = state.annotator.caret.filter(|(a, f)| a != f) {
        return CharRange::new(a.min(f), a.max(f));
    }
    live.or_else(|| state.annotator.pending.as_ref().map(|p| p.range))
}

fn import_text(state: &mut State, name: &str, text: &str, fresh: Fresh, effects: &mut Vec<Effect>) {
    let mut n = 0;
    let mut make_id = || {
        n += 1;
        fresh.id(n)
    };
    let result = import::import(
        state.session().doc(),
        text,
        import::Defaults {
            now: fresh.now(),
            new_id: &mut make_id,
            tags: state.session().tags(),
            tag: state.session().tags().first(),
        },
    );
    add_imported(state, name, result, effects);
}

/// Adds what an import read, or says why nothing was.
fn add_imported(
    state: &mut State,
    name: &str,
    result: Result<import::Imported, import::ImportError>,
    effects: &mut Vec<Effect>,
) {
    match result {
        Err(e) => state
            .notices
            .error(messages::nothing_imported(name, &e.to_string())),
        Ok(imported) => {
            let total = imported.annotations.len();
            let present = imported
                .annotations
                .iter()
                .filter(|a| state.session().get(&a.id).is_some())
                .count();
            let (relocated, orphaned) = (imported.count("relocated"), imported.count("orphaned"));
            let before = state.session().tags().clone();
            let mut report = messages::Imported {
                added: total - present,
                relocated,
                orphaned,
                present,
                defaulted: imported.defaulted_tags,
                default_label: before.label(before.first()).to_string(),
                new_tags: vec![],
                replaced_tags: vec![],
                rewritten_ids: imported.rewritten_ids,
                broken_links: 0,
            };
            let mut annotations = imported.annotations;
            let session = state.session();
            report.broken_links =
                import::drop_missing_links(&mut annotations, |id| session.get(id).is_some()).len();
            let done = run(
                state,
                Command::Import {
                    annotations,
                    tags: imported.tag_defs,
                },
                effects,
            );
            // The file's article details and review settings fill in what this work lacks.
            if done {
                let s = state.session();
                let meta = imported.meta.filter(|_| s.meta().is_empty());
                let review = imported.review.filter(|_| s.review().is_default());
                if let Some(meta) = meta {
                    run(state, Command::SetMeta { meta }, effects);
                }
                if let Some(review) = review {
                    run(state, Command::SetReview { review }, effects);
                }
            }
            let after = state.session().tags();
            let labels = |from: &TagSet, not_in: &TagSet| -> Vec<String> {
                from.iter()
                    .filter(|d| !not_in.contains(d.id))
                    .map(|d| d.label.clone())
                    .collect()
            };
            report.new_tags = labels(after, &before);
            report.replaced_tags = labels(&before, after);
            if done || report.added == 0 {
                state.notices.status(messages::imported(&report));
            }
        }
    }
}

/// Writes the ClaimReview file, or says what is missing (the form stays open).
fn export_claimreview(
    state: &mut State,
    organisation: Option<String>,
    now: Timestamp,
    effects: &mut Vec<Effect>,
) {
    let url = state.annotator.claimreview.clone().unwrap_or_default();
    if let Some(org) = organisation.filter(|o| !o.trim().is_empty()) {
        if state.session().review().organisation.is_empty() {
            let review = crate::model::Review {
                organisation: org,
                ..state.session().review().clone()
            };
            run(state, Command::SetReview { review }, effects);
        }
    }
    match export::claimreview::export(state.session(), &url) {
        Err(e) => state.notices.error(e.to_string()),
        Ok(contents) => {
            let doc = state.session().doc();
            let name = export::file_name(doc, now.date(), Format::ClaimReview);
            let count = state
                .session()
                .annotations()
                .iter()
                .filter(|a| !a.is_orphaned() && a.claim.verdict.is_some())
                .count();
            state.annotator.claimreview = None;
            state.annotator.claimreview_url = url;
            effects.push(Effect::Download(super::Download {
                name: name.clone(),
                mime: Format::ClaimReview.mime(),
                contents,
                what: "export",
                done: Some(super::Done::Saved(messages::claimreview_saved(
                    &name, count,
                ))),
            }));
        }
    }
}

/// Merges another tab's changes to the open article (see [`crate::model::sync`]).
pub(crate) fn merge(
    state: &mut State,
    incoming: crate::model::sync::Incoming,
    effects: &mut Vec<Effect>,
) {
    if *state.annotator.slot != *incoming.slot {
        return;
    }
    if incoming.text {
        effects.push(Effect::LookUp {
            slot: incoming.slot,
            then: Then::Reload,
        });
        return;
    }
    let before = state.session().clone();
    let mut session = before.clone();
    let newer_here = session.merge(&incoming.records, incoming.tags.as_ref());
    if let Some((meta, review)) = incoming.header {
        session.merge_header(meta, review);
    }
    if session == before {
        if !newer_here.is_empty() {
            effects.push(Effect::SaveAgain(newer_here));
        }
        return;
    }
    let changed = incoming
        .records
        .iter()
        .filter(|r| before.get(&r.id) != session.get(&r.id))
        .count();
    if let Some(id) = &state.list.selected {
        if session.get(id).is_none() {
            state.list.selected = None;
        }
    }
    state.annotator.session = session;
    if changed > 0 {
        state.notices.status(messages::merged(changed));
    }
    effects.push(Effect::Paint);
    if !newer_here.is_empty() {
        effects.push(Effect::SaveAgain(newer_here));
    }
}

/// Opens `session` in `slot`, asking first when unexported work would be replaced.
pub(crate) fn open(state: &mut State, slot: String, session: Session, effects: &mut Vec<Effect>) {
    if state.session().has_unexported_work() && *state.annotator.slot != slot {
        state.annotator.confirm = Some(Confirm::Open { slot, session });
    } else {
        replace(state, &slot, session, effects);
    }
}

/// Shows `session` instead of the open one.
pub(crate) fn replace(state: &mut State, slot: &str, session: Session, effects: &mut Vec<Effect>) {
    let title = session.doc().title().to_string();
    // The same text is not rendered again, so its highlights must be painted anew; another
    // text is painted once it is rendered.
    if session.doc() == state.session().doc() {
        effects.push(Effect::Paint);
    }
    state.annotator = Annotator::new(slot, session);
    state.list.selected = None;
    state.classroom.student = None;
    state.notices.error = None;
    state.notices.status(messages::opened(&title));
    effects.push(Effect::ClearSelection);
    effects.push(Effect::Save);
}

/// The annotation under a point of the article: the shortest one covering it.
pub fn annotation_at(session: &Session, offset: usize) -> Option<String> {
    session
        .annotations()
        .iter()
        .filter(|a| !a.is_orphaned() && a.range.contains(offset))
        .min_by_key(|a| a.range.len())
        .map(|a| a.id.clone())
}

/// Whether an article may be opened: not empty, and within the size limit (else the message).
fn openable(doc: &Document) -> Result<(), String> {
    if doc.text().trim().is_empty() {
        return Err(messages::EMPTY_ARTICLE.into());
    }
    if doc.text().len() > MAX_ARTICLE_BYTES {
        return Err(messages::too_large_article(
            doc.text().len(),
            MAX_ARTICLE_BYTES,
        ));
    }
    Ok(())
}
