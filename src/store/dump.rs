//! Dumps: the whole dataset, or one graph, written in any RDF format (`export`; `push`
//! sends each graph so).
//!
//! Invariant: streaming, in constant memory whatever the store's size. A format without
//! named graphs gets the union of the graphs with each triple once: written with the
//! first graph the store's triple index lists for it.

use std::io::Write;

use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedNode};

use super::{RecapStore, StoreError};

impl RecapStore {
    /// Writes the whole dataset (or one graph) in `format` to `writer`, streaming.
    ///
    /// Formats without named graphs (Turtle, N-Triples, RDF/XML) get the union of all
    /// graphs, each triple once. Memory stays constant whatever the store's size.
    ///
    /// # Errors
    /// On storage or I/O failure.
    pub fn dump<W: Write>(
        &self,
        format: RdfFormat,
        graph: Option<&NamedNode>,
        writer: W,
    ) -> Result<W, StoreError> {
        let mut ser = crate::vocab::serializer(format, crate::vocab::DUMP_PREFIXES)
            .map_err(|e| StoreError::Serialize(std::io::Error::other(e.to_string())))?
            .for_writer(writer);
        let graph_ref = graph.map(|g| GraphNameRef::NamedNode(g.as_ref()));
        let iter = self.store.quads_for_pattern(None, None, None, graph_ref);
        if format.supports_datasets() {
            for q in iter {
                ser.serialize_quad(&q?)?;
            }
        } else if graph.is_some() {
            for q in iter {
                ser.serialize_triple(&oxigraph::model::Triple::from(q?))?;
            }
        } else {
            // One triple once, even when several graphs hold it, in constant memory: a
            // triple is written with the first graph the store's triple index lists for it.
            for q in iter {
                let q = q?;
                let first = self
                    .store
                    .quads_for_pattern(
                        Some(q.subject.as_ref()),
                        Some(q.predicate.as_ref()),
                        Some(q.object.as_ref()),
                        None,
                    )
                    .next()
                    .transpose()?;
                if first.is_some_and(|f| f.graph_name == q.graph_name) {
                    ser.serialize_triple(&oxigraph::model::Triple::from(q))?;
                }
            }
        }
        Ok(ser.finish()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store_with;

    #[test]
    fn union_dumps_write_a_shared_triple_once() {
        // The same triple (subject x) in two graphs.
        let store = store_with(&[("x", "one"), ("x", "two"), ("y", "two")]);
        let out = store
            .dump(RdfFormat::NTriples, None, Vec::new())
            .expect("dump");
        assert_eq!(String::from_utf8(out).expect("utf-8").lines().count(), 2);
        let nq = store
            .dump(RdfFormat::NQuads, None, Vec::new())
            .expect("dump");
        assert_eq!(String::from_utf8(nq).expect("utf-8").lines().count(), 3);
    }
}
