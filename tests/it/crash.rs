//! A killed ingest leaves every file's graph complete or absent, and a re-run finishes:
//! the SIGKILL scenarios of `tests/common/kill.rs` on the generated corpus
//! (`tests/common/gen.rs`: 330 fictional recaps in four series). The corpus suite runs the
//! same scenarios on the real recaps.

use crate::gen::{write_corpus, write_series};
use crate::kill;
use crate::support::Cli;

/// The generated corpus in a temporary folder.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    write_corpus(dir.path());
    dir
}

/// Its largest series (170 TSC-style minutes, with first names and handles to link).
fn minutes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    write_series(&dir.path().join("minutes"), "minutes", 170);
    dir
}

#[test]
fn sigkill_mid_ingest_never_leaves_half_a_file() {
    let dir = corpus();
    kill::sigkill_mid_ingest_never_leaves_half_a_file(dir.path(), 300);
}

#[test]
fn reading_while_an_ingest_writes_gets_a_clear_message() {
    let dir = corpus();
    kill::reading_while_an_ingest_writes_gets_a_clear_message(dir.path());
}

#[test]
fn sigkill_at_random_points_leaves_each_graph_complete_or_absent() {
    let dir = minutes();
    kill::sigkill_at_random_points_leaves_each_graph_complete_or_absent(
        &dir.path().join("minutes"),
        150,
    );
}

#[test]
fn sigkill_while_changed_files_are_swapped_leaves_each_graph_old_or_new() {
    let dir = minutes();
    kill::sigkill_while_changed_files_are_swapped_leaves_each_graph_old_or_new(
        &dir.path().join("minutes"),
        150,
    );
}

#[test]
fn sigkill_during_compaction_leaves_the_store_whole() {
    let dir = corpus();
    kill::sigkill_during_compaction_leaves_the_store_whole(dir.path(), 300);
}

#[test]
fn opening_the_store_removes_sst_files_of_a_killed_bulk_load() {
    // What a bulk load killed between writing its SST files and ingesting them leaves:
    // files RocksDB never saw. Any command that opens the store removes them; the data is
    // untouched.
    let cli = Cli::new();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let before = kill::per_graph(&cli);
    assert!(!before.is_empty());
    std::fs::write(cli.store().join("bulk-123456789.sst"), b"half-written sst")
        .expect("write stray file");
    cli.run(&["stats"], 0);
    assert!(
        kill::bulk_files(&cli).is_empty(),
        "{:?}",
        kill::bulk_files(&cli)
    );
    assert_eq!(kill::per_graph(&cli), before);
}
