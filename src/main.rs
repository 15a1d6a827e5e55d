#[cfg(target_arch = "wasm32")]
fn main() {
    claimmark::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Claimmark runs in the browser: `bash scripts/run.sh` builds and serves it.");
}
