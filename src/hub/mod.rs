//! One store, every command: how a command reaches the `serve` that holds the store.
//!
//! RocksDB lets one process at a time open a store, so while `recapgraph serve` runs no
//! other command can. The server therefore records itself in the store folder
//! ([`ServerRecord`], `record.rs`: its URL, pid and a random admin token, in a file only
//! its owner can read), and a command that finds a live record sends its command line
//! ([`RunRequest`]) to the server's admin endpoint instead of opening the store. The
//! server runs the same code on its own handle and streams what the command printed back
//! as frames (`frames.rs`: stdout bytes, stderr bytes, the exit code), which the client
//! (`client.rs`) writes to its own stdout and stderr. The server side lives in
//! `serve::admin`; this module is what both sides share, plus the client.
//!
//! Invariant: a record names a live process or is removed by the first command that
//! finds its process gone; the token never leaves the record file and the request header.

mod client;
mod frames;
mod record;

use std::path::PathBuf;

pub use client::send;
pub use frames::{Frame, FrameDecoder, FRAMES_MEDIA_TYPE};
pub use record::{new_token, RecordFile, ServerRecord, RECORD_FILE};

/// Errors of reaching a server through its record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HubError {
    /// The record file exists but cannot be read or written.
    #[error("cannot use the serve record {path}: {source}")]
    Record {
        /// The record file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The record file can be read by others than its owner: it was not written by
    /// `serve`, and a command line (with any token in it) must not be sent where it says.
    #[error("the serve record {path} is readable by other users (mode {mode:o}); it was not written by recapgraph serve: remove it")]
    Exposed {
        /// The record file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The record names a live server whose admin endpoint is off.
    #[error("the store is held by recapgraph serve (pid {pid}, {url}) whose admin endpoint is off (it listens on a non-loopback address): restart it with --admin to run commands through it, or stop it")]
    AdminOff {
        /// The server's process.
        pid: u32,
        /// Its endpoint.
        url: String,
    },
    /// The server could not be reached or did not answer as an admin endpoint does.
    #[error("cannot run the command through recapgraph serve (pid {pid}, {url}): {reason}")]
    Server {
        /// The server's process.
        pid: u32,
        /// Its endpoint.
        url: String,
        /// What went wrong, in words.
        reason: String,
    },
    /// The command's output could not be written here (the reader went away).
    #[error("cannot write the command's output")]
    Output(#[source] std::io::Error),
}

/// Whether a command only reads the store or changes it: writes run one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only (`query`, `stats`, `export`…): runs at once, beside anything else.
    Read,
    /// Changes the store (`ingest`, `links check`, `compact`): waits for the write
    /// in progress, if any.
    Write,
}

/// A command line sent to the server, with what of the client's surroundings it needs
/// to behave as it would have in the client's own process.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RunRequest {
    /// The command line as typed, program name first.
    pub argv: Vec<String>,
    /// The client's working directory: relative paths in `argv` are resolved from it.
    pub cwd: PathBuf,
    /// The store as the client named it (`--store` or `RECAPGRAPH_STORE`), overriding
    /// whatever the server's environment would give.
    pub store: PathBuf,
    /// The client's `--base` (or `RECAPGRAPH_BASE`), likewise.
    pub base: Option<String>,
    /// The client's `RECAPGRAPH_PUSH_TOKEN`, likewise (sent only to its own server).
    pub push_token: Option<String>,
    /// Whether the client's stdout is a terminal (`query` prints a table there).
    pub stdout_terminal: bool,
    /// The width of the client's stderr when it is a terminal (progress bars are drawn
    /// there), `None` otherwise.
    #[serde(default)]
    pub progress_columns: Option<u16>,
    /// Print only errors (no note when the command waits its turn).
    pub quiet: bool,
    /// A write that finds another running fails at once (exit 2) instead of queueing.
    pub no_wait: bool,
}
