//! `recapgraph validate`: the store against the bundled SHACL shapes; one line per
//! violation on stdout, exit code 1 when there is any.

use std::io::Write;

use recapgraph::rdf::shapes;

use super::open_store;
use crate::cli::args::Cli;
use crate::cli::exit::{problems_if, CommandResult};

pub fn run(cli: &Cli) -> CommandResult {
    let store = open_store(cli, true)?;
    let checks = shapes::shape_checks(shapes::BUNDLED_SHAPES)?;
    let violations = store.validate(&checks)?;
    let mut out = std::io::stdout().lock();
    for v in &violations {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            v.graph,
            v.focus,
            v.constraint,
            v.value.as_deref().unwrap_or("")
        )?;
    }
    if !cli.quiet {
        eprintln!(
            "{} constraints checked, {} violations",
            checks.len(),
            violations.len()
        );
    }
    Ok(problems_if(!violations.is_empty()))
}
