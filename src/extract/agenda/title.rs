//! An item title's annotations: presenter, time box, facilitator and handle notes taken
//! out of the title (`split_annotations`), by their shape and the attendees they name.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::lexicon::{DROP_NOTES, NOT_HANDLES};
use crate::extract::people::looks_like_name;

pub(super) static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^~?\s*\d+(?:[.,]\d+)?\s*(?:-\s*\d+\s*)?(?:m|min|mins|minutes?|h|hrs?|hours?|')\.?$",
    )
    .expect("valid regex")
});

pub(super) static TRAILING_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\]|<@?([\w.-]+)>)\s*$").expect("valid regex")
});

pub(super) static ANGLE_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*<[^<>@]*\s[^<>]*>\s*$").expect("valid regex"));

pub(super) static LEADING_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\(([^()]*)\)|\[([^\[\]]*)\])\s*").expect("valid regex"));

pub(super) static TRAILING_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[-–—]\s+([^-–—]+)$").expect("valid regex"));

pub(super) static ROLE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|presented by|presenter|presenters|facilitator|facilitated by|owner|owners|champion|champions|lead|led by|speaker|speakers|driver|from)\s*:?\s+(.+)$")
        .expect("valid regex")
});

pub(super) static ITEM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:topic|subject|agenda item|item|discussion item)(?:\s*#?\d+)?\s*[:.-]\s+(.+)$",
    )
    .expect("valid regex")
});

pub(super) static HANDLE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^@?[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$").expect("valid regex"));

/// Whether a bracket or dash note names people: `Jane Doe`, `@jdoe`, `kim-o`,
/// `Ada/Bo/Cy`, `Sam & Jeremy`.
pub(super) fn names_people(note: &str) -> bool {
    let parts: Vec<&str> = note
        .split(['/', ',', '&', '+'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.len() <= 6
        && parts.iter().all(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            if p.starts_with('@') {
                return words.len() == 1;
            }
            if words.len() == 1 && HANDLE_TOKEN.is_match(p) {
                return !NOT_HANDLES.contains(p)
                    && (p.contains(['-', '_'])
                        || p.chars().any(|c| c.is_ascii_digit())
                        || parts.len() > 1
                        || p.len() >= 5);
            }
            (1..=3).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && looks_like_name(p)
                && (words.len() >= 2 || parts.len() > 1)
        })
}

/// A title's last bracket group when it holds brackets of its own: its start and text.
pub(super) fn trailing_nested_paren(t: &str) -> Option<(usize, &str)> {
    let trimmed = t.trim_end();
    if !trimmed.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    let mut nested = false;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = &trimmed[i + 1..trimmed.len() - 1];
                    return (nested && i > 0).then_some((i, inner));
                }
                nested = true;
            }
            _ => {}
        }
    }
    None
}

/// A title with its presenter, facilitator and time-box annotations split off:
/// "Budget review (Jane Doe, 10 min)" → ("Budget review", Jane Doe, 10 min).
#[must_use]
pub fn split_annotations(title: &str) -> (String, Option<String>, Option<String>) {
    let mut t = title.trim().to_owned();
    let mut presenter: Option<String> = None;
    let mut duration: Option<String> = None;
    for _ in 0..4 {
        let before = t.clone();
        // "(if we have some time (low priority), by kim)": brackets inside a note.
        if let Some((start, inner)) = trailing_nested_paren(&t) {
            let parts: Vec<&str> = inner.split([',', ';']).map(str::trim).collect();
            if let Some(who) = parts
                .iter()
                .find_map(|p| ROLE_NOTE.captures(p).and_then(|r| r.get(1)))
            {
                presenter.get_or_insert_with(|| who.as_str().trim().to_owned());
                if let Some(d) = parts.iter().find(|p| DURATION.is_match(p)) {
                    duration.get_or_insert_with(|| (*d).to_owned());
                }
                t.truncate(start);
            }
        }
        // "Title. See [[links]]": a pointer after the title.
        if let Some(i) = t.find(". See ") {
            if i > 0 {
                t.truncate(i);
            }
        }
        if let Some(c) = TRAILING_GROUP.captures(&t) {
            let whole = c.get(0).map_or(0, |m| m.start());
            let inner = c
                .get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str().trim().to_owned());
            if let Some(h) = c.get(3) {
                presenter.get_or_insert_with(|| h.as_str().to_owned());
                t.truncate(whole);
            } else if let Some(inner) = inner {
                let lower = inner.to_lowercase();
                let lower = lower.trim_end_matches('.');
                let parts: Vec<&str> = inner.split([',', ';']).map(str::trim).collect();
                if DURATION.is_match(&inner) {
                    duration.get_or_insert(inner.clone());
                    t.truncate(whole);
                } else if DROP_NOTES.contains(&lower) {
                    t.truncate(whole);
                } else if let Some(r) = ROLE_NOTE.captures(&inner).and_then(|r| r.get(1)) {
                    presenter.get_or_insert_with(|| r.as_str().trim().to_owned());
                    t.truncate(whole);
                } else if parts.len() >= 2 && parts.iter().any(|p| DURATION.is_match(p)) {
                    for p in parts {
                        if DURATION.is_match(p) {
                            duration.get_or_insert(p.to_owned());
                        } else if let Some(r) = ROLE_NOTE.captures(p).and_then(|r| r.get(1)) {
                            presenter.get_or_insert_with(|| r.as_str().trim().to_owned());
                        } else if !p.is_empty() {
                            presenter.get_or_insert_with(|| p.to_owned());
                        }
                    }
                    t.truncate(whole);
                } else if names_people(&inner) && whole > 0 {
                    presenter.get_or_insert_with(|| inner.trim_start_matches('@').to_owned());
                    t.truncate(whole);
                }
            }
        }
        if let Some(note) = ANGLE_NOTE.find(&t) {
            // "<design adopted>": a note on the outcome, not part of the subject.
            if note.start() > 0 {
                t.truncate(note.start());
            }
        }
        if let Some(c) = LEADING_GROUP.captures(&t) {
            let end = c.get(0).map_or(0, |m| m.end());
            let inner = c
                .get(1)
                .or_else(|| c.get(2))
                .map_or("", |m| m.as_str().trim());
            if DURATION.is_match(inner) {
                duration.get_or_insert(inner.to_owned());
                t = t[end..].to_owned();
            } else if c.get(1).is_some()
                && inner.starts_with('@')
                && names_people(inner)
                && end < t.len()
            {
                // "(@ann) Release scheduling": the presenter first.
                presenter.get_or_insert_with(|| inner.trim_start_matches('@').to_owned());
                t = t[end..].to_owned();
            } else if let Some(r) = ROLE_NOTE.captures(inner).and_then(|r| r.get(1)) {
                presenter.get_or_insert_with(|| r.as_str().trim().to_owned());
                t = t[end..].to_owned();
            } else if c.get(1).is_some()
                && !inner.is_empty()
                && inner.chars().all(|ch| ch.is_lowercase() || ch == '-')
                && end < t.len()
            {
                // "(public) 4.0 release checklist": a tag, not part of the subject.
                t = t[end..].to_owned();
            }
        }
        if let Some(c) = TRAILING_DASH.captures(&t) {
            let start = c.get(0).map_or(0, |m| m.start());
            let note = c.get(1).map_or("", |m| m.as_str().trim());
            if start > 0 && DURATION.is_match(note) {
                duration.get_or_insert(note.to_owned());
                t.truncate(start);
            } else if start > 0 && t[..start].split_whitespace().count() >= 1 && names_people(note)
            {
                presenter.get_or_insert_with(|| note.trim_start_matches('@').to_owned());
                t.truncate(start);
            }
        }
        t = t.trim().trim_end_matches([',', ';', ':']).trim().to_owned();
        if t == before {
            break;
        }
    }
    // "Topic: Budget", "Agenda item 3: Budget": the label is no part of the subject.
    if let Some(rest) = ITEM_LABEL.captures(&t).and_then(|c| c.get(1)) {
        if !rest.as_str().trim().is_empty() {
            t = rest.as_str().trim().to_owned();
        }
    }
    if t.is_empty() {
        return (title.trim().to_owned(), None, None);
    }
    (t, presenter, duration)
}
