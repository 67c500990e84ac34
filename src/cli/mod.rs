//! The `recapgraph` command line (part of the binary, not of the library): `run` hands
//! the parsed subcommand to its module in `commands/`, or to the `serve` holding the
//! store (`hub`). The clap types are in `args`, exit codes and the error that carries
//! one in `exit`, where a command prints (its own process, or inside `serve` for a
//! client) in `console`, progress and JSON in `output`.

mod args;
mod commands;
mod console;
mod exit;
mod hub;
mod output;

use std::process::ExitCode;

pub use args::Cli;
use exit::CommandResult;

use args::{Command, LinksCommand};
use console::Console;

/// Runs the subcommand `cli` names: through the live `serve` holding its store when
/// there is one, else in this process. Returns the exit code; an error is printed.
pub fn run(cli: &Cli) -> ExitCode {
    let console = Console::local();
    match hub::through_server(cli) {
        Ok(Some(code)) => code,
        Ok(None) => {
            let result = dispatch(cli, &console);
            match result {
                // A `serve` that had just opened the store, before it recorded itself:
                // nothing ran (the store was not open), so run it there.
                Err(fatal) if fatal.is_store_locked() => match hub::wait_for_server(cli) {
                    Ok(Some(code)) => code,
                    _ => exit::finish(Err(fatal), &console),
                },
                result => exit::finish(result, &console),
            }
        }
        Err(fatal) => exit::finish(Err(fatal), &console),
    }
}

/// Runs the subcommand where `console` says (this process, or inside `serve`) and
/// prints its error, if any: the same code either way.
fn run_in(cli: &Cli, console: &Console) -> ExitCode {
    exit::finish(dispatch(cli, console), console)
}

fn dispatch(cli: &Cli, con: &Console) -> CommandResult {
    match &cli.command {
        Command::Ingest(args) => commands::ingest::run(cli, con, args),
        Command::Query(args) => commands::query::run(cli, con, args),
        Command::Stats(args) => commands::stats::run(cli, con, args),
        Command::Explain(args) => commands::explain::run(cli, con, args),
        Command::Compact => commands::compact::run(cli, con),
        Command::Validate => commands::validate::run(cli, con),
        Command::Serve(args) => commands::serve::run(cli, args),
        Command::Push(args) => commands::push::run(cli, con, args),
        Command::Graph { which } => commands::graph::run(cli, con, which),
        Command::Links { which } => match which {
            LinksCommand::Check(args) => commands::links::check(cli, con, args),
            LinksCommand::Report(args) => commands::links::report(cli, con, args),
            LinksCommand::Fix(args) => commands::links::fix(cli, con, args),
        },
        Command::Decisions(args) => commands::outcomes::decisions(cli, con, args),
        Command::Actions(args) => commands::outcomes::actions(cli, con, args),
        Command::Topic(args) => commands::topics::timeline(cli, con, args),
        Command::Topics { which } => commands::topics::run(cli, con, which),
        Command::Export(args) => commands::export::run(cli, con, args),
    }
}
