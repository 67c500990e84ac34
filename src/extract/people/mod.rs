//! Attendee lists: finding every attendance section of a recap, wherever it sits, and
//! reading the people in it.
//!
//! Nothing here matches one team's wording. A section is an attendance section when its
//! label (a heading, a line of its own, a `Label:` line or a list item) is short and its
//! words include an attendance word ("attendees", "present", "participants", "roll call",
//! "sign in", …) or, for group words ("members", "visitors", "remote", …), when what
//! follows reads as names. Absence labels ("regrets", "apologies") and role labels
//! ("chair", "scribe", "note taker") close a section and give no attendees. Each entry
//! goes through [`read_entry`]: the notes around a name (handle, initials, organisation,
//! place, role, pronouns, e-mail) are taken apart by evidence, and a name plausibility
//! test rejects prose, prompts and placeholders. Every decision is kept in an
//! [`AttendanceTrace`] for `recapgraph explain`.

mod entry;
mod label;
mod scanner;

use serde::Serialize;

use super::config::{normalize_heading, ExtractConfig};
use super::Person;
use crate::recap::{Block, Recap};

pub use entry::*;
pub use label::*;
use scanner::*;

/// One entry considered for an attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryTrace {
    /// 1-based line.
    pub line: usize,
    /// The entry as written (markup removed).
    pub text: String,
    /// The name read from it, when it is a person.
    pub person: Option<String>,
    /// How the notes around the name were read ("organisation: Example Corp").
    pub read_as: Vec<String>,
    /// Why it is not an attendee, when it is not.
    pub rejected: Option<String>,
}

/// One attendance (or absence, or role) list found in the recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListTrace {
    /// The label that opened it, as written.
    pub label: String,
    /// What the label says the list is.
    pub kind: LabelKind,
    /// 1-based line of the label.
    pub line: usize,
    /// 1-based line of the last entry (the label's line when it has none).
    pub last_line: usize,
    /// True when its people are attendees.
    pub accepted: bool,
    /// Why the list as a whole was not taken, when it was not.
    pub reason: Option<String>,
    /// The entries, in order.
    pub entries: Vec<EntryTrace>,
}

/// The attendees of a recap and how they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The people, deduplicated, in list order.
    #[serde(skip)]
    pub people: Vec<Person>,
    /// Every list considered.
    pub lists: Vec<ListTrace>,
}

/// Finds every attendance list of a recap and returns its people, deduplicated, in
/// order, with the trace of what was considered.
#[must_use]
pub fn attendance(recap: &Recap, config: &ExtractConfig) -> Attendance {
    let mut lists = Scanner::scan(recap, config);
    let mut people = Vec::new();
    for list in &mut lists {
        judge(list);
        if list.accepted {
            for e in &list.entries {
                if e.rejected.is_none() {
                    if let Ok(mut p) = read_entry(strip_box(&e.text).1) {
                        if list.kind == LabelKind::Group && p.role.is_none() {
                            p.role = Some(list.label.clone()).filter(|l| {
                                label_kind(l, config) != Some(LabelKind::Group) || !l.is_empty()
                            });
                        }
                        people.push(p);
                    }
                }
            }
        }
    }
    // Within one list, people's notes are of one kind: when some are known places, the
    // other capitalised notes of that list are places too ("Moose Jaw, SK", "Saskatoon").
    place_notes_like_their_list(&lists, &mut people);
    // Inline "Name (ABBR), Name (ABBR), …" paragraphs before the first section, with or
    // without a label.
    {
        for s in recap.sections.iter().filter(|s| s.level <= 1) {
            for b in &s.blocks {
                if let Block::Paragraph { text, line } = b {
                    let found: Vec<Person> = text.lines().flat_map(inline_name_abbr).collect();
                    if !found.is_empty() {
                        lists.push(ListTrace {
                            label: String::new(),
                            kind: LabelKind::Attendance,
                            line: *line,
                            last_line: *line + text.lines().count().saturating_sub(1),
                            accepted: true,
                            reason: Some(
                                "no label: a paragraph of \"Name (INITIALS)\" entries".into(),
                            ),
                            entries: found
                                .iter()
                                .map(|p| EntryTrace {
                                    line: *line,
                                    text: p.name.clone(),
                                    person: Some(p.name.clone()),
                                    read_as: describe(p),
                                    rejected: None,
                                })
                                .collect(),
                        });
                        people.extend(found);
                    }
                }
            }
        }
    }
    Attendance {
        people: dedupe(people),
        lists,
    }
}

fn place_notes_like_their_list(lists: &[ListTrace], people: &mut [Person]) {
    for list in lists.iter().filter(|l| l.accepted) {
        let names: Vec<&str> = list
            .entries
            .iter()
            .filter(|e| e.rejected.is_none())
            .filter_map(|e| e.person.as_deref())
            .collect();
        let members = |p: &Person| names.contains(&p.name.as_str());
        let with_place = people
            .iter()
            .filter(|p| members(p) && p.place.is_some())
            .count();
        let with_org = people
            .iter()
            .filter(|p| members(p) && p.organization.is_some())
            .count();
        if with_place == 0 && with_org == 0 {
            continue;
        }
        let as_place = with_place >= with_org;
        for p in people.iter_mut().filter(|p| members(p)) {
            let capitalised = p.note.as_deref().is_some_and(|n| {
                n.split_whitespace().count() <= 3
                    && n.split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            });
            if capitalised && as_place && p.place.is_none() {
                p.place = p.note.take();
            } else if capitalised && !as_place && p.organization.is_none() {
                p.organization = p.note.take();
            }
        }
    }
}

fn describe(p: &Person) -> Vec<String> {
    let mut out = Vec::new();
    for a in &p.alternate_names {
        out.push(format!("alternate name: {a}"));
    }
    if let Some(o) = &p.organization {
        out.push(format!("organisation: {o}"));
    }
    if let Some(pl) = &p.place {
        out.push(format!("place: {pl}"));
    }
    if let Some(r) = &p.role {
        out.push(format!("role: {r}"));
    }
    if let Some(n) = &p.note {
        out.push(format!("note (kept out of the graph): {n}"));
    }
    out
}

/// Decides which entries of a list are attendees, and whether the list is one at all.
fn judge(list: &mut ListTrace) {
    let ticked = list
        .entries
        .iter()
        .filter(|e| {
            strip_box(&e.text).0.starts_with("[x") || strip_box(&e.text).0.starts_with("[X")
        })
        .count();
    let boxed = list
        .entries
        .iter()
        .filter(|e| !strip_box(&e.text).0.is_empty())
        .count();
    let mut names = 0usize;
    for e in &mut list.entries {
        let (mark, rest) = strip_box(&e.text);
        match read_entry(rest) {
            Ok(p) => {
                names += 1;
                e.person = Some(p.name.clone());
                e.read_as = describe(&p);
                if mark == "[ ] " {
                    e.rejected = Some("box not ticked: did not attend".into());
                }
            }
            Err(why) => e.rejected = Some(why),
        }
    }
    let total = list.entries.len();
    let _ = (ticked, boxed);
    match list.kind {
        LabelKind::Absent => {
            list.reason = Some("an absence list: these people were not there".into());
            for e in &mut list.entries {
                e.rejected.get_or_insert_with(|| "listed as absent".into());
            }
        }
        LabelKind::Role => {
            list.reason = Some("a role line, not the attendance list".into());
            for e in &mut list.entries {
                e.rejected
                    .get_or_insert_with(|| "named in a role line".into());
            }
        }
        LabelKind::Attendance | LabelKind::Group => {
            let tentative_ok = names * 10 >= total * 6;
            let ok = names >= 1 && names * 2 >= total;
            let group_needs = list.kind == LabelKind::Group;
            if total == 0 {
                list.reason = Some("no entries".into());
            } else if !ok || (group_needs && !tentative_ok) {
                list.reason = Some(format!(
                    "reads as prose, not a list of people ({names} of {total} entries are names)"
                ));
                for e in &mut list.entries {
                    e.rejected
                        .get_or_insert_with(|| "the list around it is not a list of people".into());
                }
            } else {
                list.accepted = true;
            }
        }
    }
}

/// People in an inline paragraph "Name (ABBR), Name (ABBR), …" (three or more).
fn inline_name_abbr(text: &str) -> Vec<Person> {
    let matches: Vec<_> = NAME_ABBR.captures_iter(text).collect();
    if matches.len() < 3 {
        return Vec::new();
    }
    matches
        .iter()
        .filter_map(|c| {
            let name = c.get(1)?.as_str().trim().trim_start_matches([',', ' ']);
            let name = name.rsplit(':').next().unwrap_or(name).trim();
            let mut p = parse_person(name)?;
            let abbr = c.get(2)?.as_str().to_owned();
            p.alternate_names.push(abbr);
            if let Some(note) = c.get(3).map(|m| m.as_str().trim_start_matches(',').trim()) {
                if !note.is_empty() {
                    p.role = Some(note.to_owned());
                }
            }
            Some(p)
        })
        .collect()
}

fn norm(s: &str) -> String {
    normalize_heading(s)
}

/// Merges entries naming the same person (same name, or a handle of one is the other's name).
fn dedupe(people: Vec<Person>) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for p in people {
        let key = norm(&p.name);
        let existing = out.iter_mut().find(|q| {
            norm(&q.name) == key
                || (!p.alternate_names.is_empty()
                    && p.alternate_names
                        .iter()
                        .any(|a| q.alternate_names.iter().any(|b| b.eq_ignore_ascii_case(a)))
                    && (norm(&q.name).starts_with(&key) || key.starts_with(&norm(&q.name))))
        });
        match existing {
            Some(q) => {
                for a in p.alternate_names {
                    if !q.alternate_names.contains(&a) {
                        q.alternate_names.push(a);
                    }
                }
                q.place = q.place.take().or(p.place);
                q.organization = q.organization.take().or(p.organization);
                q.role = q.role.take().or(p.role);
            }
            None => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::{parse, Format};

    fn person(entry: &str) -> Person {
        read_entry(entry).unwrap_or_else(|e| panic!("{entry} is a person: {e}"))
    }

    fn names(text: &str) -> Vec<String> {
        let r = parse(text, "notes/x.md", Format::Markdown);
        attendance(&r, &ExtractConfig::default())
            .people
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn entry_shapes() {
        let p = person("Anita Example (Moose Jaw, SK)");
        assert_eq!(p.place.as_deref(), Some("Moose Jaw, SK"));
        let p = person("Barton  - Example Software ");
        assert_eq!(
            (p.name.as_str(), p.organization.as_deref()),
            ("Barton", Some("Example Software"))
        );
        let p = person("Jane Roe @jroe (TSC)");
        assert_eq!(p.name, "Jane Roe");
        assert_eq!(p.alternate_names, ["jroe"]);
        assert_eq!(p.role.as_deref(), Some("TSC"));
        let p = person("Wanda Hollis (WH)");
        assert_eq!(p.alternate_names, ["WH"]);
        let p = person("Gale Gu (gg0121)");
        assert_eq!(p.alternate_names, ["gg0121"]);
        assert_eq!(
            person("Ann Lee (Mozilla)").organization.as_deref(),
            Some("Mozilla")
        );
        assert_eq!(person("Bo Doe <bo@example.com>").name, "Bo Doe");
        assert_eq!(
            person("Bo Doe <bo@example.com>").alternate_names,
            Vec::<String>::new()
        );
        assert_eq!(person("@octo-cat").name, "octo-cat");
        assert_eq!(person("Sam (@samx)").alternate_names, ["samx"]);
        assert_eq!(
            person("Rey Ode (she/her) (example.com) // GitHub:@rode").name,
            "Rey Ode"
        );
        assert_eq!(
            person("Kim Park, Example University")
                .organization
                .as_deref(),
            Some("Example University")
        );
        assert_eq!(
            person("Nina Ross (Frobnicator)").note.as_deref(),
            Some("Frobnicator")
        );
        assert_eq!(person("Ruben van Tassel (Ottawa)").name, "Ruben van Tassel");
        assert_eq!(person("1. Rui Vale (Example Corp)").name, "Rui Vale");
        for bad in [
            "None.",
            "Welcome to Owen and Ines, who were both at their first meetup.",
            "_attendee names..._",
            "add your name here",
            "(sign up here)",
            "forgot to record :)",
            "See the recording",
            "",
        ] {
            assert!(read_entry(bad).is_err(), "{bad} is no person");
        }
    }

    #[test]
    fn labels() {
        let c = ExtractConfig::default();
        let k = |t: &str| label_kind(t, &c);
        assert_eq!(
            k("Attendees (sign yourself in):"),
            Some(LabelKind::Attendance)
        );
        assert_eq!(k("Roll call"), Some(LabelKind::Attendance));
        assert_eq!(k("People present"), Some(LabelKind::Attendance));
        assert_eq!(k("In the room"), Some(LabelKind::Attendance));
        assert_eq!(k("Members"), Some(LabelKind::Group));
        assert_eq!(k("Remote"), Some(LabelKind::Group));
        assert_eq!(k("Regrets"), Some(LabelKind::Absent));
        assert_eq!(k("Not present"), Some(LabelKind::Absent));
        assert_eq!(k("Note taker"), Some(LabelKind::Role));
        assert_eq!(k("Chair and scribe"), Some(LabelKind::Role));
        assert_eq!(k("Presentations"), None);
        assert_eq!(k("Team updates"), None);
        assert_eq!(k("Membership requirements"), None);
    }

    #[test]
    fn list_shapes() {
        assert_eq!(
            names("# Sync\n\n## Attendees (sign yourself in):\n\n1. Rui Vale (Example Corp)\n2. Ann Lee\n\n## Notes\n\n- Ann: things\n"),
            ["Rui Vale", "Ann Lee"]
        );
        assert_eq!(
            names("# Sync\n\nSome notes.\n\n## Topic\n\nText.\n\nPresent: Ann Lee, Bo Ek,\nCy Dee and Di Fox\n"),
            ["Ann Lee", "Bo Ek", "Cy Dee", "Di Fox"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n**Members**\n* Sam (@sam1)\n* Ali\n\n**Visitors**\n* Zed\n\n## Regrets\n\n* Uma\n"),
            ["Sam", "Ali", "Zed"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\nAdd yourself!\n\n- [x] Ed Fal (EF)\n- [ ] Peg Mee (PM)\n- [x] tommy\n"),
            ["Ed Fal", "tommy"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n_attendee names..._\n\n## Agenda\n\n- Budget\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("# Sync\n\n## Attendance\n\n| Name | Company |\n|---|---|\n| Ann Lee | Example Corp |\n| Bo Ek | Other Ltd |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\nChair: Kay Oh\n\n## Present\n\n* Ann Lee\n  * joined late\n* Bo Ek\n\n## Scribes\n\n* Cy Dee\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Roll call\n\n- Jane Doe, Acme Inc (remote)\n- Raj Patel - Globex\n- @kim-l\n- Lee Chan <lee@example.org>\n"),
            ["Jane Doe", "Raj Patel", "kim-l", "Lee Chan"]
        );
        assert_eq!(
            names("# Sync\n\n## Budget\n\nWe spent money.\n\n---\n\n**Participants:** Alice Wong, Bob Marsh and Carla Diaz\n"),
            ["Alice Wong", "Bob Marsh", "Carla Diaz"]
        );
        assert_eq!(
            names("# Sync\n\n### Who's here\n\nAlice Wong\nBob Marsh\n\n### Topic one\n\nText here that is long.\n"),
            ["Alice Wong", "Bob Marsh"]
        );
        assert_eq!(
            names("# Sync\n\nIn attendance: Ann Lee; Bo Ek; Cy Dee\n\nApologies: Di Fox\n"),
            ["Ann Lee", "Bo Ek", "Cy Dee"]
        );
        assert_eq!(
            names("# Sync\n\n* Attendees:\n  * Ann Lee\n  * Bo Ek\n* Agenda:\n  * Budget\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Participants\n\n| # | Who | Organisation |\n|---|---|---|\n| 1 | Ann Lee | Acme |\n| 2 | Bo Ek | Globex |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\nAttendees: @ann-l @bo_ek @cy\n"),
            ["ann-l", "bo_ek", "cy"]
        );
        assert_eq!(
            names("# Sync\n\n## Topic\n\nText.\n\n## Attendance\n\nRui Vale (Example Corp),\nAnn Lee (Globex),\nBo Ek (Initech)\n"),
            ["Rui Vale", "Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n**Present**\n\n- Ann Lee\n- Bo Ek\n\n**Absent**\n\n- Cy Dee\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Attendees\n\n| | |\n|---|---|\n| Ann Lee | Globex |\n| Bo Ek | Initech |\n"),
            ["Ann Lee", "Bo Ek"]
        );
        assert_eq!(
            names("# Sync\n\n## Present and future of the parser\n\nWe talked about the parser for a long time and decided things.\n"),
            Vec::<String>::new()
        );
    }
}
