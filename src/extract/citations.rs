//! Cited documents: every external link with the agenda item and person it belongs to,
//! normalised URLs, and vocabulary topics mentioned in the text.

use super::*;
use crate::recap::{is_external, Recap};

/// Every link as a citation, tied to its agenda item and to the person its text names.
pub(super) fn citations(
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
            item_at(recap, items, link.section, link.line)
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
pub(super) fn mentions(recap: &Recap, vocab: &Vocabulary) -> Vec<Topic> {
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
            subject: None,
        })
        .collect()
}
