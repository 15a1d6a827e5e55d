//! Reading a JSON file a person chose: size, byte-order mark, syntax, with errors in words.
//! Shared by the importer and the classroom's files.

use serde::Deserialize;

/// Why a file is not readable JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    Empty,
    TooLarge(usize),
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
}

/// Parses `json` (at most `max_bytes`, a leading BOM allowed) into a `T`: a
/// `serde_json::Value`, or a shape that leaves parts of the file unparsed (`&RawValue`).
pub fn parse<'a, T: Deserialize<'a>>(json: &'a str, max_bytes: usize) -> Result<T, JsonProblem> {
    if json.trim().is_empty() {
        return Err(JsonProblem::Empty);
    }
    if json.len() > max_bytes {
        return Err(JsonProblem::TooLarge(json.len()));
    }
    serde_json::from_str(without_bom(json)).map_err(|e| JsonProblem::Syntax {
        message: syntax_message(&e),
        line: e.line(),
        column: e.column(),
    })
}

/// `json` without a leading byte-order mark: the text [`parse`] reads.
pub fn without_bom(json: &str) -> &str {
    json.strip_prefix('\u{feff}').unwrap_or(json)
}

/// Parses `part`, a slice of `json` (as [`without_bom`] gives it), into a `T`; an error says
/// where it is in the whole of `json`.
pub fn parse_part<'a, T: Deserialize<'a>>(json: &str, part: &'a str) -> Result<T, JsonProblem> {
    debug_assert!(
        json.as_bytes().as_ptr_range().contains(&part.as_ptr()) || part.is_empty(),
        "`part` must be a slice of `json`"
    );
    serde_json::from_str(part).map_err(|e| {
        let start = (part.as_ptr() as usize).saturating_sub(json.as_ptr() as usize);
        let before = json.get(..start).unwrap_or_default();
        let lines_before = before.matches('\n').count();
        let column_before = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
        JsonProblem::Syntax {
            message: syntax_message(&e),
            line: lines_before + e.line(),
            column: if e.line() == 1 {
                column_before + e.column()
            } else {
                e.column()
            },
        }
    })
}

/// serde's message without its " at line … column …" tail (the error states that apart), and
/// a half surrogate pair said in words.
fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    if message.contains("surrogate") || message.contains("end of hex escape") {
        return "a \\u escape is cut short or is half of a UTF-16 surrogate pair, which is not a character".into();
    }
    message.to_string()
}
