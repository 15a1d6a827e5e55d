//! The Yew shell: thin components over the model. Only `dom.rs` touches the page's DOM
//! directly; `storage.rs` holds autosave; `effects.rs` reads files and downloads exports.

pub mod app;
pub mod classroom;
pub mod components;
pub mod dom;
pub mod effects;
pub mod state;
pub mod storage;

/// Starts the app: a panic hook that shows the recovery screen, then the root component.
/// (Through Yew's `set_custom_panic_hook`: Yew replaces a hook set with `std::panic::set_hook`
/// by its own when it renders.)
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::show_crash(&info.to_string());
    }));
    yew::Renderer::<app::App>::new().render();
    panic_test();
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
