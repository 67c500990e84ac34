//! The index of meetings by date (newest first, grouped by year, filtered as one types by
//! `pages.js`) and the search over names and labels.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use maud::html;

use super::read::{Links, Reader, Row};
use super::{link, year_of, Page};
use crate::store::StoreError;
use crate::vocab::{rg, schema, skos};

const MEETINGS: &str = include_str!("queries/meetings.rq");
const SEARCH: &str = include_str!("queries/search.rq");

/// Hits the search page lists at most.
const MAX_HITS: usize = 200;

/// `/meetings`: every meeting by date, grouped by year.
pub(crate) fn meetings(r: &Reader, links: &Links) -> Result<Page, StoreError> {
    let rows = r.rows_with(MEETINGS, &[])?;
    let mut years: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        years
            .entry(year_of(&row.text("date")))
            .or_default()
            .push(row);
    }
    let body = html! {
        p.meta { (rows.len()) @if rows.len() == 1 { " meeting" } @else { " meetings" } }
        @if rows.is_empty() {
            p.note { "The store holds no meetings yet: run " code { "recapgraph ingest DIR" } "." }
        } @else {
            p { input #filter type="search" placeholder="Filter by title or date" aria-label="Filter meetings"; }
        }
        @for (year, list) in years.iter().rev() {
            section.year-group {
                h2 { (year) " " span.n { (list.len()) } }
                table.list.meetings {
                    thead { tr { th { "Date" } th { "Meeting" } th { "Attendees" } } }
                    tbody { @for row in list {
                        tr {
                            td.date { (row.text("date")) }
                            td { @if let Some(m) = row.iri("meeting") { (link(links, &m, row.get("title").as_deref())) } }
                            td.n { (row.text("attendees")) }
                        }
                    } }
                }
            }
        }
    };
    Ok(Page {
        status: StatusCode::OK,
        title: "Meetings".to_owned(),
        kind: "",
        iri: None,
        body,
    })
}

/// `/search?q=`: resources whose name or label contains `q`, meetings, people and
/// topics first.
pub(crate) fn search(r: &Reader, links: &Links, q: &str) -> Result<Page, StoreError> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Page::message(
            StatusCode::OK,
            "Search",
            "Type part of a name, a topic or a meeting title in the box above.",
        ));
    }
    let rows = r.rows_text(SEARCH, q)?;
    let mut hits: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for row in &rows {
        let Some(s) = row.iri("s") else { continue };
        let hit = hits.entry(s).or_default();
        let label = row.text("label");
        if hit.0.is_empty() || label.len() < hit.0.len() {
            hit.0 = label;
        }
        if let Some(t) = row.iri("type") {
            if !hit.1.contains(&t) {
                hit.1.push(t);
            }
        }
    }
    let mut list: Vec<(u8, &'static str, String, String)> = hits
        .into_iter()
        .map(|(s, (label, types))| {
            let (rank, kind) = kind_of(&types);
            (rank, kind, label, s)
        })
        .collect();
    list.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.2.to_lowercase().cmp(&b.2.to_lowercase()))
    });
    let more = list.len() > MAX_HITS;
    list.truncate(MAX_HITS);
    let body = html! {
        p.meta { (list.len()) @if more { "+" } @if list.len() == 1 { " result" } @else { " results" } " for “" (q) "”" }
        @if list.is_empty() { p.muted { "Nothing is named like that." } }
        table.list {
            tbody { @for (_, kind, label, s) in &list {
                tr { td.kind { (kind) } td { (link(links, s, Some(label))) } }
            } }
        }
    };
    Ok(Page {
        status: StatusCode::OK,
        title: format!("Search: {q}"),
        kind: "",
        iri: None,
        body,
    })
}

/// How a search hit is listed: its rank (meetings, people, topics first) and kind.
fn kind_of(types: &[String]) -> (u8, &'static str) {
    let has = |t: oxigraph::model::NamedNodeRef<'_>| types.iter().any(|x| x == t.as_str());
    if has(rg::MEETING) {
        (0, "meeting")
    } else if has(schema::PERSON) {
        (1, "person")
    } else if has(skos::CONCEPT) {
        (2, "topic")
    } else if has(rg::AGENDA_ITEM) {
        (3, "agenda item")
    } else if has(schema::PLACE) {
        (4, "place")
    } else if has(schema::ORGANIZATION) {
        (4, "organisation")
    } else {
        (5, "other")
    }
}
