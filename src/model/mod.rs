//! Pure annotation model. Nothing here touches the browser: no yew, web-sys, js-sys, gloo or
//! wasm-bindgen (those crates exist only in the wasm32 build, so the native build proves it).
//!
//! Invariants kept throughout:
//! - Positions count Unicode code points of the document text.
//! - Functions given user input return errors as values; none panics on input.

pub mod anchor;
pub mod annotation;
pub mod claims;
pub mod classroom;
pub mod export;
pub mod extract;
pub mod myers;
pub mod navigate;
pub mod paint;
pub mod palette;
pub mod session;
pub mod suggest;
pub mod sync;
pub mod tags;
pub mod text;

pub use annotation::{Annotation, Quote, Status, Timestamp};
pub use claims::{ArticleMeta, ClaimInfo, RatingScale, Review};
pub use session::{Change, Command, CommandError, NewAnnotation, Session};
pub use tags::{PerTag, Tag, TagDef, TagEdit, TagError, TagSet, Underline};
pub use text::{CharRange, Document, SnappedRange};
