//! `recapgraph compact`: compacts the store's files now, and says how long it took.

use std::process::ExitCode;

use anyhow::Context;

use super::open_store;
use crate::cli::args::Cli;
use crate::cli::exit::CommandResult;

pub fn run(cli: &Cli) -> CommandResult {
    let store = open_store(cli, true)?;
    let start = std::time::Instant::now();
    store.compact().context("cannot compact the store")?;
    if !cli.quiet {
        if cli.memory {
            eprintln!("nothing to compact: the store is in memory");
        } else {
            eprintln!(
                "compacted {} in {:.2}s",
                cli.store.display(),
                start.elapsed().as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
