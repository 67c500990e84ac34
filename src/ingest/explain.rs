//! `recapgraph explain`: one recap file read exactly as `ingest` would read it (its
//! folder's settings, the same vocabulary, the same graph name), then explained line by
//! line by [`crate::extract::explain`].
//!
//! Invariant: nothing is written; the settings and vocabulary are those an ingest of the
//! same file would use.

use std::path::{Path, PathBuf};

use super::discover::lone_source_path;
use super::vocabulary::load_vocabulary_files;
use super::{FolderConfigs, IngestError};
use crate::rdf::IriScheme;
use crate::recap;

/// Reads one recap file as `ingest` would (its folder's `recapgraph.toml`, or `config`;
/// the bundled vocabulary plus `vocabulary`) and explains how it is read.
///
/// # Errors
/// When the file, the config or a vocabulary file cannot be read or is invalid.
pub fn explain_file(
    path: &Path,
    config: Option<&Path>,
    vocabulary: &[PathBuf],
    iris: &IriScheme,
) -> Result<crate::extract::explain::Explanation, IngestError> {
    let (vocab, _) = load_vocabulary_files(vocabulary, iris)?;
    let configs = FolderConfigs::load(&[path.to_owned()], config)?;
    let source_path = lone_source_path(path);
    let bytes = recap::read_bytes(path, recap::DEFAULT_MAX_FILE_BYTES)?;
    let recap = recap::from_bytes(path, &bytes, &source_path)?;
    let settings = configs.for_source(&source_path);
    Ok(crate::extract::explain::explain(&recap, &vocab, &settings))
}
