//! The client side: a command line sent to the server a record names, and the frames of
//! its answer written to this process's stdout and stderr as they arrive.

use std::io::Write;
use std::time::Duration;

use super::{Frame, FrameDecoder, HubError, RunRequest, ServerRecord, FRAMES_MEDIA_TYPE};
use crate::http::{self, ClientOptions, Redirects};

/// No time limit worth the name: an ingest of a large folder may run for hours, and its
/// output streams the whole time.
const NO_TIME_LIMIT: Duration = Duration::from_secs(7 * 24 * 3600);

/// Runs `request` in the server `record` names, writing its stdout to `out` and its
/// stderr to `err` as they arrive; returns the command's exit code.
///
/// # Errors
/// [`HubError::AdminOff`] when the server runs no admin endpoint, [`HubError::Server`]
/// when it cannot be reached, refuses the request or breaks off, [`HubError::Output`]
/// when `out` or `err` cannot be written.
pub fn send(
    record: &ServerRecord,
    request: &RunRequest,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, HubError> {
    let (Some(admin_url), Some(token)) = (&record.admin_url, &record.token) else {
        return Err(HubError::AdminOff {
            pid: record.pid,
            url: record.url.clone(),
        });
    };
    let server = |reason: String| HubError::Server {
        pid: record.pid,
        url: record.url.clone(),
        reason,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| server(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let client = http::client(&ClientOptions {
            timeout: NO_TIME_LIMIT,
            connect_timeout: Duration::from_secs(10),
            user_agent: http::USER_AGENT.to_owned(),
            redirects: Redirects::Manual,
            max_idle_per_host: None,
        })
        .map_err(|e| server(format!("cannot build an HTTP client: {e}")))?;
        let body = serde_json::to_vec(request).map_err(|e| server(e.to_string()))?;
        let mut resp = client
            .post(admin_url)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, FRAMES_MEDIA_TYPE)
            .body(body)
            .send()
            .await
            .map_err(|e| server(format!("no answer from {admin_url}: {e}")))?;
        if !resp.status().is_success() {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            return Err(server(format!("{status}: {}", text.trim())));
        }
        let mut decoder = FrameDecoder::default();
        loop {
            let chunk = resp
                .chunk()
                .await
                .map_err(|e| server(format!("the answer broke off: {e}")))?;
            let Some(chunk) = chunk else {
                return Err(server(
                    "the answer ended before the command did (did the server stop?)".into(),
                ));
            };
            decoder.push(&chunk);
            while let Some(frame) = decoder.next_frame().map_err(server)? {
                match frame {
                    Frame::Stdout(b) => out.write_all(&b).and_then(|()| out.flush()),
                    Frame::Stderr(b) => err.write_all(&b).and_then(|()| err.flush()),
                    Frame::Exit(code) => return Ok(code),
                }
                .map_err(HubError::Output)?;
            }
        }
    })
}
