//! URLs written as plain text, and the small rules every link goes through.

use std::sync::LazyLock;

use regex::Regex;

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'`\x00-\x1f\x7f]+"#).expect("valid regex")
});

/// `<a href="…">text</a>` in raw HTML: target and inner HTML.
pub(crate) static HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>"#).expect("valid regex")
});
/// Any HTML tag.
pub(crate) static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("valid regex"));

/// Strips what ends a sentence rather than a URL: `.,;:!?'"*_` and closing brackets
/// that have no opening partner inside the URL.
#[must_use]
pub fn strip_trailing_punctuation(url: &str) -> &str {
    let mut s = url;
    loop {
        let before = s.len();
        s = s.trim_end_matches([
            '.', ',', ';', ':', '!', '?', '\'', '"', '*', '_', '’', '”', '…',
        ]);
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>')] {
            if s.ends_with(close) && s.matches(close).count() > s.matches(open).count() {
                s = &s[..s.len() - close.len_utf8()];
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// URLs written in plain text: `(byte start, byte end, url)` with trailing punctuation
/// stripped; `www.` URLs get `http://` in front.
#[must_use]
pub fn find_bare_urls(text: &str) -> Vec<(usize, usize, String)> {
    BARE_URL
        .find_iter(text)
        .filter_map(|m| {
            let url = strip_trailing_punctuation(m.as_str());
            let host_part = url
                .split_once("://")
                .map_or(url, |(_, rest)| rest)
                .trim_start_matches("www.");
            if host_part.is_empty() || !host_part.contains(['.', ':', '/']) && !url.contains("://")
            {
                return None;
            }
            let full = if url.to_ascii_lowercase().starts_with("www.") {
                format!("http://{url}")
            } else {
                url.to_owned()
            };
            // "http://" alone, or a host that is only punctuation, is no URL.
            let after_scheme = full.split_once("://").map_or("", |(_, r)| r);
            if after_scheme.is_empty()
                || !after_scheme.starts_with(|c: char| c.is_alphanumeric() || c == '[')
            {
                return None;
            }
            Some((m.start(), m.start() + url.len(), full))
        })
        .collect()
}

/// True for an absolute `http:` or `https:` URL with a host: an external document.
#[must_use]
pub fn is_external(url: &str) -> bool {
    match url::Url::parse(url.trim()) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_sentence_punctuation() {
        assert_eq!(
            strip_trailing_punctuation("http://a.org/x."),
            "http://a.org/x"
        );
        assert_eq!(
            strip_trailing_punctuation("http://a.org/x),"),
            "http://a.org/x"
        );
        assert_eq!(
            strip_trailing_punctuation("https://en.wikipedia.org/wiki/Foo_(bar)"),
            "https://en.wikipedia.org/wiki/Foo_(bar)"
        );
        assert_eq!(
            strip_trailing_punctuation("http://a.org/?q=1&"),
            "http://a.org/?q=1&"
        );
    }

    #[test]
    fn finds_bare_urls() {
        let found = find_bare_urls("see http://a.org/x. and (https://b.org/y) or www.c.org!");
        let urls: Vec<_> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            urls,
            ["http://a.org/x", "https://b.org/y", "http://www.c.org"]
        );
        assert!(find_bare_urls("just http:// nothing").is_empty());
    }

    #[test]
    fn external_means_absolute_http() {
        assert!(is_external("https://github.com/openstack-dev/grenade"));
        assert!(is_external("HTTP://A.ORG"));
        assert!(!is_external("mailto:a@b.org"));
        assert!(!is_external("../2013/other.html"));
        assert!(!is_external("/about"));
        assert!(!is_external("ftp://a.org/x"));
    }
}
