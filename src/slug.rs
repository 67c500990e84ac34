//! Slugs and IRI-safe names: the leaf every stage may use to turn text into a piece of an
//! IRI (`extract` names topics with it, `rdf` mints IRIs with it). Knows nothing else.

/// Lower-case, dash-separated form of `text` for IRIs: letters and digits of any script
/// are kept, everything else becomes one `-`; at most 80 characters.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    out
}

/// The slug of a tracked thing's URL (scheme dropped): `https://github.com/acme/widget/issues/42`
/// → `github-com-acme-widget-issues-42`. Names the topic of items with that subject.
#[must_use]
pub fn subject_slug(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    slug(rest.strip_prefix("www.").unwrap_or(rest))
}

/// Percent-encodes a path for use inside an IRI, keeping `/` and unreserved characters.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
