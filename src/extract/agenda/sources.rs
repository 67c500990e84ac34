//! Where items come from: an explicit agenda list or table, the headings of the minutes,
//! grouping headings expanded into their items, and containers of discussion sections.

use super::*;
use crate::extract::{ExtractConfig, Vocabulary};
use crate::recap::{Block, Recap};

/// The meeting's explicit agenda list: the top-level items of a list under an agenda
/// heading ("## Agenda") or label ("Agenda:"), with the section that holds it.
pub(super) fn explicit_agenda(
    recap: &Recap,
    config: &ExtractConfig,
) -> Option<(usize, Vec<FoundItem>)> {
    for (i, s) in recap.sections.iter().enumerate() {
        if s.level > 0 && is_agenda_heading(&s.heading, config) {
            let items = list_items(recap, i, None);
            if !items.is_empty() {
                return Some((i, items));
            }
            let items = table_items(recap, i);
            if !items.is_empty() {
                return Some((i, items));
            }
        }
        // "Agenda:" as a line of its own, then a list.
        let mut open = false;
        let mut found = Vec::new();
        let section_end = recap.sections.get(i + 1).map_or(usize::MAX, |n| n.line);
        for b in &s.blocks {
            match b {
                // "Agenda:" alone, or as the last line of a paragraph of labels.
                Block::Paragraph { text, .. }
                    if text
                        .lines()
                        .last()
                        .is_some_and(|l| is_agenda_heading(l, config)) =>
                {
                    open = true;
                }
                Block::ListItem {
                    text,
                    depth: 0,
                    line,
                } if open => {
                    let name = text.lines().next().unwrap_or("").trim();
                    let name = name
                        .trim_start_matches("[ ] ")
                        .trim_start_matches("[x] ")
                        .trim();
                    if !name.is_empty() && !NOT_AN_ITEM.is_match(name) {
                        found.push(FoundItem {
                            name: name.to_owned(),
                            section: i,
                            lines: Some((*line, section_end)),
                            group: None,
                            procedural: false,
                            presenter: None,
                            duration: None,
                        });
                    }
                }
                Block::ListItem { .. } => {}
                _ if !found.is_empty() => break,
                _ => {}
            }
        }
        // Each list item's lines end where the next begins.
        let starts: Vec<usize> = found.iter().filter_map(|f| f.lines.map(|l| l.0)).collect();
        for (k, f) in found.iter_mut().enumerate() {
            if let (Some((a, end)), Some(next)) = (f.lines, starts.get(k + 1)) {
                f.lines = Some((a, (*next).min(end)));
            }
        }
        if !found.is_empty() {
            return Some((i, found));
        }
    }
    None
}

/// The rows of an agenda table: the column headed topic/item/subject (else the first
/// column that is not a time, number or person), with presenter and time columns read
/// into the item.
pub(super) fn table_items(recap: &Recap, index: usize) -> Vec<FoundItem> {
    let Some(Block::Table { header, rows, line }) = recap.sections[index]
        .blocks
        .iter()
        .find(|b| matches!(b, Block::Table { .. }))
    else {
        return Vec::new();
    };
    let col = |words: &[&str]| {
        header.iter().position(|h| {
            let n = norm(h);
            n.split(' ').any(|w| words.contains(&w))
        })
    };
    let presenter_col = col(&[
        "presenter",
        "presenters",
        "owner",
        "owners",
        "who",
        "lead",
        "speaker",
        "facilitator",
        "champion",
        "by",
        "name",
    ]);
    let time_col = col(&[
        "time", "duration", "min", "mins", "minutes", "timebox", "length",
    ]);
    let title_col = col(&[
        "topic",
        "topics",
        "item",
        "items",
        "subject",
        "title",
        "agenda",
        "description",
        "what",
    ])
    .filter(|c| Some(*c) != presenter_col)
    .or_else(|| {
        (0..header.len()).find(|c| {
            Some(*c) != presenter_col
                && Some(*c) != time_col
                && !norm(&header[*c])
                    .split(' ')
                    .any(|w| ["no", "number", "num", "n", "order"].contains(&w))
        })
    });
    let Some(title_col) = title_col else {
        return Vec::new();
    };
    rows.iter()
        .enumerate()
        .filter_map(|(k, row)| {
            let name = row.get(title_col)?.trim();
            if name.is_empty() || NOT_AN_ITEM.is_match(name) {
                return None;
            }
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
            };
            Some(FoundItem {
                name: name.to_owned(),
                section: index,
                lines: Some((line + 2 + k, line + 3 + k)),
                group: None,
                procedural: false,
                presenter: cell(presenter_col),
                duration: cell(time_col),
            })
        })
        .collect()
}

/// A heading that only groups others ("## Ordinary tickets", "### Reports"): it has
/// sub-headings that are items, and little text of its own.
pub(super) fn only_groups(recap: &Recap, index: usize, vocab: &Vocabulary) -> bool {
    let s = &recap.sections[index];
    let children: Vec<usize> = recap.children(index).collect();
    !children.is_empty()
        && vocab.procedural(&s.heading).is_none()
        && children.iter().any(|&c| {
            !is_structural(&recap.sections[c].heading)
                && vocab.procedural(&recap.sections[c].heading).is_none()
        })
        && s.blocks.iter().all(|b| match b {
            Block::Paragraph { text, .. } => text.len() <= 200,
            Block::ListItem { .. } => false,
            _ => true,
        })
}

/// Replaces grouping headings by the items under them, recursively.
pub(super) fn expand_groups(
    recap: &Recap,
    items: Vec<FoundItem>,
    vocab: &Vocabulary,
    depth: usize,
) -> Vec<FoundItem> {
    let mut out = Vec::new();
    for it in items {
        if depth < 4 && it.lines.is_none() && only_groups(recap, it.section, vocab) {
            let group = recap.sections[it.section].heading.clone();
            let children: Vec<FoundItem> = recap
                .children(it.section)
                .filter(|&c| !is_structural(&recap.sections[c].heading))
                .map(|c| FoundItem {
                    name: recap.sections[c].heading.clone(),
                    section: c,
                    lines: None,
                    group: Some(group.clone()),
                    procedural: false,
                    presenter: None,
                    duration: None,
                })
                .collect();
            out.extend(expand_groups(recap, children, vocab, depth + 1));
        } else {
            out.push(it);
        }
    }
    out
}

pub(super) fn is_group(recap: &Recap, index: usize) -> bool {
    let s = &recap.sections[index];
    GROUP.is_match(s.heading.trim()) || lists_tracked_things(recap, index)
}

/// A section under a heading that names no subject ("Tracked issues", "Beta
/// nominations") listing two or more tracked things (issues, pull requests, proposals),
/// one per top-level list item, each linked on the item's first line: a tracker's list,
/// whose entries are the items. (A subject's heading followed by its references stays
/// one item.)
fn lists_tracked_things(recap: &Recap, index: usize) -> bool {
    if !crate::extract::items::topicless(&recap.sections[index].heading) {
        return false;
    }
    let lines: Vec<usize> = recap.sections[index]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem { depth: 0, line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    lines.len() >= 2
        && lines.iter().all(|line| {
            recap.links.iter().any(|l| {
                l.line == *line && crate::extract::subjects::tracked_thing(&l.url).is_some()
            })
        })
}

/// Top-level list items of a section as agenda items.
pub(super) fn list_items(recap: &Recap, index: usize, group: Option<&str>) -> Vec<FoundItem> {
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
                presenter: None,
                duration: None,
            })
        })
        .collect()
}

/// Items of a group: its child headings, else its top-level list items.
pub(super) fn group_items(recap: &Recap, index: usize) -> Vec<FoundItem> {
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
                presenter: None,
                duration: None,
            })
            .collect()
    }
}

/// Items inside a container section.
pub(super) fn container_items(recap: &Recap, index: usize, vocab: &Vocabulary) -> Vec<FoundItem> {
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
                presenter: None,
                duration: None,
            });
        }
    }
    items
}
