//! What `push` reads: every named graph, and a fingerprint of each that changes with its
//! content.
//!
//! Invariant: equal fingerprints mean equal content. A graph's `rg:graphStamp` (with its
//! `rg:tripleCount`) is trusted only while the graph has one, and any update that may
//! write the graph removes it (`update.rs`); any other graph is hashed whole, in an
//! order-independent way, in constant memory.

use oxigraph::model::{GraphNameRef, NamedNode};

use super::{RecapStore, StoreError};
use crate::vocab::rg;

impl RecapStore {
    /// Every named graph in the store, sorted by IRI (`push` sends each one).
    ///
    /// # Errors
    /// On storage failure.
    pub fn graph_names(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g? {
                out.push(n);
            }
        }
        out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(out)
    }

    /// A fingerprint of one named graph's content and its number of triples: `push`
    /// sends a graph again only when its fingerprint changed.
    ///
    /// A recap graph as ingest wrote it carries its `rg:graphStamp` (a hash of its
    /// triples, which any update that may change the graph removes) and
    /// `rg:tripleCount`: two point lookups. Any other graph is read whole, in constant
    /// memory: the BLAKE3 hashes of its triples (as N-Triples) are summed lane by lane, so
    /// the result does not depend on the order the store returns them in.
    ///
    /// # Errors
    /// On storage failure.
    pub fn graph_fingerprint(&self, graph: &NamedNode) -> Result<(String, usize), StoreError> {
        if let Some(stamp) = self.own_literal(graph, rg::GRAPH_STAMP)? {
            let count = self.own_literal(graph, rg::TRIPLE_COUNT)?;
            if let Some(count) = count.and_then(|c| c.value().parse().ok()) {
                return Ok((format!("{count}-stamp-{}", stamp.value()), count));
            }
        }
        self.hashed_fingerprint(graph)
    }

    /// [`RecapStore::graph_fingerprint`] of the graph's triples, read whole.
    pub(super) fn hashed_fingerprint(
        &self,
        graph: &NamedNode,
    ) -> Result<(String, usize), StoreError> {
        let mut lanes = [0_u64; 4];
        let mut count = 0_usize;
        for q in self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            let t = oxigraph::model::Triple::from(q?);
            let h = blake3::hash(t.to_string().as_bytes());
            for (lane, chunk) in lanes.iter_mut().zip(h.as_bytes().chunks_exact(8)) {
                let mut b = [0_u8; 8];
                b.copy_from_slice(chunk);
                *lane = lane.wrapping_add(u64::from_le_bytes(b));
            }
            count += 1;
        }
        let hex: String = lanes.iter().map(|l| format!("{l:016x}")).collect();
        Ok((format!("{count}-{hex}"), count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store_with;

    #[test]
    fn fingerprints_follow_content_not_order() {
        let a = store_with(&[("x", "g"), ("y", "g"), ("z", "g")]);
        let b = store_with(&[("z", "g"), ("x", "g"), ("y", "g")]);
        let c = store_with(&[("x", "g"), ("y", "g")]);
        let g = NamedNode::new("http://g.example/g").expect("iri");
        let fa = a.graph_fingerprint(&g).expect("fp");
        assert_eq!(fa, b.graph_fingerprint(&g).expect("fp"));
        assert_eq!(fa.1, 3);
        assert_ne!(fa.0, c.graph_fingerprint(&g).expect("fp").0);
        assert_eq!(a.graph_names().expect("names"), vec![g]);
    }
}
