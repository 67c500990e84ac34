//! The scanner: walks a recap's blocks keeping a stack of open lists and reads the
//! entries of each attendance section (lists, tables, comma lists, one name per line).

use std::sync::LazyLock;

use regex::Regex;

use super::*;
use crate::extract::config::{normalize_heading, ExtractConfig};
use crate::recap::{Block, Recap};

/// Splits "a, b (x, y); c" on commas and semicolons outside brackets, and a last
/// "b and c" into two when both sides are names.
pub(super) fn split_list(text: &str) -> Vec<String> {
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
pub(super) fn is_comma_list(text: &str) -> bool {
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

/// Where an open list ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Under a heading of this level: until the next heading at this level or above.
    Heading(u8),
    /// Under a list item at this depth: its nested items.
    Item(usize),
    /// After a label line: the rest of its paragraph, then one list or paragraph.
    Label,
}

pub(super) struct Open {
    kind: LabelKind,
    scope: Scope,
    list: usize,
    /// Blocks taken after a label line (it closes after its first list or paragraph).
    blocks_taken: usize,
    /// Depth of the first entry (deeper ones under an accepted person are notes).
    base_depth: Option<usize>,
}

pub(super) struct Scanner<'c> {
    config: &'c ExtractConfig,
    lists: Vec<ListTrace>,
    heading: Option<Open>,
    /// Open labels inside the heading's list, innermost last.
    inner: Vec<Open>,
}

impl<'c> Scanner<'c> {
    /// Walks `recap`'s blocks and returns every list it met (attendance or not), in order.
    pub(super) fn scan(recap: &Recap, config: &'c ExtractConfig) -> Vec<ListTrace> {
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
        scan.lists
    }
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

pub(super) static SPEAKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}{2,6}\d?:\s").expect("valid regex"));

/// A transcript line ("RJE: (housekeeping)", "Ann: I think …"): a speaker and what they
/// said, never an attendee entry.
pub(super) fn is_speaker_line(line: &str) -> bool {
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
pub(super) fn sub_group(line: &str) -> Option<(&str, &str)> {
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
pub(super) fn is_prose_line(line: &str) -> bool {
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

/// `("[x] ", rest)` / `("[ ] ", rest)` / `("", text)`.
pub(super) fn strip_box(text: &str) -> (&str, &str) {
    for b in ["[x] ", "[X] ", "[ ] "] {
        if let Some(rest) = text.strip_prefix(b) {
            return (b, rest);
        }
    }
    ("", text)
}
