//! Link checking: which cited documents still answer, over HTTP(S). With `push` and
//! `serve`, the only network I/O in recapgraph.
//!
//! [`plan`] decides what to check (filters, `--max-age`, fragments stripped, duplicates
//! merged); [`check_urls`] checks the URLs concurrently on a tokio runtime with the
//! client of [`crate::http`], within a global and a per-host limit, and returns one
//! [`CheckResult`] per URL. Nothing here knows RDF or the store: [`crate::links`] records
//! results as RDF in the store.
//!
//! Per URL: HEAD first, GET when the server refuses HEAD (405, 501, 403, 400) or answers
//! it with any other error status (confirmed by GET before a link is called broken); redirects
//! followed by hand (at most `max_redirects`) so the whole chain is recorded; transient
//! failures (timeouts, dropped connections, 408, 429, 5xx) retried by the shared
//! [`RetryPolicy`] (exponential backoff with jitter, `Retry-After`
//! honoured and pausing the whole host); a deep link that lands on a site's root page or a
//! 200 page titled "not found" is a soft 404 ([`Outcome::Suspicious`]). Bodies are never
//! read beyond the first 64 KiB, and only to find an HTML page's title.

pub mod accept;
mod check;
mod limit;
pub mod suggest;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use regex::Regex;
use serde::Serialize;

pub use accept::{StatusSet, StatusSetError};
pub use suggest::{SuggestConfig, Suggestion, SuggestionKind, DEFAULT_ARCHIVE_URL};

use crate::http::{FailureKind, RetryPolicy};

/// The browser-like User-Agent sent by default: some sites refuse unknown agents.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ",
    "Chrome/131.0 Safari/537.36 recapgraph/",
    env!("CARGO_PKG_VERSION")
);

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Whole-request time limit (connect, headers and any body read).
    pub timeout: Duration,
    /// Connect time limit.
    pub connect_timeout: Duration,
    /// Retries after a transient failure (so at most `retries + 1` requests per URL).
    pub retries: u32,
    /// First backoff wait; doubled on each retry, plus up to 50 % jitter.
    pub retry_wait: Duration,
    /// The cap on waits: the longest `Retry-After` honoured (a server asking for more gets
    /// no retry), and the longest backoff.
    pub max_retry_after: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// User-Agent header.
    pub user_agent: String,
    /// Statuses that count as ok.
    pub accept: StatusSet,
    /// Read the title of HTML pages behind deep links to catch soft 404s (one GET more
    /// per such page).
    pub soft_404: bool,
    /// Send GET instead of HEAD first.
    pub get_first: bool,
    /// Look for replacements of links that moved or died; `None`: no suggestions (and
    /// no requests for them).
    pub suggest: Option<SuggestConfig>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            concurrency: 128,
            per_host: 8,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            retries: 2,
            retry_wait: Duration::from_secs(1),
            max_retry_after: crate::http::DEFAULT_MAX_WAIT,
            max_redirects: 10,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            accept: StatusSet::default(),
            soft_404: true,
            get_first: false,
            suggest: Some(SuggestConfig::default()),
        }
    }
}

impl CheckConfig {
    /// The retry policy these settings give.
    #[must_use]
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            retries: self.retries,
            first_wait: self.retry_wait,
            max_wait: self.max_retry_after,
        }
    }
}

/// The verdict on one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Answered with an accepted status, no redirect.
    Ok,
    /// Answered with an accepted status after redirects.
    Redirected,
    /// Answered with an error status (after retries), or redirected in a loop.
    Broken,
    /// No HTTP answer: DNS, TLS, timeout, refused or dropped connection.
    Unreachable,
    /// A soft 404: looks fine to HTTP, but the page is gone.
    Suspicious,
}

impl Outcome {
    /// The keyword stored as `rg:outcome`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Redirected => "redirected",
            Self::Broken => "broken",
            Self::Unreachable => "unreachable",
            Self::Suspicious => "suspicious",
        }
    }

    /// True for outcomes that fail a run (exit code 1).
    #[must_use]
    pub fn is_failure(self) -> bool {
        matches!(self, Self::Broken | Self::Unreachable)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a check did not end ok.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
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
    /// A 4xx status.
    #[serde(rename = "http-4xx")]
    Http4xx,
    /// A 5xx status.
    #[serde(rename = "http-5xx")]
    Http5xx,
    /// More redirects than allowed.
    TooManyRedirects,
    /// A redirect back to a URL already in the chain.
    RedirectLoop,
    /// A 200 page whose title says "not found".
    #[serde(rename = "soft-404")]
    Soft404,
    /// A deep link redirected to the site's root page.
    RootRedirect,
    /// Anything else (a bad `Location`, an unaccepted non-error status).
    Other,
}

impl ErrorKind {
    /// The keyword stored as `rg:errorKind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dns => "dns",
            Self::Tls => "tls",
            Self::Timeout => "timeout",
            Self::ConnectionRefused => "connection-refused",
            Self::Connection => "connection",
            Self::Http4xx => "http-4xx",
            Self::Http5xx => "http-5xx",
            Self::TooManyRedirects => "too-many-redirects",
            Self::RedirectLoop => "redirect-loop",
            Self::Soft404 => "soft-404",
            Self::RootRedirect => "root-redirect",
            Self::Other => "other",
        }
    }
}

impl From<FailureKind> for ErrorKind {
    fn from(kind: FailureKind) -> Self {
        match kind {
            FailureKind::Dns => Self::Dns,
            FailureKind::Tls => Self::Tls,
            FailureKind::Timeout => Self::Timeout,
            FailureKind::ConnectionRefused => Self::ConnectionRefused,
            FailureKind::Connection => Self::Connection,
            FailureKind::Other => Self::Other,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether redirects were permanent (update the citation) or temporary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RedirectKind {
    /// Every hop was 301 or 308.
    Permanent,
    /// Some hop was 302, 303 or 307.
    Temporary,
}

impl RedirectKind {
    /// The keyword stored as `rg:redirectKind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Permanent => "permanent",
            Self::Temporary => "temporary",
        }
    }
}

/// The result of checking one URL.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// The URL requested (a document's URL without its fragment).
    pub url: String,
    /// When the check started.
    #[serde(serialize_with = "rfc3339")]
    pub checked_at: DateTime<Utc>,
    /// Status of the last response, if any came.
    pub status: Option<u16>,
    /// The verdict.
    pub outcome: Outcome,
    /// Why, when not ok.
    pub error_kind: Option<ErrorKind>,
    /// What went wrong, in words.
    pub message: Option<String>,
    /// The URL the check ended on.
    pub final_url: String,
    /// The URLs redirected through, in order (the first is `url`).
    pub redirects: Vec<String>,
    /// Permanent or temporary, when there were redirects.
    pub redirect_kind: Option<RedirectKind>,
    /// Requests sent for the first URL (1 + retries).
    pub attempts: u32,
    /// The method of the deciding request: "HEAD" or "GET".
    pub method: &'static str,
    /// Wall time of the check, retries and waits included (suggestions not included).
    pub elapsed: Duration,
    /// Replacements found for a URL that moved or died (empty when ok, or when
    /// suggestions are off).
    pub suggestions: Vec<Suggestion>,
}

fn rfc3339<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Errors that stop a whole check run (single URLs never fail it: they get an outcome).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinkCheckError {
    /// The async runtime could not start.
    #[error("cannot start the network runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The HTTP client could not be built (TLS roots, proxy settings).
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// A `--url-filter` or `--exclude` pattern is not a valid regex.
    #[error("invalid pattern {pattern:?}: {source}")]
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// The regex error.
        #[source]
        source: regex::Error,
    },
}

/// Which documents to check.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only URLs matching one of these.
    pub url_filter: Vec<String>,
    /// Never URLs matching one of these.
    pub exclude: Vec<String>,
    /// Skip documents checked more recently than this; `None` checks all.
    pub max_age: Option<Duration>,
}

/// What a run will do with each document.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Request URL (fragment stripped) → the documents it answers for.
    pub to_check: BTreeMap<String, Vec<String>>,
    /// Documents left out by `--exclude` or `--url-filter`.
    pub excluded: Vec<String>,
    /// Documents and links that cannot be checked over HTTP (relative, `mailto:`, not
    /// http(s)).
    pub skipped: Vec<String>,
    /// Documents with a check newer than `max_age`.
    pub fresh: Vec<String>,
}

impl Plan {
    /// Number of URLs that will be requested.
    #[must_use]
    pub fn len(&self) -> usize {
        self.to_check.len()
    }

    /// True when nothing needs a request.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.to_check.is_empty()
    }
}

fn compile(patterns: &[String]) -> Result<Vec<Regex>, LinkCheckError> {
    patterns
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|source| LinkCheckError::Pattern {
                pattern: p.clone(),
                source,
            })
        })
        .collect()
}

/// Decides what to check: `documents` are document URLs, `last_checked` the time of each
/// one's latest check.
///
/// # Errors
/// [`LinkCheckError::Pattern`] for an invalid regex.
pub fn plan(
    documents: &[String],
    last_checked: &HashMap<String, DateTime<Utc>>,
    selection: &Selection,
    now: DateTime<Utc>,
) -> Result<Plan, LinkCheckError> {
    let include = compile(&selection.url_filter)?;
    let exclude = compile(&selection.exclude)?;
    let mut plan = Plan::default();
    for doc in documents {
        let Some(request) = request_url(doc) else {
            plan.skipped.push(doc.clone());
            continue;
        };
        if (!include.is_empty() && !include.iter().any(|r| r.is_match(doc)))
            || exclude.iter().any(|r| r.is_match(doc))
        {
            plan.excluded.push(doc.clone());
            continue;
        }
        if let (Some(max_age), Some(last)) = (selection.max_age, last_checked.get(doc)) {
            let age = now.signed_duration_since(*last);
            if age.to_std().is_ok_and(|age| age < max_age) {
                plan.fresh.push(doc.clone());
                continue;
            }
        }
        plan.to_check.entry(request).or_default().push(doc.clone());
    }
    Ok(plan)
}

/// The URL to request for a document: http(s) only, fragment stripped.
#[must_use]
pub fn request_url(doc: &str) -> Option<String> {
    let mut url = url::Url::parse(doc).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    Some(url.into())
}

/// One URL to check, with the dates of the meetings citing it (YYYY-MM-DD): the dates
/// archived snapshots are looked for near.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The URL to request (fragment-free).
    pub url: String,
    /// The citing meetings' dates, distinct; empty when none is known.
    pub dates: Vec<String>,
}

/// Checks every URL (no meeting dates known) and calls `on_result` for each as it
/// completes; see [`check_targets`].
///
/// # Errors
/// As [`check_targets`].
pub fn check_urls(
    urls: Vec<String>,
    config: &CheckConfig,
    on_result: impl FnMut(CheckResult),
) -> Result<(), LinkCheckError> {
    let targets = urls
        .into_iter()
        .map(|url| Target {
            url,
            dates: Vec::new(),
        })
        .collect();
    check_targets(targets, config, on_result)
}

/// Checks every target, with its suggestions when [`CheckConfig::suggest`] asks, and
/// calls `on_result` for each as it completes (on the calling thread, so it may write to
/// a store). Returns when all are done.
///
/// # Errors
/// Only when the runtime or the HTTP client cannot be set up; each URL's failure is its
/// [`CheckResult`].
pub fn check_targets(
    targets: Vec<Target>,
    config: &CheckConfig,
    mut on_result: impl FnMut(CheckResult),
) -> Result<(), LinkCheckError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8)))
        .enable_all()
        .build()
        .map_err(LinkCheckError::Runtime)?;
    let checker = Arc::new(check::Checker::new(config.clone())?);
    let suggest = config.suggest.clone().map(Arc::new);
    runtime.block_on(async move {
        let mut tasks = tokio::task::JoinSet::new();
        for target in targets {
            let checker = Arc::clone(&checker);
            let suggest = suggest.clone();
            tasks.spawn(async move {
                let mut result = Box::pin(checker.check(target.url)).await;
                if let Some(suggest) = suggest.as_deref() {
                    result.suggestions =
                        Box::pin(checker.suggest(&result, &target.dates, suggest)).await;
                }
                result
            });
        }
        while let Some(done) = tasks.join_next().await {
            // A task only fails if it panicked, which `check` never does on any input.
            if let Ok(result) = done {
                on_result(result);
            }
        }
    });
    Ok(())
}

/// Counts per outcome, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// URLs requested.
    pub checked: usize,
    /// Ok.
    pub ok: usize,
    /// Redirected.
    pub redirected: usize,
    /// Broken.
    pub broken: usize,
    /// Unreachable.
    pub unreachable: usize,
    /// Suspicious (soft 404).
    pub suspicious: usize,
    /// Left out by filters.
    pub excluded: usize,
    /// Not checkable over HTTP.
    pub skipped: usize,
    /// Checked recently enough (`--max-age`).
    pub fresh: usize,
    /// Of those, the ones whose latest check was broken or unreachable.
    pub fresh_failing: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl Summary {
    /// Counts one result.
    pub fn add(&mut self, outcome: Outcome) {
        self.checked += 1;
        match outcome {
            Outcome::Ok => self.ok += 1,
            Outcome::Redirected => self.redirected += 1,
            Outcome::Broken => self.broken += 1,
            Outcome::Unreachable => self.unreachable += 1,
            Outcome::Suspicious => self.suspicious += 1,
        }
    }

    /// True when some document is broken or unreachable (now, or at its latest check when
    /// it was not rechecked).
    #[must_use]
    pub fn has_failures(&self) -> bool {
        self.broken + self.unreachable + self.fresh_failing > 0
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} checked: {} ok, {} redirected, {} broken, {} unreachable, {} suspicious; \
             {} excluded, {} skipped, {} checked recently ({} of them failing); {:.1} s",
            self.checked,
            self.ok,
            self.redirected,
            self.broken,
            self.unreachable,
            self.suspicious,
            self.excluded,
            self.skipped,
            self.fresh,
            self.fresh_failing,
            self.seconds
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_strips_fragments_merges_and_filters() {
        let docs: Vec<String> = [
            "https://a.example/page#one",
            "https://a.example/page#two",
            "https://b.example/x",
            "https://c.example/old",
            "ftp://files.example/x",
        ]
        .map(str::to_owned)
        .into();
        let now = Utc::now();
        let mut last = HashMap::new();
        last.insert(
            "https://c.example/old".to_owned(),
            now - chrono::Duration::hours(1),
        );
        let sel = Selection {
            exclude: vec!["b\\.example".into()],
            max_age: Some(Duration::from_secs(86_400)),
            ..Selection::default()
        };
        let p = plan(&docs, &last, &sel, now).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p.to_check["https://a.example/page"].len(), 2);
        assert_eq!(p.excluded, ["https://b.example/x"]);
        assert_eq!(p.fresh, ["https://c.example/old"]);
        assert_eq!(p.skipped, ["ftp://files.example/x"]);

        let all = plan(&docs, &last, &Selection::default(), now).unwrap();
        assert_eq!(all.len(), 3);
        let bad = Selection {
            url_filter: vec!["(".into()],
            ..Selection::default()
        };
        assert!(matches!(
            plan(&docs, &last, &bad, now),
            Err(LinkCheckError::Pattern { .. })
        ));
    }
}
