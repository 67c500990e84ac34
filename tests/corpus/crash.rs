//! The SIGKILL scenarios of `tests/common/kill.rs` on the real corpus: the whole of it,
//! and its largest folder (`nodejs-tsc`, about 170 minutes) for the random kills and the
//! swaps.

use crate::kill;
use crate::shared;

#[test]
fn sigkill_mid_ingest_never_leaves_half_a_file() {
    kill::sigkill_mid_ingest_never_leaves_half_a_file(&shared().join("corpus"), 300);
}

#[test]
fn reading_while_an_ingest_writes_gets_a_clear_message() {
    kill::reading_while_an_ingest_writes_gets_a_clear_message(&shared().join("corpus"));
}

#[test]
fn sigkill_at_random_points_leaves_each_graph_complete_or_absent() {
    kill::sigkill_at_random_points_leaves_each_graph_complete_or_absent(
        &shared().join("corpus/nodejs-tsc"),
        150,
    );
}

#[test]
fn sigkill_while_changed_files_are_swapped_leaves_each_graph_old_or_new() {
    kill::sigkill_while_changed_files_are_swapped_leaves_each_graph_old_or_new(
        &shared().join("corpus/nodejs-tsc"),
        150,
    );
}

#[test]
fn sigkill_during_compaction_leaves_the_store_whole() {
    kill::sigkill_during_compaction_leaves_the_store_whole(&shared().join("corpus"), 300);
}
