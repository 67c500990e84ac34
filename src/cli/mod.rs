//! The `recapgraph` command line (part of the binary, not of the library): `run` hands
//! the parsed subcommand to its module in `commands/`. The clap types are in `args`,
//! exit codes and the error that carries one in `exit`, progress and printing in
//! `output`.

mod args;
mod commands;
mod exit;
mod output;

pub use args::Cli;
pub use exit::CommandResult;

use args::{Command, LinksCommand};

/// Runs the subcommand `cli` names.
pub fn run(cli: &Cli) -> CommandResult {
    match &cli.command {
        Command::Ingest(args) => commands::ingest::run(cli, args),
        Command::Query(args) => commands::query::run(cli, args),
        Command::Stats(args) => commands::stats::run(cli, args),
        Command::Explain(args) => commands::explain::run(cli, args),
        Command::Compact => commands::compact::run(cli),
        Command::Validate => commands::validate::run(cli),
        Command::Serve(args) => commands::serve::run(cli, args),
        Command::Push(args) => commands::push::run(cli, args),
        Command::Graph { which } => commands::graph::run(cli, which),
        Command::Links { which } => match which {
            LinksCommand::Check(args) => commands::links::check(cli, args),
            LinksCommand::Report(args) => commands::links::report(cli, args),
            LinksCommand::Fix(args) => commands::links::fix(cli, args),
        },
        Command::Decisions(args) => commands::outcomes::decisions(cli, args),
        Command::Actions(args) => commands::outcomes::actions(cli, args),
        Command::Topic(args) => commands::topics::timeline(cli, args),
        Command::Topics { which } => commands::topics::run(cli, which),
        Command::Export(args) => commands::export::run(cli, args),
    }
}
