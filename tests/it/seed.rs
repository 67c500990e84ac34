//! The fictional seed (`tests/fixtures/recaps/seed/`), a Jekyll post in the shape of the
//! corpus's reference recap: exact facts. The same checks on the real seed are in the
//! corpus suite (`tests/corpus/seed.rs`).

use recapgraph::extract::DateSource;

use crate::support::{facts_of_file, fixtures};

#[test]
fn seed_gives_exactly_the_reference_facts() {
    let f = facts_of_file(
        &fixtures().join("seed/wrap-up-may-2019.txt"),
        "seed/wrap-up-may-2019.txt",
    );
    assert_eq!(f.title, "Wrap up of May 2019 PrairieStack Meeting");
    let m = f.meeting.as_ref().expect("the seed records a meeting");
    // "On Thursday, May 30th, 2019, …": the title's "May 2019" is no day.
    assert_eq!(m.date, "2019-05-30");
    assert_eq!(m.date_source, DateSource::Prose);
    // Only one date is known: it is also the publication date.
    assert_eq!(f.published.as_deref(), Some("2019-05-30"));

    let attendees: Vec<(&str, Option<&str>)> = m
        .attendees
        .iter()
        .map(|&i| (f.people[i].name.as_str(), f.people[i].place.as_deref()))
        .collect();
    assert_eq!(attendees.len(), 9, "{attendees:?}");
    // A place with a comma in it; a surname with a particle.
    assert_eq!(attendees[0], ("Nadia Okafor-Lund", Some("Moose Jaw, SK")));
    assert!(attendees.iter().any(|(n, _)| *n == "Ruben van Tassel"));

    let items: Vec<(&str, bool)> = m
        .agenda
        .iter()
        .map(|i| (i.name.as_str(), i.procedural))
        .collect();
    assert_eq!(
        items,
        [
            ("Configuration management", false),
            ("Learning how to contribute code to OpenStack", false),
            ("Updating OpenStack releases", false),
            ("Next meeting", true),
        ]
    );
    let topics: Vec<&str> = f.topics().iter().map(|t| t.label.as_str()).collect();
    assert_eq!(topics.len(), 3, "{topics:?}");
    for not_topic in [
        "Attendees",
        "Short notice",
        "What we talked about",
        "Next meeting",
    ] {
        assert!(
            !topics.iter().any(|t| t.eq_ignore_ascii_case(not_topic)),
            "{not_topic} is no topic"
        );
    }

    let docs = f.documents();
    assert_eq!(docs.len(), 6, "{docs:?}");
    // Each document is tied to the agenda item it appears under.
    let item_of = |url: &str| {
        let c = f
            .citations
            .iter()
            .find(|c| c.document.as_deref() == Some(url))
            .expect(url);
        c.agenda_item.map(|i| m.agenda[i].name.as_str())
    };
    assert_eq!(
        item_of("https://pyinfra.example.org/"),
        Some("Configuration management")
    );
    assert_eq!(
        item_of("https://social.example.net/@nadia"),
        Some("Learning how to contribute code to OpenStack")
    );
    for url in [
        "https://git.example.org/openstack/upgrade-checks",
        "https://docs.example.org/ops/upgrades.html",
        // The list item with two spaces after its bullet, and a fragment kept.
        "https://docs.example.org/ops/maintenance.html#rolling-upgrades",
    ] {
        assert_eq!(item_of(url), Some("Updating OpenStack releases"), "{url}");
    }
    assert_eq!(
        item_of("https://summit.example.org/2019/"),
        Some("Next meeting")
    );

    // "Nadia" is Nadia Okafor-Lund, whose profile the link is.
    let nadia = f
        .people
        .iter()
        .find(|p| p.name == "Nadia Okafor-Lund")
        .expect("Nadia");
    assert_eq!(nadia.same_as, ["https://social.example.net/@nadia"]);
    let c = f
        .citations
        .iter()
        .find(|c| c.anchor_text == "Nadia")
        .expect("the Nadia link");
    assert_eq!(
        c.person.map(|i| f.people[i].name.as_str()),
        Some("Nadia Okafor-Lund")
    );
}

#[test]
fn seed_attendees_places() {
    let f = facts_of_file(
        &fixtures().join("seed/wrap-up-may-2019.txt"),
        "seed/wrap-up-may-2019.txt",
    );
    let m = f.meeting.as_ref().expect("a meeting");
    let places: Vec<(&str, Option<&str>)> = m
        .attendees
        .iter()
        .map(|&i| (f.people[i].name.as_str(), f.people[i].place.as_deref()))
        .collect();
    assert!(
        places.contains(&("Ruben van Tassel", Some("Brandon"))),
        "{places:?}"
    );
    assert_eq!(
        places
            .iter()
            .filter(|(_, p)| *p == Some("Saskatoon"))
            .count(),
        7,
        "{places:?}"
    );
}

/// The same post under a Jekyll file name, with a "Posted by" line: the meeting date from
/// the prose, the publication date from the file name.
#[test]
fn jekyll_copy_of_the_seed_has_both_dates() {
    let f = facts_of_file(
        &fixtures().join("prairie-stack/2019-06-03-wrap-up-may-2019-meeting.md"),
        "prairie-stack/2019-06-03-wrap-up-may-2019-meeting.md",
    );
    assert_eq!(
        f.meeting.as_ref().map(|m| m.date.as_str()),
        Some("2019-05-30")
    );
    assert_eq!(f.published.as_deref(), Some("2019-06-03"));
    assert_eq!(f.meeting.as_ref().map(|m| m.attendees.len()), Some(9));
}
