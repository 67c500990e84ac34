//! The decisions and action items reports (`recapgraph decisions`, `recapgraph actions`):
//! thin reports over the named queries `decisions`, `open-actions` and `person-actions`,
//! grouped by meeting, newest first, written as a table, JSON or Markdown. Reads the
//! store only through those queries, so a report shows exactly what SPARQL users see.

use std::collections::BTreeMap;
use std::io::Write;

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::links::md_cell;
use crate::query::{named_query, term_value};
use crate::store::{RecapStore, StoreError};

/// A report that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OutcomesError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The query results could not be read.
    #[error("reading {query} results: {message}")]
    Results {
        /// The named query.
        query: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A `--since` value that is no date.
    #[error("--since {0:?} is not a date: write it as YYYY-MM-DD")]
    Since(String),
    /// Writing the report failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Indented text for a terminal.
    Table,
    /// JSON: an array of meetings, each with its entries.
    Json,
    /// Markdown: a heading and a table per meeting.
    Markdown,
}

/// One decision or action in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The decision or action as written.
    pub text: String,
    /// The agenda item it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The item's topic (decisions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Who owes it (actions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// "open" or "done" (actions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Due date (actions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Line in the source file.
    pub line: u64,
}

/// The entries of one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingEntries {
    /// Meeting date, ISO.
    pub date: String,
    /// Meeting name.
    pub meeting: String,
    /// Source file.
    pub source: String,
    /// Its decisions or actions, in line order.
    pub entries: Vec<Entry>,
}

fn run(
    store: &RecapStore,
    query: &'static str,
    bindings: &[(String, Term)],
) -> Result<Vec<MeetingEntries>, OutcomesError> {
    let results_error = |message: String| OutcomesError::Results { query, message };
    let text = named_query(query)
        .map(|q| q.text)
        .ok_or_else(|| results_error("the named query is missing".into()))?;
    let QueryResults::Solutions(solutions) = store.query(text, bindings)? else {
        return Err(results_error("not a SELECT".into()));
    };
    let mut groups: BTreeMap<(String, String, String), Vec<Entry>> = BTreeMap::new();
    for s in solutions {
        let s = s.map_err(|e| results_error(e.to_string()))?;
        let get = |v: &str| s.get(v).map(term_value).filter(|t| !t.is_empty());
        let text = get("decision")
            .or_else(|| get("action"))
            .unwrap_or_default();
        let owners = get("owners")
            .map(|o| o.split(", ").map(str::to_owned).collect())
            .or_else(|| get("owner").map(|o| vec![o]))
            .unwrap_or_default();
        let entries = groups
            .entry((
                get("date").unwrap_or_default(),
                get("meeting").unwrap_or_default(),
                get("source").unwrap_or_default(),
            ))
            .or_default();
        let line = get("line").and_then(|l| l.parse().ok()).unwrap_or(0);
        // person-actions gives one row per owner: one entry with every owner.
        if let Some(e) = entries
            .iter_mut()
            .find(|e| e.line == line && e.text == text)
        {
            for o in owners {
                if !e.owners.contains(&o) {
                    e.owners.push(o);
                }
            }
            continue;
        }
        entries.push(Entry {
            text,
            item: get("item"),
            topic: get("topic"),
            owners,
            status: get("status").or_else(|| (query == "open-actions").then(|| "open".into())),
            due: get("due"),
            line,
        });
    }
    let mut out: Vec<MeetingEntries> = groups
        .into_iter()
        .map(|((date, meeting, source), mut entries)| {
            entries.sort_by_key(|e| e.line);
            MeetingEntries {
                date,
                meeting,
                source,
                entries,
            }
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.source.cmp(&b.source)));
    Ok(out)
}

fn string(name: &str, value: &str) -> (String, Term) {
    (name.to_owned(), Literal::new_simple_literal(value).into())
}

/// The decisions of every meeting, or of those about `topic` (a topic label as written)
/// since `since` (ISO date), newest meeting first.
///
/// # Errors
/// A `since` that is no date, or the store failing.
pub fn decisions(
    store: &RecapStore,
    topic: Option<&str>,
    since: Option<&str>,
) -> Result<Vec<MeetingEntries>, OutcomesError> {
    let mut bindings = Vec::new();
    if let Some(t) = topic {
        bindings.push(string("topic", t));
    }
    if let Some(d) = since {
        if crate::recap::parse_date(d).as_deref() != Some(d.trim()) {
            return Err(OutcomesError::Since(d.to_owned()));
        }
        let date = NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#date");
        bindings.push((
            "since".to_owned(),
            Literal::new_typed_literal(d.trim(), date).into(),
        ));
    }
    run(store, "decisions", &bindings)
}

/// Action items: only open ones (`open`), and only those `person` owes (a name, first
/// name or handle, any case), newest meeting first.
///
/// # Errors
/// When the store fails.
pub fn actions(
    store: &RecapStore,
    open: bool,
    person: Option<&str>,
) -> Result<Vec<MeetingEntries>, OutcomesError> {
    let bindings: Vec<(String, Term)> = person.map(|p| string("person", p)).into_iter().collect();
    let query = if open {
        "open-actions"
    } else {
        "person-actions"
    };
    run(store, query, &bindings)
}

fn notes(e: &Entry) -> String {
    let mut notes = Vec::new();
    if !e.owners.is_empty() {
        notes.push(e.owners.join(", "));
    }
    if let Some(d) = &e.due {
        notes.push(format!("due {d}"));
    }
    if let Some(i) = &e.item {
        notes.push(format!("item \"{i}\""));
    }
    if let Some(t) = e.topic.as_ref().filter(|t| Some(*t) != e.item.as_ref()) {
        notes.push(format!("topic \"{t}\""));
    }
    notes.push(format!("line {}", e.line));
    notes.join(", ")
}

/// Writes a report; `title` heads the Markdown form ("Decisions", "Open actions").
///
/// # Errors
/// When writing fails.
pub fn write(
    groups: &[MeetingEntries],
    format: Format,
    title: &str,
    out: &mut dyn Write,
) -> Result<(), OutcomesError> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, groups)
                .map_err(|e| OutcomesError::Io(e.into()))?;
            writeln!(out)?;
        }
        Format::Table => {
            for g in groups {
                writeln!(out, "{}  {}  ({})", g.date, g.meeting, g.source)?;
                for e in &g.entries {
                    let status = e
                        .status
                        .as_deref()
                        .map(|s| format!("[{s}] "))
                        .unwrap_or_default();
                    writeln!(out, "  {status}{}", e.text)?;
                    writeln!(out, "      {}", notes(e))?;
                }
                writeln!(out)?;
            }
        }
        Format::Markdown => {
            writeln!(out, "# {title}\n")?;
            for g in groups {
                writeln!(out, "## {} — {}\n", g.date, md_cell(&g.meeting))?;
                writeln!(out, "Source: `{}`\n", g.source)?;
                writeln!(out, "| | Text | Notes |")?;
                writeln!(out, "|---|---|---|")?;
                for e in &g.entries {
                    writeln!(
                        out,
                        "| {} | {} | {} |",
                        e.status.as_deref().unwrap_or("decided"),
                        md_cell(&e.text),
                        md_cell(&notes(e))
                    )?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}
