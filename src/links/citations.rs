//! Where each cited document is written: the source file, the line, the URL as written
//! and the citing meeting's date, from the named query `link-citations`. Suggestions look
//! for archived snapshots near those dates; `links fix` edits those lines.

use std::collections::{BTreeSet, HashMap};

use oxigraph::sparql::QueryResults;

use super::LinksError;
use crate::store::RecapStore;

/// One citation of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The source file's path as stored (`<root>/<path>`).
    pub source: String,
    /// The document IRI (the normalised URL).
    pub doc: String,
    /// The URL as written in the recap.
    pub url: String,
    /// The 1-based line it is written on, when known.
    pub line: Option<usize>,
    /// The citing meeting's date (YYYY-MM-DD), when the recap is a dated meeting.
    pub date: Option<String>,
}

/// Every citation in the store, by source file and line.
///
/// # Errors
/// Store failures.
pub fn citations(store: &RecapStore) -> Result<Vec<Citation>, LinksError> {
    let text = crate::query::named_query("link-citations")
        .map(|q| q.text)
        .ok_or_else(|| LinksError::Results("named query link-citations missing".into()))?;
    let QueryResults::Solutions(solutions) = store.query(text, &[])? else {
        return Err(LinksError::Results(
            "the citation query is not a SELECT".into(),
        ));
    };
    let mut out = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| LinksError::Results(e.to_string()))?;
        let get = |v: &str| s.get(v).map(crate::query::term_value);
        let (Some(doc), Some(url)) = (get("doc"), get("url")) else {
            continue;
        };
        out.push(Citation {
            source: get("source").unwrap_or_default(),
            doc,
            url,
            line: get("line").and_then(|l| l.parse().ok()),
            date: get("date").and_then(|d| day(&d)),
        });
    }
    Ok(out)
}

/// The YYYY-MM-DD a stored date (or date-time) starts with.
fn day(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|_| day.to_owned())
}

/// Document → the distinct dates of the meetings citing it.
#[must_use]
pub fn dates_by_document(citations: &[Citation]) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for c in citations {
        let dates = out.entry(c.doc.clone()).or_default();
        if let Some(d) = &c.date {
            dates.insert(d.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_dates_and_date_times() {
        assert_eq!(day("2024-01-18").as_deref(), Some("2024-01-18"));
        assert_eq!(day("2024-01-18T10:00:00Z").as_deref(), Some("2024-01-18"));
        assert_eq!(day("January"), None);
        assert_eq!(day("2024-13-01"), None);
    }
}
