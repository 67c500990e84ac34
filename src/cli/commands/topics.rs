//! `recapgraph topic NAME` (a topic's timeline, `recapgraph::timeline`) and `recapgraph
//! topics suggest` (a SKOS vocabulary draft, `recapgraph::topics::suggest`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::timeline::{self, Format, TimelineError};

use super::open_store;
use crate::cli::args::{Cli, ReportFormatArg, SuggestArgs, TopicArgs, TopicsCommand};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

/// Exit code 1 and the reason when no topic goes by the name (like `grep` finding
/// nothing); 2 when the store cannot be read.
pub fn timeline(cli: &Cli, con: &Console, args: &TopicArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let t = match timeline::timeline(&store, &args.name) {
        Ok(t) => t,
        Err(e @ TimelineError::NotFound { .. }) => {
            con.eprintln(format!("recapgraph: {e}"));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            return Err(anyhow::Error::from(e)
                .context("cannot read the topic")
                .into())
        }
    };
    let format = match args.format {
        ReportFormatArg::Table => Format::Table,
        ReportFormatArg::Json => Format::Json,
        ReportFormatArg::Markdown => Format::Markdown,
    };
    let mut out = con.out();
    timeline::write(&t, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(cli: &Cli, con: &Console, which: &TopicsCommand) -> CommandResult {
    match which {
        TopicsCommand::Suggest(args) => suggest(cli, con, args),
    }
}

fn suggest(cli: &Cli, con: &Console, args: &SuggestArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let uses = store.topic_uses().context("cannot read the topics")?;
    let derived = recapgraph::topics::derive(&uses);
    let suggestions = recapgraph::topics::suggest(&derived.topics);
    let ttl = recapgraph::topics::to_turtle(&suggestions);
    match &args.output {
        Some(path) => {
            std::fs::write(path, ttl).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let mut out = con.out();
            out.write_all(ttl.as_bytes())?;
            out.flush()?;
        }
    }
    if !cli.quiet {
        let topics: usize = suggestions.iter().map(|s| s.members.len()).sum();
        con.eprintln(format!(
            "{} suggested concepts gathering {topics} of {} topics{}",
            suggestions.len(),
            derived.topics.len(),
            args.output
                .as_ref()
                .map(|p| format!(", written to {}", p.display()))
                .unwrap_or_default()
        ));
    }
    Ok(ExitCode::SUCCESS)
}
