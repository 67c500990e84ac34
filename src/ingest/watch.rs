//! `serve --watch`: ingest rounds, one every `--watch-every`, each reading only the files
//! whose size or modification time changed (every file on the first round, every
//! `--watch-rehash`, and when the folder settings were edited).
//!
//! Invariant: what a round saw is remembered only when the round succeeded, so a failed
//! round's files are read again by the next; the loop stops only between rounds.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::pipeline::ingest_where;
use super::{FolderConfigs, IngestError, IngestOptions, IngestReport, SourceFile};
use crate::extract::Vocabulary;
use crate::store::RecapStore;

/// How often [`watch`] looks at the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchTimes {
    /// Between two rounds.
    pub every: Duration,
    /// Between two rounds that read and hash every file, whatever its size and
    /// modification time say: they catch an edit that kept both (a coarse-grained
    /// timestamp, a tool that restores the time) and a recap's graph an update removed.
    /// `None`: only the first round does.
    pub rehash: Option<Duration>,
}

/// Ingests `paths` again and again, `times.every` apart, until `stop` hears a message
/// or its sender goes: what `serve --watch` runs beside the endpoint. Each round is an
/// ordinary [`ingest`](super::ingest) of the files whose size or modification time changed since the
/// last good round; the first round, and one every `times.rehash`, reads every file and
/// skips those whose content hash is stored. A new file appears at its round's commit, a
/// changed one is swapped in place (readers see the old recap or the new, never
/// neither). A quiet round costs a `stat` per file; a rehash round, reading and hashing
/// them (1.5 s for 100,000 recaps). The folder settings ([`FolderConfigs::load`]) are
/// read each round; a round that finds them edited reads every file (the files whose
/// settings changed are extracted again, see [`ingest`](super::ingest)). A round that fails (a store
/// error, an invalid config) is reported to `on_round`, and the next round reads its
/// files again. Returns at once between rounds, after the round in progress otherwise.
pub fn watch(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    opts: &IngestOptions,
    times: WatchTimes,
    stop: &std::sync::mpsc::Receiver<()>,
    on_round: &mut dyn FnMut(Result<&IngestReport, &IngestError>),
) {
    // Size and modification time of each file as the last good round saw them (read
    // before the file was): a file that still has them is not read again.
    let mut seen: HashMap<PathBuf, (u64, std::time::SystemTime)> = HashMap::new();
    // The config files (and their text) the last good round read.
    let mut seen_configs: Option<Vec<(PathBuf, String)>> = None;
    let mut last_rehash = Instant::now();
    loop {
        let configs = match FolderConfigs::load(paths, opts.config.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                on_round(Err(&IngestError::Config(e)));
                if stop.recv_timeout(times.every) != Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                {
                    return;
                }
                continue;
            }
        };
        let rehash = seen.is_empty()
            || seen_configs.as_ref() != Some(&configs.read)
            || times.rehash.is_some_and(|r| last_rehash.elapsed() >= r);
        let mut now_seen = HashMap::new();
        let mut read = |f: &SourceFile| {
            let Ok(meta) = std::fs::metadata(&f.path) else {
                return true; // let the ingest report it
            };
            let Ok(modified) = meta.modified() else {
                return true;
            };
            let stamp = (meta.len(), modified);
            let changed = seen.get(&f.path) != Some(&stamp);
            now_seen.insert(f.path.clone(), stamp);
            changed || rehash
        };
        // A round is one writer among the others of this process (`serve`'s admin writes).
        let turns = store.write_turns();
        let turn = turns.blocking_lock();
        let result = ingest_where(store, vocab, paths, &configs, opts, &mut read, &mut |_| {})
            .map_err(IngestError::from);
        drop(turn);
        if result.is_ok() {
            seen = now_seen;
            seen_configs = Some(configs.read);
            if rehash {
                last_rehash = Instant::now();
            }
        }
        on_round(result.as_ref());
        if stop.recv_timeout(times.every) != Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
            return;
        }
    }
}
