//! Identity links (`schema:sameAs` from a one-word name to the series' one fuller name)
//! follow the recaps as files are added, changed and pruned, reading the attendees of the
//! files a run did not parse back from the store, one derived graph per series.

use recapgraph::rdf::IriScheme;
use recapgraph::store::RecapStore;

use crate::support::{tsv_rows, Cli};

fn recap(date: &str, attendees: &[&str]) -> String {
    let mut t = format!("# Club meeting {date}\n\n## Attendees\n\n");
    for a in attendees {
        t.push_str(&format!("* {a}\n"));
    }
    t.push_str("\n## Notes\n\nWe talked.\n");
    t
}

/// (graph, short name, full name) rows, sorted.
fn links(cli: &Cli) -> Vec<(String, String, String)> {
    let q = "PREFIX schema: <http://schema.org/> SELECT ?g ?short ?full WHERE { \
             GRAPH ?g { ?a schema:sameAs ?b } \
             FILTER(CONTAINS(STR(?g), \"/graph/identity/\")) \
             ?a schema:name ?short . ?b schema:name ?full } ORDER BY ?g ?short";
    let mut rows: Vec<(String, String, String)> = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0))
        .into_iter()
        .map(|r| {
            let series = r[0]
                .trim_end_matches('>')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            (series, r[1].clone(), r[2].clone())
        })
        .collect();
    rows.dedup();
    rows
}

/// Asserts the identity links are exactly `want`: (series, short name, full name).
fn assert_links(cli: &Cli, want: &[(&str, &str, &str)], why: &str) {
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(series, short, full)| {
            (
                (*series).to_owned(),
                format!("\"{short}\""),
                format!("\"{full}\""),
            )
        })
        .collect();
    assert_eq!(links(cli), want, "{why}");
}

const ADA: (&str, &str, &str) = ("club", "Ada", "Ada Lovelace");
const CARL: (&str, &str, &str) = ("club", "Carl", "Carl Weber");
const BOB: (&str, &str, &str) = ("guild", "Bob", "Bob Marsh");

#[test]
fn links_follow_added_changed_and_pruned_files_per_series() {
    let cli = Cli::new();
    let root = cli.dir.path().join("recaps");
    cli.write(
        "recaps/club/2024-01-10.md",
        recap("2024-01-10", &["Ada Lovelace", "Bob Stone"]).as_bytes(),
    );
    cli.write(
        "recaps/club/2024-02-14.md",
        recap("2024-02-14", &["Ada", "Carl Weber"]).as_bytes(),
    );
    cli.write(
        "recaps/guild/2024-01-11.md",
        recap("2024-01-11", &["Bob Marsh", "Bob"]).as_bytes(),
    );
    let root_s = root.to_str().expect("utf-8");
    cli.run(&["ingest", root_s], 0);
    assert_links(&cli, &[ADA, BOB], "each series links its own people");

    // A new recap in `club` with a one-word name: the only file parsed is the new one, so
    // its full-named match must come from the stored attendees of the other files.
    cli.write(
        "recaps/club/2024-03-13.md",
        recap("2024-03-13", &["Carl"]).as_bytes(),
    );
    cli.run(&["ingest", root_s], 0);
    assert_links(
        &cli,
        &[ADA, CARL, BOB],
        "Carl matched from stored attendees",
    );

    // A second Ada makes "Ada" ambiguous: that link goes.
    cli.write(
        "recaps/club/2024-04-10.md",
        recap("2024-04-10", &["Ada Byron"]).as_bytes(),
    );
    cli.run(&["ingest", root_s], 0);
    assert_links(
        &cli,
        &[CARL, BOB],
        "an ambiguous first name links to nobody",
    );

    // Pruning that file brings it back.
    std::fs::remove_file(root.join("club/2024-04-10.md")).expect("rm");
    cli.run(&["ingest", "--prune", root_s], 0);
    assert_links(
        &cli,
        &[ADA, CARL, BOB],
        "the pruned Ada Byron no longer makes Ada ambiguous",
    );

    // The same links as a fresh ingest of the same files computes.
    let fresh = Cli::new();
    fresh.run(&["ingest", root_s], 0);
    assert_eq!(links(&fresh), links(&cli));
}

#[test]
fn an_ingest_killed_before_the_rebuild_leaves_a_mark_the_next_one_finishes() {
    let cli = Cli::new();
    cli.write(
        "recaps/club/2024-01-10.md",
        recap("2024-01-10", &["Ada Lovelace", "Ada"]).as_bytes(),
    );
    let root = cli.dir.path().join("recaps");
    let root_s = root.to_str().expect("utf-8");
    cli.run(&["ingest", root_s], 0);
    assert_links(&cli, &[ADA], "ingested");

    // What a kill between committing files and rebuilding their series' links leaves:
    // the mark set before the commit, and links that do not match the files yet.
    {
        let store = RecapStore::open(&cli.store(), IriScheme::default()).expect("open");
        store
            .replace_identity_links(&[("recaps/club".to_owned(), Vec::new())])
            .expect("drop links");
        store.mark_identity_pending(&["recaps/club"]).expect("mark");
        assert_eq!(
            store.pending_identity_series().expect("pending"),
            vec!["recaps/club".to_owned()]
        );
    }
    assert!(links(&cli).is_empty());

    // Nothing changed on disk, yet the next ingest rebuilds the marked series.
    let err = cli.cmd(&["ingest", root_s]).output().expect("runs");
    assert!(err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("1 unchanged"));
    assert_links(&cli, &[ADA], "rebuilt from the pending mark");
    let store = RecapStore::open(&cli.store(), IriScheme::default()).expect("open");
    assert!(store.pending_identity_series().expect("pending").is_empty());
}
