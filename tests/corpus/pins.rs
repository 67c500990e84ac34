//! Real recaps by other people (`<corpus>/corpus`, used by path): extraction pinned for
//! at least two files of each corpus folder, against hand-checked values. The fixtures
//! pinned in `tests/it/fixtures.rs` cover the same shapes (see `tests/corpus/README.md`).

use crate::expect::{check_in, no_meeting, Expect};
use crate::shared;
use crate::support::facts_of_file;

fn check(e: &Expect<'_>) {
    check_in(&shared().join("corpus"), "corpus", e);
}

/// A corpus file that records no meeting: no event, no attendees, no agenda.
fn not_a_meeting(path: &str, published: Option<&str>, documents: usize) {
    check(&no_meeting(path, published, documents));
}

#[test]
fn canstack_markdown() {
    check(&Expect {
        path: "canstack/2013-02-28-feb-canstack-meeting.md",
        meeting_date: Some("2013-02-28"),
        published: Some("2013-02-28"),
        attendees: 10,
        some_attendees: &["Sandy Walsh", "Anita Kuno", "Kurin Murari"],
        items: 7,
        first_items: &["Hardware", "Rackspace automation"],
        documents: 9,
    });
    check(&Expect {
        path: "canstack/2014-03-26-wrap-up-march-2014.md",
        meeting_date: Some("2014-03-20"),
        published: Some("2014-03-26"),
        attendees: 13,
        some_attendees: &["Curtis", "Henry", "Marcos Garcia"],
        items: 3,
        first_items: &["OpenStack Operators Meetup", "OpenStack Swift"],
        documents: 3,
    });
    // A post announcing a future meeting is not a meeting.
    not_a_meeting("canstack/2014-03-03-new-site.md", Some("2014-03-03"), 6);
}

#[test]
fn canstack_textile() {
    check(&Expect {
        path: "canstack-textile/2013-02-28-feb-canstack-meeting.textile",
        meeting_date: Some("2013-02-28"),
        published: Some("2013-02-28"),
        attendees: 11,
        some_attendees: &["Sandy Walsh", "Barton Satchwill", "Kurin Murari"],
        items: 5,
        first_items: &["Hardware", "Rackspace automation"],
        documents: 10,
    });
    check(&Expect {
        path: "canstack-textile/2013-05-06-april-canstack-meeting.textile",
        meeting_date: Some("2013-04-25"),
        published: Some("2013-05-06"),
        attendees: 3,
        some_attendees: &["Anita Kuno", "Curtis Collicutt", "Joe Topjian"],
        items: 1,
        first_items: &["OpenStack Summit"],
        documents: 8,
    });
    not_a_meeting(
        "canstack-textile/2013-02-12-served-by-object-storage.textile",
        Some("2013-02-12"),
        6,
    );
}

#[test]
fn nodejs_tsc() {
    check(&Expect {
        path: "nodejs-tsc/io.js/2014-12-10.md",
        meeting_date: Some("2014-12-10"),
        published: None,
        attendees: 6,
        some_attendees: &["Rod Vagg", "Chris Dickinson", "Trevor Norris"],
        items: 10,
        first_items: &["@chrisdickinson nomination to TC", "Move readable-stream"],
        documents: 16,
    });
    check(&Expect {
        path: "nodejs-tsc/node.js/2015-02-19.md",
        meeting_date: Some("2015-02-19"),
        published: None,
        attendees: 9,
        some_attendees: &["Alexis Campailla", "TJ Fontaine", "Wyatt Preul"],
        // "Current state of v0.12.0" only groups the issues under it: they are the items.
        items: 17,
        first_items: &["V8 max_old_space issue", "VM module"],
        documents: 15,
    });
    check(&Expect {
        path: "nodejs-tsc/2015-05-27.md",
        meeting_date: Some("2015-05-27"),
        published: None,
        attendees: 14,
        some_attendees: &["Alexis Campailla", "Brian White", "Trevor Norris"],
        items: 10,
        first_items: &[
            "[Converge] timers: Avoid linear scan",
            "[Converge] child_process argument",
        ],
        documents: 14,
    });
    check(&Expect {
        path: "nodejs-tsc/2018-01-31-V8.md",
        meeting_date: Some("2018-01-31"),
        published: None,
        attendees: 17,
        some_attendees: &["Ali Sheikh", "Adam Klein", "Yunong Xiao"],
        items: 11,
        first_items: &["Performance of async hooks performance", "Update on GYP/GN"],
        documents: 18,
    });
    // "No meeting minutes were taken." is no meeting.
    not_a_meeting("nodejs-tsc/2015-12-03.md", None, 0);
}

#[test]
fn rust_lang_team() {
    check(&Expect {
        path: "rust-lang-team/minutes/2020-09-28.md",
        meeting_date: Some("2020-09-28"),
        published: None,
        attendees: 7,
        some_attendees: &["Josh", "boats", "connor horman"],
        items: 4,
        first_items: &[
            "\"MCP: Rust-style #[inline] attribute.\"",
            "\"Coherence can be bypassed",
        ],
        documents: 5,
    });
    check(&Expect {
        path: "rust-lang-team/minutes/2022-11-22.md",
        meeting_date: Some("2022-11-22"),
        published: None,
        attendees: 7,
        some_attendees: &["scott", "Gary Guo", "pnkfelix"],
        items: 18,
        first_items: &[
            "\"Support upcasting of dyn Trait values\"",
            "\"Add lang-team advisors team\"",
        ],
        documents: 39,
    });
    check(&Expect {
        path: "rust-lang-team/design-meeting-minutes/2022-03-02-planning-meeting.md",
        meeting_date: Some("2022-03-02"),
        published: None,
        attendees: 9,
        some_attendees: &["nikomatsakis", "Scott", "Jakob"],
        items: 10,
        first_items: &[],
        documents: 21,
    });
    check(&Expect {
        path: "rust-lang-team/design-meeting-minutes/2021-02-03-Planning-Meeting.md",
        meeting_date: Some("2021-02-03"),
        published: None,
        attendees: 6,
        some_attendees: &["nikomatsakis", "felix", "connor horman"],
        items: 13,
        first_items: &["async foundations", "const evaluation"],
        documents: 13,
    });
    // A whole HackMD page saved as .md: the escaped Markdown inside it is the recap.
    check(&Expect {
        path: "rust-lang-team/minutes/2021-11-09.md",
        meeting_date: Some("2021-11-09"),
        published: None,
        attendees: 3,
        some_attendees: &["nikomatsakis", "cramertj", "lokathor"],
        items: 16,
        first_items: &[
            "\"negative impls integrated into coherence\"",
            "\"Deprecate target_vendor",
        ],
        documents: 20,
    });
    // A "Renamed to" stub is no meeting.
    not_a_meeting("rust-lang-team/minutes/2019.04.18.md", None, 0);
}

#[test]
fn tc39_notes() {
    check(&Expect {
        path: "tc39-notes/2012-07/july-24.md",
        meeting_date: Some("2012-07-24"),
        published: None,
        attendees: 15,
        some_attendees: &["Yehuda Katz", "Luke Hoban", "Dave Herman"],
        items: 11,
        first_items: &["Agenda", "4.1 AWB Presents changes"],
        documents: 5,
    });
    // Inline paragraph plus a "Remote:" paragraph that Markdown reads as a Setext heading.
    check(&Expect {
        path: "tc39-notes/2018-07/july-24.md",
        meeting_date: Some("2018-07-24"),
        published: None,
        attendees: 57,
        some_attendees: &["Waldemar Horwat", "Alex Vincent", "John-David Dalton"],
        // "Project Editors' Reports" only groups its four reports: they are the items.
        items: 21,
        first_items: &["Agenda", "Opening, welcome and roll call"],
        documents: 12,
    });
    check(&Expect {
        path: "tc39-notes/2020-07/july-20.md",
        meeting_date: Some("2020-07-20"),
        published: None,
        attendees: 31,
        some_attendees: &["Yulia Startsev", "SongYang P u", "Rob Palmer"],
        items: 18,
        first_items: &["Adoption of the Agenda", "Approval of the minutes"],
        documents: 20,
    });
    check(&Expect {
        path: "tc39-notes/2025-09/september-22.md",
        meeting_date: Some("2025-09-22"),
        published: None,
        attendees: 37,
        some_attendees: &["Chris de Almeida", "Zbyszek Tenerowicz", "Ujjwal Sharma"],
        items: 20,
        first_items: &["Opening & Welcome", "Secretary's Report"],
        documents: 26,
    });
    not_a_meeting("tc39-notes/2012-07/toc.md", None, 0);
}

#[test]
fn agenda_items_are_tied_to_presenters_and_marked_procedural() {
    let f = facts_of_file(
        &shared().join("corpus/tc39-notes/2020-07/july-20.md"),
        "corpus/tc39-notes/2020-07/july-20.md",
    );
    let m = f.meeting.as_ref().expect("meeting");
    let adoption = &m.agenda[0];
    assert!(adoption.procedural, "{adoption:?}");
    assert!(adoption.topic.is_none());
    let with_presenter = m.agenda.iter().filter(|i| i.presenter.is_some()).count();
    assert!(
        with_presenter >= 10,
        "{with_presenter} of {} items have a presenter",
        m.agenda.len()
    );
}
