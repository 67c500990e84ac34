//! The ingest pipeline: files → `recap::parse` → `extract` → `rdf::map` → `store`.
//!
//! Owns walking the given paths, naming each file's graph, skipping unchanged files by
//! content hash, parsing in parallel across cores, writing each batch of files in one
//! transaction (so a crash leaves every file's graph complete or absent), pruning files
//! removed from disk, and reporting per-file errors without stopping the run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::extract::{extract, Vocabulary};
use crate::rdf::{map, IriScheme};
use crate::recap::{self, Format, RecapError};
use crate::store::{RecapStore, StoreError};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Files larger than this are refused.
    pub max_file_bytes: u64,
    /// Re-ingest files whose content hash is unchanged.
    pub force: bool,
    /// Remove graphs of files under the given folders that no longer exist.
    pub prune: bool,
    /// Files per transaction.
    pub batch_size: usize,
    /// Files with more links than this are refused: every link becomes ~10 quads held in
    /// memory until its batch commits, so this bounds a file's memory and time.
    pub max_links: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: recap::DEFAULT_MAX_FILE_BYTES,
            force: false,
            prune: false,
            batch_size: 256,
            max_links: recap::DEFAULT_MAX_LINKS,
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
    /// People linked by `schema:sameAs` to a fuller name in the same series.
    pub identities: usize,
    /// Quads written.
    pub quads: usize,
    /// Wall time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
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

enum Prepared {
    Quads(oxigraph::model::NamedNode, Vec<oxigraph::model::Quad>, bool),
    Unchanged,
    Failed(FileFailure),
}

fn prepare(
    file: &SourceFile,
    store: &RecapStore,
    vocab: &Vocabulary,
    opts: &IngestOptions,
    now: &str,
) -> Prepared {
    let iris = store.iris();
    let graph = iris.source(&file.source_path);
    let bytes = match recap::read_bytes(&file.path, opts.max_file_bytes) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(failure(&file.path, &e)),
    };
    if !opts.force {
        match store.stored_hash(&graph) {
            Ok(Some(h)) if h == recap::content_hash(&bytes) => return Prepared::Unchanged,
            Ok(_) => {}
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
    let facts = extract(&recap, vocab);
    let meeting = facts.meeting.is_some();
    Prepared::Quads(graph, map(&facts, iris, now), meeting)
}

/// Ingests `paths` into `store`. `on_file` is called once per file, in order, after its
/// batch is committed (for progress bars and logs).
///
/// # Errors
/// Only when the store itself fails; per-file problems are in the report.
pub fn ingest(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_file: &mut dyn FnMut(&SourceFile, &FileOutcome),
) -> Result<IngestReport, StoreError> {
    let start = Instant::now();
    let (files, mut failures) = collect_files(paths);
    for f in &failures {
        let file = SourceFile {
            path: PathBuf::from(&f.path),
            source_path: String::new(),
        };
        on_file(&file, &FileOutcome::Failed(f.clone()));
    }
    let mut report = IngestReport {
        files: files.len(),
        ..IngestReport::default()
    };
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for chunk in files.chunks(opts.batch_size.max(1)) {
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|f| prepare(f, store, vocab, opts, &now))
            .collect();
        let mut batch = Vec::new();
        let mut outcomes = Vec::with_capacity(chunk.len());
        for p in prepared {
            outcomes.push(match p {
                Prepared::Quads(graph, quads, meeting) => {
                    let outcome = FileOutcome::Ingested {
                        quads: quads.len(),
                        meeting,
                    };
                    batch.push((graph, quads));
                    outcome
                }
                Prepared::Unchanged => FileOutcome::Unchanged,
                Prepared::Failed(f) => FileOutcome::Failed(f),
            });
        }
        if !batch.is_empty() {
            store.replace_graphs(&batch)?;
        }
        for (file, outcome) in chunk.iter().zip(&outcomes) {
            match outcome {
                FileOutcome::Ingested { quads, meeting } => {
                    report.ingested += 1;
                    report.quads += quads;
                    report.meetings += usize::from(*meeting);
                }
                FileOutcome::Unchanged => report.unchanged += 1,
                FileOutcome::Failed(f) => failures.push(f.clone()),
            }
            on_file(file, outcome);
        }
    }
    if opts.prune {
        report.pruned = prune(store, paths, &files)?;
    }
    if report.ingested > 0 || report.pruned > 0 {
        report.identities = store.link_identities()?;
    }
    store.flush()?;
    report.failures = failures;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Removes the graphs of files under the given folders that were not found on disk.
fn prune(store: &RecapStore, paths: &[PathBuf], found: &[SourceFile]) -> Result<usize, StoreError> {
    let roots: Vec<String> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| format!("{}/", root_name(p)))
        .collect();
    let present: std::collections::HashSet<&str> =
        found.iter().map(|f| f.source_path.as_str()).collect();
    let gone: Vec<_> = store
        .sources()?
        .into_iter()
        .filter(|s| {
            roots.iter().any(|r| s.path.starts_with(r.as_str()))
                && !present.contains(s.path.as_str())
        })
        .map(|s| s.graph)
        .collect();
    store.remove_graphs(&gone)?;
    Ok(gone.len())
}

/// Loads the bundled vocabulary plus the user's files, and stores the vocabulary graph.
///
/// # Errors
/// When a vocabulary file cannot be read or parsed, or the store fails.
pub fn prepare_vocabulary(
    store: &RecapStore,
    user_files: &[PathBuf],
) -> Result<Vocabulary, IngestError> {
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
    let (vocab, quads) =
        crate::rdf::load_vocabulary(&refs, store.iris()).map_err(|e| IngestError::Vocabulary {
            message: e.to_string(),
        })?;
    store.replace_vocabulary(quads)?;
    Ok(vocab)
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
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The IRI scheme for `base`, or the default.
///
/// # Errors
/// When `base` is not an absolute IRI.
pub fn iri_scheme(base: Option<&str>) -> Result<IriScheme, crate::rdf::BaseIriError> {
    base.map_or_else(|| Ok(IriScheme::default()), IriScheme::new)
}
