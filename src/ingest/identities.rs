//! The identity links of the series (folders) a run touched, rebuilt after its last
//! commit: from the attendees of the files it parsed, plus those of the series' other
//! files read back from the store.
//!
//! Invariant: a series' identity graph is replaced whole, never patched, and clears the
//! series' pending mark in the same transaction.

use std::collections::{HashMap, HashSet};

use crate::identity::{series_of, SeriesPeople};
use crate::store::{RecapStore, SourceRecord, StoreError};

/// Rebuilds the identity links of the series in `people` (which holds the attendees of
/// the files parsed in this run), reading the attendees of their other files among
/// `sources` from the store. Returns the number of links in those series.
pub(super) fn rebuild_identities(
    store: &RecapStore,
    sources: &[SourceRecord],
    mut people: HashMap<String, SeriesPeople>,
    parsed: &HashSet<&str>,
) -> Result<usize, StoreError> {
    for source in sources {
        if parsed.contains(source.path.as_str()) {
            continue;
        }
        if let Some(series) = people.get_mut(series_of(&source.path)) {
            for a in store.attendees_in_graph(&source.graph)? {
                series.add(&a);
            }
        }
    }
    let mut links: Vec<(String, Vec<(String, String)>)> = people
        .into_iter()
        .map(|(folder, series)| (folder, series.links()))
        .collect();
    links.sort();
    store.replace_identity_links(&links)
}
