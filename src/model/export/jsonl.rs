//! JSONL in doccano's span format: one line `{"text": …, "label": [[start, end, "tag"], …]}`.
//!
//! Offsets are code points, as in doccano's own exports (Python string indexes).

use serde::Serialize;

use crate::model::annotation::{Annotation, Status};
use crate::model::text::Document;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
}

pub fn export<'a>(doc: &Document, annotations: impl IntoIterator<Item = &'a Annotation>) -> String {
    let label = annotations
        .into_iter()
        .filter(|a| a.status != Status::Orphaned)
        .map(|a| (a.range.start, a.range.end, a.tag.id()))
        .collect();
    let mut out = serde_json::to_string(&Line {
        text: doc.text(),
        label,
    })
    .expect("strings and numbers serialize");
    out.push('\n');
    out
}
