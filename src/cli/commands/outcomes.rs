//! `recapgraph decisions` and `recapgraph actions`: the reports of `recapgraph::outcomes`
//! on stdout, a hint on stderr when there is nothing to show.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::outcomes::{self, Format};

use super::open_store;
use crate::cli::args::{ActionsArgs, Cli, DecisionsArgs, ReportFormatArg};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

fn format(arg: ReportFormatArg) -> Format {
    match arg {
        ReportFormatArg::Table => Format::Table,
        ReportFormatArg::Json => Format::Json,
        ReportFormatArg::Markdown => Format::Markdown,
    }
}

fn print(
    cli: &Cli,
    con: &Console,
    groups: &[outcomes::MeetingEntries],
    arg: ReportFormatArg,
    title: &str,
    empty: &str,
) -> CommandResult {
    let mut out = con.out();
    outcomes::write(groups, format(arg), title, &mut out)?;
    out.flush()?;
    if groups.is_empty() && !cli.quiet {
        con.eprintln(empty);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn decisions(cli: &Cli, con: &Console, args: &DecisionsArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let groups = outcomes::decisions(&store, args.topic.as_deref(), args.since.as_deref())
        .context("cannot list the decisions")?;
    print(
        cli,
        con,
        &groups,
        args.format,
        "Decisions",
        "no decision found (recaps record them under Conclusion, Resolution, Decision or Consensus labels)",
    )
}

pub fn actions(cli: &Cli, con: &Console, args: &ActionsArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let groups = outcomes::actions(&store, args.open, args.person.as_deref())
        .context("cannot list the action items")?;
    let title = if args.open { "Open actions" } else { "Actions" };
    print(
        cli,
        con,
        &groups,
        args.format,
        title,
        "no action item found (recaps record them under Action items, ACTION:, TODO or tick boxes)",
    )
}
