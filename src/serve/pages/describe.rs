//! The page of any other resource (an agenda item, a place, a recap, a source file, a
//! decision…): its statements, then the statements that name it, as a Linked Data
//! browser shows them; a source file's page also links to its graph; a property (named
//! only as the predicate of statements) shows some statements that use it.

use maud::{html, Markup};
use oxigraph::model::Term;

use super::read::{compact, Links, Reader, Row};
use super::{link, Page};
use crate::store::StoreError;

const DESCRIBE: &str = include_str!("queries/describe.rq");
const PROPERTY: &str = include_str!("queries/property.rq");

pub(super) fn page(
    r: &Reader,
    links: &Links,
    iri: &str,
    types: &[String],
) -> Result<Page, StoreError> {
    let rows = r.rows(DESCRIBE, iri)?;
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<&Row> = rows
        .iter()
        .filter(|row| {
            seen.insert((
                row.text("dir"),
                row.text("p"),
                row.term("other").map(ToString::to_string),
            ))
        })
        .collect();
    let (mut out, mut inc): (Vec<&Row>, Vec<&Row>) =
        rows.iter().partition(|row| row.text("dir") == "out");
    out.sort_by_key(|row| (row.text("p"), row.text("label"), row.text("other")));
    inc.sort_by_key(|row| (row.text("p"), row.text("label"), row.text("other")));
    let label = rows
        .iter()
        .find(|row| {
            row.text("dir") == "out"
                && [
                    crate::vocab::schema::NAME.as_str(),
                    crate::vocab::skos::PREF_LABEL.as_str(),
                    crate::vocab::schema::HEADLINE.as_str(),
                    crate::vocab::schema::DESCRIPTION.as_str(),
                    crate::vocab::rg::SOURCE_PATH.as_str(),
                ]
                .contains(&row.text("p").as_str())
        })
        .map(|row| row.text("other"));
    let kind = types
        .iter()
        .map(|t| compact(t))
        .collect::<Vec<_>>()
        .join(", ");
    // Named only as a property (a `?p` of a query result): some statements using it.
    let uses = if rows.is_empty() {
        r.rows(PROPERTY, iri)?
    } else {
        Vec::new()
    };
    let is_graph = types
        .iter()
        .any(|t| t == crate::vocab::rg::SOURCE_FILE.as_str());
    let body = html! {
        @if !kind.is_empty() { p.meta { "Type: " (kind) } }
        @if is_graph {
            p { "This file's graph as "
                a href=(Links::graph_href(iri, "ttl")) { "Turtle" } " · "
                a href=(Links::graph_href(iri, "nt")) { "N-Triples" } " · "
                a href=(Links::graph_href(iri, "jsonld")) { "JSON-LD" } }
        }
        @if uses.is_empty() {
            section #statements {
                h2 { "Statements" }
                (table(links, &out))
            }
        } @else {
            section #uses {
                h2 { "Used as a property" }
                p.muted { "The first " (uses.len()) " statements that use it." }
                table.list { tbody { @for u in &uses {
                    tr {
                        td { @if let Some(s) = u.iri("s") { (link(links, &s, Some(&s))) } @else { (u.text("s")) } }
                        td { (compact(iri)) }
                        td { @match u.term("o") {
                            Some(Term::NamedNode(n)) => { (link(links, n.as_str(), Some(n.as_str()))) }
                            Some(Term::Literal(l)) => { (l.value()) }
                            _ => { (u.text("o")) }
                        } }
                    }
                } } }
            }
        }
        @if !inc.is_empty() {
            section #incoming {
                h2 { "Named by" }
                (table(links, &inc))
            }
        }
    };
    let title = label.unwrap_or_else(|| super::fallback_label(iri));
    Ok(Page::ok("Resource", title, iri, body))
}

fn table(links: &Links, rows: &[&Row]) -> Markup {
    html! {
        table.list {
            tbody { @for row in rows {
                tr {
                    th { (compact(&row.text("p"))) }
                    td { (value(links, row)) }
                }
            } }
        }
    }
}

fn value(links: &Links, row: &Row) -> Markup {
    match row.term("other") {
        Some(Term::NamedNode(n)) => {
            let label = row.get("label");
            html! { (link(links, n.as_str(), Some(label.as_deref().unwrap_or(n.as_str())))) }
        }
        Some(Term::Literal(l)) => html! { (l.value()) },
        Some(other) => html! { (other.to_string()) },
        None => html! {},
    }
}
