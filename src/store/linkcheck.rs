//! Link checks in the store (`links check`, `links report`, `links fix`, `stats`): the
//! cited documents, the links that name none, each document's latest check with the
//! suggestions it found, and new checks appended to the `linkcheck` graph.
//!
//! Invariant: link checks are history. They are only ever appended, never replaced or
//! deleted; a document's latest check is the one with the latest `prov:atTime`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term};

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
    /// `rg:finalUrl`.
    pub final_url: Option<String>,
    /// The `rg:Suggestion`s of the check, in the order it found them.
    pub suggestions: Vec<StoredSuggestion>,
}

/// A replacement a link check suggested, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredSuggestion {
    /// `rg:suggestedReplacement`.
    pub url: String,
    /// `rg:suggestionKind`.
    pub kind: String,
    /// `rg:suggestionSource`.
    pub source: String,
    /// `rg:snapshotTime`.
    pub snapshot_at: Option<String>,
    /// `rg:forMeetingDate`.
    pub for_date: Option<String>,
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

    /// Each document's latest link check: when, what it found, and its suggestions.
    ///
    /// # Errors
    /// On storage failure.
    pub fn last_checks(&self) -> Result<HashMap<String, LastCheck>, StoreError> {
        let graph = self.iris.linkcheck_graph();
        let in_graph = GraphNameRef::NamedNode(graph.as_ref());
        let mut latest: HashMap<String, (DateTime<Utc>, NamedOrBlankNode)> = HashMap::new();
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
            let Some(at) = self
                .first_literal(quad.subject.as_ref(), vocab::prov::AT_TIME, in_graph)?
                .and_then(|t| DateTime::parse_from_rfc3339(t.value()).ok())
                .map(|t| t.with_timezone(&Utc))
            else {
                continue;
            };
            if latest.get(doc.as_str()).is_some_and(|(t, _)| *t >= at) {
                continue;
            }
            latest.insert(doc.into_string(), (at, quad.subject));
        }
        let mut last = HashMap::with_capacity(latest.len());
        for (doc, (at, check)) in latest {
            let value = |s: NamedOrBlankNodeRef<'_>, p| -> Result<Option<String>, StoreError> {
                Ok(self
                    .first_literal(s, p, in_graph)?
                    .map(|l| l.value().to_owned()))
            };
            let check_ref = check.as_ref();
            let mut suggestions = Vec::new();
            for q in self.store.quads_for_pattern(
                Some(check_ref),
                Some(vocab::rg::HAS_SUGGESTION),
                None,
                Some(in_graph),
            ) {
                let Term::NamedNode(node) = q?.object else {
                    continue;
                };
                let node = NamedOrBlankNodeRef::NamedNode(node.as_ref());
                let Some(Term::NamedNode(url)) = self
                    .store
                    .quads_for_pattern(
                        Some(node),
                        Some(vocab::rg::SUGGESTED_REPLACEMENT),
                        None,
                        Some(in_graph),
                    )
                    .next()
                    .transpose()?
                    .map(|q| q.object)
                else {
                    continue;
                };
                suggestions.push(StoredSuggestion {
                    url: url.into_string(),
                    kind: value(node, vocab::rg::SUGGESTION_KIND)?.unwrap_or_default(),
                    source: value(node, vocab::rg::SUGGESTION_SOURCE)?.unwrap_or_default(),
                    snapshot_at: value(node, vocab::rg::SNAPSHOT_TIME)?,
                    for_date: value(node, vocab::rg::FOR_MEETING_DATE)?,
                });
            }
            // Live addresses first (as the check tried them), then snapshots by date.
            suggestions.sort_by(|a, b| {
                let rank = |k: &str| match k {
                    "redirect" => 0,
                    "github-main" => 1,
                    "https" => 2,
                    _ => 3,
                };
                rank(&a.kind)
                    .cmp(&rank(&b.kind))
                    .then_with(|| a.for_date.cmp(&b.for_date))
            });
            last.insert(
                doc,
                LastCheck {
                    at,
                    outcome: value(check_ref, vocab::rg::OUTCOME)?.unwrap_or_default(),
                    status: value(check_ref, vocab::rg::HTTP_STATUS)?.and_then(|s| s.parse().ok()),
                    error_kind: value(check_ref, vocab::rg::ERROR_KIND)?,
                    final_url: value(check_ref, vocab::rg::FINAL_URL)?,
                    suggestions,
                },
            );
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
