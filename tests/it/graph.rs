//! Topic graphs: exact weights on a fixture, topic merging, and files that Graphviz and
//! networkx read.

use std::path::{Path, PathBuf};
use std::process::Command;

use recapgraph::graph::{topic_graph, EdgeKind, EntityGraph, GraphOptions, TopicEdges};
use recapgraph::ingest::{ingest, prepare_vocabulary, IngestOptions};
use recapgraph::rdf::IriScheme;
use recapgraph::store::RecapStore;

use crate::support::Cli;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graph")
}

/// The fixture recaps ingested into an in-memory store.
fn fixture_store() -> RecapStore {
    let store = RecapStore::memory(IriScheme::default()).expect("store");
    let vocab = prepare_vocabulary(&store, &[]).expect("vocabulary");
    let report = ingest(
        &store,
        &vocab,
        &[fixture()],
        &IngestOptions::default(),
        &mut |_| {},
    )
    .expect("ingest");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    store
}

/// Co-discussion edges only: what these tests weigh.
fn meetings() -> GraphOptions {
    GraphOptions {
        edges: TopicEdges::parse("meeting").expect("edge kinds"),
        ..GraphOptions::default()
    }
}

fn build(opts: &GraphOptions) -> EntityGraph {
    topic_graph(&fixture_store(), opts).expect("graph")
}

fn edge(g: &EntityGraph, a: &str, b: &str) -> Option<(u64, u64, u64)> {
    let ia = g.nodes.iter().position(|n| n.label == a)?;
    let ib = g.nodes.iter().position(|n| n.label == b)?;
    g.edges
        .iter()
        .find(|e| {
            e.kind == EdgeKind::CoDiscussed
                && ((e.source, e.target) == (ia, ib) || (e.source, e.target) == (ib, ia))
        })
        .map(|e| (e.weight, e.shared_people, e.shared_documents))
}

#[test]
fn exact_weights_and_merged_topics() {
    let g = build(&meetings());
    let nodes: Vec<(&str, u64)> = g
        .nodes
        .iter()
        .map(|n| (n.label.as_str(), n.meetings))
        .collect();
    // "Budget planning" and "Hiring plan" merge with the later "Budget Planning." and
    // "Hiring plans", and go by those latest titles; "Next meeting" is procedural.
    assert_eq!(
        nodes,
        [
            ("Budget Planning", 2),
            ("Hiring plans", 2),
            ("Office move", 2),
            ("Team retreat", 1)
        ]
    );
    // (meetings together, shared attendees, shared documents)
    assert_eq!(edge(&g, "Budget Planning", "Hiring plans"), Some((2, 3, 0)));
    assert_eq!(edge(&g, "Budget Planning", "Office move"), Some((1, 2, 1)));
    assert_eq!(edge(&g, "Hiring plans", "Office move"), Some((1, 2, 0)));
    assert_eq!(edge(&g, "Office move", "Team retreat"), Some((1, 1, 0)));
    assert_eq!(edge(&g, "Budget Planning", "Team retreat"), None);
    let office = &g.nodes[2];
    assert_eq!((office.degree, office.weighted_degree), (3, 3));
    assert_eq!(
        (office.first.as_str(), office.last.as_str()),
        ("2024-02-01", "2024-03-01")
    );
    // Office move is the only bridge to Team retreat.
    assert!(office.betweenness > 0.0);
    assert!(g.nodes.iter().all(|n| n.component == 0));
}

#[test]
fn date_range_min_weight_and_top() {
    let g = build(&GraphOptions {
        since: Some("2024-02-01".into()),
        ..meetings()
    });
    // Within the range, the topics go by the labels they had there.
    assert_eq!(
        edge(&g, "Budget Planning", "Hiring plans").map(|e| e.0),
        Some(1)
    );
    let g = build(&GraphOptions {
        min_weight: 2,
        ..meetings()
    });
    assert_eq!(
        g.edges
            .iter()
            .filter(|e| e.kind == EdgeKind::CoDiscussed)
            .count(),
        1
    );
    let g = build(&GraphOptions {
        top: Some(2),
        ..meetings()
    });
    assert_eq!(g.nodes.len(), 2);
}

fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn graphviz_and_networkx_read_our_files() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let out = |name: &str| {
        cli.dir
            .path()
            .join(name)
            .to_str()
            .expect("utf-8")
            .to_owned()
    };
    cli.run(&["graph", "topics", "-f", "dot", "-o", &out("t.dot")], 0);
    cli.run(
        &["graph", "topics", "-f", "graphml", "-o", &out("t.graphml")],
        0,
    );
    cli.run(&["graph", "topics", "-f", "json", "-o", &out("t.json")], 0);
    cli.run(&["graph", "topics", "-f", "svg", "-o", &out("t.svg")], 0);
    let stats = cli.run(&["graph", "topics", "--stats"], 0);
    let summary = stats.lines().last().expect("summary").to_owned();
    let topics: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("count");

    let svg = Command::new("dot")
        .args(["-Tsvg", &out("t.dot")])
        .output()
        .expect("Graphviz dot (scripts/setup.sh installs graphviz)");
    assert!(
        svg.status.success(),
        "dot rejected our DOT: {}",
        String::from_utf8_lossy(&svg.stderr)
    );
    assert!(String::from_utf8_lossy(&svg.stdout).contains("<svg"));

    let script = r#"
import json, sys, networkx as nx
g1 = nx.read_graphml(sys.argv[1])
with open(sys.argv[2]) as f:
    g2 = nx.node_link_graph(json.load(f), edges="links")
for g in (g1, g2):
    for _, d in g.nodes(data=True):
        assert {"label", "meetings", "degree", "betweenness", "community", "component"} <= set(d), d
    for _, _, d in g.edges(data=True):
        assert {"kind", "weight", "shared_people", "shared_documents"} <= set(d), d
print(g1.number_of_nodes(), g1.number_of_edges(), g2.number_of_nodes(), g2.number_of_edges())
"#;
    let counts = python(script, &[&out("t.graphml"), &out("t.json")]);
    // The SVG is well-formed XML with one labelled node group per topic.
    let svg_nodes = python(
        r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
groups = [g for g in root.iter(ns + "g") if g.get("class") == "node"]
assert all(g.find(ns + "text") is not None and g.find(ns + "text").text for g in groups)
print(len(groups))
"#,
        &[&out("t.svg")],
    );
    let n: Vec<usize> = counts
        .split(' ')
        .map(|x| x.parse().expect("number"))
        .collect();
    assert_eq!(n[0], topics);
    assert_eq!(svg_nodes.parse::<usize>().expect("count"), topics);
    assert_eq!(n[2], topics);
    assert_eq!(n[1], n[3], "GraphML and JSON have the same edges");
    assert!(n[1] > 0);
}

#[test]
fn people_and_bipartite_graphs() {
    let store = fixture_store();
    let opts = GraphOptions::default();

    let people = recapgraph::graph::people_graph(&store, &opts).expect("people");
    let names: Vec<(&str, u64)> = people
        .nodes
        .iter()
        .map(|n| (n.label.as_str(), n.meetings))
        .collect();
    assert_eq!(
        names,
        [
            ("Ann Arbor", 2),
            ("Bob Banks", 1),
            ("Cy Cole", 1),
            ("Dee Dale", 1)
        ]
    );
    assert!(people.nodes.iter().all(|n| n.kind == "person"));
    let pairs: Vec<(usize, usize, u64)> = people
        .edges
        .iter()
        .map(|e| (e.source, e.target, e.weight))
        .collect();
    assert_eq!(pairs, [(0, 1, 1), (0, 2, 1)]);
    assert_eq!(
        people.nodes[3].component, 1,
        "Dee met no one: a component of her own"
    );

    let bi = recapgraph::graph::bipartite_graph(&store, &opts).expect("bipartite");
    let label = |i: usize| bi.nodes[i].label.as_str();
    let mut edges: Vec<(&str, &str, u64)> = bi
        .edges
        .iter()
        .map(|e| (label(e.source), label(e.target), e.weight))
        .collect();
    edges.sort_unstable();
    assert_eq!(edges.len(), 10, "{edges:?}");
    assert!(edges.contains(&("Ann Arbor", "Budget Planning", 2)));
    assert!(edges.contains(&("Ann Arbor", "Office move", 1)));
    assert!(edges.contains(&("Dee Dale", "Team retreat", 1)));
    assert!(!edges
        .iter()
        .any(|(p, t, _)| *p == "Bob Banks" && *t == "Office move"));
    assert!(bi
        .edges
        .iter()
        .all(|e| bi.nodes[e.source].kind == "person" && bi.nodes[e.target].kind == "topic"));
}
