//! CSV: one row per placed annotation, for spreadsheets.
//!
//! Columns: id, tag, start, end, quote, note, created. Cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading `'`.

use crate::model::annotation::{Annotation, Status};

pub const HEADER: [&str; 7] = ["id", "tag", "start", "end", "quote", "note", "created"];

pub fn export<'a>(annotations: impl IntoIterator<Item = &'a Annotation>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)
        .expect("writing to a Vec cannot fail");
    for a in annotations
        .into_iter()
        .filter(|a| a.status != Status::Orphaned)
    {
        let (start, end) = (a.range.start.to_string(), a.range.end.to_string());
        let row = [
            a.id.as_str(),
            a.tag.id(),
            &start,
            &end,
            &neutralise(&a.quote.exact),
            &neutralise(&a.note),
            a.created.as_str(),
        ];
        w.write_record(row).expect("writing to a Vec cannot fail");
    }
    let bytes = w.into_inner().expect("flushing a Vec cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}

/// A cell that cannot run as a spreadsheet formula (OWASP's CSV injection advice).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}
