//! Decisions and action items: what a meeting decided and who owes what.
//!
//! An outcome is found by its label wherever it sits: a heading made of outcome words
//! ("Conclusion", "Action items", "Next steps", "Decisions"), a `Label:` line or list item
//! ("Resolution: …", "**Action Items:**", "Consensus: …"), a tag ("[ACTION] …", "… [ACTION]
//! sam"), or a tick box (`- [ ] @kim draft the post`). A heading's section, a label alone on
//! its line (the list or paragraph after it) and the rest of a label's line are its
//! content: each bullet (its sub-bullets joined to it) and each sentence of a paragraph is
//! one decision; each bullet or line is one action. Content that says nothing was
//! decided ("No conclusion", "None") records none. Each outcome belongs to the agenda item
//! whose discussion holds its line.

mod label;
mod owners;

use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use super::agenda::FoundItem;
use super::items::item_at;
use super::{Action, Decision, Person};
use crate::recap::{Block, Recap};
use label::{label_cue, leading, says_nothing, trailing_tag, Cue};

/// Where the content of an open label ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// The whole section under an outcome heading.
    Section,
    /// The next list (its items at depth `from` or deeper; `None` until one is seen) or,
    /// before any list, the next paragraph.
    Next { from: Option<usize> },
    /// The list right after a label line ending in ':' continues that one entry.
    Continue,
    /// Sub-bullets (at depth `from` or deeper) of a short or ':'-ending list entry
    /// continue it ("Consensus is:" over three bullets).
    Join { from: usize },
}

/// An entry read so far, before owners and sentences.
struct Entry {
    cue: Cue,
    text: String,
    line: usize,
    section: usize,
    ticked: bool,
    owner_hint: Option<String>,
    /// The entry came from a paragraph: a decision is split into sentences.
    prose: bool,
    /// How further list items join this entry, once one has.
    joiner: Option<&'static str>,
}

struct Scanner<'r> {
    recap: &'r Recap,
    /// Lines whose tick boxes are attendance or agenda entries, not actions.
    not_actions: &'r HashSet<usize>,
    /// The meeting's people, for reading who a tick box names.
    people: &'r [Person],
    entries: Vec<Entry>,
    open: Option<(Cue, Reach)>,
    /// The depth of the first item of the list an open label reads.
    list_depth: Option<usize>,
}

impl Scanner<'_> {
    /// Adds an entry; false when `text` records nothing.
    fn push(&mut self, cue: Cue, text: &str, line: usize, section: usize, prose: bool) -> bool {
        let text = text.trim();
        // "I have a reply already. No need to discuss this today.": nothing decided.
        // A remark in brackets ("(continued tomorrow)") or a question records nothing.
        let aside = text.starts_with('(') && text.ends_with(')');
        let question = cue == Cue::Decision && text.ends_with('?');
        if text.is_empty() || aside || question || sentences(text).iter().any(|s| says_nothing(s)) {
            return false;
        }
        self.entries.push(Entry {
            cue,
            text: text.to_owned(),
            line,
            section,
            ticked: false,
            owner_hint: None,
            prose,
            joiner: None,
        });
        true
    }

    /// Gives the last entry the owners a label or tag named.
    fn hint(&mut self, owners: Option<&str>) {
        if let (Some(o), Some(last)) = (owners, self.entries.last_mut()) {
            last.owner_hint = Some(o.to_owned());
        }
    }

    /// Joins `text` to the last entry: the items of a list after "… the following:" as
    /// "…: a, b, c", a sub-bullet as "…; detail".
    fn join_last(&mut self, text: &str) {
        if let Some(last) = self.entries.last_mut() {
            let sep = match last.joiner {
                Some(sep) => sep,
                // "…the following:" or a short lead-in ("Consensus is"): a list follows.
                None if last.text.ends_with(':') || last.text.split_whitespace().count() <= 3 => {
                    last.joiner = Some(", ");
                    " "
                }
                None => {
                    last.joiner = Some("; ");
                    "; "
                }
            };
            last.text.push_str(sep);
            last.text.push_str(text.trim());
        }
    }

    fn paragraph(&mut self, text: &str, first_line: usize, section: usize) {
        let lines: Vec<&str> = text.lines().collect();
        let reading = match self.open {
            Some((cue, Reach::Next { from: None })) => {
                // A label alone on its line reads one paragraph (or one list).
                self.open = None;
                Some(cue)
            }
            Some((_, Reach::Next { .. })) => {
                // After the list it read (or a list item's label), a paragraph ends it.
                self.open = None;
                None
            }
            // Under an outcome heading, paragraphs are its content until a list was read;
            // after the list, a paragraph is the discussion going on.
            Some((cue, Reach::Section)) if self.list_depth.is_none() => Some(cue),
            Some((_, Reach::Section)) => {
                self.open = None;
                None
            }
            Some((_, Reach::Join { .. })) => {
                self.open = None;
                None
            }
            Some((_, Reach::Continue)) => {
                self.open = None;
                None
            }
            None => None,
        };
        let mut prose: Vec<(usize, String, Option<String>)> = Vec::new();
        let mut current: Option<Cue> = reading;
        let mut opened_here = false;
        for (k, raw) in lines.iter().enumerate() {
            let line = first_line + k;
            // A list written inside a paragraph ("    - **Resolved** Yes" after a line).
            let raw = raw
                .trim_start()
                .strip_prefix(['-', '*', '+'])
                .filter(|r| r.starts_with(' '))
                .unwrap_or(raw);
            if let Some(l) = leading(raw) {
                self.flush(&mut prose, current, section);
                if l.rest.is_empty() {
                    current = Some(l.cue);
                    self.open = Some((l.cue, Reach::Next { from: None }));
                    self.list_depth = None;
                    opened_here = true;
                } else {
                    current = Some(l.cue);
                    prose.push((line, l.rest.to_owned(), l.owners.map(str::to_owned)));
                    if l.rest.ends_with(':') {
                        self.open = Some((l.cue, Reach::Continue));
                    }
                }
                continue;
            }
            if let Some((cue, before, after)) = trailing_tag(raw) {
                self.flush(&mut prose, current, section);
                self.push(cue, before, line, section, false);
                if let Some(last) = self.entries.last_mut() {
                    last.owner_hint = Some(after.to_owned());
                }
                continue;
            }
            if current.is_some() {
                prose.push((line, raw.to_owned(), None));
            }
        }
        // A label alone whose content followed it in the same paragraph is closed by the
        // paragraph's end.
        if opened_here && !prose.is_empty() && matches!(self.open, Some((_, Reach::Next { .. }))) {
            self.open = None;
        }
        self.flush(&mut prose, current, section);
    }

    /// Turns the collected lines of a paragraph into entries: one per line that starts a
    /// new statement ("(1) …", "Ann: …"), lines that wrap a sentence joined.
    fn flush(
        &mut self,
        prose: &mut Vec<(usize, String, Option<String>)>,
        cue: Option<Cue>,
        section: usize,
    ) {
        let Some(cue) = cue else {
            prose.clear();
            return;
        };
        let mut joined: Vec<(usize, String, Option<String>)> = Vec::new();
        for (line, text, hint) in prose.drain(..) {
            let starts_statement = text.trim_start().starts_with('(')
                || text
                    .split_once(": ")
                    .is_some_and(|(who, _)| !who.contains(' ') && who.len() <= 20);
            match joined.last_mut() {
                Some((_, t, _)) if !starts_statement && cue == Cue::Decision => {
                    t.push(' ');
                    t.push_str(text.trim());
                }
                _ => joined.push((line, text.trim().to_owned(), hint)),
            }
        }
        for (line, text, hint) in joined {
            if self.push(cue, &text, line, section, true) {
                self.hint(hint.as_deref());
            }
        }
    }

    fn list_item(&mut self, text: &str, depth: usize, line: usize, section: usize) {
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (ticked, unboxed) = match one_line.as_str() {
            t if t.starts_with("[x] ") || t.starts_with("[X] ") => (Some(true), &t[4..]),
            t if t.starts_with("[ ] ") => (Some(false), &t[4..]),
            t => (None, t),
        };
        // Content of an open label or heading.
        match self.open {
            Some((_, Reach::Continue)) => {
                self.join_last(unboxed);
                return;
            }
            Some((_, Reach::Join { from })) if depth >= from => {
                self.join_last(unboxed);
                return;
            }
            Some((_, Reach::Join { .. })) => self.open = None,
            Some((cue, Reach::Next { from: Some(d) })) if depth >= d => {
                self.content_item(cue, unboxed, ticked, depth, line, section);
                return;
            }
            Some((cue, Reach::Next { from: None })) => {
                self.open = Some((cue, Reach::Next { from: Some(depth) }));
                self.content_item(cue, unboxed, ticked, depth, line, section);
                return;
            }
            Some((_, Reach::Next { .. })) => self.open = None,
            Some((cue, Reach::Section)) => {
                self.content_item(cue, unboxed, ticked, depth, line, section);
                return;
            }
            None => {}
        }
        if let Some(l) = leading(unboxed) {
            if l.rest.is_empty() {
                self.open = Some((
                    l.cue,
                    Reach::Next {
                        from: Some(depth + 1),
                    },
                ));
                self.list_depth = None;
            } else {
                if self.push(l.cue, l.rest, line, section, false) {
                    self.hint(l.owners);
                    self.mark(ticked);
                }
                if l.rest.ends_with(':') || l.rest.split_whitespace().count() <= 3 {
                    self.open = Some((l.cue, Reach::Join { from: depth + 1 }));
                }
            }
            return;
        }
        if let Some((cue, before, after)) = trailing_tag(unboxed) {
            self.push(cue, before, line, section, false);
            if let Some(last) = self.entries.last_mut() {
                last.owner_hint = Some(after.to_owned());
            }
            return;
        }
        // A tick box outside an action section is an action when it says who does what
        // ("[ ] @kim to draft the post"); checklists of topics or of names are not.
        if ticked.is_some()
            && !self.not_actions.contains(&line)
            && !owners::assigned_owners(unboxed, self.people).is_empty()
        {
            self.push(Cue::Action, unboxed, line, section, false);
            self.mark(ticked);
        }
    }

    /// A list item inside an outcome's content: a new entry at the list's first depth,
    /// joined to the entry above when deeper.
    fn content_item(
        &mut self,
        cue: Cue,
        text: &str,
        ticked: Option<bool>,
        depth: usize,
        line: usize,
        section: usize,
    ) {
        let top = *self.list_depth.get_or_insert(depth);
        if depth > top && !self.entries.is_empty() {
            self.join_last(text);
        } else {
            self.list_depth = Some(depth.min(top));
            let (cue, text, owners) = match leading(text) {
                Some(l) if !l.rest.is_empty() => (l.cue, l.rest, l.owners),
                _ => (cue, text, None),
            };
            if self.push(cue, text, line, section, false) {
                self.hint(owners);
                self.mark(ticked);
            }
        }
    }

    /// A table under an outcome label: one entry per row, its text from the column headed
    /// like the outcome ("Action", "Decision", "Task", "Description", else the first),
    /// owners from an "Owner"/"Assignee"/"Who" column, done from a "Status" column.
    fn table(
        &mut self,
        cue: Cue,
        header: &[String],
        rows: &[Vec<String>],
        line: usize,
        section: usize,
    ) {
        let col = |words: &[&str]| {
            header.iter().position(|h| {
                let h = h.to_lowercase();
                words
                    .iter()
                    .any(|w| h.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
            })
        };
        let text_col = col(&[
            "action",
            "actions",
            "decision",
            "decisions",
            "task",
            "tasks",
            "item",
            "description",
            "what",
            "resolution",
            "conclusion",
            "todo",
        ])
        .unwrap_or(0);
        let owner_col = col(&[
            "owner",
            "owners",
            "assignee",
            "assignees",
            "who",
            "responsible",
            "lead",
        ]);
        let due_col = col(&["due", "deadline", "by", "when", "date"]);
        let status_col = col(&["status", "done", "state"]);
        for (k, row) in rows.iter().enumerate() {
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or("", |s| s.trim());
            let mut text = cell(Some(text_col)).to_owned();
            if text.is_empty() {
                continue;
            }
            let due = cell(due_col);
            if !due.is_empty() && cue != Cue::Decision {
                text = format!("{text} (due {due})");
            }
            // Header, separator row, then the rows.
            if self.push(cue, &text, line + 2 + k, section, false) {
                let owner = cell(owner_col);
                self.hint((!owner.is_empty()).then_some(owner));
                let status = cell(status_col).to_lowercase();
                if owners::is_done(&status, false) || status == "yes" || status == "x" {
                    self.mark(Some(true));
                }
            }
        }
    }

    fn mark(&mut self, ticked: Option<bool>) {
        if let (Some(t), Some(last)) = (ticked, self.entries.last_mut()) {
            last.ticked = t;
        }
    }
}

/// Every decision and action of `recap`, tied to the agenda items in `items` (the
/// meeting's, in order) and with owners resolved against `people`. `not_actions` holds
/// the lines of attendance and agenda entries, whose tick boxes are no actions.
pub(super) fn outcomes(
    recap: &Recap,
    items: &[FoundItem],
    people: &[Person],
    not_actions: &HashSet<usize>,
) -> (Vec<Decision>, Vec<Action>) {
    let mut scan = Scanner {
        recap,
        not_actions,
        people,
        entries: Vec::new(),
        open: None,
        list_depth: None,
    };
    for (si, s) in recap.sections.iter().enumerate() {
        scan.open = (s.level > 0)
            .then(|| label_cue(&s.heading))
            .flatten()
            .map(|cue| (cue, Reach::Section));
        scan.list_depth = None;
        for b in &s.blocks {
            match b {
                Block::Paragraph { text, line } => scan.paragraph(text, *line, si),
                Block::ListItem { text, depth, line } => scan.list_item(text, *depth, *line, si),
                Block::Table { header, rows, line } => {
                    // A table says what it lists by its header ("Action | Owner | Due"),
                    // else by the label it sits under.
                    let by_header = header.iter().find_map(|h| label_cue(h));
                    if let Some(cue) = by_header.or(scan.open.map(|(cue, _)| cue)) {
                        scan.table(cue, header, rows, *line, si);
                    }
                    if !matches!(scan.open, Some((_, Reach::Section))) {
                        scan.open = None;
                    }
                }
                Block::Code { .. } => {
                    if !matches!(scan.open, Some((_, Reach::Section))) {
                        scan.open = None;
                    }
                }
            }
        }
    }
    finish(scan, items, people)
}

/// The sentences of `text` (Unicode sentence boundaries), except where a boundary has no
/// space after it ("!=", ".Equals", "v8.x") or the next part starts in lower case
/// ("e.g. the"): those stay one sentence.
fn sentences(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split_sentence_bounds() {
        let glued = out.last().is_some_and(|prev| {
            !prev.ends_with(char::is_whitespace)
                || piece
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_punctuation())
        });
        match out.last_mut() {
            Some(prev) if glued => prev.push_str(piece),
            _ => out.push(piece.to_owned()),
        }
    }
    out
}

fn finish(
    scan: Scanner<'_>,
    items: &[FoundItem],
    people: &[Person],
) -> (Vec<Decision>, Vec<Action>) {
    let recap = scan.recap;
    let mut decisions = Vec::new();
    let mut actions = Vec::new();
    for mut e in scan.entries {
        let agenda_item = item_at(recap, items, e.section, e.line);
        if e.cue == Cue::Mixed {
            // Who does what is an action; the rest was decided.
            let names_owner = e.owner_hint.is_some()
                || e.text.starts_with("[ ] ")
                || e.ticked
                || !owners::subject_owners(&e.text, people).is_empty();
            e.cue = if names_owner {
                Cue::Action
            } else {
                Cue::Decision
            };
        }
        match e.cue {
            Cue::Decision if e.prose => {
                for sentence in sentences(&e.text) {
                    let sentence = sentence.trim();
                    if !sentence.is_empty() && !says_nothing(sentence) && !sentence.ends_with('?') {
                        decisions.push(Decision {
                            text: sentence.to_owned(),
                            line: e.line,
                            agenda_item,
                        });
                    }
                }
            }
            Cue::Decision => decisions.push(Decision {
                text: e.text,
                line: e.line,
                agenda_item,
            }),
            Cue::Action | Cue::Review | Cue::Mixed => {
                let (text, ticked) = match e
                    .text
                    .strip_prefix("[x] ")
                    .or_else(|| e.text.strip_prefix("[X] "))
                {
                    Some(t) => (t.to_owned(), true),
                    None => (
                        e.text.strip_prefix("[ ] ").unwrap_or(&e.text).to_owned(),
                        e.ticked,
                    ),
                };
                actions.push(Action {
                    owners: owners::owners(&text, e.owner_hint.as_deref(), people),
                    done: owners::is_done(&text, ticked),
                    due: owners::due_date(&text),
                    text,
                    line: e.line,
                    agenda_item,
                    review: e.cue == Cue::Review,
                });
            }
        }
    }
    (decisions, actions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::{parse, Format};

    fn read(text: &str) -> (Vec<Decision>, Vec<Action>) {
        let recap = parse(text, "notes/2024-05-02.md", Format::Markdown);
        outcomes(&recap, &[], &[], &HashSet::new())
    }

    #[test]
    fn an_outcome_heading_ends_where_the_discussion_goes_on() {
        let (d, _) = read(
            "# Sync\n\n### Conclusion\n\n* Ship the beta\n* Lee reviews the docs\n\n\
             AB: Is the review done already?\n\nCD: Not yet, next week.\n",
        );
        let texts: Vec<&str> = d.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Ship the beta", "Lee reviews the docs"]);
    }

    #[test]
    fn a_short_lead_in_takes_its_sub_bullets_and_asides_record_nothing() {
        let (d, _) = read(
            "# Sync\n\n* Consensus is\n  * the API stays experimental\n  * docs first\n\
             * Other business\n\nConclusion: (continued tomorrow)\n\nDecision: Do we ship?\n",
        );
        let texts: Vec<&str> = d.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Consensus is the API stays experimental, docs first"]
        );
    }

    #[test]
    fn tick_boxes_are_actions_only_when_they_assign() {
        let (_, a) = read(
            "# Sync\n\n## Triage\n\n* [ ] Review last week's items\n* [x] spreadsheet has been made\n\
             * [ ] Parser can be bypassed by a macro\n* [ ] @kim to draft the release post\n",
        );
        let texts: Vec<&str> = a.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["@kim to draft the release post"]);
        assert_eq!(a[0].owners[0].name, "kim");
    }
}
