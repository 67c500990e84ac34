//! `recapgraph links check`, `links report` and `links fix`: the flags as the checker's
//! settings and selection, the progress bar while it checks, its findings as a table or
//! JSON on stdout, its summary and exit code; the report of what rotted; and the diff,
//! or the rewrite, that replaces dead links by the suggestions.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use recapgraph::ingest::{self, IngestOptions};
use recapgraph::linkcheck::{CheckConfig, Selection, SuggestConfig};
use recapgraph::links::{self, CheckRun, FixOnly, ReportFormat};

use super::open_store;
use crate::cli::args::{
    seconds, CheckFormat, Cli, FixOnlyArg, LinksCheckArgs, LinksFixArgs, LinksReportArgs,
    ReportFormatArg,
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
        suggest: if args.no_suggest {
            None
        } else {
            Some(SuggestConfig {
                archive: if args.no_archive {
                    None
                } else {
                    Some(url::Url::parse(&args.archive_url).with_context(|| {
                        format!(
                            "--archive-url {:?} is not a URL; give an availability endpoint \
                             like {}",
                            args.archive_url,
                            recapgraph::linkcheck::DEFAULT_ARCHIVE_URL
                        )
                    })?)
                },
                github_hosts: args.github_host.clone(),
            })
        },
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
        for s in &r.suggestions {
            let when = s
                .for_date
                .as_deref()
                .map(|d| format!(" for {d}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{:<17}suggested ({}{when}): {}",
                "",
                s.kind.as_str(),
                s.url
            )?;
        }
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

pub fn fix(cli: &Cli, con: &Console, args: &LinksFixArgs) -> CommandResult {
    let store = open_store(cli, con, true)?;
    let only = match args.only {
        None => FixOnly::All,
        Some(FixOnlyArg::Redirects) => FixOnly::Redirects,
        Some(FixOnlyArg::Archive) => FixOnly::Archive,
    };
    let plan = links::plan_fix(&store, &args.paths, args.config.as_deref(), only)
        .context("cannot plan the fix")?;
    for (path, reason) in &plan.refused {
        con.eprintln(format!("refused {}: {reason}", path.display()));
    }
    if !plan.unknown.is_empty() {
        con.eprintln(format!(
            "warning: {} recap files are not in the store under the names these paths give \
             them (first: {}); give the folders as they were given to `ingest`",
            plan.unknown.len(),
            plan.unknown[0].display()
        ));
    }
    for (path, url, line) in &plan.unplaced {
        con.eprintln(format!(
            "warning: {}: {url} is not written at line {} any more; left alone",
            path.display(),
            line.map_or_else(|| "?".to_owned(), |l| l.to_string())
        ));
    }
    let links_changed: usize = plan.files.iter().map(|f| f.edits.len()).sum();
    if !args.write {
        let mut out = con.out();
        links::write_diff(&plan, &mut out)?;
        out.flush()?;
        if !cli.quiet {
            con.eprintln(format!(
                "{links_changed} links in {} files would change; --write applies it",
                plan.files.len()
            ));
        }
        return Ok(problems_if(!plan.refused.is_empty()));
    }
    let vocab = ingest::prepare_vocabulary(&store, &args.vocabulary)
        .context("cannot load the topic vocabulary")?;
    let options = IngestOptions {
        config: args.config.clone(),
        ..IngestOptions::default()
    };
    // A test hook: pause after each file, so a test can kill the run between two files.
    let pause = std::env::var("RECAPGRAPH_TEST_FIX_PAUSE_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(std::time::Duration::from_millis);
    let applied = links::apply_fix(&store, &vocab, &args.paths, &plan, &options, &mut |path| {
        if cli.verbose {
            con.eprintln(format!("fixed {}", path.display()));
        }
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
    })
    .context("links fix --write stopped")?;
    for (path, reason) in &applied.refused {
        con.eprintln(format!("refused {}: {reason}", path.display()));
    }
    for f in &applied.ingest.failures {
        con.eprintln(format!("error: {f}"));
    }
    if !cli.quiet {
        let fixed: usize = plan
            .files
            .iter()
            .filter(|f| applied.written.contains(&f.path))
            .map(|f| f.edits.len())
            .sum();
        con.eprintln(format!(
            "fixed {fixed} links in {} files; re-ingested {} files",
            applied.written.len(),
            applied.ingest.ingested
        ));
    }
    Ok(problems_if(
        !plan.refused.is_empty()
            || !applied.refused.is_empty()
            || !applied.ingest.failures.is_empty(),
    ))
}
