//! Stage 7, `graph`: how topics and people relate, as graphs built from the store by SPARQL.
//!
//! Owns the graphs' data model (here: [`EntityGraph`], whose [`EntityNode`]s are topics
//! or people, the entities meetings name, and whose [`EntityEdge`]s say by their
//! [`EdgeKind`] what links two of them; options, errors) and the public entry points; each concern has its own file: reading the store's rows and
//! numbering IRIs (`rows.rs`), topics or people per meeting (`occurrences.rs`), counting
//! pairs into weighted edges (`pairs.rs`), the topic graph (`topics.rs`: the edge kinds
//! [`TopicEdges`] names: key phrases, shared documents, shared people, co-discussion), the people and bipartite graphs (`people.rs`), the analysis
//! (`analysis.rs`: degree, weighted degree, betweenness centrality, connected components,
//! label-propagation communities) and the serializations (`write.rs`: DOT, GraphML,
//! node-link JSON; `svg.rs`: a drawn picture).
//!
//! Invariant: the graphs are plain data built by read-only queries; edges index into
//! their graph's `nodes`, and the analysis attributes are those of `analysis.rs` over the
//! edges drawn.

mod analysis;
mod occurrences;
mod pairs;
mod people;
mod rows;
pub mod svg;
mod topics;
mod write;

use serde::Serialize;

use crate::store::StoreError;

pub use people::{bipartite_graph, people_graph};
pub use topics::topic_graph;

/// Which nodes and edges to keep.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Keep counted edges (meetings, shared documents or people) of at least this weight
    /// (default 1).
    pub min_weight: u64,
    /// Only meetings on or after this ISO date.
    pub since: Option<String>,
    /// Only meetings on or before this ISO date.
    pub until: Option<String>,
    /// Keep only the N nodes in most meetings (of each kind in the bipartite graph).
    pub top: Option<usize>,
    /// Which kinds of edge the topic graph draws (the other graphs ignore it).
    pub edges: TopicEdges,
}

/// The kinds of edge the topic graph draws (`--edges`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct TopicEdges {
    /// Discussed in the same meeting (`co-discussed`, weight: meetings).
    pub meeting: bool,
    /// Key phrases: `skos:related` / `skos:broader`, derived or from a vocabulary.
    pub phrase: bool,
    /// Documents cited under both (`shared-documents`, weight: documents).
    pub documents: bool,
    /// People at meetings about both (`shared-people`, weight: people).
    pub people: bool,
}

impl Default for TopicEdges {
    /// How subjects relate across meetings: key phrases and shared documents, not the
    /// per-meeting cliques of co-discussion.
    fn default() -> Self {
        Self {
            meeting: false,
            phrase: true,
            documents: true,
            people: false,
        }
    }
}

impl TopicEdges {
    /// Every kind.
    #[must_use]
    pub fn all() -> Self {
        Self {
            meeting: true,
            phrase: true,
            documents: true,
            people: true,
        }
    }

    /// Parses a comma-separated list: `meeting`, `phrase`, `documents`, `people`, `all`.
    ///
    /// # Errors
    /// Names the unknown kind.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut e = Self {
            meeting: false,
            phrase: false,
            documents: false,
            people: false,
        };
        for kind in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match kind {
                "meeting" | "co-discussed" => e.meeting = true,
                "phrase" | "related" | "broader" => e.phrase = true,
                "documents" | "shared-documents" => e.documents = true,
                "people" | "shared-people" => e.people = true,
                "all" => e = Self::all(),
                other => {
                    return Err(format!(
                        "unknown edge kind {other:?}: use meeting, phrase, documents, people or all"
                    ))
                }
            }
        }
        Ok(e)
    }
}

/// A node: a topic or a person (an entity the meetings name), and what the analysis
/// says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityNode {
    /// The node's IRI (a topic or a person).
    pub id: String,
    /// "topic" or "person".
    pub kind: &'static str,
    /// `skos:prefLabel` of a topic, `schema:name` of a person.
    pub label: String,
    /// Meetings that discussed it (a topic) or that it attended (a person).
    pub meetings: u64,
    /// First meeting date.
    pub first: String,
    /// Last meeting date.
    pub last: String,
    /// Decisions recorded about it (a topic; 0 for a person).
    pub decisions: u64,
    /// Number of neighbours over the drawn edges.
    pub degree: usize,
    /// Sum of the weights of its drawn edges (a key-phrase edge weighs 1).
    pub weighted_degree: u64,
    /// Normalised betweenness centrality over the drawn edges (estimated from some
    /// of the nodes on graphs too large for the exact one: [`betweenness_sources`]).
    pub betweenness: f64,
    /// Connected component (0 = largest).
    pub component: usize,
    /// Community (label propagation; 0 = largest).
    pub community: usize,
}

impl EntityNode {
    /// A node before analysis (degrees, betweenness, component and community zero).
    #[must_use]
    pub fn new(
        id: String,
        kind: &'static str,
        label: String,
        meetings: u64,
        first: String,
        last: String,
    ) -> Self {
        Self {
            id,
            kind,
            label,
            meetings,
            first,
            last,
            decisions: 0,
            degree: 0,
            weighted_degree: 0,
            betweenness: 0.0,
            component: 0,
            community: 0,
        }
    }
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// Discussed in the same meeting.
    CoDiscussed,
    /// `skos:related` in the vocabulary.
    Related,
    /// `skos:broader` in the vocabulary (source is narrower).
    Broader,
    /// Two people at the same meeting.
    CoAttended,
    /// A person at a meeting that discussed a topic (bipartite graph).
    Discussed,
    /// Two topics with documents cited under both (weight: documents).
    SharedDocuments,
    /// Two topics discussed at meetings with the same people (weight: people).
    SharedPeople,
}

impl EdgeKind {
    /// Kebab-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CoDiscussed => "co-discussed",
            Self::Related => "related",
            Self::Broader => "broader",
            Self::CoAttended => "co-attended",
            Self::Discussed => "discussed",
            Self::SharedDocuments => "shared-documents",
            Self::SharedPeople => "shared-people",
        }
    }

    /// True for edges counted from what meetings record (meetings, documents, people),
    /// false for key-phrase and vocabulary links.
    #[must_use]
    pub fn from_meetings(self) -> bool {
        !matches!(self, Self::Related | Self::Broader)
    }
}

/// An edge between two nodes (indices into [`EntityGraph::nodes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityEdge {
    /// One end.
    pub source: usize,
    /// The other end.
    pub target: usize,
    /// What it says.
    pub kind: EdgeKind,
    /// Meetings behind it (co-discussed, co-attended, discussed), documents or people
    /// the two share (shared-documents, shared-people); 0 for key-phrase edges.
    pub weight: u64,
    /// People who attended meetings about both (topic graph only; else 0).
    pub shared_people: u64,
    /// Documents cited under both (topic graph only; else 0).
    pub shared_documents: u64,
}

/// A graph of entities: topics ([`topic_graph`]), people ([`people_graph`]) or both
/// ([`bipartite_graph`]), linked by the meetings they share.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntityGraph {
    /// Nodes, ordered by meeting count then label (people before topics in the bipartite
    /// graph).
    pub nodes: Vec<EntityNode>,
    /// Edges, those from meetings first.
    pub edges: Vec<EntityEdge>,
}

/// Errors building a graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A query result could not be read.
    #[error("reading graph data: {0}")]
    Results(String),
}

pub use svg::to_svg;

/// How many source nodes the betweenness of a graph with `nodes` nodes and `edges` edges
/// from meetings is computed from: all of them, or fewer (an estimate) when the exact
/// computation would take more than a few seconds.
#[must_use]
pub fn betweenness_sources(nodes: usize, edges: usize) -> usize {
    analysis::betweenness_sources(nodes, edges)
}

/// Recomputes the analysis attributes (degrees, betweenness, components, communities) of
/// a graph built elsewhere.
pub fn analyse(graph: &mut EntityGraph) {
    let edges = graph.edges.clone();
    analysis::analyse(&mut graph.nodes, &edges);
}

pub use write::{to_dot, to_graphml, to_json, write_dot, write_graphml, write_json};
