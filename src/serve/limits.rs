//! The endpoint's two limits as the answers see them: the buffer a result is serialised
//! into, which refuses to grow past `--max-result-bytes`, and the one message and
//! response of a request that ran past `--query-timeout`.
//!
//! Invariant: a [`Capped`] buffer never holds more than its `max` bytes; a write past it
//! fails with a [`TooLarge`] inside the `io::Error`, which is how a refusal is told from
//! a real write error.

use std::io::Write;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;

use super::text;

pub(super) fn timeout_message(limit: Duration) -> String {
    format!(
        "query stopped: it ran longer than the time limit of {}s (serve --query-timeout); add LIMIT or narrow the patterns",
        limit.as_secs()
    )
}

pub(super) fn timeout_response(limit: Duration) -> Response {
    text(StatusCode::SERVICE_UNAVAILABLE, timeout_message(limit))
}

/// A writer that refuses to grow past a limit.
pub(super) struct Capped {
    pub(super) buf: Vec<u8>,
    pub(super) max: usize,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            return Err(std::io::Error::other(TooLarge));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("result too large")]
pub(super) struct TooLarge;
