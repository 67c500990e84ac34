//! Topics across meetings, end to end on a real on-disk store: one subject under renamed
//! titles is one topic (labelled by its most recent title, the others alternatives); two
//! issues with the same title are two topics; headings that only group or point at items
//! are no topics; key phrases give broader and related topics; `recapgraph topic NAME`,
//! `topics suggest` and `graph topics --edges` read it back.

use std::path::PathBuf;

use crate::support::{tsv_rows, Cli};

fn lighthouse() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/topics/lighthouse")
        .display()
        .to_string()
}

fn ingested() -> Cli {
    let cli = Cli::new();
    cli.run(&["ingest", &lighthouse()], 0);
    cli
}

const ISSUE_101: &str =
    "https://recapgraph.example/topic/github-com-lighthouse-wg-beacon-issues-101";

fn select(cli: &Cli, sparql: &str) -> Vec<Vec<String>> {
    let q = format!(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rg: <https://w3id.org/recapgraph/ns#> PREFIX schema: <http://schema.org/> {sparql}"
    );
    tsv_rows(&cli.run(&["query", "--format", "tsv", &q], 0))
}

#[test]
fn a_renamed_issue_is_one_topic_labelled_by_its_latest_title() {
    let cli = ingested();
    let rows = select(
        &cli,
        &format!(
            "SELECT DISTINCT ?l ?s WHERE {{ <{ISSUE_101}> skos:prefLabel ?l ; rg:subject ?s }}"
        ),
    );
    assert_eq!(
        rows,
        vec![vec![
            "\"Nightly build on the new runners\"".to_owned(),
            "<https://github.com/lighthouse-wg/beacon/issues/101>".to_owned()
        ]]
    );
    let alts = select(
        &cli,
        &format!("SELECT ?l WHERE {{ <{ISSUE_101}> skos:altLabel ?l }} ORDER BY ?l"),
    );
    assert_eq!(
        alts,
        vec![
            vec!["\"Move the nightly build to the new runners\"".to_owned()],
            vec!["\"Move the nightly build to the new runners or something like it\"".to_owned()],
        ]
    );
    // Three meetings, one topic, one preferred label in the whole store.
    let by_meetings = tsv_rows(&cli.run(
        &[
            "query",
            "topics-by-meetings",
            "--format",
            "tsv",
            "--param",
            &format!("topic=<{ISSUE_101}>"),
        ],
        0,
    ));
    assert_eq!(by_meetings.len(), 1, "{by_meetings:?}");
    assert_eq!(by_meetings[0][1], "3");
    let labels = select(
        &cli,
        "SELECT ?t (COUNT(?l) AS ?n) WHERE { ?t a skos:Concept ; skos:prefLabel ?l } GROUP BY ?t HAVING (COUNT(?l) > 1)",
    );
    assert!(
        labels.is_empty(),
        "topics with two preferred labels: {labels:?}"
    );
}

#[test]
fn two_issues_with_the_same_title_stay_two_topics() {
    let cli = ingested();
    let rows = select(
        &cli,
        "SELECT DISTINCT ?t ?s WHERE { ?t skos:prefLabel \"Flaky test in the lens parser\" ; rg:subject ?s } ORDER BY ?s",
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0][1].ends_with("/issues/7>"), "{rows:?}");
    assert!(rows[1][1].ends_with("/issues/8>"), "{rows:?}");
}

#[test]
fn grouping_and_pointer_headings_are_no_topics() {
    let cli = ingested();
    let labels: Vec<String> = select(
        &cli,
        "SELECT ?l WHERE { ?t a skos:Concept ; skos:prefLabel ?l }",
    )
    .into_iter()
    .map(|r| r[0].trim_matches('"').to_lowercase())
    .collect();
    for container in ["relevant issue", "beta nominations", "tracked issues"] {
        assert!(
            !labels.iter().any(|l| l == container),
            "{container:?} became a topic: {labels:?}"
        );
    }
    // The item under the grouping heading is still a topic of its own.
    assert!(
        labels.iter().any(|l| l == "lamp colour setting"),
        "{labels:?}"
    );
}

#[test]
fn key_phrases_give_broader_and_related_topics() {
    let cli = ingested();
    let broader = select(
        &cli,
        "SELECT ?n ?b WHERE { ?x skos:broader ?y . ?x skos:prefLabel ?n . ?y skos:prefLabel ?b } ORDER BY ?n",
    );
    let pairs: Vec<(String, String)> = broader
        .iter()
        .map(|r| {
            (
                r[0].trim_matches('"').to_owned(),
                r[1].trim_matches('"').to_owned(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("Observability with tracing".into(), "Observability".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(
            "Observability metadata conventions".into(),
            "Observability".into()
        )),
        "{pairs:?}"
    );
    let related = select(
        &cli,
        "SELECT ?b WHERE { ?x skos:prefLabel \"Observability with tracing\" ; skos:related ?y . ?y skos:prefLabel ?b }",
    );
    assert!(
        related
            .iter()
            .any(|r| r[0] == "\"Observability metadata conventions\""),
        "{related:?}"
    );
    // Unrelated subjects are not linked.
    let budget = select(
        &cli,
        "SELECT ?y WHERE { ?x skos:prefLabel \"Budget\" . { ?x skos:related ?y } UNION { ?x skos:broader ?y } UNION { ?y skos:broader ?x } }",
    );
    assert!(budget.is_empty(), "{budget:?}");
}

#[test]
fn topic_names_its_timeline_in_date_order() {
    let cli = ingested();
    let out = cli.run(&["topic", "move the nightly build to the new runners"], 0);
    let expect = [
        "Nightly build on the new runners  <",
        "also titled: \"Move the nightly build to the new runners\", \"Move the nightly build to the new runners or something like it\"",
        "subject: https://github.com/lighthouse-wg/beacon/issues/101",
        "3 meetings, 2024-01-09 to 2024-03-12",
        "2024-01-09  Lighthouse working group, 2024-01-09",
        "as: Move the nightly build to the new runners or something like it",
        "decided: switch every nightly job to the new runners from next week.",
    ];
    for want in expect {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    let first = out.find("2024-01-09  ").expect("first meeting");
    let last = out.find("2024-03-12  ").expect("last meeting");
    assert!(first < last, "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&cli.run(&["topic", "Observability", "--format", "json"], 0))
            .expect("json");
    assert_eq!(json["label"], "Observability");
    assert_eq!(json["narrower"].as_array().map(Vec::len), Some(2), "{json}");
    // Unknown: exit 1 with a hint.
    let (_, err, code) = cli.output(&["topic", "observ"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no topic is called \"observ\"; did you mean"),
        "{err}"
    );
}

#[test]
fn suggest_drafts_a_vocabulary_that_ingest_reads_back() {
    let cli = ingested();
    let out = cli.run(&["topics", "suggest"], 0);
    // The two flaky-test issues share their key words: one suggested concept.
    assert!(out.contains("2 topics share the key words"), "{out}");
    assert!(
        out.contains("skos:prefLabel \"Flaky test in the lens parser\""),
        "{out}"
    );
    let vocab = cli.write("draft.ttl", out.as_bytes());
    cli.run(
        &[
            "ingest",
            "--force",
            "--vocabulary",
            &vocab.display().to_string(),
            &lighthouse(),
        ],
        0,
    );
    let rows = select(
        &cli,
        "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a rg:AgendaItem ; schema:about ?t . ?t skos:prefLabel \"Flaky test in the lens parser\" }",
    );
    assert_eq!(rows, vec![vec!["2".to_owned()]]);
}

#[test]
fn graph_edges_are_chosen_by_kind() {
    let cli = ingested();
    let json = |edges: &str| -> serde_json::Value {
        serde_json::from_str(&cli.run(
            &["graph", "topics", "--format", "json", "--edges", edges],
            0,
        ))
        .expect("json")
    };
    let kinds = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v["links"]
            .as_array()
            .or_else(|| v["edges"].as_array())
            .expect("edges")
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let default = kinds(
        &serde_json::from_str(&cli.run(&["graph", "topics", "--format", "json"], 0)).expect("json"),
    );
    assert!(
        default.contains("broader") && default.contains("shared-documents"),
        "{default:?}"
    );
    assert!(!default.contains("co-discussed"), "{default:?}");
    assert_eq!(
        kinds(&json("meeting")),
        ["co-discussed".to_owned()].into_iter().collect()
    );
    let (_, err, code) = cli.output(&["graph", "topics", "--edges", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown edge kind \"nope\""), "{err}");
}

#[test]
fn an_in_memory_ingest_of_several_batches_and_series_finishes() {
    // In memory the bulk loader holds the store's one writer until it commits; a later
    // batch that marks a new series pending used to wait for it forever.
    let cli = Cli::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut cmd = cli.cmd(&[
        "--memory",
        "ingest",
        "--batch-size",
        "1",
        data,
        &lighthouse(),
    ]);
    cmd.timeout(std::time::Duration::from_secs(120));
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ingested 12 of 12 files"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
