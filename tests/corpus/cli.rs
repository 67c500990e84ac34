//! The CLI on the real seed: a changed file replaces its graph, `--prune` removes a
//! deleted one (`tests/it/cli.rs` does the same with the fictional seed).

use crate::shared;
use crate::support::{tsv_rows, Cli};

#[test]
fn changed_file_replaces_its_graph_and_prune_removes_deleted() {
    let cli = Cli::new();
    let seed = std::fs::read(shared().join("seeds/000_a507d80173a6ff85.txt")).expect("seed");
    let path = cli.write("recaps/seed.md", &seed);
    let dir = cli.dir.path().join("recaps");
    let dir = dir.to_str().expect("utf-8");
    cli.run(&["ingest", dir], 0);
    let q = "SELECT ?name WHERE { ?m a <http://schema.org/Event> ; <http://schema.org/attendee>/<http://schema.org/name> ?name } ORDER BY ?name";
    assert_eq!(tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0)).len(), 9);

    let changed = String::from_utf8(seed)
        .expect("utf-8")
        .replace("* Jordan Dohms (Edmonton)\n", "");
    std::fs::write(&path, changed).expect("write");
    let (_, err, _) = cli.output(&["ingest", dir]);
    assert!(err.contains("ingested 1 of 1"), "{err}");
    let names = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0));
    assert_eq!(
        names.len(),
        8,
        "the old graph is gone, not merged: {names:?}"
    );

    std::fs::remove_file(&path).expect("rm");
    let (_, err, _) = cli.output(&["ingest", "--prune", dir]);
    assert!(err.contains("1 pruned"), "{err}");
    assert!(tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0)).is_empty());
}
