//! One attendee entry: the notes around a name (handle, initials, organisation, place,
//! role, pronouns, e-mail) taken apart by evidence, and the name plausibility test.

use std::sync::LazyLock;

use regex::Regex;

use super::*;
use crate::extract::lexicon::{
    COMMON_WORDS, FUNCTION_WORDS, GROUP_WORDS, KNOWN_ORGS, NOT_NAMES, ORG_WORDS, PARTICLES,
    PLACEHOLDER_WORDS, PLACES, ROLE_WORDS,
};
use crate::extract::Person;

pub(super) static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,:])@([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9])")
        .expect("valid regex")
});

pub(super) static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?").expect("valid regex")
});

pub(super) static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*)\)|\[([^\[\]]*)\]").expect("valid regex"));

pub(super) static PRONOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:he|she|they|ze|xe|it|any)(?:\s*/\s*(?:him|her|them|hir|xem|his|hers|theirs|she|he|they|any))+$")
        .expect("valid regex")
});

pub(super) static ABBR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Lu}]{1,6}\d?$").expect("valid regex"));

pub(super) static DASH_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+[-–—]+\s+|\s+[–—]\s*|\s*[–—]\s+|[-–—]\s+").expect("valid regex")
});

pub(super) static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|co|ai|edu|gov|uk|de|fr|ca|app|tech)$")
        .expect("valid regex")
});

pub(super) static CITY_REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.' -]+,\s*(?:\p{Lu}{2,3}|\p{Lu}[\p{L} ]+)$").expect("valid regex")
});

/// "Name (ABBR" with an abbreviation of capitals: attendee paragraphs written inline.
pub(super) static NAME_ABBR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{L}][\p{L}\p{M}'’.\- ]*?[\p{L}\p{M}.])\s*\(([\p{Lu}]{1,6}\d?)((?:,[^()]*)?)\)")
        .expect("valid regex")
});

pub(super) static LEADING_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•·]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)").expect("valid regex")
});

/// What a note beside a name was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Note {
    Handle(String),
    Initials(String),
    Organization(String),
    Place(String),
    Role(String),
    Pronouns,
    Other(String),
}

pub(super) fn is_place(text: &str) -> bool {
    let n = text.trim().to_lowercase();
    let n = n.trim_end_matches('.');
    if PLACES.contains(&n) {
        return true;
    }
    // "Moose Jaw, SK", "Lyon, France": a capitalised name and a region.
    if CITY_REGION.is_match(text.trim()) {
        let region = n.rsplit(',').next().unwrap_or("").trim();
        return region.len() <= 3 || PLACES.contains(&region);
    }
    false
}

pub(super) fn is_org(text: &str) -> bool {
    let n = text.trim().to_lowercase();
    if KNOWN_ORGS.contains(&n.as_str()) || DOMAIN.is_match(n.trim()) {
        return true;
    }
    let words = label_words(&n);
    words.iter().any(|w| ORG_WORDS.contains(&w.as_str()))
        || KNOWN_ORGS
            .iter()
            .any(|o| words.first().is_some_and(|w| w == o))
}

pub(super) fn is_role(text: &str) -> bool {
    let words = label_words(text);
    const MORE_ROLES: &[&str] = &[
        "observer",
        "guest",
        "member",
        "voting",
        "invited",
        "expert",
        "nominee",
        "representative",
        "rep",
        "admin",
        "editor",
        "board",
        "liaison",
        "emeritus",
        "intern",
        "contractor",
        "maintainer",
        "delegate",
        "partial",
        "late",
        "early",
        "left",
        "min",
        "mins",
        "minutes",
        "phone",
        "remote",
        "remotely",
        "online",
        "dial-in",
        "video",
        "audio",
        "only",
        "part",
        "first",
        "half",
        "collaborator",
        "champion",
        "alumni",
        "alum",
        "treasurer",
        "president",
        "vice",
        "director",
        "manager",
        "engineer",
        "developer",
        "author",
        "owner",
        "reviewer",
        "steward",
        "tsc",
        "toc",
        "pmc",
        "wg",
        "cg",
        "tc",
        "sc",
    ];
    words.iter().any(|w| {
        ROLE_WORDS.contains(&w.as_str())
            || MORE_ROLES.contains(&w.as_str())
            || w.ends_with("min")
            || w.ends_with("mins")
    })
}

/// Reads one note beside a name: `(…)`, `[…]`, or what follows a dash or comma.
pub(super) fn classify_note(note: &str, name: &str) -> Note {
    let n = note
        .trim()
        .trim_matches(|c: char| c == ',' || c == ';')
        .trim();
    if let Some(h) = n.strip_prefix('@') {
        if !h.contains(' ') {
            return Note::Handle(h.to_owned());
        }
    }
    if PRONOUNS.is_match(n) {
        return Note::Pronouns;
    }
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if ABBR.is_match(n)
        && name
            .chars()
            .next()
            .is_some_and(|f| n.starts_with(f.to_uppercase().to_string().as_str()))
        && (n.len() <= 3 || initials.starts_with(&n[..1]))
        && !is_role(n)
        && !is_org(n)
    {
        return Note::Initials(n.to_owned());
    }
    if is_place(n) {
        return Note::Place(n.to_owned());
    }
    if is_role(n) {
        return Note::Role(n.to_owned());
    }
    if is_org(n) {
        return Note::Organization(n.to_owned());
    }
    if !n.contains(' ')
        && n.len() >= 2
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && n.chars()
            .any(|c| c.is_ascii_digit() || c == '_' || c == '-')
    {
        // "Gary Guo (nbdd0121)": a lower-case token with digits or underscores is a handle.
        return Note::Handle(n.to_owned());
    }
    if !n.contains(' ')
        && n.len() >= 3
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && !name.to_lowercase().contains(n)
    {
        return Note::Handle(n.to_owned());
    }
    Note::Other(n.to_owned())
}

/// Why a text is not a plausible name, or `None` when it is one.
#[must_use]
pub fn name_problem(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Some("empty");
    }
    if t.chars().count() > 50 {
        return Some("too long for a name");
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 5 {
        return Some("too many words for a name");
    }
    let lower = t.to_lowercase();
    if lower.contains("http") || lower.contains("www.") {
        return Some("a link, not a name");
    }
    if t.contains([
        ':', '!', '?', '/', '\\', '=', '<', '>', '[', ']', '{', '}', '|', '#', '"', '…', '*', '+',
        '$', '%', '~', '`', '^', ';', '(', ')',
    ]) || t.contains("...")
    {
        return Some("punctuation no name has");
    }
    if !t.chars().next().is_some_and(char::is_alphabetic) {
        return Some("does not start with a letter");
    }
    let norm_words: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if NOT_NAMES.contains(&norm_words.join(" ").as_str()) {
        return Some("not a person");
    }
    if norm_words
        .iter()
        .any(|w| PLACEHOLDER_WORDS.contains(&w.as_str()))
    {
        return Some("a prompt or placeholder");
    }
    if words.len() >= 2
        && norm_words
            .iter()
            .any(|w| FUNCTION_WORDS.contains(&w.as_str()) && !PARTICLES.contains(&w.as_str()))
    {
        return Some("reads as a sentence");
    }
    if words.len() >= 2
        && norm_words
            .iter()
            .any(|w| GROUP_WORDS.contains(&w.as_str()) && w != "person")
    {
        return Some("a group label, not a name");
    }
    if t.chars().next().is_some_and(char::is_uppercase)
        && PLACES.contains(&norm_words.join(" ").as_str())
    {
        return Some("a place, not a person");
    }
    if words.len() == 1
        && t.chars().next().is_some_and(char::is_uppercase)
        && (ROLE_WORDS.contains(&norm_words[0].as_str())
            || [
                "delegate",
                "delegates",
                "member",
                "guest",
                "observer",
                "secretary",
                "treasurer",
                "president",
                "director",
            ]
            .contains(&norm_words[0].as_str()))
    {
        return Some("a role, not a name");
    }
    if words.len() == 1 && COMMON_WORDS.contains(&norm_words[0].as_str()) {
        return Some("a common word, not a name");
    }
    if words.len() >= 2 && t.chars().any(|c| c.is_ascii_digit()) {
        return Some("digits in a multi-word name");
    }
    if words.len() >= 2 && t.ends_with('.') && words.last().is_none_or(|w| w.len() > 3) {
        return Some("reads as a sentence");
    }
    let lower_words = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .count();
    if words.len() >= 3 && lower_words == words.len() {
        return Some("reads as a phrase, not a name");
    }
    if words.len() >= 2
        && lower_words >= 2
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        // "Gary discussed things": capitalised first word and lower-case words after.
        return Some("reads as a phrase, not a name");
    }
    if words.iter().any(|w| {
        w.chars()
            .any(|c| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '_' | ',')))
    }) {
        return Some("characters no name has");
    }
    None
}

/// A plausible personal name or handle.
#[must_use]
pub fn looks_like_name(text: &str) -> bool {
    name_problem(text).is_none()
}

/// Reads one attendee entry ("Jane Roe (Halifax)", "jroe", "Jane Roe @jroe (TSC)",
/// "Jane Roe <jane@example.org>", "Jane Roe - Example Corp") as a person.
///
/// # Errors
/// Why the entry is not a person (the text fails the name plausibility test).
pub fn read_entry(entry: &str) -> Result<Person, String> {
    let mut text = entry.trim().to_owned();
    text = LEADING_MARK.replace(&text, "").into_owned();
    text = text
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace())
        .to_owned();
    // "Christof Braun / cbraun": a name and a handle.
    if let Some((left, right)) = text.split_once(" / ") {
        if !right.trim().contains(' ') && !right.contains("//") {
            text = format!("{} ({})", left.trim(), right.trim());
        }
    }
    // Extra notes after a separator nobody puts inside a name.
    for sep in [" // ", " | ", "\t", " · "] {
        if let Some(i) = text.find(sep) {
            text.truncate(i);
        }
    }
    text = EMAIL.replace_all(&text, " ").into_owned();
    let mut person = Person::default();
    for c in HANDLE.captures_iter(&text.clone()) {
        if let Some(h) = c.get(1) {
            let h = h.as_str().trim_end_matches('.');
            if !person.alternate_names.iter().any(|a| a == h) {
                person.alternate_names.push(h.to_owned());
            }
        }
    }
    let only_handle = HANDLE
        .replace_all(&text, " ")
        .trim()
        .trim_matches(['(', ')', ','])
        .trim()
        .is_empty();
    text = HANDLE
        .replace_all(&text, |c: &regex::Captures<'_>| {
            c.get(0).map_or(String::new(), |m| {
                m.as_str().chars().take_while(|ch| *ch != '@').collect()
            })
        })
        .into_owned();
    let mut notes: Vec<String> = Vec::new();
    for c in PAREN.captures_iter(&text.clone()) {
        if let Some(p) = c.get(1).or_else(|| c.get(2)) {
            let p = p.as_str().trim();
            if !p.is_empty() {
                notes.push(p.to_owned());
            }
        }
    }
    text = PAREN.replace_all(&text, " ").into_owned();
    if let Some(i) = text.find(['(', '[']) {
        text.truncate(i);
    }
    let mut name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    name = name
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '*' | '_' | '"'))
        .trim()
        .to_owned();
    name = name.trim_end_matches('.').trim().to_owned();
    if name.is_empty() && only_handle {
        if let Some(h) = person.alternate_names.first() {
            name = h.clone();
        }
    }
    // "Name - Org", "Name: note".
    if let Some(m) = DASH_SPLIT.find(&name) {
        let (left, right) = (
            name[..m.start()].trim().to_owned(),
            name[m.end()..].trim().to_owned(),
        );
        if !right.is_empty() && looks_like_name(&left) {
            notes.push(right);
            name = left;
        }
    } else if let Some((left, right)) = name.split_once(':') {
        if looks_like_name(left.trim()) {
            notes.push(right.trim().to_owned());
            name = left.trim().to_owned();
        }
    } else if let Some((left, right)) = name.split_once(", ") {
        // "Name, Organisation" / "Name, City": the note is whatever follows the name.
        if looks_like_name(left) && !right.is_empty() {
            notes.push(right.trim().to_owned());
            name = left.trim().to_owned();
        }
    }
    if let Some(problem) = name_problem(&name) {
        return Err(if name.is_empty() {
            "no name in it".to_owned()
        } else {
            format!("\"{name}\": {problem}")
        });
    }
    for note in notes {
        match classify_note(&note, &name) {
            Note::Handle(h) | Note::Initials(h) => {
                if !person.alternate_names.contains(&h) {
                    person.alternate_names.push(h);
                }
            }
            Note::Organization(o) => person.organization = person.organization.take().or(Some(o)),
            Note::Place(p) => person.place = person.place.take().or(Some(p)),
            Note::Role(r) => person.role = person.role.take().or(Some(r)),
            Note::Pronouns => {}
            Note::Other(o) => {
                if !o.is_empty() {
                    person.note = person.note.take().or(Some(o));
                }
            }
        }
    }
    person.name = name;
    Ok(person)
}

/// Reads one entry as a person, or `None` (see [`read_entry`]).
#[must_use]
pub fn parse_person(entry: &str) -> Option<Person> {
    read_entry(entry).ok()
}
