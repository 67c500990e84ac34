//! What the pages read and how they link: the page queries (`queries/*.rq` beside this
//! file, compiled in) run with the resource bound as a parameter under the request's
//! cancellation token, their rows, labels for IRIs, and the one place an `href` is made.
//!
//! Invariant: every `href` a page writes is a path on this server (starting with `/`) or
//! an `http`/`https` URL that [`external`] parsed; nothing from the store becomes an
//! `href` any other way, so a `javascript:` link in a recap never becomes one.

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution};

use crate::store::{RecapStore, StoreError};

/// Runs the page queries of one request.
pub(crate) struct Reader<'a> {
    pub(crate) store: &'a RecapStore,
    pub(crate) cancel: CancellationToken,
}

impl Reader<'_> {
    /// The rows of a SELECT with `?iri` bound to `iri`.
    pub(crate) fn rows(&self, query: &str, iri: &str) -> Result<Vec<Row>, StoreError> {
        let node = NamedNode::new(iri).map_err(|e| StoreError::GraphIri {
            iri: iri.to_owned(),
            reason: e.to_string(),
        })?;
        self.rows_with(query, &[("iri", Term::NamedNode(node))])
    }

    /// The rows of a SELECT with the given parameters bound.
    pub(crate) fn rows_with(
        &self,
        query: &str,
        params: &[(&str, Term)],
    ) -> Result<Vec<Row>, StoreError> {
        let bindings: Vec<(String, Term)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        match self
            .store
            .query_cancellable(query, &bindings, self.cancel.clone())?
        {
            QueryResults::Solutions(solutions) => solutions
                .map(|s| s.map(Row).map_err(StoreError::from))
                .collect(),
            _ => Ok(Vec::new()),
        }
    }

    /// The rows of a SELECT with `?text` bound to a plain string.
    pub(crate) fn rows_text(&self, query: &str, text: &str) -> Result<Vec<Row>, StoreError> {
        self.rows_with(
            query,
            &[("text", Term::Literal(Literal::new_simple_literal(text)))],
        )
    }
}

/// One answer row.
pub(crate) struct Row(QuerySolution);

impl Row {
    /// The value of `var` as text: a literal's lexical form or an IRI.
    pub(crate) fn get(&self, var: &str) -> Option<String> {
        match self.0.get(var)? {
            Term::Literal(l) => Some(l.value().to_owned()),
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The value of `var` when it is an IRI.
    pub(crate) fn iri(&self, var: &str) -> Option<String> {
        match self.0.get(var)? {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        }
    }

    /// The value of `var` as text, or "" when unbound.
    pub(crate) fn text(&self, var: &str) -> String {
        self.get(var).unwrap_or_default()
    }

    /// The value of `var` as a whole number.
    pub(crate) fn number(&self, var: &str) -> Option<i64> {
        self.get(var)?.parse().ok()
    }

    /// The term of `var`, as it is.
    pub(crate) fn term(&self, var: &str) -> Option<&Term> {
        self.0.get(var)
    }
}

/// How the pages link to resources: to the IRI's own path when the store's base is this
/// server's URL (the IRI then resolves here), else through `/resource?iri=`.
#[derive(Debug, Clone)]
pub(crate) struct Links {
    /// `scheme://authority` of the base, when the base is this server's URL.
    own_origin: Option<String>,
    base: String,
}

impl Links {
    /// Links for a request that named `host` (its `Host` header) to a server whose store
    /// mints IRIs under `base`.
    pub(crate) fn new(base: &str, host: Option<&str>) -> Self {
        Self {
            own_origin: own_origin(base, host),
            base: base.to_owned(),
        }
    }

    /// The base IRI of the store.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// True when `iri` is served at its own path on this server.
    pub(crate) fn resolves_here(&self, iri: &str) -> bool {
        self.own_origin.is_some() && iri.starts_with(&self.base) && !iri.contains('#')
    }

    /// The IRI a request path names, when the base is this server's URL and the path is
    /// under it.
    pub(crate) fn iri_of_path(&self, path: &str) -> Option<String> {
        let iri = format!("{}{path}", self.own_origin.as_ref()?);
        (iri.starts_with(&self.base) && iri.len() > self.base.len()).then_some(iri)
    }

    /// The local `href` of a resource's page (always a path on this server).
    pub(crate) fn href(&self, iri: &str) -> String {
        match &self.own_origin {
            Some(origin) if self.resolves_here(iri) => iri[origin.len()..].to_owned(),
            _ => format!("/resource?iri={}", encode(iri)),
        }
    }

    /// The `href` of a resource's description in `format` (a short name: ttl, jsonld, nt).
    pub(crate) fn data_href(&self, iri: &str, format: &str) -> String {
        format!("/resource?iri={}&format={format}", encode(iri))
    }

    /// The `href` of a named graph's triples in `format`.
    pub(crate) fn graph_href(graph: &str, format: &str) -> String {
        format!("/graph?iri={}&format={format}", encode(graph))
    }
}

/// `scheme://authority` of `base` when its host and port are those of `host` (the
/// request's `Host` header).
fn own_origin(raw: &str, host: Option<&str>) -> Option<String> {
    let base = url::Url::parse(raw).ok()?;
    if !matches!(base.scheme(), "http" | "https") {
        return None;
    }
    let asked = url::Url::parse(&format!("{}://{}/", base.scheme(), host?)).ok()?;
    let same = base.host_str()?.eq_ignore_ascii_case(asked.host_str()?)
        && base.port_or_known_default() == asked.port_or_known_default();
    // The base as written, without its path: the IRIs were minted from that text.
    let origin = raw.strip_suffix(base.path())?;
    same.then(|| origin.to_owned())
}

/// `s` percent-encoded for a query string.
pub(crate) fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `url` as an external `href` when it is an `http` or `https` URL, else `None` (never a
/// `javascript:`, `data:` or relative one).
pub(crate) fn external(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// A readable name for an IRI without a label: its last path segment, de-slugged.
pub(crate) fn fallback_label(iri: &str) -> String {
    let tail = iri
        .trim_end_matches('/')
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(iri);
    let decoded = percent_encoding::percent_decode_str(tail).decode_utf8_lossy();
    if decoded.is_empty() {
        iri.to_owned()
    } else {
        decoded.replace('-', " ")
    }
}

/// The IRI in short form with the prefixes the pages know (`schema:name`).
pub(crate) fn compact(iri: &str) -> String {
    for (prefix, ns) in crate::vocab::DUMP_PREFIXES.iter().chain(&[
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ]) {
        if let Some(local) = iri.strip_prefix(ns) {
            return format!("{prefix}:{local}");
        }
    }
    iri.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_here_only_when_the_base_is_this_server() {
        let own = Links::new("http://127.0.0.1:7878/", Some("127.0.0.1:7878"));
        assert_eq!(own.href("http://127.0.0.1:7878/person/a-b"), "/person/a-b");
        assert_eq!(
            own.href("https://docs.example.org/x#y"),
            "/resource?iri=https%3A%2F%2Fdocs.example.org%2Fx%23y"
        );
        let other = Links::new("https://recapgraph.example/", Some("127.0.0.1:7878"));
        assert_eq!(
            other.href("https://recapgraph.example/topic/t"),
            "/resource?iri=https%3A%2F%2Frecapgraph.example%2Ftopic%2Ft"
        );
        let port = Links::new("http://127.0.0.1:7878/", Some("127.0.0.1:9999"));
        assert!(port
            .href("http://127.0.0.1:7878/a")
            .starts_with("/resource?"));
        let path = Links::new("http://localhost:80/kb/", Some("LOCALHOST"));
        assert_eq!(path.href("http://localhost:80/kb/topic/x"), "/kb/topic/x");
        assert_eq!(
            path.iri_of_path("/kb/topic/x").as_deref(),
            Some("http://localhost:80/kb/topic/x")
        );
        assert_eq!(path.iri_of_path("/other"), None);
    }

    #[test]
    fn only_web_urls_become_external_links() {
        assert_eq!(
            external("https://a.example/x?y=1").as_deref(),
            Some("https://a.example/x?y=1")
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "/relative",
            "vbscript:x",
            "",
        ] {
            assert_eq!(external(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_and_prefixes() {
        assert_eq!(
            fallback_label("https://x.example/topic/async-rust"),
            "async rust"
        );
        assert_eq!(compact("http://schema.org/name"), "schema:name");
        assert_eq!(compact("https://x.example/a"), "https://x.example/a");
    }
}
