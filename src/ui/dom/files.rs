//! Files: offering a download, and taking the files chosen in a file input.

use wasm_bindgen::JsCast;

use super::document;

/// Offers `contents` as a file download.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    // The UTF-8 bytes as they are (one copy out of wasm memory), not a JS string: decoding
    // 5 MB into a string and the Blob encoding it back cost ~35 ms of a 5,000-annotation export.
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(contents.as_bytes()));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make a download link".to_string())?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|_| "no link element".to_string())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("hidden", "").ok();
    document()
        .body()
        .ok_or("no page body")?
        .append_child(&a)
        .ok();
    a.click();
    a.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The files chosen in the `<input type=file>` that fired `e`; the input is cleared, so choosing
/// the same file again fires again.
pub fn take_files(e: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}
