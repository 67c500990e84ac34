//! The binary end to end, against a real on-disk store in a temp dir.

use std::path::Path;

use crate::support::{fixtures, tsv_rows, Cli};

fn data() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .display()
        .to_string()
}

#[test]
fn ingest_query_stats_export_on_the_bundled_data() {
    let cli = Cli::new();
    let (_, err, code) = cli.output(&["ingest", &data()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ingested 9 of 9 files (8 meetings"), "{err}");

    let meetings = tsv_rows(&cli.run(&["query", "meetings", "--format", "tsv"], 0));
    assert_eq!(meetings.len(), 8, "{meetings:?}");
    assert!(meetings[0][0].contains("2024-01-18"), "{meetings:?}");

    let stats: serde_json::Value =
        serde_json::from_str(&cli.run(&["stats", "--format", "json"], 0)).expect("json stats");
    assert_eq!(stats["files"], 9);
    assert_eq!(stats["meetings"], 8);
    let triples = stats["triples"].as_u64().expect("triples");
    assert!(triples > 300, "{stats}");

    let nq = cli.dir.path().join("all.nq");
    cli.run(
        &[
            "export",
            "--format",
            "nquads",
            "-o",
            nq.to_str().expect("utf-8"),
        ],
        0,
    );
    let lines = std::fs::read_to_string(&nq)
        .expect("export")
        .lines()
        .count() as u64;
    assert_eq!(lines, triples, "one N-Quads line per stored quad");

    // Unchanged files are skipped the second time.
    let (_, err, code) = cli.output(&["ingest", &data()]);
    assert_eq!(code, 0);
    assert!(
        err.contains("ingested 0 of 9 files") && err.contains("9 unchanged"),
        "{err}"
    );
    let again: serde_json::Value =
        serde_json::from_str(&cli.run(&["stats", "--format", "json"], 0)).expect("json stats");
    assert_eq!(again["triples"].as_u64(), Some(triples));
}

#[test]
fn the_same_person_across_recaps_is_one_node_and_params_bind() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let args = [
        "query",
        "person-meetings",
        "--param",
        "person=Dana Whitfield",
        "-f",
        "tsv",
    ];
    let rows = tsv_rows(&cli.run(&args, 0));
    assert_eq!(rows.len(), 3, "{rows:?}");
    // --explain: the same rows on stdout, the plan with each step's rows on stderr; the
    // parameter is a one-row VALUES the plan starts from.
    let (out, err, code) = cli.output(&[&args[..], &["--explain"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(tsv_rows(&out), rows);
    let plan: serde_json::Value = serde_json::from_str(&err).expect("a JSON plan on stderr");
    assert!(
        plan["plan"]["number of results"].as_u64() == Some(3),
        "{plan}"
    );
    assert!(err.contains("StaticBindings"), "{err}");
    // A value that would break out of a pasted string is only ever a literal.
    let rows = tsv_rows(&cli.run(
        &[
            "query",
            "person-meetings",
            "--param",
            "person=x\" } UNION { ?a ?b ?c",
            "-f",
            "tsv",
        ],
        0,
    ));
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn queries_see_the_union_of_graphs_and_graph_still_works() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/recapgraph/ns#Meeting> }";
    let rows = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0));
    assert_eq!(rows[0][0], "8", "{rows:?}");
    let q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/recapgraph/ns#SourceFile> } }";
    let rows = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0));
    assert_eq!(rows[0][0], "9", "{rows:?}");
}

#[test]
fn changed_file_replaces_its_graph_and_prune_removes_deleted() {
    let cli = Cli::new();
    let seed = std::fs::read(fixtures().join("seed/wrap-up-may-2019.txt")).expect("seed");
    let path = cli.write("recaps/seed.md", &seed);
    let dir = cli.dir.path().join("recaps");
    let dir = dir.to_str().expect("utf-8");
    cli.run(&["ingest", dir], 0);
    let q = "SELECT ?name WHERE { ?m a <http://schema.org/Event> ; <http://schema.org/attendee>/<http://schema.org/name> ?name } ORDER BY ?name";
    assert_eq!(tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0)).len(), 9);

    let changed = String::from_utf8(seed)
        .expect("utf-8")
        .replace("* Ewa Szymanska (Saskatoon)\n", "");
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

#[test]
fn bad_files_are_reported_by_name_and_the_rest_is_ingested() {
    let cli = Cli::new();
    cli.write(
        "in/good.md",
        b"# Team sync 2024-01-02\n\n## Attendees\n\n* Ann Lee\n\n## Minutes\n\n### Budget\n",
    );
    cli.write("in/latin1.md", b"# Caf\xe9 meeting\n");
    cli.write("in/binary.md", b"\x89PNG\r\n\x1a\n\0\0\0");
    cli.write("in/empty.md", b"  \n");
    cli.write("in/yaml.md", b"---\ntitle: [unclosed\n---\n# Body\n");
    cli.write("in/notes.png", b"not a recap, ignored");
    let huge = std::fs::File::create(cli.dir.path().join("in/huge.md")).expect("create");
    huge.set_len(100 * 1024 * 1024)
        .expect("a sparse 100 MB file");
    let dir = cli.dir.path().join("in");
    let (out, err, code) = cli.output(&["ingest", dir.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "some files failed: exit 1\n{out}{err}");
    assert!(err.contains("latin1.md:1: not UTF-8"), "{err}");
    assert!(err.contains("binary.md:3: binary data"), "{err}");
    assert!(err.contains("empty.md: empty file"), "{err}");
    assert!(err.contains("yaml.md:3: broken YAML front matter"), "{err}");
    assert!(
        err.contains("huge.md: file is 104857600 bytes, over the limit"),
        "{err}"
    );
    assert!(err.contains("ingested 1 of 6 files"), "{err}");
    assert!(!err.contains("notes.png"), "{err}");
    let rows = tsv_rows(&cli.run(&["query", "meetings", "-f", "tsv"], 0));
    assert_eq!(rows.len(), 1, "{rows:?}");

    // A missing path is an error naming it; nothing else stops.
    let (_, err, code) = cli.output(&["ingest", "/nonexistent/recaps"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/recaps: cannot read"), "{err}");
}

#[test]
fn bad_query_exits_2_with_position() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let (_, err, code) = cli.output(&["query", "SELECT ?x WHERE { ?x ?y }"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid SPARQL query") && err.contains("1:"),
        "{err}"
    );
    let (_, err, code) = cli.output(&["query", "no-such-named-query"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown query"), "{err}");
}

#[test]
fn query_list_shows_named_queries() {
    let cli = Cli::new();
    let out = cli.run(&["query", "--list"], 0);
    for name in [
        "meetings",
        "people-by-meetings",
        "topics-by-meetings",
        "person-topics",
        "topics-together",
        "documents-per-meeting",
        "documents-by-domain",
        "person-meetings",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{out}"
        );
    }
}

#[test]
fn reading_a_store_that_does_not_exist_exits_2() {
    let cli = Cli::new();
    let (_, err, code) = cli.output(&["stats"]);
    assert_eq!(code, 2);
    assert!(err.contains("no store at"), "{err}");
}

#[test]
fn output_formats() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let json: serde_json::Value =
        serde_json::from_str(&cli.run(&["query", "meetings", "-f", "json"], 0)).expect("json");
    assert_eq!(
        json["results"]["bindings"].as_array().map(Vec::len),
        Some(8)
    );
    let csv = cli.run(&["query", "meetings", "-f", "csv"], 0);
    assert_eq!(csv.lines().count(), 9);
    let xml = cli.run(&["query", "meetings", "-f", "xml"], 0);
    assert!(xml.contains("<sparql"), "{xml}");
    let table = cli.run(&["query", "meetings", "-f", "table"], 0);
    assert!(
        table.lines().nth(1).is_some_and(|l| l.starts_with("---")),
        "{table}"
    );
    let ttl = cli.run(
        &[
            "query",
            "CONSTRUCT { ?m a <http://schema.org/Event> } WHERE { ?m a <http://schema.org/Event> }",
            "-f",
            "turtle",
        ],
        0,
    );
    assert!(ttl.contains("schema:Event"), "{ttl}");
    let ask = cli.run(
        &[
            "query",
            "ASK { ?m a <http://schema.org/Event> }",
            "-f",
            "table",
        ],
        0,
    );
    assert_eq!(ask.trim(), "true");
    let (_, err, code) = cli.output(&["query", "meetings", "-f", "turtle"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot show SELECT"), "{err}");
}

#[test]
fn first_names_link_to_the_full_name_in_the_same_series() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let q = "PREFIX schema: <http://schema.org/> SELECT ?short ?full WHERE { ?a schema:sameAs ?b . ?a schema:name ?short . ?b schema:name ?full } ORDER BY ?short";
    let rows = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0));
    let pairs: Vec<(String, String)> = rows
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    for (short, full) in [
        ("Maria", "Maria Kowalski"),
        ("Jonas", "Jonas Ekberg"),
        ("Ravi", "Ravi Subramanian"),
    ] {
        assert!(
            pairs.contains(&(format!("\"{short}\""), format!("\"{full}\""))),
            "{short} → {full} missing from {pairs:?}"
        );
    }
    // The short name is kept, not renamed.
    let names = cli.run(
        &[
            "query",
            "SELECT DISTINCT ?n WHERE { ?p <http://schema.org/name> ?n FILTER(?n = \"Maria\") }",
            "-f",
            "tsv",
        ],
        0,
    );
    assert_eq!(tsv_rows(&names).len(), 1);
}

#[test]
fn a_user_vocabulary_merges_topics_at_ingest() {
    let cli = Cli::new();
    cli.write(
        "r/2024-01-01-a.md",
        b"# Sync 2024-01-01\n\n## Attendees\n\n* Ann Lee\n\n## Minutes\n\n### Cloud bill\n",
    );
    cli.write(
        "r/2024-02-01-b.md",
        b"# Sync 2024-02-01\n\n## Attendees\n\n* Ann Lee\n\n## Minutes\n\n### FinOps review\n",
    );
    let vocab = cli.write(
        "mine.ttl",
        b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<topic/cloud-costs> a skos:Concept ; skos:inScheme <topic/> ;\n  skos:prefLabel \"Cloud costs\" ; skos:altLabel \"cloud bill\", \"FinOps review\" .\n",
    );
    let dir = cli.dir.path().join("r");
    cli.run(
        &[
            "ingest",
            "--vocabulary",
            vocab.to_str().expect("utf-8"),
            dir.to_str().expect("utf-8"),
        ],
        0,
    );
    let rows = tsv_rows(&cli.run(&["query", "topics-by-meetings", "-f", "tsv"], 0));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].iter().any(|c| c.contains("Cloud costs")),
        "{rows:?}"
    );
    assert!(rows[0].iter().any(|c| c == "2"), "{rows:?}");

    // A broken vocabulary stops the run before anything is ingested, naming the file.
    let bad = cli.write("bad.ttl", b"<a> <b> .\n");
    let (_, err, code) = cli.output(&[
        "ingest",
        "--vocabulary",
        bad.to_str().expect("utf-8"),
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.ttl") && err.contains("invalid Turtle"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    // `recapgraph query … | head -1`: a million rows, the reader leaves after one line.
    let digits = "VALUES ?x { 0 1 2 3 4 5 6 7 8 9 }";
    let q = format!(
        "SELECT * WHERE {{ {} }}",
        ["a", "b", "c", "d", "e", "f"]
            .map(|v| digits.replace("?x", &format!("?{v}")))
            .join(" ")
    );
    let bin = assert_cmd::cargo::cargo_bin("recapgraph");
    let mut child = std::process::Command::new(bin)
        .args(["--memory", "query", &q, "-f", "tsv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    std::io::Read::read(&mut stdout, &mut first).expect("read");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn source_files_report_each_graphs_stored_triple_count() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let listed = tsv_rows(&cli.run(&["query", "source-files", "-f", "tsv"], 0));
    let counted = tsv_rows(&cli.run(
        &[
            "query",
            "SELECT ?graph (COUNT(*) AS ?n) WHERE { \
             ?graph a <https://w3id.org/recapgraph/ns#SourceFile> . GRAPH ?graph { ?s ?p ?o } \
             } GROUP BY ?graph",
            "-f",
            "tsv",
        ],
        0,
    ));
    assert_eq!(listed.len(), 9, "{listed:?}");
    assert_eq!(counted.len(), 9, "{counted:?}");
    for row in &listed {
        // ?path ?format ?ingestedAt ?triples ?hash ?graph
        let graph = &row[5];
        let n = counted
            .iter()
            .find(|c| &c[0] == graph)
            .map(|c| c[1].clone());
        assert_eq!(Some(row[3].clone()), n, "{graph}");
    }
}

/// Every parameter a named query declares narrows it: bound to a value from the whole
/// answer's column of the same name, it gives exactly the rows of the whole answer that
/// have that value, never rows with the value merely printed in. A name the query does
/// not declare (a typo) is refused with the names it takes, exit 2, as is a variable
/// that SPARQL text does not have.
#[test]
fn declared_parameters_narrow_and_unknown_ones_are_refused() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let mut narrowed = 0;
    for q in recapgraph::query::named_queries() {
        let whole = cli.run(&["query", q.name, "-f", "tsv"], 0);
        let header: Vec<String> = whole
            .lines()
            .next()
            .unwrap_or_default()
            .split('\t')
            .map(|c| c.trim_start_matches('?').to_owned())
            .collect();
        let whole = tsv_rows(&whole);
        for (param, _) in &q.params {
            let Some(col) = header.iter().position(|c| c == param) else {
                continue; // not a column (links-changed's `since`)
            };
            // The last row, so that a query answering only its first row would fail.
            let Some(value) = whole
                .iter()
                .rev()
                .map(|r| r[col].clone())
                .find(|v| !v.is_empty())
            else {
                continue; // no rows on data/ (the link-check queries)
            };
            let expected: Vec<&Vec<String>> = whole.iter().filter(|r| r[col] == value).collect();
            let binding = format!("{param}={value}");
            let got = tsv_rows(&cli.run(&["query", q.name, "-f", "tsv", "-p", &binding], 0));
            assert_eq!(
                got.iter().collect::<Vec<_>>(),
                expected,
                "{} --param {binding}",
                q.name
            );
            narrowed += 1;
        }
    }
    assert!(narrowed >= 12, "only {narrowed} parameters were checked");
    let (_, err, code) = cli.output(&["query", "meetings", "-p", "dat=2025-01-19"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no parameter \"dat\"") && err.contains("date, meeting"),
        "{err}"
    );
    let (_, err, code) = cli.output(&["query", "SELECT ?s WHERE { ?s ?p ?o }", "-p", "x=1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no variable ?x") && err.contains("?s"),
        "{err}"
    );
}

fn sst_files(store: &Path) -> usize {
    std::fs::read_dir(store)
        .expect("store dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sst"))
        })
        .count()
}

#[test]
fn compact_merges_the_store_files_and_every_answer_stays() {
    let cli = Cli::new();
    let (_, err, code) = cli.output(&["ingest", "--no-compact", &data()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("compacting"), "{err}");
    let before = sst_files(&cli.store());
    let meetings = cli.run(&["query", "meetings", "--format", "tsv"], 0);
    let stats = cli.run(&["stats", "--format", "json"], 0);

    let (_, err, code) = cli.output(&["compact"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("compacted"), "{err}");
    let after = sst_files(&cli.store());
    assert!(after < before, "{before} files before, {after} after");
    assert_eq!(
        cli.run(&["query", "meetings", "--format", "tsv"], 0),
        meetings
    );
    assert_eq!(cli.run(&["stats", "--format", "json"], 0), stats);

    // An ingest that wrote at least --compact-after-triples compacts by itself.
    let other = Cli::new();
    let (_, err, code) = other.output(&["ingest", "--compact-after-triples", "1", &data()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("(compacting the store: "), "{err}");
    assert!(sst_files(&other.store()) < before);
    assert_eq!(other.run(&["stats", "--format", "json"], 0), stats);
    // One that wrote nothing does not.
    let (_, err, code) = other.output(&["ingest", "--compact-after-triples", "1", &data()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("compacting"), "{err}");

    let (_, err, code) = Cli::new().output(&["compact"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no store at"), "{err}");
}
