//! The admin endpoint (`POST /admin/run`): a command line from the store's owner, run
//! inside the server on its own store handle, its output streamed back as frames
//! ([`crate::hub`]). The server knows no command: a [`CommandRunner`] (the binary's
//! command line) says whether one writes and runs it.
//!
//! Invariant: nothing runs without the bearer token of the server's record; writes run
//! one at a time, in the order they came, and a write whose client left while it waited
//! never starts.

use std::fmt;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, OwnedMutexGuard};

use super::update::same_secret;
use super::{text, Shared};
use crate::hub::{Access, Frame, RunRequest, FRAMES_MEDIA_TYPE};
use crate::store::RecapStore;

/// Runs command lines for the admin endpoint: the binary implements it with its own
/// command dispatch, so a command run through the server is the same code as one run
/// in its own process.
pub trait CommandRunner: Send + Sync {
    /// Whether the command reads or writes the store, or why it is no command the
    /// server runs (a usage error, a command that needs no store).
    ///
    /// # Errors
    /// The reason, in words, sent back with status 400.
    fn access(&self, request: &RunRequest) -> Result<Access, String>;

    /// Runs the command on `store`, writing what it prints to `output`; returns its exit
    /// code. Called on a thread of its own, which may block.
    fn run(&self, request: RunRequest, store: RecapStore, output: &OutputSink) -> u8;
}

/// What a command prints, on its way to the client as frames. Writes fail with
/// `BrokenPipe` once the client has gone, and wait while the client reads slower than
/// the command writes. A plain (not async) channel: a command may write from inside a
/// runtime of its own (`push`, `links check`), where an async channel's blocking send
/// would panic; a thread per command moves the frames to the response.
#[derive(Clone)]
pub struct OutputSink {
    tx: std::sync::mpsc::SyncSender<Bytes>,
}

impl OutputSink {
    /// Bytes the command wrote to stdout.
    ///
    /// # Errors
    /// `BrokenPipe` when the client has gone.
    pub fn stdout(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.send(&Frame::Stdout(bytes.to_vec()))
    }

    /// Bytes the command wrote to stderr.
    ///
    /// # Errors
    /// `BrokenPipe` when the client has gone.
    pub fn stderr(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.send(&Frame::Stderr(bytes.to_vec()))
    }

    fn send(&self, frame: &Frame) -> std::io::Result<()> {
        self.tx
            .send(Bytes::from(frame.encode()))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }

    /// Like `send`, from async code, when the channel is known to have room.
    fn send_now(&self, frame: &Frame) {
        let _ = self.tx.try_send(Bytes::from(frame.encode()));
    }
}

/// The admin endpoint's settings: its token and the runner. Writes take their turns
/// on the store ([`RecapStore::write_turns`], shared with `--watch` rounds).
#[derive(Clone)]
pub struct Admin {
    token: String,
    runner: Arc<dyn CommandRunner>,
}

impl Admin {
    /// An admin endpoint answering requests that bear `token`, running their commands
    /// with `runner`.
    pub fn new(token: String, runner: Arc<dyn CommandRunner>) -> Self {
        Self { token, runner }
    }

    /// The bearer token requests must carry (for the server's record).
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl fmt::Debug for Admin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Admin")
            .field("token", &"…")
            .finish_non_exhaustive()
    }
}

/// `POST /admin/run`: checks the token, asks the runner what the command is, and
/// answers with the stream of its frames (the command runs on a thread of its own).
pub(super) async fn run(State(app): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(admin) = app.config.admin.clone() else {
        return text(StatusCode::NOT_FOUND, "the admin endpoint is off");
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(given.trim().as_bytes(), admin.token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "the admin endpoint needs the header Authorization: Bearer <the token in the store's recapgraph-serve.json>\n",
        )
            .into_response();
    }
    let request: RunRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("the body must be a recapgraph command request as JSON: {e}"),
            )
        }
    };
    let access = match admin.runner.access(&request) {
        Ok(a) => a,
        Err(why) => return text(StatusCode::BAD_REQUEST, why),
    };
    let (tx, mut rx) = mpsc::channel::<Bytes>(64);
    let (sink_tx, sink_rx) = std::sync::mpsc::sync_channel::<Bytes>(64);
    let client = tx.clone();
    std::thread::spawn(move || {
        // Ends when the command's sinks are gone, or the client is.
        while let Ok(frame) = sink_rx.recv() {
            if tx.blocking_send(frame).is_err() {
                break;
            }
        }
    });
    let sink = OutputSink { tx: sink_tx };
    tokio::spawn(start(
        admin,
        app.store.clone(),
        request,
        access,
        sink,
        client,
    ));
    let stream = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx)
            .map(|b| b.map(Ok::<_, std::convert::Infallible>))
    });
    (
        [(header::CONTENT_TYPE, FRAMES_MEDIA_TYPE)],
        Body::from_stream(stream),
    )
        .into_response()
}

/// Waits for the command's turn (a write), then runs it on a thread of its own.
async fn start(
    admin: Admin,
    store: RecapStore,
    request: RunRequest,
    access: Access,
    sink: OutputSink,
    client: mpsc::Sender<Bytes>,
) {
    let turn: Option<OwnedMutexGuard<()>> = match access {
        Access::Read => None,
        Access::Write => match store.write_turns().try_lock_owned() {
            Ok(turn) => Some(turn),
            Err(_) if request.no_wait => {
                let msg = "error: the store is in use: the recapgraph serve holding it is running another write (an ingest, links check, compact or --watch round); run again without --no-wait to wait for it\n";
                sink.send_now(&Frame::Stderr(msg.into()));
                sink.send_now(&Frame::Exit(2));
                return;
            }
            Err(_) => {
                if !request.quiet {
                    let msg = "waiting for the write the server is running to finish (--no-wait exits instead)\n";
                    sink.send_now(&Frame::Stderr(msg.into()));
                }
                Some(store.write_turns().lock_owned().await)
            }
        },
    };
    if client.is_closed() {
        // The client left while it waited: the command never starts.
        return;
    }
    let runner = admin.runner.clone();
    std::thread::spawn(move || {
        let run = std::panic::AssertUnwindSafe(|| runner.run(request, store, &sink));
        let code = std::panic::catch_unwind(run).unwrap_or_else(|_| {
            let _ = sink.stderr(b"error: the command failed unexpectedly inside the server\n");
            2
        });
        let _ = sink.send(&Frame::Exit(code));
        drop(turn);
    });
}
