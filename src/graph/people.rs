//! The graphs with people in them: people linked by the meetings they attended together,
//! and the bipartite graph of people and the topics discussed at their meetings.
//!
//! Invariant: every edge is backed by at least `--min-weight` meetings; in the bipartite
//! graph the people come first, then the topics, each kind cut to `--top` on its own.

use std::collections::HashMap;

use super::occurrences::{occurrences_of, Entities};
use super::pairs::{meeting_edges, pair_weights, PairCounts};
use super::rows::Interner;
use super::{analysis, EdgeKind, EntityGraph, GraphError, GraphOptions};
use crate::store::RecapStore;

/// People linked when they attended the same meeting (weight: meetings together).
///
/// # Errors
/// When the store cannot be queried.
pub fn people_graph(store: &RecapStore, opts: &GraphOptions) -> Result<EntityGraph, GraphError> {
    let occ = occurrences_of(store, Entities::People, opts, &mut Interner::default())?;
    let edges = meeting_edges(pair_weights(&occ), EdgeKind::CoAttended, opts);
    let mut nodes = occ.nodes;
    analysis::analyse(&mut nodes, &edges);
    Ok(EntityGraph { nodes, edges })
}

/// People and topics, a person linked to each topic discussed at meetings they attended
/// (weight: such meetings). `--top` keeps the N most frequent of each kind.
///
/// # Errors
/// When the store cannot be queried.
pub fn bipartite_graph(store: &RecapStore, opts: &GraphOptions) -> Result<EntityGraph, GraphError> {
    let mut meetings = Interner::default();
    let people = occurrences_of(store, Entities::People, opts, &mut meetings)?;
    let topics = occurrences_of(store, Entities::Topics, opts, &mut meetings)?;
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
    Ok(EntityGraph { nodes, edges })
}
