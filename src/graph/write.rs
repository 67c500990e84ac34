//! A graph as DOT (Graphviz), GraphML (Gephi, yEd, networkx) and node-link JSON
//! (networkx, d3).
//!
//! Invariant: every format carries the analysis as node attributes, and each is written
//! as it is made (`write_*`), never held whole in memory; `to_*` are the same in a
//! string.

use std::io::Write;

use super::{EdgeKind, EntityGraph};

/// Fill colours by community (colour-blind-friendly, repeating).
pub(super) const PALETTE: &[&str] = &[
    "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#BAB0AC", "#86BCB6", "#D37295",
];

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What `write` writes for `g`, as a string (writing to memory cannot fail).
fn in_memory(
    g: &EntityGraph,
    write: fn(&EntityGraph, &mut dyn Write) -> std::io::Result<()>,
) -> String {
    let mut out = Vec::new();
    let _ = write(g, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Graphviz DOT: node size by meetings, edge width by weight, colour by community.
#[must_use]
pub fn to_dot(g: &EntityGraph) -> String {
    in_memory(g, write_dot)
}

/// [`to_dot`], written to `out` as it goes (a graph of millions of edges never sits in
/// memory twice).
///
/// # Errors
/// When `out` fails.
pub fn write_dot(g: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"graph topics {\n  graph [overlap=false, splines=true, outputorder=edgesfirst];\n  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontcolor=\"#1a1a1a\"];\n  edge [color=\"#00000055\"];\n")?;
    let max_meetings = g.nodes.iter().map(|n| n.meetings).max().unwrap_or(1).max(1) as f64;
    for (i, n) in g.nodes.iter().enumerate() {
        let size = 10.0 + 8.0 * (n.meetings as f64 / max_meetings);
        writeln!(
            out,
            "  n{i} [label=\"{}\", id=\"{}\", kind=\"{}\", shape={}, fontsize={size:.1}, fillcolor=\"{}\", meetings={}, first=\"{}\", last=\"{}\", decisions={}, degree={}, weighted_degree={}, betweenness={:.6}, component={}, community={}];",
            dot_escape(&n.label),
            dot_escape(&n.id),
            n.kind,
            if n.kind == "person" { "box" } else { "ellipse" },
            PALETTE[n.community % PALETTE.len()],
            n.meetings,
            n.first,
            n.last,
            n.decisions,
            n.degree,
            n.weighted_degree,
            n.betweenness,
            n.component,
            n.community,
        )?;
    }
    for e in &g.edges {
        let style = match e.kind {
            EdgeKind::CoDiscussed | EdgeKind::CoAttended | EdgeKind::Discussed => format!(
                "penwidth={:.1}, weight={}",
                1.0 + (e.weight as f64).ln_1p() * 2.0,
                e.weight
            ),
            EdgeKind::Related => "style=dashed, color=\"#77aa5599\"".to_owned(),
            EdgeKind::Broader => "style=dotted, color=\"#aa775599\"".to_owned(),
            EdgeKind::SharedDocuments | EdgeKind::SharedPeople => format!(
                "penwidth={:.1}, weight={}, color=\"{}\"",
                1.0 + (e.weight as f64).ln_1p() * 2.0,
                e.weight,
                if e.kind == EdgeKind::SharedDocuments {
                    "#5588aa"
                } else {
                    "#aa55aa"
                }
            ),
        };
        writeln!(
            out,
            "  n{} -- n{} [kind=\"{}\", {style}, shared_people={}, shared_documents={}];",
            e.source,
            e.target,
            e.kind.as_str(),
            e.shared_people,
            e.shared_documents
        )?;
    }
    out.write_all(b"}\n")
}

/// GraphML with typed keys for every node and edge attribute.
#[must_use]
pub fn to_graphml(g: &EntityGraph) -> String {
    in_memory(g, write_graphml)
}

/// [`to_graphml`], written to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write_graphml(g: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    for (id, attr, ty) in [
        ("label", "label", "string"),
        ("iri", "iri", "string"),
        ("kind", "kind", "string"),
        ("meetings", "meetings", "int"),
        ("first", "first", "string"),
        ("last", "last", "string"),
        ("decisions", "decisions", "int"),
        ("degree", "degree", "int"),
        ("weighted_degree", "weighted_degree", "int"),
        ("betweenness", "betweenness", "double"),
        ("component", "component", "int"),
        ("community", "community", "int"),
    ] {
        writeln!(
            out,
            "  <key id=\"{id}\" for=\"node\" attr.name=\"{attr}\" attr.type=\"{ty}\"/>"
        )?;
    }
    for (id, ty) in [
        ("kind", "string"),
        ("weight", "int"),
        ("shared_people", "int"),
        ("shared_documents", "int"),
    ] {
        writeln!(
            out,
            "  <key id=\"e_{id}\" for=\"edge\" attr.name=\"{id}\" attr.type=\"{ty}\"/>"
        )?;
    }
    out.write_all(b"  <graph id=\"topics\" edgedefault=\"undirected\">\n")?;
    for (i, n) in g.nodes.iter().enumerate() {
        writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"label\">{}</data><data key=\"iri\">{}</data><data key=\"kind\">{}</data><data key=\"meetings\">{}</data><data key=\"first\">{}</data><data key=\"last\">{}</data><data key=\"decisions\">{}</data><data key=\"degree\">{}</data><data key=\"weighted_degree\">{}</data><data key=\"betweenness\">{}</data><data key=\"component\">{}</data><data key=\"community\">{}</data></node>",
            xml_escape(&n.label),
            xml_escape(&n.id),
            n.kind,
            n.meetings,
            n.first,
            n.last,
            n.decisions,
            n.degree,
            n.weighted_degree,
            n.betweenness,
            n.component,
            n.community
        )?;
    }
    for (k, e) in g.edges.iter().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"n{}\" target=\"n{}\"><data key=\"e_kind\">{}</data><data key=\"e_weight\">{}</data><data key=\"e_shared_people\">{}</data><data key=\"e_shared_documents\">{}</data></edge>",
            e.source,
            e.target,
            e.kind.as_str(),
            e.weight,
            e.shared_people,
            e.shared_documents
        )?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

/// Node-link JSON as networkx's `node_link_graph` and d3 read it.
#[must_use]
pub fn to_json(g: &EntityGraph) -> String {
    in_memory(g, write_json)
}

// Keys in alphabetical order: the order `serde_json::Value` maps print in, which the
// output had before it was streamed.
#[derive(serde::Serialize)]
struct JsonDoc<'a> {
    directed: bool,
    graph: JsonName,
    links: JsonLinks<'a>,
    multigraph: bool,
    nodes: JsonNodes<'a>,
}

#[derive(serde::Serialize)]
struct JsonName {
    name: &'static str,
}

#[derive(serde::Serialize)]
struct JsonNode<'a> {
    betweenness: f64,
    community: usize,
    component: usize,
    decisions: u64,
    degree: usize,
    first: &'a str,
    id: String,
    iri: &'a str,
    kind: &'a str,
    label: &'a str,
    last: &'a str,
    meetings: u64,
    weighted_degree: u64,
}

#[derive(serde::Serialize)]
struct JsonLink {
    kind: &'static str,
    shared_documents: u64,
    shared_people: u64,
    source: String,
    target: String,
    weight: u64,
}

/// The nodes, each made as it is written.
struct JsonNodes<'a>(&'a EntityGraph);

impl serde::Serialize for JsonNodes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.nodes.iter().enumerate().map(|(i, n)| JsonNode {
            betweenness: n.betweenness,
            community: n.community,
            component: n.component,
            decisions: n.decisions,
            degree: n.degree,
            first: &n.first,
            id: format!("n{i}"),
            iri: &n.id,
            kind: n.kind,
            label: &n.label,
            last: &n.last,
            meetings: n.meetings,
            weighted_degree: n.weighted_degree,
        }))
    }
}

/// The links, each made as it is written.
struct JsonLinks<'a>(&'a EntityGraph);

impl serde::Serialize for JsonLinks<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.edges.iter().map(|e| JsonLink {
            kind: e.kind.as_str(),
            shared_documents: e.shared_documents,
            shared_people: e.shared_people,
            source: format!("n{}", e.source),
            target: format!("n{}", e.target),
            weight: e.weight,
        }))
    }
}

/// [`to_json`], written to `out` as it goes: memory stays the graph's, whatever the
/// output's size.
///
/// # Errors
/// When `out` fails.
pub fn write_json(g: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = JsonDoc {
        directed: false,
        graph: JsonName { name: "recapgraph" },
        links: JsonLinks(g),
        multigraph: true,
        nodes: JsonNodes(g),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
