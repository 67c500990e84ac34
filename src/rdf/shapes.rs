//! SHACL shapes (`ontology/shapes.ttl`) translated into SPARQL checks.
//!
//! recapgraph's shapes use a small SHACL Core subset: `sh:targetClass`, and on the focus
//! node or on `sh:property` shapes with a single-IRI `sh:path`: `sh:minCount`,
//! `sh:maxCount`, `sh:datatype`, `sh:class`, `sh:nodeKind` and `sh:pattern`. Each
//! constraint becomes one SELECT query that lists violations per named graph, so the
//! check runs inside the store, on the exact graphs ingest wrote.

use std::collections::HashMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

/// The shapes shipped with recapgraph.
pub const BUNDLED_SHAPES: &str = include_str!("../../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// One constraint as a SPARQL query returning `?g ?focus ?value` for each violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeCheck {
    /// "Meeting: schema:startDate minCount 1".
    pub description: String,
    /// The query.
    pub query: String,
}

/// Shapes that use SHACL features the translator does not support.
#[derive(Debug, thiserror::Error)]
#[error("shapes: {0}")]
pub struct ShapesError(String);

fn iri(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

fn short(iri: &str) -> String {
    for (p, ns) in [
        ("schema:", "http://schema.org/"),
        ("skos:", "http://www.w3.org/2004/02/skos/core#"),
        ("rg:", crate::vocab::RG_NS),
        ("prov:", "http://www.w3.org/ns/prov#"),
        ("xsd:", "http://www.w3.org/2001/XMLSchema#"),
        ("sh:", SH),
    ] {
        if let Some(rest) = iri.strip_prefix(ns) {
            return format!("{p}{rest}");
        }
    }
    format!("<{iri}>")
}

/// Translates shapes Turtle into checks.
///
/// # Errors
/// When the Turtle is invalid or uses an unsupported feature.
pub fn shape_checks(shapes_ttl: &str) -> Result<Vec<ShapeCheck>, ShapesError> {
    let mut by_subject: HashMap<NamedOrBlankNode, Vec<Triple>> = HashMap::new();
    let mut order = Vec::new();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(shapes_ttl.as_bytes()) {
        let q = t.map_err(|e| ShapesError(e.to_string()))?;
        let t = Triple::from(q);
        if !by_subject.contains_key(&t.subject) {
            order.push(t.subject.clone());
        }
        by_subject.entry(t.subject.clone()).or_default().push(t);
    }
    let get = |s: &NamedOrBlankNode, p: &str| -> Vec<Term> {
        by_subject
            .get(s)
            .map(|ts| {
                ts.iter()
                    .filter(|t| t.predicate.as_str() == p)
                    .map(|t| t.object.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let sh = |local: &str| format!("{SH}{local}");
    let mut checks = Vec::new();
    for s in &order {
        let targets: Vec<String> = get(s, &sh("targetClass")).iter().filter_map(iri).collect();
        if targets.is_empty() {
            continue;
        }
        let label = get(s, RDFS_LABEL)
            .first()
            .and_then(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .unwrap_or_else(|| s.to_string());
        for target in &targets {
            let focus = format!("GRAPH ?g {{ ?focus a <{target}> }}");
            // Node-level constraints: the focus node itself is the value.
            node_constraints(&get, s, &label, &focus, "?focus", None, &mut checks)?;
            for p in get(s, &sh("property")) {
                let p = match p {
                    Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b),
                    Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
                    Term::Literal(_) => {
                        return Err(ShapesError(format!("{label}: sh:property must be a node")))
                    }
                };
                let Some(path) = get(&p, &sh("path")).first().and_then(iri) else {
                    return Err(ShapesError(format!(
                        "{label}: only single-IRI sh:path is supported"
                    )));
                };
                let count = |name: &str| -> Option<u64> {
                    get(&p, &sh(name)).first().and_then(|t| match t {
                        Term::Literal(l) => l.value().parse().ok(),
                        _ => None,
                    })
                };
                let (min, max) = (count("minCount"), count("maxCount"));
                if min.is_some() || max.is_some() {
                    let mut having = Vec::new();
                    if let Some(m) = min {
                        having.push(format!("COUNT(DISTINCT ?value) < {m}"));
                    }
                    if let Some(m) = max {
                        having.push(format!("COUNT(DISTINCT ?value) > {m}"));
                    }
                    checks.push(ShapeCheck {
                        description: format!(
                            "{label}: {} count{}{}",
                            short(&path),
                            min.map(|m| format!(" ≥ {m}")).unwrap_or_default(),
                            max.map(|m| format!(" ≤ {m}")).unwrap_or_default()
                        ),
                        query: format!(
                            "SELECT ?g ?focus (COUNT(DISTINCT ?value) AS ?count) WHERE {{ GRAPH ?g {{ ?focus a <{target}> OPTIONAL {{ ?focus <{path}> ?value }} }} }} GROUP BY ?g ?focus HAVING ({})",
                            having.join(" || ")
                        ),
                    });
                }
                let values = format!("GRAPH ?g {{ ?focus a <{target}> ; <{path}> ?value }}");
                node_constraints(
                    &get,
                    &p,
                    &label,
                    &values,
                    "?value",
                    Some(&path),
                    &mut checks,
                )?;
            }
        }
    }
    Ok(checks)
}

fn node_constraints(
    get: &dyn Fn(&NamedOrBlankNode, &str) -> Vec<Term>,
    s: &NamedOrBlankNode,
    label: &str,
    pattern: &str,
    var: &str,
    path: Option<&str>,
    checks: &mut Vec<ShapeCheck>,
) -> Result<(), ShapesError> {
    let sh = |local: &str| format!("{SH}{local}");
    let what = path.map_or_else(|| "the node".to_owned(), short);
    let select = format!("SELECT ?g ?focus ({var} AS ?v) WHERE {{ {pattern}");
    for dt in get(s, &sh("datatype")).iter().filter_map(iri) {
        checks.push(ShapeCheck {
            description: format!("{label}: {what} datatype {}", short(&dt)),
            query: format!("{select} FILTER(!isLiteral({var}) || DATATYPE({var}) != <{dt}>) }}"),
        });
    }
    for class in get(s, &sh("class")).iter().filter_map(iri) {
        checks.push(ShapeCheck {
            description: format!("{label}: {what} class {}", short(&class)),
            // A node's class is known store-wide: a recap's topics are typed in the
            // derived `graph/topics`, its people and meetings in its own graph.
            query: format!("{select} FILTER NOT EXISTS {{ {var} a <{class}> }} }}"),
        });
    }
    for kind in get(s, &sh("nodeKind")).iter().filter_map(iri) {
        let test = match kind.strip_prefix(SH) {
            Some("IRI") => "isIRI",
            Some("Literal") => "isLiteral",
            Some("BlankNode") => "isBlank",
            _ => {
                return Err(ShapesError(format!(
                    "{label}: unsupported sh:nodeKind {kind}"
                )))
            }
        };
        checks.push(ShapeCheck {
            description: format!("{label}: {what} nodeKind {}", short(&kind)),
            query: format!("{select} FILTER(!{test}({var})) }}"),
        });
    }
    for pat in get(s, &sh("pattern")) {
        let Term::Literal(l) = pat else { continue };
        let escaped = l.value().replace('\\', "\\\\").replace('"', "\\\"");
        checks.push(ShapeCheck {
            description: format!("{label}: {what} pattern {}", l.value()),
            query: format!("{select} FILTER(!REGEX(STR({var}), \"{escaped}\")) }}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_shapes_translate_and_parse() {
        let checks = shape_checks(BUNDLED_SHAPES).unwrap();
        assert!(checks.len() > 30, "{}", checks.len());
        for c in &checks {
            let _ = oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(&c.query)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", c.description, c.query));
        }
        assert!(checks
            .iter()
            .any(|c| c.description == "Meeting: schema:startDate count ≥ 1 ≤ 1"));
    }
}
