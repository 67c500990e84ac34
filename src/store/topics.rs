//! The store's side of topics across recaps (`crate::topics` decides labels and links):
//! every recap's `rg:topicLabel` with its meeting's date, and the derived graph
//! `graph/topics` (one `skos:prefLabel` per minted topic, its `skos:altLabel`s, type and
//! scheme, `skos:broader` and `skos:related` from key phrases).
//!
//! Invariant: `graph/topics` is rebuilt whole from the recaps' graphs, never patched, in
//! one transaction; read with index scans (one per label, one per graph for its date).

use std::collections::HashMap;

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNodeRef, QuadRef, Term,
};

use super::{RecapStore, StoreError};
use crate::topics::{DerivedTopics, TopicUse};
use crate::vocab::{rdf, rg, schema, skos};

impl RecapStore {
    /// Every recap's label of every minted topic, with its meeting's date.
    ///
    /// # Errors
    /// On storage failure.
    pub fn topic_uses(&self) -> Result<Vec<TopicUse>, StoreError> {
        let mut dates: HashMap<NamedNode, String> = HashMap::new();
        let mut out = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(rg::TOPIC_LABEL), None, None)
        {
            let q = q?;
            let (
                oxigraph::model::NamedOrBlankNode::NamedNode(topic),
                Term::Literal(label),
                GraphName::NamedNode(graph),
            ) = (q.subject, q.object, q.graph_name)
            else {
                continue;
            };
            let date = match dates.get(&graph) {
                Some(d) => d.clone(),
                None => {
                    let d = self.meeting_date_in(&graph)?;
                    dates.insert(graph, d.clone());
                    d
                }
            };
            out.push(TopicUse {
                topic: topic.into_string(),
                label: label.value().to_owned(),
                date,
            });
        }
        Ok(out)
    }

    /// The date of the meeting a recap's graph records (empty when none).
    fn meeting_date_in(&self, graph: &NamedNode) -> Result<String, StoreError> {
        let g = GraphNameRef::NamedNode(graph.as_ref());
        let meeting = self
            .store
            .quads_for_pattern(None, Some(rdf::TYPE), Some(rg::MEETING.into()), Some(g))
            .next()
            .transpose()?
            .map(|q| q.subject);
        let Some(meeting) = meeting else {
            return Ok(String::new());
        };
        Ok(self
            .first_literal(meeting.as_ref(), schema::START_DATE, g)?
            .map(|l| l.value().to_owned())
            .unwrap_or_default())
    }

    /// Replaces `graph/topics` with `derived`, in one transaction. Returns the number of
    /// triples written.
    ///
    /// # Errors
    /// On storage failure; nothing is then changed.
    pub fn replace_topics(&self, derived: &DerivedTopics) -> Result<usize, StoreError> {
        let graph = self.iris.topics_graph();
        let scheme = self.iris.topic_scheme();
        self.write_transaction(|txn| {
            txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))?;
            let g = GraphNameRef::NamedNode(graph.as_ref());
            let nodes: Vec<NamedNode> = derived
                .topics
                .iter()
                .map(|t| NamedNode::new_unchecked(t.topic.as_str()))
                .collect();
            let mut n = 0;
            for (t, node) in derived.topics.iter().zip(&nodes) {
                let s = node.as_ref();
                txn.insert(QuadRef::new(s, rdf::TYPE, skos::CONCEPT, g));
                txn.insert(QuadRef::new(s, skos::IN_SCHEME, scheme.as_ref(), g));
                let pref = Literal::new_simple_literal(&t.pref_label);
                txn.insert(QuadRef::new(s, skos::PREF_LABEL, pref.as_ref(), g));
                n += 3;
                for alt in &t.alt_labels {
                    let alt = Literal::new_simple_literal(alt);
                    txn.insert(QuadRef::new(s, skos::ALT_LABEL, alt.as_ref(), g));
                    n += 1;
                }
            }
            for &(narrower, broader) in &derived.broader {
                txn.insert(QuadRef::new(
                    nodes[narrower].as_ref(),
                    skos::BROADER,
                    nodes[broader].as_ref(),
                    g,
                ));
                n += 1;
            }
            for &(a, b) in &derived.related {
                for (x, y) in [(a, b), (b, a)] {
                    txn.insert(QuadRef::new(
                        nodes[x].as_ref(),
                        skos::RELATED,
                        nodes[y].as_ref(),
                        g,
                    ));
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Rebuilds `graph/topics` from every recap's topic labels. Returns the number of
    /// topics it describes.
    ///
    /// # Errors
    /// On storage failure; the old graph is then kept.
    pub fn rebuild_topics(&self) -> Result<usize, StoreError> {
        let derived = crate::topics::derive(&self.topic_uses()?);
        self.replace_topics(&derived)?;
        Ok(derived.topics.len())
    }
}
