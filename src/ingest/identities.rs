//! The derived graphs of the series (folders) a run touched, rebuilt after its last
//! commit: identity links (from the attendees of the files it parsed, plus those of the
//! series' other files read back from the store) and action follow-ups (from every stored
//! graph of the series).
//!
//! Invariant: a series' derived graphs are replaced whole, never patched; the follow-up
//! graph first, then the identity graph in the transaction that clears the series'
//! pending mark, so a run cut off between them rebuilds both.

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
    // Before the identity graphs: replacing those clears the series' pending marks, so a
    // run cut off here rebuilds both next time.
    rebuild_followups(store, sources, people.keys())?;
    // Topics are named across series: their labels and links are rebuilt from every
    // recap whenever any series changed.
    store.rebuild_topics()?;
    let mut links: Vec<(String, Vec<(String, String)>)> = people
        .into_iter()
        .map(|(folder, series)| (folder, series.links()))
        .collect();
    links.sort();
    store.replace_identity_links(&links)
}

/// Rebuilds the follow-up graphs of `series`: which action items later meetings of each
/// carried over or marked done (see [`crate::followup`]), read from every stored graph
/// of the series.
fn rebuild_followups<'a>(
    store: &RecapStore,
    sources: &[SourceRecord],
    series: impl Iterator<Item = &'a String>,
) -> Result<usize, StoreError> {
    let mut entries: HashMap<&str, Vec<crate::followup::Entry>> =
        series.map(|s| (s.as_str(), Vec::new())).collect();
    for source in sources {
        if let Some(list) = entries.get_mut(series_of(&source.path)) {
            list.extend(store.followup_entries(&source.graph)?);
        }
    }
    let mut links: Vec<(String, crate::followup::Links)> = entries
        .into_iter()
        .map(|(folder, list)| (folder.to_owned(), crate::followup::link(&list)))
        .collect();
    links.sort_by(|a, b| a.0.cmp(&b.0));
    store.replace_followups(&links)
}
