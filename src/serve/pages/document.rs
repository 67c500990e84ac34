//! The page of a cited document: its URL, who cited it where (meeting or recap, agenda
//! item, link text, section, line, the people the citation names or the item's
//! presenters), and every link check of it, newest first.

use std::collections::BTreeMap;

use maud::html;

use super::read::{external, Links, Reader, Row};
use super::{check_badge, first, link, meeting_link, push_unique, Page};
use crate::store::StoreError;

const HEAD: &str = include_str!("queries/document.rq");
const CITATIONS: &str = include_str!("queries/document-citations.rq");
/// Every link check of one document (`?iri`), oldest first.
pub(super) const CHECKS: &str = include_str!("queries/checks.rq");

/// One citation of the document.
#[derive(Default)]
struct Cited {
    recap: String,
    headline: Option<String>,
    meeting: Option<(String, String, String)>,
    item: Option<String>,
    anchor: String,
    section: String,
    line: Option<i64>,
    people: Vec<(String, Option<String>)>,
}

pub(super) fn page(r: &Reader, links: &Links, iri: &str) -> Result<Page, StoreError> {
    let head = r.rows(HEAD, iri)?;
    let url = first(&head, "url").unwrap_or_else(|| iri.to_owned());
    let host = first(&head, "host");
    let cited = citations(&r.rows(CITATIONS, iri)?);
    let checks = r.rows(CHECKS, iri)?;
    let body = html! {
        dl.facts {
            dt { "URL" }
            dd.url { @match external(&url) {
                Some(href) => { a.ext href=(href) rel="noopener noreferrer nofollow" { (url) } }
                None => { (url) }
            } }
            @if let Some(h) = &host { dt { "Host" } dd { (h) } }
            @if let Some(last) = checks.last() {
                dt { "Latest check" }
                dd { (check_badge(&last.text("outcome"), last.get("status").as_deref())) " " span.date { (last.text("at")) } }
            }
            dt { "Cited" } dd { (cited.len()) @if cited.len() == 1 { " time" } @else { " times" } }
        }
        section #cited {
            h2 { "Cited in" }
            @if cited.is_empty() { p.muted { "No recap cites it." } }
            table.list {
                thead { tr { th { "Meeting or recap" } th { "Agenda item" } th { "Link text" } th { "People" } } }
                tbody { @for c in cited.values() {
                    tr {
                        td { @match &c.meeting {
                            Some((m, date, title)) => { (meeting_link(links, m, date, Some(title))) }
                            None => { (link(links, &c.recap, c.headline.as_deref())) }
                        } }
                        td { (c.item.as_deref().unwrap_or(&c.section)) @if let Some(l) = c.line { " " span.muted { "line " (l) } } }
                        td { (c.anchor) }
                        td { @for (i, (p, n)) in c.people.iter().enumerate() { @if i > 0 { ", " } (link(links, p, n.as_deref())) } }
                    }
                } }
            }
        }
        section #checks {
            h2 { "Check history" }
            @if checks.is_empty() { p.muted { "Never checked: run " code { "recapgraph links check" } "." } }
            @else {
                table.list {
                    thead { tr { th { "When" } th { "Outcome" } th { "Why" } th { "Ended at" } } }
                    tbody { @for c in checks.iter().rev() {
                        tr {
                            td.date { (c.text("at")) }
                            td { (check_badge(&c.text("outcome"), c.get("status").as_deref())) }
                            td { (c.text("errorKind")) @if let Some(m) = c.get("message") { " " span.muted { (m) } } }
                            td.url { (c.text("finalUrl")) }
                        }
                    } }
                }
            }
        }
    };
    Ok(Page::ok("Document", url, iri, body))
}

/// The citations by (meeting date, citation IRI): oldest first.
fn citations(rows: &[Row]) -> BTreeMap<(String, String), Cited> {
    let mut by: BTreeMap<(String, String), Cited> = BTreeMap::new();
    for row in rows {
        let Some(c) = row.get("citation") else {
            continue;
        };
        let entry = by.entry((row.text("date"), c)).or_default();
        entry.recap = row.text("recap");
        entry.headline = entry.headline.take().or_else(|| row.get("headline"));
        if let (Some(m), Some(d), Some(t)) = (row.iri("meeting"), row.get("date"), row.get("title"))
        {
            entry.meeting.get_or_insert((m, d, t));
        }
        entry.item = entry.item.take().or_else(|| row.get("itemName"));
        entry.anchor = row.text("anchor");
        entry.section = row.text("section");
        entry.line = row.number("line");
        if let Some(p) = row.iri("person") {
            push_unique(&mut entry.people, (p, row.get("personName")));
        }
    }
    by
}
