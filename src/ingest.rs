//! The ingest pipeline: files → `recap::parse` → `extract` → `rdf::map` → `store`.
//!
//! Owns walking the given paths, naming each file's graph, skipping unchanged files by
//! content hash, reading each folder's settings (`recapgraph.toml`, see [`crate::config`]),
//! parsing in parallel across cores, handing the graphs to a
//! `store::GraphWriter` (each file's graph complete or absent after a crash), pruning
//! files removed from disk, rebuilding the identity links of the series it touched, and
//! reporting per-file errors without stopping the run.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{ConfigError, FolderConfig};
use crate::extract::{extract_with, ExtractConfig, Vocabulary};
use crate::identity::{series_of, Attendee, SeriesPeople};
use crate::rdf::{map_with_attendees, IriScheme};
use crate::recap::{self, Format, RecapError};
use crate::store::{RecapStore, SourceRecord, StoreError};

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
    /// Compact the store ([`RecapStore::compact`]) after a run that wrote at least this
    /// many triples; `None`: never.
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

/// A file that could not be ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileFailure {
    /// The file as given on the command line or found in a folder.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What went wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for FileFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// Stored (new or changed), with its quad count and whether it records a meeting.
    Ingested {
        /// Quads written.
        quads: usize,
        /// True when a meeting was found.
        meeting: bool,
    },
    /// Same content hash as stored: skipped.
    Unchanged,
    /// Not stored.
    Failed(FileFailure),
}

/// The summary of an ingest run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// Files found.
    pub files: usize,
    /// Files stored (new or changed).
    pub ingested: usize,
    /// Of those, files recording a meeting.
    pub meetings: usize,
    /// Files skipped because unchanged.
    pub unchanged: usize,
    /// Files that failed.
    pub failures: Vec<FileFailure>,
    /// Graphs removed by `--prune`.
    pub pruned: usize,
    /// People linked by `schema:sameAs` to a fuller name, in the series this run rebuilt.
    pub identities: usize,
    /// Quads written.
    pub quads: usize,
    /// Time spent compacting the store at the end, when the run did (see
    /// [`IngestOptions::compact_after_quads`]); included in `elapsed`.
    #[serde(serialize_with = "maybe_secs")]
    pub compacted: Option<Duration>,
    /// Wall time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

#[allow(clippy::ref_option)]
fn maybe_secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// A recap file to ingest: where it is, and the stable name of its graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Name relative to the ingest root: the given folder's own name, then the path inside.
    pub source_path: String,
}

fn root_name(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    canonical
        .file_name()
        .map_or_else(|| "root".to_owned(), |n| n.to_string_lossy().into_owned())
}

fn to_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder settings of one ingest: which config applies to which ingest root.
#[derive(Debug, Clone, Default)]
pub struct FolderConfigs {
    /// Ingest root name (the first part of a source path) → its config.
    by_root: HashMap<String, Arc<FolderConfig>>,
    /// The config files read, with their text (to notice edits between watch rounds).
    read: Vec<(PathBuf, String)>,
}

impl FolderConfigs {
    /// The settings for `paths` as `ingest` is given them. With `explicit` (`--config`),
    /// that file applies to every path. Otherwise a folder's `recapgraph.toml` applies to
    /// the files under it, and a file given by itself takes the `recapgraph.toml` beside
    /// it: its parent folder is its ingest root, as in its graph's name. Only the top
    /// folder's config is read; one in a subfolder is ignored. Globs match the path from
    /// the ingest root.
    ///
    /// # Errors
    /// When a config file that exists (or `explicit`) cannot be read or is invalid.
    pub fn load(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let mut configs = Self::default();
        let mut parsed: HashMap<PathBuf, Arc<FolderConfig>> = HashMap::new();
        let mut use_file = |configs: &mut Self, root: String, file: &Path| {
            let config = match parsed.get(file) {
                Some(c) => Arc::clone(c),
                None => {
                    let text = crate::config::read_text(file)?;
                    let c = Arc::new(FolderConfig::parse(&text, file)?);
                    configs.read.push((file.to_owned(), text));
                    parsed.insert(file.to_owned(), Arc::clone(&c));
                    c
                }
            };
            configs.by_root.entry(root).or_insert(config);
            Ok::<_, ConfigError>(())
        };
        for path in paths {
            let Ok(meta) = std::fs::metadata(path) else {
                continue; // collect_files reports it
            };
            let folder = if meta.is_dir() {
                path.as_path()
            } else {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
            };
            let root = root_name(folder);
            if let Some(file) = explicit {
                use_file(&mut configs, root, file)?;
                continue;
            }
            let file = folder.join(crate::config::FILE_NAME);
            match std::fs::metadata(&file) {
                Ok(_) => use_file(&mut configs, root, &file)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(ConfigError::Read { path: file, source }),
            }
        }
        Ok(configs)
    }

    /// The extraction settings of the file named `source_path` (`<root>/<path>`).
    #[must_use]
    pub fn for_source(&self, source_path: &str) -> ExtractConfig {
        let (root, relative) = source_path.split_once('/').unwrap_or(("", source_path));
        self.by_root
            .get(root)
            .map(|c| c.for_file(relative))
            .unwrap_or_default()
    }

    /// The config files read.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.read.iter().map(|(p, _)| p.as_path())
    }
}

/// What `rg:contentHash` holds for a file read with `settings`: the BLAKE3 hash of its
/// bytes when the settings are the default (no config, or one that changes nothing for
/// it), else a BLAKE3 hash of the bytes and the settings. Editing a config thus makes the
/// next ingest read again exactly the files whose settings it changed; stores and files
/// without configs keep the plain hash.
fn stored_hash(bytes: &[u8], settings: &ExtractConfig) -> String {
    if *settings == ExtractConfig::default() {
        return recap::content_hash(bytes);
    }
    let mut h =
        blake3::Hasher::new_derive_key("recapgraph 2026 recap bytes read with folder settings");
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
    h.update(&serde_json::to_vec(settings).unwrap_or_default());
    h.finalize().to_hex().to_string()
}

/// Finds the recap files under `paths` (files are taken as given; folders are walked for
/// `.md`, `.markdown`, `.txt`, `.textile`), sorted, with unreadable entries as failures.
#[must_use]
pub fn collect_files(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<FileFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => failures.push(FileFailure {
                path: root.display().to_string(),
                line: None,
                message: format!("cannot read: {e}"),
            }),
            Ok(meta) if meta.is_file() => {
                let parent = root
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = root
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                files.push(SourceFile {
                    path: root.clone(),
                    source_path: format!("{}/{name}", root_name(parent)),
                });
            }
            Ok(_) => {
                let base = root_name(root);
                for entry in walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name()
                {
                    match entry {
                        Err(e) => failures.push(FileFailure {
                            path: e.path().map_or_else(
                                || root.display().to_string(),
                                |p| p.display().to_string(),
                            ),
                            line: None,
                            message: format!(
                                "cannot read: {}",
                                e.io_error()
                                    .map_or_else(|| e.to_string(), ToString::to_string)
                            ),
                        }),
                        Ok(entry) => {
                            if !entry.file_type().is_file()
                                || Format::from_path(entry.path()).is_none()
                            {
                                continue;
                            }
                            let name = entry.file_name().to_string_lossy();
                            if name.starts_with('.') {
                                continue;
                            }
                            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                            files.push(SourceFile {
                                path: entry.path().to_owned(),
                                source_path: format!("{base}/{}", to_slash(rel)),
                            });
                        }
                    }
                }
            }
        }
    }
    files.sort_by(|a, b| a.source_path.cmp(&b.source_path));
    files.dedup_by(|a, b| a.source_path == b.source_path);
    (files, failures)
}

fn failure(path: &Path, e: &RecapError) -> FileFailure {
    let line = match e {
        RecapError::NotUtf8 { line, .. } | RecapError::Binary { line, .. } => Some(*line),
        _ => None,
    };
    let full = e.to_string();
    let shown = path.display().to_string();
    // The error text starts with the path (and line); keep only the message.
    let message = full
        .strip_prefix(&shown)
        .map(|rest| {
            let rest = rest.trim_start_matches(':');
            let rest = line.map_or(rest, |l| rest.strip_prefix(&l.to_string()).unwrap_or(rest));
            rest.trim_start_matches(':').trim().to_owned()
        })
        .unwrap_or(full);
    FileFailure {
        path: shown,
        line,
        message,
    }
}

/// What [`ingest`] reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum IngestEvent<'a> {
    /// A file was read and parsed (or skipped, or refused): one step of progress.
    Prepared(&'a SourceFile),
    /// A file's outcome is final: an ingested file's graph is committed by now.
    Finished(&'a SourceFile, &'a FileOutcome),
    /// Every file is done; the store is being compacted (it may take minutes).
    Compacting,
}

enum Prepared {
    Quads {
        graph: oxigraph::model::NamedNode,
        quads: Vec<oxigraph::model::Quad>,
        meeting: bool,
        attendees: Vec<Attendee>,
    },
    Unchanged,
    Failed(FileFailure),
}

fn prepare(
    file: &SourceFile,
    store: &RecapStore,
    vocab: &Vocabulary,
    configs: &FolderConfigs,
    opts: &IngestOptions,
    now: &str,
) -> Prepared {
    let iris = store.iris();
    let graph = iris.source(&file.source_path);
    let bytes = match recap::read_bytes(&file.path, opts.max_file_bytes) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(failure(&file.path, &e)),
    };
    let settings = configs.for_source(&file.source_path);
    let hash = stored_hash(&bytes, &settings);
    if !opts.force {
        match store.has_hash(&graph, &hash) {
            Ok(true) => return Prepared::Unchanged,
            Ok(false) => {}
            Err(e) => {
                return Prepared::Failed(FileFailure {
                    path: file.path.display().to_string(),
                    line: None,
                    message: e.to_string(),
                })
            }
        }
    }
    let recap = match recap::from_bytes(&file.path, &bytes, &file.source_path) {
        Ok(r) => r,
        Err(e) => return Prepared::Failed(failure(&file.path, &e)),
    };
    if let Some(d) = recap.diagnostics.iter().find(|d| d.fatal) {
        return Prepared::Failed(FileFailure {
            path: file.path.display().to_string(),
            line: d.line,
            message: format!(
                "{}; fix it and ingest again (nothing of this file was stored)",
                d.message
            ),
        });
    }
    if let Some(over) = recap.links.get(opts.max_links) {
        return Prepared::Failed(FileFailure {
            path: file.path.display().to_string(),
            line: Some(over.line),
            message: format!(
                "{} links, over the limit of {} links per file (link {} is here); \
                 split the file or raise --max-links (nothing of this file was stored)",
                recap.links.len(),
                opts.max_links,
                opts.max_links + 1
            ),
        });
    }
    let mut facts = extract_with(&recap, vocab, &settings);
    facts.content_hash = hash;
    let (quads, attendees) = map_with_attendees(&facts, iris, now);
    Prepared::Quads {
        graph,
        attendees,
        quads,
        meeting: facts.meeting.is_some(),
    }
}

/// Ingests `paths` into `store`. `on_event` hears of each file twice: when it has been
/// read and parsed, and when its outcome is final (an ingested file after the commit that
/// makes its graph visible).
///
/// Each file's graph is written all-or-nothing: staged and committed together every
/// [`IngestOptions::commit_quads`] triples and at the end. A changed file is swapped in
/// place when its batch is written (see [`crate::store::GraphWriter`]). Afterwards
/// the identity links of every series (folder) that gained, changed or lost a file are
/// rebuilt: from the files just parsed, plus the attendees of the series' other files
/// read back from the store.
///
/// The files are read with the settings of [`FolderConfigs::load`] (`opts.config`, or
/// the folders' `recapgraph.toml`), read before anything is written.
///
/// # Errors
/// When a config is unreadable or invalid (nothing is written), or the store itself
/// fails; per-file problems are in the report.
pub fn ingest(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<IngestReport, IngestError> {
    let configs = FolderConfigs::load(paths, opts.config.as_deref())?;
    Ok(ingest_where(
        store,
        vocab,
        paths,
        &configs,
        opts,
        &mut |_| true,
        on_event,
    )?)
}

/// [`ingest`], reading only the files `read` selects; the others count as unchanged
/// (and `--prune` still sees them as present).
fn ingest_where(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    configs: &FolderConfigs,
    opts: &IngestOptions,
    read: &mut dyn FnMut(&SourceFile) -> bool,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<IngestReport, StoreError> {
    let start = Instant::now();
    let (files, mut failures) = collect_files(paths);
    let selected: Vec<&SourceFile> = files.iter().filter(|f| read(f)).collect();
    for f in &failures {
        let file = SourceFile {
            path: PathBuf::from(&f.path),
            source_path: String::new(),
        };
        on_event(IngestEvent::Prepared(&file));
        on_event(IngestEvent::Finished(
            &file,
            &FileOutcome::Failed(f.clone()),
        ));
    }
    let mut report = IngestReport {
        files: files.len(),
        ..IngestReport::default()
    };
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // Changed files are swapped in place (readers see old or new) unless forced: then
    // every file is rewritten and the bulk loader's speed matters more.
    let mut writer = if opts.force {
        store.writer().with_swap_budget(0)
    } else {
        store.writer()
    };
    // Files staged in `writer`, reported once it commits.
    let mut staged: Vec<(&SourceFile, FileOutcome)> = Vec::new();
    // Series touched by this run, and the attendees of the files parsed in it.
    let mut people: HashMap<String, SeriesPeople> = HashMap::new();
    let mut parsed: HashSet<&str> = HashSet::new();
    // Series whose identity graphs are marked pending: this run's, and any an earlier,
    // interrupted run left.
    let mut marked: HashSet<String> = HashSet::new();
    for series in store.pending_identity_series()? {
        people.entry(series.clone()).or_default();
        marked.insert(series);
    }
    report.unchanged = files.len() - selected.len();
    for chunk in selected.chunks(opts.batch_size.max(1)) {
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|f| prepare(f, store, vocab, configs, opts, &now))
            .collect();
        let mut batch = Vec::new();
        for (&file, p) in chunk.iter().zip(prepared) {
            on_event(IngestEvent::Prepared(file));
            match p {
                Prepared::Quads {
                    graph,
                    quads,
                    meeting,
                    attendees,
                } => {
                    let series = people
                        .entry(series_of(&file.source_path).to_owned())
                        .or_default();
                    for a in &attendees {
                        series.add(a);
                    }
                    parsed.insert(&file.source_path);
                    staged.push((
                        file,
                        FileOutcome::Ingested {
                            quads: quads.len(),
                            meeting,
                        },
                    ));
                    batch.push((graph, quads));
                }
                Prepared::Unchanged => {
                    report.unchanged += 1;
                    on_event(IngestEvent::Finished(file, &FileOutcome::Unchanged));
                }
                Prepared::Failed(f) => {
                    failures.push(f.clone());
                    on_event(IngestEvent::Finished(file, &FileOutcome::Failed(f)));
                }
            }
        }
        if !batch.is_empty() {
            let unmarked: Vec<&str> = people
                .keys()
                .filter(|series| !marked.contains(series.as_str()))
                .map(String::as_str)
                .collect();
            store.mark_identity_pending(&unmarked)?;
            marked.extend(unmarked.into_iter().map(str::to_owned));
            writer.write(batch)?;
        }
        if writer.staged_quads() >= opts.commit_quads {
            commit(&mut writer, &mut staged, &mut report, on_event)?;
        }
    }
    commit(&mut writer, &mut staged, &mut report, on_event)?;
    drop(writer);
    // Every stored source, read once for pruning and the identity rebuild.
    let mut sources = None;
    if opts.prune {
        let (pruned, kept) = prune(store, paths, &files, store.sources()?, &mut people)?;
        report.pruned = pruned;
        sources = Some(kept);
    }
    if !people.is_empty() {
        let sources = match sources {
            Some(s) => s,
            None => store.sources()?,
        };
        report.identities = rebuild_identities(store, &sources, people, &parsed)?;
    }
    store.flush()?;
    if opts
        .compact_after_quads
        .is_some_and(|after| report.quads >= after && report.quads > 0)
    {
        on_event(IngestEvent::Compacting);
        let compacting = Instant::now();
        store.compact()?;
        report.compacted = Some(compacting.elapsed());
    }
    report.failures = failures;
    report.elapsed = start.elapsed();
    Ok(report)
}

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
/// ordinary [`ingest`] of the files whose size or modification time changed since the
/// last good round; the first round, and one every `times.rehash`, reads every file and
/// skips those whose content hash is stored. A new file appears at its round's commit, a
/// changed one is swapped in place (readers see the old recap or the new, never
/// neither). A quiet round costs a `stat` per file; a rehash round, reading and hashing
/// them (1.5 s for 100,000 recaps). The folder settings ([`FolderConfigs::load`]) are
/// read each round; a round that finds them edited reads every file (the files whose
/// settings changed are extracted again, see [`ingest`]). A round that fails (a store
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
        let result = ingest_where(store, vocab, paths, &configs, opts, &mut read, &mut |_| {})
            .map_err(IngestError::from);
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

/// Commits what `writer` staged and reports the staged files.
fn commit(
    writer: &mut crate::store::GraphWriter<'_>,
    staged: &mut Vec<(&SourceFile, FileOutcome)>,
    report: &mut IngestReport,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
) -> Result<(), StoreError> {
    writer.commit()?;
    for (file, outcome) in staged.drain(..) {
        if let FileOutcome::Ingested { quads, meeting } = outcome {
            report.ingested += 1;
            report.quads += quads;
            report.meetings += usize::from(meeting);
        }
        on_event(IngestEvent::Finished(file, &outcome));
    }
    Ok(())
}

/// Rebuilds the identity links of the series in `people` (which holds the attendees of
/// the files parsed in this run), reading the attendees of their other files among
/// `sources` from the store. Returns the number of links in those series.
fn rebuild_identities(
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

/// Removes the graphs of the `sources` under the given folders that were not found on
/// disk (marking their series' identity graphs pending first, and adding those series to
/// `people`); returns how many, and the sources kept.
fn prune(
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

/// Loads the bundled vocabulary plus the user's files, and stores the vocabulary graph.
///
/// # Errors
/// When a vocabulary file cannot be read or parsed, or the store fails.
pub fn prepare_vocabulary(
    store: &RecapStore,
    user_files: &[PathBuf],
) -> Result<Vocabulary, IngestError> {
    let (vocab, quads) = load_vocabulary_files(user_files, store.iris())?;
    store.replace_vocabulary(quads)?;
    Ok(vocab)
}

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
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let source_path = format!("{}/{name}", root_name(parent));
    let bytes = recap::read_bytes(path, recap::DEFAULT_MAX_FILE_BYTES)?;
    let recap = recap::from_bytes(path, &bytes, &source_path)?;
    let settings = configs.for_source(&source_path);
    Ok(crate::extract::explain::explain(&recap, &vocab, &settings))
}

/// The bundled vocabulary plus the user's files, and its quads.
fn load_vocabulary_files(
    user_files: &[PathBuf],
    iris: &IriScheme,
) -> Result<(Vocabulary, Vec<oxigraph::model::Quad>), IngestError> {
    let mut texts = vec![(
        "bundled ontology/topics.ttl".to_owned(),
        crate::rdf::BUNDLED_TOPICS.to_owned(),
    )];
    for f in user_files {
        let text = std::fs::read_to_string(f).map_err(|source| IngestError::Vocabulary {
            message: format!("cannot read vocabulary {}: {source}", f.display()),
        })?;
        texts.push((f.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    crate::rdf::load_vocabulary(&refs, iris).map_err(|e| IngestError::Vocabulary {
        message: e.to_string(),
    })
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
