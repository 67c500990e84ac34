//! Replacements for links that rotted, found while checking: a permanent redirect's end,
//! a common move that answers (a GitHub `blob/master/…` whose branch became `main`,
//! `http://` → `https://`), and the archived snapshot nearest the citing meeting's date
//! from a Wayback-style availability API.
//!
//! The availability API (the Internet Archive's `https://archive.org/wayback/available`,
//! or any endpoint answering like it) is asked `?url=U&timestamp=YYYYMMDD` and answers
//! `{"archived_snapshots":{"closest":{"status":"200","available":true,"url":…,
//! "timestamp":"YYYYMMDDhhmmss"}}}`, or `{"archived_snapshots":{}}`. The archive picks the
//! snapshot nearest the timestamp; a snapshot is suggested only when the archive says it
//! is available and answered 200. Archive requests go through the checker's client,
//! limits (the archive is a host like any other), retries and time limits.

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use url::Url;

use super::check::Checker;
use super::{CheckResult, Outcome, RedirectKind};
use crate::http::Failure;

/// The Internet Archive's public availability endpoint, the default `--archive-url`.
pub const DEFAULT_ARCHIVE_URL: &str = "https://archive.org/wayback/available";

/// The most of an availability answer read (the real ones are a few hundred bytes).
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// What kind of replacement a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuggestionKind {
    /// The end of a chain of permanent (301/308) redirects.
    Redirect,
    /// The same URL over `https://`, which answers.
    Https,
    /// A GitHub `blob/master/…` (or `tree/`, `raw/`) URL on the `main` branch, which answers.
    GithubMain,
    /// An archived snapshot.
    Archive,
}

impl SuggestionKind {
    /// The keyword stored as `rg:suggestionKind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redirect => "redirect",
            Self::Https => "https",
            Self::GithubMain => "github-main",
            Self::Archive => "archive",
        }
    }

    /// The kind a keyword names.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Redirect, Self::Https, Self::GithubMain, Self::Archive]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// True for a live address (the page moved), false for an archived copy.
    #[must_use]
    pub fn is_live(self) -> bool {
        self != Self::Archive
    }
}

/// A replacement for a checked URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The replacement URL.
    pub url: String,
    /// What kind of replacement.
    pub kind: SuggestionKind,
    /// Where it comes from: the redirect statuses, the probe that answered, or the
    /// archive endpoint asked.
    pub source: String,
    /// For a snapshot: when the archive took it (RFC 3339).
    pub snapshot_at: Option<String>,
    /// For a snapshot: the meeting date it was asked for (YYYY-MM-DD); `None` when the
    /// citing recaps have no date (the archive's newest snapshot).
    pub for_date: Option<String>,
}

/// What to look for.
#[derive(Debug, Clone)]
pub struct SuggestConfig {
    /// The availability endpoint; `None` asks no archive (`--no-archive`).
    pub archive: Option<Url>,
    /// Hosts (`host` or `host:port`) whose URLs have GitHub's shape
    /// (`/owner/repo/blob/branch/…`).
    pub github_hosts: Vec<String>,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        Self {
            archive: Url::parse(DEFAULT_ARCHIVE_URL).ok(),
            github_hosts: vec!["github.com".to_owned()],
        }
    }
}

/// The suggestion a permanent redirect makes: its end.
#[must_use]
pub fn from_redirect(result: &CheckResult) -> Option<Suggestion> {
    (result.outcome == Outcome::Redirected
        && result.redirect_kind == Some(RedirectKind::Permanent)
        && result.final_url != result.url)
        .then(|| Suggestion {
            url: result.final_url.clone(),
            kind: SuggestionKind::Redirect,
            source: format!(
                "permanent redirect{} ({})",
                if result.redirects.len() > 1 { "s" } else { "" },
                result
                    .status
                    .map_or_else(String::new, |s| format!("ends on {s}"))
            ),
            snapshot_at: None,
            for_date: None,
        })
}

/// The common moves worth a probe for a dead `url`: GitHub's `master` → `main`, then
/// `http` → `https`.
#[must_use]
pub fn moves(url: &str, config: &SuggestConfig) -> Vec<(SuggestionKind, String)> {
    let Ok(parsed) = Url::parse(url) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(main) = github_main(&parsed, &config.github_hosts) {
        out.push((SuggestionKind::GithubMain, main));
    }
    if parsed.scheme() == "http" {
        let mut https = parsed.clone();
        if https.set_scheme("https").is_ok() {
            out.push((SuggestionKind::Https, https.to_string()));
        }
    }
    out
}

/// `…/owner/repo/(blob|tree|raw)/master/…` on a GitHub host → the same on `main`.
fn github_main(url: &Url, hosts: &[String]) -> Option<String> {
    let host = url.host_str()?;
    let with_port = url.port().map(|p| format!("{host}:{p}"));
    if !hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host) || with_port.as_deref() == Some(h.as_str()))
    {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.collect();
    if segments.len() < 4
        || !matches!(segments[2], "blob" | "tree" | "raw")
        || segments[3] != "master"
    {
        return None;
    }
    let mut moved = url.clone();
    let mut path = segments.clone();
    path[3] = "main";
    moved.set_path(&format!("/{}", path.join("/")));
    Some(moved.to_string())
}

/// The availability API's request for `url` near `date` (YYYY-MM-DD; `None`: newest).
#[must_use]
pub fn availability_request(endpoint: &Url, url: &str, date: Option<&str>) -> Url {
    let mut request = endpoint.clone();
    {
        let mut query = request.query_pairs_mut();
        query.append_pair("url", url);
        if let Some(date) = date {
            query.append_pair("timestamp", &date.replace('-', ""));
        }
    }
    request
}

#[derive(Deserialize)]
struct Availability {
    #[serde(default)]
    archived_snapshots: Snapshots,
}

#[derive(Deserialize, Default)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(Deserialize)]
struct Closest {
    #[serde(default)]
    available: bool,
    url: String,
    timestamp: String,
    /// A string in the real API ("200"); a number accepted too.
    #[serde(default)]
    status: serde_json::Value,
}

/// A snapshot the archive offers: its URL and when it was taken (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The snapshot's URL.
    pub url: String,
    /// When it was taken.
    pub taken: String,
}

/// Reads an availability answer: the snapshot it offers, if the archive says it is
/// available and answered 200; `Err` when the body is not such an answer.
///
/// # Errors
/// A body that is not the availability API's JSON, or a snapshot URL that is not http(s).
pub fn parse_availability(body: &[u8]) -> Result<Option<Snapshot>, String> {
    let answer: Availability =
        serde_json::from_slice(body).map_err(|e| format!("not an availability API answer: {e}"))?;
    let Some(closest) = answer.archived_snapshots.closest else {
        return Ok(None);
    };
    let status_200 = match &closest.status {
        serde_json::Value::String(s) => s == "200",
        serde_json::Value::Number(n) => n.as_u64() == Some(200),
        _ => false,
    };
    if !closest.available || !status_200 {
        return Ok(None);
    }
    let url = Url::parse(&closest.url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| format!("the snapshot URL {:?} is not http(s)", closest.url))?;
    let taken = chrono::NaiveDateTime::parse_from_str(&closest.timestamp, "%Y%m%d%H%M%S")
        .map_err(|_| {
            format!(
                "the snapshot time {:?} is not YYYYMMDDhhmmss",
                closest.timestamp
            )
        })?
        .and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(Some(Snapshot {
        url: url.into(),
        taken,
    }))
}

impl Checker {
    /// The suggestions for a checked URL cited by meetings on `dates`: the redirect's
    /// end; else, for a dead link, the common moves that answer and a snapshot per date.
    pub(super) async fn suggest(
        &self,
        result: &CheckResult,
        dates: &[String],
        config: &SuggestConfig,
    ) -> Vec<Suggestion> {
        if let Some(s) = from_redirect(result) {
            return vec![s];
        }
        if !matches!(
            result.outcome,
            Outcome::Broken | Outcome::Unreachable | Outcome::Suspicious
        ) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (kind, candidate) in moves(&result.url, config) {
            let probe = Box::pin(self.check(candidate.clone())).await;
            let answered = match probe.outcome {
                Outcome::Ok => Some(candidate),
                Outcome::Redirected if probe.redirect_kind == Some(RedirectKind::Permanent) => {
                    Some(probe.final_url.clone())
                }
                _ => None,
            };
            if let Some(url) = answered {
                out.push(Suggestion {
                    url,
                    kind,
                    source: format!("{} answered {}", kind.as_str(), probe.status.unwrap_or(0)),
                    snapshot_at: None,
                    for_date: None,
                });
            }
        }
        if let Some(endpoint) = &config.archive {
            let mut asked: Vec<Option<&str>> = dates.iter().map(|d| Some(d.as_str())).collect();
            if asked.is_empty() {
                asked.push(None);
            }
            for date in asked {
                let request = availability_request(endpoint, &result.url, date);
                if let Ok(Some(snapshot)) = self.snapshot(&request).await {
                    out.push(Suggestion {
                        url: snapshot.url,
                        kind: SuggestionKind::Archive,
                        source: endpoint.to_string(),
                        snapshot_at: Some(snapshot.taken),
                        for_date: date.map(str::to_owned),
                    });
                }
            }
        }
        out
    }

    /// Asks the archive (with the checker's limits and retries).
    async fn snapshot(&self, request: &Url) -> Result<Option<Snapshot>, String> {
        let (status, body) = self
            .get_body(request, MAX_ANSWER_BYTES)
            .await
            .map_err(|f: Failure| f.message)?;
        if status != StatusCode::OK {
            return Err(format!("the archive answered {status}"));
        }
        parse_availability(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_moves() {
        let config = SuggestConfig::default();
        assert_eq!(
            moves("https://github.com/o/r/blob/master/docs/a.md#x", &config),
            [(
                SuggestionKind::GithubMain,
                "https://github.com/o/r/blob/main/docs/a.md#x".to_owned()
            )]
        );
        assert_eq!(
            moves("http://github.com/o/r/tree/master", &config),
            [
                (
                    SuggestionKind::GithubMain,
                    "http://github.com/o/r/tree/main".to_owned()
                ),
                (
                    SuggestionKind::Https,
                    "https://github.com/o/r/tree/master".to_owned()
                )
            ]
        );
        assert!(moves("https://github.com/o/r/blob/dev/a.md", &config).is_empty());
        assert!(moves("https://gitlab.com/o/r/blob/master/a.md", &config).is_empty());
        assert!(moves("https://example.org/master", &config).is_empty());
        let local = SuggestConfig {
            archive: None,
            github_hosts: vec!["127.0.0.1:8080".into()],
        };
        assert_eq!(
            moves("https://127.0.0.1:8080/o/r/blob/master/x", &local)[0].1,
            "https://127.0.0.1:8080/o/r/blob/main/x"
        );
    }

    #[test]
    fn availability_requests_and_answers() {
        let endpoint = Url::parse("https://archive.org/wayback/available").unwrap();
        assert_eq!(
            availability_request(&endpoint, "https://a.example/p?q=1&r=2", Some("2024-03-05"))
                .as_str(),
            "https://archive.org/wayback/available?url=https%3A%2F%2Fa.example%2Fp%3Fq%3D1%26r%3D2&timestamp=20240305"
        );
        let ok = br#"{"archived_snapshots":{"closest":{"status":"200","available":true,
            "url":"http://web.archive.org/web/20130919044612/http://example.com/",
            "timestamp":"20130919044612"}}}"#;
        assert_eq!(
            parse_availability(ok).unwrap(),
            Some(Snapshot {
                url: "http://web.archive.org/web/20130919044612/http://example.com/".into(),
                taken: "2013-09-19T04:46:12Z".into()
            })
        );
        assert_eq!(
            parse_availability(br#"{"archived_snapshots":{}}"#).unwrap(),
            None
        );
        let not_200 = br#"{"archived_snapshots":{"closest":{"status":"404","available":true,
            "url":"http://web.archive.org/web/2013/http://example.com/","timestamp":"20130919044612"}}}"#;
        assert_eq!(parse_availability(not_200).unwrap(), None);
        assert!(parse_availability(b"<html>").is_err());
        let bad_url = br#"{"archived_snapshots":{"closest":{"status":"200","available":true,
            "url":"javascript:alert(1)","timestamp":"20130919044612"}}}"#;
        assert!(parse_availability(bad_url).is_err());
    }
}
