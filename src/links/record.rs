//! Link-check results → quads in the `linkcheck` graph: one `rg:LinkCheck` per check and
//! document, never replacing older ones, so the graph is the documents' history, with the
//! `rg:Suggestion`s the check found (`<check>/suggestion-N`). The only code that reads
//! [`crate::linkcheck`] types to write RDF.

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use crate::linkcheck::CheckResult;
use crate::rdf::IriScheme;
use crate::vocab::{prov, rdf, rg, xsd};

/// The quads recording `result` as a check of `document` (a document IRI: the URL as
/// cited, fragment included).
#[must_use]
pub fn check_quads(iris: &IriScheme, document: &str, result: &CheckResult) -> Vec<Quad> {
    let graph = GraphName::NamedNode(iris.linkcheck_graph());
    let Ok(doc) = NamedNode::new(document) else {
        return Vec::new();
    };
    let hash = blake3::hash(document.as_bytes()).to_hex();
    let stamp = result.checked_at.format("%Y%m%dT%H%M%S%.6fZ");
    let check = NamedNode::new_unchecked(format!(
        "{}linkcheck/{}/{stamp}",
        iris.base(),
        &hash.as_str()[..16]
    ));
    let mut quads = Vec::with_capacity(12);
    let mut add = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(check.clone(), p, o, graph.clone()));
    };
    let string = |s: &str| Term::from(Literal::new_simple_literal(s));
    let integer = |n: u64| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    add(rdf::TYPE, rg::LINK_CHECK.into());
    add(rg::CHECKED_RESOURCE, doc.into());
    add(
        prov::AT_TIME,
        Literal::new_typed_literal(
            result
                .checked_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            xsd::DATE_TIME,
        )
        .into(),
    );
    add(rg::OUTCOME, string(result.outcome.as_str()));
    if let Some(status) = result.status {
        add(rg::HTTP_STATUS, integer(status.into()));
    }
    add(rg::FINAL_URL, string(&result.final_url));
    if let Some(kind) = result.error_kind {
        add(rg::ERROR_KIND, string(kind.as_str()));
    }
    if let Some(message) = &result.message {
        add(rg::ERROR_MESSAGE, string(message));
    }
    if !result.redirects.is_empty() {
        add(rg::REDIRECT_CHAIN, string(&result.redirects.join(" ")));
    }
    if let Some(kind) = result.redirect_kind {
        add(rg::REDIRECT_KIND, string(kind.as_str()));
    }
    add(rg::ATTEMPTS, integer(result.attempts.into()));
    add(rg::REQUEST_METHOD, string(result.method));
    let mut suggested = Vec::new();
    for (i, suggestion) in result.suggestions.iter().enumerate() {
        let Ok(replacement) = NamedNode::new(&suggestion.url) else {
            continue;
        };
        let node = NamedNode::new_unchecked(format!("{}/suggestion-{}", check.as_str(), i + 1));
        add(rg::HAS_SUGGESTION, node.clone().into());
        let mut about = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            suggested.push(Quad::new(node.clone(), p, o, graph.clone()));
        };
        about(rdf::TYPE, rg::SUGGESTION.into());
        about(rg::SUGGESTED_REPLACEMENT, replacement.into());
        about(rg::SUGGESTION_KIND, string(suggestion.kind.as_str()));
        about(rg::SUGGESTION_SOURCE, string(&suggestion.source));
        if let Some(at) = &suggestion.snapshot_at {
            about(
                rg::SNAPSHOT_TIME,
                Literal::new_typed_literal(at, xsd::DATE_TIME).into(),
            );
        }
        if let Some(date) = &suggestion.for_date {
            about(
                rg::FOR_MEETING_DATE,
                Literal::new_typed_literal(date, xsd::DATE).into(),
            );
        }
    }
    quads.extend(suggested);
    quads
}
