//! `recapgraph validate`: the store against the bundled SHACL shapes; one line per
//! violation on stdout, exit code 1 when there is any.

use std::io::Write;

use recapgraph::rdf::shapes;

use super::open_store;
use crate::cli::args::Cli;
use crate::cli::console::Console;
use crate::cli::exit::{problems_if, CommandResult};

pub fn run(cli: &Cli, con: &Console) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let checks = shapes::shape_checks(shapes::BUNDLED_SHAPES)?;
    let violations = store.validate(&checks)?;
    let mut out = con.out();
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
    out.flush()?;
    if !cli.quiet {
        con.eprintln(format_args!(
            "{} constraints checked, {} violations",
            checks.len(),
            violations.len()
        ));
    }
    Ok(problems_if(!violations.is_empty()))
}
