//! What one change costs to save, on the benchmark's 1 MB article with 5,000 annotations:
//! `cargo run --release --example bench_save`.
//!
//! The database keeps an article as records ([`claimmark::model::sync`]), so a change writes
//! what changed: [`sync::delta`] finds it and the changed records are serialised. The baseline,
//! run in the same process, is what the localStorage autosave did for every change: serialise
//! the whole session as one string. (The browser's own write of the records is not included:
//! IndexedDB does it off the main thread.)

use std::time::Instant;

use claimmark::model::sync::{self, Record};
use claimmark::model::{Command, Session, Tag, Timestamp};

fn main() {
    let case = claimmark_synth::case(claimmark_synth::fixture::SEED, 3000, 5000);
    let mut session = Session::new(case.old.clone());
    session
        .apply(Command::Import {
            annotations: case.annotations.clone(),
            tags: vec![],
        })
        .expect("the fixture imports");
    println!(
        "article: {:.2} MB, {} annotations",
        session.doc().text().len() as f64 / 1e6,
        session.annotations().len()
    );
    let ids: Vec<String> = session.annotations().iter().map(|a| a.id.clone()).collect();
    let runs = 200;
    let (mut delta_ns, mut whole_ns, mut delta_bytes, mut whole_bytes) = (0u128, 0u128, 0, 0);
    for i in 0..runs {
        let before = session.clone();
        let tag = [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE][i % 3];
        session
            .apply(Command::Retag {
                id: ids[(i * 37) % ids.len()].clone(),
                tag,
                now: Timestamp::from_unix_millis(1_764_000_000_000 + i as i64),
            })
            .ok();
        let now = Timestamp::from_unix_millis(1_764_000_000_000);
        let t = Instant::now();
        let d = sync::delta(Some(&before), &session, &now);
        let json: Vec<String> = d
            .records(&session)
            .map(|r: Record| serde_json::to_string(&r).unwrap())
            .collect();
        delta_ns += t.elapsed().as_nanos();
        delta_bytes += json.iter().map(String::len).sum::<usize>();
        let t = Instant::now();
        let whole = serde_json::to_string(&session.to_saved()).unwrap();
        whole_ns += t.elapsed().as_nanos();
        whole_bytes += whole.len();
    }
    let per = |ns: u128| ns as f64 / runs as f64 / 1e6;
    println!("per change (mean of {runs} retags):");
    println!(
        "  records (delta + JSON)    {:>8.3} ms  {:>10} bytes written",
        per(delta_ns),
        delta_bytes / runs
    );
    println!(
        "  whole session (baseline)  {:>8.3} ms  {:>10} bytes written",
        per(whole_ns),
        whole_bytes / runs
    );
    println!(
        "  ratio                     {:>8.1}× faster, {:.0}× fewer bytes",
        whole_ns as f64 / delta_ns.max(1) as f64,
        whole_bytes as f64 / delta_bytes.max(1) as f64
    );
}
