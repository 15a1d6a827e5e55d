//! The recovery screen after a panic: it still offers the annotations as a download.

use gloo::events::EventListener;

use crate::model::export::{self, Format};
use crate::model::Session;
use crate::ui::{dom, effects, storage, store};

/// Replaces the page with a recovery screen.
pub(crate) fn show_crash(message: &str) {
    let Some(body) = gloo::utils::document().body() else {
        return;
    };
    // The annotations as they are (snapshots are never half-changed), or as last saved.
    let exported = |session: &Session| {
        (
            export::file_name(session.doc(), effects::now().date(), Format::W3c),
            export::w3c::export(session.doc(), session.tags(), session.annotations()),
        )
    };
    let saved = store::latest()
        .map(|s| exported(s.session()))
        .or_else(|| storage::last_saved().map(|s| exported(&s)));
    body.set_inner_html(
        "<main class=\"crash\" role=\"alert\" data-testid=\"error\"><h1>Something went wrong</h1>\
         <p>Claimmark hit an internal error and stopped. Your annotations up to your last change are \
         saved in this browser and will be back when you reload.</p>\
         <p><button type=\"button\" id=\"crash-download\">Download my annotations</button> \
         <button type=\"button\" id=\"crash-reload\">Reload</button></p>\
         <details><summary>Technical details</summary><pre id=\"crash-detail\"></pre></details></main>",
    );
    let d = gloo::utils::document();
    if let Some(pre) = d.get_element_by_id("crash-detail") {
        pre.set_text_content(Some(message));
    }
    if let Some(btn) = d.get_element_by_id("crash-download") {
        EventListener::new(&btn, "click", move |_| {
            if let Some((name, json)) = &saved {
                let _ = dom::files::download(name, "application/ld+json", json);
            }
        })
        .forget();
    }
    if let Some(btn) = d.get_element_by_id("crash-reload") {
        EventListener::new(&btn, "click", |_| {
            let _ = gloo::utils::window().location().reload();
        })
        .forget();
    }
}
