//! recapgraph: meeting recaps → an RDF knowledge graph in an embedded Oxigraph store.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`recap`] (text → `Recap`) → [`extract`] (→ `MeetingFacts`) → [`rdf`] (→ quads in the
//! file's named graph) → [`store`] (Oxigraph) → [`query`]. [`ingest`] drives it over files.
//!
//! ```
//! use recapgraph::{extract, rdf, recap, store::RecapStore};
//!
//! let iris = rdf::IriScheme::default();
//! let (vocab, _) = rdf::load_vocabulary(&[("bundled", rdf::BUNDLED_TOPICS)], &iris)?;
//! let text = "# Team sync 2024-05-02\n\n## Attendees\n\n* Ann Lee (Oslo)\n* Bo Ek (Umeå)\n\n\
//!             ## Minutes\n\n### Budget\n\nSee [the sheet](https://example.org/budget).\n";
//! let facts = extract::extract(&recap::parse(text, "notes/sync.md", recap::Format::Markdown), &vocab);
//! assert_eq!(facts.meeting.as_ref().map(|m| m.date.as_str()), Some("2024-05-02"));
//!
//! let store = RecapStore::memory(iris.clone())?;
//! let quads = rdf::map(&facts, &iris, "2024-05-03T00:00:00Z");
//! store.replace_graphs(&[(iris.source("notes/sync.md"), quads)])?;
//! let results = store.query(
//!     "SELECT ?name WHERE { ?m <http://schema.org/attendee>/<http://schema.org/name> ?name }",
//!     &[],
//! )?;
//! let mut table = Vec::new();
//! recapgraph::query::write_results(results, recapgraph::query::OutputFormat::Csv, iris.base(), &mut table)?;
//! assert_eq!(String::from_utf8(table)?.lines().count(), 3);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

// The library's API, by what a user does with it. Each stage takes and returns plain data.

// The pipeline: text → facts → quads → store, and the driver over files.
pub mod extract;
pub mod ingest;
pub mod rdf;
pub mod recap;
pub mod store;

// Settings and the vocabulary of IRIs.
pub mod config;
pub mod vocab;

// What is read out of a store: queries, reports, graphs, dumps to other stores.
pub mod graph;
pub mod outcomes;
pub mod push;
pub mod query;
pub mod serve;
pub mod timeline;

// One store, every command: the record `serve` leaves and the client of its admin endpoint.
pub mod hub;

// Link rot: the checker (no RDF, no store) and its records and report in the store.
pub mod linkcheck;
pub mod links;

// Topics across recaps: labels, key phrases, relations, vocabulary drafts (plain data).
pub mod topics;

// Internal: derived graphs' rules, the HTTP client layer, slugs.
pub(crate) mod followup;
pub(crate) mod http;
pub(crate) mod identity;
pub(crate) mod slug;
