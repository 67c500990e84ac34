//! The page of a person: names, roles, places, organisations and same-as links, the
//! meetings attended or presented at over time (by year), the items presented, the
//! topics of those meetings and the actions the person owes.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::read::{external, Links, Reader, Row};
use super::{link, meeting_link, push_unique, year_of, Page};
use crate::store::StoreError;

const HEAD: &str = include_str!("queries/person.rq");
const MEETINGS: &str = include_str!("queries/person-meetings.rq");
const TOPICS: &str = include_str!("queries/person-topics.rq");
const ACTIONS: &str = include_str!("queries/person-actions.rq");

/// A meeting the person was at: date, title, attended, items presented.
#[derive(Default)]
struct Visit {
    date: String,
    title: Option<String>,
    attended: bool,
    presented: Vec<(String, String)>,
}

pub(super) fn page(r: &Reader, links: &Links, iri: &str) -> Result<Page, StoreError> {
    let head = r.rows(HEAD, iri)?;
    let values = |key: &str| -> Vec<(String, Option<String>, bool)> {
        let mut out = Vec::new();
        for row in head
            .iter()
            .filter(|row| row.get("key").as_deref() == Some(key))
        {
            let is_iri = row.iri("value").is_some();
            push_unique(&mut out, (row.text("value"), row.get("valueName"), is_iri));
        }
        out
    };
    let mut names: Vec<String> = values("name").into_iter().map(|v| v.0).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let title = names
        .first()
        .cloned()
        .unwrap_or_else(|| super::fallback_label(iri));
    let mut aliases: Vec<String> = names.into_iter().skip(1).collect();
    aliases.extend(values("alias").into_iter().map(|v| v.0));
    let visits = visits(&r.rows(MEETINGS, iri)?);
    let topics = r.rows(TOPICS, iri)?;
    let actions = r.rows(ACTIONS, iri)?;
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for v in visits.values() {
        *years.entry(year_of(&v.date)).or_default() += 1;
    }
    let most = years.values().copied().max().unwrap_or(1).max(1);
    let related = |label: &str, key: &str| -> Markup {
        let vals = values(key);
        html! {
            @if !vals.is_empty() {
                dt { (label) }
                dd { @for (i, (v, name, is_iri)) in vals.iter().enumerate() {
                    @if i > 0 { ", " }
                    @if *is_iri { (link(links, v, name.as_deref()))
                        @if let Some(url) = external(v).filter(|_| !v.starts_with(links.base())) {
                            " " a.ext href=(url) rel="noopener noreferrer nofollow" { "↗" }
                        }
                    } @else { (v) }
                } }
            }
        }
    };
    let body = html! {
        dl.facts {
            @if !aliases.is_empty() { dt { "Also written" } dd { (aliases.join(" · ")) } }
            (related("Role", "role"))
            (related("From", "place"))
            (related("Organisation", "organisation"))
            (related("Same as", "same"))
            dt { "Meetings" } dd { (visits.len()) }
        }
        section #timeline {
            h2 { "Meetings over time" }
            @if visits.is_empty() { p.muted { "No meetings." } }
            div.years { @for (year, n) in &years {
                div.year { span.y { (year) } meter value=(n) min="0" max=(most) {} span.n { (n) } }
            } }
            table.list {
                thead { tr { th { "Date" } th { "Meeting" } th { "Attended" } th { "Presented" } } }
                tbody { @for (m, v) in visits.iter().rev() {
                    tr {
                        td.date { (v.date) }
                        td { (link(links, &m.1, v.title.as_deref())) }
                        td { @if v.attended { "yes" } }
                        td { @for (i, (_, name)) in v.presented.iter().enumerate() { @if i > 0 { "; " } (name) } }
                    }
                } }
            }
        }
        @if !topics.is_empty() {
            section #topics {
                h2 { "Topics of their meetings" }
                ul.tags { @for t in &topics { @if let Some(topic) = t.iri("topic") {
                    li { (link(links, &topic, t.get("label").as_deref())) " " span.n { (t.text("meetings")) } }
                } } }
            }
        }
        (actions_section(links, &actions))
    };
    Ok(Page::ok("Person", title, iri, body))
}

/// The meetings by (date, IRI), oldest first.
fn visits(rows: &[Row]) -> BTreeMap<(String, String), Visit> {
    let mut by: BTreeMap<(String, String), Visit> = BTreeMap::new();
    let mut date_of: BTreeMap<String, String> = BTreeMap::new();
    for row in rows {
        if let (Some(m), Some(d)) = (row.iri("meeting"), row.get("date")) {
            date_of.entry(m).or_insert(d);
        }
    }
    for row in rows {
        let Some(m) = row.iri("meeting") else {
            continue;
        };
        let date = date_of.get(&m).cloned().unwrap_or_default();
        let v = by.entry((date.clone(), m)).or_default();
        v.date = date;
        v.title = v.title.take().or_else(|| row.get("title"));
        match row.iri("item") {
            Some(item) => push_unique(
                &mut v.presented,
                (
                    item.clone(),
                    row.get("itemName")
                        .unwrap_or_else(|| super::fallback_label(&item)),
                ),
            ),
            None => v.attended = true,
        }
    }
    by
}

/// The actions the person owes, newest meeting first.
fn actions_section(links: &Links, rows: &[Row]) -> Markup {
    let mut list: Vec<&Row> = rows.iter().collect();
    list.sort_by_key(|r| std::cmp::Reverse(r.text("date")));
    let mut seen = std::collections::HashSet::new();
    list.retain(|r| seen.insert((r.text("meeting"), r.text("text"))));
    let done = crate::vocab::schema::COMPLETED_ACTION_STATUS.as_str();
    html! {
        @if !list.is_empty() {
            section #actions {
                h2 { "Actions" }
                ul.outcomes { @for a in &list {
                    li {
                        @let is_done = a.iri("status").as_deref() == Some(done) || a.iri("doneIn").is_some();
                        span class=(if is_done { "badge ok" } else { "badge warn" }) { @if is_done { "done" } @else { "open" } }
                        " " (a.text("text"))
                        @if let Some(due) = a.get("due") { " " span.muted { "due " (due) } }
                        @if let Some(m) = a.iri("meeting") {
                            " — " (meeting_link(links, &m, &a.text("date"), a.get("title").as_deref()))
                        }
                    }
                } }
            }
        }
    }
}
