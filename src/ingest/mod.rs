//! The ingest pipeline: files → `recap::parse` → `extract` → `rdf::map` → `store`.
//!
//! Owns the options of a run ([`IngestOptions`]), the errors that stop one before it
//! starts ([`IngestError`]) and the public entry points; each concern has its own file:
//! finding the files and naming their graphs (`discover.rs`), which folder settings
//! (`recapgraph.toml`, see [`crate::config`]) apply to which file (`folder_configs.rs`),
//! one file read, hashed and mapped to quads (`prepare.rs`), the run itself: parsing in
//! parallel across cores and handing the graphs to a `store::GraphWriter` (`pipeline.rs`),
//! pruning files removed from disk (`prune.rs`), rebuilding the identity links of the
//! series a run touched (`identities.rs`), what a run reports (`report.rs`), the rounds
//! of `serve --watch` (`watch.rs`), the topic vocabulary (`vocabulary.rs`) and
//! `recapgraph explain` (`explain.rs`).
//!
//! Invariant: after a crash each file's graph is complete (new or old) or absent, and a
//! problem with one file is reported in the run's [`IngestReport`] without stopping the
//! run; only a config, vocabulary or store error stops it.

mod discover;
mod explain;
mod folder_configs;
mod identities;
mod pipeline;
mod prepare;
mod prune;
mod report;
mod vocabulary;
mod watch;

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::rdf::IriScheme;
use crate::recap::{self, RecapError};
use crate::store::StoreError;

pub use discover::{collect_files, SourceFile};
pub use explain::explain_file;
pub use folder_configs::FolderConfigs;
pub use pipeline::{ingest, ingest_selected};
pub use prepare::stored_hash_of;
pub use report::{FileFailure, FileOutcome, IngestEvent, IngestReport};
pub use vocabulary::prepare_vocabulary;
pub use watch::{watch, WatchTimes};

/// Triples of new files staged before a commit, by default: 16 of the bulk loader's
/// sorted file sets (RocksDB slows writes from 20), about 6,000 typical recaps.
pub const DEFAULT_COMMIT_QUADS: usize = 16 * crate::store::LOADER_BATCH_QUADS;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Files larger than this are refused.
    pub max_file_bytes: u64,
    /// Re-ingest files whose content hash is unchanged.
    pub force: bool,
    /// Remove graphs of files under the given folders that no longer exist.
    pub prune: bool,
    /// Files read and parsed per round (in parallel); bounds the memory held by parsed
    /// files before they are handed to the store.
    pub batch_size: usize,
    /// New files' triples staged before they are committed to the store together. A
    /// crash loses at most the uncommitted part (each file is all-or-nothing either way);
    /// fewer commits mean less RocksDB compaction during the run.
    pub commit_quads: usize,
    /// Files with more links than this are refused: every link becomes ~10 quads held in
    /// memory until its batch commits, so this bounds a file's memory and time.
    pub max_links: usize,
    /// Compact the store ([`RecapStore::compact`](crate::store::RecapStore::compact)) after
    /// a run that wrote at least this many triples; `None`: never.
    pub compact_after_quads: Option<usize>,
    /// A config file (`--config`) for every path given, instead of the
    /// `recapgraph.toml` of each folder (see [`FolderConfigs::load`]).
    pub config: Option<PathBuf>,
}

/// Triples a run writes before it compacts the store afterwards, by default: about
/// 1,500 typical recaps. Smaller runs leave few files behind, and RocksDB merges those.
pub const DEFAULT_COMPACT_AFTER_QUADS: usize = 1_000_000;

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: recap::DEFAULT_MAX_FILE_BYTES,
            force: false,
            prune: false,
            batch_size: 64,
            commit_quads: DEFAULT_COMMIT_QUADS,
            max_links: recap::DEFAULT_MAX_LINKS,
            compact_after_quads: Some(DEFAULT_COMPACT_AFTER_QUADS),
            config: None,
        }
    }
}

/// Errors that stop an ingest before it starts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// A vocabulary file is unreadable or invalid.
    #[error("{message}")]
    Vocabulary {
        /// What and where.
        message: String,
    },
    /// A folder's `recapgraph.toml` or the `--config` file is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A recap file given by itself cannot be read.
    #[error(transparent)]
    File(#[from] RecapError),
}

/// The IRI scheme for `base`, or the default.
///
/// # Errors
/// When `base` is not an absolute IRI.
pub fn iri_scheme(base: Option<&str>) -> Result<IriScheme, crate::rdf::BaseIriError> {
    base.map_or_else(|| Ok(IriScheme::default()), IriScheme::new)
}
