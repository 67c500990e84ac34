//! Inputs the fuzzer (`fuzz/`) found, plus hand-written hostile ones: every file in
//! `tests/fixtures/fuzz/` goes through `from_bytes` → `extract` → `map` as Markdown and as
//! Textile (under fake names, and under its own name, which may be what it tests), without
//! panicking, in under 5 s each, and with dates in `YYYY-MM-DD` form.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::{Duration, Instant};

use recapgraph::{extract, rdf, recap};

use crate::support::vocabulary;

const FAKE_PATHS: [&str; 4] = [
    "x/2024-01-02.md",
    "x/2024-01-02.textile",
    "_posts/2013-02-28-feb-meeting.md",
    "notes/minutes.textile",
];

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[test]
fn fuzz_fixtures_never_panic_and_finish_quickly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    let iris = rdf::IriScheme::default();
    let vocab = vocabulary();
    for file in &files {
        let bytes = std::fs::read(file).expect("fixture");
        let own = format!(
            "fixtures/{}",
            file.file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
        );
        for name in FAKE_PATHS.into_iter().chain([own.as_str()]) {
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                // Undecodable bytes are an error, not a panic: that is fine too.
                if let Ok(r) = recap::from_bytes(Path::new(name), &bytes, name) {
                    let facts = extract::extract(&r, &vocab);
                    let dates = facts.meeting.iter().map(|m| &m.date);
                    for d in dates.chain(&facts.published) {
                        assert!(is_iso_date(d), "date {d:?} is not YYYY-MM-DD");
                    }
                    let _ = rdf::map(&facts, &iris, "2024-05-03T00:00:00Z");
                }
            }));
            let took = started.elapsed();
            assert!(
                outcome.is_ok(),
                "{} read as {name} panicked (or gave a bad date)",
                file.display()
            );
            assert!(
                took < Duration::from_secs(5),
                "{} read as {name} took {took:?}",
                file.display()
            );
        }
    }
}
