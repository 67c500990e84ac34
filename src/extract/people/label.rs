//! Attendance labels: which short lines, headings and list items open an attendance,
//! group, absence or role section, by the words they hold (see `lexicon`).

use serde::Serialize;

use super::*;
use crate::extract::config::ExtractConfig;
use crate::extract::lexicon::{
    ABSENT_WORDS, ATTENDANCE_PHRASES, ATTENDANCE_WORDS, GROUP_WORDS, LABEL_FILLER, ROLE_WORDS,
};

/// What a label opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelKind {
    /// An attendance list ("Attendees", "Present", "Roll call").
    Attendance,
    /// A group of attendees ("Members", "Visitors", "Remote"): names only if it reads as names.
    Group,
    /// People who were not there ("Regrets", "Apologies").
    Absent,
    /// People in a role line ("Chair", "Scribe", "Note taker"): not the attendance list.
    Role,
}

/// The words of a label: lower case, parenthesised notes and punctuation removed.
pub(super) fn label_words(text: &str) -> Vec<String> {
    let no_paren = PAREN.replace_all(text, " ");
    no_paren
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// What a heading or label opens, if it is an attendance, group, absence or role label.
#[must_use]
pub fn label_kind(text: &str, config: &ExtractConfig) -> Option<LabelKind> {
    let text = text.trim().trim_end_matches(':').trim();
    if config.is_attendee_heading(text) {
        return Some(LabelKind::Attendance);
    }
    let words = label_words(text);
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let phrase = words.join(" ").replace('-', " ");
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let all_in = |lists: &[&[&str]]| {
        words
            .iter()
            .all(|w| lists.iter().any(|l| l.contains(&w.as_str())))
    };
    let absent_phrase = [
        "not present",
        "not attending",
        "could not",
        "couldn t",
        "unable to",
    ]
    .iter()
    .any(|p| phrase.contains(p));
    if words.len() <= 6
        && (absent_phrase
            || words
                .iter()
                .any(|w| ABSENT_WORDS.contains(&w.as_str()) && w != "not" && w != "couldn"))
    {
        return Some(LabelKind::Absent);
    }
    let attendance = has(ATTENDANCE_WORDS)
        || ATTENDANCE_PHRASES
            .iter()
            .any(|p| format!(" {phrase} ").contains(&format!(" {p} ")))
        || phrase.contains("sign in")
        || phrase.contains("signin");
    if attendance {
        return Some(LabelKind::Attendance);
    }
    if has(ROLE_WORDS) && all_in(&[ROLE_WORDS, LABEL_FILLER]) {
        return Some(LabelKind::Role);
    }
    if words.len() <= 3 && has(GROUP_WORDS) && all_in(&[GROUP_WORDS, LABEL_FILLER]) {
        return Some(LabelKind::Group);
    }
    None
}

/// True when a heading opens an attendance, absence or role list: part of the page's
/// frame, never an agenda item.
#[must_use]
pub fn is_attendee_heading(heading: &str) -> bool {
    /// Words an attendance label may hold besides its key words.
    const LABEL_EXTRA: &[&str] = &[
        "roll", "call", "sign", "in", "signed", "yourself", "who", "whos", "is", "was", "here",
        "there", "room", "met", "with", "list", "not", "couldn", "could", "t", "to", "attend",
        "make", "it", "up", "please", "your", "name", "names", "add", "s",
    ];
    let pure = label_words(heading).iter().all(|w| {
        [
            ATTENDANCE_WORDS,
            GROUP_WORDS,
            ABSENT_WORDS,
            ROLE_WORDS,
            LABEL_FILLER,
            LABEL_EXTRA,
        ]
        .iter()
        .any(|l| l.contains(&w.as_str()))
    });
    // "Opening, welcome and roll call" is an agenda item that mentions the roll call.
    pure && label_kind(heading, &ExtractConfig::default()).is_some()
}

/// A `Label: rest` line whose label is an attendance, group, absence or role label.
pub(super) fn label_line<'t>(
    text: &'t str,
    config: &ExtractConfig,
) -> Option<(LabelKind, &'t str, &'t str)> {
    let line = text.trim();
    if let Some((label, rest)) = line.split_once(':') {
        // Not the colon of a URL or a time.
        if !rest.starts_with("//") && !label.contains("http") {
            if let Some(kind) = label_kind(label, config) {
                return Some((kind, label.trim(), rest.trim()));
            }
        }
    }
    if line.split_whitespace().count() <= 6 && !line.contains(',') {
        if let Some(kind) = label_kind(line, config) {
            return Some((kind, line, ""));
        }
    }
    None
}

/// A line ending in a colon inside an attendance list that names a group of people
/// ("Example Corp:", "Remote:"): short, capitalised, not a sentence.
pub(super) fn looks_like_label_of_people(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= 4
        && t.chars().next().is_some_and(char::is_alphabetic)
        && name_problem(t).is_none_or(|p| p == "a common word, not a name")
}
