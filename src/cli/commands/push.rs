//! `recapgraph push`: the flags as `PushOptions`, the plan (printed and nothing sent
//! under `--dry-run`), the progress bar and per-graph lines while it sends, the summary
//! and the exit code (1 when some graphs were not sent).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::push::{self, Auth, Outcome, Plan, PlannedGraph, PushOptions, PushReport, Reason};

use super::{open_store, runtime};
use crate::cli::args::{Cli, PushArgs};
use crate::cli::console::Console;
use crate::cli::exit::{problems_if, CommandResult};
use crate::cli::output::Progress;

pub fn run(cli: &Cli, con: &Console, args: &PushArgs) -> CommandResult {
    let opts = options(args)?;
    let store = open_store(cli, con, true)?;
    let state_file = (!cli.memory).then(|| push::state_path(&cli.store));
    let state = match &state_file {
        Some(p) => push::PushState::load(p)?,
        None => push::PushState::default(),
    };
    let plan = push::plan(&store, &state, &opts)?;
    if args.dry_run {
        return dry_run(cli, con, &plan, &opts);
    }
    let progress = Progress::new(
        con,
        !cli.quiet && !plan.graphs.is_empty(),
        Some(plan.graphs.len() as u64),
        "{bar:30} {pos}/{len} graphs [{elapsed_precise}] {msg}",
    );
    let on_graph = |g: &PlannedGraph, outcome: &Outcome| {
        progress.inc();
        progress.set_message(g.graph.as_str().to_owned());
        let line = match outcome {
            Outcome::Done if cli.verbose => format!(
                "sent {} ({} triples, {})",
                g.graph.as_str(),
                g.triples,
                reason(g.reason)
            ),
            Outcome::Failed(why) => format!("error: {}: {why}", g.graph.as_str()),
            _ => return,
        };
        progress.println(&line);
    };
    let report = runtime()?.block_on(push::push(
        &store,
        &plan,
        &opts,
        state_file.as_deref(),
        on_graph,
    ))?;
    progress.finish();
    print_report(cli, con, &report, &opts);
    Ok(problems_if(!report.failed.is_empty()))
}

fn options(args: &PushArgs) -> anyhow::Result<PushOptions> {
    let mut opts = PushOptions::new(&args.endpoint)?;
    opts.all = args.all;
    opts.retries = args.retries;
    opts.timeout = std::time::Duration::from_secs(args.timeout);
    opts.auth = match (&args.auth, &args.token) {
        (Some(a), _) => {
            let (u, p) = a.split_once(':').context("--auth must be USER:PASSWORD")?;
            Auth::Basic(u.to_owned(), p.to_owned())
        }
        (None, Some(t)) => Auth::Bearer(t.clone()),
        (None, None) => Auth::None,
    };
    Ok(opts)
}

fn reason(r: Reason) -> &'static str {
    match r {
        Reason::New => "new",
        Reason::Changed => "changed",
        Reason::Forced => "unchanged, --all",
        Reason::Removed => "removed locally",
    }
}

/// `--dry-run`: one line per graph that would be sent, on stdout.
fn dry_run(cli: &Cli, con: &Console, plan: &Plan, opts: &PushOptions) -> CommandResult {
    let mut out = con.out();
    for g in &plan.graphs {
        let verb = if g.reason == Reason::Removed {
            "DELETE"
        } else {
            "PUT"
        };
        writeln!(
            out,
            "{verb}\t{}\t{}\t{}",
            g.graph.as_str(),
            g.triples,
            reason(g.reason)
        )?;
    }
    out.flush()?;
    if !cli.quiet {
        con.eprintln(format_args!(
            "dry run: would send {} graphs to {}; {} unchanged",
            plan.graphs.len(),
            opts.endpoint_key(),
            plan.unchanged
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The graphs not sent when the endpoint stopped answering, and the summary line.
fn print_report(cli: &Cli, con: &Console, report: &PushReport, opts: &PushOptions) {
    if let Some(why) = &report.stopped {
        let not_sent: Vec<&str> = report.failed.iter().map(|(g, _)| g.as_str()).collect();
        con.eprintln(format_args!(
            "error: the endpoint stopped answering ({why}); {} graphs not sent:",
            not_sent.len()
        ));
        for g in not_sent {
            con.eprintln(format_args!("  {g}"));
        }
        con.eprintln("run the same push again to send them");
    }
    if !cli.quiet {
        con.eprintln(format_args!(
            "pushed {} graphs ({} triples) to {} in {:.2}s; {} removed, {} unchanged, {} failed",
            report.sent,
            report.triples,
            opts.endpoint_key(),
            report.elapsed.as_secs_f64(),
            report.removed,
            report.unchanged,
            report.failed.len()
        ));
    }
}
