//! `recapgraph stats`: the store's counts as a table or JSON on stdout.

use std::io::Write;
use std::process::ExitCode;

use super::open_store;
use crate::cli::args::{Cli, StatsArgs, StatsFormat};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;
use crate::cli::output::write_json;

pub fn run(cli: &Cli, con: &Console, args: &StatsArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let stats = store.stats()?;
    let mut out = con.out();
    match args.format {
        StatsFormat::Json => write_json(&mut out, &stats)?,
        StatsFormat::Table => {
            let rows = [
                ("files", stats.files),
                ("meetings", stats.meetings),
                ("people", stats.people),
                ("places", stats.places),
                ("organizations", stats.organizations),
                ("topics", stats.topics),
                ("agenda items", stats.agenda_items),
                ("documents", stats.documents),
                ("link checks", stats.link_checks),
                ("dead documents", stats.dead_documents),
                ("triples", stats.triples),
            ];
            for (k, v) in rows {
                writeln!(out, "{k:<15} {v:>9}")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
