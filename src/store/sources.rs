//! What the store knows of each ingested source file: the content hash ingest skips an
//! unchanged file by, and the list of sources prune compares with the disk.
//!
//! Invariant: these read what a recap graph says of itself inside itself
//! (`<g> rg:contentHash "…"` in `g`, written with the graph and replaced with it), by
//! point lookups: a hash is current exactly as long as the graph it is in.

use oxigraph::model::{GraphNameRef, NamedNode};

use super::{RecapStore, StoreError};
use crate::vocab::{rdf, rg};

/// What the store knows about one ingested source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The file's named graph.
    pub graph: NamedNode,
    /// Its path relative to the ingest root.
    pub path: String,
    /// BLAKE3 hash of its bytes when ingested.
    pub hash: String,
}

impl RecapStore {
    /// Whether a source file's graph holds exactly this content hash, i.e. the file was
    /// ingested with this content. One point lookup of the whole quad (`Store::contains`):
    /// no iterator over every level and no read of the stored literal's text, which made
    /// the hash check of an unchanged re-ingest several lookups per file.
    ///
    /// # Errors
    /// On storage failure.
    pub fn has_hash(&self, graph: &NamedNode, hash: &str) -> Result<bool, StoreError> {
        let graph = graph.as_ref();
        let literal = oxigraph::model::LiteralRef::new_simple_literal(hash);
        Ok(self.store.contains(oxigraph::model::QuadRef::new(
            graph,
            rg::CONTENT_HASH,
            literal,
            GraphNameRef::NamedNode(graph),
        ))?)
    }

    /// Every ingested source file.
    ///
    /// # Errors
    /// On storage failure.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        let mut out = Vec::new();
        for q in
            self.store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(rg::SOURCE_FILE.into()), None)
        {
            let q = q?;
            let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = q.subject else {
                continue;
            };
            let value = |p| -> Result<String, StoreError> {
                Ok(self
                    .own_literal(&graph, p)?
                    .map(|l| l.value().to_owned())
                    .unwrap_or_default())
            };
            let path = value(rg::SOURCE_PATH)?;
            let hash = value(rg::CONTENT_HASH)?;
            out.push(SourceRecord { graph, path, hash });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::IriScheme;
    use oxigraph::model::Quad;

    #[test]
    fn has_hash_matches_the_whole_stored_hash_of_that_graph_only() {
        let store = RecapStore::memory(IriScheme::default()).expect("memory store");
        let g = NamedNode::new("http://g.example/one").expect("iri");
        let other = NamedNode::new("http://g.example/two").expect("iri");
        let hash = Quad::new(
            g.clone(),
            rg::CONTENT_HASH,
            oxigraph::model::Literal::new_simple_literal("b3-abc"),
            g.clone(),
        );
        store
            .replace_graphs(&[(g.clone(), vec![hash])])
            .expect("write");
        assert!(store.has_hash(&g, "b3-abc").expect("lookup"));
        assert!(!store.has_hash(&g, "b3-ab").expect("lookup"));
        assert!(!store.has_hash(&g, "b3-abd").expect("lookup"));
        assert!(!store.has_hash(&other, "b3-abc").expect("lookup"));
    }
}
