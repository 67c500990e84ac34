//! SHACL-derived checks (`rdf::shapes`) run over the store (`recapgraph validate`).
//!
//! Invariant: reads only. Each check is a SPARQL query whose rows are its violations
//! (`?g`, `?focus`, and `?v` or `?count`); a check that cannot run is an error, never an
//! empty answer.

use oxigraph::sparql::QueryResults;

use super::{RecapStore, StoreError};

/// A graph that breaks a shape.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The constraint, in words.
    pub constraint: String,
    /// The named graph (source file).
    pub graph: String,
    /// The node that breaks it.
    pub focus: String,
    /// The offending value or count.
    pub value: Option<String>,
}

impl RecapStore {
    /// Runs SHACL-derived checks over every named graph; returns the violations found.
    ///
    /// # Errors
    /// When a check cannot be run.
    pub fn validate(
        &self,
        checks: &[crate::rdf::shapes::ShapeCheck],
    ) -> Result<Vec<Violation>, StoreError> {
        let mut out = Vec::new();
        for c in checks {
            if let QueryResults::Solutions(rows) = self.query(&c.query, &[])? {
                for row in rows {
                    let row = row?;
                    let text = |v: &str| row.get(v).map(ToString::to_string).unwrap_or_default();
                    out.push(Violation {
                        constraint: c.description.clone(),
                        graph: text("g"),
                        focus: text("focus"),
                        value: row
                            .get("v")
                            .or_else(|| row.get("count"))
                            .map(ToString::to_string),
                    });
                }
            }
        }
        Ok(out)
    }
}
