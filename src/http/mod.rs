//! The HTTP client side, shared by link checking ([`crate::linkcheck`]) and
//! [`crate::push`]: building a reqwest client (rustls, time limits, User-Agent, redirect
//! policy), telling what kind of failure a request that got no answer had, and the one
//! retry policy both follow ([`RetryPolicy`], in `retry.rs`).
//!
//! Nothing else in recapgraph builds a `reqwest::Client` or decides when to retry.

mod retry;

use std::error::Error as _;
use std::time::{Duration, Instant};

pub use retry::{retry_after, Attempt, RetryPolicy, DEFAULT_MAX_WAIT};

/// The User-Agent of recapgraph's own requests (`push`); link checking sends a
/// browser-like one instead ([`crate::linkcheck::DEFAULT_USER_AGENT`]).
pub const USER_AGENT: &str = concat!("recapgraph/", env!("CARGO_PKG_VERSION"));

/// What to do with a redirect answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirects {
    /// Return it: the caller follows (or records) redirects itself.
    Manual,
    /// Follow at most this many, then fail the request.
    Follow(usize),
}

/// How to build a client.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whole-request time limit (connect, headers and any body read).
    pub timeout: Duration,
    /// Connect time limit.
    pub connect_timeout: Duration,
    /// The User-Agent header.
    pub user_agent: String,
    /// The redirect policy.
    pub redirects: Redirects,
    /// Idle connections kept per host; `None` leaves reqwest's default.
    pub max_idle_per_host: Option<usize>,
}

/// A reqwest client over rustls (ring) with these options.
///
/// # Errors
/// When reqwest cannot build it (TLS roots, proxy settings).
pub fn client(options: &ClientOptions) -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a default crypto provider; use ring (compiles fast, no C
    // toolchain beyond cc). Installing twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let redirect = match options.redirects {
        Redirects::Manual => reqwest::redirect::Policy::none(),
        Redirects::Follow(n) => reqwest::redirect::Policy::limited(n),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(redirect)
        .timeout(options.timeout)
        .connect_timeout(options.connect_timeout)
        .user_agent(options.user_agent.clone());
    if let Some(n) = options.max_idle_per_host {
        builder = builder.pool_max_idle_per_host(n);
    }
    builder.build()
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The host name does not resolve.
    Dns,
    /// The TLS handshake failed (bad or self-signed certificate, protocol error).
    Tls,
    /// No complete answer within the time limit.
    Timeout,
    /// Nothing listens on the port.
    ConnectionRefused,
    /// The connection broke (reset, closed early).
    Connection,
    /// Anything else.
    Other,
}

impl FailureKind {
    /// True when trying again may help: a timeout or a dropped connection. A refused
    /// connection, an unknown host or a bad certificate will be the same a second later.
    #[must_use]
    pub fn is_transient(self) -> bool {
        matches!(self, Self::Timeout | Self::Connection)
    }
}

/// A request that got no HTTP answer: what kind of failure, and the causes in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind.
    pub kind: FailureKind,
    /// Every distinct cause in reqwest's source chain, joined by ": ".
    pub message: String,
}

/// What kind of transport failure a reqwest error is, from its source chain.
#[must_use]
pub fn classify(error: &reqwest::Error) -> Failure {
    let mut messages = Vec::new();
    let mut kind = error.is_timeout().then_some(FailureKind::Timeout);
    let mut source: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        // hyper's wrappers ("client error (Connect)") say nothing the causes do not.
        if !messages.contains(&text) && !text.starts_with("client error") {
            messages.push(text.clone());
        }
        if kind.is_none() {
            kind = kind_of(e, &text);
        }
        source = e.source();
    }
    let kind = kind.unwrap_or(if error.is_connect() || error.is_request() {
        FailureKind::Connection
    } else {
        FailureKind::Other
    });
    let message = if messages.is_empty() {
        error.to_string()
    } else {
        messages.join(": ")
    };
    Failure { kind, message }
}

/// The kind one cause in the chain tells, if it tells one.
fn kind_of(e: &(dyn std::error::Error + 'static), text: &str) -> Option<FailureKind> {
    if e.downcast_ref::<rustls::Error>().is_some() {
        return Some(FailureKind::Tls);
    }
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        // An io::Error's `source()` skips the error it wraps, and the TLS connector nests
        // them (Other → InvalidData → rustls): look through every level.
        let mut inner = io.get_ref();
        while let Some(wrapped) = inner {
            if wrapped.downcast_ref::<rustls::Error>().is_some() {
                return Some(FailureKind::Tls);
            }
            inner = wrapped
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref);
        }
        let kind = match io.kind() {
            std::io::ErrorKind::ConnectionRefused => Some(FailureKind::ConnectionRefused),
            std::io::ErrorKind::TimedOut => Some(FailureKind::Timeout),
            std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe
            | std::io::ErrorKind::UnexpectedEof => Some(FailureKind::Connection),
            _ => None,
        };
        if kind.is_some() {
            return kind;
        }
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        Some(FailureKind::Dns)
    } else if lower.contains("certificate")
        || lower.contains("handshake")
        || lower.contains("tls")
        || lower.contains("alert")
    {
        Some(FailureKind::Tls)
    } else {
        None
    }
}

/// A number in [0, 1) for jitter and probe names; no need for a random-number crate.
#[must_use]
pub fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(Instant::now().elapsed().as_nanos());
    #[allow(clippy::cast_precision_loss)]
    let x = (h.finish() >> 11) as f64 / (1u64 << 53) as f64;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_timeouts_and_dropped_connections_are_transient() {
        assert!(FailureKind::Timeout.is_transient());
        assert!(FailureKind::Connection.is_transient());
        for k in [
            FailureKind::Dns,
            FailureKind::Tls,
            FailureKind::ConnectionRefused,
            FailureKind::Other,
        ] {
            assert!(!k.is_transient(), "{k:?}");
        }
    }

    #[test]
    fn random_fractions_stay_in_range() {
        for _ in 0..1000 {
            let x = random_fraction();
            assert!((0.0..1.0).contains(&x), "{x}");
        }
    }

    /// A server answering plain HTTP on the port asked for TLS (an `http://` → `https://`
    /// probe of an http-only host) fails the handshake: TLS, not a dropped connection.
    #[test]
    fn plain_http_on_a_tls_port_is_a_tls_failure() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("rt");
        let failure = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let port = listener.local_addr().expect("addr").port();
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                while let Ok((mut s, _)) = listener.accept().await {
                    let mut buf = [0u8; 512];
                    let _ = s.read(&mut buf).await;
                    let _ = s
                        .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                        .await;
                }
            });
            let client = client(&ClientOptions {
                timeout: Duration::from_secs(5),
                connect_timeout: Duration::from_secs(5),
                user_agent: USER_AGENT.to_owned(),
                redirects: Redirects::Manual,
                max_idle_per_host: None,
            })
            .expect("client");
            let err = client
                .get(format!("https://127.0.0.1:{port}/"))
                .send()
                .await
                .expect_err("not TLS");
            classify(&err)
        });
        // Not a dropped connection: retrying cannot help.
        assert_eq!(failure.kind, FailureKind::Tls, "{failure:?}");
    }

    #[test]
    fn a_refused_connection_is_classified() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("rt");
        let client = client(&ClientOptions {
            timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            user_agent: USER_AGENT.to_owned(),
            redirects: Redirects::Manual,
            max_idle_per_host: None,
        })
        .expect("client");
        let err = rt
            .block_on(async { client.get(format!("http://127.0.0.1:{port}/")).send().await })
            .expect_err("nothing listens");
        let failure = classify(&err);
        assert_eq!(failure.kind, FailureKind::ConnectionRefused, "{failure:?}");
        assert!(!failure.kind.is_transient());
    }
}
