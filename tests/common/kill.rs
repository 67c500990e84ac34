//! SIGKILL scenarios, each run on a folder of recaps: by `tests/it/crash.rs` on the
//! generated corpus and by `tests/corpus/crash.rs` on the real one. A killed ingest leaves
//! every file's graph complete or absent, and a re-run finishes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{copy_files, tsv_rows, Cli};

pub const PER_GRAPH: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/source/\")) } GROUP BY ?g";

pub fn per_graph(cli: &Cli) -> BTreeMap<String, String> {
    // Killed before RocksDB wrote its first manifest: there is no store yet, which is fine.
    if !cli.store().join("CURRENT").exists() {
        return BTreeMap::new();
    }
    tsv_rows(&cli.run(&["query", PER_GRAPH, "-f", "tsv"], 0))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// Runs `recapgraph --store STORE ARGS…`, SIGKILLs it after `delay_ms` and reaps it;
/// true when it had already finished by then.
pub fn run_killed_after(cli: &Cli, args: &[&str], delay_ms: u64) -> bool {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(cli.store())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(delay_ms));
    let finished = child.try_wait().expect("wait").is_some();
    child.kill().ok();
    child.wait().expect("reaped");
    finished
}

/// Killed at 200, 700 and 1,500 ms into an ingest of `corpus` (small commits), the store
/// opens and holds only complete graphs; a re-run completes the rest.
pub fn sigkill_mid_ingest_never_leaves_half_a_file(corpus: &Path, min_graphs: usize) {
    let corpus = corpus.to_str().expect("utf-8");
    let clean = Cli::new();
    clean.run(&["ingest", corpus], 0);
    let expected = per_graph(&clean);
    assert!(expected.len() >= min_graphs, "{} graphs", expected.len());

    let mut interrupted = 0;
    for delay_ms in [200, 700, 1500] {
        let cli = Cli::new();
        // Small commits, so kills land between commits as well as inside one.
        let args = [
            "ingest",
            "--batch-size",
            "4",
            "--commit-triples",
            "3000",
            corpus,
        ];
        let finished = run_killed_after(&cli, &args, delay_ms);
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

/// A `stats` while an ingest of `corpus` writes gets "in use by another recapgraph
/// process"; the store is intact afterwards.
pub fn reading_while_an_ingest_writes_gets_a_clear_message(corpus: &Path) {
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

/// Every quad of every source graph except the two that depend on the time of the
/// ingest (its `rg:ingestedAt`, and its `rg:graphStamp`, a hash of its triples), one
/// sorted TSV row per quad, grouped by graph; empty when the kill came before RocksDB
/// created the store.
fn graph_contents(cli: &Cli) -> BTreeMap<String, Vec<String>> {
    const CONTENTS: &str = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } \
        FILTER(CONTAINS(STR(?g), \"/source/\") \
        && ?p != <https://w3id.org/recapgraph/ns#ingestedAt> \
        && ?p != <https://w3id.org/recapgraph/ns#graphStamp>) }";
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if !cli.store().join("CURRENT").exists() {
        return out;
    }
    for row in tsv_rows(&cli.run(&["query", CONTENTS, "-f", "tsv"], 0)) {
        out.entry(row[0].clone())
            .or_default()
            .push(row[1..].join("\t"));
    }
    for rows in out.values_mut() {
        rows.sort();
    }
    out
}

/// Knuth's MMIX linear congruential generator: reproducible "random" kill points.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// 15 seeded random SIGKILLs during ingests of `series` (one folder, so identity links),
/// with random batch and commit sizes and `--force`: each graph complete or absent, and
/// a re-run gives the store (identity links included) a clean ingest gives.
pub fn sigkill_at_random_points_leaves_each_graph_complete_or_absent(
    series: &Path,
    min_graphs: usize,
) {
    const SEED: u64 = 0x7ec4_9a11;
    const RUNS: usize = 15;
    let corpus = series.to_str().expect("utf-8");

    let clean = Cli::new();
    let started = std::time::Instant::now();
    clean.run(&["ingest", corpus], 0);
    let clean_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let expected = graph_contents(&clean);
    assert!(expected.len() >= min_graphs, "{} graphs", expected.len());
    let expected_identities = identity_links(&clean);
    assert!(!expected_identities.is_empty());

    let cli = Cli::new();
    let mut rng = Lcg(SEED);
    let mut interrupted = 0;
    let mut partial_stores = 0;
    for run in 0..RUNS {
        let batch = ["1", "2", "8", "64"][usize::try_from(rng.below(4)).expect("small")];
        // Commits every few files, every few dozen, or once at the end.
        let commit = ["500", "20000", "100000000"][usize::try_from(rng.below(3)).expect("small")];
        // After the first few runs everything is stored; --force makes every later run
        // rewrite every graph, so kills land mid-replacement too.
        let force = run >= 3 && rng.below(4) != 0;
        let delay = 30 + rng.below(clean_ms * 3 / 4);
        let mut args = vec!["ingest", "--batch-size", batch, "--commit-triples", commit];
        if force {
            args.push("--force");
        }
        args.push(corpus);
        let finished = run_killed_after(&cli, &args, delay);
        let context = format!(
            "seed {SEED:#x}, run {run}: killed after {delay} ms (--batch-size {batch} --commit-triples {commit}{})",
            if force { " --force" } else { "" }
        );
        let got = graph_contents(&cli);
        if !finished {
            interrupted += 1;
        }
        if got.len() < expected.len() {
            partial_stores += 1;
        }
        for (graph, quads) in &got {
            let want = expected
                .get(graph)
                .unwrap_or_else(|| panic!("{context}: unexpected graph {graph}"));
            assert!(
                quads == want,
                "{context}: {graph} has {} quads, a clean ingest has {}; first differing: {:?}",
                quads.len(),
                want.len(),
                quads.iter().zip(want).find(|(a, b)| a != b)
            );
        }
    }
    assert!(
        interrupted >= RUNS / 2,
        "seed {SEED:#x}: only {interrupted} of {RUNS} kills landed mid-ingest"
    );
    assert!(
        partial_stores > 0,
        "seed {SEED:#x}: no kill left a store with some graphs absent"
    );
    // An un-killed run completes the rest; the whole store then matches a clean ingest.
    cli.run(&["ingest", corpus], 0);
    assert_eq!(
        graph_contents(&cli),
        expected,
        "seed {SEED:#x}: after the re-run"
    );
    // Identity links too, even when the last kill came after every file was committed
    // but before the links were rebuilt (the pending mark makes the re-run rebuild them).
    assert_eq!(
        identity_links(&cli),
        expected_identities,
        "seed {SEED:#x}: identity links after the re-run"
    );
    cli.run(&["validate"], 0);
    assert!(
        bulk_files(&cli).is_empty(),
        "seed {SEED:#x}: abandoned bulk files left in the store"
    );
}

/// Every quad of the derived identity graphs, as sorted TSV rows.
fn identity_links(cli: &Cli) -> Vec<String> {
    const LINKS: &str = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } \
        FILTER(CONTAINS(STR(?g), \"/graph/identity\")) }";
    let mut rows: Vec<String> = tsv_rows(&cli.run(&["query", LINKS, "-f", "tsv"], 0))
        .into_iter()
        .map(|r| r.join("\t"))
        .collect();
    rows.sort();
    rows
}

pub fn bulk_files(cli: &Cli) -> Vec<String> {
    std::fs::read_dir(cli.store())
        .expect("store folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bulk-"))
        .collect()
}

/// Every recap file under `dir`, relative, sorted.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("under dir").to_owned());
            }
        }
    }
    out.sort();
    out
}

/// Changed files are swapped in place (old graph out, new in, one transaction per
/// batch). Killed at random points while every file of `original` changes, the store
/// holds each file's old graph or its new one: never neither, never a mix inside a
/// graph; a re-run finishes.
pub fn sigkill_while_changed_files_are_swapped_leaves_each_graph_old_or_new(
    original: &Path,
    min_files: usize,
) {
    const SEED: u64 = 0x05a9_0c4e;
    const RUNS: usize = 8;
    let work = tempfile::tempdir().expect("tmp");
    // Same folder name, so the same source paths and graph names as any copy.
    let dir = work
        .path()
        .join(original.file_name().expect("a folder name"));
    let files = files_under(original);
    assert!(files.len() >= min_files, "{} files", files.len());
    let texts: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(original.join(f)).expect("read the corpus"))
        .collect();
    // Version 0 is the corpus; version 1 has a line added to every file.
    let write_version = |edited: bool| {
        for (f, text) in files.iter().zip(&texts) {
            let path = dir.join(f);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let mut text = text.clone();
            if edited {
                text.extend_from_slice(b"\n\nEdited in a later version.\n");
            }
            std::fs::write(path, text).expect("write a version");
        }
    };
    let dir_s = dir.to_str().expect("utf-8");
    let version = |edited: bool| {
        write_version(edited);
        let clean = Cli::new();
        clean.run(&["ingest", dir_s], 0);
        graph_contents(&clean)
    };
    let versions = [version(false), version(true)];
    assert_eq!(
        versions[0].keys().collect::<Vec<_>>(),
        versions[1].keys().collect::<Vec<_>>()
    );
    assert!(versions[0].iter().all(|(g, q)| versions[1][g] != *q));

    // A store holding version 1; swapping it all to version 0, unkilled, sets the pace.
    let cli = Cli::new();
    cli.run(&["ingest", dir_s], 0);
    write_version(false);
    let started = std::time::Instant::now();
    cli.run(&["ingest", dir_s], 0);
    let swap_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    assert_eq!(graph_contents(&cli), versions[0]);

    let mut rng = Lcg(SEED);
    let mut interrupted = 0;
    let mut mixed = 0;
    for run in 0..RUNS {
        let edited = run % 2 == 0;
        write_version(edited);
        let batch = ["1", "4", "16", "64"][usize::try_from(rng.below(4)).expect("small")];
        let delay = 30 + rng.below(swap_ms * 3 / 4);
        let finished = run_killed_after(&cli, &["ingest", "--batch-size", batch, dir_s], delay);
        let context =
            format!("seed {SEED:#x}, run {run}: killed after {delay} ms (--batch-size {batch})");
        if !finished {
            interrupted += 1;
        }
        let got = graph_contents(&cli);
        assert_eq!(
            got.len(),
            versions[0].len(),
            "{context}: a changed file's graph went missing"
        );
        let mut new = 0;
        for (graph, quads) in &got {
            if *quads == versions[usize::from(edited)][graph] {
                new += 1;
            } else {
                assert!(
                    *quads == versions[usize::from(!edited)][graph],
                    "{context}: {graph} is neither its old nor its new version"
                );
            }
        }
        if new > 0 && new < got.len() {
            mixed += 1;
        }
    }
    assert!(
        interrupted >= RUNS / 2,
        "seed {SEED:#x}: only {interrupted} of {RUNS} kills landed mid-ingest"
    );
    assert!(
        mixed > 0,
        "seed {SEED:#x}: no kill landed between two swapped batches"
    );
    // An un-killed run finishes the swap.
    cli.run(&["ingest", dir_s], 0);
    assert_eq!(
        graph_contents(&cli),
        versions[usize::from((RUNS - 1) % 2 == 0)]
    );
    cli.run(&["validate"], 0);
}

/// Killed at six points spread over a measured compaction of a store of `corpus`, the
/// store keeps every graph and its triple count, and a rerun compacts it.
pub fn sigkill_during_compaction_leaves_the_store_whole(corpus: &Path, min_graphs: usize) {
    let built = Cli::new();
    built.run(
        &["ingest", "--no-compact", corpus.to_str().expect("utf-8")],
        0,
    );
    // Copied before anything opens it again: RocksDB compacts in the background of any
    // process that opens a store, and each kill should find the files as ingest left them.
    let pristine = Cli::new();
    copy_files(&built.store(), &pristine.store());
    let expected = per_graph(&built);
    assert!(expected.len() >= min_graphs, "{} graphs", expected.len());
    let triples = |cli: &Cli| {
        let stats: serde_json::Value =
            serde_json::from_str(&cli.run(&["stats", "--format", "json"], 0)).expect("json");
        stats["triples"].as_u64().expect("triples")
    };
    let want_triples = triples(&built);

    // How long a whole compaction of a copy takes, to spread the kills over it.
    let timed = Cli::new();
    copy_files(&pristine.store(), &timed.store());
    let started = std::time::Instant::now();
    timed.run(&["compact"], 0);
    let compact_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

    let mut interrupted = 0;
    for eighth in 1..=6 {
        let cli = Cli::new();
        copy_files(&pristine.store(), &cli.store());
        let delay = compact_ms * eighth / 8;
        if !run_killed_after(&cli, &["compact"], delay) {
            interrupted += 1;
        }
        let context = format!("compact killed after {delay} of {compact_ms} ms");
        assert_eq!(per_graph(&cli), expected, "{context}");
        assert_eq!(triples(&cli), want_triples, "{context}");
        // And it compacts to the end when run again.
        cli.run(&["compact"], 0);
        assert_eq!(triples(&cli), want_triples, "{context}");
    }
    assert!(
        interrupted > 0,
        "no kill landed before the compaction ended"
    );
}
