//! Stage 2, `extract`: a [`Recap`] → [`MeetingFacts`], by deterministic, explainable rules.
//!
//! This module owns deciding what a recap says: whether it records a meeting, the
//! meeting's date, its attendees (with places, organisations, handles), its agenda items
//! and topics, which person a link's anchor text names, and which section each cited
//! document belongs to. No network and no RDF here; each format shape is a small
//! recogniser in [`people`] (attendee lists), [`agenda`] (agenda shapes) or [`dates`].

pub mod agenda;
mod citations;
pub mod config;
pub mod dates;
pub mod explain;
mod facts;
mod items;
mod lexicon;
mod outcomes;
pub mod people;
pub mod subjects;
mod verdict;
mod vocabulary;

pub use citations::normalize_url;
pub use config::{DateOrder, ExtractConfig};
pub use facts::{
    Action, AgendaItem, Citation, DateSource, Decision, Meeting, MeetingFacts, Owner, Person, Topic,
};
pub use verdict::meeting_verdict;
pub use vocabulary::{normalize_label, Concept, Vocabulary};

use crate::recap::Recap;
use citations::{citations, mentions};
use items::{
    clean_item_name, item_at, presenter_for, resolve_person, topic_for, trailing_attendee,
};

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
                .then(|| {
                    topic_for(
                        &item.name,
                        vocab,
                        subjects::subject_of(recap, item).as_deref(),
                    )
                })
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
        let (decisions, actions) = outcomes::outcomes(
            recap,
            &found_items,
            &facts.people,
            &entry_lines(&attendance.lists, &found_items),
        );
        facts.meeting = Some(Meeting {
            name: recap.title.clone(),
            date,
            date_source: source,
            attendees: (0..attendee_count).collect(),
            agenda,
            decisions,
            actions,
        });
    } else if let Some((date, _)) = meeting_date {
        facts.published = facts.published.or(Some(date));
    }
    facts.citations = citations(recap, &found_items, &mut facts);
    facts.mentions = mentions(recap, vocab);
    facts.diagnostics.clone_from(&recap.diagnostics);
    facts
}

/// The lines of attendance entries and of agenda items read from a list: their tick
/// boxes say who came and what was covered, not actions.
fn entry_lines(
    lists: &[people::ListTrace],
    items: &[agenda::FoundItem],
) -> std::collections::HashSet<usize> {
    lists
        .iter()
        .filter(|l| l.accepted)
        .flat_map(|l| l.entries.iter().map(|e| e.line))
        .chain(items.iter().filter_map(|i| i.lines.map(|(start, _)| start)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_labels_are_cleaned() {
        let v = Vocabulary::default();
        let t = |s: &str| topic_for(s, &v, None).map(|t| (t.id, t.label));
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
