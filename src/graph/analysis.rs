//! Analysis of a graph on petgraph: degrees, components, betweenness, communities.
//!
//! Invariant: every edge the graph draws counts (its kinds are what `--edges` chose);
//! key-phrase edges, which carry no count, weigh 1. Results are deterministic: components and communities are numbered by size,
//! largest first, and betweenness is exact within a work budget, else estimated from
//! sources spread over the nodes.

use std::collections::{BTreeMap, VecDeque};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

use super::{EntityEdge, EntityNode};

pub(super) fn analyse(nodes: &mut [EntityNode], edges: &[EntityEdge]) {
    let n = nodes.len();
    let mut g: UnGraph<(), u64> = UnGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    // Every edge the graph draws; key-phrase edges carry no count and weigh 1.
    for e in edges {
        g.add_edge(
            NodeIndex::new(e.source),
            NodeIndex::new(e.target),
            e.weight.max(1),
        );
    }
    for (i, node) in nodes.iter_mut().enumerate() {
        let ix = NodeIndex::new(i);
        node.degree = g.neighbors(ix).count();
        node.weighted_degree = g.edges(ix).map(|e| *e.weight()).sum();
    }
    // Connected components, numbered by size (largest first).
    let mut uf = UnionFind::<usize>::new(n);
    for e in g.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    let roots: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
    for (i, c) in renumber(&roots).into_iter().enumerate() {
        nodes[i].component = c;
    }
    for (i, b) in betweenness(&g).into_iter().enumerate() {
        nodes[i].betweenness = b;
    }
    for (i, c) in renumber(&label_propagation(&g)).into_iter().enumerate() {
        nodes[i].community = c;
    }
}

/// Relabels groups 0.. by size, largest first (ties: first member first).
fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut size: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        let e = size.entry(l).or_insert((0, i));
        e.0 += 1;
    }
    let mut order: Vec<(usize, (usize, usize))> = size.into_iter().collect();
    order.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    let new: BTreeMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(k, (l, _))| (*l, k))
        .collect();
    labels.iter().map(|l| new[l]).collect()
}

/// Neighbour lists in one flat array (in petgraph's `neighbors` order, so results are the
/// same to the last bit), for the breadth-first searches of [`betweenness`].
struct Adjacency {
    start: Vec<usize>,
    next: Vec<u32>,
}

impl Adjacency {
    fn of(g: &UnGraph<(), u64>) -> Self {
        let n = g.node_count();
        let mut start = Vec::with_capacity(n + 1);
        let mut next = Vec::with_capacity(2 * g.edge_count());
        for v in 0..n {
            start.push(next.len());
            next.extend(
                g.neighbors(NodeIndex::new(v))
                    .map(|w| u32::try_from(w.index()).unwrap_or(u32::MAX)),
            );
        }
        start.push(next.len());
        Self { start, next }
    }

    fn of_node(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.next[self.start[v]..self.start[v + 1]]
            .iter()
            .map(|&w| w as usize)
    }
}

/// Neighbour visits [`betweenness`] may spend (each source costs one visit per edge end):
/// about two seconds. Within it every node is a source and the result is exact; beyond
/// it, `BETWEENNESS_WORK / (2 × edges)` sources spread evenly over the nodes (which come
/// ordered by meeting count) estimate it, as networkx's `betweenness_centrality(k=…)`
/// does. A graph of 5,000 people who nearly all met has 12 million edges: exact, that
/// would be 10^11 visits.
pub(super) const BETWEENNESS_WORK: usize = 400_000_000;

/// How many sources [`betweenness`] uses for a graph of `nodes` and `edges`.
pub(super) fn betweenness_sources(nodes: usize, edges: usize) -> usize {
    let per_source = (2 * edges).max(1);
    if nodes.saturating_mul(per_source) <= BETWEENNESS_WORK {
        nodes
    } else {
        (BETWEENNESS_WORK / per_source).clamp(1, nodes)
    }
}

/// Brandes' betweenness centrality on the unweighted graph, normalised to [0, 1]; from
/// every node when the graph is small enough, else estimated from evenly spread sources
/// (see [`BETWEENNESS_WORK`]).
fn betweenness(g: &UnGraph<(), u64>) -> Vec<f64> {
    betweenness_from(g, betweenness_sources(g.node_count(), g.edge_count()))
}

/// [`betweenness`] from `k` sources spread evenly over the nodes (all when `k` is their
/// number).
fn betweenness_from(g: &UnGraph<(), u64>, k: usize) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let k = k.clamp(1, n);
    let adj = Adjacency::of(g);
    let mut cb = vec![0.0_f64; n];
    let mut stack = Vec::with_capacity(n);
    let mut sigma = vec![0.0_f64; n];
    let mut dist = vec![-1_i64; n];
    let mut delta = vec![0.0_f64; n];
    let mut queue = VecDeque::with_capacity(n);
    for i in 0..k {
        let s = if k == n { i } else { i * n / k };
        // Only the nodes the last search reached need resetting.
        for &v in &stack {
            sigma[v] = 0.0;
            dist[v] = -1;
            delta[v] = 0.0;
        }
        stack.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for w in adj.of_node(v) {
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Back from the farthest: each node passes its share to its predecessors (the
        // neighbours one step nearer the source), so no predecessor lists are kept.
        for &w in stack.iter().rev() {
            for v in adj.of_node(w) {
                if dist[v] == dist[w] - 1 {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != s {
                cb[w] += delta[w];
            }
        }
    }
    // Undirected: every pair was counted from both ends; sampled sources stand for n/k.
    let scale = if n > 2 {
        n as f64 / k as f64 / ((n - 1) * (n - 2)) as f64
    } else {
        0.0
    };
    cb.into_iter().map(|c| c * scale).collect()
}

/// Weighted label propagation, deterministic: nodes in index order, ties to the smallest
/// label, at most 100 rounds.
fn label_propagation(g: &UnGraph<(), u64>) -> Vec<usize> {
    let n = g.node_count();
    let mut labels: Vec<usize> = (0..n).collect();
    // Votes per label for the node at hand, and which labels got any: cleared per node
    // in the time it took to fill them.
    let mut votes = vec![0_u64; n];
    let mut in_voted = vec![false; n];
    let mut voted: Vec<usize> = Vec::new();
    for _ in 0..100 {
        let mut changed = false;
        for v in 0..n {
            for e in g.edges(NodeIndex::new(v)) {
                let w = if e.source().index() == v {
                    e.target()
                } else {
                    e.source()
                };
                let l = labels[w.index()];
                if !in_voted[l] {
                    in_voted[l] = true;
                    voted.push(l);
                }
                votes[l] += *e.weight();
            }
            let best = voted
                .iter()
                .copied()
                .max_by(|&a, &b| votes[a].cmp(&votes[b]).then(b.cmp(&a)));
            if let Some(best) = best {
                if votes[labels[v]] < votes[best] {
                    labels[v] = best;
                    changed = true;
                }
            }
            for &l in &voted {
                votes[l] = 0;
                in_voted[l] = false;
            }
            voted.clear();
        }
        if !changed {
            break;
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_graph(n: usize) -> UnGraph<(), u64> {
        let mut g = UnGraph::new_undirected();
        let ix: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
        for w in ix.windows(2) {
            g.add_edge(w[0], w[1], 1);
        }
        g
    }

    #[test]
    fn betweenness_of_a_path() {
        // a - b - c: b lies on the only a–c path.
        let b = betweenness(&path_graph(3));
        assert_eq!(b, vec![0.0, 1.0, 0.0]);
    }

    /// Brandes' algorithm as the textbook writes it (fresh predecessor lists per
    /// source): the reference the flat-array version must match to the last bit.
    fn textbook_betweenness(g: &UnGraph<(), u64>) -> Vec<f64> {
        let n = g.node_count();
        let mut cb = vec![0.0_f64; n];
        for s in 0..n {
            let mut stack = Vec::new();
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut sigma = vec![0.0_f64; n];
            let mut dist = vec![-1_i64; n];
            sigma[s] = 1.0;
            dist[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for w in g.neighbors(NodeIndex::new(v)).map(NodeIndex::index) {
                    if dist[w] < 0 {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        preds[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0_f64; n];
            while let Some(w) = stack.pop() {
                for &v in &preds[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s {
                    cb[w] += delta[w];
                }
            }
        }
        let scale = if n > 2 {
            1.0 / ((n - 1) * (n - 2)) as f64
        } else {
            0.0
        };
        cb.into_iter().map(|c| c * scale).collect()
    }

    /// A deterministic tangle: 60 nodes, each linked to a few pseudo-random others, and
    /// two nodes left alone.
    fn tangle() -> UnGraph<(), u64> {
        let mut g = UnGraph::new_undirected();
        let ix: Vec<_> = (0..62).map(|_| g.add_node(())).collect();
        let mut x: u64 = 7;
        for a in 0..60 {
            for _ in 0..3 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let b = (x >> 33) as usize % 60;
                if a != b && g.find_edge(ix[a], ix[b]).is_none() {
                    g.add_edge(ix[a], ix[b], 1 + (x % 5));
                }
            }
        }
        g
    }

    #[test]
    fn exact_betweenness_matches_the_textbook_to_the_bit() {
        for g in [
            tangle(),
            path_graph(7),
            path_graph(2),
            UnGraph::new_undirected(),
        ] {
            let ours: Vec<u64> = betweenness(&g).iter().map(|b| b.to_bits()).collect();
            let book: Vec<u64> = textbook_betweenness(&g)
                .iter()
                .map(|b| b.to_bits())
                .collect();
            assert_eq!(ours, book);
        }
    }

    #[test]
    fn sampled_betweenness_estimates_the_exact_one() {
        // A star: the hub lies on every path between two leaves.
        let mut g = UnGraph::new_undirected();
        let hub = g.add_node(());
        for _ in 0..99 {
            let leaf = g.add_node(());
            g.add_edge(hub, leaf, 1);
        }
        let b = betweenness_from(&g, 10);
        // 9 of the 10 sources are leaves: 9 x 98 paths through the hub, x 100/10.
        assert!((b[0] - 1.0).abs() < 0.1, "hub {}", b[0]);
        assert!(b[1..].iter().all(|&x| x == 0.0));
        // On the tangle the sample keeps the order of the most central nodes.
        let g = tangle();
        let exact = betweenness(&g);
        let sampled = betweenness_from(&g, 30);
        let top = |v: &[f64]| {
            let mut i: Vec<usize> = (0..v.len()).collect();
            i.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
            i[0]
        };
        assert_eq!(top(&exact), top(&sampled));
        let err: f64 = exact
            .iter()
            .zip(&sampled)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            / exact.iter().sum::<f64>();
        assert!(err < 0.5, "relative error {err}");
    }

    #[test]
    fn sources_are_all_nodes_within_the_budget_and_fewer_beyond() {
        assert_eq!(betweenness_sources(300, 45_000), 300);
        assert_eq!(betweenness_sources(0, 0), 0);
        let k = betweenness_sources(5_000, 12_000_000);
        assert!((1..5_000).contains(&k), "{k}");
        assert!(k * 2 * 12_000_000 <= BETWEENNESS_WORK);
        assert_eq!(betweenness_sources(10, 1_000_000_000), 1);
    }

    #[test]
    fn two_triangles_are_two_communities() {
        let mut g = UnGraph::new_undirected();
        let ix: Vec<_> = (0..6).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)] {
            g.add_edge(ix[a], ix[b], 5);
        }
        g.add_edge(ix[2], ix[3], 1);
        let labels = renumber(&label_propagation(&g));
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[1], labels[2]);
        assert_eq!(labels[3], labels[4]);
        assert_ne!(labels[0], labels[3]);
    }
}
