//! The SPARQL 1.1 Protocol's side of a request to `/sparql`: the operation read from the
//! URL and, for `POST`, the body (query string, form and `application/sparql-query` /
//! `application/sparql-update` bodies; `default-graph-uri` / `named-graph-uri`), then
//! handed to [`super::evaluate`] or [`super::update`].
//!
//! Invariant: a request is one operation or refused with 400/415 before anything runs:
//! never both a query and an update, never an update by `GET`, never a body not UTF-8.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

use super::evaluate::run_query;
use super::update::run_update;
use super::{text, Shared};
use crate::store::ProtocolDataset;

/// What a request asks for, once its parameters and body are read.
#[derive(Debug, Default)]
struct Operation {
    query: Option<String>,
    update: Option<String>,
    dataset: ProtocolDataset,
    format: Option<String>,
}

impl Operation {
    fn add_params(&mut self, raw: &[u8]) {
        for (k, v) in url::form_urlencoded::parse(raw) {
            match k.as_ref() {
                "query" => self.query = Some(v.into_owned()),
                "update" => self.update = Some(v.into_owned()),
                "default-graph-uri" => self.dataset.default_graphs.push(v.into_owned()),
                "named-graph-uri" => self.dataset.named_graphs.push(v.into_owned()),
                "format" | "output" => self.format = Some(v.into_owned()),
                _ => {}
            }
        }
    }
}

/// Reads the operation from the URL and, for POST, the body (SPARQL 1.1 Protocol §2.1, §2.2).
fn read_operation(
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &Bytes,
) -> Result<Operation, (StatusCode, String)> {
    let mut op = Operation::default();
    op.add_params(uri.query().unwrap_or_default().as_bytes());
    if method == Method::GET {
        if op.update.is_some() {
            return Err((
                StatusCode::BAD_REQUEST,
                "an update must be sent with POST (form field update= or Content-Type: application/sparql-update)".into(),
            ));
        }
    } else if method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let utf8 = || {
            std::str::from_utf8(body).map(str::to_owned).map_err(|_| {
                (
                    StatusCode::BAD_REQUEST,
                    "the request body is not UTF-8".to_owned(),
                )
            })
        };
        match content_type.as_str() {
            "application/x-www-form-urlencoded" => op.add_params(body),
            "application/sparql-query" => op.query = Some(utf8()?),
            "application/sparql-update" => op.update = Some(utf8()?),
            other => {
                return Err((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "cannot read a {} body; send application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
                        if other.is_empty() { "untyped" } else { other }
                    ),
                ))
            }
        }
    }
    if op.query.is_some() && op.update.is_some() {
        return Err((
            StatusCode::BAD_REQUEST,
            "send either query= or update=, not both".into(),
        ));
    }
    Ok(op)
}

pub(super) async fn sparql(
    State(app): State<Shared>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let op = match read_operation(&method, &headers, &uri, &body) {
        Ok(op) => op,
        Err((status, msg)) => return text(status, msg),
    };
    if let Some(update) = op.update {
        return run_update(&app, &headers, update).await;
    }
    let Some(query) = op.query else {
        return text(
            StatusCode::BAD_REQUEST,
            "no query: give ?query=SPARQL (GET), a form field query=, or a body of type application/sparql-query (POST)",
        );
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    run_query(&app, query, op.dataset, accept, op.format).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn operations_come_from_url_and_body() {
        let get = |q: &str| {
            read_operation(
                &Method::GET,
                &HeaderMap::new(),
                &q.parse().expect("uri"),
                &Bytes::new(),
            )
        };
        let op = get("/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa&default-graph-uri=http%3A%2F%2Fb&named-graph-uri=http%3A%2F%2Fc")
            .unwrap_or_else(|_| panic!("reads"));
        assert_eq!(op.query.as_deref(), Some("ASK{}"));
        assert_eq!(op.dataset.default_graphs, ["http://a", "http://b"]);
        assert_eq!(op.dataset.named_graphs, ["http://c"]);
        assert!(get("/sparql?update=CLEAR%20ALL").is_err());

        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/sparql-query; charset=utf-8"),
        );
        let op = read_operation(
            &Method::POST,
            &headers,
            &"/sparql?named-graph-uri=http%3A%2F%2Fc"
                .parse()
                .expect("uri"),
            &Bytes::from_static(b"SELECT * {}"),
        )
        .unwrap_or_else(|_| panic!("reads"));
        assert_eq!(op.query.as_deref(), Some("SELECT * {}"));
        assert_eq!(op.dataset.named_graphs, ["http://c"]);

        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        let refused = read_operation(
            &Method::POST,
            &headers,
            &"/sparql".parse().expect("uri"),
            &Bytes::new(),
        );
        assert!(matches!(
            refused,
            Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, _))
        ));
    }
}
