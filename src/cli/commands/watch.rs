//! `serve --watch`: the thread that runs the ingest rounds beside the endpoint, its
//! stopping (the round in progress finishes), and the line each round prints.

use std::collections::HashSet;
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context;
use recapgraph::ingest::{self, IngestError, IngestOptions, IngestReport, WatchTimes};
use recapgraph::store::RecapStore;

use super::ingest::compaction_note;
use crate::cli::args::ServeArgs;

/// The rounds of `--watch`, on their own thread until `stop`.
pub struct Watcher {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Watcher {
    /// Starts the rounds over `args.watch` on a thread of their own.
    pub fn start(store: &RecapStore, args: &ServeArgs, quiet: bool) -> anyhow::Result<Self> {
        let vocab = ingest::prepare_vocabulary(store, &args.vocabulary)
            .context("cannot load the topic vocabulary")?;
        let opts = IngestOptions {
            prune: args.prune,
            config: args.config.clone(),
            ..IngestOptions::default()
        };
        let (stop, stop_rx) = mpsc::channel::<()>();
        let times = WatchTimes {
            every: Duration::from_secs(args.watch_every),
            rehash: (args.watch_rehash > 0).then(|| Duration::from_secs(args.watch_rehash)),
        };
        let (store, paths) = (store.clone(), args.watch.clone());
        let thread = std::thread::spawn(move || {
            let mut reported = HashSet::new();
            ingest::watch(
                &store,
                &vocab,
                &paths,
                &opts,
                times,
                &stop_rx,
                &mut |round| log_round(round, quiet, &mut reported),
            );
        });
        Ok(Self { stop, thread })
    }

    /// Stops the rounds: the one in progress finishes (or the store would be left
    /// mid-commit).
    pub fn stop(self) -> anyhow::Result<()> {
        drop(self.stop);
        // Between rounds the thread returns at once; only a round takes longer.
        std::thread::sleep(Duration::from_millis(100));
        if !self.thread.is_finished() {
            eprintln!("waiting for the ingest round in progress to finish");
        }
        if self.thread.join().is_err() {
            anyhow::bail!("the --watch ingest thread panicked");
        }
        Ok(())
    }
}

/// One line per round that changed something, and every file that failed: once while
/// its failure stays the same (`reported` holds the last round's), not every round.
/// Quiet rounds print nothing.
fn log_round(
    round: Result<&IngestReport, &IngestError>,
    quiet: bool,
    reported: &mut HashSet<String>,
) {
    match round {
        Ok(r) => {
            let failures: HashSet<String> = r.failures.iter().map(ToString::to_string).collect();
            let new: Vec<&String> = failures.difference(reported).collect();
            for f in &new {
                eprintln!("watch: error: {f}");
            }
            let news = !new.is_empty();
            *reported = failures;
            if !quiet && (r.ingested > 0 || r.pruned > 0 || news) {
                eprintln!(
                    "watch: {} recaps ingested ({} triples), {} unchanged, {} removed, {} failed, in {:.1} s{}",
                    r.ingested,
                    r.quads,
                    r.unchanged,
                    r.pruned,
                    r.failures.len(),
                    r.elapsed.as_secs_f64(),
                    compaction_note(r)
                );
            }
        }
        Err(e @ IngestError::Config(_)) => {
            // Said once while it stays the same, like a file's failure.
            let message = e.to_string();
            if !reported.contains(&message) {
                eprintln!("watch: error: {message}; fix it: each round reads it again and ingests nothing until then");
                *reported = std::iter::once(message).collect();
            }
        }
        Err(e) => {
            eprintln!("watch: error: the ingest round stopped: {e}; the next round tries again");
        }
    }
}
