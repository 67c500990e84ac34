//! Checking one URL: requests, redirects and the verdict. The client, the retries
//! ([`RetryPolicy`]) and what a transport failure was come from [`crate::http`].
//!
//! Soft 404s: a deep link that lands on the site's root page is suspicious; so is a 200
//! HTML page titled "not found". Titles cost a GET, so after HEAD answers 200 the title is
//! only read on hosts that answer 200 for a page that cannot exist (one probe per host);
//! when GET is sent anyway (HEAD refused, `--get`), the title is always read.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};
use url::Url;

use super::limit::{HostState, Limits};
use super::{CheckConfig, CheckResult, ErrorKind, LinkCheckError, Outcome, RedirectKind};
use crate::http::{self, classify, Attempt, Failure, Redirects, RetryPolicy};

/// How much of an HTML body is read, at most, to find its title.
const TITLE_SNIFF_BYTES: usize = 64 * 1024;

/// Checks URLs with one HTTP client and one set of limits.
pub(super) struct Checker {
    client: reqwest::Client,
    config: CheckConfig,
    retry: RetryPolicy,
    limits: Limits,
}

/// A response, reduced to what the verdict needs.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    retry_after: Option<Duration>,
    title: Option<String>,
    method: &'static str,
}

impl Checker {
    pub(super) fn new(config: CheckConfig) -> Result<Self, LinkCheckError> {
        let client = http::client(&http::ClientOptions {
            timeout: config.timeout,
            connect_timeout: config.connect_timeout,
            user_agent: config.user_agent.clone(),
            // Followed by hand, so the chain is recorded.
            redirects: Redirects::Manual,
            max_idle_per_host: Some(config.per_host),
        })
        .map_err(LinkCheckError::Client)?;
        let limits = Limits::new(config.concurrency, config.per_host);
        Ok(Self {
            client,
            retry: config.retry_policy(),
            config,
            limits,
        })
    }

    /// Checks `url` (already fragment-free), following redirects.
    pub(super) async fn check(&self, url: String) -> CheckResult {
        let started = Instant::now();
        let checked_at = Utc::now();
        let mut result = CheckResult {
            url: url.clone(),
            checked_at,
            status: None,
            outcome: Outcome::Broken,
            error_kind: None,
            message: None,
            final_url: url.clone(),
            redirects: Vec::new(),
            redirect_kind: None,
            attempts: 0,
            method: "HEAD",
            elapsed: Duration::ZERO,
            suggestions: Vec::new(),
        };
        let Ok(original) = Url::parse(&url) else {
            result.error_kind = Some(ErrorKind::Other);
            result.message = Some("not a valid URL".to_owned());
            return result;
        };
        let mut current = original.clone();
        let mut seen = HashSet::from([current.to_string()]);
        let mut permanent = true;
        loop {
            let (answer, attempts) = self.fetch(&current).await;
            if result.attempts == 0 {
                result.attempts = attempts;
            }
            let answer = match answer {
                Ok(a) => a,
                Err(f) => {
                    result.outcome = Outcome::Unreachable;
                    result.error_kind = Some(f.kind.into());
                    result.message = Some(f.message);
                    break;
                }
            };
            result.status = Some(answer.status.as_u16());
            result.method = answer.method;
            if answer.status.is_redirection() {
                if let Some(location) = &answer.location {
                    let Ok(next) = current.join(location) else {
                        result.error_kind = Some(ErrorKind::Other);
                        result.message = Some(format!("redirect to an invalid URL {location:?}"));
                        break;
                    };
                    result.redirects.push(current.to_string());
                    if !matches!(answer.status.as_u16(), 301 | 308) {
                        permanent = false;
                    }
                    if !seen.insert(next.to_string()) {
                        result.final_url = next.to_string();
                        result.error_kind = Some(ErrorKind::RedirectLoop);
                        result.message = Some(format!("redirect loop back to {next}"));
                        break;
                    }
                    if result.redirects.len() > self.config.max_redirects {
                        result.final_url = next.to_string();
                        result.error_kind = Some(ErrorKind::TooManyRedirects);
                        result.message =
                            Some(format!("more than {} redirects", self.config.max_redirects));
                        break;
                    }
                    current = next;
                    continue;
                }
            }
            self.judge(&mut result, &answer, &original, &current);
            break;
        }
        if !result.redirects.is_empty() {
            result.redirect_kind = Some(if permanent {
                RedirectKind::Permanent
            } else {
                RedirectKind::Temporary
            });
        }
        if result.error_kind != Some(ErrorKind::RedirectLoop)
            && result.error_kind != Some(ErrorKind::TooManyRedirects)
        {
            result.final_url = current.to_string();
        }
        result.elapsed = started.elapsed();
        result
    }

    /// The verdict on the last answer of a chain.
    fn judge(&self, result: &mut CheckResult, answer: &Answer, original: &Url, last: &Url) {
        let status = answer.status.as_u16();
        if self.config.accept.contains(status) {
            result.outcome = if result.redirects.is_empty() {
                Outcome::Ok
            } else {
                Outcome::Redirected
            };
            if !result.redirects.is_empty() && is_deep(original) && !is_deep(last) {
                result.outcome = Outcome::Suspicious;
                result.error_kind = Some(ErrorKind::RootRedirect);
                result.message = Some(format!("a deep link redirected to the site's root {last}"));
            } else if let Some(title) = answer.title.as_deref().filter(|t| says_not_found(t)) {
                result.outcome = Outcome::Suspicious;
                result.error_kind = Some(ErrorKind::Soft404);
                result.message = Some(format!("status {status} but the page is titled {title:?}"));
            }
            return;
        }
        result.outcome = Outcome::Broken;
        let reason = answer.status.canonical_reason().unwrap_or("unknown status");
        result.message = Some(format!("{status} {reason}"));
        result.error_kind = Some(match status {
            400..=499 => ErrorKind::Http4xx,
            500..=599 => ErrorKind::Http5xx,
            _ => ErrorKind::Other,
        });
    }

    /// One URL, with retries: returns the answer (or failure) and the requests sent. A
    /// `Retry-After` the policy honours pauses the whole host.
    async fn fetch(&self, url: &Url) -> (Result<Answer, Failure>, u32) {
        let host = self.limits.host(url.host_str().unwrap_or_default());
        let host = &*host;
        self.retry
            .run(
                || async move {
                    let _permit = self.limits.acquire(host).await;
                    self.request(url, host).await
                },
                |outcome| match outcome {
                    Ok(a) => Attempt::Answered(a.status, a.retry_after),
                    Err(f) => Attempt::Failed(f.kind),
                },
                |retry| {
                    if retry.asked {
                        host.pause(retry.wait);
                    }
                },
            )
            .await
    }

    /// A GET of `url` with the limits and retries of checks, reading at most `max_bytes`
    /// of the body (an API's answer, such as the archive's).
    pub(super) async fn get_body(
        &self,
        url: &Url,
        max_bytes: usize,
    ) -> Result<(StatusCode, Vec<u8>), Failure> {
        let host = self.limits.host(url.host_str().unwrap_or_default());
        let host = &*host;
        let (outcome, _) = self
            .retry
            .run(
                || async move {
                    let _permit = self.limits.acquire(host).await;
                    let mut response = self.send(Method::GET, url).await?;
                    let head = answer(&response, None, "GET");
                    let mut body = Vec::new();
                    while body.len() < max_bytes {
                        match response.chunk().await {
                            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(e) => return Err(classify(&e)),
                        }
                    }
                    Ok((head, body))
                },
                |outcome| match outcome {
                    Ok((a, _)) => Attempt::Answered(a.status, a.retry_after),
                    Err(f) => Attempt::Failed(f.kind),
                },
                |retry| {
                    if retry.asked {
                        host.pause(retry.wait);
                    }
                },
            )
            .await;
        outcome.map(|(head, body)| (head.status, body))
    }

    /// HEAD, then GET when the server refuses HEAD, answers it with an error (some
    /// servers mishandle HEAD: GET confirms before a link is called broken), or a title is
    /// needed.
    async fn request(&self, url: &Url, host: &HostState) -> Result<Answer, Failure> {
        if !self.config.get_first && !host.head_refused() {
            let head = self.send(Method::HEAD, url).await?;
            let status = head.status();
            match status.as_u16() {
                405 | 501 => host.refuse_head(),
                // Slow down, do not pile a GET on: the retry loop backs off.
                429 | 503 => return Ok(answer(&head, None, "HEAD")),
                400..=599 => {}
                _ if self.wants_title(url, status, head.headers())
                    && self.soft_404_host(url, host).await => {}
                _ => return Ok(answer(&head, None, "HEAD")),
            }
        }
        let get = self.send(Method::GET, url).await?;
        let title = if self.wants_title(url, get.status(), get.headers()) {
            read_title(get).await?
        } else {
            // Dropping the response closes it without reading the body.
            return Ok(answer(&get, None, "GET"));
        };
        Ok(title)
    }

    /// True when the host answers 200 for a page that cannot exist: only then are the
    /// titles of its pages worth a GET after HEAD said 200. Probed once per host.
    async fn soft_404_host(&self, url: &Url, host: &HostState) -> bool {
        *host
            .soft_404
            .get_or_init(|| async {
                let mut probe = url.clone();
                probe.set_path(&format!(
                    "/recapgraph-soft-404-probe-{:016x}",
                    (http::random_fraction() * 1e15) as u64
                ));
                probe.set_query(None);
                self.send(Method::GET, &probe)
                    .await
                    .is_ok_and(|r| r.status().is_success())
            })
            .await
    }

    /// True when the page's title should be read to catch a soft 404.
    fn wants_title(&self, url: &Url, status: StatusCode, headers: &HeaderMap) -> bool {
        self.config.soft_404
            && status == StatusCode::OK
            && is_deep(url)
            && headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.to_ascii_lowercase().contains("html"))
    }

    async fn send(&self, method: Method, url: &Url) -> Result<reqwest::Response, Failure> {
        self.client
            .request(method, url.clone())
            .header(
                reqwest::header::ACCEPT,
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .send()
            .await
            .map_err(|e| classify(&e))
    }
}

fn answer(response: &reqwest::Response, title: Option<String>, method: &'static str) -> Answer {
    let headers = response.headers();
    Answer {
        status: response.status(),
        location: headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        retry_after: http::retry_after(headers),
        title,
        method,
    }
}

/// Reads at most [`TITLE_SNIFF_BYTES`] of an HTML body, stopping at `</title>`.
async fn read_title(mut response: reqwest::Response) -> Result<Answer, Failure> {
    let mut head = answer(&response, None, "GET");
    let mut body = Vec::new();
    while body.len() < TITLE_SNIFF_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if find_ci(&body, b"</title").is_some() {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => return Err(classify(&e)),
        }
    }
    head.title = html_title(&String::from_utf8_lossy(&body));
    Ok(head)
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The text of the first `<title>` element.
fn html_title(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let open = find_ci(bytes, b"<title")?;
    let start = open + html[open..].find('>')? + 1;
    let end = start + find_ci(&bytes[start..], b"</title").unwrap_or(bytes.len() - start);
    let title = html.get(start..end)?.split_whitespace().collect::<Vec<_>>();
    (!title.is_empty()).then(|| title.join(" "))
}

/// True when a page title says the page does not exist.
pub(super) fn says_not_found(title: &str) -> bool {
    let t = title.to_lowercase();
    const PHRASES: [&str; 10] = [
        "not found",
        "page not found",
        "404",
        "does not exist",
        "doesn't exist",
        "no longer exists",
        "no longer available",
        "cannot be found",
        "can't be found",
        "could not be found",
    ];
    PHRASES.iter().any(|p| {
        t.match_indices(p).any(|(i, _)| {
            // "404" must stand alone (not "14040 items").
            let before = t[..i].chars().next_back();
            let after = t[i + p.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// True for a URL below a site's root: a path other than `/` (or an index page), or a
/// query.
fn is_deep(url: &Url) -> bool {
    let path = url.path().trim_end_matches('/');
    let index = matches!(
        path.to_ascii_lowercase().as_str(),
        "/index.html" | "/index.htm" | "/index.php" | "/default.aspx"
    );
    (!path.is_empty() && !index) || url.query().is_some_and(|q| !q.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles() {
        assert_eq!(
            html_title("<html><head><TITLE>\n Page  not found\n</title>").as_deref(),
            Some("Page not found")
        );
        assert_eq!(
            html_title("<title lang=en>Hi</title>").as_deref(),
            Some("Hi")
        );
        assert_eq!(html_title("<p>no title</p>"), None);
        assert_eq!(html_title("<title></title>"), None);
    }

    #[test]
    fn knows_not_found_titles() {
        for t in [
            "Page not found",
            "404",
            "Error 404 - Example",
            "Oops! That page can't be found.",
            "This page does not exist",
        ] {
            assert!(says_not_found(t), "{t}");
        }
        for t in [
            "Meeting notes",
            "14040 items",
            "Found in translation",
            "RFC 4040",
        ] {
            assert!(!says_not_found(t), "{t}");
        }
    }

    #[test]
    fn deep_links() {
        let deep = |u: &str| is_deep(&Url::parse(u).unwrap());
        assert!(deep("https://a.example/docs/page"));
        assert!(deep("https://a.example/?p=12"));
        assert!(!deep("https://a.example/"));
        assert!(!deep("https://a.example"));
        assert!(!deep("https://a.example/index.html"));
    }
}
