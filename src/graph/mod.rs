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

use std::collections::{BTreeSet, HashMap};

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use roaring::RoaringBitmap;
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
    /// Normalised betweenness centrality over co-discussion edges (estimated from some
    /// of the nodes on graphs too large for the exact one: [`betweenness_sources`]).
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

/// Runs `q` and hands each row's values of `vars` (IRIs and literal values as text, ""
/// when unbound) to `row`, without collecting them: at 100,000 recaps the attendance rows
/// alone are 8 million.
fn each_row<const N: usize>(
    store: &RecapStore,
    q: &str,
    vars: [&str; N],
    mut row: impl FnMut([&str; N]),
) -> Result<(), GraphError> {
    if let QueryResults::Solutions(solutions) = store.query(q, &[])? {
        for s in solutions {
            let s = s.map_err(|e| GraphError::Results(e.to_string()))?;
            row(vars.map(|v| match s.get(v) {
                Some(Term::NamedNode(n)) => n.as_str(),
                Some(Term::Literal(l)) => l.value(),
                Some(Term::BlankNode(b)) => b.as_str(),
                _ => "",
            }));
        }
    }
    Ok(())
}

const PREFIXES: &str = "PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rg: <https://w3id.org/recapgraph/ns#> ";

/// Strings numbered in order of first sight, so the graph's sets and counts work on
/// `u32`s instead of IRIs.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_owned(), id);
        self.names.push(s.to_owned());
        id
    }

    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// Entities (topics or people) per meeting, within the date range: the shared part of
/// every graph.
struct Occurrences {
    /// The kept entities, ordered by meeting count, then label, then IRI.
    nodes: Vec<TopicNode>,
    /// Entity IRI → index into `nodes`.
    index: HashMap<String, usize>,
    /// Meeting (id in the caller's [`Interner`]) → indices into `nodes` of its kept
    /// entities, each once; sorted by meeting.
    by_meeting: Vec<(u32, Vec<usize>)>,
}

/// An entity as the rows describe it: the label it was first discussed under, its first
/// and last meeting dates.
struct Seen {
    label: String,
    first: String,
    last: String,
    meetings: u64,
}

/// Reads rows (meeting, date, entity, label) from `q`, keeping the meetings in the date
/// range; meeting IRIs are numbered in `meetings` so that two kinds of entities can be
/// matched by meeting. Rows may repeat a (meeting, entity) pair, once per recap and
/// spelling: it counts once, and an entity is named by the smallest label on its first
/// date, so the query need not group (which held every row in a hash table).
fn occurrences(
    store: &RecapStore,
    q: &str,
    kind: &'static str,
    opts: &GraphOptions,
    meetings: &mut Interner,
) -> Result<Occurrences, GraphError> {
    let in_range = |d: &str| {
        opts.since.as_deref().is_none_or(|s| d >= s) && opts.until.as_deref().is_none_or(|u| d <= u)
    };
    let mut entities = Interner::default();
    let mut seen: Vec<Seen> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    each_row(store, q, ["m", "d", "e", "label"], |[m, d, e, label]| {
        if !in_range(d) {
            return;
        }
        let id = entities.id(e);
        if id as usize == seen.len() {
            seen.push(Seen {
                label: label.to_owned(),
                first: d.to_owned(),
                last: d.to_owned(),
                meetings: 0,
            });
        }
        let s = &mut seen[id as usize];
        // The label a topic was first discussed under names it.
        if d < s.first.as_str() || (d == s.first && label < s.label.as_str()) {
            label.clone_into(&mut s.label);
        }
        if d < s.first.as_str() {
            d.clone_into(&mut s.first);
        }
        if d > s.last.as_str() {
            d.clone_into(&mut s.last);
        }
        pairs.push((meetings.id(m), id));
    })?;
    pairs.sort_unstable();
    pairs.dedup();
    for &(_, e) in &pairs {
        seen[e as usize].meetings += 1;
    }
    let mut order: Vec<u32> = (0..u32::try_from(seen.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (&seen[a as usize], &seen[b as usize]);
        sb.meetings
            .cmp(&sa.meetings)
            .then_with(|| sa.label.to_lowercase().cmp(&sb.label.to_lowercase()))
            .then_with(|| entities.names[a as usize].cmp(&entities.names[b as usize]))
    });
    if let Some(n) = opts.top {
        order.truncate(n);
    }
    let mut node_of: Vec<Option<usize>> = vec![None; seen.len()];
    for (i, &e) in order.iter().enumerate() {
        node_of[e as usize] = Some(i);
    }
    let mut by_meeting: Vec<(u32, Vec<usize>)> = Vec::new();
    for (m, e) in pairs {
        let Some(node) = node_of[e as usize] else {
            continue;
        };
        match by_meeting.last_mut() {
            Some((last, nodes)) if *last == m => nodes.push(node),
            _ => by_meeting.push((m, vec![node])),
        }
    }
    let index = order
        .iter()
        .enumerate()
        .map(|(i, &e)| (entities.names[e as usize].clone(), i))
        .collect();
    let nodes = order
        .iter()
        .map(|&e| {
            let s = &seen[e as usize];
            TopicNode::new(
                entities.names[e as usize].clone(),
                kind,
                s.label.clone(),
                s.meetings,
                s.first.clone(),
                s.last.clone(),
            )
        })
        .collect();
    Ok(Occurrences {
        nodes,
        index,
        by_meeting,
    })
}

/// Pair counts over `n` nodes: a dense triangle while it stays small (a few thousand
/// nodes), a hash map beyond.
enum PairCounts {
    Dense { n: usize, counts: Vec<u32> },
    Sparse(HashMap<(usize, usize), u64>),
}

impl PairCounts {
    /// Nodes up to which the triangle is dense: 8,192 nodes take 134 MB, and the
    /// people graph of 5,000 people at 100,000 recaps counts 2 billion pairs.
    const DENSE_NODES: usize = 8_192;

    fn new(n: usize) -> Self {
        if n <= Self::DENSE_NODES {
            Self::Dense {
                n,
                counts: vec![0; n * n.saturating_sub(1) / 2],
            }
        } else {
            Self::Sparse(HashMap::new())
        }
    }

    /// Adds one to the pair `a < b`.
    fn add(&mut self, a: usize, b: usize) {
        match self {
            // Row a of the strict upper triangle starts after rows 0..a.
            Self::Dense { n, counts } => {
                let cell = &mut counts[a * (2 * *n - a - 1) / 2 + (b - a - 1)];
                *cell = cell.saturating_add(1);
            }
            Self::Sparse(map) => *map.entry((a, b)).or_default() += 1,
        }
    }

    /// The pairs counted at least `min` times, ordered by (a, b).
    fn at_least(self, min: u64) -> Vec<((usize, usize), u64)> {
        match self {
            Self::Dense { n, counts } => {
                let mut out = Vec::new();
                let mut k = 0;
                for a in 0..n {
                    for b in a + 1..n {
                        if u64::from(counts[k]) >= min {
                            out.push(((a, b), u64::from(counts[k])));
                        }
                        k += 1;
                    }
                }
                out
            }
            Self::Sparse(map) => {
                let mut out: Vec<_> = map.into_iter().filter(|(_, w)| *w >= min).collect();
                out.sort_unstable();
                out
            }
        }
    }
}

/// Pairs of entities in the same meeting, with the number of meetings.
fn pair_weights(occ: &Occurrences) -> PairCounts {
    let mut weights = PairCounts::new(occ.nodes.len());
    for (_, nodes) in &occ.by_meeting {
        for (k, &a) in nodes.iter().enumerate() {
            for &b in &nodes[k + 1..] {
                weights.add(a.min(b), a.max(b));
            }
        }
    }
    weights
}

fn topic_occurrences(
    store: &RecapStore,
    opts: &GraphOptions,
    meetings: &mut Interner,
) -> Result<Occurrences, GraphError> {
    occurrences(
        store,
        &format!("{PREFIXES} SELECT ?m ?d ?e ?label WHERE {{ GRAPH ?g {{ ?m a rg:Meeting ; schema:startDate ?d ; schema:about ?e . ?e skos:prefLabel ?label }} }}"),
        "topic",
        opts,
        meetings,
    )
}

fn person_occurrences(
    store: &RecapStore,
    opts: &GraphOptions,
    meetings: &mut Interner,
) -> Result<Occurrences, GraphError> {
    occurrences(
        store,
        &format!("{PREFIXES} SELECT ?m ?d ?e ?label WHERE {{ GRAPH ?g {{ ?m a rg:Meeting ; schema:startDate ?d ; schema:attendee ?e . ?e schema:name ?label }} }}"),
        "person",
        opts,
        meetings,
    )
}

/// Edges of `kind` for pairs backed by at least `--min-weight` meetings.
fn meeting_edges(weights: PairCounts, kind: EdgeKind, opts: &GraphOptions) -> Vec<TopicEdge> {
    weights
        .at_least(opts.min_weight.max(1))
        .into_iter()
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
    let occ = person_occurrences(store, opts, &mut Interner::default())?;
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
    let mut meetings = Interner::default();
    let people = person_occurrences(store, opts, &mut meetings)?;
    let topics = topic_occurrences(store, opts, &mut meetings)?;
    let offset = people.nodes.len();
    let topics_of: HashMap<u32, &Vec<usize>> =
        topics.by_meeting.iter().map(|(m, ts)| (*m, ts)).collect();
    // Person-topic pairs: too many for a dense triangle of both kinds together.
    let mut weights = PairCounts::Sparse(HashMap::new());
    for (m, ps) in &people.by_meeting {
        let Some(ts) = topics_of.get(m) else {
            continue;
        };
        for &p in ps {
            for &t in *ts {
                weights.add(p, offset + t);
            }
        }
    }
    let edges = meeting_edges(weights, EdgeKind::Discussed, opts);
    let mut nodes = people.nodes;
    nodes.extend(topics.nodes);
    analysis::analyse(&mut nodes, &edges);
    Ok(TopicGraph { nodes, edges })
}

/// Attendees per meeting: (meeting IRIs numbered in the returned interner, the set of
/// person ids of each meeting by that number). One index scan of `schema:attendee`: every
/// subject of it is a meeting, and a meeting's attendees are the same set whichever
/// recap's graph lists them.
fn attendees(store: &RecapStore) -> Result<(Interner, Vec<RoaringBitmap>), GraphError> {
    let mut meetings = Interner::default();
    let mut persons = Interner::default();
    let mut people: Vec<RoaringBitmap> = Vec::new();
    each_row(
        store,
        &format!("{PREFIXES} SELECT ?m ?p WHERE {{ ?m schema:attendee ?p }}"),
        ["m", "p"],
        |[m, p]| {
            let m = meetings.id(m) as usize;
            if m == people.len() {
                people.push(RoaringBitmap::new());
            }
            people[m].insert(persons.id(p));
        },
    )?;
    Ok((meetings, people))
}

/// Documents cited under each topic in an agenda item, in any meeting: (topic IRI →
/// document ids).
fn cited_documents(store: &RecapStore) -> Result<HashMap<String, RoaringBitmap>, GraphError> {
    let mut docs = Interner::default();
    let mut by_topic: HashMap<String, RoaringBitmap> = HashMap::new();
    each_row(
        store,
        &format!("{PREFIXES} SELECT ?t ?doc WHERE {{ GRAPH ?g {{ ?i a rg:AgendaItem ; schema:about ?t ; schema:citation ?doc }} }}"),
        ["t", "doc"],
        |[t, doc]| {
            let d = docs.id(doc);
            match by_topic.get_mut(t) {
                Some(set) => {
                    set.insert(d);
                }
                None => {
                    by_topic.insert(t.to_owned(), RoaringBitmap::from_iter([d]));
                }
            }
        },
    )?;
    Ok(by_topic)
}

/// A reading thread's result; a panic there (a bug, never input) becomes an error.
fn joined<T>(r: std::thread::Result<Result<T, GraphError>>) -> Result<T, GraphError> {
    r.unwrap_or_else(|_| Err(GraphError::Results("a reading thread panicked".into())))
}

/// Builds the topic graph from the store.
///
/// Three reads, the two larger on their own threads: topics per meeting, attendees per
/// meeting, documents per topic. Sets of people and documents are bitmaps of numbers, so
/// a topic discussed in thousands of meetings costs one union per meeting, not one
/// insertion per attendee.
///
/// # Errors
/// When the store cannot be queried.
pub fn topic_graph(store: &RecapStore, opts: &GraphOptions) -> Result<TopicGraph, GraphError> {
    let (topics, attended, cited) = std::thread::scope(|scope| {
        let attended = scope.spawn(|| attendees(store));
        let cited = scope.spawn(|| cited_documents(store));
        let mut meetings = Interner::default();
        let topics = topic_occurrences(store, opts, &mut meetings).map(|occ| (occ, meetings));
        (topics, joined(attended.join()), joined(cited.join()))
    });
    let (occ, meetings) = topics?;
    let (attendee_meetings, attendance) = attended?;
    let cited = cited?;
    let weights = pair_weights(&occ);
    let Occurrences {
        mut nodes,
        index,
        by_meeting,
    } = occ;

    // People per topic: the union of its meetings' attendees.
    let mut people = vec![RoaringBitmap::new(); nodes.len()];
    for (m, ts) in &by_meeting {
        let Some(a) = attendee_meetings
            .get(&meetings.names[*m as usize])
            .and_then(|a| attendance.get(a as usize))
        else {
            continue;
        };
        for &t in ts {
            people[t] |= a;
        }
    }
    let empty = RoaringBitmap::new();
    let docs: Vec<&RoaringBitmap> = nodes
        .iter()
        .map(|n| cited.get(&n.id).unwrap_or(&empty))
        .collect();

    // Co-discussion edges, with what else the two topics share.
    let mut edges = meeting_edges(weights, EdgeKind::CoDiscussed, opts);
    for e in &mut edges {
        e.shared_people = people[e.source].intersection_len(&people[e.target]);
        e.shared_documents = docs[e.source].intersection_len(docs[e.target]);
    }

    // Vocabulary edges between topics in the graph.
    let mut seen = BTreeSet::new();
    let mut vocab_edges = Vec::new();
    each_row(
        store,
        &format!("{PREFIXES} SELECT DISTINCT ?a ?b ?rel WHERE {{ {{ ?a skos:related ?b BIND(\"related\" AS ?rel) }} UNION {{ ?a skos:broader ?b BIND(\"broader\" AS ?rel) }} }}"),
        ["a", "b", "rel"],
        |[a, b, rel]| {
            let (Some(&a), Some(&b)) = (index.get(a), index.get(b)) else {
                return;
            };
            let kind = if rel == "broader" {
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
                vocab_edges.push(TopicEdge {
                    source: key.0,
                    target: key.1,
                    kind,
                    weight: 0,
                    shared_people: people[key.0].intersection_len(&people[key.1]),
                    shared_documents: docs[key.0].intersection_len(docs[key.1]),
                });
            }
        },
    )?;
    edges.extend(vocab_edges);
    analysis::analyse(&mut nodes, &edges);
    Ok(TopicGraph { nodes, edges })
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
pub fn analyse(graph: &mut TopicGraph) {
    let edges = graph.edges.clone();
    analysis::analyse(&mut graph.nodes, &edges);
}
pub use write::{to_dot, to_graphml, to_json, write_dot, write_graphml, write_json};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of `n` nodes, some several times, counted both ways.
    fn counted(n: usize, mut counts: PairCounts) -> Vec<((usize, usize), u64)> {
        for a in 0..n {
            for b in a + 1..n {
                for _ in 0..(a * 7 + b * 3) % 4 {
                    counts.add(a, b);
                }
            }
        }
        counts.at_least(2)
    }

    #[test]
    fn dense_and_sparse_pair_counts_agree() {
        for n in [0, 1, 2, 3, 17, 64] {
            let dense = counted(n, PairCounts::new(n));
            assert!(matches!(PairCounts::new(n), PairCounts::Dense { .. }));
            let sparse = counted(n, PairCounts::Sparse(HashMap::new()));
            assert_eq!(dense, sparse, "{n} nodes");
            // Ordered by pair, each at least 2, each as counted.
            assert!(dense.windows(2).all(|w| w[0].0 < w[1].0));
            for ((a, b), w) in &dense {
                assert_eq!(*w, ((a * 7 + b * 3) % 4) as u64);
                assert!(*w >= 2);
            }
        }
        assert!(matches!(
            PairCounts::new(PairCounts::DENSE_NODES + 1),
            PairCounts::Sparse(_)
        ));
    }

    #[test]
    fn interner_numbers_strings_in_order_of_first_sight() {
        let mut i = Interner::default();
        assert_eq!(i.id("b"), 0);
        assert_eq!(i.id("a"), 1);
        assert_eq!(i.id("b"), 0);
        assert_eq!(i.get("a"), Some(1));
        assert_eq!(i.get("c"), None);
        assert_eq!(i.names, ["b", "a"]);
    }
}
