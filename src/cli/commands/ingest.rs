//! `recapgraph ingest`: the flags as `IngestOptions`, the progress bar and the per-file
//! lines while the run goes, the summary line and the exit code after it. Also the
//! compaction note that ends both its summary and a `serve --watch` round's line.

use anyhow::Context;
use recapgraph::ingest::{
    self, FileFailure, FileOutcome, IngestEvent, IngestOptions, IngestReport,
};

use super::open_store;
use crate::cli::args::{Cli, IngestArgs};
use crate::cli::console::Console;
use crate::cli::exit::{problems_if, CommandResult};
use crate::cli::output::Progress;

pub fn run(cli: &Cli, con: &Console, args: &IngestArgs) -> CommandResult {
    // A bad config stops the run before the store is opened: nothing is written.
    ingest::FolderConfigs::load(&args.paths, args.config.as_deref())?;
    let store = open_store(cli, con, false)?;
    let vocab = ingest::prepare_vocabulary(&store, &args.vocabulary)
        .context("cannot load the topic vocabulary")?;
    let progress = Progress::new(
        con,
        !cli.quiet && !cli.verbose,
        None,
        "{spinner} {pos} files ingested [{elapsed_precise}] {msg}",
    );
    let report = ingest::ingest(&store, &vocab, &args.paths, &options(args), &mut |event| {
        show_event(event, &progress, con, cli.verbose);
    })
    .context("ingest stopped")?;
    progress.finish();
    if !cli.quiet {
        con.eprintln(format_args!(
            "ingested {} of {} files ({} meetings, {} triples) in {:.2}s{}; {} unchanged, {} failed{}",
            report.ingested,
            report.files,
            report.meetings,
            report.quads,
            report.elapsed.as_secs_f64(),
            compaction_note(&report),
            report.unchanged,
            report.failures.len(),
            if args.prune { format!(", {} pruned", report.pruned) } else { String::new() },
        ));
    }
    Ok(problems_if(!report.failures.is_empty()))
}

fn options(args: &IngestArgs) -> IngestOptions {
    IngestOptions {
        max_file_bytes: args.max_file_size,
        force: args.force,
        prune: args.prune,
        batch_size: usize::try_from(args.batch_size).unwrap_or(usize::MAX),
        commit_quads: usize::try_from(args.commit_triples).unwrap_or(usize::MAX),
        max_links: args.max_links,
        compact_after_quads: (!args.no_compact)
            .then(|| usize::try_from(args.compact_after_triples).unwrap_or(usize::MAX)),
        config: args.config.clone(),
    }
}

/// Progress on the bar; failed files always, and with `-v` every file, on stderr.
fn show_event(event: IngestEvent<'_>, progress: &Progress, con: &Console, verbose: bool) {
    match event {
        IngestEvent::Prepared(_) => progress.inc(),
        IngestEvent::Compacting => {
            if progress.is_shown() {
                progress.set_message("compacting the store");
            } else if verbose {
                con.eprintln("compacting the store");
            }
        }
        IngestEvent::Finished(file, outcome) => match outcome {
            FileOutcome::Failed(f) => {
                let shown = FileFailure {
                    path: con.shown_path(std::path::Path::new(&f.path)),
                    ..f.clone()
                };
                progress.println(&format!("error: {shown}"));
            }
            FileOutcome::Ingested { quads, meeting } if verbose => {
                con.eprintln(format_args!(
                    "ingested {} ({quads} triples{})",
                    con.shown_path(&file.path),
                    if *meeting { ", meeting" } else { "" }
                ));
            }
            FileOutcome::Unchanged if verbose => {
                con.eprintln(format_args!("unchanged {}", con.shown_path(&file.path)));
            }
            _ => {}
        },
    }
}

/// " (compacting the store: 1.23s)" when the run compacted the store, else nothing: the
/// end of an ingest's summary line and of a watch round's.
pub fn compaction_note(report: &IngestReport) -> String {
    report.compacted.map_or_else(String::new, |c| {
        format!(" (compacting the store: {:.2}s)", c.as_secs_f64())
    })
}
