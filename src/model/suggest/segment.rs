//! Tokens, quotations and sentences of one block (paragraph) of text.
//!
//! Positions here are byte offsets into the block; `mod.rs` turns them into code points.
//! Tokens are the word-boundary segments of Unicode (UAX #29), sentences its sentence
//! segments, joined again after abbreviations ("Dr.", "U.S.") and inside an open quotation.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::lexicon::Lexicon;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Space,
    Punct,
}

/// A word, number, run of spaces or punctuation mark.
#[derive(Clone, Debug)]
pub struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The word in lower case (empty for other kinds); borrowed when it already is.
    pub lower: Cow<'a, str>,
    /// Whether the word starts with a capital letter.
    pub cap: bool,
}

/// A quotation: the token of its opening mark, and of its closing mark if the block has one.
#[derive(Clone, Copy, Debug)]
pub struct Quote {
    pub open: usize,
    pub close: Option<usize>,
    /// The number of words inside.
    pub words: usize,
}

/// The tokens of a block: its word-boundary segments (UAX #29). Text made of ASCII and the
/// common typographic marks (curly quotes, dashes, ellipsis, no-break space) takes a fast path
/// that cuts at the same places; anything else goes through `unicode-segmentation`.
pub fn tokenize(block: &str) -> Vec<Tok<'_>> {
    let spans: Vec<(usize, &str)> = if block.chars().all(|c| c.is_ascii() || is_fast_mark(c)) {
        fast_segments(block)
    } else {
        block.split_word_bound_indices().collect()
    };
    spans
        .into_iter()
        .map(|(start, s)| {
            let first = s.chars().next().unwrap_or(' ');
            let kind = if first.is_whitespace() {
                Kind::Space
            } else if first.is_numeric() {
                Kind::Number
            } else if first.is_alphabetic() {
                Kind::Word
            } else {
                Kind::Punct
            };
            let lower = if kind != Kind::Word {
                Cow::Borrowed("")
            } else if s.chars().any(char::is_uppercase) {
                Cow::Owned(s.to_lowercase())
            } else {
                Cow::Borrowed(s)
            };
            Tok {
                start,
                end: start + s.len(),
                kind,
                lower,
                cap: first.is_uppercase(),
            }
        })
        .collect()
}

/// The non-ASCII marks the fast path knows: each is a segment of its own, except `’` between
/// letters or digits, which joins them as an apostrophe does ("Ukraine’s").
fn is_fast_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '\u{a0}')
}

/// UAX #29 word segments of text made of ASCII and [`is_fast_mark`] characters: runs of
/// letters and digits (joined across `'`, `’` and `.` between letters or digits, and `,` or `;`
/// between digits), runs of horizontal spaces, line breaks, and single marks.
fn fast_segments(block: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut out = Vec::with_capacity(chars.len() / 3);
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let mut j = i + 1;
        if alnum(c) {
            loop {
                while j < chars.len() && alnum(chars[j].1) {
                    j += 1;
                }
                // A middle mark joins when alphanumerics of the right kind are on both sides.
                if j + 1 < chars.len() && alnum(chars[j + 1].1) {
                    let (before, after) = (chars[j - 1].1, chars[j + 1].1);
                    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
                    let digits = before.is_ascii_digit() && after.is_ascii_digit();
                    let joins = match chars[j].1 {
                        '\'' | '’' | '‘' | '.' => letters || digits,
                        ',' | ';' => digits,
                        ':' => letters,
                        _ => false,
                    };
                    if joins {
                        j += 2;
                        continue;
                    }
                }
                break;
            }
        } else if c == ' ' {
            while j < chars.len() && chars[j].1 == ' ' {
                j += 1;
            }
        } else if c == '\r' && j < chars.len() && chars[j].1 == '\n' {
            j += 1;
        }
        let end = chars.get(j).map_or(block.len(), |&(b, _)| b);
        out.push((start, &block[start..end]));
        i = j;
    }
    out
}

/// The quotations of a block, in order. Curly and guillemet marks pair up; a straight `"`
/// opens after a space or at the start, and closes otherwise; `‘` opens only after a space, so
/// an apostrophe never opens one. A quotation still open at the end of the block runs to its
/// end (the convention for a quotation that goes on in the next paragraph).
pub fn quotes(block: &str, toks: &[Tok]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, t) in toks.iter().enumerate() {
        if t.kind != Kind::Punct {
            if open.is_some() && matches!(t.kind, Kind::Word | Kind::Number) {
                if let Some(q) = out.last_mut() {
                    q.words += 1;
                }
            }
            continue;
        }
        let c = block[t.start..t.end].chars().next().unwrap_or(' ');
        let after_space =
            i == 0 || toks[i - 1].kind == Kind::Space || is_opening_bracket(toks, block, i - 1);
        match (open, c) {
            (None, '“' | '„' | '«') | (None, '‘') if after_space || c != '‘' => {
                open = Some((i, c));
                out.push(Quote {
                    open: i,
                    close: None,
                    words: 0,
                });
            }
            (None, '"') if after_space => {
                open = Some((i, c));
                out.push(Quote {
                    open: i,
                    close: None,
                    words: 0,
                });
            }
            (Some((_, o)), c) if closes(o, c) => {
                open = None;
                if let Some(q) = out.last_mut() {
                    q.close = Some(i);
                }
            }
            _ => {}
        }
    }
    out
}

fn is_opening_bracket(toks: &[Tok], block: &str, i: usize) -> bool {
    matches!(&block[toks[i].start..toks[i].end], "(" | "[" | "—" | "–")
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('“', '”') | ('„', '“') | ('„', '”') | ('«', '»') | ('‘', '’') | ('"', '"')
    )
}

/// Whether a character is a quotation mark.
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’')
}

/// The sentences of a block as ranges of tokens: a sentence ends after `.`, `!`, `?` or `…`
/// (and any closing marks) followed by a space and a capital, a digit or an opening mark; not
/// after an abbreviation or an initial, and not inside a quotation.
pub fn sentences(block: &str, toks: &[Tok], quotes: &[Quote], lex: &Lexicon) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let text = |i: usize| &block[toks[i].start..toks[i].end];
    let mut i = 0;
    while i < toks.len() {
        if toks[i].kind == Kind::Punct && matches!(text(i), "." | "!" | "?" | "…") {
            let mut j = i + 1;
            while j < toks.len()
                && toks[j].kind == Kind::Punct
                && matches!(
                    text(j),
                    "”" | "’" | "\"" | "'" | ")" | "]" | "." | "!" | "?"
                )
            {
                j += 1;
            }
            let next = (j < toks.len() && toks[j].kind == Kind::Space).then_some(j + 1);
            let starts = next.filter(|&n| n < toks.len()).is_some_and(|n| {
                let c = text(n).chars().next().unwrap_or(' ');
                toks[n].cap
                    || toks[n].kind == Kind::Number
                    || matches!(c, '“' | '"' | '‘' | '(' | '«' | '„')
            });
            if let Some(n) = next.filter(|_| starts) {
                if !inside_quote(quotes, n) && !ends_in_abbreviation(block, toks, start..i + 1, lex)
                {
                    out.push(start..j);
                    start = n;
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// Whether token `t` lies inside a quotation (closed, or open from the block's start).
fn inside_quote(quotes: &[Quote], t: usize) -> bool {
    quotes.iter().any(|q| match q.close {
        Some(c) => q.open < t && t <= c,
        None => q.open == 0 && q.open < t,
    })
}

/// Whether the range ends with a full stop after an abbreviation or an initial ("Dr.", "J.").
pub fn ends_in_abbreviation(block: &str, toks: &[Tok<'_>], r: Range<usize>, lex: &Lexicon) -> bool {
    let mut i = r.end;
    while i > r.start && toks[i - 1].kind == Kind::Space {
        i -= 1;
    }
    if i < r.start + 2 || &block[toks[i - 1].start..toks[i - 1].end] != "." {
        return false;
    }
    let w = &toks[i - 2];
    w.kind == Kind::Word
        && (lex.abbreviations.contains(&*w.lower)
            || (w.cap && w.lower.chars().count() == 1)
            || w.lower.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast path cuts exactly where UAX #29 does.
        #[test]
        fn fast_segments_agree_with_uax29(text in "[a-zA-Z0-9 .,;:'’“”‘–—…\"()%$\t\u{a0}-]{0,40}") {
            let fast = fast_segments(&text);
            let slow: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }
    }
}
