//! The run: the files found, read and parsed in parallel a batch at a time, each batch
//! handed to a `store::GraphWriter`, committed every `--commit-triples`, then pruning,
//! the identity rebuild and, after a large run, compaction.
//!
//! Invariant: a file's outcome is reported as final only after the commit that makes its
//! graph visible; a series is marked pending in the store before its files change, so an
//! interrupted run's identity rebuild is finished by the next.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use super::discover::collect_files;
use super::identities::rebuild_identities;
use super::prepare::{prepare, Prepared};
use super::prune::prune;
use super::{
    FileOutcome, FolderConfigs, IngestError, IngestEvent, IngestOptions, IngestReport, SourceFile,
};
use crate::extract::Vocabulary;
use crate::identity::{series_of, SeriesPeople};
use crate::store::{RecapStore, StoreError};

/// Ingests `paths` into `store`. `on_event` hears of each file twice: when it has been
/// read and parsed, and when its outcome is final (an ingested file after the commit that
/// makes its graph visible).
///
/// Each file's graph is written all-or-nothing: staged and committed together every
/// [`IngestOptions::commit_quads`] triples and at the end. A changed file is swapped in
/// place when its batch is written (see [`crate::store::GraphWriter`]). Afterwards
/// the identity links of every series (folder) that gained, changed or lost a file are
/// rebuilt: from the files just parsed, plus the attendees of the series' other files
/// read back from the store.
///
/// The files are read with the settings of [`FolderConfigs::load`] (`opts.config`, or
/// the folders' `recapgraph.toml`), read before anything is written.
///
/// # Errors
/// When a config is unreadable or invalid (nothing is written), or the store itself
/// fails; per-file problems are in the report.
pub fn ingest(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<IngestReport, IngestError> {
    ingest_selected(store, vocab, paths, opts, &|_| true, on_event)
}

/// [`ingest`] of only the files `select` picks among those under `paths` (named as
/// `paths` name them; the others count as unchanged): how `links fix --write`
/// re-ingests the files it rewrote.
///
/// # Errors
/// As [`ingest`].
pub fn ingest_selected(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    opts: &IngestOptions,
    select: &dyn Fn(&SourceFile) -> bool,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<IngestReport, IngestError> {
    let configs = FolderConfigs::load(paths, opts.config.as_deref())?;
    Ok(ingest_where(
        store,
        vocab,
        paths,
        &configs,
        opts,
        &mut |f| select(f),
        on_event,
    )?)
}

/// [`ingest`], reading only the files `read` selects; the others count as unchanged
/// (and `--prune` still sees them as present).
pub(super) fn ingest_where(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    configs: &FolderConfigs,
    opts: &IngestOptions,
    read: &mut dyn FnMut(&SourceFile) -> bool,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<IngestReport, StoreError> {
    let start = Instant::now();
    let (files, mut failures) = collect_files(paths);
    let selected: Vec<&SourceFile> = files.iter().filter(|f| read(f)).collect();
    for f in &failures {
        let file = SourceFile {
            path: PathBuf::from(&f.path),
            source_path: String::new(),
        };
        on_event(IngestEvent::Prepared(&file));
        on_event(IngestEvent::Finished(
            &file,
            &FileOutcome::Failed(f.clone()),
        ));
    }
    let mut report = IngestReport {
        files: files.len(),
        ..IngestReport::default()
    };
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // Changed files are swapped in place (readers see old or new) unless forced: then
    // every file is rewritten and the bulk loader's speed matters more.
    let mut writer = if opts.force {
        store.writer().with_swap_budget(0)
    } else {
        store.writer()
    };
    // Files staged in `writer`, reported once it commits.
    let mut staged: Vec<(&SourceFile, FileOutcome)> = Vec::new();
    // Series touched by this run, and the attendees of the files parsed in it.
    let mut people: HashMap<String, SeriesPeople> = HashMap::new();
    let mut parsed: HashSet<&str> = HashSet::new();
    // Series whose identity graphs are marked pending: this run's, and any an earlier,
    // interrupted run left.
    let mut marked: HashSet<String> = HashSet::new();
    for series in store.pending_identity_series()? {
        people.entry(series.clone()).or_default();
        marked.insert(series);
    }
    report.unchanged = files.len() - selected.len();
    for chunk in selected.chunks(opts.batch_size.max(1)) {
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|f| prepare(f, store, vocab, configs, opts, &now))
            .collect();
        let mut batch = Vec::new();
        for (&file, p) in chunk.iter().zip(prepared) {
            on_event(IngestEvent::Prepared(file));
            match p {
                Prepared::Quads {
                    graph,
                    quads,
                    meeting,
                    attendees,
                } => {
                    let series = people
                        .entry(series_of(&file.source_path).to_owned())
                        .or_default();
                    for a in &attendees {
                        series.add(a);
                    }
                    parsed.insert(&file.source_path);
                    staged.push((
                        file,
                        FileOutcome::Ingested {
                            quads: quads.len(),
                            meeting,
                        },
                    ));
                    batch.push((graph, quads));
                }
                Prepared::Unchanged => {
                    report.unchanged += 1;
                    on_event(IngestEvent::Finished(file, &FileOutcome::Unchanged));
                }
                Prepared::Failed(f) => {
                    failures.push(f.clone());
                    on_event(IngestEvent::Finished(file, &FileOutcome::Failed(f)));
                }
            }
        }
        if !batch.is_empty() {
            let unmarked: Vec<&str> = people
                .keys()
                .filter(|series| !marked.contains(series.as_str()))
                .map(String::as_str)
                .collect();
            store.mark_identity_pending(&unmarked)?;
            marked.extend(unmarked.into_iter().map(str::to_owned));
            writer.write(batch)?;
        }
        // In memory the loader holds the store's one writer until it commits: the next
        // batch's pending marks and swaps would wait for it forever.
        if store.is_memory() || writer.staged_quads() >= opts.commit_quads {
            commit(&mut writer, &mut staged, &mut report, on_event)?;
        }
    }
    commit(&mut writer, &mut staged, &mut report, on_event)?;
    drop(writer);
    // Every stored source, read once for pruning and the identity rebuild.
    let mut sources = None;
    if opts.prune {
        let (pruned, kept) = prune(store, paths, &files, store.sources()?, &mut people)?;
        report.pruned = pruned;
        sources = Some(kept);
    }
    if !people.is_empty() {
        let sources = match sources {
            Some(s) => s,
            None => store.sources()?,
        };
        report.identities = rebuild_identities(store, &sources, people, &parsed)?;
    }
    store.flush()?;
    if opts
        .compact_after_quads
        .is_some_and(|after| report.quads >= after && report.quads > 0)
    {
        on_event(IngestEvent::Compacting);
        let compacting = Instant::now();
        store.compact()?;
        report.compacted = Some(compacting.elapsed());
    }
    report.failures = failures;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Commits what `writer` staged and reports the staged files.
fn commit(
    writer: &mut crate::store::GraphWriter<'_>,
    staged: &mut Vec<(&SourceFile, FileOutcome)>,
    report: &mut IngestReport,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<(), StoreError> {
    writer.commit()?;
    for (file, outcome) in staged.drain(..) {
        if let FileOutcome::Ingested { quads, meeting } = outcome {
            report.ingested += 1;
            report.quads += quads;
            report.meetings += usize::from(meeting);
        }
        on_event(IngestEvent::Finished(file, &outcome));
    }
    Ok(())
}
