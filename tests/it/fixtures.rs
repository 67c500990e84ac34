//! Fictional recaps we wrote (`tests/fixtures/recaps/`), one or more of each shape the
//! real corpus has: extraction pinned per file on what a reader would list (the meeting's
//! date, who attended, the agenda items, the documents). They stand in for the corpus
//! suite's pins (`tests/corpus/pins.rs`; `tests/corpus/README.md` says which fixture
//! replaces which pin) and cover the corpus folders that suite only ingests whole.
//!
//! A test marked `#[ignore = "extract: …"]` pins a fact the extractor gets wrong today.

use recapgraph::extract::MeetingFacts;

use crate::expect::{check_in, no_meeting, Expect};
use crate::support::{facts_of_file, fixtures};

fn check(e: &Expect<'_>) {
    check_in(&fixtures(), "recaps", e);
}

fn facts(path: &str) -> MeetingFacts {
    facts_of_file(&fixtures().join(path), &format!("recaps/{path}"))
}

fn date(f: &MeetingFacts) -> Option<&str> {
    f.meeting.as_ref().map(|m| m.date.as_str())
}

fn attendees(f: &MeetingFacts) -> Vec<&str> {
    f.meeting
        .iter()
        .flat_map(|m| &m.attendees)
        .map(|&i| f.people[i].name.as_str())
        .collect()
}

/// The items that are topics (not procedural: no roll call, agenda adoption, next meeting).
fn topic_items(f: &MeetingFacts) -> Vec<&str> {
    f.meeting
        .iter()
        .flat_map(|m| &m.agenda)
        .filter(|i| !i.procedural)
        .map(|i| i.name.as_str())
        .collect()
}

/// `got` has exactly `want.len()` entries, each starting with the one at its place.
fn assert_starts(got: &[&str], want: &[&str], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g.starts_with(w), "{what}: {g:?} should start with {w:?}");
    }
}

fn assert_has(names: &[&str], want: &[&str], what: &str) {
    for w in want {
        assert!(names.contains(w), "{what}: {w} missing from {names:?}");
    }
}

// Jekyll posts in Markdown (the corpus's canstack folder).

#[test]
fn post_name_place_list_and_headed_items() {
    // Places with a comma, a caller from abroad; the date in the prose, the publication
    // date from the file name; "Next meeting" a procedural item.
    check(&Expect {
        path: "prairie-stack/2019-03-01-feb-prairiestack-meeting.md",
        meeting_date: Some("2019-02-28"),
        published: Some("2019-03-01"),
        attendees: 10,
        some_attendees: &["Sandor Kiss", "Nadia Okafor-Lund", "Wanjiru Kamau"],
        items: 7,
        first_items: &["Hardware", "Automation at a large operator"],
        documents: 8,
    });
}

#[test]
fn post_heading_without_space_first_name_dash_org_and_list_items() {
    // "##Who attended?" over "First - Org" lines; the discussion as a nested list whose
    // top-level entries are the items; "On Thu, March 19th, 2020".
    check(&Expect {
        path: "prairie-stack/2020-03-26-wrap-up-march-2020.md",
        meeting_date: Some("2020-03-19"),
        published: Some("2020-03-26"),
        attendees: 11,
        some_attendees: &["Nadia", "Odile", "Beatriz Lozano"],
        items: 3,
        first_items: &["OpenStack Operators Meetup", "Object storage"],
        documents: 3,
    });
}

#[test]
fn post_announcing_a_meeting_is_no_meeting() {
    check(&no_meeting(
        "prairie-stack/2020-03-02-new-site.md",
        Some("2020-03-02"),
        5,
    ));
}

// Jekyll posts in Textile (canstack-textile).

#[test]
fn textile_post_with_dash_list() {
    check(&Expect {
        path: "prairie-stack-textile/2019-03-02-feb-prairiestack-meeting.textile",
        meeting_date: Some("2019-02-28"),
        published: Some("2019-03-02"),
        attendees: 11,
        some_attendees: &["Sandor Kiss", "Lucinda Petrakis", "Wanjiru Kamau"],
        items: 5,
        first_items: &["Hardware", "Automation at a large operator"],
        documents: 10,
    });
}

#[test]
fn textile_post_with_a_list_entry_that_names_nobody() {
    // "(a fourth caller will be added …)" is no attendee.
    check(&Expect {
        path: "prairie-stack-textile/2019-05-06-april-prairiestack-meeting.textile",
        meeting_date: Some("2019-04-25"),
        published: Some("2019-05-06"),
        attendees: 3,
        some_attendees: &["Nadia Okafor-Lund", "Pieter Blomqvist", "Tiago Ferraz"],
        items: 1,
        first_items: &["OpenStack Summit"],
        documents: 8,
    });
}

#[test]
fn textile_blog_post_is_no_meeting() {
    check(&no_meeting(
        "prairie-stack-textile/2019-02-12-served-by-object-storage.textile",
        Some("2019-02-12"),
        6,
    ));
}

// TSC minutes (nodejs-tsc).

#[test]
fn tsc_agenda_list_with_autolinks_and_present_with_roles() {
    // The agenda list is the items (one entry's link on the next line); "### Present"
    // under "## Minutes", "Name (role, role)".
    check(&Expect {
        path: "tsc/io/2016-12-14.md",
        meeting_date: Some("2016-12-14"),
        published: None,
        attendees: 6,
        some_attendees: &["Olusegun Adeyemi", "Mira Brandt", "Lior Ben-David"],
        items: 7,
        first_items: &[
            "@mbrandt nomination to TC",
            "Move quill-stream to the quilljs org",
        ],
        documents: 8,
    });
}

#[test]
fn tsc_present_and_regrets_with_nested_notes() {
    // Those who sent regrets (with nested progress notes and links) did not attend.
    check(&Expect {
        path: "tsc/core/2017-02-23.md",
        meeting_date: Some("2017-02-23"),
        published: None,
        attendees: 9,
        some_attendees: &["Amadou Diallo", "Sigrun Olafsdottir", "Wilhelmina Prins"],
        items: 3,
        first_items: &["Current state of v1.4.0", "Website"],
        documents: 3,
    });
}

#[test]
fn tsc_agenda_grouped_by_repository_with_escaped_brackets() {
    // "### org/repo" group headings (one empty), "\[Converge\]" items with "[#23](…)".
    check(&Expect {
        path: "tsc/2017-05-24.md",
        meeting_date: Some("2017-05-24"),
        published: None,
        attendees: 8,
        some_attendees: &["Greta Lindholm", "Juliette Gagnon", "Sebastian Okonjo"],
        items: 6,
        first_items: &[
            "[Converge] timers: avoid a linear scan",
            "[Converge] child process argument",
        ],
        documents: 9,
    });
}

#[test]
fn tsc_present_in_groups_with_mailto_and_timestamped_items() {
    // "### TSC / ### V9 / ### Other" groups of "Name <mailto:…>"; "(0:10)" video
    // timestamps after the items.
    check(&Expect {
        path: "tsc/2019-01-30-V9.md",
        meeting_date: Some("2019-01-30"),
        published: None,
        attendees: 8,
        some_attendees: &["Amadou Diallo", "Ayesha Rahman", "Henrike Vos"],
        items: 3,
        first_items: &["Performance of async hooks", "Update on the build system"],
        documents: 5,
    });
}

#[test]
fn no_minutes_taken_is_no_meeting() {
    check(&no_meeting("tsc/2017-12-06.md", None, 0));
}

// Language-team minutes (rust-lang-team).

#[test]
fn team_members_and_others_lines_with_quoted_items() {
    // "* Meeting date 2021-09-27" (no colon); quoted items with "[repo#N](…)" under group
    // headings; "No nominated RFCs this time." is no item.
    let f = facts("lang-team/minutes/2021-09-27.md");
    assert_eq!(date(&f), Some("2021-09-27"));
    assert_has(
        &attendees(&f),
        &[
            "Hallie",
            "quark",
            "teodor",
            "zvezda",
            "anneke visser",
            "Ptolemy",
        ],
        "attendees",
    );
    assert_starts(
        &topic_items(&f),
        &[
            "\"MCP: #[cold] on closures.\"",
            "\"Orphan rules can be bypassed",
            "\"Lint for unused borrows",
            "\"Check attributes on more targets\"",
        ],
        "items",
    );
    assert_eq!(f.documents().len(), 5, "{:?}", f.documents());
}

#[test]
fn every_handle_in_an_others_line_attended() {
    let f = facts("lang-team/minutes/2021-09-27.md");
    let names = attendees(&f);
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(names.contains(&"maplesyrup"), "{names:?}");
}

#[test]
fn front_matter_title_handles_in_parentheses_and_late_notes() {
    // "Ilse Brandt (ibrandt)", "hallie (20min late)"; items are "### \"Title\" repo#N"
    // headings under group headings.
    let f = facts("lang-team/minutes/2023-11-21.md");
    assert_eq!(f.title, "Triage meeting 2023-11-21");
    assert_eq!(date(&f), Some("2023-11-21"));
    assert_has(
        &attendees(&f),
        &[
            "teodor",
            "quark",
            "dvorak",
            "Ilse Brandt",
            "x97-dev",
            "hallie",
        ],
        "attendees",
    );
    let ilse = f
        .people
        .iter()
        .find(|p| p.name == "Ilse Brandt")
        .expect("Ilse");
    assert_eq!(ilse.alternate_names, ["ibrandt"]);
    assert_eq!(f.documents().len(), 6, "{:?}", f.documents());
}

#[test]
#[ignore = "extract: the quoted entries of `## Scheduled meetings` are no items"]
fn scheduled_meetings_are_items_and_every_other_attended() {
    let f = facts("lang-team/minutes/2023-11-21.md");
    assert_eq!(attendees(&f).len(), 7, "{:?}", attendees(&f));
    assert_starts(
        &topic_items(&f),
        &[
            "\"Meeting proposal: a language specification\"",
            "\"Contracts and automated reasoning\"",
            "\"Support upcasting of dyn Trait values\"",
            "\"Unsafe attributes\"",
            "\"Stabilise let chains\"",
        ],
        "items",
    );
}

#[test]
fn planning_meeting_attendance() {
    let f = facts("lang-team/design-meeting-minutes/2022-04-06-planning-meeting.md");
    assert_eq!(date(&f), Some("2022-04-06"));
    assert_has(
        &attendees(&f),
        &[
            "hallie", "Quark", "Teodor", "Anneke", "Jun", "zvezda", "Oona", "Kasimir",
        ],
        "attendees",
    );
    assert_eq!(f.documents().len(), 4, "{:?}", f.documents());
}

#[test]
fn attending_with_team_lines_and_project_headings() {
    // "* Attending:" with nested "Team:" lines; the items are the "### project"
    // headings under "## Project updates and discussion".
    let f = facts("lang-team/design-meeting-minutes/2021-03-03-Planning-Meeting.md");
    assert_eq!(date(&f), Some("2021-03-03"));
    assert_has(
        &attendees(&f),
        &["hallie", "anneke", "quark", "teodor"],
        "attendees",
    );
    assert_starts(
        &topic_items(&f),
        &["async foundations", "const evaluation", "never type"],
        "items",
    );
    assert_eq!(f.documents().len(), 4, "{:?}", f.documents());
}

#[test]
fn attending_not_team_line() {
    let f = facts("lang-team/design-meeting-minutes/2021-03-03-Planning-Meeting.md");
    let names = attendees(&f);
    assert_eq!(names.len(), 6, "{names:?}");
    assert_has(&names, &["maplesyrup", "zvezda"], "attendees");
}

#[test]
fn saved_html_page_is_read_for_the_markdown_inside() {
    // A whole note-taking page saved as .md: the escaped Markdown in its document element
    // is the recap (entities unescaped); the page's own links are no documents.
    let f = facts("lang-team/minutes/2021-12-07.md");
    assert_eq!(f.title, "Triage meeting 2021-12-07");
    assert_eq!(date(&f), Some("2021-12-07"));
    assert_has(&attendees(&f), &["hallie", "teodor"], "attendees");
    assert_starts(
        &topic_items(&f),
        &[
            "\"Negative impls in coherence\"",
            "\"Deprecate target_family",
            "\"Trusted external statics\"",
            "\"Sync & Async Iterator Items\"",
        ],
        "items",
    );
    let docs = f.documents();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(
        docs.iter().all(|d| d.contains("/syntax-team/issues/")),
        "{docs:?}"
    );
}

#[test]
fn saved_html_page_every_attendee() {
    let f = facts("lang-team/minutes/2021-12-07.md");
    let names = attendees(&f);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"ptolemy"), "{names:?}");
}

#[test]
fn renamed_stub_is_no_meeting() {
    check(&no_meeting("lang-team/minutes/2020.05.18.md", None, 0));
}

// Standards-committee notes (tc39-notes).

#[test]
fn inline_name_abbr_paragraph_and_numbered_items() {
    check(&Expect {
        path: "standards/2013-08/august-20.md",
        meeting_date: Some("2013-08-20"),
        published: None,
        attendees: 15,
        some_attendees: &["Ingrid Solberg", "Brigid O'Hare", "Dagny Hedlund"],
        items: 11,
        first_items: &["Agenda", "4.1 AWB Presents changes"],
        documents: 5,
    });
}

#[test]
fn table_of_contents_is_no_meeting() {
    let f = facts("standards/2013-08/toc.md");
    assert!(f.meeting.is_none(), "{:?}", f.meeting);
}

#[test]
fn room_and_remote_notes_with_presenters() {
    // Items with a "(Name)" line under their heading: that person presents.
    let f = facts("standards/2019-07/july-23.md");
    assert_eq!(date(&f), Some("2019-07-23"));
    assert_eq!(
        topic_items(&f),
        [
            "Report from the Secretariat",
            "Pattern matching for Stage 1",
            "Decorators update"
        ]
    );
    let m = f.meeting.as_ref().expect("meeting");
    let presenters: Vec<Option<&str>> = m
        .agenda
        .iter()
        .filter(|i| !i.procedural)
        .map(|i| i.presenter.map(|p| f.people[p].name.as_str()))
        .collect();
    assert_eq!(
        presenters,
        [
            Some("Rex Jameson"),
            Some("Kevin Sato"),
            Some("Dmitri Ehrlich")
        ]
    );
    assert_eq!(f.documents().len(), 3, "{:?}", f.documents());
}

#[test]
fn room_and_remote_attendees() {
    // 19 in the room (two without a comma between them), 5 remote, one of them also in
    // the room.
    let f = facts("standards/2019-07/july-23.md");
    let names = attendees(&f);
    assert_eq!(names.len(), 23, "{names:?}");
    assert_has(
        &names,
        &[
            "Wendeline Hart",
            "Anselm Vidal",
            "Jean-Luc Dalcourt",
            "Rhiannon Wald",
            "Ross Kettering",
        ],
        "attendees",
    );
}

#[test]
fn attendee_table_and_presenter_lines() {
    // "**In-person attendees:**" and "**Remote attendees:**" over Name | Abbreviation |
    // Organization tables; "Presenter: Name (ABBR)" under each item (or "(ABBR)" after
    // its heading); the agenda's adoption is procedural.
    let f = facts("standards/2021-07/july-19.md");
    assert_eq!(date(&f), Some("2021-07-19"));
    let names = attendees(&f);
    assert_eq!(names.len(), 10, "{names:?}");
    assert_has(
        &names,
        &["Yolanda Strand", "Lian P u", "Bradford C. Sumner"],
        "attendees",
    );
    let m = f.meeting.as_ref().expect("meeting");
    let adoption = &m.agenda[0];
    assert!(
        adoption.name.starts_with("Adoption of the Agenda"),
        "{adoption:?}"
    );
    assert!(adoption.procedural, "{adoption:?}");
    assert!(adoption.topic.is_none());
    let with_presenter = m.agenda.iter().filter(|i| i.presenter.is_some()).count();
    assert!(
        with_presenter >= 10,
        "{with_presenter} of {} items have a presenter",
        m.agenda.len()
    );
    let temporal = m
        .agenda
        .iter()
        .find(|i| i.name == "Temporal dates for Stage 3")
        .expect("the Temporal item");
    assert_eq!(
        temporal.presenter.map(|p| f.people[p].name.as_str()),
        Some("Philippa Chen")
    );
    let presenter_of = |name: &str| {
        m.agenda
            .iter()
            .find(|i| i.name.starts_with(name))
            .and_then(|i| i.presenter)
            .map(|p| f.people[p].name.as_str())
    };
    // Two presenters: the first; initials after the heading.
    assert_eq!(presenter_of("Import attributes"), Some("Wen Hao"));
    assert_eq!(presenter_of("Resizable buffers"), Some("Lian P u"));
    assert_eq!(f.documents().len(), 6, "{:?}", f.documents());
}

#[test]
fn day_line_date_and_attendees_table() {
    // "Day One—21 September 2026" under an undated title.
    let f = facts("standards/2026-09/september-21.md");
    assert_eq!(date(&f), Some("2026-09-21"));
    let names = attendees(&f);
    assert_eq!(names.len(), 8, "{names:?}");
    assert_has(
        &names,
        &["Chiara de Angelis", "Zofia Tarnowska"],
        "attendees",
    );
    assert_eq!(topic_items(&f), ["Source maps for Stage 2"]);
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

// Design notes (csharplang).

#[test]
fn design_notes_dated_title_and_numbered_agenda() {
    let f = facts("design-notes/2015/LDN-2015-03-09.md");
    assert_eq!(date(&f), Some("2015-03-09"));
    assert!(attendees(&f).is_empty());
    let items = topic_items(&f);
    assert!(
        items
            .first()
            .is_some_and(|i| i.starts_with("Design of open imports")),
        "{items:?}"
    );
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

#[test]
fn design_notes_items_are_the_agenda() {
    let f = facts("design-notes/2015/LDN-2015-03-09.md");
    assert_eq!(
        topic_items(&f),
        [
            "Design of open imports",
            "Initializers in records",
            "Null propagation and unconstrained generics"
        ]
    );
}

#[test]
fn design_notes_two_meetings_with_setext_headings() {
    // "Mar 16 and 23, 2015": the first day; "1\. Title" over "====" lines.
    let f = facts("design-notes/2015/LDN-2015-03-16-23.md");
    assert_eq!(date(&f), Some("2015-03-16"));
    assert_eq!(
        topic_items(&f),
        [
            "Nullable and non-nullable reference types",
            "Opt-in diagnostics",
            "Representation"
        ]
    );
    assert_eq!(f.documents().len(), 1, "{:?}", f.documents());
}

#[test]
fn design_notes_agenda_of_anchor_links() {
    // "Jan. 13th, 2021"; the agenda lists "[Title](#anchor)"; a quote section is no item.
    let f = facts("design-notes/2021/LDM-2021-01-13.md");
    assert_eq!(date(&f), Some("2021-01-13"));
    assert_eq!(
        topic_items(&f),
        ["Global imports", "File-scoped namespaces"]
    );
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

// Working-group notes (electron-governance).

#[test]
fn working_group_handles_and_visitors() {
    // "## Date 5/10/21"; "- @handle" lists, visitors attend too.
    let f = facts("working-groups/api/meeting-notes/2021-05-10.md");
    assert_eq!(date(&f), Some("2021-05-10"));
    let names = attendees(&f);
    assert_eq!(names.len(), 6, "{names:?}");
    assert_has(&names, &["tindra", "MarshallOak", "robinsky"], "attendees");
}

#[test]
fn working_group_date_line_first_names_and_agenda_list() {
    let f = facts("working-groups/safety/meeting-notes/2019-03-01.md");
    assert_eq!(date(&f), Some("2019-03-01"));
    assert_eq!(attendees(&f), ["Corinna", "Jovan", "Joaquim", "Sheila"]);
    assert_starts(
        &topic_items(&f),
        &["Moderation guide", "Code of conduct"],
        "items",
    );
}

#[test]
fn working_group_date_label_and_handle_list() {
    let f = facts("working-groups/ecosystem/meeting-notes/2021-03-18.md");
    assert_eq!(date(&f), Some("2021-03-18"));
    assert_eq!(attendees(&f), ["eriksund", "kilian-b", "malvina"]);
    assert_eq!(topic_items(&f), ["Packaging tools", "Documentation"]);
    assert_eq!(f.documents().len(), 1, "{:?}", f.documents());
}

#[test]
fn working_group_bold_member_groups() {
    let f = facts("working-groups/releases/meeting-notes/2019-10-23.md");
    assert_eq!(date(&f), Some("2019-10-23"));
    let names = attendees(&f);
    assert_eq!(names.len(), 4, "{names:?}");
    assert_has(&names, &["jklein-s", "sofiaguy"], "attendees");
}

#[test]
fn working_group_date_heading_is_no_item() {
    let f = facts("working-groups/releases/meeting-notes/2019-10-23.md");
    assert_eq!(topic_items(&f), ["Release schedule", "Backports"]);
}

#[test]
fn working_group_title_as_first_heading_and_entries_that_name_nobody() {
    // No H1: "## Releases WG Minutes - 3-12-20" right above "## Attendees" is the title,
    // not an item; "Secretary" and "Berlin" in the list name nobody.
    let f = facts("working-groups/releases/meeting-notes/2020-03-12.md");
    assert_eq!(date(&f), Some("2020-03-12"));
    assert_eq!(attendees(&f), ["jklein-s", "vhaldor"]);
    assert_eq!(topic_items(&f), ["Release schedule", "Nightly builds"]);
}

// Core-team notes (ember-core-notes).

#[test]
fn core_notes_dated_title_plain_names_and_headed_items() {
    check(&Expect {
        path: "core-notes/cli/2017-06/june-08.md",
        meeting_date: Some("2017-06-08"),
        published: None,
        attendees: 5,
        some_attendees: &["Nathaniel Hargreaves", "Kellan Seldon"],
        items: 3,
        first_items: &["core-object", "2.6 Release", "Addon docs"],
        documents: 1,
    });
}

#[test]
fn core_notes_tick_boxes() {
    // Ticked boxes attended, the unticked one did not.
    let f = facts("core-notes/data/2023-09/2023-09-08.md");
    assert_eq!(date(&f), Some("2023-09-08"));
    let names = attendees(&f);
    assert_eq!(names.len(), 4, "{names:?}");
    assert_has(
        &names,
        &["Christa Thorsby", "Jarrah Galloway", "Kirill"],
        "attendees",
    );
    assert!(!names.contains(&"Rune Halvorsen"), "{names:?}");
    assert_eq!(f.documents().len(), 1, "{:?}", f.documents());
}

#[test]
fn core_notes_attendee_groups_are_no_items() {
    let f = facts("core-notes/data/2023-09/2023-09-08.md");
    assert_eq!(topic_items(&f), ["Dropdown in the API docs", "Release 5.3"]);
}

#[test]
fn core_notes_attending_label_without_heading() {
    // "Attending:" then a list, no headings at all; the date from the path.
    let f = facts("core-notes/learning/2017/january-12.md");
    assert_eq!(date(&f), Some("2017-01-12"));
    assert_eq!(
        attendees(&f),
        ["Daphne Wasser", "Dmitri Bakalov", "Rosario Mendez"]
    );
}

#[test]
fn core_notes_attendees_are_no_items() {
    let f = facts("core-notes/learning/2017/january-12.md");
    assert!(topic_items(&f).is_empty(), "{:?}", topic_items(&f));
}

#[test]
fn template_is_no_meeting() {
    check(&no_meeting("core-notes/learning/template.md", None, 0));
}

// Lint TSC notes (eslint-tsc).

#[test]
fn lint_tsc_name_handle_role_and_url_heading() {
    // "01-Mar-2018" in the title; "Name (@handle) - TSC"; a bare URL as an item heading.
    let f = facts("lint-tsc/2018/2018-03-01.md");
    assert_eq!(date(&f), Some("2018-03-01"));
    let names = attendees(&f);
    assert_eq!(names.len(), 6, "{names:?}");
    let kai = f
        .people
        .iter()
        .find(|p| p.name == "Kai Castellano")
        .expect("Kai");
    assert_eq!(kai.alternate_names, ["kcastellano"]);
    assert_eq!(kai.role.as_deref(), Some("TSC"));
    assert_starts(
        &topic_items(&f),
        &[
            "Nominating @not-a-narwhal to the TSC",
            "https://git.example.org/xlint/xlint/issues/7991",
        ],
        "items",
    );
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

#[test]
fn lint_tsc_year_month_name_day_title() {
    // "2020-January-16"; the transcript link is relative, so no document.
    check(&Expect {
        path: "lint-tsc/2020/2020-01-16.md",
        meeting_date: Some("2020-01-16"),
        published: None,
        attendees: 4,
        some_attendees: &["Milan Djuric"],
        items: 1,
        first_items: &["Dropping support for old runtimes"],
        documents: 0,
    });
}

#[test]
fn lint_tsc_transcript_date() {
    let f = facts("lint-tsc/2025/2025-05-01-transcript.md");
    assert_eq!(date(&f), Some("2025-05-01"));
}

// Developer meetings (ruby-dev-meeting).

#[test]
fn dev_meeting_date_line_and_an_attendee_link_that_names_nobody() {
    // "* Date: 2014/03/15"; "* attendees: See https://…" lists nobody.
    let f = facts("dev-meeting/2014/DevMeeting-2014-03-15.md");
    assert_eq!(date(&f), Some("2014-03-15"));
    assert!(attendees(&f).is_empty(), "{:?}", attendees(&f));
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

#[test]
fn dev_meeting_attendees_line_in_the_log() {
    // "Date: 2016/05/20 (Fri)"; the "Attendees: Assuming active developers." line names
    // nobody, the one in the log does.
    let f = facts("dev-meeting/2016/DevMeeting-2016-05-20.md");
    assert_eq!(date(&f), Some("2016-05-20"));
    assert_eq!(
        attendees(&f),
        ["hana", "sora", "kenji", "mameko", "hiro", "nobuo"]
    );
}

#[test]
fn dev_meeting_date_in_a_file_name_without_separators() {
    let f = facts("dev-meeting/2020/DevelopersMeeting20200611Japan.md");
    assert_eq!(date(&f), Some("2020-06-11"));
    assert!(attendees(&f).is_empty());
}

#[test]
fn dev_meeting_ticket_headings_are_items() {
    let f = facts("dev-meeting/2020/DevelopersMeeting20200611Japan.md");
    assert_starts(
        &topic_items(&f),
        &[
            "[Feature #16901] Frozen string literals",
            "[Bug #16911] Stack overflow",
        ],
        "items",
    );
}

// Advisory-board minutes (scala-center-minutes).

#[test]
fn board_minutes_attendees_under_prose_lines() {
    // "Name, Organisation" lists under prose lines ("The following new board members
    // were present:", "Also present:").
    let f = facts("advisory-board/2017-02-28-february-28-2017.md");
    assert_eq!(date(&f), Some("2017-02-28"));
    let names = attendees(&f);
    assert_eq!(names.len(), 7, "{names:?}");
    assert_has(
        &names,
        &["Jamila Bellweather", "Heidi Mueller", "Selma Tisdale"],
        "attendees",
    );
    assert_eq!(f.documents().len(), 2, "{:?}", f.documents());
}

#[test]
fn board_minutes_items_are_the_proceedings() {
    let f = facts("advisory-board/2017-02-28-february-28-2017.md");
    // Both are procedural (opening remarks, governance reports), but items all the same.
    let all: Vec<&str> = f
        .meeting
        .iter()
        .flat_map(|m| &m.agenda)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(all, ["Opening Remarks", "Reports"]);
}

// Community-group minutes (solid-meetings).

#[test]
fn community_group_date_line_present_and_agenda_list() {
    check(&Expect {
        path: "community-group/2021-03-18.md",
        meeting_date: Some("2021-03-18"),
        published: None,
        attendees: 3,
        some_attendees: &["Tamsin Bernard-Lee", "Sorin Capatina", "Justine Bingley"],
        items: 3,
        first_items: &["Rename the spec document", "Authentication profile"],
        documents: 1,
    });
}

#[test]
fn community_group_linked_names() {
    // "* [Name](profile)": the profile is the attendee's.
    let f = facts("community-group/2024-05-08.md");
    assert_eq!(date(&f), Some("2024-05-08"));
    assert_has(
        &attendees(&f),
        &["Maike de Jonge", "Pierre-Alain Chapuis"],
        "attendees",
    );
    let maike = f
        .people
        .iter()
        .find(|p| p.name == "Maike de Jonge")
        .expect("Maike");
    assert_eq!(maike.same_as, ["https://maike.example.net/#me"]);
    assert_eq!(topic_items(&f), ["Access grants"]);
    assert_eq!(f.documents().len(), 6, "{:?}", f.documents());
}

#[test]
fn community_group_linked_name_with_handle() {
    let f = facts("community-group/2024-05-08.md");
    let names = attendees(&f);
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.contains(&"Christof Braun"), "{names:?}");
}

// Specification-team minutes (spdx-meetings).

#[test]
fn spec_team_dash_lists_with_continuation_lines() {
    let f = facts("spec-meetings/ai/2026/2026-01-21.md");
    assert_eq!(date(&f), Some("2026-01-21"));
    assert_eq!(
        attendees(&f),
        [
            "Ambrose Gurney",
            "Arthur Suriya",
            "Elif Rashidova",
            "Victor Luong"
        ]
    );
    let items = topic_items(&f);
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items[0].starts_with("Approve minutes"), "{items:?}");
    assert_eq!(f.documents().len(), 3, "{:?}", f.documents());
}

#[test]
fn spec_team_attendees_at_the_end_with_orgs() {
    // An indented "Attendance: 6" list first, the attendee list last, "Name, Org".
    let f = facts("spec-meetings/general/2017/2017-06-01.md");
    assert_eq!(date(&f), Some("2017-06-01"));
    let names = attendees(&f);
    assert_eq!(names.len(), 6, "{names:?}");
    assert_has(
        &names,
        &["Philippa Oden", "Katja Stewart", "Pierre Lapointe"],
        "attendees",
    );
    assert_starts(
        &topic_items(&f),
        &["Special Guest", "Tooling update"],
        "items",
    );
}

#[test]
fn spec_team_name_dash_org_without_a_space() {
    let f = facts("spec-meetings/general/2017/2017-06-01.md");
    assert!(
        attendees(&f).contains(&"Michael Herzog"),
        "{:?}",
        attendees(&f)
    );
}

#[test]
fn spec_team_indented_lists() {
    check(&Expect {
        path: "spec-meetings/tech/2014/2014-05-27.md",
        meeting_date: Some("2014-05-27"),
        published: None,
        attendees: 3,
        some_attendees: &["Gary O'Neill", "Bill Schindler", "Katja Stewart"],
        items: 2,
        first_items: &["Review of the 2.0 model draft", "Relationship types"],
        documents: 0,
    });
}

#[test]
fn spec_team_attendee_table_first() {
    // The file opens with an Attendee | Organisation table.
    let f = facts("spec-meetings/tech/2014/2014-06-10.md");
    assert_eq!(date(&f), Some("2014-06-10"));
    assert_eq!(attendees(&f), ["Gary O'Neill", "Katja Stewart"]);
    assert_eq!(
        topic_items(&f),
        ["Relationship types, second pass", "Review schedule for 2.0"]
    );
}

#[test]
fn template_in_the_file_name_is_no_meeting() {
    check(&no_meeting(
        "spec-meetings/tech/meeting-template.md",
        None,
        0,
    ));
}

// Attendee lists and agenda annotations in other shapes.

#[test]
fn comma_paragraph_over_two_lines_group_items_and_annotated_agenda() {
    // A comma list wrapped over two lines ("…,, Mira Brandt, Juliette Gagnon / and
    // Tomasz Wrona, …"), people nested under "* Partner companies:", and entries that
    // name nobody ("V9 team members", "Release Bot 2", "#general channel"); agenda items
    // with "(@handle)", "(handle, handle)", "[20 min]" and "(10 min)" annotations.
    let f = facts("tsc/2019-06-12.md");
    assert_eq!(date(&f), Some("2019-06-12"));
    let names = attendees(&f);
    assert_has(
        &names,
        &[
            "Amadou Diallo",
            "Katrin Holm",
            "Mira Brandt",
            "Juliette Gagnon",
            "Tomasz Wrona",
            "Greta Lindholm",
            "Ayesha Rahman",
            "Gunnar Lie",
        ],
        "attendees",
    );
    for nobody in ["V9 team members", "Release Bot 2", "#general channel"] {
        assert!(!names.contains(&nobody), "{nobody} in {names:?}");
    }
    let m = f.meeting.as_ref().expect("meeting");
    let items: Vec<(&str, bool)> = m
        .agenda
        .iter()
        .map(|i| (i.name.as_str(), i.presenter.is_some()))
        .collect();
    assert_eq!(
        items[..4],
        [
            ("Release plan for 12.x", true),
            ("Security release process", true),
            ("Build farm budget", false),
            ("Docs translation status", true),
        ]
    );
    assert!(items[4].0.starts_with("Open questions"), "{items:?}");
    // An image is a document; the code in fences and spans is not.
    assert_eq!(f.documents(), ["https://ci.example.org/usage-2019-05.png"]);
}

#[test]
fn a_thank_you_line_in_the_attendee_list_is_nobody() {
    let f = facts("tsc/2019-06-12.md");
    assert_eq!(attendees(&f).len(), 8, "{:?}", attendees(&f));
}

#[test]
fn agenda_with_time_boxes_and_initials() {
    // "(20 min) Title (JW)": the time box and the presenter's initials split off, the
    // presenter resolved to the attendee with those initials.
    let f = facts("core-notes/framework/2021-10/Oct-29-2021.md");
    assert_eq!(date(&f), Some("2021-10-29"));
    assert_eq!(
        attendees(&f),
        ["Jun Watanabe", "Kasia Grabowska", "Ilan Ben-Ami"]
    );
    let m = f.meeting.as_ref().expect("meeting");
    let presenter = |prefix: &str| {
        m.agenda
            .iter()
            .find(|i| i.topic.as_ref().is_some_and(|t| t.label.contains(prefix)))
            .unwrap_or_else(|| panic!("no item {prefix}: {:?}", m.agenda))
            .presenter
            .map(|p| f.people[p].name.as_str())
    };
    assert_eq!(presenter("Template generation"), Some("Jun Watanabe"));
    assert_eq!(presenter("Tutorial updates"), None);
    assert_eq!(presenter("4.0 release checklist"), Some("Kasia Grabowska"));
}

#[test]
fn agenda_tags_are_no_part_of_the_topic() {
    let f = facts("core-notes/framework/2021-10/Oct-29-2021.md");
    let labels: Vec<&str> = f.topics().iter().map(|t| t.label.as_str()).collect();
    assert!(labels.contains(&"4.0 release checklist"), "{labels:?}");
    assert!(labels.iter().all(|l| !l.contains("public")), "{labels:?}");
}

#[test]
fn date_from_the_front_matter_title() {
    // No date line, an undated H1: the date is the front-matter title's.
    check(&Expect {
        path: "lang-team/minutes/2024-02-13.md",
        meeting_date: Some("2024-02-13"),
        published: None,
        attendees: 3,
        some_attendees: &["teodor", "quark", "Anneke"],
        items: 2,
        first_items: &["\"Deref patterns\"", "\"Match ergonomics 2024\""],
        documents: 2,
    });
}

#[test]
fn a_design_document_with_a_date_in_its_prose_is_no_meeting() {
    check(&no_meeting(
        "lang-team/notes/never-type-fallback.md",
        None,
        1,
    ));
}

#[test]
fn agenda_label_then_list() {
    // "Agenda:" as a line of its own, then the list; "(handle)" and "(a, b)" presenters.
    let f = facts("dev-meeting/2018/DevMeeting-2018-07-05.md");
    assert_eq!(date(&f), Some("2018-07-05"));
    assert_eq!(attendees(&f), ["hana", "sora", "kenji", "jevans"]);
    assert_starts(
        &topic_items(&f),
        &[
            "[Feature #14915] Deprecate the old hash syntax",
            "[Bug #14922] Crash in the parser",
            "[Misc #14950] Release schedule for 2.6",
        ],
        "items",
    );
    let m = f.meeting.as_ref().expect("meeting");
    assert!(
        m.agenda.iter().all(|i| i.presenter.is_some()),
        "{:?}",
        m.agenda
    );
}
