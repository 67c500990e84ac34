//! Link checks in the store (`links check`, `links report`, `stats`): the cited
//! documents, the links that name none, each document's latest check, and new checks
//! appended to the `linkcheck` graph.
//!
//! Invariant: link checks are history. They are only ever appended, never replaced or
//! deleted; a document's latest check is the one with the latest `prov:atTime`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Quad, Term};

use super::{RecapStore, StoreError};
use crate::vocab;

/// A document's latest link check, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastCheck {
    /// When.
    pub at: DateTime<Utc>,
    /// `rg:outcome`.
    pub outcome: String,
    /// `rg:httpStatus`.
    pub status: Option<u16>,
    /// `rg:errorKind`.
    pub error_kind: Option<String>,
}

impl RecapStore {
    /// Every cited external document (its IRI: the normalised URL as cited), sorted.
    ///
    /// # Errors
    /// On storage failure.
    pub fn documents(&self) -> Result<Vec<String>, StoreError> {
        let mut docs = Vec::new();
        for quad in self.store.quads_for_pattern(
            None,
            Some(vocab::rdf::TYPE),
            Some(vocab::schema::WEB_PAGE.into()),
            None,
        ) {
            if let NamedOrBlankNode::NamedNode(n) = quad?.subject {
                docs.push(n.into_string());
            }
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(docs)
    }

    /// Links that name no checkable document (relative paths, `mailto:`…), as written.
    ///
    /// # Errors
    /// On storage failure.
    pub fn unchecked_links(&self) -> Result<Vec<String>, StoreError> {
        let mut links = Vec::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(vocab::rg::RELATIVE_LINK), None, None)
        {
            if let Term::Literal(l) = quad?.object {
                links.push(l.value().to_owned());
            }
        }
        Ok(links)
    }

    /// Each document's latest link check: when, and what it found.
    ///
    /// # Errors
    /// On storage failure.
    pub fn last_checks(&self) -> Result<HashMap<String, LastCheck>, StoreError> {
        let graph = self.iris.linkcheck_graph();
        let in_graph = GraphNameRef::NamedNode(graph.as_ref());
        let mut last: HashMap<String, LastCheck> = HashMap::new();
        for quad in self.store.quads_for_pattern(
            None,
            Some(vocab::rg::CHECKED_RESOURCE),
            None,
            Some(in_graph),
        ) {
            let quad = quad?;
            let Term::NamedNode(doc) = quad.object else {
                continue;
            };
            let value = |p| -> Result<Option<String>, StoreError> {
                let check = self.first_literal(quad.subject.as_ref(), p, in_graph)?;
                Ok(check.map(|l| l.value().to_owned()))
            };
            let Some(at) = value(vocab::prov::AT_TIME)?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc))
            else {
                continue;
            };
            if last.get(doc.as_str()).is_some_and(|l| l.at >= at) {
                continue;
            }
            let check = LastCheck {
                at,
                outcome: value(vocab::rg::OUTCOME)?.unwrap_or_default(),
                status: value(vocab::rg::HTTP_STATUS)?.and_then(|s| s.parse().ok()),
                error_kind: value(vocab::rg::ERROR_KIND)?,
            };
            last.insert(doc.into_string(), check);
        }
        Ok(last)
    }

    /// Adds quads (to whatever graphs they name) in one transaction, removing nothing:
    /// how link checks accumulate as history.
    ///
    /// # Errors
    /// On storage failure; nothing of the batch is then written.
    pub fn append(&self, quads: &[Quad]) -> Result<(), StoreError> {
        self.write_transaction(|txn| {
            txn.extend(quads.iter());
            Ok(())
        })
    }
}
