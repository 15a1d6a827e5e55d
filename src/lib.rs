//! Claimmark: highlight claims in an article, tag them, export W3C Web Annotations.
//!
//! `model` is the pure domain (text, anchoring, exports, scoring) and `app` the pure app core
//! (state, actions, effects), both tested natively; `ui` is the Yew shell, built for wasm32 only.

pub mod app;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod ui;
