//! The offline copy: registers the service worker (`sw.js`, written into each build by
//! `scripts/write_sw.py` from `scripts/sw.template.js`) and shows a quiet notice when a newer
//! build was installed while this page runs an older one.
//!
//! This sits beside the app, not in it: it reads no state and sends no action, and every
//! failure is only logged. How the worker caches and updates is in `scripts/sw.template.js`.
//!
//! The notice. A new worker takes over as soon as it is installed (`skipWaiting` and
//! `clients.claim`). Pages open network-first, so a page opened online already runs the newest
//! build and needs no notice; one opened from the cache (offline or on a slow network) runs the
//! older build until it is opened again, and says so. So the notice is shown when a worker
//! replaced the one this page opened under and the page's own module (`boot-<hash>.js`, named
//! after the build's code) is not among the files the new worker cached.

use std::cell::Cell;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

const NOTICE: &str =
    "A new version of Claimmark was installed; it is used from the next time you open the page.";

/// Registers `sw.js` once the page has loaded (so the first paint does not wait for it).
/// Nothing happens without service workers or outside a secure context (`http://127.0.0.1`
/// and `http://localhost` are secure).
pub(crate) fn register() {
    let Some(container) = container() else {
        return;
    };
    // A worker controlled this page when it opened: a new one replacing it is an update (the
    // first install, claiming a page opened without a worker, is not).
    let opened_under_worker = container.controller().is_some();
    if opened_under_worker {
        EventListener::new(&container, "controllerchange", {
            let container = container.clone();
            move |_| spawn_local(notice_if_page_is_older(container.clone()))
        })
        .forget();
    }
    let start = move || spawn_local(register_now(container, opened_under_worker));
    if gloo::utils::document().ready_state() == "complete" {
        start();
    } else {
        EventListener::once(&gloo::utils::window(), "load", move |_| start()).forget();
    }
}

/// `navigator.serviceWorker`, when this page may use it.
fn container() -> Option<ServiceWorkerContainer> {
    let window = gloo::utils::window();
    if !window.is_secure_context() {
        return None;
    }
    let value =
        js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker")).ok()?;
    value.dyn_into::<ServiceWorkerContainer>().ok()
}

async fn register_now(container: ServiceWorkerContainer, opened_under_worker: bool) {
    let registration = match JsFuture::from(container.register("./sw.js")).await {
        Ok(registration) => registration.unchecked_into::<ServiceWorkerRegistration>(),
        Err(e) => {
            gloo::console::error!("Claimmark: the offline copy could not be set up:", e);
            return;
        }
    };
    if !opened_under_worker {
        return;
    }
    // Ask for a newer sw.js now. The browser also does when a page opens, and a worker it
    // found may already have replaced this page's before this code ran (no `controllerchange`
    // then): once no newer worker is on its way, the check runs here.
    let checked = match registration.update() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    if let Err(e) = checked {
        // Offline, most often: the page runs what the installed worker holds.
        gloo::console::debug!("Claimmark: no update check for the offline copy:", e);
        return;
    }
    if registration.installing().is_none() && registration.waiting().is_none() {
        notice_if_page_is_older(container).await;
    }
}

/// Shows the notice if this page's build is not the one the controlling worker has cached.
async fn notice_if_page_is_older(container: ServiceWorkerContainer) {
    let Some(worker) = container.controller() else {
        return;
    };
    // Activated: the older builds' caches are gone (the worker deletes them on activation).
    if !activated(&worker).await {
        return;
    }
    let Some(module) = page_module() else {
        return;
    };
    let Ok(caches) = gloo::utils::window().caches() else {
        return;
    };
    match JsFuture::from(caches.match_with_str(&module)).await {
        Ok(found) if found.is_undefined() => show_notice(),
        Ok(_) => {}
        Err(e) => gloo::console::error!("Claimmark: the offline copy could not be read:", e),
    }
}

/// Waits until `worker` is activated; false if it was replaced (redundant) first.
async fn activated(worker: &ServiceWorker) -> bool {
    loop {
        match worker.state() {
            ServiceWorkerState::Activated => return true,
            ServiceWorkerState::Redundant => return false,
            _ => {}
        }
        let changed = js_sys::Promise::new(&mut |resolve, _reject| {
            EventListener::once(worker, "statechange", move |_| {
                let _ = resolve.call0(&JsValue::NULL);
            })
            .forget();
        });
        if JsFuture::from(changed).await.is_err() {
            return false;
        }
    }
}

/// The address of the module this page was started from (the build's `boot-<hash>.js`).
fn page_module() -> Option<String> {
    let document = gloo::utils::document();
    let src = document
        .query_selector("script[type=\"module\"][src]")
        .ok()??
        .get_attribute("src")?;
    let base = document.url().ok()?;
    Some(web_sys::Url::new_with_base(&src, &base).ok()?.href())
}

/// A small polite status at the bottom of the page, with a close button; once per page.
fn show_notice() {
    thread_local! {
        static SHOWN: Cell<bool> = const { Cell::new(false) };
    }
    if SHOWN.with(|shown| shown.replace(true)) {
        return;
    }
    if let Err(e) = build_notice() {
        gloo::console::error!("Claimmark: the update notice could not be shown:", e);
    }
}

fn build_notice() -> Result<(), JsValue> {
    let document = gloo::utils::document();
    let Some(body) = document.body() else {
        return Ok(());
    };
    let notice = document.create_element("div")?;
    notice.set_class_name("update-notice");
    notice.set_attribute("role", "status")?;
    notice.set_attribute("data-testid", "update-notice")?;
    let text = document.create_element("p")?;
    let close = document.create_element("button")?;
    close.set_attribute("type", "button")?;
    close.set_attribute("aria-label", "Close this notice")?;
    close.set_attribute("data-testid", "update-notice-close")?;
    close.set_text_content(Some("×"));
    notice.append_child(&text)?;
    notice.append_child(&close)?;
    body.append_child(&notice)?;
    // The live region is in the page before its text, so screen readers announce the text.
    Timeout::new(100, move || text.set_text_content(Some(NOTICE))).forget();
    let shown = notice.clone();
    EventListener::once(&close, "click", move |_| shown.remove()).forget();
    Ok(())
}
