//! `recapgraph explain FILE`: what the rules recognised in one recap and from which lines,
//! and what they considered and rejected, with the reason. Plain data ([`Explanation`],
//! serialisable as JSON) and a text rendering; it reruns the same recognisers `extract`
//! uses, so it shows exactly what ingest stores.

use std::fmt::Write as _;

use serde::Serialize;

use super::people::{Attendance, ListTrace};
use super::{agenda, dates, extract_with, meeting_verdict, people, DateSource, ExtractConfig};
use super::{Action, Decision, MeetingFacts, Vocabulary};
use crate::recap::{Block, Recap};

/// Where the meeting date came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateExplained {
    /// ISO date.
    pub date: String,
    /// The kind of source.
    pub source: DateSource,
    /// The text it was read from.
    pub from: String,
    /// 1-based line, when it came from the text.
    pub line: Option<usize>,
}

/// One agenda item as recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemExplained {
    /// 1-based position.
    pub position: usize,
    /// Its title.
    pub title: String,
    /// 1-based line of the heading or list item that holds it.
    pub line: usize,
    /// Procedural (about running the meeting): no topic.
    pub procedural: bool,
    /// The heading it was grouped under.
    pub group: Option<String>,
    /// The presenter, as resolved to a person.
    pub presenter: Option<String>,
    /// The time box written beside it.
    pub duration: Option<String>,
    /// The topic it is about (label and IRI relative to the base).
    pub topic: Option<(String, String)>,
}

/// Everything `explain` reports about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The source path (as it would name the graph).
    pub source_path: String,
    /// The title.
    pub title: String,
    /// True when the file records a meeting.
    pub is_meeting: bool,
    /// Why it is (or is not) a meeting.
    pub meeting_reason: String,
    /// The meeting date and where it was read, when one was found.
    pub date: Option<DateExplained>,
    /// The publication date.
    pub published: Option<String>,
    /// Every attendance, absence and role list considered.
    pub attendance: Vec<ListTrace>,
    /// The attendees, in order.
    pub attendees: Vec<String>,
    /// The agenda items.
    pub items: Vec<ItemExplained>,
    /// Distinct external documents cited.
    pub documents: usize,
    /// The meeting's decisions.
    pub decisions: Vec<Decision>,
    /// The meeting's action items.
    pub actions: Vec<Action>,
    /// The people the owners of actions resolve to (their names, by index).
    pub people: Vec<String>,
    /// Parser diagnostics.
    pub diagnostics: Vec<String>,
}

fn date_origin(recap: &Recap, source: DateSource, date: &str) -> (String, Option<usize>) {
    let first_line = |pred: &dyn Fn(&str) -> bool| -> Option<(String, usize)> {
        for s in &recap.sections {
            for b in &s.blocks {
                if let Block::Paragraph { text, line } | Block::ListItem { text, line, .. } = b {
                    for (k, l) in text.lines().enumerate() {
                        if pred(l) {
                            return Some((l.trim().to_owned(), line + k));
                        }
                    }
                }
            }
        }
        None
    };
    match source {
        DateSource::Heading => {
            let s = recap
                .sections
                .iter()
                .find(|s| s.level == 1)
                .or_else(|| recap.sections.iter().find(|s| s.level > 0));
            match s {
                Some(s) => (s.heading.clone(), Some(s.line)),
                // A file without headings is dated by its first line.
                None => first_line(&|l: &str| !l.trim().is_empty())
                    .map_or((String::new(), None), |(t, l)| (t, Some(l))),
            }
        }
        DateSource::Title => (
            format!(
                "front-matter title: {}",
                recap.front_matter.title.clone().unwrap_or_default()
            ),
            None,
        ),
        DateSource::FileName => (format!("path: {}", recap.source_path), None),
        DateSource::FrontMatter => (
            format!(
                "front-matter date: {}",
                recap.front_matter.date.clone().unwrap_or_default()
            ),
            None,
        ),
        DateSource::DateLine | DateSource::Prose => {
            let year = date.get(..4).unwrap_or("");
            let found = first_line(&|l: &str| {
                let lower = l.to_lowercase();
                (source == DateSource::Prose
                    || lower.contains("date")
                    || lower.contains("when")
                    || lower.contains("held"))
                    && (l.contains(year) || crate::recap::parse_date(l).as_deref() == Some(date))
            });
            found.map_or((String::new(), None), |(t, l)| (t, Some(l)))
        }
    }
}

/// Explains how one recap is read.
#[must_use]
pub fn explain(recap: &Recap, vocab: &Vocabulary, config: &ExtractConfig) -> Explanation {
    let facts: MeetingFacts = extract_with(recap, vocab, config);
    let Attendance {
        people: listed,
        lists,
    } = people::attendance(recap, config);
    let date = dates::meeting_date(recap, config);
    let items = agenda::agenda_items_with(recap, vocab, config, &lists);
    let verdict = meeting_verdict(recap, config, &listed, date.as_ref(), &items);
    let (is_meeting, meeting_reason) = match verdict {
        Ok(r) => (true, r),
        Err(r) => (false, r),
    };
    let date = date.map(|(d, source)| {
        let (from, line) = date_origin(recap, source, &d);
        DateExplained {
            date: d,
            source,
            from,
            line,
        }
    });
    let mut explained = Vec::new();
    if let Some(m) = &facts.meeting {
        for (k, item) in m.agenda.iter().enumerate() {
            let found = items.get(k);
            let line = found.map_or(0, |f| {
                f.lines
                    .map(|l| l.0)
                    .unwrap_or_else(|| recap.sections.get(f.section).map_or(0, |s| s.line))
            });
            explained.push(ItemExplained {
                position: item.position,
                title: item.name.clone(),
                line,
                procedural: item.procedural,
                group: item.group.clone(),
                presenter: item
                    .presenter
                    .and_then(|p| facts.people.get(p))
                    .map(|p| p.name.clone()),
                duration: found.and_then(|f| f.duration.clone()),
                topic: item.topic.as_ref().map(|t| (t.label.clone(), t.id.clone())),
            });
        }
    }
    Explanation {
        source_path: recap.source_path.clone(),
        title: recap.title.clone(),
        is_meeting,
        meeting_reason,
        date,
        published: facts.published.clone(),
        attendance: lists,
        attendees: facts
            .meeting
            .iter()
            .flat_map(|m| &m.attendees)
            .filter_map(|&i| facts.people.get(i))
            .map(|p| p.name.clone())
            .collect(),
        items: explained,
        documents: facts.documents().len(),
        decisions: facts
            .meeting
            .as_ref()
            .map(|m| m.decisions.clone())
            .unwrap_or_default(),
        actions: facts
            .meeting
            .as_ref()
            .map(|m| m.actions.clone())
            .unwrap_or_default(),
        people: facts.people.iter().map(|p| p.name.clone()).collect(),
        diagnostics: recap
            .diagnostics
            .iter()
            .map(|d| match d.line {
                Some(l) => format!("line {l}: {}", d.message),
                None => d.message.clone(),
            })
            .collect(),
    }
}

impl Explanation {
    /// The decisions and actions part of [`Explanation::to_text`].
    fn outcomes_text(&self, out: &mut String) {
        let item = |k: Option<usize>| {
            k.and_then(|k| self.items.get(k))
                .map(|i| format!(" (item {})", i.position))
                .unwrap_or_default()
        };
        let _ = writeln!(out, "decisions ({}):", self.decisions.len());
        for d in &self.decisions {
            let _ = writeln!(
                out,
                "  line {:>4}{}: {}",
                d.line,
                item(d.agenda_item),
                d.text
            );
        }
        let _ = writeln!(out, "actions ({}):", self.actions.len());
        for a in &self.actions {
            let owners: Vec<String> = a
                .owners
                .iter()
                .map(|o| match o.person.and_then(|p| self.people.get(p)) {
                    Some(p) if *p != o.name => format!("{} = {p}", o.name),
                    _ => o.name.clone(),
                })
                .collect();
            let mut notes = Vec::new();
            if !owners.is_empty() {
                notes.push(format!("owners {}", owners.join(", ")));
            }
            notes.push(if a.done { "done" } else { "open" }.to_owned());
            if a.review {
                notes.push("reviewed from an earlier meeting".to_owned());
            }
            if let Some(due) = &a.due {
                notes.push(format!("due {due}"));
            }
            let _ = writeln!(
                out,
                "  line {:>4}{}: {}  ({})",
                a.line,
                item(a.agenda_item),
                a.text,
                notes.join(", ")
            );
        }
    }

    /// The explanation as text for a terminal.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}  \"{}\"", self.source_path, self.title);
        let _ = writeln!(
            out,
            "meeting: {} — {}",
            if self.is_meeting { "yes" } else { "no" },
            self.meeting_reason
        );
        match &self.date {
            Some(d) => {
                let at = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                let _ = writeln!(out, "date: {} from {:?}{at}: {}", d.date, d.source, d.from);
            }
            None => {
                let _ = writeln!(out, "date: none found");
            }
        }
        if let Some(p) = &self.published {
            let _ = writeln!(out, "published: {p}");
        }
        let _ = writeln!(out);
        if self.attendance.is_empty() {
            let _ = writeln!(
                out,
                "attendance: no attendance, absence or role label found"
            );
        }
        for list in &self.attendance {
            let label = if list.label.is_empty() {
                "(unlabelled)".to_owned()
            } else {
                format!("\"{}\"", list.label)
            };
            let verdict = if list.accepted {
                "taken".to_owned()
            } else {
                format!("not taken: {}", list.reason.clone().unwrap_or_default())
            };
            let _ = writeln!(
                out,
                "{:?} list {label}, lines {}-{}: {verdict}",
                list.kind, list.line, list.last_line
            );
            for e in &list.entries {
                match (&e.rejected, &e.person) {
                    (None, Some(name)) => {
                        let how = if e.read_as.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", e.read_as.join("; "))
                        };
                        let _ = writeln!(out, "  + line {}: {name}{how}", e.line);
                    }
                    (Some(why), _) => {
                        let _ =
                            writeln!(out, "  - line {}: \"{}\" rejected: {why}", e.line, e.text);
                    }
                    (None, None) => {}
                }
            }
        }
        let _ = writeln!(
            out,
            "attendees ({}): {}",
            self.attendees.len(),
            self.attendees.join(", ")
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "agenda items ({}):", self.items.len());
        for i in &self.items {
            let mut notes = Vec::new();
            if i.procedural {
                notes.push("procedural".to_owned());
            }
            if let Some(g) = &i.group {
                notes.push(format!("under \"{g}\""));
            }
            if let Some(p) = &i.presenter {
                notes.push(format!("presenter {p}"));
            }
            if let Some(d) = &i.duration {
                notes.push(format!("time box {d}"));
            }
            if let Some((label, id)) = &i.topic {
                notes.push(format!("topic \"{label}\" <{id}>"));
            }
            let _ = writeln!(
                out,
                "  {:>2}. line {:>4}: {}  ({})",
                i.position,
                i.line,
                i.title,
                notes.join(", ")
            );
        }
        self.outcomes_text(&mut out);
        let _ = writeln!(out, "documents cited: {}", self.documents);
        for d in &self.diagnostics {
            let _ = writeln!(out, "note: {d}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::{parse, Format};

    #[test]
    fn plain_text_notes_without_headings() {
        let text = "Ops team meeting 2/10/2017\nPresent: Alice Wong, Bob Marsh, Carla Diaz\nRegrets: Dan Oh\nAgenda:\n1) Budget for Q2 (Alice, 10 min)\n2) Hiring plan\n3) AOB\n\nNotes\n\nBudget for Q2: approved.\n";
        let r = parse(text, "ops/notes-feb.txt", Format::Markdown);
        let e = explain(&r, &Vocabulary::default(), &ExtractConfig::default());
        assert!(e.is_meeting, "{}", e.meeting_reason);
        assert_eq!(e.date.as_ref().map(|d| d.date.as_str()), Some("2017-02-10"));
        assert_eq!(e.attendees, ["Alice Wong", "Bob Marsh", "Carla Diaz"]);
        let titles: Vec<&str> = e.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Budget for Q2", "Hiring plan", "AOB"]);
        assert_eq!(e.items[0].presenter.as_deref(), Some("Alice Wong"));
        let d = e.date.as_ref().expect("date");
        assert_eq!(
            (d.from.as_str(), d.line),
            ("Ops team meeting 2/10/2017", Some(1))
        );
    }

    #[test]
    fn explains_a_meeting_and_a_rejected_entry() {
        let text = "# Team sync 2024-05-02\n\n## Attendees\n\n* Ann Lee (Example Corp)\n* add your name here\n\n## Agenda\n\n1. Budget (Ann Lee, 10 min)\n";
        let r = parse(text, "notes/sync.md", Format::Markdown);
        let e = explain(&r, &Vocabulary::default(), &ExtractConfig::default());
        assert!(e.is_meeting, "{}", e.meeting_reason);
        assert_eq!(e.date.as_ref().map(|d| d.date.as_str()), Some("2024-05-02"));
        assert_eq!(e.attendees, ["Ann Lee"]);
        let rejected = &e.attendance[0].entries[1];
        assert_eq!(rejected.line, 6);
        assert!(rejected
            .rejected
            .as_deref()
            .is_some_and(|r| r.contains("placeholder")));
        assert_eq!(e.items[0].title, "Budget");
        assert_eq!(e.items[0].presenter.as_deref(), Some("Ann Lee"));
        assert_eq!(e.items[0].duration.as_deref(), Some("10 min"));
        let text = e.to_text();
        assert!(text.contains("rejected: \"add your name here\""), "{text}");
    }
}
