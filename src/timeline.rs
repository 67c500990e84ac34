//! `recapgraph topic NAME`: one topic's timeline. Finds the topic by a label it goes by
//! (preferred or alternative, any case), its IRI or its slug; then every meeting where it
//! came up, in date order, from the named query `topic-timeline` (the title used there,
//! presenters, cited documents, decisions), with the topic's other titles, subject and
//! broader, narrower and related topics. Written as text, JSON or Markdown.

use std::collections::BTreeSet;
use std::io::Write;

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::extract::normalize_label;
use crate::links::md_cell;
use crate::query::{named_query, term_value};
use crate::store::{RecapStore, StoreError};

/// A timeline that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No topic goes by that name.
    #[error("no topic is called {name:?}{}", hint(.close))]
    NotFound {
        /// The name asked for.
        name: String,
        /// Labels that contain it, for a hint.
        close: Vec<String>,
    },
    /// The query results could not be read.
    #[error("reading the topic's timeline: {0}")]
    Results(String),
    /// Writing the report failed.
    #[error("writing the timeline: {0}")]
    Io(#[from] std::io::Error),
}

fn hint(close: &[String]) -> String {
    if close.is_empty() {
        "; `recapgraph query topics-by-meetings` lists every topic".to_owned()
    } else {
        format!("; did you mean {}?", close.join(", "))
    }
}

/// One meeting where the topic came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Meeting date (ISO).
    pub date: String,
    /// Meeting name.
    pub meeting: String,
    /// The agenda item's title there.
    pub title: String,
    /// Presenters of the item.
    pub presenters: Vec<String>,
    /// Documents cited under the item.
    pub documents: Vec<String>,
    /// Decisions taken under the item.
    pub decisions: Vec<String>,
    /// The recap's source path.
    pub source: String,
}

/// A topic and every meeting where it came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The topic's IRI.
    pub topic: String,
    /// Its preferred label.
    pub label: String,
    /// Its other labels.
    pub alt_labels: Vec<String>,
    /// The tracked thing it is, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Labels of broader topics.
    pub broader: Vec<String>,
    /// Labels of narrower topics.
    pub narrower: Vec<String>,
    /// Labels of related topics.
    pub related: Vec<String>,
    /// Meetings, oldest first.
    pub meetings: Vec<Occurrence>,
}

const PREFIXES: &str = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rg: <https://w3id.org/recapgraph/ns#> ";

fn rows(
    store: &RecapStore,
    sparql: &str,
    bindings: &[(String, Term)],
    vars: &[&str],
) -> Result<Vec<Vec<String>>, TimelineError> {
    let QueryResults::Solutions(solutions) = store.query(sparql, bindings)? else {
        return Err(TimelineError::Results("not a SELECT".into()));
    };
    let mut out = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| TimelineError::Results(e.to_string()))?;
        out.push(
            vars.iter()
                .map(|v| s.get(*v).map(term_value).unwrap_or_default())
                .collect(),
        );
    }
    Ok(out)
}

/// The topic `name` names: an IRI, a label (preferred first, then alternative; compared
/// as the vocabulary compares labels: case, punctuation and plurals aside), or the end of an IRI (`topic/<slug>`).
///
/// # Errors
/// [`TimelineError::NotFound`] with close labels, or the store failing.
pub fn find_topic(store: &RecapStore, name: &str) -> Result<String, TimelineError> {
    let all = rows(
        store,
        &format!("{PREFIXES} SELECT DISTINCT ?t ?l ?pref WHERE {{ ?t a skos:Concept . {{ ?t skos:prefLabel ?l BIND(1 AS ?pref) }} UNION {{ ?t skos:altLabel ?l BIND(0 AS ?pref) }} }}"),
        &[],
        &["t", "l", "pref"],
    )?;
    let want = normalize_label(name);
    let exact = |pref: &str| {
        all.iter()
            .filter(|r| r[2] == pref && normalize_label(&r[1]) == want)
            .map(|r| r[0].clone())
            .min()
    };
    if let Some(t) = all
        .iter()
        .find(|r| r[0] == name.trim())
        .map(|r| r[0].clone())
        .or_else(|| exact("1"))
        .or_else(|| exact("0"))
        .or_else(|| {
            let tail = format!("/{}", crate::slug::slug(name));
            all.iter()
                .find(|r| r[0].ends_with(&tail))
                .map(|r| r[0].clone())
        })
    {
        return Ok(t);
    }
    let close: BTreeSet<String> = all
        .iter()
        .filter(|r| r[2] == "1" && !want.is_empty() && normalize_label(&r[1]).contains(&want))
        .map(|r| format!("{:?}", r[1]))
        .take(5)
        .collect();
    Err(TimelineError::NotFound {
        name: name.to_owned(),
        close: close.into_iter().collect(),
    })
}

fn split(s: &str, sep: &str) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The timeline of the topic `name` names (see [`find_topic`]).
///
/// # Errors
/// When no topic goes by `name`, or the store fails.
pub fn timeline(store: &RecapStore, name: &str) -> Result<Timeline, TimelineError> {
    let topic = find_topic(store, name)?;
    let node = Term::from(NamedNode::new_unchecked(topic.as_str()));
    let bind = [("t".to_owned(), node.clone())];
    let one = |sparql: &str| -> Result<Vec<String>, TimelineError> {
        let mut v: Vec<String> = rows(store, &format!("{PREFIXES} {sparql}"), &bind, &["x"])?
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
        v.sort();
        v.dedup();
        Ok(v)
    };
    let label = one("SELECT ?x ?t WHERE { ?t skos:prefLabel ?x }")?
        .into_iter()
        .next()
        .unwrap_or_else(|| topic.clone());
    let alt_labels = one("SELECT ?x ?t WHERE { ?t skos:altLabel ?x }")?;
    let subject = one("SELECT ?x ?t WHERE { ?t rg:subject ?x }")?
        .into_iter()
        .next();
    let broader = one("SELECT ?x ?t WHERE { ?t skos:broader/skos:prefLabel ?x }")?;
    let narrower = one("SELECT ?x ?t WHERE { ?n skos:broader ?t ; skos:prefLabel ?x }")?;
    let related = one("SELECT ?x ?t WHERE { ?t skos:related/skos:prefLabel ?x }")?;
    let text = named_query("topic-timeline")
        .map(|q| q.text)
        .ok_or_else(|| TimelineError::Results("the named query is missing".into()))?;
    let vars = [
        "date",
        "meeting",
        "title",
        "presenters",
        "documents",
        "decisions",
        "source",
    ];
    let meetings = rows(store, text, &[("topic".to_owned(), node)], &vars)?
        .into_iter()
        .map(|r| Occurrence {
            date: r[0].clone(),
            meeting: r[1].clone(),
            title: r[2].clone(),
            presenters: split(&r[3], ", "),
            documents: split(&r[4], " "),
            decisions: split(&r[5], " | "),
            source: r[6].clone(),
        })
        .collect();
    Ok(Timeline {
        topic,
        label,
        alt_labels,
        subject,
        broader,
        narrower,
        related,
        meetings,
    })
}

/// How a timeline is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Indented text for a terminal.
    Table,
    /// JSON: the [`Timeline`].
    Json,
    /// Markdown: a heading, the topic's facts, a table of meetings.
    Markdown,
}

/// Writes `t` as `format`.
///
/// # Errors
/// When writing fails.
pub fn write(t: &Timeline, format: Format, out: &mut dyn Write) -> Result<(), TimelineError> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, t)
                .map_err(|e| TimelineError::Results(e.to_string()))?;
            writeln!(out)?;
        }
        Format::Table => write_text(t, out)?,
        Format::Markdown => write_markdown(t, out)?,
    }
    Ok(())
}

fn facts(t: &Timeline) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    let quoted = |l: &[String]| {
        l.iter()
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !t.alt_labels.is_empty() {
        v.push(("also titled", quoted(&t.alt_labels)));
    }
    if let Some(s) = &t.subject {
        v.push(("subject", s.clone()));
    }
    for (name, list) in [
        ("broader", &t.broader),
        ("narrower", &t.narrower),
        ("related", &t.related),
    ] {
        if !list.is_empty() {
            v.push((name, quoted(list)));
        }
    }
    v
}

fn write_text(t: &Timeline, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}  <{}>", t.label, t.topic)?;
    for (name, value) in facts(t) {
        writeln!(out, "  {name}: {value}")?;
    }
    let span = match (t.meetings.first(), t.meetings.last()) {
        (Some(a), Some(b)) if a.date != b.date => format!(", {} to {}", a.date, b.date),
        (Some(a), _) => format!(", {}", a.date),
        _ => String::new(),
    };
    let n: BTreeSet<(&str, &str)> = t
        .meetings
        .iter()
        .map(|m| (m.date.as_str(), m.source.as_str()))
        .collect();
    writeln!(
        out,
        "  {} meeting{}{span}\n",
        n.len(),
        if n.len() == 1 { "" } else { "s" }
    )?;
    for m in &t.meetings {
        writeln!(out, "{}  {}  ({})", m.date, m.meeting, m.source)?;
        writeln!(out, "    as: {}", m.title)?;
        if !m.presenters.is_empty() {
            writeln!(out, "    presented by: {}", m.presenters.join(", "))?;
        }
        for d in &m.documents {
            writeln!(out, "    cited: {d}")?;
        }
        for d in &m.decisions {
            writeln!(out, "    decided: {d}")?;
        }
    }
    Ok(())
}

fn write_markdown(t: &Timeline, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# {}\n", md_cell(&t.label))?;
    writeln!(out, "<{}>\n", t.topic)?;
    for (name, value) in facts(t) {
        writeln!(out, "- {name}: {}", md_cell(&value))?;
    }
    writeln!(
        out,
        "\n| date | meeting | title | presenters | cited | decided |\n|---|---|---|---|---|---|"
    )?;
    for m in &t.meetings {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_cell(&m.date),
            md_cell(&m.meeting),
            md_cell(&m.title),
            md_cell(&m.presenters.join(", ")),
            md_cell(&m.documents.join(" ")),
            md_cell(&m.decisions.join("; ")),
        )?;
    }
    Ok(())
}
