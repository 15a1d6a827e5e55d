#![cfg(not(target_arch = "wasm32"))]
//! The model and the app core are pure: no file under src/model or src/app mentions a browser
//! crate. (The native build also
//! proves it, since those crates exist only for wasm32; this test names the file that broke it.)

use std::path::Path;

const BROWSER_CRATES: [&str; 7] = [
    "yew",
    "web_sys",
    "js_sys",
    "gloo",
    "wasm_bindgen",
    "serde_wasm_bindgen",
    "gloo_file",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn model_imports_no_browser_crate() {
    let mut files = Vec::new();
    for dir in ["src/model", "src/app"] {
        rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    assert!(files.len() >= 10, "found the model's and the core's files");
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for krate in BROWSER_CRATES {
                let used = code.contains(&format!("{krate}::"))
                    || code.contains(&format!("use {krate}"))
                    || code.contains(&format!("extern crate {krate}"));
                if used {
                    offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the model must not use browser crates:\n{}",
        offences.join("\n")
    );
}
