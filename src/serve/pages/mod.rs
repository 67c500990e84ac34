//! The browsable graph: one HTML page per resource, built from SPARQL over the store.
//! A meeting (`meeting.rs`), a person (`person.rs`), a topic (`topic.rs`), a cited
//! document (`document.rs`), anything else as its statements (`describe.rs`); the index
//! of meetings by date and the search over labels (`index.rs`); the queries, rows and
//! links they share (`read.rs`); the layout, style sheet and script every page uses
//! (here, `pages.css`, `pages.js`, compiled in).
//!
//! Invariant: every value from the store reaches the HTML through `maud`, which escapes
//! it (text and attributes); hrefs come only from [`read::Links`] and [`read::external`].
//! Labels are read from the union default graph, and a topic's `skos:altLabel`,
//! `skos:related` and `skos:broader` are optional everywhere.

mod describe;
mod document;
mod index;
mod meeting;
mod person;
pub(crate) mod read;
mod topic;

use axum::http::StatusCode;
use maud::{html, Markup, DOCTYPE};

use crate::store::StoreError;
use crate::vocab::{rg, schema, skos};
use read::{fallback_label, Links, Reader, Row};

pub(crate) use index::{meetings as meetings_page, search as search_page};

/// The page style sheet, served at `/pages.css`.
pub(crate) const CSS: &str = include_str!("pages.css");
/// The page script (filters the index as one types), served at `/pages.js`.
pub(crate) const JS: &str = include_str!("pages.js");

/// A page's status, title and content, before the layout.
pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) title: String,
    /// What kind of resource the page shows ("Meeting", "Person", …), shown above the title.
    pub(crate) kind: &'static str,
    /// The resource the page describes, for its links to RDF.
    pub(crate) iri: Option<String>,
    pub(crate) body: Markup,
}

impl Page {
    fn ok(kind: &'static str, title: String, iri: &str, body: Markup) -> Self {
        Self {
            status: StatusCode::OK,
            title,
            kind,
            iri: Some(iri.to_owned()),
            body,
        }
    }

    /// A page saying what went wrong and what to do, with `status`.
    pub(crate) fn message(status: StatusCode, title: &str, text: &str) -> Self {
        Self {
            status,
            title: title.to_owned(),
            kind: "",
            iri: None,
            body: html! { p.note { (text) } },
        }
    }
}

/// The HTML of `page` in the common layout: header with the search box, the page, the
/// links to the resource as RDF.
pub(crate) fn layout(links: &Links, page: &Page, query: &str) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (page.title) " — recapgraph" }
                link rel="stylesheet" href="/pages.css";
                @if let Some(iri) = &page.iri {
                    link rel="alternate" type="text/turtle" href=(links.data_href(iri, "ttl"));
                    link rel="alternate" type="application/ld+json" href=(links.data_href(iri, "jsonld"));
                }
            }
            body {
                header.top {
                    a.brand href="/meetings" { "recapgraph" }
                    nav {
                        a href="/meetings" { "Meetings" }
                        a href="/" { "SPARQL" }
                    }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Search names and topics"
                            aria-label="Search names and topics";
                        button type="submit" { "Search" }
                    }
                }
                main {
                    @if !page.kind.is_empty() { p.kind { (page.kind) } }
                    h1 { (page.title) }
                    (page.body)
                }
                @if let Some(iri) = &page.iri {
                    footer {
                        span.iri { (iri) }
                        " · as "
                        a href=(links.data_href(iri, "ttl")) { "Turtle" } " · "
                        a href=(links.data_href(iri, "jsonld")) { "JSON-LD" } " · "
                        a href=(links.data_href(iri, "nt")) { "N-Triples" }
                    }
                }
                script src="/pages.js" {}
            }
        }
    }
    .into_string()
}

/// What a resource is, from its types and how others point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Meeting,
    Person,
    Topic,
    Document,
    Other,
}

const KIND: &str = include_str!("queries/kind.rq");

/// The page of `iri`: by its kind, or a 404 page when the store knows nothing of it.
///
/// # Errors
/// When a query fails (or is cancelled).
pub(crate) fn resource(r: &Reader, links: &Links, iri: &str) -> Result<Page, StoreError> {
    let rows = r.rows(KIND, iri)?;
    if rows.is_empty() {
        return Ok(Page::message(
            StatusCode::NOT_FOUND,
            "Not in the graph",
            &format!(
                "The store holds nothing about {iri}. Search for a name or topic above, or browse the meetings."
            ),
        ));
    }
    let types: Vec<String> = rows.iter().filter_map(|row| row.iri("type")).collect();
    let has = |t: oxigraph::model::NamedNodeRef<'_>| types.iter().any(|x| x == t.as_str());
    let flag = |var: &str| {
        rows.iter()
            .any(|row| row.get(var).as_deref() == Some("true"))
    };
    let kind = if has(rg::MEETING) {
        Kind::Meeting
    } else if has(schema::PERSON) {
        Kind::Person
    } else if has(skos::CONCEPT) || (flag("about") && !has(rg::AGENDA_ITEM)) {
        Kind::Topic
    } else if has(schema::WEB_PAGE) || flag("cited") {
        Kind::Document
    } else {
        Kind::Other
    };
    match kind {
        Kind::Meeting => meeting::page(r, links, iri),
        Kind::Person => person::page(r, links, iri),
        Kind::Topic => topic::page(r, links, iri),
        Kind::Document => document::page(r, links, iri),
        Kind::Other => describe::page(r, links, iri, &types),
    }
}

/// A link to the page of `iri`, showing `label` (or a name made from the IRI).
fn link(links: &Links, iri: &str, label: Option<&str>) -> Markup {
    let text = label
        .filter(|l| !l.trim().is_empty())
        .map_or_else(|| fallback_label(iri), str::to_owned);
    html! { a href=(links.href(iri)) { (text) } }
}

/// A link to a meeting: its date and title.
fn meeting_link(links: &Links, iri: &str, date: &str, title: Option<&str>) -> Markup {
    html! {
        span.date { (date) } " "
        (link(links, iri, title))
    }
}

/// The latest link check's outcome as a small badge.
fn check_badge(outcome: &str, status: Option<&str>) -> Markup {
    let class = match outcome {
        "ok" => "badge ok",
        "redirected" => "badge warn",
        "broken" | "unreachable" => "badge bad",
        _ => "badge",
    };
    html! {
        span class=(class) title="latest link check" {
            (outcome) @if let Some(s) = status { " " (s) }
        }
    }
}

/// The year of an ISO date ("2024-05-07" → "2024"), or "undated".
fn year_of(date: &str) -> String {
    date.get(..4)
        .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
        .map_or_else(|| "undated".to_owned(), str::to_owned)
}

/// The first non-empty value of `var` over `rows`.
fn first(rows: &[Row], var: &str) -> Option<String> {
    rows.iter()
        .filter_map(|r| r.get(var))
        .find(|v| !v.is_empty())
}

/// Pushes `value` unless it is already in `list` (keeps the first order).
fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The latest link check of each of `docs`: (outcome, HTTP status).
fn latest_checks(
    r: &Reader,
    docs: &[String],
) -> Result<std::collections::HashMap<String, (String, Option<String>)>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for doc in docs {
        if let Some(last) = r.rows(document::CHECKS, doc)?.last() {
            out.insert(doc.clone(), (last.text("outcome"), last.get("status")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_page_query_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve/pages/queries");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("queries/") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(
                text.starts_with("# "),
                "{}: says what it answers",
                path.display()
            );
            spargebra::SparqlParser::new()
                .parse_query(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
        assert!(n >= 20, "{n} queries");
    }

    #[test]
    fn years() {
        assert_eq!(super::year_of("2024-05-07"), "2024");
        assert_eq!(super::year_of(""), "undated");
    }
}
