//! Content negotiation for the endpoint: which serialisation a client's `Accept` header
//! (or a `format=` parameter) asks for, per kind of result.
//!
//! Invariant: a request is answered in a format it accepts, or refused (406) with the
//! formats offered; no `Accept` at all gets the kind's default.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// A serialisation the endpoint can answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Solutions or a boolean (SELECT, ASK).
    Results(QueryResultsFormat),
    /// Triples (CONSTRUCT, DESCRIBE).
    Graph(RdfFormat),
}

impl Answer {
    /// The `Content-Type` to send.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Results(f) => f.media_type(),
            Self::Graph(f) => f.media_type(),
        }
    }
}

/// What a query answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SELECT or ASK.
    Results,
    /// CONSTRUCT or DESCRIBE.
    Graph,
}

/// Media types offered for SELECT/ASK, the first being the default.
const RESULTS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

/// Media types offered for CONSTRUCT/DESCRIBE, the first being the default.
fn graph_formats() -> [(&'static str, RdfFormat); 8] {
    [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("text/plain", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/trig", RdfFormat::TriG),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/x-turtle", RdfFormat::Turtle),
    ]
}

/// The names a `format=` (or `output=`) parameter may use, as media types.
fn short_name(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "json" | "srj" => "application/sparql-results+json",
        "xml" | "srx" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "turtle" | "ttl" => "text/turtle",
        "ntriples" | "nt" | "n-triples" => "application/n-triples",
        "nquads" | "nq" | "n-quads" => "application/n-quads",
        "trig" => "application/trig",
        "jsonld" | "json-ld" => "application/ld+json",
        "rdfxml" | "rdf" | "rdf/xml" => "application/rdf+xml",
        _ => return None,
    })
}

/// Picks the serialisation for `kind` from a `format=` parameter (a short name or a media
/// type; wins when it fits the kind) or else the `Accept` header (q-values honoured; `*/*`,
/// a missing header and `type/*` wildcards get the default: SPARQL Results JSON for
/// SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE). `None` when nothing offered is acceptable.
#[must_use]
pub fn negotiate(kind: Kind, accept: Option<&str>, format_param: Option<&str>) -> Option<Answer> {
    let offered: Vec<(&str, Answer)> = match kind {
        Kind::Results => RESULTS
            .iter()
            .map(|(m, f)| (*m, Answer::Results(*f)))
            .collect(),
        Kind::Graph => graph_formats()
            .iter()
            .map(|(m, f)| (*m, Answer::Graph(*f)))
            .collect(),
    };
    if let Some(p) = format_param {
        let media = short_name(p).unwrap_or(p);
        // A JSON results name asked of a graph query means JSON-LD.
        let media = match (kind, media) {
            (Kind::Graph, "application/sparql-results+json") => "application/ld+json",
            (Kind::Graph, "application/sparql-results+xml") => "application/rdf+xml",
            (_, m) => m,
        };
        if let Some((_, a)) = offered.iter().find(|(m, _)| m.eq_ignore_ascii_case(media)) {
            return Some(*a);
        }
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(offered[0].1);
    };
    let mut ranges: Vec<(String, f32, usize)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let mut q = 1.0_f32;
            for param in pieces {
                if let Some((k, v)) = param.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        q = v.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            Some((media, q, i))
        })
        .filter(|(_, q, _)| *q > 0.0)
        .collect();
    // Highest q first; among equals, exact types before wildcards, then header order.
    ranges.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.contains('*').cmp(&b.0.contains('*')))
            .then(a.2.cmp(&b.2))
    });
    for (media, _, _) in ranges {
        if media == "*/*" {
            return Some(offered[0].1);
        }
        if let Some(top) = media.strip_suffix("/*") {
            if let Some((_, a)) = offered
                .iter()
                .find(|(m, _)| m.split('/').next() == Some(top))
            {
                return Some(*a);
            }
            continue;
        }
        if let Some((_, a)) = offered.iter().find(|(m, _)| *m == media) {
            return Some(*a);
        }
    }
    None
}

/// The media types offered for `kind`, for a 406 message.
#[must_use]
pub fn offered(kind: Kind) -> String {
    match kind {
        Kind::Results => RESULTS
            .iter()
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join(", "),
        Kind::Graph => graph_formats()
            .iter()
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: Kind, accept: Option<&str>, format: Option<&str>, expected: Option<&str>) {
        assert_eq!(
            negotiate(kind, accept, format).and_then(|a| a.media_type().split(';').next()),
            expected,
            "{kind:?} accept={accept:?} format={format:?}"
        );
    }

    #[test]
    fn accept_headers() {
        let json = Some("application/sparql-results+json");
        check(Kind::Results, None, None, json);
        check(Kind::Results, Some("*/*"), None, json);
        check(
            Kind::Results,
            Some("text/html,application/xhtml+xml,*/*;q=0.8"),
            None,
            json,
        );
        check(Kind::Results, Some("text/csv"), None, Some("text/csv"));
        check(
            Kind::Results,
            Some("application/sparql-results+xml;q=0.5, text/tab-separated-values"),
            None,
            Some("text/tab-separated-values"),
        );
        check(Kind::Results, Some("application/json"), None, json);
        check(Kind::Results, Some("text/turtle"), None, None);
        check(Kind::Results, Some("text/csv;q=0"), None, None);
        check(Kind::Graph, None, None, Some("text/turtle"));
        check(
            Kind::Graph,
            Some("application/sparql-results+json, application/n-triples;q=0.9"),
            None,
            Some("application/n-triples"),
        );
        check(
            Kind::Graph,
            Some("application/*"),
            None,
            Some("application/n-triples"),
        );
        check(
            Kind::Graph,
            Some("application/ld+json"),
            None,
            Some("application/ld+json"),
        );
        check(
            Kind::Graph,
            Some("application/n-quads"),
            None,
            Some("application/n-quads"),
        );
        check(
            Kind::Graph,
            Some("APPLICATION/RDF+XML"),
            None,
            Some("application/rdf+xml"),
        );
    }

    #[test]
    fn format_parameter_wins_when_it_fits() {
        check(
            Kind::Results,
            Some("text/csv"),
            Some("json"),
            Some("application/sparql-results+json"),
        );
        check(
            Kind::Results,
            None,
            Some("tsv"),
            Some("text/tab-separated-values"),
        );
        check(Kind::Graph, None, Some("json"), Some("application/ld+json"));
        check(
            Kind::Graph,
            Some("text/turtle"),
            Some("csv"),
            Some("text/turtle"),
        );
        check(
            Kind::Graph,
            None,
            Some("application/n-quads"),
            Some("application/n-quads"),
        );
    }
}
