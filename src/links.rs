//! `links check` and `links report`: the link checker driven over the store's cited
//! documents, each result written back to the `linkcheck` graph as it arrives.
//!
//! Like [`crate::ingest`], this module wires stages together: [`store`](crate::store)
//! lists the documents, [`linkcheck`](crate::linkcheck) checks them (plain data out),
//! [`rdf::check_quads`](crate::rdf::check_quads) maps each result, and the store appends
//! it. Checks are only ever added, so the graph keeps each document's history.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::time::Instant;

use chrono::Utc;
use oxigraph::model::Quad;
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::linkcheck::{self, CheckConfig, CheckResult, LinkCheckError, Plan, Selection, Summary};
use crate::rdf;
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
    let urls: Vec<String> = targets.keys().cloned().collect();
    let mut pending: Vec<Quad> = Vec::new();
    let mut pending_results = 0;
    let mut failure: Option<StoreError> = None;
    let iris = store.iris().clone();
    linkcheck::check_urls(urls, config, |result| {
        on_result(&result);
        run.summary.add(result.outcome);
        let documents = targets.get(&result.url).cloned().unwrap_or_default();
        for doc in &documents {
            pending.extend(rdf::check_quads(&iris, doc, &result));
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

/// One cited document whose latest check was not ok, where it was cited.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReportEntry {
    /// The URL as written in the recap.
    pub url: String,
    /// The link text.
    pub anchor: String,
    /// Heading path of the section it appears in.
    pub section: Option<String>,
    /// Topics of the agenda item it appears under.
    pub topics: Vec<String>,
    /// 1-based line in the source file.
    pub line: Option<u64>,
    /// ok / redirected / broken / unreachable / suspicious.
    pub outcome: String,
    /// HTTP status of the last response.
    pub status: Option<u16>,
    /// Why it failed.
    pub error_kind: Option<String>,
    /// What went wrong, in words.
    pub message: Option<String>,
    /// Where redirects ended.
    pub final_url: Option<String>,
    /// permanent / temporary.
    pub redirect_kind: Option<String>,
    /// When it was checked last.
    pub checked_at: String,
}

/// The entries of one meeting (or of one recap that is not a meeting).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReportGroup {
    /// Meeting date.
    pub date: Option<String>,
    /// Meeting name, or the recap's title when it is not a meeting.
    pub title: String,
    /// Source file path.
    pub source: String,
    /// Its documents that are not ok.
    pub documents: Vec<ReportEntry>,
}

/// Cited documents whose latest check was not ok, grouped by meeting (newest first),
/// from the named query `broken-links-by-meeting`.
///
/// # Errors
/// Store failures.
pub fn report(store: &RecapStore) -> Result<Vec<ReportGroup>, LinksError> {
    let text = crate::query::named_query("broken-links-by-meeting")
        .map(|q| q.text)
        .ok_or_else(|| LinksError::Results("named query broken-links-by-meeting missing".into()))?;
    let QueryResults::Solutions(solutions) = store.query(text, &[])? else {
        return Err(LinksError::Results(
            "the report query is not a SELECT".into(),
        ));
    };
    // (date, title, source) → (line, url) → entry
    type ByPlace = BTreeMap<(u64, String), ReportEntry>;
    let mut groups: BTreeMap<(String, String, String), ByPlace> = BTreeMap::new();
    for s in solutions {
        let s = s.map_err(|e| LinksError::Results(e.to_string()))?;
        let get = |v: &str| s.get(v).map(crate::query::term_value);
        let date = get("date").unwrap_or_default();
        let title = get("meeting")
            .or_else(|| get("headline"))
            .unwrap_or_default();
        let source = get("source").unwrap_or_default();
        let line = get("line").and_then(|l| l.parse().ok());
        let url = get("url").unwrap_or_default();
        let section = get("section").map(|s| {
            get("headline")
                .and_then(|h| s.strip_prefix(&format!("{h} > ")).map(str::to_owned))
                .unwrap_or(s)
        });
        let entry = groups
            .entry((date, title, source))
            .or_default()
            .entry((line.unwrap_or(0), url.clone()))
            .or_insert_with(|| ReportEntry {
                url,
                anchor: get("anchor").unwrap_or_default(),
                section,
                topics: Vec::new(),
                line,
                outcome: get("outcome").unwrap_or_default(),
                status: get("status").and_then(|s| s.parse().ok()),
                error_kind: get("errorKind"),
                message: get("message"),
                final_url: get("finalUrl"),
                redirect_kind: get("redirectKind"),
                checked_at: get("checkedAt").unwrap_or_default(),
            });
        if let Some(topic) = get("topic") {
            if !entry.topics.contains(&topic) {
                entry.topics.push(topic);
            }
        }
    }
    let mut out: Vec<ReportGroup> = groups
        .into_iter()
        .map(|((date, title, source), docs)| ReportGroup {
            date: (!date.is_empty()).then_some(date),
            title,
            source,
            documents: docs.into_values().collect(),
        })
        .collect();
    // Newest meetings first; recaps without a date last.
    out.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.source.cmp(&b.source))
    });
    Ok(out)
}

/// How `links report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Indented text for a terminal.
    Table,
    /// JSON: an array of meetings with their documents.
    Json,
    /// Markdown: a heading and a table per meeting (for an issue or a wiki page).
    Markdown,
}

fn verdict(e: &ReportEntry) -> String {
    let mut v = e.outcome.clone();
    if let Some(kind) = &e.redirect_kind {
        v = format!("{v} ({kind})");
    }
    if let Some(status) = e.status {
        v = format!("{v} {status}");
    }
    if let Some(kind) = &e.error_kind {
        if !kind.starts_with("http-") {
            v = format!("{v} {kind}");
        }
    }
    v
}

fn place(e: &ReportEntry) -> String {
    let mut parts = Vec::new();
    if let Some(line) = e.line {
        parts.push(format!("line {line}"));
    }
    if let Some(section) = &e.section {
        parts.push(format!("§ {section}"));
    }
    if !e.topics.is_empty() {
        parts.push(format!("topic: {}", e.topics.join(", ")));
    }
    parts.join(", ")
}

/// Writes the report.
///
/// # Errors
/// I/O failures.
pub fn write_report(
    groups: &[ReportGroup],
    format: ReportFormat,
    out: &mut dyn Write,
) -> Result<(), LinksError> {
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, groups)
                .map_err(|e| LinksError::Io(e.into()))?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            for g in groups {
                let date = g.date.as_deref().unwrap_or("(no date)");
                writeln!(out, "{date}  {}  ({})", g.title, g.source)?;
                for e in &g.documents {
                    writeln!(out, "  {}  {}", verdict(e), e.url)?;
                    writeln!(out, "      \"{}\"  {}", e.anchor, place(e))?;
                    if let Some(end) = e.final_url.as_deref().filter(|f| *f != e.url) {
                        writeln!(out, "      → {end}")?;
                    }
                }
                writeln!(out)?;
            }
        }
        ReportFormat::Markdown => {
            writeln!(out, "# Link report\n")?;
            for g in groups {
                let date = g.date.as_deref().unwrap_or("no date");
                writeln!(out, "## {date} — {}\n", md_cell(&g.title))?;
                writeln!(out, "Source: `{}`\n", g.source)?;
                writeln!(out, "| Outcome | Link | Where | Ends at |")?;
                writeln!(out, "|---|---|---|---|")?;
                for e in &g.documents {
                    writeln!(
                        out,
                        "| {} | [{}]({}) | {} | {} |",
                        md_cell(&verdict(e)),
                        md_cell(&e.anchor),
                        e.url.replace(' ', "%20").replace(')', "%29"),
                        md_cell(&place(e)),
                        md_cell(
                            e.final_url
                                .as_deref()
                                .filter(|f| *f != e.url)
                                .unwrap_or_default()
                        ),
                    )?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
