//! `recapgraph compact`: compacts the store's files now, and says how long it took.

use std::process::ExitCode;

use anyhow::Context;

use super::open_store;
use crate::cli::args::Cli;
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

pub fn run(cli: &Cli, con: &Console) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let start = std::time::Instant::now();
    store.compact().context("cannot compact the store")?;
    if !cli.quiet {
        if cli.memory {
            con.eprintln("nothing to compact: the store is in memory");
        } else {
            con.eprintln(format_args!(
                "compacted {} in {:.2}s",
                con.shown_path(&cli.store),
                start.elapsed().as_secs_f64()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
