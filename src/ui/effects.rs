//! What the UI does to the outside world on the user's behalf: reading files, downloading
//! exports, making ids and times. Each function turns the outcome into an [`Action`].

use gloo_file::futures::read_as_bytes;

use crate::model::export::{self, import, Format};
use crate::model::text::{CharRange, Document};
use crate::model::{Command, Session, Tag, Timestamp};
use crate::ui::state::{Action, AppContext};
use crate::ui::{dom, storage};

/// The largest article accepted, in bytes of UTF-8.
pub const MAX_ARTICLE_BYTES: usize = 5 * 1024 * 1024;

pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(dom::now_millis())
}

pub fn new_id() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

/// Tags the pending selection.
pub fn tag_selection(ctx: &AppContext, tag: Tag) {
    let Some(range) = current_selection(ctx) else {
        return;
    };
    let snapped = ctx.session().doc().snap(range);
    match snapped {
        Some(range) => {
            let id = new_id();
            ctx.dispatch(Action::Run(Command::Create {
                id: id.clone(),
                tag,
                range,
                now: now(),
                creator: None,
            }));
            // Paint the new highlight in this same task, so it shows in the next frame rather
            // than one frame after Yew's render (the later effect then finds nothing new).
            if let Some(el) = dom::article_element() {
                let session = ctx.session();
                dom::paint(&el, session.doc(), session.annotations(), Some(&id));
            }
            ctx.dispatch(Action::Status(format!(
                "{} added: “{}”",
                tag.label(),
                short(ctx.session().doc().slice(range.range()))
            )));
        }
        None => ctx.dispatch(Action::Error(
            "Only spaces are selected: select some words to tag.".into(),
        )),
    }
    dom::clear_selection();
    ctx.dispatch(Action::Select(None));
}

/// The selection to tag, read now: the keyboard caret's, else the page's live selection (the
/// `selectionchange` event that updates `pending` may not have fired yet), else `pending`.
fn current_selection(ctx: &AppContext) -> Option<CharRange> {
    if let Some((a, f)) = ctx.live_caret().filter(|(a, f)| a != f) {
        return CharRange::new(a.min(f), a.max(f));
    }
    let live = dom::article_element().and_then(|el| dom::selected_range(&el, ctx.session().doc()));
    live.or_else(|| ctx.pending.as_ref().map(|p| p.range))
}

/// Gives an orphan the text selected in the article as its new place.
pub fn reattach(
    dispatch: &yew::functional::UseReducerDispatcher<crate::ui::state::AppState>,
    session: &crate::ui::state::SessionRef,
    id: &str,
) {
    let range = {
        let session = session.borrow();
        dom::article_element()
            .and_then(|el| dom::selected_range(&el, session.doc()))
            .and_then(|r| session.doc().snap(r))
    };
    let Some(range) = range else {
        dispatch.dispatch(Action::Error(
            "Select the passage in the article first, then press Re-attach.".into(),
        ));
        return;
    };
    dispatch.dispatch(Action::Run(Command::Reattach {
        id: id.to_string(),
        range,
        now: now(),
    }));
    dom::clear_selection();
    dispatch.dispatch(Action::Select(None));
}

pub fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Downloads the annotations in `format`.
pub fn export(ctx: &AppContext, format: Format) {
    dom::mark("export-start");
    let session = ctx.session();
    let doc = session.doc();
    let annotations = session.annotations();
    let contents = match format {
        Format::W3c => export::w3c::export(doc, annotations),
        Format::Csv => export::csv::export(annotations),
        Format::Jsonl => export::jsonl::export(doc, annotations),
    };
    let name = export::file_name(doc, now().date(), format);
    let orphans = annotations.iter().filter(|a| a.is_orphaned()).count();
    drop(session);
    let downloaded = dom::download(&name, format.mime(), &contents);
    dom::mark("export-end");
    match downloaded {
        Ok(()) => {
            ctx.dispatch(Action::Run(Command::MarkExported));
            let note = if orphans > 0 {
                format!(" {orphans} orphaned annotation(s) have no place in this text and were left out: re-attach or delete them.")
            } else {
                String::new()
            };
            ctx.dispatch(Action::Status(format!("Exported {name}.{note}")));
        }
        Err(e) => ctx.dispatch(Action::Error(format!(
            "The export could not be saved: {e}."
        ))),
    }
}

/// Reads a file's bytes as UTF-8 text, with a message a person can act on when it is not.
async fn read_text(file: &web_sys::File, limit: usize, what: &str) -> Result<String, String> {
    let size = file.size() as usize;
    if size > limit {
        return Err(format!(
            "“{}” is {:.1} MB; the largest {what} Claimmark opens is {} MB.",
            file.name(),
            size as f64 / 1_000_000.0,
            limit / 1_000_000
        ));
    }
    let blob = gloo_file::Blob::from(web_sys::Blob::from(file.clone()));
    let bytes = read_as_bytes(&blob)
        .await
        .map_err(|e| format!("“{}” could not be read: {e}.", file.name()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "“{}” is not UTF-8 text (bad byte at position {}). Save it as UTF-8 and try again.",
            file.name(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Imports annotations from a JSON file.
pub fn import_file(ctx: AppContext, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = match read_text(&file, import::MAX_IMPORT_BYTES, "import").await {
            Ok(t) => t,
            Err(e) => return ctx.dispatch(Action::Error(e)),
        };
        import_text(&ctx, &file.name(), &text);
    });
}

pub fn import_text(ctx: &AppContext, name: &str, text: &str) {
    dom::mark("import-start");
    let mut make_id = new_id;
    let result = import::import(
        ctx.session().doc(),
        text,
        import::Defaults {
            now: now(),
            new_id: &mut make_id,
        },
    );
    match result {
        Err(e) => ctx.dispatch(Action::Error(format!(
            "Nothing was imported from “{name}”. {e}"
        ))),
        Ok(imported) => {
            let total = imported.annotations.len();
            let orphaned = imported.count("orphaned");
            let relocated = imported.count("relocated");
            let present = imported
                .annotations
                .iter()
                .filter(|a| ctx.session().get(&a.id).is_some())
                .count();
            ctx.dispatch(Action::Run(Command::Import {
                annotations: imported.annotations,
            }));
            let mut msg = format!(
                "{} annotation{} imported",
                total - present,
                if total - present == 1 { "" } else { "s" }
            );
            if relocated > 0 {
                msg += &format!(", {relocated} relocated (the text differs)");
            }
            if orphaned > 0 {
                msg += &format!(
                    ", {orphaned} orphaned (quote not found: shown at the end of the list)"
                );
            }
            if present > 0 {
                msg += &format!(", {present} already here");
            }
            if imported.defaulted_tags > 0 {
                msg += &format!(
                    ", {} had no claim tag and were tagged Statement",
                    imported.defaulted_tags
                );
            }
            ctx.dispatch(Action::Status(msg + "."));
        }
    }
}

/// Opens an article from a file: HTML by its main content, anything else as plain text.
pub fn load_file(ctx: AppContext, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        ctx.dispatch(Action::Status(format!("Opening “{}”…", file.name())));
        let text = match read_text(&file, MAX_ARTICLE_BYTES, "article").await {
            Ok(t) => t,
            Err(e) => return ctx.dispatch(Action::Error(e)),
        };
        let name = file.name();
        let is_html = name.to_lowercase().ends_with(".html")
            || name.to_lowercase().ends_with(".htm")
            || file.type_() == "text/html";
        let title = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .to_string();
        if is_html {
            load_html(&ctx, &text);
        } else {
            load_document(&ctx, Document::plain(&title, &text));
        }
    });
}

pub fn load_html(ctx: &AppContext, html: &str) {
    match dom::html_to_document(html) {
        Some(doc) => load_document(ctx, doc),
        None => ctx.dispatch(Action::Error("No readable text was found in this page. Copy the article's text and paste it instead.".into())),
    }
}

/// Opens `doc`: its saved session when it was open before, else a new one.
pub fn load_document(ctx: &AppContext, doc: Document) {
    if doc.text().trim().is_empty() {
        return ctx.dispatch(Action::Error(
            "The article is empty: paste or open a text with some words in it.".into(),
        ));
    }
    if doc.text().len() > MAX_ARTICLE_BYTES {
        return ctx.dispatch(Action::Error(format!(
            "This article is {:.1} MB; the largest Claimmark opens is {} MB.",
            doc.text().len() as f64 / 1e6,
            MAX_ARTICLE_BYTES / 1_000_000
        )));
    }
    let slot = doc.fingerprint().to_string();
    let session = match storage::load_slot(&slot) {
        storage::Startup::Restored { session, .. } => session,
        _ => Session::new(doc),
    };
    let title = session.doc().title().to_string();
    ctx.dispatch(Action::Load { slot, session });
    ctx.dispatch(Action::Status(format!("Opened “{title}”.")));
}

/// Fetches an article from the web. Most news sites refuse to be read by other sites' pages
/// (CORS); that is said plainly, with what to do instead.
pub fn load_url(ctx: AppContext, url: String) {
    let url = url.trim().to_string();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return ctx.dispatch(Action::Error(
            "Enter a full web address starting with https://".into(),
        ));
    }
    wasm_bindgen_futures::spawn_local(async move {
        ctx.dispatch(Action::Status(format!("Fetching {url}…")));
        match dom::fetch_text(&url).await {
            Ok((text, is_html)) => {
                if text.len() > MAX_ARTICLE_BYTES {
                    return ctx.dispatch(Action::Error(format!("That page is over {} MB, too large to open.", MAX_ARTICLE_BYTES / 1_000_000)));
                }
                if is_html {
                    load_html(&ctx, &text);
                } else {
                    load_document(&ctx, Document::plain("", &text));
                }
            }
            Err(dom::FetchError::Refused) => ctx.dispatch(Action::Error(
                "That site does not let other pages read its articles (it refused a cross-origin request). Save the page from your browser (Ctrl+S, “Web page, HTML only”) and open the saved file here instead.".into(),
            )),
            Err(dom::FetchError::Status(code)) => ctx.dispatch(Action::Error(format!("The site answered with error {code}; check the address, or save the page and open the file."))),
        }
    });
}

/// The built-in sample article.
pub fn sample() -> Document {
    Document::plain(
        "I agreed with Biden to return the ambassadors",
        include_str!("../../assets/geneva-summit.txt"),
    )
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

/// Whether `range` still reads as a real selection once snapped.
pub fn snapped(session: &Session, range: CharRange) -> bool {
    session.doc().snap(range).is_some()
}

// ---- Classroom ----

use crate::model::classroom::{self, link, Exercise, KeyClaim};
use crate::ui::classroom::StudentWork;

/// What the teacher's form asks for.
pub struct ExerciseSpec {
    pub title: String,
    pub instructions: String,
    pub tags: Vec<Tag>,
    pub with_key: bool,
    pub feedback: bool,
}

/// The exercise the teacher's form describes, made from the current article (and, when asked,
/// the current annotations as the key, each note becoming its explanation).
pub fn make_exercise(ctx: &AppContext, spec: &ExerciseSpec) -> Exercise {
    let session = ctx.session();
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
        id: new_id(),
        title: spec.title.trim().to_string(),
        instructions: spec.instructions.trim().to_string(),
        tags: spec.tags.clone(),
        feedback: spec.feedback && spec.with_key,
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

/// Downloads the exercise file; `with_key` decides whether the key travels in it.
pub fn save_exercise(ctx: &AppContext, exercise: &Exercise, with_key: bool) {
    let name = format!("{}.claimmark.json", exercise_stem(exercise));
    match dom::download(&name, "application/json", &exercise.to_json(with_key)) {
        Ok(()) => ctx.dispatch(Action::Status(format!(
            "Saved {name}{}.",
            if with_key && exercise.key.is_some() {
                " (with the answer key)"
            } else {
                ""
            }
        ))),
        Err(e) => ctx.dispatch(Action::Error(format!(
            "The exercise could not be saved: {e}."
        ))),
    }
}

pub fn save_key(ctx: &AppContext, exercise: &Exercise) {
    let Some(json) = exercise.key_json() else {
        return ctx.dispatch(Action::Error(
            "This exercise has no answer key to save.".into(),
        ));
    };
    let name = format!("{}.claimmark-key.json", exercise_stem(exercise));
    match dom::download(&name, "application/json", &json) {
        Ok(()) => ctx.dispatch(Action::Status(format!("Saved {name}."))),
        Err(e) => ctx.dispatch(Action::Error(format!("The key could not be saved: {e}."))),
    }
}

/// A link that carries the exercise (without its key), or why there is none.
pub fn exercise_link(exercise: &Exercise) -> Result<String, String> {
    let fragment = link::to_fragment(&exercise.to_json(false)).ok_or_else(|| {
        format!(
            "This exercise is too long for a link (over {} characters); hand out the file instead.",
            link::MAX_LINK_CHARS
        )
    })?;
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    Ok(format!("{base}#{fragment}"))
}

/// A student opens an exercise file.
pub fn open_exercise_file(ctx: AppContext, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        match read_text(&file, MAX_ARTICLE_BYTES * 2, "exercise").await {
            Ok(text) => open_exercise(&ctx, &file.name(), &text, None),
            Err(e) => ctx.dispatch(Action::Error(e)),
        }
    });
}

/// Opens an exercise from its JSON; `resume` carries a saved student's name and start time.
pub fn open_exercise(
    ctx: &AppContext,
    name: &str,
    json: &str,
    resume: Option<storage::SavedExercise>,
) {
    let exercise = match classroom::parse_exercise(json) {
        Ok(e) => e,
        Err(e) => {
            return ctx.dispatch(Action::Error(format!(
                "“{name}” could not be opened as an exercise: {e}"
            )))
        }
    };
    let slot = format!("{}#{}", exercise.document.fingerprint(), exercise.id);
    let session = match storage::load_slot(&slot) {
        storage::Startup::Restored { session, .. } => session,
        _ => Session::new(exercise.document.clone()),
    };
    let saved = resume.or_else(|| storage::load_exercise(&slot));
    let work = StudentWork {
        json: json.into(),
        student: saved
            .as_ref()
            .map(|s| s.student.clone())
            .unwrap_or_default(),
        started: saved
            .as_ref()
            .and_then(|s| Timestamp::parse(&s.started))
            .unwrap_or_else(now),
        feedback: None,
        submitted: saved.is_some_and(|s| s.submitted),
        exercise: std::rc::Rc::new(exercise),
    };
    let title = work.exercise.title.clone();
    ctx.dispatch(Action::OpenExercise {
        slot,
        session: Box::new(session),
        work: Box::new(work),
    });
    ctx.dispatch(Action::Status(format!("Opened the exercise “{title}”.")));
}

/// The student hands in: downloads the submission file and shows feedback when allowed.
pub fn submit(ctx: &AppContext) {
    let Some(work) = ctx.student.clone() else {
        return;
    };
    if work.student.trim().is_empty() {
        return ctx.dispatch(Action::Error(
            "Type your name before submitting, so your teacher knows whose work it is.".into(),
        ));
    }
    let submission = work.submission(ctx.session().annotations(), now());
    let json = submission.to_json(&work.exercise.document);
    let name = format!(
        "{}-{}.claimmark-submission.json",
        exercise_stem(&work.exercise),
        export::slug(&work.student)
    );
    if let Err(e) = dom::download(&name, "application/json", &json) {
        return ctx.dispatch(Action::Error(format!(
            "The submission could not be saved: {e}."
        )));
    }
    let feedback = work.score(&submission);
    ctx.dispatch(Action::Run(Command::MarkExported));
    ctx.dispatch(Action::Submitted { feedback });
    ctx.dispatch(Action::Status(format!(
        "Submitted: saved {name}. Hand this file to your teacher."
    )));
}

/// Reads several files' text, keeping each name.
async fn read_all(files: Vec<web_sys::File>) -> Vec<(String, Result<String, String>)> {
    let mut out = Vec::new();
    for f in files {
        out.push((f.name(), read_text(&f, MAX_ARTICLE_BYTES * 2, "file").await));
    }
    out
}

/// The teacher loads the answer key: an exercise file with its key (or a key file for the
/// exercise already loaded).
pub fn load_class_key(ctx: AppContext, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let text = match read_text(&file, MAX_ARTICLE_BYTES * 2, "key").await {
            Ok(t) => t,
            Err(e) => return ctx.dispatch(Action::Error(e)),
        };
        let exercise = match classroom::parse_exercise(&text) {
            Ok(e) => e,
            Err(exercise_error) => {
                // Perhaps a separate key file for the exercise already loaded.
                if let Some(view) = ctx.class.clone() {
                    if let Ok(key) = classroom::parse_key(&text, &view.exercise) {
                        let mut exercise = view.exercise.clone();
                        exercise.key = Some(key);
                        return ctx.dispatch(Action::ClassKey(Box::new(exercise)));
                    }
                }
                return ctx.dispatch(Action::Error(format!(
                    "“{name}” could not be read as an answer key: {exercise_error}"
                )));
            }
        };
        if exercise.key.is_none() {
            ctx.dispatch(Action::Status(format!(
                "“{name}” has no answer key: the class's agreement is shown, but no grades. Load the key file to grade."
            )));
        }
        ctx.dispatch(Action::ClassKey(Box::new(exercise)));
    });
}

/// The teacher loads any number of submission files at once.
pub fn load_submissions(ctx: AppContext, files: Vec<web_sys::File>) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(view) = ctx.class.clone() else {
            return ctx.dispatch(Action::Error(
                "Load the answer key (the exercise file with its key) first, then the submissions."
                    .into(),
            ));
        };
        let mut submissions = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in read_all(files).await {
            match text
                .map(|t| classroom::parse_submission(&t, &view.exercise).map_err(|e| e.to_string()))
            {
                Ok(Ok(s)) => submissions.push(s),
                Ok(Err(e)) | Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
        let n = submissions.len();
        let moved = submissions
            .iter()
            .filter(|s| s.reanchored.is_some())
            .count();
        ctx.dispatch(Action::ClassSubmissions {
            submissions,
            problems: problems.clone(),
        });
        let mut msg = format!("{n} submission{} loaded", if n == 1 { "" } else { "s" });
        if moved > 0 {
            msg += &format!(", {moved} made on another version of the text and re-anchored");
        }
        if !problems.is_empty() {
            msg += &format!(", {} could not be read (listed below)", problems.len());
        }
        ctx.dispatch(Action::Status(msg + "."));
    });
}
