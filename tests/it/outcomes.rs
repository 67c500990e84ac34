//! Decisions and action items end to end: extraction read back through `explain`, the
//! RDF in a real on-disk store, the follow-up graph of a series (data/'s Riverbend
//! recaps: an action carried over twice and then done), and the `decisions` and
//! `actions` reports in each format.

use std::path::PathBuf;

use crate::support::{tsv_rows, Cli};

fn fixture() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outcomes/2025-03-11-harbour-board.md")
        .display()
        .to_string()
}

fn data() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data").to_owned()
}

#[test]
fn explain_reads_decisions_actions_owners_and_an_empty_conclusion() {
    let cli = Cli::new();
    let out = cli.run(&["explain", &fixture()], 0);
    for want in [
        "decisions (3):",
        "(item 1): hold the sale on the first Saturday of May, in the courtyard if dry.",
        "(item 3): The newsletter moves to a quarterly schedule.",
        "(item 3): Carmen edits the spring issue.",
        "actions (6):",
        // Labelled ("Action:", "ACTION:"); a handle and a first name resolve to the
        // attendees; a due date is read.
        "@annl to ask the council for the courtyard permit by 2025-04-01  (owners annl = Annika Lee, open, due 2025-04-01)",
        "Bohdan to recruit six volunteers for the till  (owners Bohdan = Bohdan Ek, open)",
        // A table under a decisions label with an Owner column.
        "Draft the spring newsletter (due 2025-04-15)  (owners Carmen = Carmen Wong, open, due 2025-04-15)",
        "Collect member photos  (owners Dev Patel, open)",
        // Tick boxes: done or open; a trailing handle is the owner; no owner named.
        "Update the membership form (@cwong)  (owners cwong = Carmen Wong, done)",
        "Check the insurance for the courtyard  (open)",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // "No conclusion; …" records no decision; a bullet without a label is no action, and
    // the paragraph after a label's list is not its content.
    assert!(!out.contains("No conclusion"), "{out}");
    assert!(!out.contains("till rota"), "{out}");
    assert!(!out.contains("shared out the work"), "{out}");
    assert!(!out.contains("(item 2):"), "{out}");
}

#[test]
fn decisions_and_actions_are_stored_queried_and_reported() {
    let cli = Cli::new();
    cli.run(&["ingest", &fixture()], 0);
    cli.run(&["validate"], 0);
    let rows = tsv_rows(&cli.run(&["query", "person-actions", "-f", "tsv"], 0));
    let owned: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert!(
        owned.contains(&(
            "\"Annika Lee\"",
            "\"@annl to ask the council for the courtyard permit by 2025-04-01\""
        )),
        "{owned:?}"
    );
    let json = cli.run(&["decisions", "--format", "json"], 0);
    let groups: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(groups[0]["date"], "2025-03-11");
    assert_eq!(groups[0]["entries"].as_array().map(Vec::len), Some(3));
    assert_eq!(groups[0]["entries"][0]["topic"], "Spring book sale");
    let md = cli.run(&["actions", "--open", "--format", "markdown"], 0);
    assert!(md.starts_with("# Open actions\n"), "{md}");
    assert!(
        md.contains("| open | Bohdan to recruit six volunteers for the till |"),
        "{md}"
    );
    assert!(!md.contains("Update the membership form"), "done: {md}");
}

#[test]
fn an_action_carried_over_twice_then_done_is_not_open() {
    let cli = Cli::new();
    cli.run(&["ingest", &data()], 0);
    let open = cli.run(&["actions", "--open"], 0);
    assert!(
        open.contains("[open] Ravi to book the library's second room"),
        "{open}"
    );
    assert!(
        open.contains("[open] @fhaddad to post the call for speakers"),
        "{open}"
    );
    // Done in 2024-07-02's review: neither the blog post (carried twice) nor the amend.
    assert!(!open.contains("cancellation examples"), "{open}");
    assert!(!open.contains("amend the enforcement process"), "{open}");
    // Fatima's action is followed up in three later meetings and completed in the last.
    let q = "PREFIX rg: <https://w3id.org/recapgraph/ns#> PREFIX schema: <http://schema.org/> \
             SELECT ?date (COUNT(?later) AS ?n) WHERE { ?a schema:description ?t ; \
             rg:completedIn/schema:startDate ?date ; rg:followedUpIn ?later \
             FILTER(STRSTARTS(?t, \"Fatima\")) } GROUP BY ?date";
    let rows = tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0][0].starts_with("\"2024-07-02\""), "{rows:?}");
    assert_eq!(rows[0][1], "3");
    // Ravi's room booking was carried once (reviewed, still open, on 2024-07-02).
    let carried = cli.run(&["query", "actions-carried-over", "-f", "tsv"], 0);
    assert!(
        carried.contains("Ravi to book the library's second room"),
        "{carried}"
    );
    // Filters: a person by first name, decisions since a date and by topic.
    let ravi = cli.run(&["actions", "--person", "ravi"], 0);
    assert!(ravi.contains("Ravi Subramanian"), "{ravi}");
    assert!(!ravi.contains("Priya"), "{ravi}");
    let since = cli.run(&["decisions", "--since", "2024-06-01"], 0);
    assert!(since.contains("beginners' track as a pilot"), "{since}");
    assert!(!since.contains("non-blocking check"), "{since}");
    // The topic graph carries each topic's decision count.
    let graph: serde_json::Value =
        serde_json::from_str(&cli.run(&["graph", "topics", "--format", "json"], 0)).expect("json");
    let decisions = |label: &str| {
        graph["nodes"]
            .as_array()
            .and_then(|ns| ns.iter().find(|n| n["label"] == label))
            .map(|n| n["decisions"].clone())
    };
    assert_eq!(
        decisions("Beginners' track format"),
        Some(serde_json::json!(1)),
        "{graph}"
    );
    assert_eq!(
        decisions("Autumn schedule"),
        Some(serde_json::json!(1)),
        "{graph}"
    );
    let (_, err, code) = cli.output(&["decisions", "--since", "June"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}
