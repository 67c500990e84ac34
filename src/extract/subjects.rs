//! What an agenda item is about when its title names a tracked thing: an issue, pull or
//! merge request, a repository (a proposal, a project), an RFC, a PEP or an
//! Internet-Draft. The thing's normalised URL is the item's subject, and items with the
//! same subject share one topic whatever their titles say.
//!
//! Read from the title only: a link on the title's line, else a reference written in the
//! title (`org/repo#123`, `repo#123`, `#123`, `PR 123`, `RFC 9110`, `PEP 8`), written
//! references resolved against the links of the same recap. A title naming two different
//! things has no single subject.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::agenda::FoundItem;
use crate::recap::Recap;

/// Hosts whose `owner/repo/issues/N` paths name tracked things.
const FORGES: &[&str] = &["github.com", "gitlab.com", "codeberg.org", "bitbucket.org"];

/// The canonical URL of a tracked thing `url` points at, if it points at one: GitHub
/// issues, pull requests and discussions (one number space) → `…/issues/N`; GitLab merge
/// requests keep their own space; a repository root → `https://host/owner/repo`; RFCs →
/// the RFC Editor's page; PEPs → peps.python.org; Internet-Drafts without their version.
#[must_use]
pub fn tracked_thing(url: &str) -> Option<String> {
    let u = Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u.host_str()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segs: Vec<&str> = u
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    if FORGES.contains(&host) {
        return forge_thing(host, &segs);
    }
    let last = segs.last().map(|s| s.to_lowercase()).unwrap_or_default();
    let last = last
        .trim_end_matches(".html")
        .trim_end_matches(".txt")
        .trim_end_matches(".pdf");
    if matches!(
        host,
        "rfc-editor.org" | "tools.ietf.org" | "datatracker.ietf.org" | "ietf.org"
    ) {
        if let Some(n) = last.strip_prefix("rfc").and_then(number) {
            return Some(rfc(n));
        }
        if segs.first() == Some(&"doc") || segs.first() == Some(&"html") {
            if let Some(draft) = last.strip_prefix("draft-") {
                return Some(format!(
                    "https://datatracker.ietf.org/doc/draft-{}",
                    strip_draft_version(draft)
                ));
            }
        }
        return None;
    }
    if host == "peps.python.org" || (host == "python.org" && segs.contains(&"peps")) {
        return last.strip_prefix("pep-").and_then(number).map(pep);
    }
    None
}

fn forge_thing(host: &str, segs: &[&str]) -> Option<String> {
    let owner = segs.first()?.to_lowercase();
    let repo = segs.get(1)?.trim_end_matches(".git").to_lowercase();
    if owner.starts_with('.') || repo.is_empty() || matches!(owner.as_str(), "orgs" | "settings") {
        return None;
    }
    // GitLab writes `owner/repo/-/issues/N`.
    let rest: Vec<&str> = segs[2..].iter().copied().filter(|s| *s != "-").collect();
    match rest.as_slice() {
        [] => Some(format!("https://{host}/{owner}/{repo}")),
        [kind, n, ..] => {
            let n = number(n)?;
            match *kind {
                "issues" | "pull" | "pulls" | "discussions" => {
                    Some(format!("https://{host}/{owner}/{repo}/issues/{n}"))
                }
                "merge_requests" | "pull-requests" => {
                    Some(format!("https://{host}/{owner}/{repo}/merge_requests/{n}"))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn number(s: &str) -> Option<u64> {
    s.trim_start_matches('0')
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
}

fn rfc(n: u64) -> String {
    format!("https://www.rfc-editor.org/rfc/rfc{n}")
}

fn pep(n: u64) -> String {
    format!("https://peps.python.org/pep-{n:04}/")
}

fn strip_draft_version(draft: &str) -> &str {
    match draft.rsplit_once('-') {
        Some((name, v)) if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => draft,
    }
}

/// `org/repo#123`, `repo#123`, `#123`, `PR 123`, `PR#123`, `issue #123`, `RFC 9110`, `PEP 8`.
static WRITTEN_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:^|[^\w/\#])
        (?:
            (?:(?P<owner>[a-z0-9][\w.-]*)/)?(?P<repo>[a-z0-9][\w.-]*)?\#(?P<num>\d+)\b
          | \b(?:pr|pull\s+request|issue|mr)\s*\#?\s*(?P<num2>\d+)\b
          | \b(?P<std>rfc|pep)[\s-]?(?P<num3>\d+)\b
        )",
    )
    .expect("valid regex")
});

/// A reference written in a title, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Written {
    /// `owner/repo#n`, `repo#n` or `#n` (owner and repo lowercased).
    Issue {
        owner: Option<String>,
        repo: Option<String>,
        number: u64,
    },
    /// A PEP: already a URL.
    Standard(String),
    /// "RFC n": an IETF RFC, or a project's own RFC; which one, the recap's links say.
    Rfc(u64),
}

fn written_refs(title: &str) -> Vec<Written> {
    let mut out = Vec::new();
    for c in WRITTEN_REF.captures_iter(title) {
        if let Some(n) = c.name("num3").and_then(|m| number(m.as_str())) {
            let std = c.name("std").map(|m| m.as_str().to_lowercase());
            out.push(if std.as_deref() == Some("pep") {
                Written::Standard(pep(n))
            } else {
                Written::Rfc(n)
            });
            continue;
        }
        let Some(n) = c
            .name("num")
            .or_else(|| c.name("num2"))
            .and_then(|m| number(m.as_str()))
        else {
            continue;
        };
        out.push(Written::Issue {
            owner: c.name("owner").map(|m| m.as_str().to_lowercase()),
            repo: c.name("repo").map(|m| m.as_str().to_lowercase()),
            number: n,
        });
    }
    out
}

/// The tracked issue-like things a recap links to, as (host, owner, repo, number).
fn linked_issues(recap: &Recap) -> BTreeSet<(String, String, String, u64)> {
    recap
        .links
        .iter()
        .filter_map(|l| tracked_thing(&l.url))
        .filter_map(|t| {
            let u = Url::parse(&t).ok()?;
            let host = u.host_str()?.to_owned();
            let segs: Vec<&str> = u.path_segments()?.collect();
            match segs.as_slice() {
                [owner, repo, _, n] => Some((
                    host,
                    (*owner).to_owned(),
                    (*repo).to_owned(),
                    n.parse().ok()?,
                )),
                _ => None,
            }
        })
        .collect()
}

/// Resolves a written reference against the recap's own links: an `owner/repo` the links
/// use (else GitHub's), a `repo` one link's repository is called, a bare number one link
/// carries, else the one repository all of the recap's issue links are in.
fn resolve(
    w: &Written,
    linked: &BTreeSet<(String, String, String, u64)>,
    links: &[&str],
) -> Option<String> {
    let (owner, repo, n) = match w {
        Written::Standard(url) => return Some(url.clone()),
        Written::Rfc(n) => return resolve_rfc(*n, links),
        Written::Issue {
            owner,
            repo,
            number,
        } => (owner.as_deref(), repo.as_deref(), *number),
    };
    let url = |(host, o, r): (&str, &str, &str)| format!("https://{host}/{o}/{r}/issues/{n}");
    match (owner, repo) {
        (Some(o), Some(r)) => {
            let host = linked
                .iter()
                .find(|(_, lo, lr, _)| lo == o && lr == r)
                .map_or("github.com", |(h, ..)| h.as_str());
            Some(url((host, o, r)))
        }
        (None, Some(r)) => {
            let repos: BTreeSet<(&str, &str)> = linked
                .iter()
                .filter(|(_, _, lr, _)| lr == r)
                .map(|(h, o, _, _)| (h.as_str(), o.as_str()))
                .collect();
            match repos.into_iter().collect::<Vec<_>>().as_slice() {
                [(h, o)] => Some(url((h, o, r))),
                _ => None,
            }
        }
        _ => {
            let with_number: BTreeSet<_> = linked
                .iter()
                .filter(|t| t.3 == n)
                .map(|(h, o, r, _)| (h.as_str(), o.as_str(), r.as_str()))
                .collect();
            let repos: BTreeSet<_> = linked
                .iter()
                .map(|(h, o, r, _)| (h.as_str(), o.as_str(), r.as_str()))
                .collect();
            let pick = |s: BTreeSet<(&str, &str, &str)>| {
                let v: Vec<_> = s.into_iter().collect();
                (v.len() == 1).then(|| url(v[0]))
            };
            if with_number.is_empty() {
                pick(repos)
            } else {
                pick(with_number)
            }
        }
    }
}

/// "RFC n": the recap's link about it (a URL naming "rfc" with the number as one of its
/// numbers: a project's RFC repository or book), else the IETF's when the recap links to
/// the IETF or the RFC Editor, else none (a project's RFCs and the IETF's share numbers).
fn resolve_rfc(n: u64, links: &[&str]) -> Option<String> {
    let number = n.to_string();
    let about = links.iter().find(|u| {
        let l = u.to_lowercase();
        l.contains("rfc")
            && l.split(|c: char| !c.is_ascii_digit())
                .any(|d| !d.is_empty() && d.trim_start_matches('0') == number)
    });
    if let Some(u) = about {
        return tracked_thing(u).or_else(|| super::citations::normalize_url(u));
    }
    links
        .iter()
        .any(|u| u.contains("ietf.org") || u.contains("rfc-editor.org"))
        .then(|| rfc(n))
}

/// The subject of `item`: the one tracked thing its title links or names.
pub(super) fn subject_of(recap: &Recap, item: &FoundItem) -> Option<String> {
    let title_line = match item.lines {
        Some((first, _)) => first,
        None => recap.sections.get(item.section)?.line,
    };
    let linked: BTreeSet<String> = recap
        .links
        .iter()
        .filter(|l| l.line == title_line && item.name.contains(l.text.trim()))
        .filter_map(|l| tracked_thing(&l.url))
        .collect();
    if !linked.is_empty() {
        return single(linked);
    }
    let written = written_refs(&item.name);
    if written.is_empty() {
        return None;
    }
    let issues = linked_issues(recap);
    let links: Vec<&str> = recap.links.iter().map(|l| l.url.as_str()).collect();
    let resolved: Option<BTreeSet<String>> = written
        .iter()
        .map(|w| resolve(w, &issues, &links))
        .collect();
    single(resolved?)
}

fn single(set: BTreeSet<String>) -> Option<String> {
    let mut it = set.into_iter();
    match (it.next(), it.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_urls_are_normalised() {
        let t = |u: &str| tracked_thing(u);
        assert_eq!(
            t("https://github.com/Acme/Widget/pull/42/files").as_deref(),
            Some("https://github.com/acme/widget/issues/42")
        );
        assert_eq!(
            t("https://github.com/acme/widget/issues/42#issuecomment-1").as_deref(),
            Some("https://github.com/acme/widget/issues/42")
        );
        assert_eq!(
            t("https://www.github.com/acme/proposal-thing/").as_deref(),
            Some("https://github.com/acme/proposal-thing")
        );
        assert_eq!(
            t("https://gitlab.com/acme/widget/-/merge_requests/7").as_deref(),
            Some("https://gitlab.com/acme/widget/merge_requests/7")
        );
        assert_eq!(
            t("https://datatracker.ietf.org/doc/html/rfc9110").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9110")
        );
        assert_eq!(
            t("https://datatracker.ietf.org/doc/draft-ietf-acme-thing-07").as_deref(),
            Some("https://datatracker.ietf.org/doc/draft-ietf-acme-thing")
        );
        assert_eq!(
            t("https://peps.python.org/pep-0008/").as_deref(),
            Some("https://peps.python.org/pep-0008/")
        );
        assert_eq!(
            t("https://github.com/acme/widget/blob/main/README.md"),
            None
        );
        assert_eq!(t("https://docs.example.org/slides/42"), None);
        assert_eq!(t("mailto:kim@example.org"), None);
    }

    #[test]
    fn written_references() {
        assert_eq!(
            written_refs("Fix the parser (acme/widget#12)"),
            vec![Written::Issue {
                owner: Some("acme".into()),
                repo: Some("widget".into()),
                number: 12
            }]
        );
        assert_eq!(
            written_refs("widget#12 and PR 13"),
            vec![
                Written::Issue {
                    owner: None,
                    repo: Some("widget".into()),
                    number: 12
                },
                Written::Issue {
                    owner: None,
                    repo: None,
                    number: 13
                }
            ]
        );
        assert_eq!(
            written_refs("Adopt RFC 9110 semantics"),
            vec![Written::Rfc(9110)]
        );
        assert_eq!(
            written_refs("PEP 8 line length"),
            vec![Written::Standard(
                "https://peps.python.org/pep-0008/".into()
            )]
        );
        assert!(written_refs("Budget for 2024").is_empty());
        assert!(written_refs("Item 3: roadmap").is_empty());
    }

    #[test]
    fn bare_numbers_resolve_against_the_recaps_links() {
        let linked: BTreeSet<_> = [
            (
                "github.com".to_owned(),
                "acme".to_owned(),
                "widget".to_owned(),
                12,
            ),
            (
                "github.com".to_owned(),
                "acme".to_owned(),
                "gadget".to_owned(),
                7,
            ),
        ]
        .into_iter()
        .collect();
        let bare = |n| Written::Issue {
            owner: None,
            repo: None,
            number: n,
        };
        assert_eq!(
            resolve(&bare(12), &linked, &[]).as_deref(),
            Some("https://github.com/acme/widget/issues/12")
        );
        // Two repositories and no link with that number: ambiguous.
        assert_eq!(resolve(&bare(99), &linked, &[]), None);
        let repo = Written::Issue {
            owner: None,
            repo: Some("gadget".into()),
            number: 8,
        };
        assert_eq!(
            resolve(&repo, &linked, &[]).as_deref(),
            Some("https://github.com/acme/gadget/issues/8")
        );
    }

    #[test]
    fn an_rfc_is_the_one_the_recap_links() {
        let project = [
            "https://github.com/acme/rfcs/pull/2753",
            "https://example.org/x",
        ];
        assert_eq!(
            resolve_rfc(2753, &project).as_deref(),
            Some("https://github.com/acme/rfcs/issues/2753")
        );
        let ietf = ["https://datatracker.ietf.org/wg/httpbis/about/"];
        assert_eq!(
            resolve_rfc(9110, &ietf).as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9110")
        );
        // No link says which RFC series: no subject.
        assert_eq!(resolve_rfc(2753, &["https://example.org/x"]), None);
    }
}
