//! Fetching an article from the web.

use wasm_bindgen::JsCast;

/// Why fetching an article failed.
pub enum FetchError {
    /// The request failed without a response: cross-origin refusal, offline, or a bad address.
    Refused,
    Status(u16),
}

/// Fetches a URL's body as text; the flag says whether it is HTML.
pub async fn fetch_text(url: &str) -> Result<(String, bool), FetchError> {
    let promise = gloo::utils::window().fetch_with_str(url);
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| FetchError::Refused)?
        .unchecked_into();
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let is_html = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.contains("html"));
    let text =
        wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| FetchError::Refused)?)
            .await
            .map_err(|_| FetchError::Refused)?;
    let text = text.as_string().unwrap_or_default();
    let looks_html = text.trim_start().starts_with('<');
    Ok((text, is_html || looks_html))
}
