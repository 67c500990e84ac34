//! Every minted IRI resolves: `GET /resource?iri=…` (and, when the store's base is this
//! server's own URL, `GET` of the IRI's path itself) answers HTML for browsers and the
//! resource's statements as RDF (Turtle, JSON-LD, N-Triples, …) by content negotiation,
//! as Linked Data frontends do; `/graph?iri=…` answers one named graph as RDF; the index
//! of meetings (`/meetings`), the search (`/search?q=`) and the pages' style and script.
//!
//! Invariant: pages are built on blocking threads under the endpoint's query slots and
//! time limit (a page past it is cancelled and answered 503), and every HTML answer
//! carries a Content-Security-Policy that runs no inline script and loads nothing from
//! another origin.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::CancellationToken;

use super::limits::{timeout_message, Capped};
use super::negotiate::{self, Answer, Kind};
use super::pages::read::{Links, Reader, Row};
use super::pages::{self, Page};
use super::{not_found, text, Shared};
use crate::store::StoreError;

const RESOURCE_RDF: &str = include_str!("pages/queries/resource-rdf.rq");
const GRAPH: &str = include_str!("pages/queries/graph.rq");

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What a request for a resource is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Html,
    Rdf(RdfFormat),
}

/// HTML or RDF for a resource request: a `format=` parameter (`html`, or a name or media
/// type `negotiate` knows) wins; else the `Accept` header: RDF when it asks for an RDF
/// type with a higher q than `text/html`, HTML when it asks for HTML or only for
/// `*/*`/`text/*` (browsers, curl) or nothing; `None` when it accepts neither.
fn choose(accept: Option<&str>, format: Option<&str>) -> Option<Choice> {
    if let Some(f) = format.map(str::trim).filter(|f| !f.is_empty()) {
        if f.eq_ignore_ascii_case("html") || f.eq_ignore_ascii_case("text/html") {
            return Some(Choice::Html);
        }
        // An Accept that matches nothing leaves only the parameter to decide.
        return match negotiate::negotiate(Kind::Graph, Some("none/none"), Some(f)) {
            Some(Answer::Graph(g)) => Some(Choice::Rdf(g)),
            _ => None,
        };
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Choice::Html);
    };
    let mut html_q: Option<f32> = None;
    let mut rdf: Option<(f32, RdfFormat)> = None;
    let mut wildcard_html = false;
    let mut wildcard_rdf = false;
    for (media, q) in ranges(accept) {
        match media.as_str() {
            "text/html" | "application/xhtml+xml" => {
                html_q = Some(html_q.map_or(q, |h| h.max(q)));
            }
            "*/*" | "text/*" => wildcard_html = true,
            "application/*" => wildcard_rdf = true,
            m => {
                if let Some(Answer::Graph(g)) = negotiate::negotiate(Kind::Graph, Some(m), None) {
                    if rdf.is_none_or(|(best, _)| q > best) {
                        rdf = Some((q, g));
                    }
                }
            }
        }
    }
    match (html_q, rdf) {
        (Some(h), Some((q, g))) if q > h => Some(Choice::Rdf(g)),
        (Some(_), _) => Some(Choice::Html),
        (None, Some((_, g))) => Some(Choice::Rdf(g)),
        (None, None) if wildcard_html => Some(Choice::Html),
        (None, None) if wildcard_rdf => {
            match negotiate::negotiate(Kind::Graph, Some("application/*"), None) {
                Some(Answer::Graph(g)) => Some(Choice::Rdf(g)),
                _ => None,
            }
        }
        (None, None) => None,
    }
}

/// The media ranges of an `Accept` header with their q-values, those with q=0 left out.
fn ranges(accept: &str) -> Vec<(String, f32)> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let mut q = 1.0_f32;
            for param in pieces {
                if let Some((k, v)) = param.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        q = v.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            (!media.is_empty() && q > 0.0).then_some((media, q))
        })
        .collect()
}

/// Runs `work` on a blocking thread under a query slot and the time limit.
async fn blocking<T: Send + 'static>(
    app: &Shared,
    work: impl FnOnce(&Reader) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, Response> {
    let limit = app.config.query_timeout;
    let deadline = tokio::time::Instant::now() + limit;
    let Ok(Ok(permit)) = tokio::time::timeout_at(deadline, app.slots.acquire()).await else {
        return Err(text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy: no query slot became free in time; try again",
        ));
    };
    let cancel = CancellationToken::new();
    let job = {
        let app = app.clone();
        let cancel = cancel.clone();
        tokio::task::spawn_blocking(move || {
            work(&Reader {
                store: &app.store,
                cancel,
            })
        })
    };
    let outcome = tokio::time::timeout_at(deadline, job).await;
    drop(permit);
    match outcome {
        Err(_) => {
            cancel.cancel();
            Err(text(
                StatusCode::SERVICE_UNAVAILABLE,
                timeout_message(limit),
            ))
        }
        Ok(Err(join)) => Err(text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the page failed unexpectedly: {join}"),
        )),
        Ok(Ok(Err(StoreError::Evaluation(oxigraph::sparql::QueryEvaluationError::Cancelled)))) => {
            Err(text(
                StatusCode::SERVICE_UNAVAILABLE,
                timeout_message(limit),
            ))
        }
        Ok(Ok(Err(e))) => Err(text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read the store for this page: {e}"),
        )),
        Ok(Ok(Ok(v))) => Ok(v),
    }
}

fn links_for(app: &Shared, headers: &HeaderMap) -> Links {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    Links::new(app.store.iris().base(), host)
}

/// An HTML page in the layout, with its status and the pages' security headers.
fn html(links: &Links, page: &Page, query: &str) -> Response {
    (
        page.status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::VARY, "Accept"),
        ],
        pages::layout(links, page, query),
    )
        .into_response()
}

/// `GET /resource?iri=…[&format=…]`.
pub(super) async fn by_iri(
    State(app): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let links = links_for(&app, &headers);
    let Some(iri) = params.get("iri").map(|s| s.trim().to_owned()) else {
        let page = Page::message(
            StatusCode::BAD_REQUEST,
            "Which resource?",
            "Give the IRI of a resource: /resource?iri=https://…",
        );
        return html(&links, &page, "");
    };
    if let Err(e) = NamedNode::new(&iri) {
        let page = Page::message(
            StatusCode::BAD_REQUEST,
            "Not an IRI",
            &format!(
                "{iri:?} is not an absolute IRI ({e}); give one such as {}meeting/…",
                links.base()
            ),
        );
        return html(&links, &page, "");
    }
    answer(
        &app,
        &headers,
        links,
        iri,
        params.get("format").map(String::as_str),
    )
    .await
}

/// Any other path: the resource whose IRI it is, when the base is this server's URL;
/// else the endpoint's 404.
pub(super) async fn by_path(
    State(app): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let links = links_for(&app, &headers);
    match links.iri_of_path(uri.path()) {
        Some(iri) if method == Method::GET && NamedNode::new(&iri).is_ok() => {
            answer(
                &app,
                &headers,
                links,
                iri,
                params.get("format").map(String::as_str),
            )
            .await
        }
        _ => not_found(uri).await,
    }
}

/// The resource's page or its RDF, as negotiated.
async fn answer(
    app: &Shared,
    headers: &HeaderMap,
    links: Links,
    iri: String,
    format: Option<&str>,
) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    match choose(accept, format) {
        None => text(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "cannot answer in {}: a resource is answered as text/html or as {}",
                format.or(accept).unwrap_or_default(),
                negotiate::offered(Kind::Graph)
            ),
        ),
        Some(Choice::Html) => {
            let l = links.clone();
            match blocking(app, move |r| pages::resource(r, &l, &iri)).await {
                Ok(page) => html(&links, &page, ""),
                Err(refused) => refused,
            }
        }
        Some(Choice::Rdf(f)) => rdf(app, RESOURCE_RDF, iri, f).await,
    }
}

/// `GET /graph?iri=…[&format=…]`: one named graph's triples (Turtle unless asked).
pub(super) async fn graph(
    State(app): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(iri) = params
        .get("iri")
        .filter(|i| NamedNode::new(i.as_str()).is_ok())
    else {
        return text(
            StatusCode::BAD_REQUEST,
            "give the IRI of a named graph: /graph?iri=…&format=ttl|nt|jsonld",
        );
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = params.get("format").map(String::as_str);
    match negotiate::negotiate(Kind::Graph, accept, format) {
        Some(Answer::Graph(f)) => rdf(&app, GRAPH, iri.clone(), f).await,
        _ => text(
            StatusCode::NOT_ACCEPTABLE,
            format!("a graph is answered as {}", negotiate::offered(Kind::Graph)),
        ),
    }
}

/// The triples `query` gives for `iri` (its rows bind `?s ?p ?o`), serialised in `format`
/// within the result size limit; 404 when there are none.
async fn rdf(app: &Shared, query: &'static str, iri: String, format: RdfFormat) -> Response {
    let max = app.config.max_result_bytes;
    let answer = blocking(app, move |r| {
        let rows = r.rows(query, &iri)?;
        Ok((!rows.is_empty()).then(|| serialize(&rows, format, max)))
    })
    .await;
    match answer {
        Err(refused) => refused,
        Ok(None) => text(
            StatusCode::NOT_FOUND,
            "the store holds nothing about this IRI",
        ),
        Ok(Some(Err(msg))) => text(StatusCode::INTERNAL_SERVER_ERROR, msg),
        Ok(Some(Ok(bytes))) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(format.media_type()),
                ),
                (header::VARY, HeaderValue::from_static("Accept")),
            ],
            bytes,
        )
            .into_response(),
    }
}

fn serialize(rows: &[Row], format: RdfFormat, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Capped {
        buf: Vec::new(),
        max,
    };
    let failed = |e: &dyn std::fmt::Display| {
        format!("cannot write the description (limit {max} bytes, serve --max-result-bytes): {e}")
    };
    let mut ser = crate::vocab::serializer(format, crate::vocab::DUMP_PREFIXES)
        .map_err(|e| failed(&e))?
        .for_writer(&mut out);
    for row in rows {
        let subject = match row.term("s") {
            Some(Term::NamedNode(n)) => NamedOrBlankNode::from(n.clone()),
            Some(Term::BlankNode(b)) => NamedOrBlankNode::from(b.clone()),
            _ => continue,
        };
        let (Some(Term::NamedNode(p)), Some(o)) = (row.term("p"), row.term("o")) else {
            continue;
        };
        ser.serialize_triple(&Triple::new(subject, p.clone(), o.clone()))
            .map_err(|e| failed(&e))?;
    }
    ser.finish().map_err(|e| failed(&e))?;
    Ok(out.buf)
}

/// `GET /meetings`: the index of meetings by date.
pub(super) async fn meetings(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let links = links_for(&app, &headers);
    let l = links.clone();
    match blocking(&app, move |r| pages::meetings_page(r, &l)).await {
        Ok(page) => html(&links, &page, ""),
        Err(refused) => refused,
    }
}

/// `GET /search?q=…`: resources named like `q`.
pub(super) async fn search(
    State(app): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let links = links_for(&app, &headers);
    let q: String = params
        .get("q")
        .map(|q| q.chars().take(200).collect())
        .unwrap_or_default();
    let (l, asked) = (links.clone(), q.clone());
    match blocking(&app, move |r| pages::search_page(r, &l, &asked)).await {
        Ok(page) => html(&links, &page, &q),
        Err(refused) => refused,
    }
}

/// `GET /pages.css`.
pub(super) async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        pages::CSS,
    )
        .into_response()
}

/// `GET /pages.js`.
pub(super) async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        pages::JS,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(accept: Option<&str>, format: Option<&str>, expected: Option<&str>) {
        let got = choose(accept, format).map(|c| match c {
            Choice::Html => "text/html",
            Choice::Rdf(f) => f.media_type(),
        });
        assert_eq!(got, expected, "accept={accept:?} format={format:?}");
    }

    #[test]
    fn browsers_get_html_and_rdf_clients_get_rdf() {
        let html = Some("text/html");
        check(None, None, html);
        check(Some("*/*"), None, html);
        check(
            Some("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"),
            None,
            html,
        );
        check(Some("text/turtle"), None, Some("text/turtle"));
        check(
            Some("application/ld+json"),
            None,
            Some("application/ld+json"),
        );
        check(
            Some("application/n-triples"),
            None,
            Some("application/n-triples"),
        );
        check(
            Some("text/html;q=0.5, text/turtle"),
            None,
            Some("text/turtle"),
        );
        check(Some("text/html, text/turtle"), None, html);
        // rdflib's default Accept when it fetches a URL.
        check(
            Some("application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1"),
            None,
            Some("application/rdf+xml"),
        );
        check(Some("image/png"), None, None);
        check(Some("text/html;q=0"), None, None);
    }

    #[test]
    fn the_format_parameter_wins() {
        check(Some("text/html"), Some("ttl"), Some("text/turtle"));
        check(Some("text/turtle"), Some("html"), Some("text/html"));
        check(None, Some("jsonld"), Some("application/ld+json"));
        check(None, Some("nt"), Some("application/n-triples"));
        check(None, Some("csv"), None);
    }
}
