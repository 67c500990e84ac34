//! The seed recap (`<corpus>/seeds`) is the reference input: exact facts. `tests/it/seed.rs`
//! pins the same facts on a fictional recap of the same shape.

use recapgraph::extract::DateSource;

use crate::shared;
use crate::support::facts_of_file;

#[test]
fn seed_gives_exactly_the_reference_facts() {
    let f = facts_of_file(
        &shared().join("seeds/000_a507d80173a6ff85.txt"),
        "seeds/000_a507d80173a6ff85.txt",
    );
    assert_eq!(f.title, "Wrap up of March 2013 CanStack Meeting");
    let m = f.meeting.as_ref().expect("the seed records a meeting");
    assert_eq!(m.date, "2013-03-28");
    assert_eq!(m.date_source, DateSource::Prose);
    // Only one date is known: it is also the publication date.
    assert_eq!(f.published.as_deref(), Some("2013-03-28"));

    let attendees: Vec<(&str, Option<&str>)> = m
        .attendees
        .iter()
        .map(|&i| (f.people[i].name.as_str(), f.people[i].place.as_deref()))
        .collect();
    assert_eq!(attendees.len(), 9);
    assert_eq!(attendees[0], ("Anita Kuno", Some("Haliburton, ON")));
    assert!(attendees.contains(&("Jason van Gaal", Some("Ottawa"))));
    assert_eq!(
        attendees
            .iter()
            .filter(|(_, p)| *p == Some("Edmonton"))
            .count(),
        7
    );

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
        "Poorly timed",
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
        item_of("http://saltstack.com/"),
        Some("Configuration management")
    );
    assert_eq!(
        item_of("https://twitter.com/anteaya"),
        Some("Learning how to contribute code to OpenStack")
    );
    assert_eq!(
        item_of("https://github.com/openstack-dev/grenade"),
        Some("Updating OpenStack releases")
    );
    assert_eq!(
        item_of("http://www.openstack.org/summit/portland-2013/"),
        Some("Next meeting")
    );

    // "Anita" is Anita Kuno, whose profile the link is.
    let anita = f
        .people
        .iter()
        .find(|p| p.name == "Anita Kuno")
        .expect("Anita");
    assert_eq!(anita.same_as, ["https://twitter.com/anteaya"]);
    let c = f
        .citations
        .iter()
        .find(|c| c.anchor_text == "Anita")
        .expect("the Anita link");
    assert_eq!(
        c.person.map(|i| f.people[i].name.as_str()),
        Some("Anita Kuno")
    );
}

#[test]
fn corpus_copy_of_the_seed_has_both_dates() {
    let f = facts_of_file(
        &shared().join("corpus/canstack/2013-04-01-apr-canstack-meeting.md"),
        "canstack/2013-04-01-apr-canstack-meeting.md",
    );
    assert_eq!(
        f.meeting.as_ref().map(|m| m.date.as_str()),
        Some("2013-03-28")
    );
    assert_eq!(f.published.as_deref(), Some("2013-04-01"));
    assert_eq!(f.meeting.as_ref().map(|m| m.attendees.len()), Some(9));
}
