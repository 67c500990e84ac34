//! `links report`: the cited documents whose latest check was not ok, grouped by meeting,
//! read from the `linkcheck` graph by the named query `broken-links-by-meeting`, each
//! with the replacements its latest check suggested (the archived snapshot of that
//! meeting's date), written as a table, JSON or Markdown.

use std::collections::BTreeMap;
use std::io::Write;

use oxigraph::sparql::QueryResults;
use serde::Serialize;

use super::LinksError;
use crate::store::{RecapStore, StoredSuggestion};

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
    /// Replacements the latest check suggested: live addresses, and the archived snapshot
    /// looked up for this meeting's date.
    pub suggestions: Vec<StoredSuggestion>,
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
    let checks = store.last_checks()?;
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
        let suggestions: Vec<StoredSuggestion> = get("doc")
            .and_then(|doc| checks.get(&doc))
            .map(|c| {
                c.suggestions
                    .iter()
                    .filter(|s| {
                        s.kind != "archive"
                            || s.for_date.as_deref().unwrap_or_default() == date.as_str()
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
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
                suggestions,
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

/// A suggestion in words: "archive snapshot of 2024-01-15 (for 2024-01-18)".
fn suggestion_label(s: &StoredSuggestion) -> String {
    match s.kind.as_str() {
        "archive" => format!(
            "archived {}",
            s.snapshot_at
                .as_deref()
                .and_then(|t| t.get(..10))
                .unwrap_or("snapshot")
        ),
        "redirect" => "moved (permanent redirect)".to_owned(),
        "https" => "moved to https".to_owned(),
        "github-main" => "moved to the main branch".to_owned(),
        other => other.to_owned(),
    }
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
                    for s in &e.suggestions {
                        writeln!(out, "      suggested, {}: {}", suggestion_label(s), s.url)?;
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
                writeln!(out, "| Outcome | Link | Where | Ends at | Suggested |")?;
                writeln!(out, "|---|---|---|---|---|")?;
                for e in &g.documents {
                    let suggested: Vec<String> = e
                        .suggestions
                        .iter()
                        .map(|s| format!("[{}]({})", md_cell(&suggestion_label(s)), md_url(&s.url)))
                        .collect();
                    writeln!(
                        out,
                        "| {} | [{}]({}) | {} | {} | {} |",
                        md_cell(&verdict(e)),
                        md_cell(&e.anchor),
                        md_url(&e.url),
                        md_cell(&place(e)),
                        md_cell(
                            e.final_url
                                .as_deref()
                                .filter(|f| *f != e.url)
                                .unwrap_or_default()
                        ),
                        suggested.join("<br>"),
                    )?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// A URL as a Markdown link destination.
fn md_url(url: &str) -> String {
    url.replace(' ', "%20").replace(')', "%29")
}

/// A Markdown table cell: `|` escaped, line breaks as spaces.
pub(crate) fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
