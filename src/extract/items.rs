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

/// When an item was or will be taken, written before its title: "Done:", "Tomorrow:",
/// "(next week)", "Mar 31:", "2021-04-21 /", "October 27:".
pub(super) static LEADING_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^(?:
        \(?(?:done|tomorrow|today|tonight|next\ week|this\ week|last\ week|upcoming|scheduled|postponed|deferred|cancell?ed|tbd)\)?
      | \d{4}-\d{2}-\d{2}
      | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?
      | \d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?
    )\s*(?:[:/—–-]\s*|\s)").expect("valid regex")
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
/// else the tracked thing its title names (`subject`), else a topic minted from the
/// normalised label.
pub(super) fn topic_for(name: &str, vocab: &Vocabulary, subject: Option<&str>) -> Option<Topic> {
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
        label = LEADING_SCHEDULE.replace(&label, "").into_owned();
        label = unquote(
            label
                .trim()
                .trim_matches(|c: char| c == ':' || c == '-' || c == '.' || c.is_whitespace()),
        );
        if label == before {
            break;
        }
    }
    if let Some(c) = vocab.topic(&label) {
        return Some(Topic {
            id: c.id.clone(),
            label: c.pref_label.clone(),
            in_vocabulary: true,
            subject: None,
        });
    }
    if topicless(&label) {
        // "Relevant issue: acme/widget#12", "#12": the reference is the subject and its
        // label; without one the title only groups or points at items.
        subject?;
        label = name.trim().to_owned();
    }
    let slug = match subject {
        Some(s) => crate::slug::subject_slug(s),
        None => crate::slug::slug(&normalize_label(&label)),
    };
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
        subject: subject.map(str::to_owned),
    })
}

/// `label` without the quotes around it, or a quote left open at one end; quotes inside
/// stay (`Rename "master" to "main"`).
fn unquote(label: &str) -> String {
    let quote = |c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’');
    let count = label
        .chars()
        .filter(|c| matches!(c, '"' | '“' | '”'))
        .count();
    let first = label.chars().next().map_or(0, char::len_utf8);
    let last = label.chars().last().map_or(0, char::len_utf8);
    let (starts, ends) = (label.starts_with(quote), label.ends_with(quote));
    let s = if starts && ends && label.len() > first {
        &label[first..label.len() - last]
    } else if starts && count % 2 == 1 {
        &label[first..]
    } else if ends && count % 2 == 1 {
        &label[..label.len() - last]
    } else {
        label
    };
    s.trim().to_owned()
}

/// True when `label` names no subject: empty, only words like "relevant issue",
/// "updates", "beta nominations" (`TOPICLESS_WORDS`, joined by function words), or a
/// short title naming a body that reports ("Security WG", "Steering committee update").
pub(super) fn topicless(label: &str) -> bool {
    use super::lexicon::{BODY_WORDS, JOINING_WORDS, TOPICLESS_WORDS};
    // "👍 @kim, @lee": handles name people, not a subject.
    let no_handles: Vec<&str> = label
        .split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .collect();
    let norm = normalize_label(&no_handles.join(" "));
    let words: Vec<&str> = norm
        .split(' ')
        .filter(|w| !w.is_empty() && !JOINING_WORDS.contains(w))
        .collect();
    let subject: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !TOPICLESS_WORDS.contains(w))
        .collect();
    let names_body = subject.last().is_some_and(|w| BODY_WORDS.contains(w))
        || subject.ends_with(&["working", "group"]);
    subject.is_empty() || (subject.len() <= 3 && names_body)
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

#[cfg(test)]
mod topic_tests {
    use super::*;

    #[test]
    fn containers_and_pointers_are_topicless() {
        for t in [
            "Relevant issue",
            "Open PRs",
            "Updates",
            "Beta nominations",
            "Other business",
            "Tracked issues",
            "Security WG",
            "Steering committee update",
            "Acme Foundation",
            "Docs working group",
            "👍 @kim, @lee",
            "",
        ] {
            assert!(topicless(t), "{t:?}");
        }
        for t in [
            "Budget",
            "Observability with tracing",
            "Flaky test in the lens parser",
            "Committee charter",
            "Team offsite planning",
        ] {
            assert!(!topicless(t), "{t:?}");
        }
    }

    #[test]
    fn a_subject_names_the_topic_and_a_pointer_title_keeps_its_reference() {
        let v = Vocabulary::default();
        let url = "https://github.com/acme/widget/issues/12";
        let t = topic_for("Relevant issue: acme/widget#12", &v, Some(url)).expect("topic");
        assert_eq!(t.id, "topic/github-com-acme-widget-issues-12");
        assert_eq!(t.subject.as_deref(), Some(url));
        assert_eq!(t.label, "Relevant issue: acme/widget#12");
        let t = topic_for("Faster widget builds #12", &v, Some(url)).expect("topic");
        assert_eq!(t.label, "Faster widget builds");
        assert_eq!(t.id, "topic/github-com-acme-widget-issues-12");
        assert!(topic_for("Relevant issue", &v, None).is_none());
        for (title, label) in [
            ("Done: \"Generators planning\"", "Generators planning"),
            ("Mar 31: \"Dismantling the bomb", "Dismantling the bomb"),
            ("2021-04-21: \"New ABI", "New ABI"),
            ("(next week) \"Guiding principles\"", "Guiding principles"),
            ("October 27: Forbidding unwinding", "Forbidding unwinding"),
            (
                "Rename \"master\" to \"main\"",
                "Rename \"master\" to \"main\"",
            ),
            ("'Quoted title'", "Quoted title"),
            (
                "\"Stabilize \"RangeFrom\" patterns\"",
                "Stabilize \"RangeFrom\" patterns",
            ),
        ] {
            assert_eq!(topic_for(title, &v, Some(url)).expect(title).label, label);
        }
    }
}
