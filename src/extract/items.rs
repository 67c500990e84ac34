//! Agenda items made whole: clean titles, their topics, and the attendee each item's
//! presenter names (full name, first name, handle or initials).

use std::sync::LazyLock;

use regex::Regex;

use super::*;
use crate::recap::Recap;

pub(super) static ISSUE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:\(?\[?[\w./-]*#\d+\]?\)?|\(\s*\d+:\d+(?::\d+)?\s*\))\s*$")
        .expect("valid regex")
});

pub(super) static LEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:\d+|[ivx]+|[a-z])(?:\.(?:\d+|[ivx]+|[a-z]))*\.?\s+|\[[^\]]*\]\s*|(?:continuation|revisit|cont|continued)\s*[:.-]?\s*|#\d+\s+)").expect("valid regex")
});

pub(super) static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)+\s+$").expect("valid regex"));

pub(super) static TRAILING_PRESENTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\((?:[\p{Lu}]{1,6}(?:,\s*[\p{Lu}]{1,6})*|cont\.?|continued|continuation)\)\s*$")
        .expect("valid regex")
});

pub(super) static PRESENTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:presenters?|presented by|speakers?|champions?)\s*:?\s*(.+)$")
        .expect("valid regex")
});

pub(super) static PAREN_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?:presented by\s+)?([^()]+)\)$").expect("valid regex"));

pub(super) static TRAILING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*\S)\s*(?:\s[-–—]\s*@?([\w.-]+)|\(@?([\w.-]+)\)|\[@?([\w.-]+)\])\s*$")
        .expect("valid regex")
});

/// A title ending in one word that names exactly one attendee (first name, handle or
/// initials): the title without it, and the attendee's name.
pub(super) fn trailing_attendee(title: &str, attendees: &[Person]) -> Option<(String, String)> {
    let c = TRAILING_WORD.captures(title.trim())?;
    let rest = c.get(1)?.as_str().trim();
    let word = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4))?.as_str();
    if rest.is_empty() || word.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    let i = resolve_person(attendees, word)?;
    Some((rest.to_owned(), attendees.get(i)?.name.clone()))
}

/// Strips markup leftovers and issue references from an agenda item's name.
pub(super) fn clean_item_name(name: &str) -> String {
    let n = name.trim().trim_matches(['*', '_']).trim();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The topic of a non-procedural agenda item: the vocabulary concept its label names,
/// else a topic minted from the normalised label.
pub(super) fn topic_for(name: &str, vocab: &Vocabulary) -> Option<Topic> {
    let mut label = name.trim().to_owned();
    for _ in 0..3 {
        let before = label.clone();
        label = ISSUE_REF.replace(&label, "").into_owned();
        // "4.1 Dynamic modules" is numbered; "4.0 release checklist" names a version.
        let version = LEADING_NUMBER.find(&label).is_some_and(|m| {
            VERSION.is_match(m.as_str())
                && label[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        });
        if !version {
            label = LEADING_NUMBER.replace(&label, "").into_owned();
        }
        label = TRAILING_PRESENTER.replace(&label, "").into_owned();
        label = label
            .trim()
            .trim_matches(|c: char| {
                c == '"'
                    || c == '\''
                    || c == '“'
                    || c == '”'
                    || c == ':'
                    || c == '-'
                    || c == '.'
                    || c.is_whitespace()
            })
            .to_owned();
        if label == before {
            break;
        }
    }
    if let Some(c) = vocab.topic(&label) {
        return Some(Topic {
            id: c.id.clone(),
            label: c.pref_label.clone(),
            in_vocabulary: true,
        });
    }
    let slug = crate::slug::slug(&normalize_label(&label));
    if slug.is_empty() {
        return None;
    }
    let mut chars = label.chars();
    let label = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    Some(Topic {
        id: format!("topic/{slug}"),
        label,
        in_vocabulary: false,
    })
}

/// Finds the presenter of an item: a "Presenter: Name" or "(Name)" line first in its
/// section, or a trailing "(ABBR)" in the heading that names an attendee.
pub(super) fn presenter_for(
    recap: &Recap,
    item: &agenda::FoundItem,
    people: &mut Vec<Person>,
) -> Option<usize> {
    if let Some(annotated) = &item.presenter {
        // "(Jane Doe, 10 min)", "- Ada/Bo", "<@handle>": the first person named.
        let first = annotated
            .split(['/', ',', '&', '+'])
            .flat_map(|p| p.split(" and "))
            .map(str::trim)
            .find(|p| !p.is_empty())?;
        if let Some(i) = resolve_person(people, first) {
            return Some(i);
        }
        let parsed = people::parse_person(first)?;
        if let Some(i) = parsed
            .alternate_names
            .iter()
            .find_map(|a| resolve_person(people, a))
        {
            return Some(i);
        }
        people.push(parsed);
        return Some(people.len() - 1);
    }
    if item.lines.is_some() {
        return None;
    }
    let section = recap.sections.get(item.section)?;
    let mut candidate = None;
    for b in section.blocks.iter().take(2) {
        if let crate::recap::Block::Paragraph { text, .. } = b {
            let line = text.lines().next().unwrap_or("").trim();
            if let Some(c) = PRESENTER_LINE.captures(line) {
                candidate = c.get(1).map(|m| m.as_str().to_owned());
            } else if let Some(c) = PAREN_LINE.captures(line) {
                candidate = c.get(1).map(|m| m.as_str().to_owned());
            }
            if candidate.is_some() {
                break;
            }
        }
    }
    if candidate.is_none() {
        if let Some(m) = TRAILING_PRESENTER.find(&section.heading) {
            let abbr = section.heading[m.start()..].trim().trim_matches(['(', ')']);
            return people
                .iter()
                .position(|p| p.alternate_names.iter().any(|a| a == abbr));
        }
        return None;
    }
    let candidate = candidate?;
    // First presenter of "A (AA), B (BB)" / "A and B".
    let first = candidate
        .split(" and ")
        .next()
        .unwrap_or(&candidate)
        .trim()
        .to_owned();
    let first = if first.matches('(').count() <= 1 {
        first
    } else {
        first
            .split("),")
            .next()
            .map(|s| format!("{s})"))
            .unwrap_or(first)
    };
    let parsed = people::parse_person(&first)?;
    if let Some(i) = resolve_person(people, &parsed.name).or_else(|| {
        parsed
            .alternate_names
            .iter()
            .find_map(|a| resolve_person(people, a))
    }) {
        return Some(i);
    }
    people.push(parsed);
    Some(people.len() - 1)
}

/// The person a name, first name or handle refers to, when exactly one matches.
pub(super) fn resolve_person(people: &[Person], text: &str) -> Option<usize> {
    let t = text.trim().trim_start_matches('@').to_lowercase();
    if t.is_empty() {
        return None;
    }
    let exact: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.name.to_lowercase() == t || p.alternate_names.iter().any(|a| a.to_lowercase() == t)
        })
        .map(|(i, _)| i)
        .collect();
    if exact.len() == 1 {
        return exact.first().copied();
    }
    if !exact.is_empty() {
        return None;
    }
    let first: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.name
                .split_whitespace()
                .next()
                .is_some_and(|f| f.to_lowercase() == t)
        })
        .map(|(i, _)| i)
        .collect();
    (first.len() == 1).then(|| first[0])
}

/// The agenda item among `items` whose discussion holds `line` of section `section`: the
/// deepest (last-starting) one, when several do.
pub(super) fn item_at(
    recap: &Recap,
    items: &[agenda::FoundItem],
    section: usize,
    line: usize,
) -> Option<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, it)| match it.lines {
            Some((start, end)) => section == it.section && line >= start && line < end,
            None => recap.is_within(section, it.section),
        })
        .max_by_key(|(_, it)| {
            (
                recap.sections.get(it.section).map_or(0, |s| s.level),
                it.lines.map_or(0, |l| l.0),
            )
        })
        .map(|(k, _)| k)
}
