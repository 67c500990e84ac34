//! The store's side of action follow-ups (`crate::followup` decides what follows what):
//! the actions and reviewed actions of one stored graph, and the per-series derived
//! graphs `graph/followup/<folder>`.
//!
//! Invariant: like identity graphs, follow-up graphs are rebuilt whole, never patched,
//! for every series whose recaps changed, before the identity rebuild clears the series'
//! pending mark (so an interrupted run rebuilds both). Entries are read per graph with
//! index scans inside it, never by a join over the store.

use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, QuadRef, Term,
    TermRef,
};

use super::{RecapStore, StoreError};
use crate::followup::{Entry, Links};
use crate::vocab::{rdf, rg, schema};

impl RecapStore {
    /// The action items (`schema:Action`) and reviewed actions (`rg:ActionReview`) of one
    /// stored graph, with their meeting and its date.
    ///
    /// # Errors
    /// On storage failure.
    pub fn followup_entries(&self, graph: &NamedNode) -> Result<Vec<Entry>, StoreError> {
        let g = GraphNameRef::NamedNode(graph.as_ref());
        let mut out = Vec::new();
        for (class, review) in [(schema::ACTION, false), (rg::ACTION_REVIEW, true)] {
            for q in
                self.store
                    .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), Some(g))
            {
                let node = q?.subject;
                let NamedOrBlankNode::NamedNode(node) = node else {
                    continue;
                };
                let object = |p: NamedNodeRef<'_>| -> Result<Option<Term>, StoreError> {
                    Ok(self
                        .store
                        .quads_for_pattern(Some(node.as_ref().into()), Some(p), None, Some(g))
                        .next()
                        .transpose()?
                        .map(|q| q.object))
                };
                let Some(Term::NamedNode(meeting)) = object(rg::IN_MEETING)? else {
                    continue;
                };
                let text = match object(schema::DESCRIPTION)? {
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    _ => continue,
                };
                let done = matches!(
                    object(schema::ACTION_STATUS)?.as_ref().map(Term::as_ref),
                    Some(TermRef::NamedNode(s)) if s == schema::COMPLETED_ACTION_STATUS
                );
                let date = self
                    .first_literal(meeting.as_ref().into(), schema::START_DATE, g)?
                    .map(|l| l.value().to_owned())
                    .unwrap_or_default();
                out.push(Entry {
                    node: node.as_str().to_owned(),
                    meeting: meeting.as_str().to_owned(),
                    date,
                    text,
                    done,
                    review,
                });
            }
        }
        Ok(out)
    }

    /// Replaces the follow-up graphs of `series` (folder → its links), all in one
    /// transaction. Returns the number of links written.
    ///
    /// # Errors
    /// On storage failure; nothing is then changed.
    pub fn replace_followups(&self, series: &[(String, Links)]) -> Result<usize, StoreError> {
        self.write_transaction(|txn| {
            let mut n = 0;
            for (folder, links) in series {
                let graph = self.iris.followup_graph(folder);
                txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))?;
                let g = GraphNameRef::NamedNode(graph.as_ref());
                for (pairs, predicate) in [
                    (&links.followed_up_in, rg::FOLLOWED_UP_IN),
                    (&links.completed_in, rg::COMPLETED_IN),
                    (&links.carried_from, rg::CARRIED_FROM),
                ] {
                    for (s, o) in pairs {
                        txn.insert(QuadRef::new(
                            NamedNode::new_unchecked(s.as_str()).as_ref(),
                            predicate,
                            NamedNode::new_unchecked(o.as_str()).as_ref(),
                            g,
                        ));
                        n += 1;
                    }
                }
            }
            Ok(n)
        })
    }
}
