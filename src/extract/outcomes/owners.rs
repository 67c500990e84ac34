//! Who owes an action, when it is done, and when it is due: the names in the action's
//! subject ("Ann and @bo to review", "KK will draft"), in a trailing note ("… (KK)",
//! "… — @lee"), after a trailing tag ("… [ACTION] sam") or an `owner:` note, each resolved
//! to the meeting's people the way presenters are (full name, first name, handle).

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::items::resolve_person;
use crate::extract::lexicon::{
    COMMON_WORDS, DONE_WORDS, FUNCTION_WORDS, IMPERATIVE_VERBS, NOT_OWNERS, OWNER_VERBS,
};
use crate::extract::people::looks_like_name;
use crate::extract::{Owner, Person};

/// A note at the end of the text: "(KK)", "(Ann, Bo)", "- @lee", "— Kim Lee".
static TRAILING_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\(([^()]{1,60})\)|\s[-–—]{1,2}\s+([^-–—()]{1,40}))\s*[.!]?\s*$")
        .expect("valid regex")
});

/// "owner: Kim", "assigned to @lee", "assignee - Bo".
static OWNER_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:owners?|assignees?|assigned to|responsible)\s*[:\-–—]?\s+([^;()\]]{1,60})",
    )
    .expect("valid regex")
});

/// Names before a colon or a dash at the start: "Ann Lee: send", "@kim - review".
static NAME_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([^:\-–—]{1,40}?)\s*(?::|\s[-–—]{1,2})\s+\S").expect("valid regex")
});

/// Handles at the start: "@kim", "@kim and @lee", "@kim, @lee".
static LEADING_HANDLES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*@[\w.-]+(?:\s*(?:,|&|and)\s*@[\w.-]+)*").expect("valid regex")
});

/// "by 2024-05-01", "due: May 1, 2024", "deadline 1 May 2024".
static DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by|due|before|until|deadline)\b:?\s+").expect("valid regex")
});

/// One candidate owner as written, or `None` when it names no one in particular.
fn owner_name(part: &str, people: &[Person], lenient: bool) -> Option<Owner> {
    let name = part
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '*' | '_' | '"' | '.' | ':'))
        .trim();
    let bare = name.trim_start_matches('@');
    let lower = bare.to_lowercase();
    let first_word = lower.split_whitespace().next().unwrap_or("");
    if bare.is_empty()
        || NOT_OWNERS.contains(&lower.as_str())
        || (bare.contains(' ') && IMPERATIVE_VERBS.contains(&first_word))
    {
        return None;
    }
    let person = resolve_person(people, bare);
    let handle = name.starts_with('@')
        && bare
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    // Initials: "KK", "eP", "JB" (letters only, one capital at least).
    let initials = (2..=4).contains(&bare.chars().count())
        && bare.chars().all(char::is_alphabetic)
        && bare.chars().any(char::is_uppercase)
        && !bare.chars().skip(1).all(char::is_lowercase);
    let named = bare.split_whitespace().count() <= 3
        && bare.chars().next().is_some_and(char::is_uppercase)
        && looks_like_name(bare);
    // After a tag ("[ACTION] sam") any short word is a name; so is a lower-case word
    // alone before "to"/"will" ("scott to post a comment") that is no common word.
    let tagged = lenient
        && bare.split_whitespace().count() <= 3
        && bare
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '_' | '.'));
    (person.is_some() || handle || initials || named || tagged).then(|| Owner {
        name: bare.to_owned(),
        person,
    })
}

/// A subject of one lower-case word that can be a handle-like first name ("scott").
fn lone_word_name(subject: &str) -> bool {
    let w = subject.trim().to_lowercase();
    !w.is_empty()
        && !w.contains(char::is_whitespace)
        && w.chars().count() >= 2
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && w.chars().next().is_some_and(char::is_alphabetic)
        && !COMMON_WORDS.contains(&w.as_str())
        && !FUNCTION_WORDS.contains(&w.as_str())
        && !IMPERATIVE_VERBS.contains(&w.as_str())
        && !NOT_OWNERS.contains(&w.as_str())
}

/// The owners a list of names gives ("Ann, Bo & @kim"), or none when any part is no name.
fn names(list: &str, people: &[Person], lenient: bool) -> Vec<Owner> {
    let parts: Vec<&str> = list
        .split([',', '&', '/', '+', ';'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let owners: Vec<Owner> = parts
        .iter()
        .filter_map(|p| owner_name(p, people, lenient))
        .collect();
    if owners.len() == parts.len() {
        owners
    } else {
        Vec::new()
    }
}

/// The subject of an action sentence: the words before its verb ("Ann and Bo" of "Ann
/// and Bo to review the draft"), when a verb follows at all.
fn subject<'t>(text: &'t str, verbs: &[&str]) -> Option<&'t str> {
    let mut offset = 0;
    for (k, word) in text.split_inclusive(char::is_whitespace).enumerate() {
        let w = word
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if k > 0 && verbs.contains(&w.as_str()) {
            return Some(text[..offset].trim());
        }
        if k >= 8 {
            return None;
        }
        offset += word.len();
    }
    None
}

/// The owners of an action: from `hint` (the text after a trailing tag) when given,
/// else from an `owner:` note, its subject and a trailing note, in that order.
pub(super) fn owners(text: &str, hint: Option<&str>, people: &[Person]) -> Vec<Owner> {
    let mut out: Vec<Owner> = Vec::new();
    if let Some(h) = hint.filter(|h| !h.is_empty()) {
        out = names(h, people, true);
    }
    if out.is_empty() {
        if let Some(m) = OWNER_NOTE.captures(text).and_then(|c| c.get(1)) {
            out = names(m.as_str(), people, false);
        }
    }
    if out.is_empty() {
        out = subject_owners(text, people);
    }
    if out.is_empty() {
        // "#64694 — Integrate derive helpers — @felix to make a recommendation": the
        // assignment after a dash.
        out = [" — ", " – ", " - "]
            .iter()
            .flat_map(|d| text.split(d).skip(1))
            .map(|segment| assigned_owners(segment, people))
            .find(|o| !o.is_empty())
            .unwrap_or_default();
    }
    if let Some(c) = TRAILING_NOTE.captures(text) {
        let note = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        for o in names(note, people, false) {
            out.push(o);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|o| seen.insert(o.name.to_lowercase()));
    out
}

/// The owners named as the subject of `text` ("@kim to draft …"), none otherwise: what a
/// tick box outside an action section needs to be read as an action.
pub(super) fn subject_owners(text: &str, people: &[Person]) -> Vec<Owner> {
    subject_owners_with(text, people, OWNER_VERBS)
}

/// The verbs after a subject that make a tick box an assignment ("Ann to", "@kim will"),
/// not a status line ("spreadsheet has been made", "Coherence can be bypassed").
const ASSIGNING_VERBS: &[&str] = &["to", "will", "shall", "should", "must", "needs", "need"];

/// [`subject_owners`] for a tick box outside an action section: only an assignment names
/// owners.
pub(super) fn assigned_owners(text: &str, people: &[Person]) -> Vec<Owner> {
    subject_owners_with(text, people, ASSIGNING_VERBS)
}

fn subject_owners_with(text: &str, people: &[Person], verbs: &[&str]) -> Vec<Owner> {
    // "Ann: send the notes", "@kim - review": names, then a colon or a dash.
    if let Some(c) = NAME_PREFIX.captures(text) {
        let found = names(c.get(1).map_or("", |m| m.as_str()), people, false);
        if !found.is_empty() {
            return found;
        }
    }
    // "@kim @lee update the doc": handles first, whatever the verb.
    if let Some(m) = LEADING_HANDLES.find(text) {
        let found = names(m.as_str(), people, true);
        if !found.is_empty() {
            return found;
        }
    }
    subject(text, verbs).map_or_else(Vec::new, |s| names(s, people, lone_word_name(s)))
}

/// True when the recap marks the action done: a ticked box, or a done word standing at
/// the start or end of the text or in brackets ("DONE:", "(completed)", "… ✅").
pub(super) fn is_done(text: &str, ticked: bool) -> bool {
    if ticked {
        return true;
    }
    let t = text.trim().to_lowercase();
    DONE_WORDS.iter().any(|w| {
        t.starts_with(&format!("{w}:"))
            || t.starts_with(&format!("[{w}]"))
            || t.starts_with(&format!("({w})"))
            || t.ends_with(&format!("({w})"))
            || t.ends_with(&format!("[{w}]"))
            || t.ends_with(&format!("- {w}"))
            || t.ends_with(&format!("— {w}"))
            || t.contains(&format!(": {w} "))
            || t.ends_with(&format!(": {w}"))
            || (w.chars().all(|c| !c.is_ascii()) && t.contains(w))
    })
}

/// The due date written after "by", "due", "before", "until" or "deadline", ISO, when it
/// is a full date. "By Friday" gives none: nothing is guessed.
pub(super) fn due_date(text: &str) -> Option<String> {
    DUE.find_iter(text).find_map(|m| {
        let after = &text[m.end()..];
        crate::recap::find_dates(after)
            .into_iter()
            .next()
            .filter(|d| d.start <= 2)
            .map(|d| d.iso)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, handle: &str) -> Person {
        Person {
            name: name.into(),
            alternate_names: vec![handle.into()],
            attended: true,
            ..Person::default()
        }
    }

    fn names_of(o: &[Owner]) -> Vec<(&str, Option<usize>)> {
        o.iter().map(|o| (o.name.as_str(), o.person)).collect()
    }

    #[test]
    fn owners_from_subjects_notes_and_tags() {
        let people = [person("Ann Lee", "annl"), person("Bo Ek", "boek")];
        let o = owners("Ann and @boek to review the draft", None, &people);
        assert_eq!(names_of(&o), [("Ann", Some(0)), ("boek", Some(1))]);
        let o = owners("Update the columns (KK)", None, &people);
        assert_eq!(names_of(&o), [("KK", None)]);
        let o = owners("Review the doc (all editors)", None, &people);
        assert!(o.is_empty());
        let o = owners("We should release today!", Some("sam"), &people);
        assert_eq!(names_of(&o), [("sam", None)]);
        let o = owners("Check with Alexios about the profile", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("Someone to add Nitish to the team", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("Invite Ryan to present the design", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("scott to post a comment on the RFC", None, &people);
        assert_eq!(names_of(&o), [("scott", None)]);
        let o = owners("this to be done by the chairs", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("Draft the release post, owner: Bo", None, &people);
        assert_eq!(names_of(&o), [("Bo", Some(1))]);
        let o = owners("Ann: send the notes to the list", None, &people);
        assert_eq!(names_of(&o), [("Ann", Some(0))]);
        let o = owners("@boek @annl update the doc", None, &people);
        assert_eq!(names_of(&o), [("boek", Some(1))]);
        let o = owners("@boek and @annl update the doc", None, &people);
        assert_eq!(names_of(&o), [("boek", Some(1)), ("annl", Some(0))]);
        let o = owners(
            "#12 — Fix the parser — @boek to make a recommendation",
            None,
            &people,
        );
        assert_eq!(names_of(&o), [("boek", Some(1))]);
        let o = owners("Budget - the totals were checked", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("Next week: focus on the feedback", None, &people);
        assert!(o.is_empty(), "{o:?}");
        let o = owners("@annl will open an issue for #18075", None, &people);
        assert_eq!(names_of(&o), [("annl", Some(0))]);
    }

    #[test]
    fn done_and_due() {
        assert!(is_done("Send the invite (done)", false));
        assert!(is_done("DONE: send the invite", false));
        assert!(is_done("Captions on the recording: done (Maria)", false));
        assert!(is_done("anything", true));
        assert!(!is_done("Make sure the review is done soon", false));
        assert_eq!(
            due_date("Ann to send the budget by 2024-05-01").as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(due_date("Ann to send the budget by Friday"), None);
    }
}
