//! Exercise links: the exercise file carried in a URL fragment (`#exercise=…`), compressed
//! with DEFLATE and written in base64url, so that no server is involved. The fragment never
//! reaches a web server: browsers do not send it.

use base64::Engine;

/// The fragment's prefix.
pub const PREFIX: &str = "exercise=";
/// The longest link offered, in characters; longer exercises are shared as files.
pub const MAX_LINK_CHARS: usize = 16_000;
/// The most bytes a link may inflate to (a guard against decompression bombs).
pub const MAX_INFLATED: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is cut short or changed (it is not valid base64)")]
    Encoding,
    #[error("the link is cut short or changed (it does not decompress)")]
    Compression,
    #[error("the link holds more than {} MB", MAX_INFLATED / 1_000_000)]
    TooLarge,
    #[error("the link does not hold text")]
    NotText,
}

/// The fragment (without `#`) that carries `json`, or `None` when it would be too long.
pub fn to_fragment(json: &str) -> Option<String> {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let fragment = format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    );
    (fragment.len() <= MAX_LINK_CHARS).then_some(fragment)
}

/// The exercise JSON in a fragment (with or without its `#`), or `None` if it is not a link of ours.
pub fn from_fragment(fragment: &str) -> Option<Result<String, LinkError>> {
    let payload = fragment.trim_start_matches('#').strip_prefix(PREFIX)?;
    Some(decode(payload))
}

fn decode(payload: &str) -> Result<String, LinkError> {
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim())
        .map_err(|_| LinkError::Encoding)?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
                _ => LinkError::Compression,
            }
        })?;
    String::from_utf8(bytes).map_err(|_| LinkError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let json = r#"{"format":"claimmark-exercise","text":"Café 👩‍👩‍👧 مرحبا"}"#;
        let f = to_fragment(json).unwrap();
        assert!(f.starts_with("exercise=") && !f[PREFIX.len()..].contains(['+', '/', '=', '#']));
        assert_eq!(from_fragment(&format!("#{f}")).unwrap().unwrap(), json);
    }

    #[test]
    fn refuses_damage_and_bombs() {
        assert_eq!(from_fragment("#other=1"), None);
        assert_eq!(
            from_fragment("#exercise=!!!"),
            Some(Err(LinkError::Encoding))
        );
        assert_eq!(
            from_fragment("#exercise=AAAA"),
            Some(Err(LinkError::Compression))
        );
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; MAX_INFLATED + 1], 9);
        let f = format!(
            "exercise={}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb)
        );
        assert_eq!(from_fragment(&f), Some(Err(LinkError::TooLarge)));
    }

    #[test]
    fn long_exercises_are_not_links() {
        let noise: String = (0..200_000u32)
            .map(|i| char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap())
            .collect();
        assert_eq!(to_fragment(&noise), None);
    }
}
