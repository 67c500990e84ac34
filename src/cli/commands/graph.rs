//! `recapgraph graph topics|people|bipartite`: builds the graph from the store and writes
//! it (DOT, SVG, GraphML, JSON) or its analysis table (`--stats`) to stdout or a file.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::graph::{self, EntityGraph, EntityNode, GraphError, GraphOptions};
use recapgraph::query;
use recapgraph::store::RecapStore;

use super::open_store;
use crate::cli::args::{Cli, GraphArgs, GraphCommand, GraphFormat};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

/// One of the library's graph builders.
type GraphBuilder = fn(&RecapStore, &GraphOptions) -> Result<EntityGraph, GraphError>;

pub fn run(cli: &Cli, con: &Console, which: &GraphCommand) -> CommandResult {
    let (build, args): (GraphBuilder, &GraphArgs) = match which {
        GraphCommand::Topics(a) => (graph::topic_graph, a),
        GraphCommand::People(a) => (graph::people_graph, a),
        GraphCommand::Bipartite(a) => (graph::bipartite_graph, a),
    };
    for d in [&args.since, &args.until].into_iter().flatten() {
        if recapgraph::recap::parse_date(d).as_deref() != Some(d.as_str()) {
            return Err(anyhow::anyhow!("bad date {d:?}: write YYYY-MM-DD").into());
        }
    }
    let store = open_store(cli, con, true)?;
    let opts = GraphOptions {
        min_weight: args.min_weight,
        since: args.since.clone(),
        until: args.until.clone(),
        top: args.top,
        edges: args.edges,
    };
    let g = build(&store, &opts)?;
    // DOT, GraphML and JSON are written as they are made: a graph of millions
    // of edges would otherwise sit in memory again as text.
    let write = |out: &mut dyn Write| -> anyhow::Result<()> {
        if args.stats {
            out.write_all(graph_stats(&g)?.as_bytes())?;
        } else {
            match args.format {
                GraphFormat::Dot => graph::write_dot(&g, out)?,
                GraphFormat::Svg => out.write_all(graph::to_svg(&g).as_bytes())?,
                GraphFormat::Graphml => graph::write_graphml(&g, out)?,
                GraphFormat::Json => graph::write_json(&g, out)?,
            }
        }
        out.flush()?;
        Ok(())
    };
    match &args.output {
        Some(path) => std::fs::File::create(path)
            .map_err(anyhow::Error::from)
            .and_then(|f| write(&mut std::io::BufWriter::new(f)))
            .with_context(|| format!("cannot write {}", con.shown_path(path)))?,
        None => write(&mut con.out())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The topic graph's analysis as a table and a summary line.
fn graph_stats(g: &EntityGraph) -> std::io::Result<String> {
    let mut nodes: Vec<_> = g.nodes.iter().collect();
    nodes.sort_by(|a, b| {
        b.weighted_degree
            .cmp(&a.weighted_degree)
            .then(b.meetings.cmp(&a.meetings))
    });
    let rows: Vec<Vec<String>> = nodes
        .iter()
        .map(|n| {
            vec![
                n.label.clone(),
                n.meetings.to_string(),
                n.degree.to_string(),
                n.weighted_degree.to_string(),
                format!("{:.3}", n.betweenness),
                n.community.to_string(),
                n.component.to_string(),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "node",
        "meetings",
        "degree",
        "weighted",
        "betweenness",
        "community",
        "component",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut buf = Vec::new();
    query::write_table(&mut buf, &header, &rows)?;
    // Numbered from 0: how many is one more than the largest number.
    let count =
        |number: fn(&EntityNode) -> usize| g.nodes.iter().map(number).max().map_or(0, |c| c + 1);
    let communities = count(|n| n.community);
    let components = count(|n| n.component);
    let co = g.edges.iter().filter(|e| e.kind.from_meetings()).count();
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    text.push_str(&format!(
        "\n{} nodes, {co} edges counted from meetings, {} key-phrase edges, {components} components, {communities} communities\n",
        g.nodes.len(),
        g.edges.len() - co
    ));
    let sources = graph::betweenness_sources(g.nodes.len(), co);
    if sources < g.nodes.len() {
        text.push_str(&format!(
            "betweenness estimated from {sources} of {} nodes (the graph is too large for the exact one; --top or --min-weight make it smaller)\n",
            g.nodes.len()
        ));
    }
    Ok(text)
}
