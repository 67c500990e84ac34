//! Writing recap graphs: the staged bulk [`GraphWriter`], changed graphs swapped in
//! place, graphs removed (prune), and the vocabulary graph replaced.
//!
//! Invariant: per-file atomicity. After a crash or an error each graph written here is
//! complete, new or old, or absent; never half-written. Staged graphs appear together at
//! a commit, a swapped one in the transaction of its batch, and every commit moves the
//! store's generation ([`RecapStore::generation`]) after it, never before.

use oxigraph::model::{NamedNode, NamedOrBlankNodeRef, Quad};
use oxigraph::store::Store;

use super::{RecapStore, StoreError};

/// Writes the graphs of an ingest run, from [`RecapStore::writer`].
///
/// A new graph is staged: a loader thread feeds it to Oxigraph's bulk loader, which
/// sorts it (on further threads, while the caller parses the next files) into one SST
/// file per index on disk; [`GraphWriter::commit`] has RocksDB ingest all of those at
/// once, so the staged graphs appear together or not at all. Staging many files before
/// one commit keeps RocksDB from compacting after every batch; memory stays bounded
/// because staged quads wait on disk.
///
/// A graph the store already holds (a changed file) is swapped in place: its old quads
/// removed and its new ones written in one transaction per [`GraphWriter::write`], so a
/// reader (a `serve --watch` query) sees the old file or the new one, never neither. That
/// path goes through RocksDB's write buffers, which cost memory and twice the time of the
/// bulk loader (`ingest --force` of 1,000 recaps all that way: 33.9 s and 1.26 GB against
/// 15–17 s and 0.8 GB), so it holds at most [`DEFAULT_SWAP_QUADS`] quads per writer
/// ([`GraphWriter::with_swap_budget`]). Beyond that, and always under `--force`, a changed
/// graph is removed in the transaction and staged like a new one: absent until the
/// commit, never half-written, and an interrupted run re-ingests it (its content hash
/// went with it).
///
/// Dropping the writer without committing discards what was staged (and a killed
/// process leaves `bulk-*.sst` files, which [`RecapStore::open`] removes).
pub struct GraphWriter<'a> {
    store: &'a RecapStore,
    stage: Option<Stage>,
    staged_quads: usize,
    swap_budget: usize,
}

/// Quads of changed graphs a [`GraphWriter`] swaps in place (in transactions) before it
/// stages the rest like new graphs: about 400 typical recaps, a few hundred MB of RocksDB
/// write buffers at most.
pub const DEFAULT_SWAP_QUADS: usize = 250_000;

/// Quads the bulk loader sorts into one set of files. RocksDB slows writes once one
/// level-0 holds 20 files and stops them at 36, so a commit should hold at most about 16
/// of these; memory holds about three.
pub const LOADER_BATCH_QUADS: usize = 250_000;

/// The loader thread of one commit.
struct Stage {
    sender: std::sync::mpsc::SyncSender<Vec<Quad>>,
    commit: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Result<(), oxigraph::store::StorageError>>,
}

impl Stage {
    fn start(store: Store) -> Self {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Quad>>(1);
        let commit = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let commit_requested = std::sync::Arc::clone(&commit);
        let thread = std::thread::spawn(move || {
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            let mut loader = store
                .bulk_loader()
                .with_num_threads(threads)
                .with_max_memory_size_in_megabytes(LOADER_BATCH_QUADS * threads / 1000);
            loader.load_quads(receiver.iter().flatten())?;
            if commit_requested.load(std::sync::atomic::Ordering::SeqCst) {
                loader.commit()?;
            }
            // Otherwise dropping the loader deletes its files.
            Ok(())
        });
        Self {
            sender,
            commit,
            thread,
        }
    }

    /// Ends the stage: commits it when `commit`, discards it otherwise.
    fn finish(self, commit: bool) -> Result<(), StoreError> {
        self.commit
            .store(commit, std::sync::atomic::Ordering::SeqCst);
        drop(self.sender);
        match self.thread.join() {
            Ok(result) => Ok(result?),
            Err(_) => Err(StoreError::Loader("its thread panicked")),
        }
    }
}

impl GraphWriter<'_> {
    /// How many quads of changed graphs this writer may still swap in place; `0` stages
    /// every changed graph like a new one (what `ingest --force` wants: speed over
    /// readers seeing the old file meanwhile).
    #[must_use]
    pub fn with_swap_budget(mut self, quads: usize) -> Self {
        self.swap_budget = quads;
        self
    }

    /// Writes each graph of `batch`: a changed graph is swapped now while the swap
    /// budget lasts (else removed now), a new one is staged for the next commit.
    ///
    /// # Errors
    /// On storage failure. The graphs of the batch are then as before, or absent; what
    /// was staged is discarded.
    pub fn write(&mut self, batch: Vec<(NamedNode, Vec<Quad>)>) -> Result<(), StoreError> {
        let mut changed = Vec::new();
        let mut fresh = Vec::with_capacity(batch.len());
        for (graph, quads) in batch {
            let name = NamedOrBlankNodeRef::NamedNode(graph.as_ref());
            if self.store.store.contains_named_graph(name)? {
                changed.push((graph, quads));
            } else {
                fresh.push((graph, quads));
            }
        }
        if !changed.is_empty() {
            let changed_quads: usize = changed.iter().map(|(_, q)| q.len()).sum();
            let swap = changed_quads <= self.swap_budget;
            self.store.write_transaction(|txn| {
                for (graph, quads) in &changed {
                    txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))?;
                    if swap {
                        txn.extend(quads);
                    }
                }
                Ok(())
            })?;
            if swap {
                self.swap_budget -= changed_quads;
            } else {
                fresh.extend(changed);
            }
        }
        let quads: Vec<Quad> = fresh.into_iter().flat_map(|(_, q)| q).collect();
        if quads.is_empty() {
            return Ok(());
        }
        self.staged_quads += quads.len();
        let stage = self
            .stage
            .get_or_insert_with(|| Stage::start(self.store.store.clone()));
        if stage.sender.send(quads).is_err() {
            // The loader stopped: its error says why.
            self.staged_quads = 0;
            if let Some(stage) = self.stage.take() {
                stage.finish(false)?;
            }
            return Err(StoreError::Loader("it stopped early"));
        }
        Ok(())
    }

    /// Quads staged for the next commit.
    #[must_use]
    pub fn staged_quads(&self) -> usize {
        self.staged_quads
    }

    /// Makes every staged graph visible, atomically.
    ///
    /// # Errors
    /// On storage failure; then none of the staged graphs is written.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        self.staged_quads = 0;
        match self.stage.take() {
            Some(stage) => {
                let done = stage.finish(true);
                self.store.wrote();
                done
            }
            None => Ok(()),
        }
    }
}

impl Drop for GraphWriter<'_> {
    fn drop(&mut self) {
        if let Some(stage) = self.stage.take() {
            // Discarding: an error here only means there was nothing left to discard.
            let _ = stage.finish(false);
        }
    }
}

impl RecapStore {
    /// A writer for many batches of graphs whose new graphs become visible together, at
    /// [`GraphWriter::commit`] (see there).
    #[must_use]
    pub fn writer(&self) -> GraphWriter<'_> {
        GraphWriter {
            store: self,
            stage: None,
            staged_quads: 0,
            swap_budget: DEFAULT_SWAP_QUADS,
        }
    }

    /// Replaces each graph with its quads. After a crash or an error every graph of the
    /// batch is either entirely new or entirely as before (new ones absent).
    ///
    /// The same as one [`GraphWriter::write`] followed by [`GraphWriter::commit`].
    ///
    /// # Errors
    /// On storage failure. The changed graphs may then be written while the new ones are
    /// not; no graph is ever half-written.
    pub fn replace_graphs(&self, batch: &[(NamedNode, Vec<Quad>)]) -> Result<(), StoreError> {
        let mut writer = self.writer();
        writer.write(batch.to_vec())?;
        writer.commit()
    }

    /// Removes source graphs (files deleted from disk), in one transaction.
    ///
    /// # Errors
    /// On storage failure.
    pub fn remove_graphs(&self, graphs: &[NamedNode]) -> Result<(), StoreError> {
        self.write_transaction(|txn| {
            for g in graphs {
                txn.remove_named_graph(NamedOrBlankNodeRef::NamedNode(g.as_ref()))?;
            }
            Ok(())
        })
    }

    /// Replaces the vocabulary graph with `quads` (one transaction).
    ///
    /// # Errors
    /// On storage failure.
    pub fn replace_vocabulary(&self, quads: Vec<Quad>) -> Result<(), StoreError> {
        self.replace_graphs(&[(self.iris.vocabulary_graph(), quads)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "rocksdb")]
    use crate::rdf::IriScheme;
    use crate::store::tests::store_with;
    use oxigraph::io::RdfFormat;

    #[cfg(feature = "rocksdb")]
    #[test]
    fn staged_graphs_appear_together_at_commit_and_vanish_without_it() {
        let dir = tempfile::tempdir().expect("tmp");
        let store =
            RecapStore::open(&dir.path().join("store.db"), IriScheme::default()).expect("open");
        let graph = |g: &str, n: usize| {
            let name = NamedNode::new(format!("http://g.example/{g}")).expect("iri");
            let quads = (0..n)
                .map(|i| {
                    Quad::new(
                        NamedNode::new(format!("http://s.example/{g}/{i}")).expect("iri"),
                        NamedNode::new("http://p.example/p").expect("iri"),
                        oxigraph::model::Literal::new_simple_literal(g),
                        name.clone(),
                    )
                })
                .collect::<Vec<_>>();
            (name, quads)
        };
        let mut writer = store.writer();
        writer.write(vec![graph("a", 3)]).expect("stage a");
        writer
            .write(vec![graph("b", 2), graph("c", 1)])
            .expect("stage b, c");
        assert_eq!(writer.staged_quads(), 6);
        assert_eq!(store.len().expect("len"), 0, "staged quads are not visible");
        writer.commit().expect("commit");
        assert_eq!(writer.staged_quads(), 0);
        assert_eq!(store.len().expect("len"), 6);
        assert_eq!(store.graph_names().expect("graphs").len(), 3);

        let has = |g: &str| {
            store
                .store
                .contains_named_graph(NamedOrBlankNodeRef::NamedNode(graph(g, 0).0.as_ref()))
                .expect("graphs")
        };
        // Within the swap budget a changed graph is swapped at once, in one transaction:
        // old c (1 quad) out, new c (4) in, before any commit; a new graph still waits.
        let mut writer = store.writer().with_swap_budget(4);
        writer
            .write(vec![graph("c", 4), graph("e", 2)])
            .expect("swap c, stage e");
        assert_eq!(
            store.len().expect("len"),
            9,
            "a's 3, b's 2, new c's 4; e staged"
        );
        // The budget is spent: the next changed graph is removed and staged instead.
        writer.write(vec![graph("c", 1)]).expect("replace c");
        assert!(!has("c"), "over budget: removed, staged");
        writer.commit().expect("commit");
        assert_eq!(store.len().expect("len"), 8, "a 3, b 2, c 1, e 2");

        // With no budget (`--force`) a changed graph is removed at once and staged like a
        // new one; a dropped writer leaves both absent (never half-written: the next
        // ingest writes the file again).
        store.remove_graphs(&[graph("e", 0).0]).expect("remove e");
        assert_eq!(store.len().expect("len"), 6, "a 3, b 2, c 1 as before");
        let mut writer = store.writer().with_swap_budget(0);
        writer
            .write(vec![graph("a", 1), graph("d", 5)])
            .expect("replace a, stage d");
        assert_eq!(
            store.len().expect("len"),
            3,
            "old a gone, new a and d not yet there"
        );
        drop(writer);
        assert_eq!(store.len().expect("len"), 3, "new a and d discarded");
        assert!(!has("a") && !has("d"));
        // Committed, a changed graph's new quads replace the old ones.
        let mut writer = store.writer();
        writer.write(vec![graph("a", 2)]).expect("stage a");
        writer.commit().expect("commit");
        let mut writer = store.writer();
        writer.write(vec![graph("b", 1)]).expect("replace b");
        writer.commit().expect("commit");
        assert!(has("a") && has("b"));
        assert_eq!(store.len().expect("len"), 4, "a's 2, b's 1, c's 1");
    }

    #[test]
    fn new_graphs_are_bulk_loaded_and_changed_graphs_replaced() {
        // Graphs "one" and "two" are new (bulk loader); writing "two" again with other
        // content takes the transaction path and must replace, not add to, the old one.
        let store = store_with(&[("a", "one"), ("b", "two"), ("c", "two")]);
        assert_eq!(store.len().expect("len"), 3);
        let two = NamedNode::new("http://g.example/two").expect("iri");
        let three = NamedNode::new("http://g.example/three").expect("iri");
        let quad = |s: &str, g: &NamedNode| {
            Quad::new(
                NamedNode::new(format!("http://s.example/{s}")).expect("iri"),
                NamedNode::new("http://p.example/p").expect("iri"),
                oxigraph::model::Literal::new_simple_literal(s),
                g.clone(),
            )
        };
        store
            .replace_graphs(&[
                (two.clone(), vec![quad("d", &two)]),
                (three.clone(), vec![quad("e", &three), quad("f", &three)]),
            ])
            .expect("write");
        let nq = String::from_utf8(
            store
                .dump(RdfFormat::NQuads, None, Vec::new())
                .expect("dump"),
        )
        .expect("utf-8");
        let mut subjects: Vec<&str> = nq
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        subjects.sort_unstable();
        assert_eq!(
            subjects,
            [
                "<http://s.example/a>",
                "<http://s.example/d>",
                "<http://s.example/e>",
                "<http://s.example/f>"
            ]
        );
        assert_eq!(store.graph_names().expect("graphs").len(), 3);
    }
}
