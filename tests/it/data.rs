//! The bundled fictional recaps in data/: every shape they show is extracted right.

use std::path::Path;

use crate::expect::{check_in, Expect};

fn check(e: &Expect<'_>) {
    check_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        "data",
        e,
    );
}

#[test]
fn jekyll_markdown_with_places_and_every_link_kind() {
    check(&Expect {
        path: "2024-01-18-january-meetup.md",
        meeting_date: Some("2024-01-18"),
        published: Some("2024-01-20"),
        attendees: 6,
        some_attendees: &["Dana Whitfield", "Priya Raman", "Mei-Lin Zhao"],
        items: 4,
        first_items: &["Configuration management", "Kubernetes upgrades"],
        documents: 7,
    });
}

#[test]
fn heading_without_space_and_name_dash_org() {
    check(&Expect {
        path: "2024-02-15-february-meetup.md",
        meeting_date: Some("2024-02-15"),
        published: Some("2024-02-15"),
        attendees: 6,
        some_attendees: &["Owen Fairbairn", "Ines Carvalho"],
        items: 5,
        first_items: &["Housekeeping", "Config management"],
        documents: 5,
    });
}

#[test]
fn textile_post() {
    check(&Expect {
        path: "2024-03-21-march-meetup.textile",
        meeting_date: Some("2024-03-21"),
        published: Some("2024-03-23"),
        attendees: 7,
        some_attendees: &["Maria Kowalski", "Ines Carvalho"],
        items: 4,
        first_items: &["Upgrading Kubernetes", "Software supply chain security"],
        documents: 6,
    });
}

#[test]
fn minutes_triage_and_committee_notes() {
    check(&Expect {
        path: "riverbend-2024-04-02.md",
        meeting_date: Some("2024-04-02"),
        published: None,
        attendees: 6,
        some_attendees: &["Maria Kowalski", "Lena Vogt"],
        items: 4,
        first_items: &[
            "Async Rust in production",
            "Supply chain security with cargo-vet",
        ],
        documents: 10,
    });
    check(&Expect {
        path: "riverbend-2024-05-07.md",
        meeting_date: Some("2024-05-07"),
        published: None,
        attendees: 5,
        some_attendees: &["Maria", "fhaddad", "lvogt"],
        items: 3,
        first_items: &[],
        // The URL inside a code fence is not a link.
        documents: 5,
    });
    check(&Expect {
        path: "standards-committee-2024-06.md",
        meeting_date: Some("2024-06-11"),
        published: None,
        attendees: 11,
        some_attendees: &["Amara Nwosu", "Kenji Watanabe", "Henrik Dahl"],
        items: 6,
        first_items: &["Agenda", "Opening, welcome and roll call"],
        documents: 9,
    });
}

#[test]
fn an_architecture_post_is_no_meeting() {
    check(&Expect {
        path: "2024-07-01-architecture-notes.md",
        meeting_date: None,
        published: Some("2024-07-01"),
        attendees: 0,
        some_attendees: &[],
        items: 0,
        first_items: &[],
        documents: 7,
    });
}
