//! `GET /`: the query page (`page.html` with the named queries embedded, `page.js`, both
//! compiled in) and `/topics.svg`, the topic picture it shows.
//!
//! Invariant: the page runs no inline script (its CSP allows only `/page.js`) and the
//! embedded JSON cannot close its `<script>`; the picture is drawn at most once per
//! store generation, by one build at a time.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::limits::timeout_response;
use super::{text, Shared};

/// An SVG picture and the store generation it shows.
pub(super) type Picture = (u64, Arc<String>);

/// Topics the page's picture shows: more are unreadable, and laying them out grows with
/// the square of their number (`graph topics --format svg` draws them all).
pub const PICTURE_TOPICS: usize = 60;

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_JS: &str = include_str!("page.js");

/// The query page with the named queries embedded as JSON (safe inside `<script>`).
pub(super) fn page_html() -> String {
    let queries: Vec<serde_json::Value> = crate::query::named_queries()
        .into_iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "description": q.description,
                "params": q.params.iter().map(|(n, d)| serde_json::json!({"name": n, "description": d})).collect::<Vec<_>>(),
                "text": q.text,
            })
        })
        .collect();
    let json = serde_json::Value::Array(queries)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    PAGE_HTML.replace("/*NAMED_QUERIES*/[]", &json)
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

pub(super) async fn page(State(app): State<Shared>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        app.page.clone(),
    )
        .into_response()
}

pub(super) async fn page_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        PAGE_JS,
    )
        .into_response()
}

/// The topic graph of the store, its [`PICTURE_TOPICS`] most discussed topics drawn as
/// by `graph topics --top 60 --format svg`. Drawn once per store generation (a
/// `--watch` round or an update makes a new one) and kept; one build at a time, which
/// goes on after a request that waited past the time limit gave up, so the next
/// request finds its picture.
pub(super) async fn topics_svg(State(app): State<Shared>) -> Response {
    let work = async {
        let mut kept = Arc::clone(&app.picture).lock_owned().await;
        let generation = app.store.generation();
        if let Some((drawn, svg)) = kept.as_ref() {
            if *drawn == generation {
                return Ok(Ok::<_, crate::graph::GraphError>(Arc::clone(svg)));
            }
        }
        let store = app.store.clone();
        let log = app.config.access_log;
        tokio::task::spawn_blocking(move || {
            let start = Instant::now();
            let opts = crate::graph::GraphOptions {
                top: Some(PICTURE_TOPICS),
                ..crate::graph::GraphOptions::default()
            };
            let graph = crate::graph::topic_graph(&store, &opts)?;
            let svg = Arc::new(crate::graph::to_svg(&graph));
            if log {
                eprintln!(
                    "{} drew the topic picture ({} topics, store generation {generation}) in {}ms",
                    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
                    graph.nodes.len(),
                    start.elapsed().as_millis()
                );
            }
            *kept = Some((generation, Arc::clone(&svg)));
            Ok(svg)
        })
        .await
    };
    match tokio::time::timeout(app.config.query_timeout, work).await {
        Ok(Ok(Ok(svg))) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            svg.as_str().to_owned(),
        )
            .into_response(),
        Ok(Ok(Err(e))) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot build the topic graph: {e}"),
        ),
        Ok(Err(join)) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot build the topic graph: {join}"),
        ),
        Err(_) => timeout_response(app.config.query_timeout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_embeds_every_named_query_safely() {
        let page = page_html();
        assert!(!page.contains("/*NAMED_QUERIES*/"));
        for q in crate::query::named_queries() {
            assert!(
                page.contains(&format!("\"name\":\"{}\"", q.name)),
                "{}",
                q.name
            );
        }
        let script = page
            .split("<script id=\"named-queries\" type=\"application/json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("embedded queries");
        assert!(!script.contains('<'));
        let parsed: serde_json::Value = serde_json::from_str(script).expect("json");
        assert_eq!(
            parsed.as_array().map(Vec::len),
            Some(crate::query::named_queries().len())
        );
    }
}
