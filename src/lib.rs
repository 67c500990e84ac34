//! recapgraph: meeting recaps → an RDF knowledge graph in an embedded Oxigraph store.

pub mod extract;
pub mod ingest;
pub mod query;
pub mod rdf;
pub mod recap;
pub mod store;
