//! Reading a JSON file a person chose: size, byte-order mark, syntax, with errors in words.
//! Shared by the importer and the classroom's files.

use serde_json::Value;

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

/// Parses `json` (at most `max_bytes`, a leading BOM allowed) into a value.
pub fn parse(json: &str, max_bytes: usize) -> Result<Value, JsonProblem> {
    if json.trim().is_empty() {
        return Err(JsonProblem::Empty);
    }
    if json.len() > max_bytes {
        return Err(JsonProblem::TooLarge(json.len()));
    }
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    serde_json::from_str(json).map_err(|e| JsonProblem::Syntax {
        message: syntax_message(&e),
        line: e.line(),
        column: e.column(),
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
