//! Reading a topic vocabulary (SKOS Turtle with IRIs relative to the base) into plain
//! data for `extract`, and into quads for the vocabulary graph.

use std::collections::BTreeMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Term};

use super::IriScheme;
use crate::extract::{Concept, Vocabulary};
use crate::vocab::{rdf, rg, skos};

/// The starter vocabulary shipped with recapgraph (`ontology/topics.ttl`).
pub const BUNDLED_TOPICS: &str = include_str!("../../ontology/topics.ttl");

/// A vocabulary file that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VocabularyError {
    /// The Turtle is invalid.
    #[error("{name}: invalid Turtle: {source}")]
    Syntax {
        /// The vocabulary's name (file path or "bundled").
        name: String,
        /// The parser's error, with line and column.
        #[source]
        source: oxigraph::io::RdfSyntaxError,
    },
    /// The base IRI cannot serve as a base for relative IRIs.
    #[error("{name}: cannot resolve IRIs against the base: {message}")]
    Base {
        /// The vocabulary's name.
        name: String,
        /// Why.
        message: String,
    },
}

#[derive(Default)]
struct Entry {
    topic: bool,
    procedural: bool,
    pref: Option<String>,
    alts: Vec<String>,
}

/// Parses vocabularies (bundled first, then the user's) resolved against `iris`' base.
///
/// Returns the lookup tables for `extract` and the quads for the vocabulary graph.
///
/// # Errors
/// When a vocabulary is not valid Turtle; the error names it and gives line and column.
pub fn load_vocabulary(
    sources: &[(&str, &str)],
    iris: &IriScheme,
) -> Result<(Vocabulary, Vec<Quad>), VocabularyError> {
    let graph = GraphName::NamedNode(iris.vocabulary_graph());
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut quads = Vec::new();
    for (name, text) in sources {
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(iris.base())
            .map_err(|e| VocabularyError::Base {
                name: (*name).to_owned(),
                message: e.to_string(),
            })?;
        for quad in parser.for_slice(text.as_bytes()) {
            let quad = quad.map_err(|source| VocabularyError::Syntax {
                name: (*name).to_owned(),
                source,
            })?;
            let subject = quad.subject.to_string();
            let subject = subject.trim_start_matches('<').trim_end_matches('>');
            let id = subject
                .strip_prefix(iris.base())
                .unwrap_or(subject)
                .to_owned();
            if !entries.contains_key(&id) {
                order.push(id.clone());
            }
            let e = entries.entry(id).or_default();
            let p = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(o) if p == rdf::TYPE => {
                    e.topic |= o.as_ref() == skos::CONCEPT;
                    e.procedural |= o.as_ref() == rg::PROCEDURAL_ITEM;
                }
                Term::Literal(l) if p == skos::PREF_LABEL => e.pref = Some(l.value().to_owned()),
                Term::Literal(l) if p == skos::ALT_LABEL => e.alts.push(l.value().to_owned()),
                _ => {}
            }
            quads.push(Quad::new(
                quad.subject,
                quad.predicate,
                quad.object,
                graph.clone(),
            ));
        }
    }
    let mut topics = Vec::new();
    let mut procedural = Vec::new();
    for id in order {
        let Some(e) = entries.remove(&id) else {
            continue;
        };
        let Some(pref) = e.pref else { continue };
        let concept = Concept {
            id,
            pref_label: pref,
            alt_labels: e.alts,
        };
        if e.procedural {
            procedural.push(concept);
        } else if e.topic {
            topics.push(concept);
        }
    }
    Ok((Vocabulary::new(topics, procedural), quads))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_vocabulary_loads() {
        let iris = IriScheme::default();
        let (v, quads) = load_vocabulary(&[("bundled", BUNDLED_TOPICS)], &iris).unwrap();
        // Only what holds for any team: procedural headings, no subject concepts.
        assert!(v.topics.is_empty(), "{:?}", v.topics);
        assert!(v.procedural("Next meeting").is_some());
        assert!(v.procedural("Approval of the minutes").is_some());
        assert!(v.procedural("Configuration management").is_none());
        assert!(!quads.is_empty());
        let example = include_str!("../../ontology/examples/topics.ttl");
        let (v, _) =
            load_vocabulary(&[("bundled", BUNDLED_TOPICS), ("example", example)], &iris).unwrap();
        assert!(v.topics.len() >= 50, "{}", v.topics.len());
        assert!(v.topics.iter().all(|t| t.id.starts_with("topic/")));
        assert!(v.procedural("Configuration management").is_none());
    }

    #[test]
    fn bad_turtle_is_an_error() {
        let iris = IriScheme::default();
        let err = load_vocabulary(&[("mine.ttl", "<a> <b> .")], &iris).unwrap_err();
        assert!(
            err.to_string().starts_with("mine.ttl: invalid Turtle"),
            "{err}"
        );
    }
}
