//! Claimmark: highlight claims in an article, tag them, export W3C Web Annotations.
//!
//! `model` is the pure core, tested natively; `ui` is the Yew shell, built for wasm32 only.

pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod ui;
