//! The topic graph as DOT (Graphviz), GraphML (Gephi, yEd, networkx) and node-link JSON
//! (networkx, d3). Every format carries the analysis as node attributes.

use std::fmt::Write as _;

use super::{EdgeKind, TopicGraph};

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

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Graphviz DOT: node size by meetings, edge width by weight, colour by community.
#[must_use]
pub fn to_dot(g: &TopicGraph) -> String {
    let mut out = String::from("graph topics {\n  graph [overlap=false, splines=true, outputorder=edgesfirst];\n  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontcolor=\"#1a1a1a\"];\n  edge [color=\"#00000055\"];\n");
    let max_meetings = g.nodes.iter().map(|n| n.meetings).max().unwrap_or(1).max(1) as f64;
    for (i, n) in g.nodes.iter().enumerate() {
        let size = 10.0 + 8.0 * (n.meetings as f64 / max_meetings);
        let _ = writeln!(
            out,
            "  n{i} [label=\"{}\", id=\"{}\", kind=\"{}\", shape={}, fontsize={size:.1}, fillcolor=\"{}\", meetings={}, first=\"{}\", last=\"{}\", degree={}, weighted_degree={}, betweenness={:.6}, component={}, community={}];",
            dot_escape(&n.label),
            dot_escape(&n.id),
            n.kind,
            if n.kind == "person" { "box" } else { "ellipse" },
            PALETTE[n.community % PALETTE.len()],
            n.meetings,
            n.first,
            n.last,
            n.degree,
            n.weighted_degree,
            n.betweenness,
            n.component,
            n.community,
        );
    }
    for e in &g.edges {
        let style = match e.kind {
            EdgeKind::CoDiscussed | EdgeKind::CoAttended | EdgeKind::Discussed => format!(
                "penwidth={:.1}, weight={}",
                1.0 + (e.weight as f64).ln_1p() * 2.0,
                e.weight
            ),
            EdgeKind::Related => "style=dashed, color=\"#88888899\"".to_owned(),
            EdgeKind::Broader => "style=dotted, color=\"#88888899\"".to_owned(),
        };
        let _ = writeln!(
            out,
            "  n{} -- n{} [kind=\"{}\", {style}, shared_people={}, shared_documents={}];",
            e.source,
            e.target,
            e.kind.as_str(),
            e.shared_people,
            e.shared_documents
        );
    }
    out.push_str("}\n");
    out
}

/// GraphML with typed keys for every node and edge attribute.
#[must_use]
pub fn to_graphml(g: &TopicGraph) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, attr, ty) in [
        ("label", "label", "string"),
        ("iri", "iri", "string"),
        ("kind", "kind", "string"),
        ("meetings", "meetings", "int"),
        ("first", "first", "string"),
        ("last", "last", "string"),
        ("degree", "degree", "int"),
        ("weighted_degree", "weighted_degree", "int"),
        ("betweenness", "betweenness", "double"),
        ("component", "component", "int"),
        ("community", "community", "int"),
    ] {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"node\" attr.name=\"{attr}\" attr.type=\"{ty}\"/>"
        );
    }
    for (id, ty) in [
        ("kind", "string"),
        ("weight", "int"),
        ("shared_people", "int"),
        ("shared_documents", "int"),
    ] {
        let _ = writeln!(
            out,
            "  <key id=\"e_{id}\" for=\"edge\" attr.name=\"{id}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"topics\" edgedefault=\"undirected\">\n");
    for (i, n) in g.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"label\">{}</data><data key=\"iri\">{}</data><data key=\"kind\">{}</data><data key=\"meetings\">{}</data><data key=\"first\">{}</data><data key=\"last\">{}</data><data key=\"degree\">{}</data><data key=\"weighted_degree\">{}</data><data key=\"betweenness\">{}</data><data key=\"component\">{}</data><data key=\"community\">{}</data></node>",
            xml_escape(&n.label),
            xml_escape(&n.id),
            n.kind,
            n.meetings,
            n.first,
            n.last,
            n.degree,
            n.weighted_degree,
            n.betweenness,
            n.component,
            n.community
        );
    }
    for (k, e) in g.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"n{}\" target=\"n{}\"><data key=\"e_kind\">{}</data><data key=\"e_weight\">{}</data><data key=\"e_shared_people\">{}</data><data key=\"e_shared_documents\">{}</data></edge>",
            e.source,
            e.target,
            e.kind.as_str(),
            e.weight,
            e.shared_people,
            e.shared_documents
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Node-link JSON as networkx's `node_link_graph` and d3 read it.
#[must_use]
pub fn to_json(g: &TopicGraph) -> String {
    let nodes: Vec<serde_json::Value> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({
                "id": format!("n{i}"), "iri": n.id, "kind": n.kind, "label": n.label, "meetings": n.meetings,
                "first": n.first, "last": n.last, "degree": n.degree,
                "weighted_degree": n.weighted_degree, "betweenness": n.betweenness,
                "component": n.component, "community": n.community,
            })
        })
        .collect();
    let links: Vec<serde_json::Value> = g
        .edges
        .iter()
        .map(|e| {
            serde_json::json!({
                "source": format!("n{}", e.source), "target": format!("n{}", e.target),
                "kind": e.kind.as_str(), "weight": e.weight,
                "shared_people": e.shared_people, "shared_documents": e.shared_documents,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "directed": false, "multigraph": true, "graph": {"name": "recapgraph"},
        "nodes": nodes, "links": links,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
