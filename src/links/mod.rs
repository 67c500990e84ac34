//! Link checking meets the store: `links check` and `links report`, the only place where
//! check results become RDF.
//!
//! Three modules are about links, each with one job: `recap::links` finds URLs in a
//! recap's text ([`crate::recap::find_bare_urls`] and the rules every link goes
//! through); [`crate::linkcheck`] checks URLs over HTTP and knows no RDF or store; this
//! module drives the checker over the store's cited documents ([`plan`], [`check`]),
//! turns each result into quads ([`check_quads`], in `record.rs`) appended to the
//! `linkcheck` graph as they arrive, and reads that graph back for `links report`
//! ([`report`], [`write_report`], in `report.rs`), and rewrites the recaps with the
//! replacements the checks suggested ([`plan_fix`], [`apply_fix`], in `fix.rs`; where each
//! document is written comes from [`citations`], in `citations.rs`). Like
//! [`crate::ingest`], it wires stages together; checks are only ever added, so the graph
//! keeps each document's history.

mod citations;
mod fix;
mod record;
mod report;

use std::collections::HashMap;
use std::time::Instant;

use chrono::Utc;
use oxigraph::model::Quad;

pub use citations::{citations, dates_by_document, Citation};
pub use fix::{apply_fix, plan_fix, write_diff, FileFix, FixApplied, FixOnly, FixPlan, LinkEdit};
pub use record::check_quads;
pub(crate) use report::md_cell;
pub use report::{report, write_report, ReportEntry, ReportFormat, ReportGroup};

use crate::linkcheck::{
    self, CheckConfig, CheckResult, LinkCheckError, Plan, Selection, Summary, Target,
};
use crate::store::{LastCheck, RecapStore, StoreError};

/// Results written per transaction.
const WRITE_BATCH: usize = 256;

/// Errors of a `links` run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinksError {
    /// The store failed (reading documents, writing checks).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The checker could not start.
    #[error(transparent)]
    Check(#[from] LinkCheckError),
    /// A report query result could not be read.
    #[error("reading link checks: {0}")]
    Results(String),
    /// Writing the report failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    /// A recap file could not be rewritten by `links fix --write`.
    #[error("cannot rewrite {}: {source} (the file is unchanged; files before it were fixed, run `recapgraph ingest` for them)", path.display())]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Reading folder settings or re-ingesting the fixed files failed.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
}

/// One checked URL that was not ok, with the documents it stands for.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The document IRIs (as cited; several when they differ only by fragment).
    pub documents: Vec<String>,
    /// The result.
    pub result: CheckResult,
}

/// What `links check` did.
#[derive(Debug, Clone, Default)]
pub struct CheckRun {
    /// Counts.
    pub summary: Summary,
    /// Results that were not ok, sorted by URL.
    pub findings: Vec<Finding>,
    /// Documents not rechecked (`--max-age`) whose latest check found them broken or
    /// unreachable: still failures for the exit code.
    pub still_failing: Vec<(String, LastCheck)>,
}

/// What a `links check` run will do: the checker's plan, and the documents it will not
/// recheck whose latest check failed (read from the same scan of the history).
#[derive(Debug, Clone, Default)]
pub struct LinkPlan {
    /// URLs to request, and what was excluded, skipped or fresh.
    pub plan: Plan,
    /// Fresh documents (`--max-age`) whose latest check was broken or unreachable.
    pub still_failing: Vec<(String, LastCheck)>,
}

impl LinkPlan {
    /// Number of URLs that will be requested.
    #[must_use]
    pub fn len(&self) -> usize {
        self.plan.len()
    }

    /// True when nothing needs a request.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
}

/// What to check: the documents in the store not fresh enough and not filtered out.
///
/// # Errors
/// Store failures; an invalid filter pattern.
pub fn plan(store: &RecapStore, selection: &Selection) -> Result<LinkPlan, LinksError> {
    let documents = store.documents()?;
    let last = if selection.max_age.is_some() {
        store.last_checks()?
    } else {
        HashMap::new()
    };
    let times = last.iter().map(|(doc, c)| (doc.clone(), c.at)).collect();
    let mut plan = linkcheck::plan(&documents, &times, selection, Utc::now())?;
    plan.skipped.extend(store.unchecked_links()?);
    let still_failing = plan
        .fresh
        .iter()
        .filter_map(|doc| last.get(doc).map(|c| (doc.clone(), c.clone())))
        .filter(|(_, c)| matches!(c.outcome.as_str(), "broken" | "unreachable"))
        .collect();
    Ok(LinkPlan {
        plan,
        still_failing,
    })
}

/// Checks the planned URLs and appends every result to the `linkcheck` graph (in batches,
/// so an interrupted run keeps what it checked). `on_result` sees each result (for a
/// progress bar).
///
/// # Errors
/// Store failures; the checker could not start.
pub fn check(
    store: &RecapStore,
    plan: LinkPlan,
    config: &CheckConfig,
    mut on_result: impl FnMut(&CheckResult),
) -> Result<CheckRun, LinksError> {
    let started = Instant::now();
    let LinkPlan {
        plan,
        still_failing,
    } = plan;
    let mut run = CheckRun {
        summary: Summary {
            excluded: plan.excluded.len(),
            skipped: plan.skipped.len(),
            fresh: plan.fresh.len(),
            fresh_failing: still_failing.len(),
            ..Summary::default()
        },
        findings: Vec::new(),
        still_failing,
    };
    let targets = plan.to_check;
    // Archived snapshots are looked for near the dates of the meetings citing each URL.
    let dates = if config.suggest.as_ref().is_some_and(|s| s.archive.is_some()) {
        dates_by_document(&citations(store)?)
    } else {
        HashMap::new()
    };
    let requests: Vec<Target> = targets
        .iter()
        .map(|(url, docs)| {
            let mut days: Vec<String> = docs
                .iter()
                .filter_map(|d| dates.get(d))
                .flatten()
                .cloned()
                .collect();
            days.sort_unstable();
            days.dedup();
            Target {
                url: url.clone(),
                dates: days,
            }
        })
        .collect();
    let mut pending: Vec<Quad> = Vec::new();
    let mut pending_results = 0;
    let mut failure: Option<StoreError> = None;
    let iris = store.iris().clone();
    linkcheck::check_targets(requests, config, |result| {
        on_result(&result);
        run.summary.add(result.outcome);
        let documents = targets.get(&result.url).cloned().unwrap_or_default();
        for doc in &documents {
            pending.extend(check_quads(&iris, doc, &result));
        }
        pending_results += 1;
        if pending_results >= WRITE_BATCH && failure.is_none() {
            if let Err(e) = store.append(&pending) {
                failure = Some(e);
            }
            pending.clear();
            pending_results = 0;
        }
        if result.outcome != linkcheck::Outcome::Ok {
            run.findings.push(Finding { documents, result });
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    store.append(&pending)?;
    store.flush()?;
    run.findings.sort_by(|a, b| a.result.url.cmp(&b.result.url));
    run.summary.seconds = started.elapsed().as_secs_f64();
    Ok(run)
}
