//! Pairs of nodes counted into weighted edges: a dense triangle of counts while the
//! graph is small, a hash map beyond.
//!
//! Invariant: pairs are counted as `(a, b)` with `a < b`, read back ordered by pair, and
//! both representations give the same counts.

use std::collections::HashMap;

use super::occurrences::Occurrences;
use super::{EdgeKind, EntityEdge, GraphOptions};

/// Pair counts over `n` nodes: a dense triangle while it stays small (a few thousand
/// nodes), a hash map beyond.
pub(super) enum PairCounts {
    Dense { n: usize, counts: Vec<u32> },
    Sparse(HashMap<(usize, usize), u64>),
}

impl PairCounts {
    /// Nodes up to which the triangle is dense: 8,192 nodes take 134 MB, and the
    /// people graph of 5,000 people at 100,000 recaps counts 2 billion pairs.
    const DENSE_NODES: usize = 8_192;

    pub(super) fn new(n: usize) -> Self {
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
    pub(super) fn add(&mut self, a: usize, b: usize) {
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
pub(super) fn pair_weights(occ: &Occurrences) -> PairCounts {
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

/// Edges of `kind` for pairs backed by at least `--min-weight` meetings.
pub(super) fn meeting_edges(
    weights: PairCounts,
    kind: EdgeKind,
    opts: &GraphOptions,
) -> Vec<EntityEdge> {
    edges_of(weights, kind, opts.min_weight)
}

/// The pairs counted at least `min_weight` times (at least once) as edges of `kind`.
fn edges_of(counts: PairCounts, kind: EdgeKind, min_weight: u64) -> Vec<EntityEdge> {
    counts
        .at_least(min_weight.max(1))
        .into_iter()
        .map(|((a, b), w)| EntityEdge {
            source: a,
            target: b,
            kind,
            weight: w,
            shared_people: 0,
            shared_documents: 0,
        })
        .collect()
}

/// Edges between nodes whose sets share members (documents cited, people present), the
/// weight how many they share, at least `min_weight`. A member of more than `cap` sets
/// (the person at every meeting, the tracker linked from every item) says nothing about
/// two of them and is skipped, as a search engine skips stop words.
pub(super) fn shared_edges(
    sets: &[&roaring::RoaringBitmap],
    kind: EdgeKind,
    cap: usize,
    min_weight: u64,
) -> Vec<EntityEdge> {
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for m in set.iter() {
            postings.entry(m).or_default().push(i);
        }
    }
    let mut counts = PairCounts::new(sets.len());
    for list in postings.values() {
        if list.len() < 2 || list.len() > cap {
            continue;
        }
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                counts.add(a, b);
            }
        }
    }
    edges_of(counts, kind, min_weight)
}

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
}
