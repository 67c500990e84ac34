//! Attendee lists: finding the attendee part of a recap and reading the people in it.
//!
//! Each list shape is a small recogniser over [`Block`]s: bullets "Name (Place)",
//! "Name - Org", "Name @handle (role)", labelled comma lists ("Team members: a, b"),
//! tables with a Name column, and inline paragraphs "Name (ABBR), Name (ABBR), …".

use std::sync::LazyLock;

use regex::Regex;

use super::Person;
use crate::recap::{Block, Recap};

/// Headings (normalised: lower-case, no punctuation) that open an attendee list.
const ATTENDEE_HEADINGS: &[&str] = &[
    "attendees",
    "attendee",
    "attendee list",
    "who attended",
    "who was there",
    "present",
    "people present",
    "members present",
    "participants",
    "attendance",
    "attending",
    "in attendance",
    "in person attendees",
    "in-person attendees",
    "remote attendees",
    "remote and in person attendees",
    "remote",
    "people",
    "tsc",
    "observers",
];

/// Headings or labels under an attendee list that name people who were *not* there.
const ABSENT_LABELS: &[&str] = &[
    "regrets",
    "not present",
    "absent",
    "apologies",
    "apologies from",
    "excused",
    "unable to attend",
];

/// Words that, in parentheses after a name, give a role rather than a place.
const ROLE_WORDS: &[&str] = &[
    "tsc",
    "ctc",
    "tc",
    "observer",
    "guest",
    "member",
    "voting",
    "regular",
    "chair",
    "facilitator",
    "moderator",
    "scribe",
    "note",
    "notes",
    "taker",
    "host",
    "invited",
    "nominee",
    "representative",
    "lead",
    "admin",
    "secretary",
    "editor",
    "staff",
    "board",
    "liaison",
    "speaker",
    "presenter",
    "organizer",
    "organiser",
    "emeritus",
    "intern",
    "contractor",
    "maintainer",
    "ecma",
    "delegate",
    "expert",
    "partial",
    "late",
    "min",
    "via",
    "phone",
    "remote",
    "hangouts",
    "time",
    "left",
    "early",
    "team",
    "collaborator",
    "champion",
    "rep",
    "foundation",
];

/// Suffixes and words that mark an organisation rather than a place.
const ORG_WORDS: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "corp",
    "corporation",
    "gmbh",
    "university",
    "univ",
    "labs",
    "lab",
    "foundation",
    "company",
    "group",
    "software",
    "systems",
    "technologies",
    "google",
    "microsoft",
    "mozilla",
    "apple",
    "ibm",
    "intel",
    "red hat",
    "redhat",
    "joyent",
    "nodesource",
    "igalia",
    "bloomberg",
    "facebook",
    "meta",
    "amazon",
    "aws",
    "netflix",
    "paypal",
    "oracle",
    "salesforce",
    "shopify",
    "vercel",
    "cloudflare",
    "fastly",
    "github",
    "gitlab",
    "npm",
    "cybera",
    "rackspace",
    "enovance",
    "canonical",
    "suse",
    "huawei",
    "alibaba",
    "tencent",
    "yahoo",
    "linkedin",
    "twitter",
    "agoric",
    "moddable",
    "bocoup",
    "invitedexpert",
    "invited expert",
];

/// Entries that are not people.
const NOT_NAMES: &[&str] = &[
    "none",
    "n a",
    "na",
    "tbd",
    "tba",
    "nobody",
    "no one",
    "everyone",
    "all",
    "others",
    "other",
    "team members",
    "team",
    "members",
    "guests",
    "observers",
    "remote",
    "in person",
    "unknown",
];

static AT_HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)@([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9])")
        .expect("valid regex")
});
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)").expect("valid regex"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?").expect("valid regex")
});
static LABELLED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(team members|team|members|others|other|not team|non-team|guests?|observers?|attending|present|remote|in[- ]person|attendees|participants|people)\s*:\s*(.*)$")
        .expect("valid regex")
});
/// "Name (ABBR" with an abbreviation of capitals, as tc39 writes its attendee paragraphs.
static NAME_ABBR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{L}][\p{L}\p{M}'’.\- ]*?[\p{L}\p{M}.])\s*\(([\p{Lu}]{1,6}\d?)((?:,[^()]*)?)\)")
        .expect("valid regex")
});
static ABBR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Lu}]{1,6}\d?$").expect("valid regex"));
static DASH_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[-–—]+\s*").expect("valid regex"));

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when a heading or label opens an attendee list.
#[must_use]
pub fn is_attendee_heading(heading: &str) -> bool {
    let n = norm(heading);
    ATTENDEE_HEADINGS.contains(&n.as_str())
        || ATTENDEE_HEADINGS.contains(&n.replace('-', " ").as_str())
}

fn is_absent_label(text: &str) -> bool {
    let n = norm(text.trim_end_matches(':'));
    ABSENT_LABELS.iter().any(|l| {
        n.strip_prefix(l)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Reads one entry ("Jane Roe (Halifax)", "jroe", "[Jane](url) @jroe (TSC)") as a person.
#[must_use]
pub fn parse_person(entry: &str) -> Option<Person> {
    let mut text = entry.trim().to_owned();
    // Markdown leftovers and trailing notes.
    text = text
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace())
        .to_owned();
    text = EMAIL.replace_all(&text, " ").into_owned();
    let mut person = Person::default();
    for c in AT_HANDLE.captures_iter(&text.clone()) {
        if let Some(h) = c.get(1) {
            person.alternate_names.push(h.as_str().to_owned());
        }
    }
    text = AT_HANDLE.replace_all(&text, " ").into_owned();
    let mut parens = Vec::new();
    for c in PAREN.captures_iter(&text.clone()) {
        if let Some(p) = c.get(1) {
            parens.push(p.as_str().trim().to_owned());
        }
    }
    text = PAREN.replace_all(&text, " ").into_owned();
    // Unclosed parenthesis: drop the rest.
    if let Some(i) = text.find('(') {
        text.truncate(i);
    }
    let mut name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    name = name
        .trim_end_matches(['.', ',', ';', ':', '-'])
        .trim()
        .to_owned();
    // "Name - Org" / "Name — note".
    if let Some(m) = DASH_SPLIT.find(&name) {
        let (left, right) = (
            name[..m.start()].trim().to_owned(),
            name[m.end()..].trim().to_owned(),
        );
        if !right.is_empty() {
            let (is_role, _) = classify_role(&right);
            if is_role || right.split_whitespace().count() > 4 {
                person.role = Some(right);
            } else {
                person.organization = Some(right);
            }
        }
        name = left;
    } else if let Some((left, right)) = name.split_once(", ") {
        // "Name, Org" when the left part looks like a full name.
        if looks_like_name(left) && left.contains(' ') && !right.is_empty() {
            person.organization = Some(right.trim().to_owned());
            name = left.trim().to_owned();
        }
    }
    for p in parens {
        classify_paren(&p, &name, &mut person);
    }
    if !looks_like_name(&name) {
        return None;
    }
    person.name = name;
    person.alternate_names.dedup();
    Some(person)
}

fn classify_role(text: &str) -> (bool, String) {
    let n = norm(text);
    let is_role = n.split([' ', '-']).any(|w| ROLE_WORDS.contains(&w)) || n.contains("min late");
    (is_role, n)
}

fn classify_paren(p: &str, name: &str, person: &mut Person) {
    if p.is_empty() {
        return;
    }
    let (is_role, n) = classify_role(p);
    let first_letter = name.chars().next().map(|c| c.to_uppercase().to_string());
    if let Some(h) = p.strip_prefix('@') {
        person.alternate_names.push(h.to_owned());
    } else if ABBR.is_match(p) && !is_role && first_letter.is_some_and(|f| p.starts_with(&f)) {
        person.alternate_names.push(p.to_owned());
    } else if is_role {
        person.role = Some(p.to_owned());
    } else if ORG_WORDS.iter().any(|w| {
        n == *w
            || n.split(' ').any(|x| x == *w)
            || n.strip_suffix(w).is_some_and(|r| r.ends_with(' '))
    }) {
        person.organization = Some(p.to_owned());
    } else if !p.contains(' ')
        && p.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        // "Gary Guo (nbdd0121)": a lower-case single token is a handle.
        person.alternate_names.push(p.to_owned());
    } else if ABBR.is_match(p) {
        person.role = Some(p.to_owned());
    } else if p.chars().next().is_some_and(char::is_uppercase) && p.split_whitespace().count() <= 4
    {
        person.place = Some(p.to_owned());
    } else {
        person.role = Some(p.to_owned());
    }
}

/// A plausible personal name or handle: 1–6 words, starting with a letter, no sentence.
#[must_use]
pub fn looks_like_name(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 60 {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    if !t.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if t.contains([
        ':', '!', '?', '/', '=', '<', '>', '[', ']', '{', '}', '|', '#', '"',
    ]) {
        return false;
    }
    if NOT_NAMES.contains(&norm(t).as_str()) {
        return false;
    }
    // Function words make a phrase prose, not a name ("Welcome to Owen and Ines").
    const PROSE: &[&str] = &[
        "to", "and", "who", "were", "was", "is", "are", "the", "at", "for", "with", "from", "we",
        "our", "in", "on", "an", "but", "if", "not", "of", "this", "that", "will", "has", "have",
        "joined", "welcome", "thanks",
    ];
    if words.len() >= 2
        && words
            .iter()
            .any(|w| PROSE.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    // Lower-case multi-word phrases are prose, not names ("forgot to record").
    if words.len() >= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_lowercase))
    {
        return false;
    }
    true
}

/// Splits "a, b (x, y), c" on commas outside parentheses.
fn split_commas(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            ',' | ';' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
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
            let name = name.strip_prefix("Remote:").unwrap_or(name).trim();
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

/// People in one line of an attendee list.
fn people_in_line(line: &str, role: Option<&str>) -> Vec<Person> {
    let line = line.trim();
    if line.is_empty() {
        return Vec::new();
    }
    if let Some(c) = LABELLED_LIST.captures(line) {
        let label = c.get(1).map_or("", |m| m.as_str());
        let rest = c.get(2).map_or("", |m| m.as_str());
        let role = match norm(label).as_str() {
            "attending" | "present" | "attendees" | "participants" | "people" => None,
            _ => Some(label.to_owned()),
        };
        return split_commas(rest)
            .iter()
            .filter_map(|e| parse_person(e))
            .map(|mut p| {
                if p.role.is_none() {
                    p.role.clone_from(&role);
                }
                p
            })
            .collect();
    }
    let inline = inline_name_abbr(line);
    if !inline.is_empty() {
        return inline;
    }
    let parts = split_commas(line);
    let mut out: Vec<Person> = if parts.len() >= 3 {
        parts.iter().filter_map(|e| parse_person(e)).collect()
    } else {
        parse_person(line).into_iter().collect()
    };
    if let Some(role) = role {
        for p in &mut out {
            if p.role.is_none() {
                p.role = Some(role.to_owned());
            }
        }
    }
    out
}

/// People in a table with a Name column (other columns: abbreviation, organisation, place, handle).
fn people_in_table(header: &[String], rows: &[Vec<String>]) -> Vec<Person> {
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| norm(h).contains(n)))
    };
    let Some(name_col) = col(&["name", "attendee", "person", "delegate"]) else {
        return Vec::new();
    };
    let abbr_col = col(&["abbr", "initials"]);
    let org_col = col(&[
        "organization",
        "organisation",
        "company",
        "affiliation",
        "employer",
    ]);
    let place_col = col(&["location", "place", "city"]);
    let handle_col = col(&["github", "handle", "username"]);
    rows.iter()
        .filter_map(|row| {
            let cell = |i: Option<usize>| {
                i.and_then(|i| row.get(i))
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
            };
            let mut p = parse_person(&cell(Some(name_col))?)?;
            if let Some(a) = cell(abbr_col) {
                p.alternate_names.push(a);
            }
            if let Some(h) = cell(handle_col) {
                p.alternate_names.push(h.trim_start_matches('@').to_owned());
            }
            if let Some(o) = cell(org_col) {
                p.organization = Some(o);
            }
            if let Some(pl) = cell(place_col) {
                p.place = Some(pl);
            }
            Some(p)
        })
        .collect()
}

/// People in a run of blocks belonging to an attendee list.
fn people_in_blocks(blocks: &[Block], role: Option<&str>) -> Vec<Person> {
    let mut out = Vec::new();
    let mut absent = false;
    let mut absent_depth = None;
    for block in blocks {
        match block {
            Block::ListItem { text, depth, .. } => {
                if let Some(d) = absent_depth {
                    if *depth > d {
                        continue;
                    }
                    absent_depth = None;
                }
                if is_absent_label(text.lines().next().unwrap_or("")) {
                    absent_depth = Some(*depth);
                    continue;
                }
                if absent {
                    continue;
                }
                // Nested notes under a person are not people.
                if *depth > 0 && out.last().is_some() && !text.contains(':') {
                    let first = text.lines().next().unwrap_or("");
                    if !looks_like_name(first) || first.split_whitespace().count() > 3 {
                        continue;
                    }
                }
                let first_line = text.lines().next().unwrap_or("");
                out.extend(people_in_line(first_line, role));
            }
            Block::Paragraph { text, .. } => {
                if is_absent_label(text) {
                    absent = true;
                    continue;
                }
                absent = false;
                for line in text.lines() {
                    let line = line.trim();
                    let line = line.strip_prefix("Remote:").unwrap_or(line);
                    if is_attendee_heading(line.trim_end_matches(':')) {
                        continue;
                    }
                    out.extend(people_in_line(line, role));
                }
            }
            Block::Table { header, rows, .. } => out.extend(people_in_table(header, rows)),
            Block::Code { .. } => {}
        }
    }
    out
}

/// Finds the attendee part of a recap and returns its people, deduplicated, in order.
#[must_use]
pub fn attendees(recap: &Recap) -> Vec<Person> {
    let mut people = Vec::new();
    let sections = &recap.sections;
    for (i, s) in sections.iter().enumerate() {
        if s.level > 0 && is_attendee_heading(&s.heading) {
            // Skip a heading nested in another attendee section already read.
            if s.parent
                .is_some_and(|p| p > 0 && is_attendee_heading(&sections[p].heading))
            {
                continue;
            }
            people.extend(people_in_blocks(&s.blocks, None));
            for child in recap.children(i) {
                let c = &sections[child];
                if is_absent_label(&c.heading) {
                    continue;
                }
                let group_people = people_in_blocks(&c.blocks, Some(&c.heading));
                let items = c
                    .blocks
                    .iter()
                    .filter(|b| matches!(b, Block::ListItem { depth: 0, .. }))
                    .count();
                // A child that holds names is a group of attendees ("### TSC"); one that
                // holds discussion is an agenda item that happens to sit here.
                if is_attendee_heading(&c.heading)
                    || (!group_people.is_empty()
                        && group_people.len() * 10 >= items.max(1) * 6
                        && recap.children(child).next().is_none())
                {
                    people.extend(group_people.into_iter().map(|mut p| {
                        if is_attendee_heading(&c.heading) {
                            p.role = p.role.filter(|r| !is_attendee_heading(r));
                        }
                        p
                    }));
                } else {
                    break;
                }
            }
        }
    }
    // Labelled paragraphs ("**Remote attendees:**") followed by a table or a list.
    for s in sections {
        let mut open = false;
        let mut run: Vec<Block> = Vec::new();
        for b in &s.blocks {
            if let Block::Paragraph { text, .. } = b {
                let label = text.trim().trim_end_matches(':').trim();
                if is_attendee_heading(label) {
                    if open {
                        people.extend(people_in_blocks(&run, None));
                        run.clear();
                    }
                    open = true;
                    continue;
                }
                if open && !text.contains(['(', ',']) {
                    people.extend(people_in_blocks(&run, None));
                    run.clear();
                    open = false;
                }
            }
            if open {
                run.push(b.clone());
            }
        }
        if open {
            people.extend(people_in_blocks(&run, None));
        }
    }
    // A bullet "Attending:" whose nested bullets list the people ("Team: a, b").
    for s in sections {
        let mut open: Option<usize> = None;
        let mut run: Vec<Block> = Vec::new();
        for b in &s.blocks {
            let Block::ListItem { text, depth, .. } = b else {
                continue;
            };
            if let Some(d) = open {
                if *depth > d {
                    run.push(b.clone());
                    continue;
                }
                people.extend(people_in_blocks(&run, None));
                run.clear();
                open = None;
            }
            if is_attendee_heading(text.trim().trim_end_matches(':')) {
                open = Some(*depth);
            }
        }
        if open.is_some() {
            people.extend(people_in_blocks(&run, None));
        }
    }
    // Inline paragraphs "Name (ABBR), Name (ABBR), …" before the first agenda heading.
    if people.is_empty() {
        for s in sections.iter().filter(|s| s.level <= 1) {
            for b in &s.blocks {
                if let Block::Paragraph { text, .. } = b {
                    for line in text.lines() {
                        people.extend(inline_name_abbr(line));
                    }
                }
            }
        }
    }
    dedupe(people)
}

/// Merges entries naming the same person (same name, or same abbreviation in a table).
fn dedupe(people: Vec<Person>) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for p in people {
        let key = norm(&p.name);
        let existing = out.iter_mut().find(|q| {
            norm(&q.name) == key
                || (!p.alternate_names.is_empty()
                    && p.alternate_names
                        .iter()
                        .any(|a| ABBR.is_match(a) && q.alternate_names.contains(a))
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

    fn person(entry: &str) -> Person {
        parse_person(entry).unwrap_or_else(|| panic!("{entry} is a person"))
    }

    #[test]
    fn entry_shapes() {
        let p = person("Anita Kuno (Haliburton, ON)");
        assert_eq!(
            (p.name.as_str(), p.place.as_deref()),
            ("Anita Kuno", Some("Haliburton, ON"))
        );
        let p = person("Barton  - Cybera ");
        assert_eq!(
            (p.name.as_str(), p.organization.as_deref()),
            ("Barton", Some("Cybera"))
        );
        let p = person("Jane Roe @jroe (TSC)");
        assert_eq!(p.name, "Jane Roe");
        assert_eq!(p.alternate_names, ["jroe"]);
        assert_eq!(p.role.as_deref(), Some("TSC"));
        let p = person("Rod Vagg (facilitator, build representative)");
        assert_eq!(p.role.as_deref(), Some("facilitator, build representative"));
        let p = person("Waldemar Horwat (WH)");
        assert_eq!(p.alternate_names, ["WH"]);
        let p = person("Gary Guo (nbdd0121)");
        assert_eq!(p.alternate_names, ["nbdd0121"]);
        let p = person("Ann Lee (Google)");
        assert_eq!(p.organization.as_deref(), Some("Google"));
        let p = person("Steven R. Loomis.");
        assert_eq!(p.name, "Steven R. Loomis");
        let p = person("Bo Doe <mailto:bo@example.com>");
        assert_eq!(p.name, "Bo Doe");
        assert!(parse_person("None.").is_none());
        assert!(
            parse_person("Welcome to Owen and Ines, who were both at their first meetup.")
                .is_none()
        );
        assert_eq!(person("Jason van Gaal (Ottawa)").name, "Jason van Gaal");
        assert!(parse_person("forgot to record :)").is_none());
        assert!(parse_person("").is_none());
    }

    #[test]
    fn labelled_and_inline_lists() {
        let got: Vec<_> =
            people_in_line("Team members: nikomatsakis, Josh, scott (30min late)", None)
                .into_iter()
                .map(|p| (p.name, p.role))
                .collect();
        assert_eq!(got[0], ("nikomatsakis".into(), Some("Team members".into())));
        assert_eq!(got[2], ("scott".into(), Some("30min late".into())));
        let inline = people_in_line(
            "Ann Example (AE), Bo Sample (BS),Cy Person (CP, via phone) Di Person (DP), ",
            None,
        );
        let names: Vec<_> = inline.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Ann Example", "Bo Sample", "Cy Person", "Di Person"]
        );
        assert_eq!(inline[2].role.as_deref(), Some("via phone"));
    }

    #[test]
    fn tables() {
        let header = vec![
            "Name".to_owned(),
            "Abbreviation".to_owned(),
            "Organization".to_owned(),
        ];
        let rows = vec![
            vec![
                "Ann Example".to_owned(),
                "AE".to_owned(),
                "Example Corp".to_owned(),
            ],
            vec![
                "Ann Example".to_owned(),
                "AE".to_owned(),
                "Example Corp".to_owned(),
            ],
        ];
        let people = dedupe(people_in_table(&header, &rows));
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].organization.as_deref(), Some("Example Corp"));
        assert_eq!(people[0].alternate_names, ["AE"]);
    }
}
