//! `recapgraph serve`: checks the update token, opens the store (new with `--watch`),
//! starts the watch rounds, records itself in the store folder for other commands
//! (`cli::hub`), serves until Ctrl-C or SIGTERM, then stops the rounds.

use std::process::ExitCode;

use recapgraph::ingest;
use recapgraph::serve::{ServeConfig, Server};
use recapgraph::store::RecapStore;

use super::watch::Watcher;
use super::{open_store, runtime};
use crate::cli::args::{Cli, ServeArgs};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;
use crate::cli::hub;

/// Holds the store (and its lock) until Ctrl-C or SIGTERM.
pub fn run(cli: &Cli, args: &ServeArgs) -> CommandResult {
    let update_token = update_token(args)?;
    // A bad config stops here, before the store is opened; one broken later is reported
    // by each round, which then writes nothing.
    ingest::FolderConfigs::load(&args.watch, args.config.as_deref())?;
    // With --watch the store may be new: the first round fills it.
    let store = open_store(cli, &Console::local(), args.watch.is_empty())?;
    let watcher = if args.watch.is_empty() {
        None
    } else {
        Some(Watcher::start(&store, args, cli.quiet)?)
    };
    let config = ServeConfig {
        bind: args.bind,
        query_timeout: std::time::Duration::from_secs(args.query_timeout),
        max_result_bytes: args.max_result_bytes,
        update_token,
        access_log: !cli.quiet,
        cors: args.cors,
        admin: hub::admin_for(cli, args)?,
        ..ServeConfig::default()
    };
    let served = runtime()?.block_on(serve(store, config, cli));
    if let Some(watcher) = watcher {
        watcher.stop()?;
    }
    served?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// The token of `--allow-update`, refused when shorter than 16 characters.
fn update_token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if !args.allow_update {
        return Ok(None);
    }
    let t = args.update_token.clone().unwrap_or_default();
    if t.chars().count() < 16 {
        anyhow::bail!(
            "--update-token must be at least 16 characters (e.g. from `openssl rand -hex 16`)"
        );
    }
    Ok(Some(t))
}

async fn serve(store: RecapStore, config: ServeConfig, cli: &Cli) -> anyhow::Result<()> {
    let updates = config.update_token.is_some();
    let admin = config.admin.clone();
    let turns = store.write_turns();
    let server = Server::bind(store, config).await?;
    let addr = server.local_addr()?;
    // Written before the line below, which tells a user (and tests) the server is up.
    let record = hub::record(cli, addr, admin.as_ref())?;
    eprintln!(
        "serving {} at http://{addr}/ (SPARQL endpoint http://{addr}/sparql, {}); Ctrl-C to stop",
        cli.store.display(),
        if updates {
            "updates allowed with the token"
        } else {
            "read-only"
        }
    );
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} — anyone who can reach this address can query the graph",
            addr.ip()
        );
    }
    if record.is_some() && admin.is_none() {
        eprintln!("the admin endpoint is off on a non-loopback address: other recapgraph commands on this store fail until it stops (--admin runs them here)");
    }
    let served = server.run(shutdown_signal()).await;
    drop(record);
    // A write whose client left still runs; the store must not close under it.
    drop(turns.lock().await);
    served?;
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
