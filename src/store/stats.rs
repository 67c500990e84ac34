//! Counts for `recapgraph stats`.
//!
//! Invariant: reads only, each count independent of the others (they run on all cores).
//! Classes are counted as distinct nodes and topics inside each recap's graph, since the
//! union default graph is a bag that would count a node once per graph naming it.

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::{RecapStore, StoreError};

/// Counts for `recapgraph stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Source files ingested.
    pub files: u64,
    /// Meetings.
    pub meetings: u64,
    /// People.
    pub people: u64,
    /// Places.
    pub places: u64,
    /// Organisations.
    pub organizations: u64,
    /// Topics discussed in meetings.
    pub topics: u64,
    /// Agenda items.
    pub agenda_items: u64,
    /// Distinct external documents cited.
    pub documents: u64,
    /// Link checks recorded (all history).
    pub link_checks: u64,
    /// Documents whose latest link check was broken or unreachable.
    pub dead_documents: u64,
    /// Quads in the whole store (including the vocabulary and link checks).
    pub triples: u64,
}

impl RecapStore {
    /// Counts for `stats`.
    ///
    /// # Errors
    /// On storage or query failure.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        use rayon::prelude::*;
        let count = |q: &str| -> Result<u64, StoreError> {
            if let QueryResults::Solutions(mut s) = self.query(q, &[])? {
                if let Some(row) = s.next() {
                    if let Some(Term::Literal(l)) = row?.get("n") {
                        return Ok(l.value().parse().unwrap_or(0));
                    }
                }
            }
            Ok(0)
        };
        let p = "PREFIX schema: <http://schema.org/> PREFIX rg: <https://w3id.org/recapgraph/ns#> ";
        let distinct =
            |class: &str| format!("{p} SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {class} }}");
        // Independent reads, on all cores: at 100,000 recaps the whole-store count of
        // quads alone takes seconds.
        let queries = [
            distinct("rg:SourceFile"),
            distinct("rg:Meeting"),
            distinct("schema:Person"),
            distinct("schema:Place"),
            distinct("schema:Organization"),
            // Inside each recap's graph: over the union, a meeting with k recaps would
            // join each topic k x k times.
            format!("{p} SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ GRAPH ?g {{ ?m a rg:Meeting ; schema:about ?t }} }}"),
            distinct("rg:AgendaItem"),
            distinct("schema:WebPage"),
            distinct("rg:LinkCheck"),
        ];
        let mut dead: Result<u64, StoreError> = Ok(0);
        let mut triples: Result<u64, StoreError> = Ok(0);
        let mut results = Vec::new();
        rayon::scope(|scope| {
            scope.spawn(|_| {
                dead = self.last_checks().map(|checks| {
                    checks
                        .values()
                        .filter(|c| matches!(c.outcome.as_str(), "broken" | "unreachable"))
                        .count() as u64
                });
            });
            scope.spawn(|_| triples = self.len().map(|n| n as u64));
            results = queries.par_iter().map(|q| count(q)).collect::<Vec<_>>();
        });
        let counts = results.into_iter().collect::<Result<Vec<u64>, _>>()?;
        Ok(Stats {
            files: counts[0],
            meetings: counts[1],
            people: counts[2],
            places: counts[3],
            organizations: counts[4],
            topics: counts[5],
            agenda_items: counts[6],
            documents: counts[7],
            link_checks: counts[8],
            dead_documents: dead?,
            triples: triples?,
        })
    }
}
