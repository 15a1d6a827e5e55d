//! Writes the browser benchmark's fixture (see `claimmark_synth::fixture`) into a directory:
//!
//! ```sh
//! cargo run --release --quiet -p claimmark-synth --bin bench_fixture -- DIR \
//!     [--seed 20261128] [--paragraphs 3000] [--annotations 5000]
//! ```
//!
//! `tests/bench/fixture.mjs` runs it once per seed and loads the files from `target/bench/`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use claimmark_synth::fixture::{self, ANNOTATIONS, PARAGRAPHS, SEED};

const USAGE: &str = "usage: bench_fixture DIR [--seed N] [--paragraphs N] [--annotations N]";

fn main() -> ExitCode {
    let (mut dir, mut seed, mut paragraphs, mut annotations) =
        (None, SEED, PARAGRAPHS, ANNOTATIONS);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let number = |value: Option<String>| value.and_then(|v| v.parse::<u64>().ok());
        let ok = match arg.as_str() {
            "--seed" => number(args.next()).map(|n| seed = n),
            "--paragraphs" => number(args.next()).map(|n| paragraphs = n as usize),
            "--annotations" => number(args.next()).map(|n| annotations = n as usize),
            "-h" | "--help" => None,
            _ if !arg.starts_with('-') && dir.is_none() => {
                dir = Some(PathBuf::from(arg));
                Some(())
            }
            _ => None,
        };
        if ok.is_none() {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };

    let started = Instant::now();
    let f = fixture::build(seed, paragraphs, annotations);
    if let Err(e) = fixture::write(&dir, &f) {
        eprintln!("bench_fixture: cannot write {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let s = &f.stats;
    eprintln!(
        "bench fixture (seed {seed}): {} paragraphs, {} bytes, {} annotations ({} overlapping), \
         import file {} bytes, text sha256 {}…; written to {} in {:.2?}",
        s.paragraphs,
        s.bytes,
        s.annotations,
        s.overlapping_added,
        s.json_bytes,
        &s.text_sha256[..12],
        dir.display(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}
