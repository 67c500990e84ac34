//! The triples a file's graph holds about itself, derived from the rest of the graph:
//! `rg:attendeeDigest` (its attendees in one literal, for rebuilding identity links without
//! reading the graph back), `rg:graphStamp` (one hash of everything else, which `push`
//! compares) and `rg:tripleCount` (the graph's size, so `source-files` need not count).
//!
//! Invariant: they are computed here and only here, last, over the deduplicated quads, so
//! the stamp and the count describe exactly the graph that is stored.

use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

use crate::identity::Attendee;
use crate::vocab::rg;

/// Removes repeated quads from `quads` and appends the derived triples of `source` in
/// `graph`; returns the attendees the digest holds.
pub(super) fn seal(
    quads: &mut Vec<Quad>,
    source: &NamedNode,
    graph: &GraphName,
    base: &str,
) -> Vec<Attendee> {
    // The same triple can come from two places (a document cited twice): keep one.
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(quads.len());
        quads.iter().map(|quad| seen.insert(quad)).collect()
    };
    let mut keep = keep.into_iter();
    quads.retain(|_| keep.next().unwrap_or(true));
    // The attendees in one literal, for rebuilding identity links without reading the
    // whole graph back.
    let attendees = crate::identity::attendees(quads.iter().map(Quad::as_ref));
    if !attendees.is_empty() {
        quads.push(Quad::new(
            source.clone(),
            rg::ATTENDEE_DIGEST,
            Literal::new_simple_literal(crate::identity::digest(&attendees, base)),
            graph.clone(),
        ));
    }
    // What the graph holds, as one hash: `push` compares it instead of reading the graph.
    let stamp = {
        use std::io::Write as _;
        let mut hasher = blake3::Hasher::new();
        for quad in quads.iter() {
            // Writing to a hasher cannot fail.
            let _ = writeln!(hasher, "{quad}");
        }
        hasher.finalize().to_hex().to_string()
    };
    quads.push(Quad::new(
        source.clone(),
        rg::GRAPH_STAMP,
        Literal::new_simple_literal(stamp),
        graph.clone(),
    ));
    // The graph's size, this triple included, so `source-files` need not count a store.
    let count = i64::try_from(quads.len() + 1).unwrap_or(i64::MAX);
    quads.push(Quad::new(
        source.clone(),
        rg::TRIPLE_COUNT,
        Literal::from(count),
        graph.clone(),
    ));
    attendees
}
