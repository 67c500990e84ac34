//! A generated corpus of fictional recaps, for the tests that need many files (killed
//! ingests, store locks, SHACL over a whole corpus) rather than particular facts. Seeded
//! and deterministic: the same files, byte for byte, on every run, so two stores built
//! from two generated copies in folders of the same name hold the same graphs.
//!
//! Four series, in the shapes of the hand-written fixtures:
//! - `minutes/` (170 files): TSC-style minutes, the attendees as "Name (role)",
//!   "Team members: first names" or "Name @handle (role)" lists, so the series has
//!   first names and handles to link to fuller names (identity links);
//! - `posts/` (100): Jekyll posts, date in the prose, "Name (Place)" lists;
//! - `textile/` (30): the same as Textile;
//! - `plenary/` (30): standards-committee notes, "Name (ABBR)" paragraphs and tables,
//!   presenters.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

/// Files per series, in the order above.
pub const SERIES: [(&str, usize); 4] = [
    ("minutes", 170),
    ("posts", 100),
    ("textile", 30),
    ("plenary", 30),
];

/// Writes the whole corpus under `root` (created); returns the number of files.
pub fn write_corpus(root: &Path) -> usize {
    SERIES
        .iter()
        .map(|&(series, n)| write_series(&root.join(series), series, n))
        .sum()
}

/// Writes `n` recaps of one series into `dir` (created); returns `n`.
pub fn write_series(dir: &Path, series: &str, n: usize) -> usize {
    let seed = series.bytes().fold(0x5eed_u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    });
    let mut rng = SplitMix(seed);
    let start = NaiveDate::from_ymd_opt(2015, 1, 7).expect("valid date");
    for i in 0..n {
        let day = start + Duration::days(7 * i64::try_from(i).expect("small"));
        let (rel, text) = match series {
            "minutes" => minutes(&mut rng, i, day),
            "posts" => post(&mut rng, day, false),
            "textile" => post(&mut rng, day, true),
            "plenary" => plenary(&mut rng, day),
            other => panic!("no series {other}"),
        };
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write a generated recap");
    }
    n
}

/// SplitMix64: no dependency, same sequence everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    /// `min` to `min + spread - 1` distinct indices below `n`, in drawing order.
    fn pick(&mut self, n: usize, min: usize, spread: usize) -> Vec<usize> {
        let k = min + self.below(spread);
        let mut out = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// Fictional people: every first name once, so a first name names one person.
const PEOPLE: [(&str, &str); 28] = [
    ("Amara", "Okonkwo"),
    ("Bjorn", "Tallis"),
    ("Celeste", "Marchetti"),
    ("Dmitri", "Ivashenko"),
    ("Esther", "Lindgren"),
    ("Farid", "Haddad-Noor"),
    ("Greta", "Vanderholt"),
    ("Hiroshi", "Tanabe"),
    ("Ines", "Carvalhal"),
    ("Jonah", "Whitehorse"),
    ("Katrin", "Holm"),
    ("Lior", "Ben-David"),
    ("Mira", "Brandt"),
    ("Nadia", "Okafor-Lund"),
    ("Olusegun", "Adeyemi"),
    ("Pieter", "Blomqvist"),
    ("Quentin", "Ashdown"),
    ("Rosalind", "Achebe"),
    ("Sandor", "Kiss"),
    ("Tamsin", "Rowe"),
    ("Ulrike", "Steinfeld"),
    ("Viktor", "Pavlenko"),
    ("Wanjiru", "Kamau"),
    ("Xiadani", "Morales"),
    ("Yara", "Haddadi"),
    ("Zeno", "Falkenrath"),
    ("Beatriz", "Lozano"),
    ("Tiago", "Ferraz"),
];

const PLACES: [&str; 10] = [
    "Regina",
    "Saskatoon",
    "Brandon",
    "Moose Jaw, SK",
    "Lethbridge",
    "Red Deer",
    "Kenora",
    "Thunder Bay",
    "Yellowknife",
    "Nairobi, Kenya",
];

const ROLES: [&str; 4] = ["TSC", "TSC", "facilitator", "observer"];

const TOPICS: [&str; 30] = [
    "Storage backends",
    "Release schedule",
    "Security review",
    "Documentation sprint",
    "Build infrastructure",
    "Packaging",
    "Observability",
    "Onboarding new contributors",
    "Budget",
    "Governance charter",
    "Performance regressions",
    "Flaky tests",
    "Dependency updates",
    "Code of conduct",
    "Website redesign",
    "Translation workflow",
    "API stability",
    "Error messages",
    "Plugin system",
    "Benchmark suite",
    "CI capacity",
    "Mentoring programme",
    "Accessibility audit",
    "Release notes",
    "Security disclosure policy",
    "Deprecation policy",
    "Conference planning",
    "Configuration management",
    "Triage backlog",
    "Meetup venues",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn full(p: usize) -> String {
    format!("{} {}", PEOPLE[p].0, PEOPLE[p].1)
}

fn handle(p: usize) -> String {
    format!(
        "{}{}",
        PEOPLE[p].0[..1].to_lowercase(),
        PEOPLE[p].1.to_lowercase().replace('-', "")
    )
}

fn abbr(p: usize) -> String {
    let first = PEOPLE[p].0.chars().next().expect("a name");
    let last: String = PEOPLE[p]
        .1
        .split('-')
        .filter_map(|w| w.chars().next())
        .collect();
    format!("{first}{last}").to_uppercase()
}

fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

fn month(day: NaiveDate) -> &'static str {
    MONTHS[usize::try_from(day.month0()).expect("small")]
}

fn slug(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A sentence or two about a topic, with a link now and then.
fn notes(rng: &mut SplitMix, topic: &str, out: &mut String) {
    let s = slug(topic);
    let _ = match rng.below(4) {
        0 => writeln!(
            out,
            "We went over the open questions on {}; see [the tracking issue](https://git.example.org/quill/quill/issues/{}).",
            topic.to_lowercase(),
            100 + rng.below(9000)
        ),
        1 => writeln!(
            out,
            "* The draft is at <https://docs.example.org/{s}/draft-{}>\n* Agreed to revisit it next month",
            rng.below(50)
        ),
        2 => writeln!(
            out,
            "{} gave an update; nothing is blocked. Notes: https://pad.example.org/p/{s}-{}",
            PEOPLE[rng.below(PEOPLE.len())].0,
            rng.below(99)
        ),
        _ => writeln!(
            out,
            "No decision yet; {} will write up the options.",
            PEOPLE[rng.below(PEOPLE.len())].0
        ),
    };
}

fn minutes(rng: &mut SplitMix, i: usize, day: NaiveDate) -> (String, String) {
    let date = day.format("%Y-%m-%d");
    let mut t = format!("# Quill TSC Meeting {date}\n\n## Links\n\n* **Recording**: <https://video.example.org/watch?v=quill-tsc-{date}>\n\n");
    let people = rng.pick(PEOPLE.len(), 4, 6);
    match i % 3 {
        0 => {
            t.push_str("## Present\n\n");
            for &p in &people {
                let _ = writeln!(t, "* {} ({})", full(p), ROLES[rng.below(ROLES.len())]);
            }
        }
        1 => {
            // First names and handles, as a team writes them for itself.
            let (team, others) = people.split_at(people.len() / 2);
            let team: Vec<String> = team.iter().map(|&p| PEOPLE[p].0.to_owned()).collect();
            let others: Vec<String> = others
                .iter()
                .map(|&p| if p % 2 == 0 { handle(p) } else { full(p) })
                .collect();
            let _ = write!(
                t,
                "## Attendance\n\n* Team members: {}\n* Others: {}\n",
                team.join(", "),
                others.join(", ")
            );
        }
        _ => {
            t.push_str("## Present\n\n");
            for &p in &people {
                let _ = writeln!(t, "* {} @{} ({})", full(p), handle(p), ROLES[rng.below(2)]);
            }
        }
    }
    let topics = rng.pick(TOPICS.len(), 2, 4);
    t.push_str("\n## Agenda\n\n");
    for &k in &topics {
        let _ = writeln!(
            t,
            "* {} [#{}](https://git.example.org/quill/quill/issues/{})",
            TOPICS[k],
            k + 10,
            k + 10
        );
    }
    t.push_str("\n## Minutes\n");
    for &k in &topics {
        let _ = write!(t, "\n### {}\n\n", TOPICS[k]);
        notes(rng, TOPICS[k], &mut t);
    }
    if rng.below(3) == 0 {
        t.push_str("\n## Next meeting\n\nSame time in two weeks.\n");
    }
    (format!("{date}.md"), t)
}

fn post(rng: &mut SplitMix, day: NaiveDate, textile: bool) -> (String, String) {
    let published = day + Duration::days(1 + i64::try_from(rng.below(6)).expect("small"));
    let title = format!(
        "Wrap up of {} {} PrairieStack Meeting",
        month(day),
        day.year()
    );
    let people = rng.pick(PEOPLE.len(), 3, 8);
    let topics = rng.pick(TOPICS.len(), 1, 4);
    let weekday = WEEKDAYS[usize::try_from(day.weekday().num_days_from_monday()).expect("small")];
    let opening = format!(
        "On {weekday}, {} {}, {}, {} people met to talk about running clouds on the prairies.",
        month(day),
        ordinal(day.day()),
        day.year(),
        people.len()
    );
    let (h2, h3, bullet) = if textile {
        ("h2. ", "h3. ", "- ")
    } else {
        ("## ", "### ", "* ")
    };
    let mut t = format!("---\nlayout: post\ntitle: {title}\n---\n\n");
    if textile {
        let _ = write!(
            t,
            "p(meta). {} {} - {} - Saskatoon!\n\nh1. {{{{ page.title }}}}\n\n",
            published.day(),
            month(published),
            published.year()
        );
    }
    let _ = write!(t, "{opening}\n\n{h2}Attendees\n\n");
    for &p in &people {
        let _ = writeln!(
            t,
            "{bullet}{} ({})",
            full(p),
            PLACES[rng.below(PLACES.len())]
        );
    }
    let _ = write!(t, "\n{h2}What we talked about\n");
    for &k in &topics {
        let url = format!("https://wiki.example.org/prairiestack/{}", slug(TOPICS[k]));
        let _ = write!(t, "\n{h3}{}\n\n", TOPICS[k]);
        if textile {
            let _ = writeln!(
                t,
                "{} showed \"the notes\":{url} from the last time we tried this.",
                PEOPLE[people[0]].0
            );
        } else {
            let _ = writeln!(
                t,
                "[{}](https://social.example.net/@{}) showed [the notes]({url}) from the last time we tried this.",
                PEOPLE[people[0]].0,
                handle(people[0])
            );
        }
    }
    let _ = write!(
        t,
        "\n{h3}Next meeting\n\nThe next meeting is in {}.\n",
        month(day + Duration::days(30))
    );
    let ext = if textile { "textile" } else { "md" };
    let name = format!(
        "{}-wrap-up-{}-{}.{ext}",
        published.format("%Y-%m-%d"),
        month(day).to_lowercase(),
        day.format("%Y-%m-%d")
    );
    (name, t)
}

fn plenary(rng: &mut SplitMix, day: NaiveDate) -> (String, String) {
    let people = rng.pick(PEOPLE.len(), 6, 12);
    let mut t = format!(
        "# {} {}, {} Meeting Notes\n-----\n",
        month(day),
        day.day(),
        day.year()
    );
    if rng.below(2) == 0 {
        let (room, remote) = people.split_at(people.len() * 2 / 3);
        let list = |ps: &[usize]| {
            ps.iter()
                .map(|&p| format!("{} ({})", full(p), abbr(p)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = write!(t, "{}\n\nRemote:\n{}\n-----\n", list(room), list(remote));
    } else {
        t.push_str("\n**Remote attendees:**\n| Name | Abbreviation | Organization |\n| ---- | ------------ | ------------ |\n");
        for &p in &people {
            let _ = writeln!(t, "| {} | {} | Member {} |", full(p), abbr(p), p % 5);
        }
    }
    t.push_str("\n## Adoption of the Agenda\nNo objections.\n");
    for &k in &rng.pick(TOPICS.len(), 2, 5) {
        let p = people[rng.below(people.len())];
        let _ = write!(
            t,
            "\n## {}\nPresenter: {} ({})\n\n- [Slides](https://slides.example.org/plenary/{}/{})\n\n{}: Presented the proposal.\n",
            TOPICS[k],
            full(p),
            abbr(p),
            day.format("%Y-%m"),
            slug(TOPICS[k]),
            abbr(p)
        );
    }
    let name = format!(
        "{}/{}-{:02}.md",
        day.format("%Y-%m"),
        month(day).to_lowercase(),
        day.day()
    );
    (name, t)
}
