//! Attendee lists: finding every attendance section of a recap, wherever it sits, and
//! reading the people in it.
//!
//! Nothing here matches one team's wording. A section is an attendance section when its
//! label (a heading, a line of its own, a `Label:` line or a list item) is short and its
//! words include an attendance word ("attendees", "present", "participants", "roll call",
//! "sign in", …) or, for group words ("members", "visitors", "remote", …), when what
//! follows reads as names. Absence labels ("regrets", "apologies") and role labels
//! ("chair", "scribe", "note taker") close a section and give no attendees. Each entry
//! goes through [`read_entry`]: the notes around a name (handle, initials, organisation,
//! place, role, pronouns, e-mail) are taken apart by evidence, and a name plausibility
//! test rejects prose, prompts and placeholders. Every decision is kept in an
//! [`AttendanceTrace`] for `recapgraph explain`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::config::{normalize_heading, ExtractConfig};
use super::lexicon::{
    ABSENT_WORDS, ATTENDANCE_PHRASES, ATTENDANCE_WORDS, COMMON_WORDS, FUNCTION_WORDS, GROUP_WORDS,
    KNOWN_ORGS, LABEL_FILLER, NOT_NAMES, ORG_WORDS, PARTICLES, PLACEHOLDER_WORDS, PLACES,
    ROLE_WORDS,
};
use super::Person;
use crate::recap::{Block, Recap};

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

static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,:])@([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9])")
        .expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?").expect("valid regex")
});
static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*)\)|\[([^\[\]]*)\]").expect("valid regex"));
static PRONOUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:he|she|they|ze|xe|it|any)(?:\s*/\s*(?:him|her|them|hir|xem|his|hers|theirs|she|he|they|any))+$")
        .expect("valid regex")
});
static ABBR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Lu}]{1,6}\d?$").expect("valid regex"));
static DASH_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+[-–—]+\s+|\s+[–—]\s*|\s*[–—]\s+|[-–—]\s+").expect("valid regex")
});
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|co|ai|edu|gov|uk|de|fr|ca|app|tech)$")
        .expect("valid regex")
});
static CITY_REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.' -]+,\s*(?:\p{Lu}{2,3}|\p{Lu}[\p{L} ]+)$").expect("valid regex")
});
/// "Name (ABBR" with an abbreviation of capitals: attendee paragraphs written inline.
static NAME_ABBR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{L}][\p{L}\p{M}'’.\- ]*?[\p{L}\p{M}.])\s*\(([\p{Lu}]{1,6}\d?)((?:,[^()]*)?)\)")
        .expect("valid regex")
});
static LEADING_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•·]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)").expect("valid regex")
});

/// The words of a label: lower case, parenthesised notes and punctuation removed.
fn label_words(text: &str) -> Vec<String> {
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

/// What a note beside a name was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Note {
    Handle(String),
    Initials(String),
    Organization(String),
    Place(String),
    Role(String),
    Pronouns,
    Other(String),
}

fn is_place(text: &str) -> bool {
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

fn is_org(text: &str) -> bool {
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

fn is_role(text: &str) -> bool {
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
fn classify_note(note: &str, name: &str) -> Note {
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

/// One entry considered for an attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryTrace {
    /// 1-based line.
    pub line: usize,
    /// The entry as written (markup removed).
    pub text: String,
    /// The name read from it, when it is a person.
    pub person: Option<String>,
    /// How the notes around the name were read ("organisation: Example Corp").
    pub read_as: Vec<String>,
    /// Why it is not an attendee, when it is not.
    pub rejected: Option<String>,
}

/// One attendance (or absence, or role) list found in the recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListTrace {
    /// The label that opened it, as written.
    pub label: String,
    /// What the label says the list is.
    pub kind: LabelKind,
    /// 1-based line of the label.
    pub line: usize,
    /// 1-based line of the last entry (the label's line when it has none).
    pub last_line: usize,
    /// True when its people are attendees.
    pub accepted: bool,
    /// Why the list as a whole was not taken, when it was not.
    pub reason: Option<String>,
    /// The entries, in order.
    pub entries: Vec<EntryTrace>,
}

/// The attendees of a recap and how they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The people, deduplicated, in list order.
    #[serde(skip)]
    pub people: Vec<Person>,
    /// Every list considered.
    pub lists: Vec<ListTrace>,
}

/// Splits "a, b (x, y); c" on commas and semicolons outside brackets, and a last
/// "b and c" into two when both sides are names.
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '<' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '>' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            ',' | ';' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    let mut parts: Vec<String> = Vec::new();
    for p in out {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let p = p
            .strip_prefix("and ")
            .or_else(|| p.strip_prefix("& "))
            .unwrap_or(p);
        let split = [" and ", " & "].iter().find_map(|sep| {
            let (a, b) = p.split_once(sep)?;
            (looks_like_name(a.trim()) && parse_person(b).is_some())
                .then(|| vec![a.trim().to_owned(), b.trim().to_owned()])
        });
        match split {
            Some(two) => parts.extend(two),
            None => parts.push(p.to_owned()),
        }
    }
    parts
}

/// True when a line is a comma list rather than one entry ("Name, Org" is one entry).
fn is_comma_list(text: &str) -> bool {
    let parts = split_list(text);
    if parts.len() >= 3 {
        return true;
    }
    parts.len() == 2
        && parts.iter().all(|p| {
            parse_person(p).is_some_and(|q| !is_org(p) && !is_place(p) && q.name.len() > 1)
        })
        && !is_place(parts.get(1).map_or("", String::as_str))
        && !is_org(parts.get(1).map_or("", String::as_str))
        && parts
            .get(1)
            .is_some_and(|p| p.split_whitespace().count() <= 3 && !p.contains('('))
        && parts
            .first()
            .is_some_and(|p| p.split_whitespace().count() == 1)
}

/// A `Label: rest` line whose label is an attendance, group, absence or role label.
fn label_line<'t>(text: &'t str, config: &ExtractConfig) -> Option<(LabelKind, &'t str, &'t str)> {
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

/// Where an open list ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Under a heading of this level: until the next heading at this level or above.
    Heading(u8),
    /// Under a list item at this depth: its nested items.
    Item(usize),
    /// After a label line: the rest of its paragraph, then one list or paragraph.
    Label,
}

struct Open {
    kind: LabelKind,
    scope: Scope,
    list: usize,
    /// Blocks taken after a label line (it closes after its first list or paragraph).
    blocks_taken: usize,
    /// Depth of the first entry (deeper ones under an accepted person are notes).
    base_depth: Option<usize>,
}

struct Scanner<'c> {
    config: &'c ExtractConfig,
    lists: Vec<ListTrace>,
    heading: Option<Open>,
    /// Open labels inside the heading's list, innermost last.
    inner: Vec<Open>,
}

impl Scanner<'_> {
    fn open_list(&mut self, label: &str, kind: LabelKind, line: usize) -> usize {
        self.lists.push(ListTrace {
            label: label.trim().trim_end_matches(':').trim().to_owned(),
            kind,
            line,
            last_line: line,
            accepted: false,
            reason: None,
            entries: Vec::new(),
        });
        self.lists.len() - 1
    }

    fn current(&mut self) -> Option<&mut Open> {
        if !self.inner.is_empty() {
            self.inner.last_mut()
        } else {
            self.heading.as_mut()
        }
    }

    fn add(&mut self, list: usize, line: usize, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if let Some(l) = self.lists.get_mut(list) {
            l.last_line = l.last_line.max(line);
            l.entries.push(EntryTrace {
                line,
                text: text.to_owned(),
                person: None,
                read_as: Vec::new(),
                rejected: None,
            });
        }
    }

    /// Adds the entries of one line: a comma list, or one entry.
    fn add_line(&mut self, list: usize, line: usize, text: &str, in_list_item: bool) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        // "@ann @bo @cy": handles separated by spaces.
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.len() >= 2
            && words
                .iter()
                .all(|w| w.starts_with('@') && w.len() > 1 && !w[1..].contains('@'))
        {
            for w in words {
                self.add(list, line, w.trim_end_matches([',', ';']));
            }
            return;
        }
        let comma_list = if in_list_item {
            split_list(t).len() >= 3 || is_comma_list(t)
        } else {
            t.contains([',', ';'])
                && (split_list(t).len() >= 2 && is_comma_list(t) || split_list(t).len() >= 3)
        };
        if comma_list {
            for part in split_list(t) {
                self.add(list, line, &part);
            }
        } else {
            self.add(list, line, t);
        }
    }

    /// A heading: closes what it ends, opens a list when it is a label.
    fn heading(&mut self, text: &str, level: u8, line: usize) {
        self.inner.clear();
        if let Some(h) = &self.heading {
            if let Scope::Heading(l) = h.scope {
                if level <= l {
                    self.heading = None;
                }
            }
        }
        if let Some(kind) = label_kind(text, self.config) {
            let list = self.open_list(text, kind, line);
            let open = Open {
                kind,
                scope: Scope::Heading(level),
                list,
                blocks_taken: 0,
                base_depth: None,
            };
            if self.heading.is_some() {
                self.inner.push(open);
            } else {
                self.heading = Some(open);
            }
            return;
        }
        if let Some(h) = &self.heading {
            if h.kind == LabelKind::Attendance || h.kind == LabelKind::Group {
                // "### TSC" under "## Attendees": a group, if it holds names.
                let list = self.open_list(text, LabelKind::Group, line);
                self.inner.push(Open {
                    kind: LabelKind::Group,
                    scope: Scope::Heading(level),
                    list,
                    blocks_taken: 0,
                    base_depth: None,
                });
            }
        }
    }

    fn list_item(&mut self, text: &str, depth: usize, line: usize) {
        let first = text.lines().next().unwrap_or("").trim();
        // Leave item scopes when back at or above their depth.
        while self
            .inner
            .last()
            .is_some_and(|o| matches!(o.scope, Scope::Item(d) if depth <= d))
        {
            self.inner.pop();
        }
        // A label that took its names on its own line ("Regrets: Dan") takes no list;
        // one on a line of its own ("Attendees:") takes the list after it (2: taking).
        if self
            .inner
            .last()
            .is_some_and(|o| o.scope == Scope::Label && o.blocks_taken == 1)
        {
            self.inner.pop();
        }
        if let Some(o) = self.inner.last_mut() {
            if o.scope == Scope::Label && o.blocks_taken == 0 {
                o.blocks_taken = 2;
            }
        }
        let unticked_label = first
            .strip_prefix("[ ] ")
            .or_else(|| first.strip_prefix("[x] "));
        if let Some((kind, label, rest)) = label_line(unticked_label.unwrap_or(first), self.config)
        {
            // Inside a list, an item without a colon is an entry ("_attendee names..._",
            // "Guest"), unless it says who was absent or in a role.
            let looks_like_entry = matches!(kind, LabelKind::Group | LabelKind::Attendance)
                && rest.is_empty()
                && self.current().is_some();
            if !looks_like_entry || label.ends_with(':') || first.ends_with(':') {
                let list = self.open_list(label, kind, line);
                if !rest.is_empty() {
                    self.add_line(list, line, rest, false);
                }
                self.inner.push(Open {
                    kind,
                    scope: Scope::Item(depth),
                    list,
                    blocks_taken: 0,
                    base_depth: None,
                });
                return;
            }
        }
        let Some(open) = self.current() else {
            return;
        };
        let list = open.list;
        let open_kind = open.kind;
        let base = *open.base_depth.get_or_insert(depth);
        if depth > base {
            // A nested item under a person is a note about them ("joined late").
            return;
        }
        if let Some(label) = first
            .strip_suffix(':')
            .filter(|l| !l.contains(',') && looks_like_label_of_people(l))
        {
            // "Example Corp:" with people nested below: a group.
            let kind = LabelKind::Group;
            let list = self.open_list(label, kind, line);
            self.inner.push(Open {
                kind,
                scope: Scope::Item(depth),
                list,
                blocks_taken: 0,
                base_depth: None,
            });
            return;
        }
        let in_attendance = matches!(open_kind, LabelKind::Attendance | LabelKind::Group);
        if let Some((label, rest)) = sub_group(first).filter(|_| in_attendance) {
            // "Others: a, b, c" inside an attendance list: a group of its own.
            let list = self.open_list(label, LabelKind::Group, line);
            self.add_line(list, line, rest, false);
            self.inner.push(Open {
                kind: LabelKind::Group,
                scope: Scope::Item(depth),
                list,
                blocks_taken: 0,
                base_depth: None,
            });
            return;
        }
        if is_speaker_line(first) {
            return;
        }
        self.add_line(list, line, first, true);
    }

    fn paragraph(&mut self, text: &str, line: usize) {
        // A paragraph ends item scopes, and a label's scope after its first block.
        while self.inner.last().is_some_and(|o| {
            (o.scope == Scope::Label && o.blocks_taken > 0) || matches!(o.scope, Scope::Item(_))
        }) {
            self.inner.pop();
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut k = 0;
        // Once a line reads as a sentence, the paragraph's next lines continue it.
        let mut in_sentence = false;
        // The paragraph's last line was a label of its own ("**Present**"): what follows
        // the paragraph is its list.
        let mut fresh_label = false;
        while k < lines.len() {
            let l = lines[k].trim();
            let ln = line + k;
            k += 1;
            if l.is_empty() {
                continue;
            }
            if let Some((kind, label, rest)) = label_line(l, self.config) {
                let list = self.open_list(label, kind, ln);
                let mut rest = rest.to_owned();
                // A list wrapped over several lines: "Attendees: a, b,\n c, d".
                while k < lines.len()
                    && (rest.ends_with(',')
                        || rest.ends_with(';')
                        || (rest.contains(',') && label_line(lines[k], self.config).is_none()))
                {
                    rest.push(' ');
                    rest.push_str(lines[k].trim());
                    k += 1;
                }
                let had_rest = !rest.trim().is_empty();
                if had_rest {
                    self.add_line(list, ln, &rest, false);
                }
                self.inner.push(Open {
                    kind,
                    scope: Scope::Label,
                    list,
                    blocks_taken: usize::from(had_rest),
                    base_depth: None,
                });
                fresh_label = !had_rest;
                continue;
            }
            fresh_label = false;
            // "Agenda:" or "Language: Japanese" after "Attendees: a, b": another field.
            let field = l.split_once(':').is_some_and(|(key, _)| {
                key.split_whitespace().count() <= 3
                    && self
                        .inner
                        .last()
                        .is_some_and(|o| o.scope == Scope::Label && o.blocks_taken == 1)
            });
            if field || (l.ends_with(':') && l.split_whitespace().count() <= 4) {
                while self.inner.last().is_some_and(|o| o.scope == Scope::Label) {
                    self.inner.pop();
                }
                in_sentence = false;
                continue;
            }
            let Some(open) = self.current() else {
                continue;
            };
            if open.scope == Scope::Label {
                open.blocks_taken = 1;
            }
            let list = open.list;
            let in_attendance = matches!(open.kind, LabelKind::Attendance | LabelKind::Group);
            let mut joined = l.to_owned();
            while k < lines.len()
                && (joined.ends_with(',')
                    || joined.ends_with(';')
                    || (joined.matches(',').count() >= 2
                        && label_line(lines[k], self.config).is_none()))
            {
                joined.push(' ');
                joined.push_str(lines[k].trim());
                k += 1;
            }
            if in_sentence && label_line(&joined, self.config).is_none() {
                continue;
            }
            if is_speaker_line(&joined) {
                in_sentence = true;
                continue;
            }
            if let Some((label, rest)) = sub_group(&joined).filter(|_| in_attendance) {
                let sub = self.open_list(label, LabelKind::Group, ln);
                self.add_line(sub, ln, rest, false);
                continue;
            }
            if is_prose_line(&joined)
                || (k < lines.len()
                    && !joined.ends_with(['.', ',', ';'])
                    && joined.split_whitespace().count() >= 4
                    && parse_person(&joined).is_none())
            {
                in_sentence = true;
                continue;
            }
            self.add_line(list, ln, &joined, false);
        }
        if let Some(o) = self.inner.last_mut() {
            if o.scope == Scope::Label && !fresh_label {
                o.blocks_taken = o.blocks_taken.max(1);
            }
        }
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>], line: usize) {
        let Some(open) = self.current() else {
            // A table whose header says it lists attendees.
            if header
                .iter()
                .any(|h| label_kind(h, self.config) == Some(LabelKind::Attendance))
            {
                let list = self.open_list(&header.join(" | "), LabelKind::Attendance, line);
                self.table_rows(list, header, rows, line);
            }
            return;
        };
        let list = open.list;
        self.table_rows(list, header, rows, line);
        self.inner.clear();
    }

    fn table_rows(&mut self, list: usize, header: &[String], rows: &[Vec<String>], line: usize) {
        let width = rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(header.len());
        let names_in = |c: usize| {
            rows.iter()
                .filter(|r| r.get(c).is_some_and(|x| parse_person(x).is_some()))
                .count()
        };
        let by_header = header.iter().position(|h| {
            let n = normalize_heading(h);
            [
                "name",
                "names",
                "attendee",
                "attendees",
                "person",
                "who",
                "participant",
                "member",
            ]
            .iter()
            .any(|w| n.split(' ').any(|x| x == *w))
        });
        let Some(col) =
            by_header.or_else(|| (0..width).max_by_key(|&c| (names_in(c), usize::MAX - c)))
        else {
            return;
        };
        for (k, row) in rows.iter().enumerate() {
            if let Some(cell) = row.get(col) {
                let mut entry = cell.clone();
                // Other columns as notes: "Name (Org)".
                for (c, other) in row.iter().enumerate() {
                    if c != col
                        && !other.trim().is_empty()
                        && header.get(c).is_some_and(|h| {
                            let n = normalize_heading(h);
                            [
                                "org",
                                "organization",
                                "organisation",
                                "company",
                                "affiliation",
                                "employer",
                                "location",
                                "place",
                                "city",
                                "country",
                                "handle",
                                "github",
                                "username",
                                "abbr",
                                "abbreviation",
                                "initials",
                            ]
                            .iter()
                            .any(|w| n.contains(w))
                        })
                    {
                        entry.push_str(&format!(" ({})", other.trim()));
                    }
                }
                self.add(list, line + 2 + k, &entry);
            }
        }
    }
}

static SPEAKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}{2,6}\d?:\s").expect("valid regex"));

/// A transcript line ("RJE: (housekeeping)", "Ann: I think …"): a speaker and what they
/// said, never an attendee entry.
fn is_speaker_line(line: &str) -> bool {
    let t = line.trim();
    if SPEAKER.is_match(t) {
        return true;
    }
    t.split_once(':').is_some_and(|(who, said)| {
        !said.trim_start().starts_with("//")
            && looks_like_name(who.trim())
            && said.split_whitespace().count() >= 5
            && split_list(said).len() < 3
    })
}

/// "Others: a, b, c" / "Example Corp: a, b": a label that is no attendance word, with
/// two or more names after it.
fn sub_group(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.split_once(':')?;
    if rest.trim_start().starts_with("//") || label.split_whitespace().count() > 4 {
        return None;
    }
    let parts = split_list(rest);
    let names = parts.iter().filter(|p| parse_person(p).is_some()).count();
    (parts.len() >= 2 && names * 10 >= parts.len() * 6).then_some((label.trim(), rest.trim()))
}

/// A line of running prose inside an attendance section ("@ann moderated, and @bo took
/// notes."): most of its comma-separated parts are not names.
fn is_prose_line(line: &str) -> bool {
    let parts = split_list(line);
    let names = parts.iter().filter(|p| parse_person(p).is_some()).count();
    names * 2 < parts.len()
        || (parts.len() == 1
            && line.trim_end().ends_with('.')
            && line.split_whitespace().count() >= 3)
        || (parts.len() <= 2
            && parts.iter().any(|p| {
                let words = p.split_whitespace().count();
                words >= 2
                    && p.contains('@')
                    && parse_person(p).is_some_and(|q| q.name.chars().all(|c| c.is_lowercase()))
            }))
}

/// A line ending in a colon inside an attendance list that names a group of people
/// ("Example Corp:", "Remote:"): short, capitalised, not a sentence.
fn looks_like_label_of_people(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= 4
        && t.chars().next().is_some_and(char::is_alphabetic)
        && name_problem(t).is_none_or(|p| p == "a common word, not a name")
}

/// Finds every attendance list of a recap and returns its people, deduplicated, in
/// order, with the trace of what was considered.
#[must_use]
pub fn attendance(recap: &Recap, config: &ExtractConfig) -> Attendance {
    let mut scan = Scanner {
        config,
        lists: Vec::new(),
        heading: None,
        inner: Vec::new(),
    };
    for s in &recap.sections {
        if s.level > 0 {
            scan.heading(&s.heading, s.level, s.line);
        }
        for b in &s.blocks {
            match b {
                Block::ListItem { text, depth, line } => scan.list_item(text, *depth, *line),
                Block::Paragraph { text, line } => scan.paragraph(text, *line),
                Block::Table { header, rows, line } => scan.table(header, rows, *line),
                Block::Code { .. } => scan.inner.clear(),
            }
        }
    }
    let mut lists = scan.lists;
    let mut people = Vec::new();
    for list in &mut lists {
        judge(list);
        if list.accepted {
            for e in &list.entries {
                if e.rejected.is_none() {
                    if let Ok(mut p) = read_entry(strip_box(&e.text).1) {
                        if list.kind == LabelKind::Group && p.role.is_none() {
                            p.role = Some(list.label.clone()).filter(|l| {
                                label_kind(l, config) != Some(LabelKind::Group) || !l.is_empty()
                            });
                        }
                        people.push(p);
                    }
                }
            }
        }
    }
    // Within one list, people's notes are of one kind: when some are known places, the
    // other capitalised notes of that list are places too ("Moose Jaw, SK", "Saskatoon").
    place_notes_like_their_list(&lists, &mut people);
    // Inline "Name (ABBR), Name (ABBR), …" paragraphs before the first section, with or
    // without a label.
    {
        for s in recap.sections.iter().filter(|s| s.level <= 1) {
            for b in &s.blocks {
                if let Block::Paragraph { text, line } = b {
                    let found: Vec<Person> = text.lines().flat_map(inline_name_abbr).collect();
                    if !found.is_empty() {
                        lists.push(ListTrace {
                            label: String::new(),
                            kind: LabelKind::Attendance,
                            line: *line,
                            last_line: *line + text.lines().count().saturating_sub(1),
                            accepted: true,
                            reason: Some(
                                "no label: a paragraph of \"Name (INITIALS)\" entries".into(),
                            ),
                            entries: found
                                .iter()
                                .map(|p| EntryTrace {
                                    line: *line,
                                    text: p.name.clone(),
                                    person: Some(p.name.clone()),
                                    read_as: describe(p),
                                    rejected: None,
                                })
                                .collect(),
                        });
                        people.extend(found);
                    }
                }
            }
        }
    }
    Attendance {
        people: dedupe(people),
        lists,
    }
}

fn place_notes_like_their_list(lists: &[ListTrace], people: &mut [Person]) {
    for list in lists.iter().filter(|l| l.accepted) {
        let names: Vec<&str> = list
            .entries
            .iter()
            .filter(|e| e.rejected.is_none())
            .filter_map(|e| e.person.as_deref())
            .collect();
        let members = |p: &Person| names.contains(&p.name.as_str());
        let with_place = people
            .iter()
            .filter(|p| members(p) && p.place.is_some())
            .count();
        let with_org = people
            .iter()
            .filter(|p| members(p) && p.organization.is_some())
            .count();
        if with_place == 0 && with_org == 0 {
            continue;
        }
        let as_place = with_place >= with_org;
        for p in people.iter_mut().filter(|p| members(p)) {
            let capitalised = p.note.as_deref().is_some_and(|n| {
                n.split_whitespace().count() <= 3
                    && n.split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            });
            if capitalised && as_place && p.place.is_none() {
                p.place = p.note.take();
            } else if capitalised && !as_place && p.organization.is_none() {
                p.organization = p.note.take();
            }
        }
    }
}

/// `("[x] ", rest)` / `("[ ] ", rest)` / `("", text)`.
fn strip_box(text: &str) -> (&str, &str) {
    for b in ["[x] ", "[X] ", "[ ] "] {
        if let Some(rest) = text.strip_prefix(b) {
            return (b, rest);
        }
    }
    ("", text)
}

fn describe(p: &Person) -> Vec<String> {
    let mut out = Vec::new();
    for a in &p.alternate_names {
        out.push(format!("alternate name: {a}"));
    }
    if let Some(o) = &p.organization {
        out.push(format!("organisation: {o}"));
    }
    if let Some(pl) = &p.place {
        out.push(format!("place: {pl}"));
    }
    if let Some(r) = &p.role {
        out.push(format!("role: {r}"));
    }
    if let Some(n) = &p.note {
        out.push(format!("note (kept out of the graph): {n}"));
    }
    out
}

/// Decides which entries of a list are attendees, and whether the list is one at all.
fn judge(list: &mut ListTrace) {
    let ticked = list
        .entries
        .iter()
        .filter(|e| {
            strip_box(&e.text).0.starts_with("[x") || strip_box(&e.text).0.starts_with("[X")
        })
        .count();
    let boxed = list
        .entries
        .iter()
        .filter(|e| !strip_box(&e.text).0.is_empty())
        .count();
    let mut names = 0usize;
    for e in &mut list.entries {
        let (mark, rest) = strip_box(&e.text);
        match read_entry(rest) {
            Ok(p) => {
                names += 1;
                e.person = Some(p.name.clone());
                e.read_as = describe(&p);
                if mark == "[ ] " {
                    e.rejected = Some("box not ticked: did not attend".into());
                }
            }
            Err(why) => e.rejected = Some(why),
        }
    }
    let total = list.entries.len();
    let _ = (ticked, boxed);
    match list.kind {
        LabelKind::Absent => {
            list.reason = Some("an absence list: these people were not there".into());
            for e in &mut list.entries {
                e.rejected.get_or_insert_with(|| "listed as absent".into());
            }
        }
        LabelKind::Role => {
            list.reason = Some("a role line, not the attendance list".into());
            for e in &mut list.entries {
                e.rejected
                    .get_or_insert_with(|| "named in a role line".into());
            }
        }
        LabelKind::Attendance | LabelKind::Group => {
            let tentative_ok = names * 10 >= total * 6;
            let ok = names >= 1 && names * 2 >= total;
            let group_needs = list.kind == LabelKind::Group;
            if total == 0 {
                list.reason = Some("no entries".into());
            } else if !ok || (group_needs && !tentative_ok) {
                list.reason = Some(format!(
                    "reads as prose, not a list of people ({names} of {total} entries are names)"
                ));
                for e in &mut list.entries {
                    e.rejected
                        .get_or_insert_with(|| "the list around it is not a list of people".into());
                }
            } else {
                list.accepted = true;
            }
        }
    }
}

/// People in an inline paragraph "Name (ABBR), Name (ABBR), …" (three or more).
fn inline_name_abbr(text: &str) -> Vec<Person> {
    let matches: Vec<_> = NAME_ABBR.captures_iter(text).collect();
    if matches.len() < 3 {
        return Vec::new();
    }
    matches
        .iter()
        .filter_map(|c| {
            let name = c.get(1)?.as_str().trim().trim_start_matches([',', ' ']);
            let name = name.rsplit(':').next().unwrap_or(name).trim();
            let mut p = parse_person(name)?;
            let abbr = c.get(2)?.as_str().to_owned();
            p.alternate_names.push(abbr);
            if let Some(note) = c.get(3).map(|m| m.as_str().trim_start_matches(',').trim()) {
                if !note.is_empty() {
                    p.role = Some(note.to_owned());
                }
            }
            Some(p)
        })
        .collect()
}

fn norm(s: &str) -> String {
    normalize_heading(s)
}

/// Merges entries naming the same person (same name, or a handle of one is the other's name).
fn dedupe(people: Vec<Person>) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for p in people {
        let key = norm(&p.name);
        let existing = out.iter_mut().find(|q| {
            norm(&q.name) == key
                || (!p.alternate_names.is_empty()
                    && p.alternate_names
                        .iter()
                        .any(|a| q.alternate_names.iter().any(|b| b.eq_ignore_ascii_case(a)))
                    && (norm(&q.name).starts_with(&key) || key.starts_with(&norm(&q.name))))
        });
        match existing {
            Some(q) => {
                for a in p.alternate_names {
                    if !q.alternate_names.contains(&a) {
                        q.alternate_names.push(a);
                    }
                }
                q.place = q.place.take().or(p.place);
                q.organization = q.organization.take().or(p.organization);
                q.role = q.role.take().or(p.role);
            }
            None => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::{parse, Format};

    fn person(entry: &str) -> Person {
        read_entry(entry).unwrap_or_else(|e| panic!("{entry} is a person: {e}"))
    }

    fn names(text: &str) -> Vec<String> {
        let r = parse(text, "notes/x.md", Format::Markdown);
        attendance(&r, &ExtractConfig::default())
            .people
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn entry_shapes() {
        let p = person("Anita Example (Moose Jaw, SK)");
        assert_eq!(p.place.as_deref(), Some("Moose Jaw, SK"));
        let p = person("Barton  - Example Software ");
        assert_eq!(
            (p.name.as_str(), p.organization.as_deref()),
            ("Barton", Some("Example Software"))
        );
        let p = person("Jane Roe @jroe (TSC)");
        assert_eq!(p.name, "Jane Roe");
        assert_eq!(p.alternate_names, ["jroe"]);
        assert_eq!(p.role.as_deref(), Some("TSC"));
        let p = person("Wanda Hollis (WH)");
        assert_eq!(p.alternate_names, ["WH"]);
        let p = person("Gale Gu (gg0121)");
        assert_eq!(p.alternate_names, ["gg0121"]);
        assert_eq!(
            person("Ann Lee (Mozilla)").organization.as_deref(),
            Some("Mozilla")
        );
        assert_eq!(person("Bo Doe <bo@example.com>").name, "Bo Doe");
        assert_eq!(
            person("Bo Doe <bo@example.com>").alternate_names,
            Vec::<String>::new()
        );
        assert_eq!(person("@octo-cat").name, "octo-cat");
        assert_eq!(person("Sam (@samx)").alternate_names, ["samx"]);
        assert_eq!(
            person("Rey Ode (she/her) (example.com) // GitHub:@rode").name,
            "Rey Ode"
        );
        assert_eq!(
            person("Kim Park, Example University")
                .organization
                .as_deref(),
            Some("Example University")
        );
        assert_eq!(
            person("Nina Ross (Frobnicator)").note.as_deref(),
            Some("Frobnicator")
        );
        assert_eq!(person("Ruben van Tassel (Ottawa)").name, "Ruben van Tassel");
        assert_eq!(person("1. Rui Vale (Example Corp)").name, "Rui Vale");
        for bad in [
            "None.",
            "Welcome to Owen and Ines, who were both at their first meetup.",
            "_attendee names..._",
            "add your name here",
            "(sign up here)",
            "forgot to record :)",
            "See the recording",
            "",
        ] {
            assert!(read_entry(bad).is_err(), "{bad} is no person");
        }
    }

    #[test]
    fn labels() {
        let c = ExtractConfig::default();
        let k = |t: &str| label_kind(t, &c);
        assert_eq!(
            k("Attendees (sign yourself in):"),
            Some(LabelKind::Attendance)
        );
        assert_eq!(k("Roll call"), Some(LabelKind::Attendance));
        assert_eq!(k("People present"), Some(LabelKind::Attendance));
        assert_eq!(k("In the room"), Some(LabelKind::Attendance));
        assert_eq!(k("Members"), Some(LabelKind::Group));
        assert_eq!(k("Remote"), Some(LabelKind::Group));
        assert_eq!(k("Regrets"), Some(LabelKind::Absent));
        assert_eq!(k("Not present"), Some(LabelKind::Absent));
        assert_eq!(k("Note taker"), Some(LabelKind::Role));
        assert_eq!(k("Chair and scribe"), Some(LabelKind::Role));
        assert_eq!(k("Presentations"), None);
        assert_eq!(k("Team updates"), None);
        assert_eq!(k("Membership requirements"), None);
    }

    #[test]
    fn list_shapes() {
        assert_eq!(
            names("# Sync\n\n## Attendees (sign yourself in):\n\n1. Rui Vale (Example Corp)\n2. Ann Lee\n\n## Notes\n\n- Ann: things\n"),
            ["Rui Vale", "Ann Lee"]
        );
        assert_eq!(
            names("# Sync\n\nSome notes.\n\n## Topic\n\nText.\n\nPresent: Ann Lee, Bo Ek,\nCy Dee and Di Fox\n"),
            ["Ann Lee", "Bo Ek", "Cy Dee", "Di Fox"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n**Members**\n* Sam (@sam1)\n* Ali\n\n**Visitors**\n* Zed\n\n## Regrets\n\n* Uma\n"),
            ["Sam", "Ali", "Zed"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\nAdd yourself!\n\n- [x] Ed Fal (EF)\n- [ ] Peg Mee (PM)\n- [x] tommy\n"),
            ["Ed Fal", "tommy"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n_attendee names..._\n\n## Agenda\n\n- Budget\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("# Sync\n\n## Attendance\n\n| Name | Company |\n|---|---|\n| Ann Lee | Example Corp |\n| Bo Ek | Other Ltd |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\nChair: Kay Oh\n\n## Present\n\n* Ann Lee\n  * joined late\n* Bo Ek\n\n## Scribes\n\n* Cy Dee\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Roll call\n\n- Jane Doe, Acme Inc (remote)\n- Raj Patel - Globex\n- @kim-l\n- Lee Chan <lee@example.org>\n"),
            ["Jane Doe", "Raj Patel", "kim-l", "Lee Chan"]
        );
        assert_eq!(
            names("# Sync\n\n## Budget\n\nWe spent money.\n\n---\n\n**Participants:** Alice Wong, Bob Marsh and Carla Diaz\n"),
            ["Alice Wong", "Bob Marsh", "Carla Diaz"]
        );
        assert_eq!(
            names("# Sync\n\n### Who's here\n\nAlice Wong\nBob Marsh\n\n### Topic one\n\nText here that is long.\n"),
            ["Alice Wong", "Bob Marsh"]
        );
        assert_eq!(
            names("# Sync\n\nIn attendance: Ann Lee; Bo Ek; Cy Dee\n\nApologies: Di Fox\n"),
            ["Ann Lee", "Bo Ek", "Cy Dee"]
        );
        assert_eq!(
            names("# Sync\n\n* Attendees:\n  * Ann Lee\n  * Bo Ek\n* Agenda:\n  * Budget\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Participants\n\n| # | Who | Organisation |\n|---|---|---|\n| 1 | Ann Lee | Acme |\n| 2 | Bo Ek | Globex |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\nAttendees: @ann-l @bo_ek @cy\n"),
            ["ann-l", "bo_ek", "cy"]
        );
        assert_eq!(
            names("# Sync\n\n## Topic\n\nText.\n\n## Attendance\n\nRui Vale (Example Corp),\nAnn Lee (Globex),\nBo Ek (Initech)\n"),
            ["Rui Vale", "Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n**Present**\n\n- Ann Lee\n- Bo Ek\n\n**Absent**\n\n- Cy Dee\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n| | |\n|---|---|\n| Ann Lee | Globex |\n| Bo Ek | Initech |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Present and future of the parser\n\nWe talked about the parser for a long time and decided things.\n"),
            Vec::<String>::new()
        );
    }
}
