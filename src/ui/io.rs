//! Reading what the person hands the app (files, pasted text, a web address) and sending it to
//! the core as actions. Reading is asynchronous; every decision about the contents is the core's.

use gloo_file::futures::read_as_bytes;

use crate::app::annotator::MAX_ARTICLE_BYTES;
use crate::app::{messages, AnnotatorAction, ClassroomAction};
use crate::model::anchor::Reanchoring;
use crate::model::export::import::{self, MAX_IMPORT_BYTES};
use crate::model::text::Document;
use crate::ui::dom;
use crate::ui::effects::{fresh, now};
use crate::ui::store::Dispatch;

/// Reads a file's bytes as UTF-8 text, with a message a person can act on when it is not.
async fn read_text(file: &web_sys::File, limit: usize, what: &str) -> Result<String, String> {
    let size = file.size() as usize;
    if size > limit {
        return Err(messages::too_large_file(&file.name(), size, what, limit));
    }
    let blob = gloo_file::Blob::from(web_sys::Blob::from(file.clone()));
    let bytes = read_as_bytes(&blob)
        .await
        .map_err(|e| messages::unreadable_file(&file.name(), &e.to_string()))?;
    String::from_utf8(bytes)
        .map_err(|e| messages::not_utf8(&file.name(), e.utf8_error().valid_up_to()))
}

/// Imports annotations from a JSON file.
pub(crate) fn import_file(d: Dispatch, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        match read_text(&file, MAX_IMPORT_BYTES, "import").await {
            Ok(text) => {
                dom::mark("import-start");
                let read = read_in_steps(&d, &text).await;
                drop(text);
                d.annotator(AnnotatorAction::ImportRead {
                    name: file.name(),
                    fingerprint: read.0,
                    read: read.1,
                });
                dom::mark("import-end");
            }
            Err(e) => d.error(e),
        }
    });
}

/// How long work done in steps ([`between_frames`]) may run before it lets the page paint and
/// answer input.
const STEP_MS: f64 = 16.0;

/// Calls `step` until it gives a result, in tasks of about [`STEP_MS`] each with the page free
/// to paint and answer input between them, and one more task before the result is used. The
/// rest of a long article is revealed after it ([`dom::article::RevealHeld`]).
async fn between_frames<T>(mut step: impl FnMut() -> Option<T>) -> T {
    let _held = dom::article::hold_reveal();
    loop {
        gloo_timers::future::TimeoutFuture::new(0).await;
        let start = dom::now_ms();
        let done = loop {
            match step() {
                Some(done) => break Some(done),
                None if dom::now_ms() - start > STEP_MS => break None,
                None => {}
            }
        };
        if let Some(done) = done {
            gloo_timers::future::TimeoutFuture::new(0).await;
            return done;
        }
    }
}

/// Places an edited text's annotations a few at a time ([`Reanchoring::step`]: indexing the
/// texts and aligning them are steps of their own), then saves the text with them.
pub(crate) fn reanchor_in_steps(d: Dispatch, mut work: Reanchoring) {
    wasm_bindgen_futures::spawn_local(async move {
        between_frames(|| work.step(25).then_some(())).await;
        d.annotator(AnnotatorAction::TextReanchored(Box::new(work)));
        dom::mark("reanchor-end");
    });
}

/// Reads a file's annotations into the open article a few at a time, between frames
/// ([`import::Reader`]): no long task however many there are. Gives the fingerprint of the text
/// they were anchored in.
async fn read_in_steps(
    d: &Dispatch,
    text: &str,
) -> (String, Result<import::Imported, import::ImportError>) {
    let state = d.state();
    let (doc, tags) = (
        state.session().shared_doc().clone(),
        state.session().tags().clone(),
    );
    drop(state);
    let fresh = fresh();
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        fresh.id(n)
    };
    let fingerprint = doc.fingerprint().to_string();
    let mut reader = match import::Reader::new(text, fresh.now(), &tags, tags.first()) {
        Ok(r) => r,
        Err(e) => return (fingerprint, Err(e)),
    };
    let read = between_frames(|| match reader.read(&doc, 25, &mut new_id) {
        Err(e) => Some(Err(e)),
        Ok(true) => Some(Ok(())),
        Ok(false) => None,
    })
    .await;
    (fingerprint, read.and_then(|()| reader.finish()))
}

/// Opens an article from a file: HTML by its main content, anything else as plain text.
pub(crate) fn load_file(d: Dispatch, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        d.status(messages::opening(&file.name()));
        let text = match read_text(&file, MAX_ARTICLE_BYTES, "article").await {
            Ok(t) => t,
            Err(e) => return d.error(e),
        };
        let name = file.name();
        let lower = name.to_lowercase();
        let is_html =
            lower.ends_with(".html") || lower.ends_with(".htm") || file.type_() == "text/html";
        if is_html {
            load_html(&d, &text);
        } else {
            let title = name
                .rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem);
            d.annotator(AnnotatorAction::OpenArticle(Document::plain(title, &text)));
        }
    });
}

/// Opens pasted text: a page's HTML by its main content, anything else as it is.
pub(crate) fn load_pasted(d: &Dispatch, field: dom::FieldText) {
    let trimmed = field.text.trim_start();
    if trimmed.starts_with('<') && trimmed.to_lowercase().contains("<p") {
        load_html(d, &field.text);
    } else {
        d.annotator(AnnotatorAction::OpenArticle(field.into_document("")));
    }
}

fn load_html(d: &Dispatch, html: &str) {
    match dom::html::html_to_document(html) {
        Some(doc) => d.annotator(AnnotatorAction::OpenArticle(doc)),
        None => d.error(messages::NO_READABLE_TEXT.into()),
    }
}

/// Fetches an article from the web. Most news sites refuse to be read by other sites' pages
/// (CORS); that is said plainly, with what to do instead.
pub(crate) fn load_url(d: Dispatch, url: String) {
    let url = url.trim().to_string();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return d.error(messages::NEED_HTTP.into());
    }
    wasm_bindgen_futures::spawn_local(async move {
        d.status(messages::fetching(&url));
        match dom::net::fetch_text(&url).await {
            Ok((text, is_html)) => {
                if text.len() > MAX_ARTICLE_BYTES {
                    return d.error(messages::page_too_large(MAX_ARTICLE_BYTES));
                }
                // The address it was fetched from is kept as the article's.
                let doc = match is_html {
                    true => dom::html::html_to_document(&text),
                    false => Some(Document::plain("", &text)),
                };
                match doc {
                    Some(doc) => d.annotator(AnnotatorAction::OpenFetched { doc, url }),
                    None => d.error(messages::NO_READABLE_TEXT.into()),
                }
            }
            Err(dom::net::FetchError::Refused) => d.error(messages::FETCH_REFUSED.into()),
            Err(dom::net::FetchError::Status(code)) => d.error(messages::fetch_status(code)),
        }
    });
}

/// A student opens an exercise file.
pub(crate) fn open_exercise_file(d: Dispatch, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        match read_text(&file, MAX_ARTICLE_BYTES * 2, "exercise").await {
            Ok(json) => d.classroom(ClassroomAction::OpenExercise {
                name: file.name(),
                json,
                now: now(),
            }),
            Err(e) => d.error(e),
        }
    });
}

/// The teacher loads the answer key.
pub(crate) fn load_class_key(d: Dispatch, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = read_text(&file, MAX_ARTICLE_BYTES * 2, "key").await;
        d.classroom(ClassroomAction::ClassKey {
            name: file.name(),
            text,
        });
    });
}

/// The teacher loads any number of submission files at once.
pub(crate) fn load_submissions(d: Dispatch, files: Vec<web_sys::File>) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        for f in files {
            read.push((f.name(), read_text(&f, MAX_ARTICLE_BYTES * 2, "file").await));
        }
        d.classroom(ClassroomAction::ClassSubmissions(read));
    });
}
