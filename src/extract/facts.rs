//! The plain data `extract` hands on: a meeting's facts (meeting, people, agenda items,
//! topics, citations), with no RDF and no store in them.

use serde::{Deserialize, Serialize};

use crate::recap::Diagnostic;

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
    /// The tracked thing (issue, pull request, RFC, proposal repository) the item's
    /// title links or names, as its normalised URL: items with one subject share a topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
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
    /// What the meeting decided, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Who took which action, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

/// One decision: a bullet or sentence of a conclusion, resolution, decision or consensus
/// section or label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The decision as written (its label removed).
    pub text: String,
    /// 1-based line of the source where it starts.
    pub line: usize,
    /// Index into [`Meeting::agenda`] of the item it was decided under.
    pub agenda_item: Option<usize>,
}

/// One action item: something a meeting asked someone to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The action as written (its label and tick box removed).
    pub text: String,
    /// 1-based line of the source where it starts.
    pub line: usize,
    /// Index into [`Meeting::agenda`] of the item it was taken under.
    pub agenda_item: Option<usize>,
    /// Who owes it, in the order the text names them.
    pub owners: Vec<Owner>,
    /// True when the recap marks it done (a ticked box, "done", "completed").
    pub done: bool,
    /// Its due date, ISO, when the text writes one ("by 2024-05-01").
    pub due: Option<String>,
    /// True for an earlier meeting's action listed again for review ("Review action
    /// items", "Previous actions"): a follow-up, not a new action of this meeting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub review: bool,
}

/// The owner of an action: a name as the recap writes it, and the person it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The name, handle or initials as written (`@` removed).
    pub name: String,
    /// Index into [`MeetingFacts::people`] of the attendee (or other listed person) it
    /// names; `None` when the person is named only here.
    pub person: Option<usize>,
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
