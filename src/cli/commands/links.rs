//! `recapgraph links check` and `links report`: the flags as the checker's settings and
//! selection, the progress bar while it checks, its findings as a table or JSON on
//! stdout, its summary and exit code; and the report of what rotted.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::linkcheck::{CheckConfig, Selection};
use recapgraph::links::{self, CheckRun, ReportFormat};

use super::open_store;
use crate::cli::args::{
    seconds, CheckFormat, Cli, LinksCheckArgs, LinksReportArgs, ReportFormatArg,
};
use crate::cli::console::Console;
use crate::cli::exit::{problems_if, CommandResult};
use crate::cli::output::{write_json, Progress};

pub fn check(cli: &Cli, con: &Console, args: &LinksCheckArgs) -> CommandResult {
    let config = check_config(args)?;
    let selection = Selection {
        url_filter: args.url_filter.clone(),
        exclude: args.exclude.clone(),
        max_age: (!args.force).then_some(args.max_age),
    };
    let store = open_store(cli, con, true)?;
    let plan = links::plan(&store, &selection).context("cannot plan the link check")?;
    let progress = Progress::new(
        con,
        !cli.quiet && !cli.verbose,
        Some(plan.len() as u64),
        "{bar:30} {pos}/{len} links checked [{elapsed_precise}, {eta} left] {msg}",
    );
    let run = links::check(&store, plan, &config, |r| {
        progress.inc();
        if cli.verbose {
            con.eprintln(format_args!(
                "{:<11} {} {}",
                r.outcome.as_str(),
                r.status.map_or("-".into(), |s| s.to_string()),
                r.url
            ));
        }
    })
    .context("link check stopped")?;
    progress.finish();
    let mut out = con.out();
    match args.format {
        CheckFormat::Json => write_json(&mut out, &run_json(&run))?,
        CheckFormat::Table => write_table(&run, &mut out)?,
    }
    out.flush()?;
    if !cli.quiet {
        con.eprintln(&run.summary);
    }
    Ok(problems_if(run.summary.has_failures()))
}

fn check_config(args: &LinksCheckArgs) -> anyhow::Result<CheckConfig> {
    Ok(CheckConfig {
        concurrency: usize::try_from(args.concurrency).unwrap_or(128),
        per_host: usize::try_from(args.per_host).unwrap_or(8),
        timeout: seconds(args.timeout, "timeout")?,
        connect_timeout: seconds(args.connect_timeout, "connect-timeout")?,
        retries: args.retries,
        retry_wait: seconds(args.retry_wait, "retry-wait")?,
        max_retry_after: seconds(args.max_retry_after, "max-retry-after")?,
        max_redirects: args.max_redirects,
        user_agent: args.user_agent.clone(),
        accept: args.accept.clone(),
        soft_404: !args.no_soft_404,
        get_first: args.get,
    })
}

/// `--format json`: the summary, the findings and the documents still failing.
fn run_json(run: &CheckRun) -> serde_json::Value {
    let findings: Vec<_> = run
        .findings
        .iter()
        .map(|f| serde_json::json!({"documents": f.documents, "result": f.result}))
        .collect();
    let still: Vec<_> = run
        .still_failing
        .iter()
        .map(|(doc, last)| {
            serde_json::json!({
                "document": doc,
                "outcome": last.outcome,
                "status": last.status,
                "error_kind": last.error_kind,
                "checked_at": last.at.to_rfc3339(),
            })
        })
        .collect();
    serde_json::json!({
        "summary": run.summary,
        "findings": findings,
        "still_failing": still,
    })
}

/// `--format table`: one line per finding, then one per document still failing.
fn write_table(run: &CheckRun, out: &mut impl Write) -> std::io::Result<()> {
    for f in &run.findings {
        let r = &f.result;
        let status = r.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
        let why = match (r.error_kind, &r.message) {
            (Some(k), Some(m)) => format!("{k}: {m}"),
            (Some(k), None) => k.to_string(),
            (None, _) if r.final_url != r.url => format!("→ {}", r.final_url),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:<11} {status:>3}  {}  {why}",
            r.outcome.as_str(),
            r.url
        )?;
    }
    for (doc, last) in &run.still_failing {
        let status = last
            .status
            .map_or_else(|| "-".to_owned(), |s| s.to_string());
        writeln!(
            out,
            "{:<11} {status:>3}  {doc}  {}(as of {}; --force rechecks)",
            last.outcome,
            last.error_kind
                .as_deref()
                .map(|k| format!("{k} "))
                .unwrap_or_default(),
            last.at.format("%Y-%m-%d %H:%M UTC")
        )?;
    }
    Ok(())
}

pub fn report(cli: &Cli, con: &Console, args: &LinksReportArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let groups = links::report(&store).context("cannot build the link report")?;
    let format = match args.format {
        ReportFormatArg::Table => ReportFormat::Table,
        ReportFormatArg::Json => ReportFormat::Json,
        ReportFormatArg::Markdown => ReportFormat::Markdown,
    };
    let mut out = con.out();
    links::write_report(&groups, format, &mut out)?;
    out.flush()?;
    if groups.is_empty() && !cli.quiet {
        con.eprintln(
            "no cited document failed its latest check (run `recapgraph links check` first)",
        );
    }
    Ok(ExitCode::SUCCESS)
}
