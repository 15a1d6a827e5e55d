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
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::show_crash(&info.to_string());
    }));
    yew::Renderer::<app::App>::new().render();
}
