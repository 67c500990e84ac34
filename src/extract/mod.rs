//! Stage 2, `extract`: a [`Recap`] → [`MeetingFacts`], by deterministic, explainable rules.
//!
//! This module owns deciding what a recap says: whether it records a meeting, the
//! meeting's date, its attendees (with places, organisations, handles), its agenda items
//! and topics, which person a link's anchor text names, and which section each cited
//! document belongs to. No network and no RDF here; each format shape is a small
//! recogniser in [`people`] (attendee lists), [`agenda`] (agenda shapes) or [`dates`].

pub mod agenda;
pub mod config;
pub mod dates;
pub mod explain;
mod lexicon;
pub mod people;
mod vocabulary;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use config::{DateOrder, ExtractConfig};
pub use vocabulary::{normalize_label, Concept, Vocabulary};

use crate::recap::{is_external, Diagnostic, Recap};

/// A person named in a recap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The name as the recap writes it.
    pub name: String,
    /// Handles and abbreviations (`schema:alternateName`).
    pub alternate_names: Vec<String>,
    /// Where they are from, as written ("Moose Jaw, SK").
    pub place: Option<String>,
    /// Their organisation, as written.
    pub organization: Option<String>,
    /// Their role in the meeting, as written ("TSC", "observer").
    pub role: Option<String>,
    /// Profile URLs (a link whose anchor text names them).
    pub same_as: Vec<String>,
    /// A fuller name of the same person given elsewhere in the recap.
    pub fuller_name: Option<String>,
    /// True when listed in the attendee part.
    pub attended: bool,
    /// A note beside the name that no rule could place (neither organisation, place,
    /// role nor handle); shown by `explain`, kept out of the graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A topic: a vocabulary concept or a normalised heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// IRI relative to the base: `topic/configuration-management`.
    pub id: String,
    /// Preferred label.
    pub label: String,
    /// True when the topic comes from the vocabulary.
    pub in_vocabulary: bool,
}

/// One item of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// Its text as written.
    pub name: String,
    /// 1-based position.
    pub position: usize,
    /// Procedural (next meeting, roll call, …): not a topic.
    pub procedural: bool,
    /// The topic it is about (none when procedural).
    pub topic: Option<Topic>,
    /// Index into [`MeetingFacts::people`] of its presenter.
    pub presenter: Option<usize>,
    /// The group heading it was listed under.
    pub group: Option<String>,
}

/// A link in the recap, tied to where it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The URL as written.
    pub url: String,
    /// The normalised URL that names the external document; `None` for relative links,
    /// `mailto:` and other non-http links.
    pub document: Option<String>,
    /// Anchor text.
    pub anchor_text: String,
    /// "What we talked about > Configuration management".
    pub section_path: String,
    /// Index into [`Meeting::agenda`] of the item it appears under.
    pub agenda_item: Option<usize>,
    /// 1-based line.
    pub line: usize,
    /// Index into [`MeetingFacts::people`] of the person the anchor text names.
    pub person: Option<usize>,
}

/// Where the meeting date was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// A "Meeting date:" line.
    DateLine,
    /// The level-1 heading.
    Heading,
    /// The front-matter title.
    Title,
    /// The opening prose.
    Prose,
    /// The file name.
    FileName,
    /// The front-matter `date`.
    FrontMatter,
}

/// The meeting a recap records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Its name (the recap's title).
    pub name: String,
    /// The day it took place (first day of a multi-day meeting), ISO.
    pub date: String,
    /// Where that date was read.
    pub date_source: DateSource,
    /// Indices into [`MeetingFacts::people`] of the attendees, in list order.
    pub attendees: Vec<usize>,
    /// Agenda items in order.
    pub agenda: Vec<AgendaItem>,
}

/// Everything extracted from one recap: plain data for `rdf::map`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFacts {
    /// Source path relative to the ingest root.
    pub source_path: String,
    /// BLAKE3 of the file.
    pub content_hash: String,
    /// "markdown" or "textile".
    pub format: String,
    /// Title of the recap.
    pub title: String,
    /// Publication day, ISO.
    pub published: Option<String>,
    /// Author, as written.
    pub author: Option<String>,
    /// Front-matter tags and categories.
    pub keywords: Vec<String>,
    /// The meeting, when the recap records one.
    pub meeting: Option<Meeting>,
    /// Every person: attendees first, then presenters not in the list.
    pub people: Vec<Person>,
    /// Every link in document order.
    pub citations: Vec<Citation>,
    /// Topics of the vocabulary the text mentions (not necessarily discussed items).
    pub mentions: Vec<Topic>,
    /// Warnings found along the way.
    pub diagnostics: Vec<Diagnostic>,
}

impl MeetingFacts {
    /// Distinct external documents, in order of first citation.
    #[must_use]
    pub fn documents(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.citations
            .iter()
            .filter_map(|c| c.document.as_deref())
            .filter(|d| seen.insert(*d))
            .collect()
    }

    /// Distinct topics of the meeting's agenda.
    #[must_use]
    pub fn topics(&self) -> Vec<&Topic> {
        let mut seen = std::collections::HashSet::new();
        self.meeting
            .iter()
            .flat_map(|m| &m.agenda)
            .filter_map(|i| i.topic.as_ref())
            .filter(|t| seen.insert(t.id.as_str()))
            .collect()
    }
}

static NOT_A_MEETING_STEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(toc|summary|readme|index|contents|template|templates|license|licence|changelog|contributing|code[-_ ]of[-_ ]conduct|governance|charter|security|authors|maintainers|codeowners|schedule|calendar|_index|404)$")
        .expect("valid regex")
});
static MEETING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(meeting|meetings|minutes|notes|call|meetup|sync|triage|standup|stand-up|retro|retrospective|session|summit|workshop|conference|gathering|agenda|mtg)\b")
        .expect("valid regex")
});
static NO_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(no (meeting )?minutes (were )?taken|renamed to|moved to|this (file|page) (has )?moved)").expect("valid regex")
});
static ISSUE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:\(?\[?[\w./-]*#\d+\]?\)?|\(\s*\d+:\d+(?::\d+)?\s*\))\s*$")
        .expect("valid regex")
});
static LEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:\d+|[ivx]+|[a-z])(?:\.(?:\d+|[ivx]+|[a-z]))*\.?\s+|\[[^\]]*\]\s*|(?:continuation|revisit|cont|continued)\s*[:.-]?\s*|#\d+\s+)").expect("valid regex")
});
static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)+\s+$").expect("valid regex"));
static TRAILING_PRESENTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\((?:[\p{Lu}]{1,6}(?:,\s*[\p{Lu}]{1,6})*|cont\.?|continued|continuation)\)\s*$")
        .expect("valid regex")
});
static PRESENTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:presenters?|presented by|speakers?|champions?)\s*:?\s*(.+)$")
        .expect("valid regex")
});
static PAREN_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?:presented by\s+)?([^()]+)\)$").expect("valid regex"));

/// Extracts the facts of one recap with the default settings. Deterministic; never fails.
#[must_use]
pub fn extract(recap: &Recap, vocab: &Vocabulary) -> MeetingFacts {
    extract_with(recap, vocab, &ExtractConfig::default())
}

/// Extracts the facts of one recap with a folder's settings (`recapgraph.toml`).
/// Deterministic; never fails.
#[must_use]
pub fn extract_with(recap: &Recap, vocab: &Vocabulary, config: &ExtractConfig) -> MeetingFacts {
    let mut facts = MeetingFacts {
        source_path: recap.source_path.clone(),
        content_hash: recap.content_hash.clone(),
        format: recap.format.map_or("markdown", |f| f.as_str()).to_owned(),
        title: recap.title.clone(),
        author: recap.front_matter.author.clone(),
        keywords: recap
            .front_matter
            .tags
            .iter()
            .chain(&recap.front_matter.categories)
            .cloned()
            .collect(),
        ..MeetingFacts::default()
    };
    let attendance = people::attendance(recap, config);
    let mut attendees = attendance.people;
    for p in &mut attendees {
        p.attended = true;
    }
    facts.people = attendees;
    let meeting_date = dates::meeting_date(recap, config);
    let published = dates::publication_date(recap);
    let found_items = agenda::agenda_items_with(recap, vocab, config, &attendance.lists);
    let is_meeting = meeting_verdict(
        recap,
        config,
        &facts.people,
        meeting_date.as_ref(),
        &found_items,
    )
    .is_ok();
    facts.published = published
        .clone()
        .or_else(|| meeting_date.as_ref().map(|(d, _)| d.clone()));
    if let Some((date, source)) = meeting_date.clone().filter(|_| is_meeting) {
        let attendee_count = facts.people.len();
        let mut agenda = Vec::new();
        for (k, item) in found_items.iter().enumerate() {
            // "Tech report – Kim", "Roadmap (kim)": a trailing word that names an
            // attendee is the presenter, not part of the title.
            let attendee_note = (item.presenter.is_none())
                .then(|| trailing_attendee(&item.name, &facts.people[..attendee_count]))
                .flatten();
            let owned;
            let item = match attendee_note {
                Some((title, person)) => {
                    owned = agenda::FoundItem {
                        name: title,
                        presenter: Some(person),
                        ..item.clone()
                    };
                    &owned
                }
                None => item,
            };
            let procedural = item.procedural;
            let topic = (!procedural)
                .then(|| topic_for(&item.name, vocab))
                .flatten();
            let presenter = presenter_for(recap, item, &mut facts.people);
            agenda.push(AgendaItem {
                name: clean_item_name(&item.name),
                position: k + 1,
                procedural,
                topic,
                presenter,
                group: item.group.clone(),
            });
        }
        facts.meeting = Some(Meeting {
            name: recap.title.clone(),
            date,
            date_source: source,
            attendees: (0..attendee_count).collect(),
            agenda,
        });
    } else if let Some((date, _)) = meeting_date {
        facts.published = facts.published.or(Some(date));
    }
    facts.citations = citations(recap, &found_items, &mut facts);
    facts.mentions = mentions(recap, vocab);
    facts.diagnostics.clone_from(&recap.diagnostics);
    facts
}

/// Whether a recap records a meeting: `Ok` with the reason it does, `Err` with the reason
/// it does not.
///
/// # Errors
/// The reason the file is not a meeting record.
pub fn meeting_verdict(
    recap: &Recap,
    config: &ExtractConfig,
    people: &[Person],
    date: Option<&(String, DateSource)>,
    items: &[agenda::FoundItem],
) -> Result<String, String> {
    if config.not_a_meeting {
        return Err("matches a `not_meetings` pattern of recapgraph.toml".into());
    }
    let stem = std::path::Path::new(&recap.source_path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    if NOT_A_MEETING_STEM.is_match(stem) {
        return Err(format!(
            "the file name \"{stem}\" is an index, README or template"
        ));
    }
    let lower_stem = stem.to_lowercase();
    if lower_stem.contains("template") || lower_stem.contains("boilerplate") {
        return Err(format!("the file name \"{stem}\" says it is a template"));
    }
    for t in [Some(recap.title.as_str()), recap.h1.as_deref()]
        .into_iter()
        .flatten()
    {
        if dates::is_placeholder(t) {
            return Err(format!("the title \"{t}\" is a template's placeholder"));
        }
    }
    let first_text = recap
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            crate::recap::Block::Paragraph { text, .. }
            | crate::recap::Block::ListItem { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or("");
    if people.is_empty() && NO_MINUTES.is_match(first_text.trim()) {
        return Err("it says no minutes were taken or that it moved".into());
    }
    let Some((_, source)) = date else {
        return Err("no meeting date in its text, title or path".into());
    };
    let dated_headings = dates::dated_headings(recap, config);
    if dated_headings >= 4 && people.is_empty() {
        return Err(format!(
            "an index or schedule: {dated_headings} headings carry different dates"
        ));
    }
    if !people.is_empty() {
        return Ok(format!(
            "a date ({source:?}) and {} attendees",
            people.len()
        ));
    }
    // No attendee list: a meeting only when it says so (title, a heading that is just a
    // date, a minutes folder, or a date line) and has items.
    let folders = std::path::Path::new(&recap.source_path)
        .parent()
        .map(|p| p.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let in_minutes_folder = folders
        .split('/')
        .any(|f| MEETING_WORDS.is_match(&f.replace(['-', '_'], " ")))
        || MEETING_WORDS.is_match(&split_words(stem));
    let h1_is_a_date = recap.h1.as_deref().is_some_and(|h| {
        let mut rest = h.to_owned();
        for m in crate::recap::find_dates(h).iter().rev() {
            rest.replace_range(m.start..m.end, " ");
        }
        rest != h
            && rest
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                <= 2
    });
    let titled = MEETING_WORDS.is_match(&recap.title)
        || recap
            .h1
            .as_deref()
            .is_some_and(|h| MEETING_WORDS.is_match(h))
        || h1_is_a_date
        || in_minutes_folder;
    let jekyll_post = recap.front_matter.layout.is_some()
        && recap.file_name_date.is_some()
        && !recap.title.to_lowercase().contains("minutes");
    let ok = match source {
        DateSource::DateLine => true,
        DateSource::Heading | DateSource::Title => titled || !items.is_empty(),
        DateSource::FileName => {
            !jekyll_post && !items.is_empty() && (titled || recap.h1.is_none() || items.len() >= 2)
        }
        // A date only in the prose or front matter: minutes that call themselves so.
        DateSource::Prose | DateSource::FrontMatter => {
            !jekyll_post && !items.is_empty() && MEETING_WORDS.is_match(&recap.title)
        }
    };
    if ok {
        Ok(format!(
            "a date ({source:?}) and {} agenda items{}",
            items.len(),
            if titled { ", called a meeting" } else { "" }
        ))
    } else if items.is_empty() {
        Err(format!(
            "a date ({source:?}) but no attendees and no agenda items"
        ))
    } else if jekyll_post {
        Err("a dated blog post that does not call itself minutes, with no attendee list".into())
    } else {
        Err(format!(
            "a date only from {source:?}, no attendee list, and nothing calls it a meeting"
        ))
    }
}

static TRAILING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*\S)\s*(?:\s[-–—]\s*@?([\w.-]+)|\(@?([\w.-]+)\)|\[@?([\w.-]+)\])\s*$")
        .expect("valid regex")
});

/// A title ending in one word that names exactly one attendee (first name, handle or
/// initials): the title without it, and the attendee's name.
fn trailing_attendee(title: &str, attendees: &[Person]) -> Option<(String, String)> {
    let c = TRAILING_WORD.captures(title.trim())?;
    let rest = c.get(1)?.as_str().trim();
    let word = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4))?.as_str();
    if rest.is_empty() || word.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    let i = resolve_person(attendees, word)?;
    Some((rest.to_owned(), attendees.get(i)?.name.clone()))
}

/// "TeamMeeting20240611Oslo" → "Team Meeting 20240611 Oslo".
fn split_words(stem: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_ascii_digit())
                || (p.is_ascii_digit() && c.is_alphabetic())
        });
        if boundary || c == '-' || c == '_' || c == '.' {
            out.push(' ');
        }
        if c != '-' && c != '_' && c != '.' {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Strips markup leftovers and issue references from an agenda item's name.
fn clean_item_name(name: &str) -> String {
    let n = name.trim().trim_matches(['*', '_']).trim();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The topic of a non-procedural agenda item: the vocabulary concept its label names,
/// else a topic minted from the normalised label.
fn topic_for(name: &str, vocab: &Vocabulary) -> Option<Topic> {
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
fn presenter_for(
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
fn resolve_person(people: &[Person], text: &str) -> Option<usize> {
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

/// Every link as a citation, tied to its agenda item and to the person its text names.
fn citations(
    recap: &Recap,
    items: &[agenda::FoundItem],
    facts: &mut MeetingFacts,
) -> Vec<Citation> {
    let mut out = Vec::new();
    let has_meeting = facts.meeting.is_some();
    for link in &recap.links {
        let document = if is_external(&link.url) {
            normalize_url(&link.url)
        } else {
            None
        };
        let agenda_item = if has_meeting {
            items
                .iter()
                .enumerate()
                .filter(|(_, it)| match it.lines {
                    Some((start, end)) => {
                        link.section == it.section && link.line >= start && link.line < end
                    }
                    None => recap.is_within(link.section, it.section),
                })
                // The deepest (last-starting) item that holds the link.
                .max_by_key(|(_, it)| {
                    (
                        recap.sections.get(it.section).map_or(0, |s| s.level),
                        it.lines.map_or(0, |l| l.0),
                    )
                })
                .map(|(k, _)| k)
        } else {
            None
        };
        let person = if link.text.trim().is_empty() || link.text.contains("://") {
            None
        } else {
            resolve_person(&facts.people, &link.text)
        };
        if let (Some(p), Some(doc)) = (person, document.as_ref()) {
            if let Some(person) = facts.people.get_mut(p) {
                if !person.same_as.contains(doc) {
                    person.same_as.push(doc.clone());
                }
                // An anchor that spells out the name of someone listed shorter.
                if link.text.split_whitespace().count() > person.name.split_whitespace().count() {
                    person.fuller_name = Some(link.text.trim().to_owned());
                }
            }
        }
        out.push(Citation {
            url: link.url.clone(),
            document,
            anchor_text: link.text.clone(),
            section_path: recap.section_path(link.section),
            agenda_item,
            line: link.line,
            person,
        });
    }
    out
}

/// The IRI-ready form of an external URL: scheme and host lower-cased, default port and
/// dot segments removed, percent-encoding normalised; fragment kept.
#[must_use]
pub fn normalize_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return None;
    }
    let s = parsed.to_string();
    oxigraph::model::NamedNode::new(s.as_str()).ok()?;
    Some(s)
}

/// Vocabulary topics whose labels occur in the recap's headings and prose.
fn mentions(recap: &Recap, vocab: &Vocabulary) -> Vec<Topic> {
    let mut text = String::new();
    for s in &recap.sections {
        text.push(' ');
        text.push_str(&s.heading);
        for b in &s.blocks {
            match b {
                crate::recap::Block::Paragraph { text: t, .. }
                | crate::recap::Block::ListItem { text: t, .. } => {
                    text.push(' ');
                    text.push_str(t);
                }
                _ => {}
            }
        }
    }
    vocab
        .topics_in(&text)
        .into_iter()
        .map(|c| Topic {
            id: c.id.clone(),
            label: c.pref_label.clone(),
            in_vocabulary: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_labels_are_cleaned() {
        let v = Vocabulary::default();
        let t = |s: &str| topic_for(s, &v).map(|t| (t.id, t.label));
        assert_eq!(
            t("Flatten project, scope TSC. #59"),
            Some((
                "topic/flatten-project-scope-tsc".into(),
                "Flatten project, scope TSC".into()
            ))
        );
        assert_eq!(
            t("4.1 Dynamic Modules (BFS)"),
            Some(("topic/dynamic-module".into(), "Dynamic Modules".into()))
        );
        assert_eq!(
            t("\"Support upcasting\" rfcs#3324"),
            Some(("topic/support-upcasting".into(), "Support upcasting".into()))
        );
        assert_eq!(t("???"), None);
    }

    #[test]
    fn url_normalisation() {
        assert_eq!(
            normalize_url("HTTP://Example.ORG:80/a/../b#frag").as_deref(),
            Some("http://example.org/b#frag")
        );
        assert_eq!(normalize_url("mailto:a@b.org"), None);
        assert_eq!(normalize_url("http://"), None);
        assert_eq!(
            normalize_url("https:/relative"),
            Some("https://relative/".into())
        );
    }
}
