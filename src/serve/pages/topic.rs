//! The page of a topic: its labels, its SKOS neighbours when the store has them
//! (`skos:related`, `skos:broader` and the narrower topics), the topics discussed in the
//! same meetings, its timeline of meetings with the items about it, the decisions about
//! it and the documents cited under it.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::read::{external, Links, Reader, Row};
use super::{link, meeting_link, push_unique, year_of, Page};
use crate::store::StoreError;

const HEAD: &str = include_str!("queries/topic.rq");
const MEETINGS: &str = include_str!("queries/topic-meetings.rq");
const TOGETHER: &str = include_str!("queries/topic-together.rq");
const DOCUMENTS: &str = include_str!("queries/topic-documents.rq");
const DECISIONS: &str = include_str!("queries/topic-decisions.rq");

/// A meeting that discussed the topic.
#[derive(Default)]
struct Mention {
    title: Option<String>,
    items: Vec<String>,
    presenters: Vec<(String, Option<String>)>,
}

pub(super) fn page(r: &Reader, links: &Links, iri: &str) -> Result<Page, StoreError> {
    let head = r.rows(HEAD, iri)?;
    let of = |key: &str| -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for row in head
            .iter()
            .filter(|row| row.get("key").as_deref() == Some(key))
        {
            push_unique(&mut out, (row.text("value"), row.get("valueLabel")));
        }
        out
    };
    let mut labels: Vec<String> = of("label").into_iter().map(|v| v.0).collect();
    labels.sort();
    let title = labels
        .first()
        .cloned()
        .unwrap_or_else(|| super::fallback_label(iri));
    let mut aliases: Vec<String> = labels.into_iter().skip(1).collect();
    aliases.extend(of("alias").into_iter().map(|v| v.0));
    aliases.sort_by_key(|a| a.to_lowercase());
    let meetings = mentions(&r.rows(MEETINGS, iri)?);
    let together = r.rows(TOGETHER, iri)?;
    let documents = r.rows(DOCUMENTS, iri)?;
    let decisions = r.rows(DECISIONS, iri)?;
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for (date, _) in meetings.keys() {
        *years.entry(year_of(date)).or_default() += 1;
    }
    let most = years.values().copied().max().unwrap_or(1).max(1);
    let neighbours = |label: &str, key: &str| -> Markup {
        let list = of(key);
        html! {
            @if !list.is_empty() {
                dt { (label) }
                dd { @for (i, (t, l)) in list.iter().enumerate() { @if i > 0 { ", " } (link(links, t, l.as_deref())) } }
            }
        }
    };
    let body = html! {
        dl.facts {
            @if !aliases.is_empty() { dt { "Also called" } dd { (aliases.join(" · ")) } }
            (neighbours("Broader", "broader"))
            (neighbours("Narrower", "narrower"))
            (neighbours("Related", "related"))
            dt { "Meetings" } dd { (meetings.len()) }
        }
        @if !together.is_empty() {
            section #together {
                h2 { "Discussed alongside" }
                ul.tags { @for t in &together { @if let Some(other) = t.iri("other") {
                    li { (link(links, &other, t.get("label").as_deref())) " " span.n { (t.text("meetings")) } }
                } } }
            }
        }
        section #timeline {
            h2 { "Timeline" }
            @if meetings.is_empty() { p.muted { "No meeting discussed it." } }
            div.years { @for (year, n) in &years {
                div.year { span.y { (year) } meter value=(n) min="0" max=(most) {} span.n { (n) } }
            } }
            ol.timeline { @for ((date, m), v) in meetings.iter().rev() {
                li {
                    (meeting_link(links, m, date, v.title.as_deref()))
                    @if !v.items.is_empty() { div.muted { (v.items.join(" · ")) } }
                    @if !v.presenters.is_empty() {
                        div.presenters { "Presented by "
                            @for (i, (p, n)) in v.presenters.iter().enumerate() { @if i > 0 { ", " } (link(links, p, n.as_deref())) }
                        }
                    }
                }
            } }
        }
        @if !decisions.is_empty() {
            section #decisions {
                h2 { "Decisions" }
                ul.outcomes { @for d in &decisions {
                    li { (d.text("text"))
                        @if let Some(m) = d.iri("meeting") { " — " (meeting_link(links, &m, &d.text("date"), d.get("title").as_deref())) } }
                } }
            }
        }
        (documents_section(links, &documents))
    };
    Ok(Page::ok("Topic", title, iri, body))
}

/// The meetings by (date, IRI), with the items about the topic and their presenters.
fn mentions(rows: &[Row]) -> BTreeMap<(String, String), Mention> {
    let mut by: BTreeMap<(String, String), Mention> = BTreeMap::new();
    for row in rows {
        let Some(m) = row.iri("meeting") else {
            continue;
        };
        let v = by.entry((row.text("date"), m)).or_default();
        v.title = v.title.take().or_else(|| row.get("title"));
        if let Some(name) = row.get("itemName") {
            push_unique(&mut v.items, name);
        }
        if let Some(p) = row.iri("presenter") {
            push_unique(&mut v.presenters, (p, row.get("presenterName")));
        }
    }
    by
}

fn documents_section(links: &Links, rows: &[Row]) -> Markup {
    html! {
        @if !rows.is_empty() {
            section #documents {
                h2 { "Documents" }
                ul.citations { @for d in rows { @if let Some(doc) = d.iri("doc") {
                    li {
                        (link(links, &doc, Some(d.get("anchor").as_deref().unwrap_or(&doc))))
                        @if let Some(url) = external(&doc) {
                            " " a.ext href=(url) rel="noopener noreferrer nofollow" { "↗" }
                        }
                        " " span.n { (d.text("citations")) }
                    }
                } } }
            }
        }
    }
}
