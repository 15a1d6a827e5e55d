#!/usr/bin/env bash
# Runs every test: formatting and lints on both targets, the model natively, dom.rs in headless
# Chromium (wasm-bindgen-test), the release build, and the end-to-end journeys (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "lints (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
# On wasm32 the app and its browser tests; the model's unit tests run natively.
cargo clippy --target wasm32-unknown-unknown --lib --bins --test dom -- -D warnings

step "native tests (model, app core, synth)"
cargo test --workspace

step "browser tests for ui/dom (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown --test dom

step "release build"
trunk build --release
bash scripts/bundle_size.sh

step "end-to-end journeys (Playwright, headless Chromium)"
# The 1 MB / 5,000-annotation fixture the storage journey reloads (the benchmark's, same seed).
[ -f target/bench/fixture-20261128/fixture.json ] ||
  cargo run --quiet -p claimmark-synth --bin bench_fixture -- target/bench/fixture-20261128
node --test --test-concurrency=1 tests/e2e/
