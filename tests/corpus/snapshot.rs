//! The RDF of the real seed recap, as sorted N-Triples, reviewed like code (insta
//! snapshot). A change here is a change to the contract other tools query by.

use recapgraph::rdf::{map, IriScheme};

use crate::shared;
use crate::support::facts_of_file;

#[test]
fn seed_rdf() {
    let facts = facts_of_file(
        &shared().join("seeds/000_a507d80173a6ff85.txt"),
        "seeds/000_a507d80173a6ff85.txt",
    );
    let quads = map(&facts, &IriScheme::default(), "2026-01-01T00:00:00Z");
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| format!("{} {} {} .", q.subject, q.predicate, q.object))
        .collect();
    lines.sort();
    lines.dedup();
    insta::assert_snapshot!(lines.join("\n"));
}
