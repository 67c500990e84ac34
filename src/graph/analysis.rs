//! Analysis of the topic graph on petgraph: degrees, components, betweenness, communities.
//! Only co-discussion edges count; vocabulary edges are context, not evidence.

use std::collections::{BTreeMap, VecDeque};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

use super::{TopicEdge, TopicNode};

pub(super) fn analyse(nodes: &mut [TopicNode], edges: &[TopicEdge]) {
    let n = nodes.len();
    let mut g: UnGraph<(), u64> = UnGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    for e in edges.iter().filter(|e| e.kind.from_meetings()) {
        g.add_edge(NodeIndex::new(e.source), NodeIndex::new(e.target), e.weight);
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

/// Brandes' betweenness centrality on the unweighted graph, normalised to [0, 1].
fn betweenness(g: &UnGraph<(), u64>) -> Vec<f64> {
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
    // Undirected: every pair was counted from both ends.
    let scale = if n > 2 {
        1.0 / ((n - 1) * (n - 2)) as f64
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
    for _ in 0..100 {
        let mut changed = false;
        for v in 0..n {
            let mut votes: BTreeMap<usize, u64> = BTreeMap::new();
            for e in g.edges(NodeIndex::new(v)) {
                let w = if e.source().index() == v {
                    e.target()
                } else {
                    e.source()
                };
                *votes.entry(labels[w.index()]).or_default() += *e.weight();
            }
            let Some(best) = votes
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| *l)
            else {
                continue;
            };
            if votes.get(&labels[v]).copied().unwrap_or(0) < votes[&best] {
                labels[v] = best;
                changed = true;
            }
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
