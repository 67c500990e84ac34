//! The push state file `<store>.push.json`: per endpoint and graph, the fingerprint and
//! size last sent, so a push sends only what changed.
//!
//! Invariant: the file is written atomically (a temporary file renamed over it); a
//! missing file is an empty state, an unreadable one an error that says how to start over.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PushError;

/// What the push state remembers about one graph sent to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    /// [`crate::store::RecapStore::graph_fingerprint`] when sent.
    pub fingerprint: String,
    /// Its triples when sent.
    pub triples: usize,
    /// When (RFC 3339, UTC).
    pub pushed_at: String,
}

/// Per endpoint, per graph IRI: what was last sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushState {
    /// Endpoint URL → graph IRI → record.
    pub endpoints: BTreeMap<String, BTreeMap<String, Pushed>>,
}

/// Where the push state of the store at `store` lives: `<store>.push.json` beside the
/// store directory, so it is neither in the store (never pushed, exported or queried)
/// nor lost when the store is copied with it.
#[must_use]
pub fn state_path(store: &Path) -> PathBuf {
    let mut name = store
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_else(|| "recapgraph.db".into());
    name.push(".push.json");
    store.with_file_name(name)
}

impl PushState {
    /// Reads the state file; a missing file is an empty state.
    ///
    /// # Errors
    /// [`PushError::State`] when the file exists but cannot be read or parsed.
    pub fn load(path: &Path) -> Result<Self, PushError> {
        let err = |reason: String| PushError::State {
            path: path.to_owned(),
            reason,
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                err(format!(
                    "{e}; delete the file to push every graph again with --all"
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(err(e.to_string())),
        }
    }

    /// Writes the state file atomically (a temporary file renamed over it).
    ///
    /// # Errors
    /// [`PushError::State`] when it cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), PushError> {
        let err = |e: &dyn std::fmt::Display| PushError::State {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| err(&e))?;
        std::fs::write(&tmp, bytes).map_err(|e| err(&e))?;
        std::fs::rename(&tmp, path).map_err(|e| err(&e))
    }
}
