//! SPARQL queries: parsing, parameters, the default graph, the protocol's dataset.
//!
//! Owns every read by SPARQL: [`RecapStore::query`] (and its `--explain` twin) for named
//! and ad-hoc queries, [`RecapStore::query_with_dataset`] for the `serve` endpoint, and
//! the algebra rewriting that binds parameters as `LATERAL { VALUES … }`.
//!
//! Invariant: a query that names no dataset of its own sees the union of the named
//! graphs as its default graph; parameters are bound as terms, never pasted into the
//! text, and a parameter the query cannot bind is refused.

use oxigraph::model::{GraphName, NamedNode, Term, Variable};
use oxigraph::sparql::{QueryDataset, QueryResults, SparqlEvaluator};

use super::{RecapStore, StoreError};

/// The dataset a SPARQL Protocol request names (`default-graph-uri`, `named-graph-uri`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProtocolDataset {
    /// Graphs merged into the default graph.
    pub default_graphs: Vec<String>,
    /// Graphs available to `GRAPH`.
    pub named_graphs: Vec<String>,
}

impl ProtocolDataset {
    /// True when the request names a dataset (which then replaces the query's own).
    #[must_use]
    pub fn is_given(&self) -> bool {
        !self.default_graphs.is_empty() || !self.named_graphs.is_empty()
    }
}

impl RecapStore {
    /// Runs a SPARQL query; the default graph is the union of all named graphs unless the
    /// query names its own dataset (`FROM`). `bindings` are bound as RDF terms, never
    /// pasted into the text, and the query is planned with their values known (see
    /// `bind_as_values`).
    ///
    /// # Errors
    /// [`StoreError::Syntax`] with the parser's line and column; evaluation errors.
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
    ) -> Result<QueryResults<'static>, StoreError> {
        Ok(self.prepare(sparql, bindings, None)?.execute()?)
    }

    /// Runs a SPARQL query as [`Self::query`] does, stopped when `cancel` is cancelled
    /// (the engine checks it whenever it reads the store): how `serve` builds its pages
    /// under the time limit.
    ///
    /// # Errors
    /// As [`Self::query`]; `Cancelled` once `cancel` fired.
    pub fn query_cancellable(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
        cancel: oxigraph::sparql::CancellationToken,
    ) -> Result<QueryResults<'static>, StoreError> {
        Ok(self.prepare(sparql, bindings, Some(cancel))?.execute()?)
    }

    /// Runs a SPARQL query as [`Self::query`] does and also returns its evaluation plan.
    /// The plan carries each step's row count and time once the results have been read to
    /// the end; write it with [`oxigraph::sparql::QueryExplanation::write_in_json`].
    ///
    /// # Errors
    /// As [`Self::query`]; an evaluation error is returned with the plan built so far.
    pub fn query_explained(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
    ) -> Result<
        (
            Result<QueryResults<'static>, StoreError>,
            oxigraph::sparql::QueryExplanation,
        ),
        StoreError,
    > {
        let (results, explanation) = self
            .prepare(sparql, bindings, None)?
            .compute_statistics()
            .explain();
        Ok((results.map_err(StoreError::from), explanation))
    }

    fn prepare(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
        cancel: Option<oxigraph::sparql::CancellationToken>,
    ) -> Result<oxigraph::sparql::BoundPreparedSparqlQuery<'static>, StoreError> {
        let mut query = spargebra::SparqlParser::new().parse_query(sparql)?;
        let mut variables = Vec::with_capacity(bindings.len());
        for (name, _) in bindings {
            variables.push(
                Variable::new(name.trim_start_matches(['?', '$'])).map_err(|e| {
                    StoreError::Evaluation(oxigraph::sparql::QueryEvaluationError::Unexpected(
                        format!("invalid parameter name {name:?}: {e}").into(),
                    ))
                })?,
            );
        }
        check_variables(&query, &variables)?;
        let row: Option<Vec<_>> = bindings.iter().map(|(_, t)| ground_term(t)).collect();
        let distinct = variables
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
            == variables.len();
        // Blank nodes (VALUES cannot hold them) and a name given twice (the last value
        // wins) are bound the plain way.
        let mut plain = Vec::new();
        match row {
            Some(row) if !row.is_empty() && distinct => bind_as_values(&mut query, variables, row),
            _ => plain = variables,
        }
        let mut evaluator = SparqlEvaluator::new();
        if let Some(cancel) = cancel {
            evaluator = evaluator.with_cancellation_token(cancel);
        }
        let mut prepared = evaluator.for_query(query);
        union_by_default(prepared.dataset_mut());
        for (var, (_, term)) in plain.into_iter().zip(bindings) {
            prepared = prepared.substitute_variable(var, term.clone());
        }
        Ok(prepared.on_store(&self.store))
    }

    /// Runs a SPARQL query for the endpoint (`serve`): like [`RecapStore::query`], but the
    /// protocol's dataset (`default-graph-uri`, `named-graph-uri`), when given, replaces
    /// the query's own, and `cancel` stops the evaluation when cancelled (the engine checks
    /// it whenever it reads the store). `SERVICE` is refused: this build of Oxigraph has
    /// no HTTP client, so a federated query fails instead of fetching a URL.
    ///
    /// # Errors
    /// [`StoreError::Syntax`] with the parser's line and column; [`StoreError::GraphIri`];
    /// evaluation errors (`Cancelled` once `cancel` fired).
    pub fn query_with_dataset(
        &self,
        sparql: &str,
        dataset: &ProtocolDataset,
        cancel: oxigraph::sparql::CancellationToken,
    ) -> Result<QueryResults<'static>, StoreError> {
        let iri = |s: &String| {
            NamedNode::new(s.as_str()).map_err(|e| StoreError::GraphIri {
                iri: s.clone(),
                reason: e.to_string(),
            })
        };
        let default: Vec<GraphName> = dataset
            .default_graphs
            .iter()
            .map(|s| iri(s).map(GraphName::NamedNode))
            .collect::<Result<_, _>>()?;
        let named: Vec<oxigraph::model::NamedOrBlankNode> = dataset
            .named_graphs
            .iter()
            .map(|s| iri(s).map(Into::into))
            .collect::<Result<_, _>>()?;
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(cancel)
            .parse_query(sparql)?;
        if dataset.is_given() {
            // SPARQL 1.1 Protocol: the protocol's dataset overrides FROM / FROM NAMED.
            prepared.dataset_mut().set_default_graph(default);
            prepared.dataset_mut().set_available_named_graphs(named);
        } else {
            union_by_default(prepared.dataset_mut());
        }
        Ok(prepared.on_store(&self.store).execute()?)
    }
}

/// Makes the union of the named graphs the default graph of `dataset`, unless the query
/// (or an update's `USING`) names a dataset of its own: what every query and update the
/// store runs sees.
pub(super) fn union_by_default(dataset: &mut QueryDataset) {
    if dataset.is_default_dataset() {
        dataset.set_default_graph_as_union();
    }
}

/// `term` as a SPARQL `VALUES` entry, when it can be one (IRIs and literals).
fn ground_term(term: &Term) -> Option<spargebra::term::GroundTerm> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::Literal(l) => Some(l.clone().into()),
        _ => None,
    }
}

/// Refuses a parameter the query cannot bind: one that is not among the variables a
/// SELECT returns (or, for other forms, that its pattern binds). A misspelt name would
/// otherwise answer as if no parameter had been given.
fn check_variables(query: &spargebra::Query, variables: &[Variable]) -> Result<(), StoreError> {
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = query;
    let mut in_scope = Vec::new();
    pattern.on_in_scope_variable(|v| {
        if !in_scope.contains(&v) {
            in_scope.push(v);
        }
    });
    match variables.iter().find(|v| !in_scope.contains(v)) {
        None => Ok(()),
        Some(missing) => Err(StoreError::UnknownVariable {
            name: missing.as_str().to_owned(),
            known: if in_scope.is_empty() {
                "it has none".to_owned()
            } else {
                let names: Vec<String> = in_scope.iter().map(ToString::to_string).collect();
                format!("it has {}", names.join(", "))
            },
        }),
    }
}

/// Binds `variables` to `row` in `query` the way an initial binding does (each variable is
/// bound everywhere in the query, so also inside the pattern's projection), but as
/// `LATERAL { VALUES (…) { (…) } } { … }`, so the optimizer plans with the values known:
/// `topic-people` then starts from the topic's label instead of from every meeting.
/// A `SELECT` keeps its projection, so its columns and their order are unchanged.
fn bind_as_values(
    query: &mut spargebra::Query,
    variables: Vec<Variable>,
    row: Vec<spargebra::term::GroundTerm>,
) {
    use spargebra::algebra::GraphPattern;
    let (pattern, select) = match query {
        spargebra::Query::Select { pattern, .. } => (pattern, true),
        spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => (pattern, false),
    };
    let mut projection = None;
    if select {
        let mut p = &*pattern;
        while projection.is_none() {
            match p {
                GraphPattern::Slice { inner, .. }
                | GraphPattern::Distinct { inner }
                | GraphPattern::Reduced { inner } => p = inner,
                GraphPattern::Project { variables, .. } => projection = Some(variables.clone()),
                _ => break,
            }
        }
    }
    let values = GraphPattern::Values {
        variables,
        bindings: vec![row.into_iter().map(Some).collect()],
    };
    let original = std::mem::replace(
        pattern,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    let lateral = GraphPattern::Lateral {
        left: Box::new(values),
        right: Box::new(original),
    };
    *pattern = match projection {
        Some(variables) => GraphPattern::Project {
            inner: Box::new(lateral),
            variables,
        },
        None => lateral,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store_with;
    use oxigraph::sparql::CancellationToken;

    fn count(results: QueryResults<'static>) -> usize {
        match results {
            QueryResults::Solutions(s) => {
                let mut n = 0;
                for row in s {
                    row.expect("row");
                    n += 1;
                }
                n
            }
            _ => panic!("not solutions"),
        }
    }

    #[test]
    fn parameters_bind_everywhere_and_are_planned_as_values() {
        let store = store_with(&[("a", "g1"), ("b", "g1"), ("a", "g2")]);
        let q = "SELECT ?o ?s WHERE { { SELECT ?s ?o WHERE { ?s <http://p.example/p> ?o } } } \
                 ORDER BY ?s";
        let a = vec![(
            "?o".to_owned(),
            Term::from(oxigraph::model::Literal::new_simple_literal("a")),
        )];
        let rows = |results: QueryResults<'static>| -> (Vec<String>, Vec<Vec<String>>) {
            let QueryResults::Solutions(s) = results else {
                panic!("not solutions")
            };
            let vars = s
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let rows = s
                .map(|r| {
                    r.expect("row")
                        .values()
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect()
                })
                .collect();
            (vars, rows)
        };
        // The column order is the query's; the sub-select sees the bound value; the union
        // default graph gives "a" once per graph.
        let (vars, got) = rows(store.query(q, &a).expect("query"));
        assert_eq!(vars, ["o", "s"]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got
            .iter()
            .all(|r| r[0].contains("\"a\"") && r[1].contains("s.example/a")));
        // The plan starts from the value instead of scanning every ?s ?o first.
        let (results, explanation) = store.query_explained(q, &a).expect("explain");
        assert_eq!(rows(results.expect("results")).1, got);
        let mut json = Vec::new();
        explanation.write_in_json(&mut json).expect("json");
        let json = String::from_utf8(json).expect("utf-8");
        assert!(json.contains("StaticBindings"), "{json}");
        // ASK and a blank node (which VALUES cannot hold; it is bound as before).
        let ask = |bindings: &[(String, Term)]| match store
            .query("ASK { ?s <http://p.example/p> ?o }", bindings)
            .expect("ask")
        {
            QueryResults::Boolean(b) => b,
            _ => panic!("not a boolean"),
        };
        assert!(ask(&a));
        assert!(!ask(&[(
            "o".to_owned(),
            Term::from(oxigraph::model::Literal::new_simple_literal("c"))
        )]));
        assert!(!ask(&[(
            "o".to_owned(),
            Term::from(oxigraph::model::BlankNode::default())
        )]));
        assert!(store
            .query(q, &[("not a name".to_owned(), a[0].1.clone())])
            .is_err());
        // The same name twice: the last value wins, as with a plain binding.
        let twice = [
            (
                "o".to_owned(),
                Term::from(oxigraph::model::Literal::new_simple_literal("b")),
            ),
            a[0].clone(),
        ];
        assert_eq!(rows(store.query(q, &twice).expect("query")).1, got);
    }

    #[test]
    fn protocol_dataset_replaces_the_union() {
        let store = store_with(&[("a", "one"), ("b", "one"), ("c", "two")]);
        let q = "SELECT * WHERE { ?s ?p ?o }";
        let all = store
            .query_with_dataset(q, &ProtocolDataset::default(), CancellationToken::new())
            .expect("query");
        assert_eq!(count(all), 3);
        let one = ProtocolDataset {
            default_graphs: vec!["http://g.example/two".into()],
            named_graphs: vec![],
        };
        let r = store
            .query_with_dataset(q, &one, CancellationToken::new())
            .expect("query");
        assert_eq!(count(r), 1);
        let named = ProtocolDataset {
            default_graphs: vec![],
            named_graphs: vec!["http://g.example/one".into()],
        };
        let r = store
            .query_with_dataset(
                "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                &named,
                CancellationToken::new(),
            )
            .expect("query");
        assert_eq!(count(r), 2);
        let bad = ProtocolDataset {
            default_graphs: vec!["not an iri".into()],
            named_graphs: vec![],
        };
        assert!(matches!(
            store.query_with_dataset(q, &bad, CancellationToken::new()),
            Err(StoreError::GraphIri { .. })
        ));
    }

    #[test]
    fn service_is_refused_without_any_request() {
        let store = store_with(&[("a", "one")]);
        let r = store.query_with_dataset(
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            &ProtocolDataset::default(),
            CancellationToken::new(),
        );
        let err = match r {
            Ok(QueryResults::Solutions(mut s)) => s.next().and_then(Result::err),
            Ok(_) => None,
            Err(StoreError::Evaluation(e)) => Some(e),
            Err(e) => panic!("unexpected {e}"),
        };
        assert!(
            matches!(
                err,
                Some(oxigraph::sparql::QueryEvaluationError::UnsupportedService(
                    _
                ))
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_cancelled_query_stops() {
        let store = store_with(&[("a", "one"), ("b", "two")]);
        let token = CancellationToken::new();
        token.cancel();
        let r = store.query_with_dataset(
            "SELECT * WHERE { ?s ?p ?o }",
            &ProtocolDataset::default(),
            token,
        );
        let cancelled = match r {
            Ok(QueryResults::Solutions(mut s)) => matches!(
                s.next(),
                Some(Err(oxigraph::sparql::QueryEvaluationError::Cancelled))
            ),
            Err(StoreError::Evaluation(oxigraph::sparql::QueryEvaluationError::Cancelled)) => true,
            _ => false,
        };
        assert!(cancelled);
    }
}
