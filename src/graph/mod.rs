//! Stage 7, `graph`: how topics relate, as a petgraph graph built from the store by SPARQL.
//!
//! Owns the topic graph (one node per topic; an edge between topics discussed in the same
//! meeting, weighted by how many meetings, with counts of shared attendees and shared
//! cited documents; `skos:related`/`skos:broader` edges from the vocabulary), its analysis
//! (degree, weighted degree, betweenness centrality, connected components, label-propagation
//! communities) and its serializations (DOT, GraphML, node-link JSON).

mod analysis;
pub mod svg;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::store::{RecapStore, StoreError};

/// Which topics and edges to keep.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Keep co-discussion edges with at least this many meetings (default 1).
    pub min_weight: u64,
    /// Only meetings on or after this ISO date.
    pub since: Option<String>,
    /// Only meetings on or before this ISO date.
    pub until: Option<String>,
    /// Keep only the N topics discussed in most meetings.
    pub top: Option<usize>,
}

/// A topic and what the analysis says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicNode {
    /// The node's IRI (a topic or a person).
    pub id: String,
    /// "topic" or "person".
    pub kind: &'static str,
    /// `skos:prefLabel`.
    pub label: String,
    /// Meetings that discussed it.
    pub meetings: u64,
    /// First meeting date.
    pub first: String,
    /// Last meeting date.
    pub last: String,
    /// Number of neighbours (co-discussion edges).
    pub degree: usize,
    /// Sum of co-discussion edge weights.
    pub weighted_degree: u64,
    /// Normalised betweenness centrality over co-discussion edges.
    pub betweenness: f64,
    /// Connected component (0 = largest).
    pub component: usize,
    /// Community (label propagation; 0 = largest).
    pub community: usize,
}

impl TopicNode {
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
        }
    }

    /// True for edges that come from meetings (analysed), false for vocabulary context.
    #[must_use]
    pub fn from_meetings(self) -> bool {
        matches!(self, Self::CoDiscussed | Self::CoAttended | Self::Discussed)
    }
}

/// An edge between two topics (indices into [`TopicGraph::nodes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicEdge {
    /// One end.
    pub source: usize,
    /// The other end.
    pub target: usize,
    /// What it says.
    pub kind: EdgeKind,
    /// Meetings that discussed both (0 for vocabulary edges).
    pub weight: u64,
    /// People who attended meetings about both.
    pub shared_people: u64,
    /// Documents cited under both.
    pub shared_documents: u64,
}

/// The topic graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TopicGraph {
    /// Topics, ordered by meeting count then label.
    pub nodes: Vec<TopicNode>,
    /// Edges, co-discussion first.
    pub edges: Vec<TopicEdge>,
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

fn rows(store: &RecapStore, q: &str, vars: &[&str]) -> Result<Vec<Vec<String>>, GraphError> {
    let mut out = Vec::new();
    if let QueryResults::Solutions(solutions) = store.query(q, &[])? {
        for s in solutions {
            let s = s.map_err(|e| GraphError::Results(e.to_string()))?;
            out.push(
                vars.iter()
                    .map(|v| s.get(*v).map(crate::query::term_value).unwrap_or_default())
                    .collect(),
            );
        }
    }
    Ok(out)
}

const PREFIXES: &str = "PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rg: <https://w3id.org/recapgraph/ns#> ";

/// Entities (topics or people) per meeting, within the date range: the shared part of
/// every graph. Rows are (meeting, date, entity, label).
struct Occurrences {
    nodes: Vec<TopicNode>,
    index: HashMap<String, usize>,
    by_meeting: BTreeMap<String, BTreeSet<String>>,
}

fn occurrences(rows: &[Vec<String>], kind: &'static str, opts: &GraphOptions) -> Occurrences {
    let in_range = |d: &str| {
        opts.since.as_deref().is_none_or(|s| d >= s) && opts.until.as_deref().is_none_or(|u| d <= u)
    };
    // entity → (label, meetings, first, last); meeting → entities
    let mut entities: BTreeMap<String, (String, BTreeSet<String>, String, String)> =
        BTreeMap::new();
    let mut by_meeting: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        let (m, d, t, label) = (&r[0], &r[1], &r[2], &r[3]);
        if !in_range(d) {
            continue;
        }
        let e = entities
            .entry(t.clone())
            .or_insert_with(|| (label.clone(), BTreeSet::new(), d.clone(), d.clone()));
        e.1.insert(m.clone());
        // The label a topic was first discussed under names it.
        if *d < e.2 || (*d == e.2 && *label < e.0) {
            e.0.clone_from(label);
        }
        if *d < e.2 {
            e.2.clone_from(d);
        }
        if *d > e.3 {
            e.3.clone_from(d);
        }
        by_meeting.entry(m.clone()).or_default().insert(t.clone());
    }
    let mut order: Vec<&String> = entities.keys().collect();
    order.sort_by(|a, b| {
        let (ta, tb) = (&entities[*a], &entities[*b]);
        tb.1.len()
            .cmp(&ta.1.len())
            .then_with(|| ta.0.to_lowercase().cmp(&tb.0.to_lowercase()))
    });
    if let Some(n) = opts.top {
        order.truncate(n);
    }
    let index: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(i, t)| ((*t).clone(), i))
        .collect();
    let nodes = order
        .iter()
        .map(|t| {
            let (label, meetings, first, last) = &entities[*t];
            TopicNode::new(
                (*t).clone(),
                kind,
                label.clone(),
                meetings.len() as u64,
                first.clone(),
                last.clone(),
            )
        })
        .collect();
    Occurrences {
        nodes,
        index,
        by_meeting,
    }
}

/// Pairs of entities in the same meeting, with the number of meetings.
fn pair_weights(occ: &Occurrences) -> BTreeMap<(usize, usize), u64> {
    let mut weights: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for ts in occ.by_meeting.values() {
        let idx: Vec<usize> = ts
            .iter()
            .filter_map(|t| occ.index.get(t.as_str()).copied())
            .collect();
        for (k, &a) in idx.iter().enumerate() {
            for &b in &idx[k + 1..] {
                *weights.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    weights
}

fn topic_rows(store: &RecapStore) -> Result<Vec<Vec<String>>, GraphError> {
    rows(
        store,
        &format!("{PREFIXES} SELECT ?m ?d ?t (MIN(?l) AS ?label) WHERE {{ GRAPH ?g {{ ?m a rg:Meeting ; schema:startDate ?d ; schema:about ?t . ?t skos:prefLabel ?l }} }} GROUP BY ?m ?d ?t"),
        &["m", "d", "t", "label"],
    )
}

fn person_rows(store: &RecapStore) -> Result<Vec<Vec<String>>, GraphError> {
    rows(
        store,
        &format!("{PREFIXES} SELECT ?m ?d ?p (MIN(?n) AS ?name) WHERE {{ GRAPH ?g {{ ?m a rg:Meeting ; schema:startDate ?d ; schema:attendee ?p . ?p schema:name ?n }} }} GROUP BY ?m ?d ?p"),
        &["m", "d", "p", "name"],
    )
}

/// Edges of `kind` for pairs backed by at least `--min-weight` meetings.
fn meeting_edges(
    weights: BTreeMap<(usize, usize), u64>,
    kind: EdgeKind,
    opts: &GraphOptions,
) -> Vec<TopicEdge> {
    let min = opts.min_weight.max(1);
    weights
        .into_iter()
        .filter(|(_, w)| *w >= min)
        .map(|((a, b), w)| TopicEdge {
            source: a,
            target: b,
            kind,
            weight: w,
            shared_people: 0,
            shared_documents: 0,
        })
        .collect()
}

/// People linked when they attended the same meeting (weight: meetings together).
///
/// # Errors
/// When the store cannot be queried.
pub fn people_graph(store: &RecapStore, opts: &GraphOptions) -> Result<TopicGraph, GraphError> {
    let occ = occurrences(&person_rows(store)?, "person", opts);
    let edges = meeting_edges(pair_weights(&occ), EdgeKind::CoAttended, opts);
    let mut nodes = occ.nodes;
    analysis::analyse(&mut nodes, &edges);
    Ok(TopicGraph { nodes, edges })
}

/// People and topics, a person linked to each topic discussed at meetings they attended
/// (weight: such meetings). `--top` keeps the N most frequent of each kind.
///
/// # Errors
/// When the store cannot be queried.
pub fn bipartite_graph(store: &RecapStore, opts: &GraphOptions) -> Result<TopicGraph, GraphError> {
    let people = occurrences(&person_rows(store)?, "person", opts);
    let topics = occurrences(&topic_rows(store)?, "topic", opts);
    let offset = people.nodes.len();
    let mut weights: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for (m, ps) in &people.by_meeting {
        let Some(ts) = topics.by_meeting.get(m) else {
            continue;
        };
        for p in ps.iter().filter_map(|p| people.index.get(p)) {
            for t in ts.iter().filter_map(|t| topics.index.get(t)) {
                *weights.entry((*p, offset + t)).or_default() += 1;
            }
        }
    }
    let edges = meeting_edges(weights, EdgeKind::Discussed, opts);
    let mut nodes = people.nodes;
    nodes.extend(topics.nodes);
    analysis::analyse(&mut nodes, &edges);
    Ok(TopicGraph { nodes, edges })
}

/// Builds the topic graph from the store.
///
/// # Errors
/// When the store cannot be queried.
pub fn topic_graph(store: &RecapStore, opts: &GraphOptions) -> Result<TopicGraph, GraphError> {
    let occ = occurrences(&topic_rows(store)?, "topic", opts);
    let index = &occ.index;
    let by_meeting = &occ.by_meeting;
    let mut nodes = occ.nodes.clone();

    // People and documents per topic.
    let attendees = rows(
        store,
        &format!(
            "{PREFIXES} SELECT DISTINCT ?m ?p WHERE {{ ?m a rg:Meeting ; schema:attendee ?p }}"
        ),
        &["m", "p"],
    )?;
    let mut people: Vec<BTreeSet<String>> = vec![BTreeSet::new(); nodes.len()];
    let mut meeting_people: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &attendees {
        meeting_people
            .entry(r[0].as_str())
            .or_default()
            .push(r[1].as_str());
    }
    for (m, ts) in by_meeting {
        for t in ts {
            if let Some(&i) = index.get(t.as_str()) {
                for p in meeting_people.get(m.as_str()).into_iter().flatten() {
                    people[i].insert((*p).to_owned());
                }
            }
        }
    }
    let cited = rows(store, &format!("{PREFIXES} SELECT DISTINCT ?t ?doc WHERE {{ ?i a rg:AgendaItem ; schema:about ?t ; schema:citation ?doc }}"), &["t", "doc"])?;
    let mut docs: Vec<BTreeSet<String>> = vec![BTreeSet::new(); nodes.len()];
    for r in &cited {
        if let Some(&i) = index.get(r[0].as_str()) {
            docs[i].insert(r[1].clone());
        }
    }

    // Co-discussion edges, with what else the two topics share.
    let mut edges = meeting_edges(pair_weights(&occ), EdgeKind::CoDiscussed, opts);
    for e in &mut edges {
        e.shared_people = people[e.source].intersection(&people[e.target]).count() as u64;
        e.shared_documents = docs[e.source].intersection(&docs[e.target]).count() as u64;
    }

    // Vocabulary edges between topics in the graph.
    let vocab = rows(
        store,
        &format!("{PREFIXES} SELECT DISTINCT ?a ?b ?rel WHERE {{ {{ ?a skos:related ?b BIND(\"related\" AS ?rel) }} UNION {{ ?a skos:broader ?b BIND(\"broader\" AS ?rel) }} }}"),
        &["a", "b", "rel"],
    )?;
    let mut seen = BTreeSet::new();
    for r in &vocab {
        let (Some(&a), Some(&b)) = (index.get(r[0].as_str()), index.get(r[1].as_str())) else {
            continue;
        };
        let kind = if r[2] == "broader" {
            EdgeKind::Broader
        } else {
            EdgeKind::Related
        };
        let key = if kind == EdgeKind::Related {
            (a.min(b), a.max(b), kind.as_str())
        } else {
            (a, b, kind.as_str())
        };
        if a != b && seen.insert(key) {
            edges.push(TopicEdge {
                source: key.0,
                target: key.1,
                kind,
                weight: 0,
                shared_people: people[a].intersection(&people[b]).count() as u64,
                shared_documents: docs[a].intersection(&docs[b]).count() as u64,
            });
        }
    }
    analysis::analyse(&mut nodes, &edges);
    Ok(TopicGraph { nodes, edges })
}

pub use svg::to_svg;

/// Recomputes the analysis attributes (degrees, betweenness, components, communities) of
/// a graph built elsewhere.
pub fn analyse(graph: &mut TopicGraph) {
    let edges = graph.edges.clone();
    analysis::analyse(&mut graph.nodes, &edges);
}
pub use write::{to_dot, to_graphml, to_json};
