//! Stage 4, `store`: the embedded Oxigraph store, and the only user of `oxigraph::store`.
//!
//! This file owns the [`RecapStore`] handle: opening it (RocksDB on disk, or in memory),
//! telling a store locked by another process from one that cannot be opened, tidying
//! the store folder, the generation readers compare, the turns writers sharing a handle
//! take, durability and size (`flush`, `compact`, `len`), the errors of every part, and
//! the two helpers the parts share (a transaction that moves the generation; the literal
//! a graph says of itself).
//!
//! Invariant: one process at a time has a store open (RocksDB's lock), and the
//! generation moves after every commit made through a handle or its clones, never
//! before.
//!
//! Every other concern has one file, with one `impl RecapStore` block for its callers:
//!
//! | file | owns |
//! |---|---|
//! | `writer.rs` | ingest's writes: the bulk [`GraphWriter`], swaps, removals, the vocabulary |
//! | `sources.rs` | content hashes (skipping unchanged files) and the list of ingested sources |
//! | `sparql.rs` | SPARQL queries: parameters, the union default graph, the protocol's dataset |
//! | `update.rs` | SPARQL updates, and the derived triples (digest, stamp, count) kept in step |
//! | `identity.rs` | attendees of a stored graph, pending marks, the per-series identity graphs |
//! | `followup.rs` | actions and reviews of a stored graph, the per-series follow-up graphs |
//! | `topics.rs` | every recap's topic labels, the derived `graph/topics` (labels, broader, related) |
//! | `linkcheck.rs` | cited documents, latest link checks, checks appended as history |
//! | `fingerprint.rs` | `push`'s reads: the named graphs and a fingerprint of each |
//! | `dump.rs` | dumps in any RDF format |
//! | `stats.rs` | the counts of `recapgraph stats` |
//! | `validate.rs` | SHACL-derived checks run over the store |

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;

use crate::rdf::IriScheme;

mod dump;
mod fingerprint;
mod followup;
mod identity;
mod linkcheck;
mod sources;
mod sparql;
mod stats;
mod topics;
mod update;
mod validate;
mod writer;

pub use linkcheck::{LastCheck, StoredSuggestion};
pub use sources::SourceRecord;
pub use sparql::ProtocolDataset;
pub use stats::Stats;
pub use validate::Violation;
pub use writer::{GraphWriter, DEFAULT_SWAP_QUADS, LOADER_BATCH_QUADS};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be opened.
    #[error("cannot open the store at {path}: {reason}")]
    Open {
        /// Its path.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The store is locked by another process.
    #[error("the store at {path} is in use by another recapgraph process (an ingest or serve?); wait for it to finish, or use another --store (a `serve --watch DIR` ingests DIR itself: put new recaps there)")]
    Locked {
        /// Its path.
        path: PathBuf,
    },
    /// No store exists where a read needs one.
    #[error("no store at {path}: run `recapgraph ingest PATH...` first, or give --store")]
    Missing {
        /// Its path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("store error: {0}")]
    Storage(oxigraph::store::StorageError),
    /// A SPARQL query could not be parsed (the message gives line and column).
    #[error("invalid SPARQL query: {0}")]
    Syntax(oxigraph::sparql::SparqlSyntaxError),
    /// A parameter names no variable the query can bind.
    #[error("the query has no variable ?{name} to bind; {known}")]
    UnknownVariable {
        /// The name given.
        name: String,
        /// Which it has.
        known: String,
    },
    /// A SPARQL query failed while running.
    #[error("query failed: {0}")]
    Evaluation(oxigraph::sparql::QueryEvaluationError),
    /// Writing a dump failed.
    #[error("cannot write the dump: {0}")]
    Serialize(#[from] std::io::Error),
    /// The bulk loader thread stopped without an error of its own (it panicked).
    #[error("the bulk loader failed: {0}; nothing of the files staged since the last commit was written, ingest again")]
    Loader(&'static str),
    /// A SPARQL update failed while running.
    #[error("update failed: {0}")]
    Update(oxigraph::sparql::UpdateEvaluationError),
    /// A graph IRI given with the query (`default-graph-uri`, `named-graph-uri`) is invalid.
    #[error("invalid graph IRI {iri:?}: {reason}")]
    GraphIri {
        /// What was given.
        iri: String,
        /// Why it is not an IRI.
        reason: String,
    },
}

// The wrapped errors are shown in the message, not chained as sources, so that a
// report printing the whole chain does not repeat them.
impl From<oxigraph::store::StorageError> for StoreError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        Self::Storage(e)
    }
}

impl From<oxigraph::sparql::SparqlSyntaxError> for StoreError {
    fn from(e: oxigraph::sparql::SparqlSyntaxError) -> Self {
        Self::Syntax(e)
    }
}

impl From<oxigraph::sparql::QueryEvaluationError> for StoreError {
    fn from(e: oxigraph::sparql::QueryEvaluationError) -> Self {
        Self::Evaluation(e)
    }
}

/// Oxigraph's RocksDB store at `path`.
#[cfg(feature = "rocksdb")]
fn open_on_disk(path: &Path) -> Result<Store, oxigraph::store::StorageError> {
    Store::open(path)
}

/// Without RocksDB there is no on-disk store to open.
#[cfg(not(feature = "rocksdb"))]
fn open_on_disk(_path: &Path) -> Result<Store, oxigraph::store::StorageError> {
    Err(std::io::Error::other(
        "this build has no on-disk store (built without the `rocksdb` feature)",
    )
    .into())
}

/// RocksDB's old info logs kept in the store folder (`LOG.old.<time>`): every open
/// starts a new `LOG`, and RocksDB's own limit (1,000, about 120 KB each) would let a
/// store gather over 100 MB of them from ordinary `query` runs.
const KEPT_OLD_LOGS: usize = 4;

/// Tidies the store folder after an open: removes the SST files a bulk load killed
/// before its commit left (`bulk-<random>.sst`; RocksDB never saw them) and all but the
/// newest [`KEPT_OLD_LOGS`] old info logs. Only called with the store's lock held, so no
/// other process can be loading. Best effort: a file that cannot be removed stays.
fn tidy_store_folder(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut old_logs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            let _ = std::fs::remove_file(entry.path());
        } else if let Some(time) = name.strip_prefix("LOG.old.") {
            // RocksDB names them by the microsecond they were rotated out.
            if let Ok(time) = time.parse::<u128>() {
                old_logs.push((time, entry.path()));
            }
        }
    }
    old_logs.sort_unstable();
    let excess = old_logs.len().saturating_sub(KEPT_OLD_LOGS);
    for (_, log) in old_logs.into_iter().take(excess) {
        let _ = std::fs::remove_file(log);
    }
}

/// The knowledge graph store. Clones share it (`serve --watch` ingests through one while
/// the endpoint reads through another).
#[derive(Clone)]
pub struct RecapStore {
    store: Store,
    iris: IriScheme,
    /// Commits made through this store or its clones: see [`RecapStore::generation`].
    writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The writers' turns among the clones: see [`RecapStore::write_turns`].
    turns: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// True for a store in memory ([`RecapStore::memory`]).
    in_memory: bool,
}

impl RecapStore {
    /// Opens (creating if needed) the on-disk store at `path`.
    ///
    /// # Errors
    /// [`StoreError::Locked`] when another process has it open; [`StoreError::Open`] otherwise.
    pub fn open(path: &Path, iris: IriScheme) -> Result<Self, StoreError> {
        if path.exists() && !path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_owned(),
                reason: "it is a file, not a store directory".into(),
            });
        }
        let store = open_on_disk(path).map_err(|e| {
            let msg = e.to_string();
            if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
                StoreError::Locked {
                    path: path.to_owned(),
                }
            } else {
                StoreError::Open {
                    path: path.to_owned(),
                    reason: msg,
                }
            }
        })?;
        tidy_store_folder(path);
        Ok(Self {
            store,
            iris,
            writes: std::sync::Arc::default(),
            turns: std::sync::Arc::default(),
            in_memory: false,
        })
    }

    /// Opens an existing store for reading; fails when there is none.
    ///
    /// # Errors
    /// [`StoreError::Missing`] when `path` holds no store; as [`RecapStore::open`] otherwise.
    pub fn open_existing(path: &Path, iris: IriScheme) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        Self::open(path, iris)
    }

    /// A throwaway in-memory store.
    ///
    /// # Errors
    /// Never in practice; Oxigraph's signature allows it.
    pub fn memory(iris: IriScheme) -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::new()?,
            iris,
            writes: std::sync::Arc::default(),
            turns: std::sync::Arc::default(),
            in_memory: true,
        })
    }

    /// True for a store in memory: its bulk loader holds the store's one writer until it
    /// commits, so a writer there commits every batch before the next write
    /// (`ingest::pipeline`).
    #[must_use]
    pub fn is_memory(&self) -> bool {
        self.in_memory
    }

    /// A number that changes whenever this store, or a clone of it, commits a write:
    /// what a reader caching something derived from the store (the `serve` page's
    /// picture) compares to know it is still current. No other process can write while
    /// this one has the store open.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Turns for the writers that share this handle in one process (`serve`'s admin
    /// writes, `serve --watch` rounds): each takes the lock for a whole run, so they run
    /// one at a time, in the order they asked (the lock is fair). Oxigraph itself lets
    /// two writers interleave their commits, and two ingests of one new file would both
    /// load it. Async code awaits `lock_owned`; a plain thread calls `blocking_lock`.
    #[must_use]
    pub fn write_turns(&self) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.turns.clone()
    }

    /// Called after each commit, never before: a reader that saw the old generation
    /// may have read the old data, never the other way round.
    fn wrote(&self) {
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Runs `write` in one transaction, commits it, then moves the generation: how every
    /// transaction that readers should notice is written (an update, which moves it once
    /// for all its transactions, and the bulk loader's commits aside).
    ///
    /// # Errors
    /// `write`'s error, or a storage failure; nothing of the transaction is then written.
    fn write_transaction<T>(
        &self,
        write: impl FnOnce(&mut oxigraph::store::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut txn = self.store.start_transaction()?;
        let out = write(&mut txn)?;
        txn.commit()?;
        self.wrote();
        Ok(out)
    }

    /// The IRI scheme the store was opened with.
    #[must_use]
    pub fn iris(&self) -> &IriScheme {
        &self.iris
    }

    /// The same store (a clone, sharing its generation) minting IRIs under `iris`: what
    /// a command run inside `serve` with its own `--base` reads through.
    #[must_use]
    pub fn with_iris(&self, iris: IriScheme) -> Self {
        Self {
            iris,
            ..self.clone()
        }
    }

    /// Flushes and compacts nothing; makes sure everything written is durable.
    ///
    /// # Errors
    /// On storage failure.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")] // in-memory stores have nothing to flush
        self.store.flush()?;
        Ok(())
    }

    /// Compacts the store's files (RocksDB's full-range compaction, Oxigraph's
    /// `optimize`): every index ends up in few sorted files, so lookups read fewer of
    /// them. A large ingest leaves many overlapping files that RocksDB does not merge on
    /// its own soon; compacting them made queries 1.6–3.6× faster and an unchanged
    /// re-ingest 2.4× faster on 10,000 recaps (BENCHMARKS.md). Takes about a third of the ingest's
    /// time, little memory, and up to the store's size in free disk space while it runs;
    /// readers go on meanwhile. Nothing for an in-memory store.
    ///
    /// # Errors
    /// On storage failure (a full disk); the store is then as before, uncompacted.
    pub fn compact(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")] // in-memory stores have no files
        self.store.optimize()?;
        Ok(())
    }

    /// Total number of quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.store.len()?)
    }

    /// True when the store holds no quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.is_empty()?)
    }

    /// The first literal a graph says of itself with `predicate` (`<g> predicate "…"`
    /// inside `g`): what ingest writes about a source file in its graph. One index seek.
    fn own_literal(
        &self,
        graph: &NamedNode,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<Literal>, StoreError> {
        let graph = graph.as_ref();
        self.first_literal(graph.into(), predicate, GraphNameRef::NamedNode(graph))
    }

    /// The first literal `graph` holds for `subject` and `predicate`. One index seek.
    fn first_literal(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        graph: GraphNameRef<'_>,
    ) -> Result<Option<Literal>, StoreError> {
        for q in self
            .store
            .quads_for_pattern(Some(subject), Some(predicate), None, Some(graph))
        {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::rg;
    use oxigraph::model::Quad;

    pub(super) fn store_with(quads: &[(&str, &str)]) -> RecapStore {
        let store = RecapStore::memory(IriScheme::default()).expect("memory store");
        let mut by_graph: Vec<(NamedNode, Vec<Quad>)> = Vec::new();
        for (s, g) in quads {
            let graph = NamedNode::new(format!("http://g.example/{g}")).expect("iri");
            let quad = Quad::new(
                NamedNode::new(format!("http://s.example/{s}")).expect("iri"),
                NamedNode::new("http://p.example/p").expect("iri"),
                oxigraph::model::Literal::new_simple_literal(*s),
                graph.clone(),
            );
            match by_graph.iter_mut().find(|(g, _)| *g == graph) {
                Some((_, v)) => v.push(quad),
                None => by_graph.push((graph, vec![quad])),
            }
        }
        store.replace_graphs(&by_graph).expect("write");
        store
    }

    #[test]
    fn the_generation_moves_with_every_commit_and_is_shared_by_clones() {
        let store = store_with(&[("a", "one")]);
        let clone = store.clone();
        let g0 = store.generation();
        store.stats().expect("stats");
        store
            .query("SELECT * WHERE { ?s ?p ?o }", &[])
            .expect("query");
        assert_eq!(store.generation(), g0, "reads do not move it");
        store
            .update("INSERT DATA { <urn:x:s> <urn:x:p> 1 }")
            .expect("update");
        let g1 = clone.generation();
        assert!(g1 > g0, "an update moves it, seen through a clone");
        let graph = NamedNode::new("http://g.example/two").expect("iri");
        let mut writer = clone.writer();
        writer
            .write(vec![(
                graph.clone(),
                vec![Quad::new(
                    graph.clone(),
                    rg::CONTENT_HASH,
                    oxigraph::model::Literal::new_simple_literal("h"),
                    graph.clone(),
                )],
            )])
            .expect("stage");
        writer.commit().expect("commit");
        let g2 = store.generation();
        assert!(g2 > g1, "a writer's commit moves it");
        store.remove_graphs(&[graph]).expect("remove");
        assert!(store.generation() > g2, "removing graphs moves it");
    }

    #[cfg(feature = "rocksdb")]
    #[test]
    fn reopening_keeps_a_few_old_logs_and_no_abandoned_bulk_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("store.db");
        let count = |prefix: &str| {
            std::fs::read_dir(&path)
                .expect("store folder")
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                .count()
        };
        for _ in 0..(KEPT_OLD_LOGS + 4) {
            drop(RecapStore::open(&path, IriScheme::default()).expect("open"));
        }
        std::fs::write(path.join("bulk-abandoned.sst"), b"x").expect("write");
        std::fs::write(path.join("bulk-notes.txt"), b"x").expect("write");
        drop(RecapStore::open(&path, IriScheme::default()).expect("open"));
        assert_eq!(
            count("LOG.old."),
            KEPT_OLD_LOGS,
            "RocksDB rotates one per open"
        );
        assert_eq!(count("LOG"), KEPT_OLD_LOGS + 1, "and the current LOG");
        assert_eq!(count("bulk-abandoned"), 0);
        assert_eq!(
            count("bulk-notes"),
            1,
            "only bulk-*.sst files are ours to remove"
        );
    }
}
