//! The topic graph: topics linked by the kinds of edge `GraphOptions::edges` names (key
//! phrases: `skos:related` / `skos:broader`; documents cited under both; people at
//! meetings about both; discussed in the same meeting), each edge with the attendees and
//! cited documents the two topics share.
//!
//! Invariant: three reads of the store, the two larger on their own threads; a panic
//! there becomes an error, never a partial graph.

use std::collections::{BTreeSet, HashMap};

use roaring::RoaringBitmap;

use super::occurrences::{occurrences_of, Entities, Occurrences};
use super::pairs::{meeting_edges, pair_weights, shared_edges};
use super::rows::{each_row, Interner, PREFIXES};
use super::{analysis, EdgeKind, EntityEdge, EntityGraph, GraphError, GraphOptions};
use crate::store::RecapStore;

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

/// `skos:related` and `skos:broader` links between topics in the graph (derived from key
/// phrases in `graph/topics`, or from a vocabulary), each pair once.
fn phrase_edges(
    store: &RecapStore,
    index: &HashMap<String, usize>,
) -> Result<Vec<EntityEdge>, GraphError> {
    let mut seen = BTreeSet::new();
    let mut edges = Vec::new();
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
                edges.push(EntityEdge {
                    source: key.0,
                    target: key.1,
                    kind,
                    weight: 0,
                    shared_people: 0,
                    shared_documents: 0,
                });
            }
        },
    )?;
    Ok(edges)
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
pub fn topic_graph(store: &RecapStore, opts: &GraphOptions) -> Result<EntityGraph, GraphError> {
    let (topics, attended, cited) = std::thread::scope(|scope| {
        let attended = scope.spawn(|| attendees(store));
        let cited = scope.spawn(|| cited_documents(store));
        let mut meetings = Interner::default();
        let topics =
            occurrences_of(store, Entities::Topics, opts, &mut meetings).map(|occ| (occ, meetings));
        (topics, joined(attended.join()), joined(cited.join()))
    });
    let (occ, meetings) = topics?;
    let (attendee_meetings, attendance) = attended?;
    let cited = cited?;
    let weights = opts.edges.meeting.then(|| pair_weights(&occ));
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

    // The kinds of edge asked for, each with what else the two topics share.
    let kinds = opts.edges;
    let mut edges = match weights {
        Some(w) => meeting_edges(w, EdgeKind::CoDiscussed, opts),
        None => Vec::new(),
    };
    // A document or person in more than this many topics links everything to everything.
    let cap = (nodes.len() / 20).max(50);
    if kinds.documents {
        edges.extend(shared_edges(
            &docs,
            EdgeKind::SharedDocuments,
            cap,
            opts.min_weight,
        ));
    }
    if kinds.people {
        let sets: Vec<&RoaringBitmap> = people.iter().collect();
        edges.extend(shared_edges(
            &sets,
            EdgeKind::SharedPeople,
            cap,
            opts.min_weight,
        ));
    }
    if kinds.phrase {
        edges.extend(phrase_edges(store, &index)?);
    }
    for e in &mut edges {
        e.shared_people = people[e.source].intersection_len(&people[e.target]);
        e.shared_documents = docs[e.source].intersection_len(docs[e.target]);
    }

    // Minted topics go by the store's one label (`graph/topics`, the most recent title);
    // within a date range, by the label they had there.
    let whole = opts.since.is_none() && opts.until.is_none();
    each_row(
        store,
        &format!(
            "{PREFIXES} SELECT ?t ?label WHERE {{ ?t a skos:Concept ; skos:prefLabel ?label }}"
        ),
        ["t", "label"],
        |[t, label]| {
            if let Some(&i) = index.get(t).filter(|_| whole) {
                label.clone_into(&mut nodes[i].label);
            }
        },
    )?;

    // Decisions per topic (`rg:Decision` about it), counted inside each recap's graph.
    each_row(
        store,
        &format!("{PREFIXES} SELECT ?t (COUNT(?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d a rg:Decision ; schema:about ?t }} }} GROUP BY ?t"),
        ["t", "n"],
        |[t, n]| {
            if let (Some(&i), Ok(n)) = (index.get(t), n.parse::<u64>()) {
                nodes[i].decisions = n;
            }
        },
    )?;
    analysis::analyse(&mut nodes, &edges);
    Ok(EntityGraph { nodes, edges })
}
