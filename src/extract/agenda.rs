//! Agenda items: which headings or list items are the things a meeting discussed.
//!
//! Three shapes, tried in order: items under a discussion heading ("What we talked
//! about", "Minutes"), with group headings ("### nodejs/node", "Proposed FCPs") whose
//! entries are the items; top-level group sections; and, failing both, every heading one
//! level below the title.

use std::sync::LazyLock;

use regex::Regex;

use super::people::is_attendee_heading;
use super::Vocabulary;
use crate::recap::{Block, Recap};

/// Headings (normalised) under which the discussed items sit.
const CONTAINERS: &[&str] = &[
    "what we talked about",
    "what we discussed",
    "minutes",
    "discussion",
    "discussions",
    "topics",
    "topics discussed",
    "summary",
    "notes",
    "meeting notes",
    "notes from meeting",
    "notes from the meeting",
    "notes and minutes",
    "agenda items",
    "discussion items",
    "items",
    "project updates and discussion",
    "agenda",
    "today",
];

/// Headings that are parts of the page, not discussed items.
const STRUCTURAL: &[&str] = &[
    "links",
    "resources",
    "references",
    "meeting roles",
    "table of contents",
    "contents",
    "toc",
    "conclusion",
    "conclusions",
    "conclusion resolution",
    "resolution",
    "summary",
    "speaker s summary of key points",
    "key points",
    "regrets",
    "not present",
];

static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:[\w.-]+/[\w.-]+|(?:proposed|active|pending|final) (?:fcps?|.*proposals?)|pending .*|rfcs? waiting .*|prs? on .*|p-(?:critical|high|medium|low).*|nominated .*|didn.t get to these|extra items?|additional agenda items|other discussions|releases|shepherded items?.*|triage|main topics?|working group reports?)$",
    )
    .expect("valid regex")
});
static NOT_AN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:none\.?|n/?a\.?|no .* (?:this|that) time\.?|nothing\.?|extracted from .*|-+)$",
    )
    .expect("valid regex")
});

/// An agenda item found in a recap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundItem {
    /// Its text as written (markup removed).
    pub name: String,
    /// The section that holds its discussion (the heading's own section, or the section
    /// the list item sits in).
    pub section: usize,
    /// For a list-item agenda item, the lines it spans: `[first, next item)`.
    pub lines: Option<(usize, usize)>,
    /// The group heading it was listed under, if any.
    pub group: Option<String>,
    /// True for a procedural item (next meeting, action items, …).
    pub procedural: bool,
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_container(heading: &str) -> bool {
    CONTAINERS.contains(&norm(heading).as_str())
}

fn is_structural(heading: &str) -> bool {
    let n = norm(heading);
    n.is_empty() || STRUCTURAL.contains(&n.as_str()) || is_attendee_heading(heading)
}

fn is_group(recap: &Recap, index: usize) -> bool {
    let s = &recap.sections[index];
    GROUP.is_match(s.heading.trim())
}

/// Top-level list items of a section as agenda items.
fn list_items(recap: &Recap, index: usize, group: Option<&str>) -> Vec<FoundItem> {
    let blocks = &recap.sections[index].blocks;
    let tops: Vec<(usize, &str)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem {
                text,
                depth: 0,
                line,
            } => Some((*line, text.as_str())),
            _ => None,
        })
        .collect();
    let section_end = recap.sections.get(index + 1).map_or(usize::MAX, |s| s.line);
    tops.iter()
        .enumerate()
        .filter_map(|(k, (line, text))| {
            let name = text.lines().next().unwrap_or("").trim();
            let name = name
                .trim_start_matches("[ ]")
                .trim_start_matches("[x]")
                .trim();
            if name.is_empty() || NOT_AN_ITEM.is_match(name) {
                return None;
            }
            let end = tops.get(k + 1).map_or(section_end, |(l, _)| *l);
            Some(FoundItem {
                name: name.to_owned(),
                section: index,
                lines: Some((*line, end)),
                group: group.map(str::to_owned),
                procedural: false,
            })
        })
        .collect()
}

/// Items of a group: its child headings, else its top-level list items.
fn group_items(recap: &Recap, index: usize) -> Vec<FoundItem> {
    let heading = recap.sections[index].heading.clone();
    let children: Vec<usize> = recap.children(index).collect();
    if children.is_empty() {
        list_items(recap, index, Some(&heading))
    } else {
        children
            .into_iter()
            .filter(|&c| !is_structural(&recap.sections[c].heading))
            .map(|c| FoundItem {
                name: recap.sections[c].heading.clone(),
                section: c,
                lines: None,
                group: Some(heading.clone()),
                procedural: false,
            })
            .collect()
    }
}

/// Items inside a container section.
fn container_items(recap: &Recap, index: usize, vocab: &Vocabulary) -> Vec<FoundItem> {
    let children: Vec<usize> = recap.children(index).collect();
    if children.is_empty() {
        return list_items(recap, index, None);
    }
    let mut items = Vec::new();
    for c in children {
        let s = &recap.sections[c];
        if is_structural(&s.heading) {
            continue;
        }
        let has_children = recap.children(c).next().is_some();
        let procedural = vocab.procedural(&s.heading).is_some();
        if is_group(recap, c)
            || (has_children
                && !procedural
                && recap.sections[c]
                    .blocks
                    .iter()
                    .all(|b| !matches!(b, Block::Paragraph { text, .. } if text.len() > 200)))
        {
            items.extend(group_items(recap, c));
        } else {
            items.push(FoundItem {
                name: s.heading.clone(),
                section: c,
                lines: None,
                group: None,
                procedural: false,
            });
        }
    }
    items
}

/// The recap's agenda items in order, procedural ones marked.
#[must_use]
pub fn agenda_items(recap: &Recap, vocab: &Vocabulary) -> Vec<FoundItem> {
    let mut items = find_items(recap, vocab);
    for item in &mut items {
        item.procedural = item.procedural || vocab.procedural(&item.name).is_some();
    }
    items
}

fn find_items(recap: &Recap, vocab: &Vocabulary) -> Vec<FoundItem> {
    let sections = &recap.sections;
    // 1. A discussion container. "Agenda" only counts when it has group sub-headings.
    let mut best: Vec<FoundItem> = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        if s.level == 0 || !is_container(&s.heading) {
            continue;
        }
        let n = norm(&s.heading);
        if n == "agenda" || n == "today" || n == "summary" {
            let has_groups = recap.children(i).any(|c| is_group(recap, c));
            let has_headings = recap.children(i).any(|c| {
                !is_attendee_heading(&sections[c].heading)
                    && vocab.procedural(&sections[c].heading).is_none()
            });
            if !(has_groups || n == "summary" && has_headings) {
                continue;
            }
        }
        let items = container_items(recap, i, vocab);
        let substantive = items
            .iter()
            .filter(|it| vocab.procedural(&it.name).is_none())
            .count();
        let best_substantive = best
            .iter()
            .filter(|it| vocab.procedural(&it.name).is_none())
            .count();
        // Prefer discussed items (Minutes) over the planned list (Agenda) when both exist.
        let prefer = substantive > best_substantive
            || (substantive == best_substantive
                && substantive > 0
                && n != "agenda"
                && best.iter().any(|b| b.group.is_some()));
        if prefer {
            best = items;
        }
    }
    if !best.is_empty() {
        return best;
    }
    // 2. Top-level group sections (rust triage minutes).
    let groups: Vec<usize> = (1..sections.len())
        .filter(|&i| {
            is_group(recap, i) && sections[i].parent.is_none_or(|p| sections[p].level <= 1)
        })
        .collect();
    if !groups.is_empty() {
        return groups
            .into_iter()
            .flat_map(|g| group_items(recap, g))
            .collect();
    }
    // 3. Every heading one level below the title; when none is an item there (all are
    //    attendee lists or links), the level below that.
    let top_level = sections
        .iter()
        .filter(|s| {
            s.level > 1 || (s.level == 1 && sections.iter().filter(|x| x.level == 1).count() > 1)
        })
        .map(|s| s.level)
        .min();
    if let Some(top) = top_level {
        let at = |level: u8| -> Vec<FoundItem> {
            sections
                .iter()
                .enumerate()
                .filter(|(_, s)| s.level == level && !is_structural(&s.heading))
                .filter(|(i, s)| !(s.level == 1 && *i == first_h1(recap)))
                .map(|(i, s)| FoundItem {
                    name: s.heading.clone(),
                    section: i,
                    lines: None,
                    group: None,
                    procedural: false,
                })
                .collect()
        };
        let mut items = at(top);
        if items.iter().all(|it| vocab.procedural(&it.name).is_some()) {
            // Only procedural headings up there (or none): the items sit one level down,
            // e.g. under the attendee list; keep the procedural ones in document order.
            let below = at(top + 1);
            if below.iter().any(|it| vocab.procedural(&it.name).is_none()) {
                items.extend(below);
                items.sort_by_key(|it| it.section);
            }
        }
        if !items.is_empty() {
            return items;
        }
    }
    // 4. No headings at all: the top-level bullets of the body.
    if sections.iter().all(|s| s.level <= 1) {
        let index = sections.iter().rposition(|s| s.level <= 1).unwrap_or(0);
        return list_items(recap, index, None);
    }
    Vec::new()
}

fn first_h1(recap: &Recap) -> usize {
    recap
        .sections
        .iter()
        .position(|s| s.level == 1)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Concept;
    use crate::recap::{parse, Format};

    fn vocab() -> Vocabulary {
        Vocabulary::new(
            Vec::new(),
            vec![Concept {
                id: "procedural/next-meeting".into(),
                pref_label: "next meeting".into(),
                alt_labels: vec![],
            }],
        )
    }

    fn names(md: &str) -> Vec<(String, bool)> {
        let recap = parse(md, "x.md", Format::Markdown);
        agenda_items(&recap, &vocab())
            .into_iter()
            .map(|i| (i.name, i.procedural))
            .collect()
    }

    #[test]
    fn items_under_discussion_heading() {
        let md = "## Attendees\n\n* A\n\n## Poorly timed\n\ntext\n\n## What we talked about\n\n### Config\n\nx\n\n### Next meeting\n\ny\n";
        assert_eq!(
            names(md),
            [
                ("Config".to_owned(), false),
                ("Next meeting".to_owned(), true)
            ]
        );
    }

    #[test]
    fn repo_groups_hold_list_items() {
        let md = "# TSC Meeting 2020-01-01\n\n## Present\n\n* A\n\n## Agenda\n\n### Announcements\n\n* news\n\n### nodejs/node\n\n* doc: a [#1](http://x)\n  * note\n* lib: b\n\n### nodejs/TSC\n\n* c\n";
        let got: Vec<_> = names(md).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Announcements", "doc: a #1", "lib: b", "c"]);
    }

    #[test]
    fn flat_h2_items() {
        let md = "# July 1, 2020 Meeting Notes\n\nA B (AB), C D (CD), E F (EF)\n\n## Agenda\n\n## Dynamic Modules\n\n(Ann)\n\n### Conclusion\n\n## Next meeting\n";
        let got = names(md);
        assert_eq!(
            got,
            [
                ("Agenda".to_owned(), false),
                ("Dynamic Modules".to_owned(), false),
                ("Next meeting".to_owned(), true)
            ]
        );
    }

    #[test]
    fn bullets_when_no_headings() {
        let md = "* first thing\n  * detail\n* second thing\n";
        let got: Vec<_> = names(md).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["first thing", "second thing"]);
    }
}
