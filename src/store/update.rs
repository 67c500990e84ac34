//! SPARQL updates (`serve --allow-update`), and the triples ingest derives from a graph
//! kept in step with them: `rg:attendeeDigest` (the attendees, read by identity
//! rebuilds), `rg:graphStamp` (a hash of the graph, read by `push`) and
//! `rg:tripleCount` (its size, read by `source-files` and `push`). `rdf::map` writes all
//! three with the graph at ingest; this is the only code in the store that changes them.
//!
//! Invariant: derived triples never outlive an edit of what they sum up. An update
//! removes the digest of every graph it may change attendees in and the stamp of every
//! graph it may write (of all graphs when a variable names the graph), before it runs
//! and again after; then it recounts the `rg:tripleCount` of the graphs it may have
//! written. Readers fall back to the graph's own triples where a digest or stamp is
//! missing.

use oxigraph::model::{GraphNameRef, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use super::{RecapStore, StoreError};
use crate::vocab::rg;

/// Which graphs an update may write ([`RecapStore::update`]).
#[derive(Debug, PartialEq, Eq)]
enum Written {
    /// These named graphs (none: it writes no named graph, or not those predicates).
    Graphs(std::collections::BTreeSet<NamedNode>),
    /// Any graph.
    All,
}

/// The predicates whose triples an attendee digest sums up, and the digest itself.
const ATTENDEE_PREDICATES: [oxigraph::model::NamedNodeRef<'static>; 4] = {
    let [attendee, name, alternate_name] = super::identity::ATTENDEE_TRIPLES;
    [attendee, name, alternate_name, rg::ATTENDEE_DIGEST]
};

impl RecapStore {
    /// Runs a SPARQL update (only `serve --allow-update` calls this). Its `WHERE` clauses
    /// see the union of the named graphs as the default graph, as queries do.
    ///
    /// What ingest derived from a graph's triples goes when an update may change them,
    /// first and again afterwards (in case the update wrote some):
    /// - the `rg:graphStamp` of every graph it may write into or load into, so `push`
    ///   reads and hashes that graph instead of trusting the stamp;
    /// - the `rg:attendeeDigest` of every graph it may write `schema:attendee`,
    ///   `schema:name`, `schema:alternateName` or a variable predicate into, so identity
    ///   rebuilds read the graph's triples instead of a digest that no longer agrees.
    ///
    /// A graph given by a variable may be any: then every stamp (or digest) goes. A
    /// crash between the steps leaves graphs without them, which is only slower.
    /// Last, the `rg:tripleCount` of each graph it may have written is taken again (of
    /// every graph, when a variable names it: a read of the whole store).
    ///
    /// # Errors
    /// [`StoreError::Syntax`]; [`StoreError::Update`] when it fails while running.
    pub fn update(&self, sparql: &str) -> Result<(), StoreError> {
        let mut prepared = SparqlEvaluator::new().parse_update(sparql)?;
        prepared
            .using_datasets_mut()
            .for_each(super::sparql::union_by_default);
        // The same parser's algebra, to see what the update may write where.
        let (attendees, any) = match spargebra::SparqlParser::new().parse_update(sparql) {
            Ok(u) => (
                graphs_written(&u, Some(&ATTENDEE_PREDICATES)),
                graphs_written(&u, None),
            ),
            Err(_) => (Written::All, Written::All),
        };
        let spoiled = [(rg::ATTENDEE_DIGEST, &attendees), (rg::GRAPH_STAMP, &any)];
        self.drop_derived(&spoiled)?;
        let done = prepared
            .on_store(&self.store)
            .execute()
            .map_err(StoreError::Update);
        let dropped = self
            .drop_derived(&spoiled)
            .and_then(|()| self.recount(&any));
        self.wrote();
        done.and(dropped)
    }

    /// Sets the `rg:tripleCount` of the graphs `written` names that have one to their
    /// size now (one transaction): what `source-files` reports after an update. Counted by
    /// SPARQL, which counts without decoding the triples (every graph: 2.7 s per 10,000
    /// recaps).
    fn recount(&self, written: &Written) -> Result<(), StoreError> {
        let sizes = match written {
            Written::Graphs(graphs) if graphs.is_empty() => return Ok(()),
            Written::Graphs(graphs) => {
                let values: String = graphs.iter().map(|g| format!("{g} ")).collect();
                self.graph_sizes(&format!("VALUES ?g {{ {values} }}"))?
            }
            Written::All => self.graph_sizes("")?,
        };
        let mut changed = Vec::new();
        for (graph, size) in sizes {
            let in_graph = GraphNameRef::NamedNode(graph.as_ref());
            for q in
                self.store
                    .quads_for_pattern(None, Some(rg::TRIPLE_COUNT), None, Some(in_graph))
            {
                let old = q?;
                let now = Quad::new(
                    old.subject.clone(),
                    old.predicate.clone(),
                    oxigraph::model::Literal::from(size),
                    old.graph_name.clone(),
                );
                if now != old {
                    changed.push((old, now));
                }
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        let mut txn = self.store.start_transaction()?;
        for (old, now) in &changed {
            txn.remove(old);
            txn.insert(now);
        }
        txn.commit()?;
        Ok(())
    }

    /// The number of triples of each named graph `values` lets through (a `VALUES ?g`
    /// clause, or nothing for every graph).
    fn graph_sizes(&self, values: &str) -> Result<Vec<(NamedNode, i64)>, StoreError> {
        let q = format!(
            "SELECT ?g (COUNT(*) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        );
        let mut out = Vec::new();
        if let QueryResults::Solutions(rows) = self.query(&q, &[])? {
            for row in rows {
                let row = row?;
                if let (Some(Term::NamedNode(g)), Some(Term::Literal(n))) =
                    (row.get("g"), row.get("n"))
                {
                    if let Ok(n) = n.value().parse() {
                        out.push((g.clone(), n));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Removes, in one transaction, each predicate's triples from the graphs its risk
    /// names.
    fn drop_derived(
        &self,
        spoiled: &[(oxigraph::model::NamedNodeRef<'_>, &Written)],
    ) -> Result<(), StoreError> {
        let mut derived = Vec::new();
        for (predicate, risk) in spoiled {
            derived.extend(self.derived_quads(*predicate, risk)?);
        }
        if derived.is_empty() {
            return Ok(());
        }
        let mut txn = self.store.start_transaction()?;
        for q in &derived {
            txn.remove(q);
        }
        txn.commit()?;
        Ok(())
    }

    /// The `predicate` triples of the graphs `risk` names.
    fn derived_quads(
        &self,
        predicate: oxigraph::model::NamedNodeRef<'_>,
        risk: &Written,
    ) -> Result<Vec<Quad>, StoreError> {
        let graphs: Vec<Option<GraphNameRef<'_>>> = match risk {
            Written::Graphs(g) if g.is_empty() => return Ok(Vec::new()),
            Written::Graphs(g) => g
                .iter()
                .map(|g| Some(GraphNameRef::NamedNode(g.as_ref())))
                .collect(),
            Written::All => vec![None],
        };
        let mut quads = Vec::new();
        for g in graphs {
            for q in self.store.quads_for_pattern(None, Some(predicate), None, g) {
                quads.push(q?);
            }
        }
        Ok(quads)
    }
}

/// The named graphs `update` may write a triple into whose predicate is one of
/// `predicates` (any predicate when `None`; a variable predicate may be any of them), or
/// load into. Clearing or dropping a graph takes its derived triples with it.
fn graphs_written(
    update: &spargebra::Update,
    predicates: Option<&[oxigraph::model::NamedNodeRef<'_>]>,
) -> Written {
    use spargebra::term::{GraphName, GraphNamePattern, NamedNodePattern};
    use spargebra::GraphUpdateOperation as Op;
    let touches = |p: &NamedNode| predicates.is_none_or(|ps| ps.contains(&p.as_ref()));
    let mut graphs = std::collections::BTreeSet::new();
    let mut named = |g: &GraphName| {
        if let GraphName::NamedNode(n) = g {
            graphs.insert(n.clone());
        }
    };
    let mut patterns = Vec::new();
    for op in &update.operations {
        match op {
            Op::InsertData { data } => data
                .iter()
                .filter(|q| touches(&q.predicate))
                .for_each(|q| named(&q.graph_name)),
            Op::DeleteData { data } => data
                .iter()
                .filter(|q| touches(&q.predicate))
                .for_each(|q| named(&q.graph_name)),
            Op::DeleteInsert { delete, insert, .. } => {
                patterns.extend(delete.iter().map(|q| (&q.predicate, &q.graph_name)));
                patterns.extend(insert.iter().map(|q| (&q.predicate, &q.graph_name)));
            }
            Op::Load { destination, .. } => named(destination),
            Op::Clear { .. } | Op::Create { .. } | Op::Drop { .. } => {}
        }
    }
    for (predicate, graph) in patterns {
        if let NamedNodePattern::NamedNode(p) = predicate {
            if !touches(p) {
                continue;
            }
        }
        match graph {
            GraphNamePattern::NamedNode(g) => {
                graphs.insert(g.clone());
            }
            GraphNamePattern::DefaultGraph => {}
            GraphNamePattern::Variable(_) => return Written::All,
        }
    }
    Written::Graphs(graphs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::IriScheme;

    #[test]
    fn updates_that_may_change_attendees_are_found_by_graph() {
        let risk = |u: &str| {
            graphs_written(
                &spargebra::SparqlParser::new()
                    .parse_update(u)
                    .expect("update"),
                Some(&ATTENDEE_PREDICATES),
            )
        };
        let graphs = |gs: &[&str]| {
            Written::Graphs(
                gs.iter()
                    .map(|g| NamedNode::new(*g).expect("iri"))
                    .collect(),
            )
        };
        let s = "PREFIX s: <http://schema.org/> ";
        assert_eq!(
            risk(&format!(
                "{s} INSERT DATA {{ GRAPH <http://g/1> {{ <http://p> s:name \"X\" }} }}"
            )),
            graphs(&["http://g/1"])
        );
        assert_eq!(
            risk(&format!(
                "{s} DELETE DATA {{ GRAPH <http://g/2> {{ <http://m> s:attendee <http://p> }} }}"
            )),
            graphs(&["http://g/2"])
        );
        // Other predicates, and the default graph, leave the digests alone.
        assert_eq!(
            risk(&format!("{s} INSERT DATA {{ GRAPH <http://g/1> {{ <http://p> s:about <http://t> }} <http://p> s:name \"X\" }}")),
            graphs(&[])
        );
        assert_eq!(
            risk("DELETE WHERE { GRAPH ?g { ?t <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }"),
            graphs(&[])
        );
        assert_eq!(risk("CLEAR GRAPH <http://g/1>"), graphs(&[]));
        assert_eq!(risk("DROP ALL"), graphs(&[]));
        // WITH names the graph of the templates; a variable predicate may be a name.
        assert_eq!(
            risk("WITH <http://g/3> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
            graphs(&["http://g/3"])
        );
        assert_eq!(
            risk(&format!("{s} DELETE {{ GRAPH ?g {{ ?p s:alternateName ?n }} }} WHERE {{ GRAPH ?g {{ ?p s:alternateName ?n }} }}")),
            Written::All
        );
        assert_eq!(
            risk("COPY <http://g/1> TO <http://g/4>"),
            graphs(&["http://g/4"])
        );
        assert_eq!(
            risk("LOAD <http://x/a.ttl> INTO GRAPH <http://g/5>"),
            graphs(&["http://g/5"])
        );
    }

    #[test]
    fn an_update_renaming_an_attendee_is_what_identity_reads_next() {
        let store = RecapStore::memory(IriScheme::default()).expect("memory store");
        let text = "---\ntitle: Weekly sync\ndate: 2024-03-01\n---\n\n## Attendees\n\n- Ann Smith\n- Bo Jones\n\nWe talked.\n";
        let facts = crate::extract::extract(
            &crate::recap::parse(
                text,
                "minutes/2024-03-01.md",
                crate::recap::Format::Markdown,
            ),
            &crate::extract::Vocabulary::default(),
        );
        let (quads, attendees) =
            crate::rdf::map_with_attendees(&facts, store.iris(), "2024-03-02T00:00:00Z");
        let graph = store.iris().source("minutes/2024-03-01.md");
        store
            .replace_graphs(&[(graph.clone(), quads)])
            .expect("write");
        assert_eq!(store.attendees_in_graph(&graph).expect("read"), attendees);
        let ann = attendees
            .iter()
            .find(|a| a.name == "Ann Smith")
            .expect("Ann attends");
        let has_digest = |store: &RecapStore| {
            store
                .store
                .quads_for_pattern(None, Some(rg::ATTENDEE_DIGEST), None, None)
                .count()
        };
        // An update elsewhere keeps the digest.
        store
            .update("INSERT DATA { GRAPH <http://notes.example/g> { <http://a> <http://schema.org/name> \"A\" } }")
            .expect("update");
        assert_eq!(has_digest(&store), 1);

        store
            .update(&format!(
                "PREFIX s: <http://schema.org/> DELETE DATA {{ GRAPH <{g}> {{ <{p}> s:name \"Ann Smith\" }} }}; INSERT DATA {{ GRAPH <{g}> {{ <{p}> s:name \"Ann Smythe\" }} }}",
                g = graph.as_str(),
                p = ann.person
            ))
            .expect("update");
        assert_eq!(has_digest(&store), 0);
        let now = store.attendees_in_graph(&graph).expect("read");
        assert!(now.iter().any(|a| a.name == "Ann Smythe"), "{now:?}");
        assert!(!now.iter().any(|a| a.name == "Ann Smith"), "{now:?}");
    }

    #[test]
    fn a_stamped_graph_is_fingerprinted_without_reading_it_until_an_update_writes_it() {
        let store = RecapStore::memory(IriScheme::default()).expect("memory store");
        let text = "---\ntitle: Weekly sync\ndate: 2024-03-01\n---\n\n## Attendees\n\n- Ann Smith\n\nWe talked about [the plan](https://plan.example/).\n";
        let recap = |path: &str| {
            let facts = crate::extract::extract(
                &crate::recap::parse(text, path, crate::recap::Format::Markdown),
                &crate::extract::Vocabulary::default(),
            );
            let quads = crate::rdf::map(&facts, store.iris(), "2024-03-02T00:00:00Z");
            (store.iris().source(path), quads)
        };
        let (one, quads) = recap("minutes/one.md");
        let n = quads.len();
        let (two, other) = recap("minutes/two.md");
        store
            .replace_graphs(&[(one.clone(), quads), (two.clone(), other)])
            .expect("write");
        let (stamped, count) = store.graph_fingerprint(&one).expect("fingerprint");
        assert!(stamped.contains("-stamp-"), "{stamped}");
        assert_eq!(count, n);
        let (hashed, count) = store.hashed_fingerprint(&one).expect("fingerprint");
        assert_eq!(count, n);
        assert_ne!(stamped, hashed);

        // An update of another graph leaves this one's stamp.
        store
            .update(&format!(
                "INSERT DATA {{ GRAPH <{}> {{ <http://a> <http://example.org/note> <http://t> }} }}",
                two.as_str()
            ))
            .expect("update");
        assert_eq!(store.graph_fingerprint(&one).expect("fp").0, stamped);
        assert!(!store
            .graph_fingerprint(&two)
            .expect("fp")
            .0
            .contains("-stamp-"));
        // One that writes this graph, with any predicate, takes it: the graph is read.
        store
            .update(&format!(
                "INSERT DATA {{ GRAPH <{}> {{ <http://a> <http://example.org/note> <http://t> }} }}",
                one.as_str()
            ))
            .expect("update");
        let (after, count) = store.graph_fingerprint(&one).expect("fingerprint");
        assert_eq!(count, n); // no stamp now, one triple more
        let stored_count = |g: &NamedNode| {
            store
                .store
                .quads_for_pattern(None, Some(rg::TRIPLE_COUNT), None, Some(g.as_ref().into()))
                .map(|q| q.expect("quad").object.to_string())
                .collect::<Vec<_>>()
        };
        let lit = |k: usize| oxigraph::model::Literal::from(k as i64).to_string();
        // Each lost its stamp and gained a note: the same size, counted again.
        assert_eq!(stored_count(&one), [lit(n)]);
        assert_eq!(stored_count(&two), [lit(n)]);
        assert!(!after.contains("-stamp-"), "{after}");
        assert_ne!(after, hashed);
        assert_eq!((after, count), store.hashed_fingerprint(&one).expect("fp"));
        // A graph given by a variable may be any: every count is taken again.
        store
            .update("DELETE { GRAPH ?g { ?s <http://example.org/note> ?o } } WHERE { GRAPH ?g { ?s <http://example.org/note> ?o } }")
            .expect("update");
        assert_eq!(stored_count(&one), [lit(n - 1)]);
        assert_eq!(stored_count(&two), [lit(n - 1)]);
    }
}
