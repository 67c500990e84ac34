//! The page of a meeting: date and title, attendees, the agenda with each item's topics,
//! presenters and cited documents (with their latest link check), decisions and actions,
//! and the recap files it was read from with links to their graphs.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::read::{external, Links, Reader, Row};
use super::{check_badge, first, latest_checks, link, push_unique, Page};
use crate::store::StoreError;

const HEAD: &str = include_str!("queries/meeting.rq");
const PEOPLE: &str = include_str!("queries/meeting-people.rq");
const AGENDA: &str = include_str!("queries/meeting-agenda.rq");
const CITATIONS: &str = include_str!("queries/meeting-citations.rq");
const OUTCOMES: &str = include_str!("queries/meeting-outcomes.rq");

/// One agenda item as the page shows it.
#[derive(Default)]
struct Item {
    iri: String,
    position: i64,
    name: String,
    procedural: bool,
    topics: Vec<(String, Option<String>)>,
    presenters: Vec<(String, Option<String>)>,
    citations: Vec<Citation>,
}

/// One link in the recap.
struct Citation {
    doc: String,
    anchor: String,
    line: Option<i64>,
}

pub(super) fn page(r: &Reader, links: &Links, iri: &str) -> Result<Page, StoreError> {
    let head = r.rows(HEAD, iri)?;
    let title = first(&head, "title").unwrap_or_else(|| super::fallback_label(iri));
    let date = first(&head, "date").unwrap_or_default();
    let mut sources: Vec<(String, String)> = Vec::new();
    for row in &head {
        if let (Some(g), Some(p)) = (row.iri("source"), row.get("path")) {
            push_unique(&mut sources, (g, p));
        }
    }
    let people = attendees(&r.rows(PEOPLE, iri)?);
    let (mut items, loose) = agenda(&r.rows(AGENDA, iri)?, &r.rows(CITATIONS, iri)?);
    items.sort_by(|a, b| a.position.cmp(&b.position).then(a.name.cmp(&b.name)));
    let mut docs: Vec<String> = Vec::new();
    for c in items.iter().flat_map(|i| &i.citations).chain(&loose) {
        push_unique(&mut docs, c.doc.clone());
    }
    let checks = latest_checks(r, &docs)?;
    let outcomes = r.rows(OUTCOMES, iri)?;
    let cite = |c: &Citation| -> Markup {
        html! {
            li.cite {
                (link(links, &c.doc, Some(if c.anchor.is_empty() { &c.doc } else { &c.anchor })))
                @if let Some(url) = external(&c.doc) {
                    " " a.ext href=(url) rel="noopener noreferrer nofollow" title="open the document" { "↗" }
                }
                @if let Some((outcome, status)) = checks.get(&c.doc) {
                    " " (check_badge(outcome, status.as_deref()))
                }
                @if let Some(line) = c.line { " " span.muted { "line " (line) } }
            }
        }
    };
    let body = html! {
        p.meta {
            @if !date.is_empty() { span.date { (date) } " · " }
            (people.len()) " attendees · " (items.len()) " agenda items · " (docs.len()) " documents"
        }
        section #attendees {
            h2 { "Attendees" }
            @if people.is_empty() { p.muted { "No attendance list was found in the recap." } }
            ul.people {
                @for (p, name, roles) in &people {
                    li { (link(links, p, name.as_deref()))
                        @if !roles.is_empty() { " " span.muted { "(" (roles.join(", ")) ")" } } }
                }
            }
        }
        section #agenda {
            h2 { "Agenda" }
            @if items.is_empty() { p.muted { "No agenda items were found." } }
            ol.agenda {
                @for item in &items {
                    li class=(if item.procedural { "item procedural" } else { "item" }) {
                        span.item-name { (item.name) }
                        @if item.procedural { " " span.badge { "procedural" } }
                        @if !item.presenters.is_empty() {
                            div.presenters { "Presented by "
                                @for (i, (p, name)) in item.presenters.iter().enumerate() {
                                    @if i > 0 { ", " } (link(links, p, name.as_deref()))
                                }
                            }
                        }
                        @if !item.topics.is_empty() {
                            div.topics { "Topics: "
                                @for (t, label) in &item.topics {
                                    span.topic { (link(links, t, label.as_deref())) } " "
                                }
                            }
                        }
                        @if !item.citations.is_empty() {
                            ul.citations { @for c in &item.citations { (cite(c)) } }
                        }
                    }
                }
            }
            @if !loose.is_empty() {
                h3 { "Other documents cited" }
                ul.citations { @for c in &loose { (cite(c)) } }
            }
        }
        (outcomes_section(links, &outcomes))
        section #sources {
            h2 { "Source" }
            ul {
                @for (g, path) in &sources {
                    li {
                        (link(links, g, Some(path)))
                        " — this file's graph as "
                        a href=(Links::graph_href(g, "ttl")) { "Turtle" } " · "
                        a href=(Links::graph_href(g, "nt")) { "N-Triples" } " · "
                        a href=(Links::graph_href(g, "jsonld")) { "JSON-LD" }
                    }
                }
            }
        }
    };
    Ok(Page::ok("Meeting", title, iri, body))
}

/// Attendees in name order, each once: IRI, name, roles.
fn attendees(rows: &[Row]) -> Vec<(String, Option<String>, Vec<String>)> {
    let mut by: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    for row in rows {
        let Some(p) = row.iri("person") else { continue };
        let entry = by.entry(p).or_default();
        if let Some(n) = row.get("name") {
            if entry.0.as_ref().is_none_or(|old| n.len() > old.len()) {
                entry.0 = Some(n);
            }
        }
        if let Some(role) = row.get("role") {
            push_unique(&mut entry.1, role);
        }
    }
    let mut out: Vec<_> = by.into_iter().map(|(p, (n, r))| (p, n, r)).collect();
    out.sort_by_key(|(p, n, _)| n.clone().unwrap_or_else(|| p.clone()).to_lowercase());
    out
}

/// The agenda items (rows of items, of their topics and of their presenters) with their
/// citations, and the citations under no item.
fn agenda(rows: &[Row], citations: &[Row]) -> (Vec<Item>, Vec<Citation>) {
    let mut items: BTreeMap<String, Item> = BTreeMap::new();
    for row in rows {
        let Some(iri) = row.iri("item") else { continue };
        let item = items.entry(iri.clone()).or_insert_with(|| Item {
            iri,
            position: i64::MAX,
            ..Item::default()
        });
        if let Some(p) = row.number("position") {
            item.position = p;
        }
        if let Some(n) = row.get("name") {
            item.name = n;
        }
        item.procedural |= row.get("procedural").as_deref() == Some("true");
        if let Some(t) = row.iri("topic") {
            push_unique(&mut item.topics, (t, row.get("topicLabel")));
        }
        if let Some(p) = row.iri("presenter") {
            push_unique(&mut item.presenters, (p, row.get("presenterName")));
        }
    }
    let mut loose = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in citations {
        let (Some(c), Some(doc)) = (row.get("citation"), row.iri("doc")) else {
            continue;
        };
        if !seen.insert(c) {
            continue;
        }
        let cite = Citation {
            doc,
            anchor: row.text("anchor"),
            line: row.number("line"),
        };
        match row.iri("item").and_then(|i| items.get_mut(&i)) {
            Some(item) => item.citations.push(cite),
            None => loose.push(cite),
        }
    }
    let mut items: Vec<Item> = items.into_values().collect();
    for item in &mut items {
        if item.name.is_empty() {
            item.name = super::fallback_label(&item.iri);
        }
        item.citations.sort_by_key(|c| c.line);
    }
    loose.sort_by_key(|c| c.line);
    (items, loose)
}

/// One decision or action.
#[derive(Default)]
struct Outcome {
    decision: bool,
    text: String,
    line: Option<i64>,
    done: bool,
    due: Option<String>,
    item: Option<String>,
    owners: Vec<(String, Option<String>)>,
    done_in: Vec<(String, Option<String>)>,
}

/// The decisions and actions of the meeting, in line order; nothing when there are none.
fn outcomes_section(links: &Links, rows: &[Row]) -> Markup {
    use crate::vocab::{rg, schema};
    let mut by: BTreeMap<String, Outcome> = BTreeMap::new();
    for row in rows {
        let (Some(node), Some(t)) = (row.iri("node"), row.iri("type")) else {
            continue;
        };
        let decision = t == rg::DECISION.as_str();
        if !decision && t != schema::ACTION.as_str() {
            continue;
        }
        let o = by.entry(node).or_default();
        o.decision = decision;
        o.text = row.text("text");
        o.line = row.number("line");
        o.done |= row.iri("status").as_deref() == Some(schema::COMPLETED_ACTION_STATUS.as_str());
        o.due = o.due.take().or_else(|| row.get("due"));
        o.item = o.item.take().or_else(|| row.get("itemName"));
        if let Some(p) = row.iri("owner") {
            push_unique(&mut o.owners, (p, row.get("ownerName")));
        }
        if let Some(m) = row.iri("doneIn") {
            o.done = true;
            push_unique(&mut o.done_in, (m, row.get("doneDate")));
        }
    }
    let mut list: Vec<Outcome> = by.into_values().collect();
    list.sort_by_key(|o| o.line);
    let (decisions, actions): (Vec<&Outcome>, Vec<&Outcome>) =
        list.iter().partition(|o| o.decision);
    if list.is_empty() {
        return html! {};
    }
    html! {
        @if !decisions.is_empty() {
            section #decisions {
                h2 { "Decisions" }
                ul.outcomes { @for d in &decisions {
                    li { (d.text) @if let Some(i) = &d.item { " " span.muted { "(" (i) ")" } } }
                } }
            }
        }
        @if !actions.is_empty() {
            section #actions {
                h2 { "Actions" }
                ul.outcomes { @for a in &actions {
                    li {
                        span class=(if a.done { "badge ok" } else { "badge warn" }) { @if a.done { "done" } @else { "open" } }
                        " " (a.text)
                        @if !a.owners.is_empty() {
                            " — " @for (i, (p, n)) in a.owners.iter().enumerate() { @if i > 0 { ", " } (link(links, p, n.as_deref())) }
                        }
                        @if let Some(due) = &a.due { " " span.muted { "due " (due) } }
                        @for (m, date) in &a.done_in {
                            " " span.muted { "done in " (link(links, m, date.as_deref())) }
                        }
                    }
                } }
            }
        }
    }
}
