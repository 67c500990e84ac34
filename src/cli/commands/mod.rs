//! One module per subcommand (or family: `links`, `graph`), each with the `run` that
//! `cli::run` hands it to; and what several of them share: opening the store the global
//! options name, and the async runtime of `serve` and `push`.

pub mod compact;
pub mod explain;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod links;
pub mod outcomes;
pub mod push;
pub mod query;
pub mod serve;
pub mod stats;
pub mod topics;
pub mod validate;
mod watch;

use anyhow::Context;
use recapgraph::store::RecapStore;

use super::args::Cli;
use super::console::Console;

/// The store of `--store` (or `--memory`) with the IRIs of `--base`; `must_exist` for
/// the commands that only read it. Inside `serve`, the store it holds.
fn open_store(cli: &Cli, console: &Console, must_exist: bool) -> anyhow::Result<RecapStore> {
    let iris = recapgraph::ingest::iri_scheme(cli.base.as_deref())?;
    if let Some(served) = console.served_store() {
        return Ok(served.with_iris(iris));
    }
    if cli.memory {
        return Ok(RecapStore::memory(iris)?);
    }
    let store = if must_exist {
        RecapStore::open_existing(&cli.store, iris)?
    } else {
        RecapStore::open(&cli.store, iris)?
    };
    Ok(store)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
