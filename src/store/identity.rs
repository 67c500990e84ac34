//! The store's side of identity links (`crate::identity` decides who is who): the
//! attendees of one stored graph, the series pending a rebuild, and the per-series
//! derived graphs `graph/identity/<folder>`.
//!
//! Invariant: derived graphs are rebuilt, never patched. A series is marked pending
//! before its recaps change, and its graph is replaced whole in the transaction that
//! clears the mark. Attendees are read per graph (its `rg:attendeeDigest`, else index
//! scans inside it), never by a join over the store.

use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
};

use super::{RecapStore, StoreError};
use crate::vocab::{self, rg};

/// The predicates of the triples a graph's attendees are read from
/// ([`crate::identity::attendees`]): what its `rg:attendeeDigest` sums up.
pub(super) const ATTENDEE_TRIPLES: [NamedNodeRef<'static>; 3] = [
    vocab::schema::ATTENDEE,
    vocab::schema::NAME,
    vocab::schema::ALTERNATE_NAME,
];

impl RecapStore {
    /// The attendees described by one stored graph (see [`crate::identity::attendees`]):
    /// its `rg:attendeeDigest` literal, else three index scans inside the graph; never
    /// a join over the store.
    ///
    /// # Errors
    /// On storage failure.
    pub fn attendees_in_graph(
        &self,
        graph: &NamedNode,
    ) -> Result<Vec<crate::identity::Attendee>, StoreError> {
        // The digest written at ingest: one literal. Graphs ingested before it existed
        // (or whose digest an update spoiled) are read triple by triple.
        if let Some(digest) = self.own_literal(graph, rg::ATTENDEE_DIGEST)? {
            if let Some(attendees) = crate::identity::from_digest(digest.value()) {
                return Ok(attendees);
            }
        }
        let mut quads = Vec::new();
        for p in ATTENDEE_TRIPLES {
            for q in self.store.quads_for_pattern(
                None,
                Some(p),
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            ) {
                quads.push(q?);
            }
        }
        Ok(crate::identity::attendees(quads.iter().map(Quad::as_ref)))
    }

    /// Marks the identity graphs of `series` as pending a rebuild (`rg:rebuildPending`),
    /// before their recaps change: an ingest killed before it rebuilds them leaves the
    /// mark, and the next one rebuilds them ([`RecapStore::pending_identity_series`]).
    ///
    /// # Errors
    /// On storage failure.
    pub fn mark_identity_pending(&self, series: &[&str]) -> Result<(), StoreError> {
        if series.is_empty() {
            return Ok(());
        }
        self.write_transaction(|txn| {
            for folder in series {
                let graph = self.iris.identity_graph(folder);
                txn.insert(oxigraph::model::QuadRef::new(
                    graph.as_ref(),
                    rg::REBUILD_PENDING,
                    oxigraph::model::LiteralRef::new_typed_literal("true", vocab::xsd::BOOLEAN),
                    GraphNameRef::NamedNode(graph.as_ref()),
                ));
            }
            Ok(())
        })
    }

    /// The series whose identity graphs are marked pending a rebuild.
    ///
    /// # Errors
    /// On storage failure.
    pub fn pending_identity_series(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(rg::REBUILD_PENDING), None, None)
        {
            let q = q?;
            if let NamedOrBlankNode::NamedNode(graph) = q.subject {
                if let Some(series) = self.iris.identity_series(&graph) {
                    out.push(series);
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Replaces the `schema:sameAs` links of each given series (folder) with the given
    /// `(short, full)` person IRI pairs, each series in its own derived graph
    /// ([`IriScheme::identity_graph`]), all in one transaction, which also clears their
    /// pending marks ([`RecapStore::mark_identity_pending`]). Also drops the single
    /// identity graph of stores written before links were kept per series.
    ///
    /// [`IriScheme::identity_graph`]: crate::rdf::IriScheme::identity_graph
    ///
    /// # Errors
    /// On storage failure; nothing is then changed.
    pub fn replace_identity_links(
        &self,
        series: &[(String, Vec<(String, String)>)],
    ) -> Result<usize, StoreError> {
        self.write_transaction(|txn| {
            txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(
                self.iris.legacy_identity_graph().as_ref(),
            ))?;
            let mut n = 0;
            for (folder, links) in series {
                let graph = self.iris.identity_graph(folder);
                txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))?;
                for (short, full) in links {
                    txn.insert(oxigraph::model::QuadRef::new(
                        NamedNode::new_unchecked(short.as_str()).as_ref(),
                        vocab::schema::SAME_AS,
                        NamedNode::new_unchecked(full.as_str()).as_ref(),
                        GraphNameRef::NamedNode(graph.as_ref()),
                    ));
                    n += 1;
                }
            }
            Ok(n)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::IriScheme;

    #[test]
    fn attendees_come_from_the_digest_else_from_the_triples() {
        use crate::identity::{digest, Attendee};
        let store = RecapStore::memory(IriScheme::default()).expect("memory store");
        let g = NamedNode::new("http://g.example/one").expect("iri");
        let n = |s: &str| NamedNode::new(s).expect("iri");
        let lit = oxigraph::model::Literal::new_simple_literal;
        let triples = vec![
            Quad::new(
                n("http://m.example/1"),
                vocab::schema::ATTENDEE,
                n("http://p.example/ann"),
                g.clone(),
            ),
            Quad::new(
                n("http://p.example/ann"),
                vocab::schema::NAME,
                lit("Ann A"),
                g.clone(),
            ),
        ];
        let from_triples = vec![Attendee {
            person: "http://p.example/ann".into(),
            name: "Ann A".into(),
            alternate_names: vec![],
        }];
        store
            .replace_graphs(&[(g.clone(), triples.clone())])
            .expect("write");
        assert_eq!(store.attendees_in_graph(&g).expect("read"), from_triples);
        // A digest that says otherwise wins: it is what is read.
        let other = vec![Attendee {
            person: "http://p.example/bo".into(),
            name: "Bo".into(),
            alternate_names: vec!["@bo".into()],
        }];
        let with = |text: String| {
            let mut quads = triples.clone();
            quads.push(Quad::new(
                g.clone(),
                rg::ATTENDEE_DIGEST,
                oxigraph::model::Literal::new_simple_literal(text),
                g.clone(),
            ));
            store.replace_graphs(&[(g.clone(), quads)]).expect("write");
            store.attendees_in_graph(&g).expect("read")
        };
        assert_eq!(with(digest(&other, "http://x.example/")), other);
        // A spoiled one is passed over.
        assert_eq!(with("{oops".into()), from_triples);
    }
}
