//! `recapgraph export`: the store, or one named graph, as RDF to stdout or a file.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};

use super::open_store;
use crate::cli::args::{Cli, ExportArgs, ExportFormat};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

pub fn run(cli: &Cli, con: &Console, args: &ExportArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let rdf = match args.format {
        ExportFormat::Nquads => RdfFormat::NQuads,
        ExportFormat::Trig => RdfFormat::TriG,
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::Ntriples => RdfFormat::NTriples,
        ExportFormat::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        ExportFormat::Rdfxml => RdfFormat::RdfXml,
    };
    let graph = args
        .graph
        .as_deref()
        .map(oxigraph::model::NamedNode::new)
        .transpose()
        .context("--graph must be an absolute IRI")?;
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", con.shown_path(path)))?;
            store
                .dump(rdf, graph.as_ref(), BufWriter::new(file))
                .with_context(|| format!("cannot write {}", con.shown_path(path)))?
                .flush()?;
        }
        None => store.dump(rdf, graph.as_ref(), con.out())?.flush()?,
    }
    Ok(ExitCode::SUCCESS)
}
