//! The Yew shell: it renders the app core's state and carries out its effects; it decides
//! nothing. `store.rs` runs the core, `effects.rs` carries out effects, `io.rs` reads files and
//! addresses, `storage.rs` keeps the work in the browser's database (IndexedDB), and `dom/` is the only code that
//! touches Selection, Range, `CSS.highlights` and the article's own DOM.

mod app;
mod components;
mod crash;
pub mod dom;
mod effects;
mod io;
mod keys;
mod storage;
mod store;
mod sw;

/// Starts the app: a panic hook that shows the recovery screen, then the root component.
/// (Through Yew's `set_custom_panic_hook`: Yew replaces a hook set with `std::panic::set_hook`
/// by its own when it renders.)
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        crash::show_crash(&info.to_string());
    }));
    // The saved work is read from the browser's database first, then the app renders it.
    wasm_bindgen_futures::spawn_local(async {
        storage::set_initial(storage::start().await);
        yew::Renderer::<app::App>::new().render();
        panic_test();
    });
    sw::register();
}

/// The recovery screen's test hook: opened at `#panic-test`, the app drops the fragment (so a
/// reload starts normally) and panics once, as soon as the article is shown (and so autosaved).
/// Nothing is lost: the panic hook shows the recovery screen (tests/e2e/hostile.test.mjs).
fn panic_test() {
    fn panic_once_shown() {
        gloo::timers::callback::Timeout::new(50, || {
            if dom::article_element().is_some_and(|a| a.child_element_count() > 0) {
                panic!("deliberate panic (#panic-test)");
            }
            panic_once_shown();
        })
        .forget();
    }
    let location = gloo::utils::window().location();
    if location.hash().is_ok_and(|h| h == "#panic-test") {
        let _ = location.set_hash("");
        panic_once_shown();
    }
}
