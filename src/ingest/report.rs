//! What a run tells its caller: an event per file as it goes, each file's outcome, the
//! failures (path, line, message) and the summary of the run.
//!
//! Invariant: plain data; every file found is counted once in the summary, as ingested,
//! unchanged or failed.

use std::time::Duration;

use super::SourceFile;

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
    /// [`IngestOptions::compact_after_quads`](super::IngestOptions::compact_after_quads));
    /// included in `elapsed`.
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

/// What [`ingest`](super::ingest) reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum IngestEvent<'a> {
    /// A file was read and parsed (or skipped, or refused): one step of progress.
    Prepared(&'a SourceFile),
    /// A file's outcome is final: an ingested file's graph is committed by now.
    Finished(&'a SourceFile, &'a FileOutcome),
    /// Every file is done; the store is being compacted (it may take minutes).
    Compacting,
}
