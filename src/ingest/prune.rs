//! `ingest --prune`: the graphs of files under the given folders that are gone from disk
//! are removed.
//!
//! Invariant: only sources under a folder given to this run are candidates, and their
//! series are marked pending (and rebuilt by the run) before a graph is removed.

use std::collections::HashMap;
use std::path::PathBuf;

use super::discover::root_name;
use super::SourceFile;
use crate::identity::{series_of, SeriesPeople};
use crate::store::{RecapStore, SourceRecord, StoreError};

/// Removes the graphs of the `sources` under the given folders that were not found on
/// disk (marking their series' identity graphs pending first, and adding those series to
/// `people`); returns how many, and the sources kept.
pub(super) fn prune(
    store: &RecapStore,
    paths: &[PathBuf],
    found: &[SourceFile],
    sources: Vec<SourceRecord>,
    people: &mut HashMap<String, SeriesPeople>,
) -> Result<(usize, Vec<SourceRecord>), StoreError> {
    let roots: Vec<String> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| format!("{}/", root_name(p)))
        .collect();
    let present: std::collections::HashSet<&str> =
        found.iter().map(|f| f.source_path.as_str()).collect();
    let (gone, kept): (Vec<_>, Vec<_>) = sources.into_iter().partition(|s| {
        roots.iter().any(|r| s.path.starts_with(r.as_str())) && !present.contains(s.path.as_str())
    });
    let series: Vec<&str> = gone.iter().map(|s| series_of(&s.path)).collect();
    store.mark_identity_pending(&series)?;
    for s in series {
        people.entry(s.to_owned()).or_default();
    }
    let graphs: Vec<_> = gone.iter().map(|s| s.graph.clone()).collect();
    store.remove_graphs(&graphs)?;
    Ok((gone.len(), kept))
}
