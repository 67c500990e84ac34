//! Agenda items: which headings or list items are the things a meeting discussed.
//!
//! Three shapes, tried in order: items under a discussion heading ("What we talked
//! about", "Minutes"), with group headings ("### nodejs/node", "Proposed FCPs") whose
//! entries are the items; top-level group sections; and, failing both, every heading one
//! level below the title.

mod sources;
mod title;

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{AGENDA_WORDS, CONTAINERS, META_WORDS, STRUCTURAL};
use super::people::is_attendee_heading;
use super::{ExtractConfig, Vocabulary};
use crate::recap::Recap;
use sources::*;
pub use title::*;

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
    /// A presenter or facilitator annotation split off the title ("(Jane Doe, 10 min)").
    pub presenter: Option<String>,
    /// A time box split off the title ("10 min").
    pub duration: Option<String>,
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
    if n.is_empty() || STRUCTURAL.contains(&n.as_str()) || is_attendee_heading(heading) {
        return true;
    }
    let words: Vec<&str> = n
        .split(' ')
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // "Date, Time and Location", "Next Date", "Quote of the Day", "Date: 2019-10-23".
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| META_WORDS.contains(w))
        && !n.contains("next meeting")
        && !matches!(
            n.as_str(),
            "agenda" | "notes" | "topics" | "meeting notes" | "summary"
        )
}

/// True when a heading or label opens the meeting's agenda list ("Agenda", "Today's
/// agenda", "Proposed agenda", or a configured heading).
#[must_use]
pub fn is_agenda_heading(text: &str, config: &ExtractConfig) -> bool {
    let t = text.trim().trim_end_matches(':');
    if config.is_agenda_heading(t) {
        return true;
    }
    let n = norm(t);
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    words.contains(&"agenda") && words.len() <= 5 && words.iter().all(|w| AGENDA_WORDS.contains(w))
}

/// Two titles for the same item: the agenda's wording and the minutes' heading.
fn same_item(a: &str, b: &str) -> bool {
    static NOISE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"https?://\S+|\([^()]*\)|<[^<>]*>").expect("valid regex"));
    let (a, b) = (
        norm(&NOISE.replace_all(a, " ")),
        norm(&NOISE.replace_all(b, " ")),
    );
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || (a.len() >= 8 && b.contains(&a)) || (b.len() >= 8 && a.contains(&b)) {
        return true;
    }
    let wa: std::collections::BTreeSet<&str> = a.split(' ').collect();
    let wb: std::collections::BTreeSet<&str> = b.split(' ').collect();
    let inter = wa.intersection(&wb).count();
    let union = wa.union(&wb).count();
    union > 0 && inter * 2 >= union && inter >= 2
}

/// True when a heading above `section` is the discussion of a planned item (the
/// minutes' sub-sections of an agenda item are no items of their own).
fn under_planned_heading(recap: &Recap, section: usize, planned: &[FoundItem]) -> bool {
    let mut cur = recap.sections.get(section).and_then(|s| s.parent);
    while let Some(i) = cur {
        let s = &recap.sections[i];
        if s.level > 1 && planned.iter().any(|p| same_item(&p.name, &s.heading)) {
            return true;
        }
        cur = s.parent;
    }
    false
}

/// The recap's agenda items in order, procedural ones marked.
#[must_use]
pub fn agenda_items(recap: &Recap, vocab: &Vocabulary) -> Vec<FoundItem> {
    let config = ExtractConfig::default();
    let attendance = super::people::attendance(recap, &config);
    agenda_items_with(recap, vocab, &config, &attendance.lists)
}

/// The recap's agenda items with a folder's settings, given the attendance lists found
/// in it (their lines hold people, never items). An explicit agenda list gives the items
/// in its wording; headings of the minutes that match one of them hold its discussion,
/// and headings that match none are items too (discussed, not planned).
#[must_use]
pub fn agenda_items_with(
    recap: &Recap,
    vocab: &Vocabulary,
    config: &ExtractConfig,
    attendance: &[super::people::ListTrace],
) -> Vec<FoundItem> {
    let attendance: Vec<(usize, usize)> = attendance
        .iter()
        .filter(|l| l.accepted)
        .map(|l| (l.line, l.last_line))
        .collect();
    let in_attendance = |it: &FoundItem| match it.lines {
        Some((a, _)) => attendance.iter().any(|&(s, e)| a >= s && a <= e),
        // A heading that opened an accepted list ("Crew on deck" from a config).
        None => recap
            .sections
            .get(it.section)
            .is_some_and(|s| attendance.iter().any(|&(l, _)| l == s.line)),
    };
    let minutes: Vec<FoundItem> = find_items(recap, vocab)
        .into_iter()
        .filter(|it| !in_attendance(it))
        .collect();
    let mut items = match explicit_agenda(recap, config) {
        Some((agenda_section, mut planned)) => {
            for p in &mut planned {
                let (title, presenter, duration) = split_annotations(&p.name);
                p.name = title;
                p.presenter = presenter.or(p.presenter.take());
                p.duration = duration.or(p.duration.take());
            }
            let mut extra = Vec::new();
            for m in minutes {
                if m.section == agenda_section && m.lines.is_some() {
                    continue;
                }
                let (title, presenter, duration) = split_annotations(&m.name);
                if let Some(p) = planned
                    .iter_mut()
                    .find(|p| p.lines.is_some() && same_item(&p.name, &title))
                {
                    p.section = m.section;
                    p.lines = m.lines;
                    p.group = p.group.take().or(m.group);
                    p.presenter = p.presenter.take().or(presenter);
                    p.duration = p.duration.take().or(duration);
                } else if m.lines.is_none()
                    && !is_agenda_heading(&m.name, config)
                    && !is_title_heading(recap, m.section)
                    && !planned.iter().any(|p| {
                        p.lines.is_none()
                            && p.section != m.section
                            && recap.is_within(m.section, p.section)
                    })
                    && !under_planned_heading(recap, m.section, &planned)
                {
                    extra.push(FoundItem {
                        name: title,
                        presenter,
                        duration,
                        ..m
                    });
                }
            }
            planned.extend(extra);
            planned
        }
        None => minutes
            .into_iter()
            .map(|mut m| {
                let (title, presenter, duration) = split_annotations(&m.name);
                m.name = title;
                m.presenter = presenter;
                m.duration = duration;
                m
            })
            .collect(),
    };
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
            || (best.is_empty() && !items.is_empty())
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
                .filter(|(i, _)| !is_title_heading(recap, *i))
                .map(|(i, s)| FoundItem {
                    name: s.heading.clone(),
                    section: i,
                    lines: None,
                    group: None,
                    procedural: false,
                    presenter: None,
                    duration: None,
                })
                .collect()
        };
        let mut items = at(top);
        if items.iter().all(|it| vocab.procedural(&it.name).is_some()) {
            // Only procedural headings up there (or none): the items sit lower down, e.g.
            // under the attendee list or an "# Agenda"; keep the procedural ones in
            // document order.
            for deeper in top + 1..=6 {
                let below = at(deeper);
                if below.iter().any(|it| vocab.procedural(&it.name).is_none()) {
                    items.extend(below);
                    items.sort_by_key(|it| it.section);
                    break;
                }
            }
        }
        if !items.is_empty() {
            return expand_groups(recap, items, vocab, 0);
        }
    }
    // 4. No headings at all: the top-level bullets of the body.
    if sections.iter().all(|s| s.level <= 1) {
        let index = sections.iter().rposition(|s| s.level <= 1).unwrap_or(0);
        return list_items(recap, index, None);
    }
    Vec::new()
}

/// In a file without a level-1 heading, a first heading that is plainly its title
/// ("## Build WG Minutes - 3-14-19" right above "## Attendees"): dated or calling itself
/// a meeting, with nothing under it.
fn is_title_heading(recap: &Recap, index: usize) -> bool {
    static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(meeting|minutes|notes|call|sync|agenda|standup|retro)\b")
            .expect("valid regex")
    });
    recap.h1.is_none()
        && recap.sections.iter().position(|s| s.level > 0) == Some(index)
        && recap.sections[index].blocks.is_empty()
        && recap.children(index).next().is_none()
        && {
            let h = &recap.sections[index].heading;
            TITLE_WORDS.is_match(h) || !crate::recap::find_dates(h).is_empty()
        }
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

    fn items_of(md: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let recap = parse(md, "x.md", Format::Markdown);
        agenda_items(&recap, &vocab())
            .into_iter()
            .map(|i| (i.name, i.presenter, i.duration))
            .collect()
    }

    #[test]
    fn explicit_agenda_lists_and_tables() {
        let md = "# Sync 2024-01-02\n\n## Agenda\n\n1. Budget review (Jane Doe, 10 min)\n2. [Facilitator: Bo Ek] Hiring plan\n3. Office move - Cy Dee/Di Fox\n4. Never reached\n\n## Notes\n\n### Budget review\n\ntext\n\n### Something else\n\nmore\n";
        let got = items_of(md);
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "Budget review",
                "Hiring plan",
                "Office move",
                "Never reached",
                "Something else"
            ]
        );
        assert_eq!(got[0].1.as_deref(), Some("Jane Doe"));
        assert_eq!(got[0].2.as_deref(), Some("10 min"));
        assert_eq!(got[1].1.as_deref(), Some("Bo Ek"));
        assert_eq!(got[2].1.as_deref(), Some("Cy Dee/Di Fox"));
        let md = "# Sync 2024-01-02\n\n## Agenda\n\n| Time | Topic | Presenter |\n|---|---|---|\n| 10m | Roadmap | Ann Lee |\n| 5m | Budget | Bo Ek |\n";
        let got = items_of(md);
        assert_eq!(
            got[0],
            ("Roadmap".into(), Some("Ann Lee".into()), Some("10m".into()))
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn item_labels() {
        assert_eq!(split_annotations("Topic: Budget review").0, "Budget review");
        assert_eq!(
            split_annotations("Agenda item 3: Budget review").0,
            "Budget review"
        );
    }

    #[test]
    fn annotations() {
        assert_eq!(
            split_annotations("Fix the build <@octo>").0,
            "Fix the build"
        );
        assert_eq!(
            split_annotations("Fix the build (if time allows)").0,
            "Fix the build"
        );
        assert_eq!(
            split_annotations("Parser rewrite (by kim-o)").1.as_deref(),
            Some("kim-o")
        );
        assert_eq!(
            split_annotations("Parser rewrite (ann-b)").1.as_deref(),
            Some("ann-b")
        );
        assert_eq!(
            split_annotations("Parser rewrite (draft)").0,
            "Parser rewrite (draft)"
        );
        assert_eq!(
            split_annotations("[Bug #123] Crash on start").0,
            "[Bug #123] Crash on start"
        );
        assert_eq!(
            split_annotations("Support for Windows (Linux too)").0,
            "Support for Windows (Linux too)"
        );
        assert_eq!(split_annotations("Release - 2.0").0, "Release - 2.0");
        let (t, who, _) = split_annotations(
            "Loading (see [dev:4177]) and files (if we have some time (low priority), by kim)",
        );
        assert_eq!(t, "Loading (see [dev:4177]) and files");
        assert_eq!(who.as_deref(), Some("kim"));
        let (t, who, _) = split_annotations("(@ann-b) Release scheduling");
        assert_eq!(
            (t.as_str(), who.as_deref()),
            ("Release scheduling", Some("ann-b"))
        );
        assert_eq!(
            split_annotations("Tracer interface. See [[links]]").0,
            "Tracer interface"
        );
    }

    #[test]
    fn grouping_headings_hold_items() {
        let md = "# Board meeting 2024-01-02\n\n## Date, time and location\n\nOnline\n\n## Reports\n\n### Treasury\n\nx\n\n### Outreach\n\ny\n\n## Proposals\n\n### New logo\n\nz\n\n## Next date\n\n2024-02-02\n";
        let got: Vec<_> = names(md).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Treasury", "Outreach", "New logo"]);
    }

    #[test]
    fn bullets_when_no_headings() {
        let md = "* first thing\n  * detail\n* second thing\n";
        let got: Vec<_> = names(md).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["first thing", "second thing"]);
    }
}
