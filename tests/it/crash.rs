//! A killed ingest leaves every file's graph complete or absent, and a re-run finishes.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{shared, tsv_rows, Cli};

const PER_GRAPH: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/source/\")) } GROUP BY ?g";

fn per_graph(cli: &Cli) -> BTreeMap<String, String> {
    // Killed before RocksDB wrote its first manifest: there is no store yet, which is fine.
    if !cli.store().join("CURRENT").exists() {
        return BTreeMap::new();
    }
    tsv_rows(&cli.run(&["query", PER_GRAPH, "-f", "tsv"], 0))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

#[test]
fn sigkill_mid_ingest_never_leaves_half_a_file() {
    let corpus = shared().join("corpus");
    let corpus = corpus.to_str().expect("utf-8");
    let clean = Cli::new();
    clean.run(&["ingest", corpus], 0);
    let expected = per_graph(&clean);
    assert!(expected.len() > 300);

    let mut interrupted = 0;
    for delay_ms in [200, 700, 1500] {
        let cli = Cli::new();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
            .arg("--store")
            .arg(cli.store())
            .args(["ingest", "--batch-size", "4", corpus])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().expect("wait").is_some();
        child.kill().ok();
        child.wait().expect("reaped");
        // The store opens, and every graph in it is exactly as a clean ingest writes it.
        let got = per_graph(&cli);
        if !finished && got.len() < expected.len() {
            interrupted += 1;
        }
        for (graph, n) in &got {
            assert_eq!(
                expected.get(graph),
                Some(n),
                "{graph} is incomplete after a kill at {delay_ms} ms"
            );
        }
        // A re-run completes the rest.
        cli.run(&["ingest", corpus], 0);
        assert_eq!(per_graph(&cli), expected);
    }
    assert!(
        interrupted > 0,
        "no kill landed mid-ingest; the test proved nothing"
    );
}

#[test]
fn reading_while_an_ingest_writes_gets_a_clear_message() {
    let corpus = shared().join("corpus");
    let cli = Cli::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(cli.store())
        .args([
            "ingest",
            "--batch-size",
            "2",
            corpus.to_str().expect("utf-8"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut seen_lock = false;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let (_, err, code) = cli.output(&["stats"]);
        if code == 2 && err.contains("is in use by another recapgraph process") {
            seen_lock = true;
            break;
        }
        // Before RocksDB created the store a read finds none; anything else is a bug.
        assert!(
            err.contains("no store at") || code == 0,
            "unexpected: {code} {err}"
        );
    }
    child.kill().ok();
    child.wait().expect("reaped");
    assert!(seen_lock, "never observed the store lock while ingest ran");
    // The store is intact afterwards.
    cli.run(&["ingest", corpus.to_str().expect("utf-8")], 0);
    cli.run(&["validate"], 0);
}
