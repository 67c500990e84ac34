//! Topics or people per meeting within the date range: the part every graph starts from.
//!
//! Invariant: a (meeting, entity) pair counts once however many recaps and spellings
//! repeat it; nodes are ordered by meeting count, then label (case-insensitively), then
//! IRI, cut to `--top`, and an entity is named by the smallest label on its first date.

use std::collections::HashMap;

use super::rows::{each_row, Interner, PREFIXES};
use super::{EntityNode, GraphError, GraphOptions};
use crate::store::RecapStore;

/// Entities (topics or people) per meeting, within the date range: the shared part of
/// every graph.
pub(super) struct Occurrences {
    /// The kept entities, ordered by meeting count, then label, then IRI.
    pub(super) nodes: Vec<EntityNode>,
    /// Entity IRI → index into `nodes`.
    pub(super) index: HashMap<String, usize>,
    /// Meeting (id in the caller's [`Interner`]) → indices into `nodes` of its kept
    /// entities, each once; sorted by meeting.
    pub(super) by_meeting: Vec<(u32, Vec<usize>)>,
}

/// An entity as the rows describe it: its label (a person's as first written, a topic's
/// latest title, as the store's one label is), its first and last meeting dates.
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
/// date (topics: on their last date), so the query need not group (which held every row
/// in a hash table).
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
        // A person goes by the name first written; a topic by its latest title.
        let named_here = if kind == "topic" {
            d > s.last.as_str() || (d == s.last && label < s.label.as_str())
        } else {
            d < s.first.as_str() || (d == s.first && label < s.label.as_str())
        };
        if named_here {
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
            EntityNode::new(
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

/// The two kinds of entity a graph counts per meeting.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entities {
    /// What a meeting is `schema:about`, named by `skos:prefLabel` (a vocabulary concept)
    /// or the recap's `rg:topicLabel` (a minted topic; the topic graph then names it by
    /// the store's one label): nodes of kind "topic".
    Topics,
    /// A meeting's `schema:attendee`s, named by `schema:name`: nodes of kind "person".
    People,
}

/// The `entities` of each meeting in the date range (see [`occurrences`]).
pub(super) fn occurrences_of(
    store: &RecapStore,
    entities: Entities,
    opts: &GraphOptions,
    meetings: &mut Interner,
) -> Result<Occurrences, GraphError> {
    let (kind, rows) = match entities {
        Entities::Topics => ("topic", "SELECT ?m ?d ?e ?label WHERE { GRAPH ?g { ?m a rg:Meeting ; schema:startDate ?d ; schema:about ?e . ?e skos:prefLabel|rg:topicLabel ?label } }"),
        Entities::People => ("person", "SELECT ?m ?d ?e ?label WHERE { GRAPH ?g { ?m a rg:Meeting ; schema:startDate ?d ; schema:attendee ?e . ?e schema:name ?label } }"),
    };
    occurrences(store, &format!("{PREFIXES} {rows}"), kind, opts, meetings)
}
