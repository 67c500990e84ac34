//! Extraction pinned per file: the facts a reader of the recap would list.

use crate::support::facts_of_file;

/// What one recap should give.
pub struct Expect<'a> {
    /// Path under the root given to [`check_in`].
    pub path: &'a str,
    pub meeting_date: Option<&'a str>,
    /// Checked when given.
    pub published: Option<&'a str>,
    pub attendees: usize,
    pub some_attendees: &'a [&'a str],
    pub items: usize,
    /// Each item, in order, starts with these.
    pub first_items: &'a [&'a str],
    pub documents: usize,
}

/// A recap that records no meeting: no event, no attendees, no agenda.
pub fn no_meeting<'a>(path: &'a str, published: Option<&'a str>, documents: usize) -> Expect<'a> {
    Expect {
        path,
        meeting_date: None,
        published,
        attendees: 0,
        some_attendees: &[],
        items: 0,
        first_items: &[],
        documents,
    }
}

/// Checks the facts of `root/e.path` (graph name `name/e.path`) against `e`.
pub fn check_in(root: &std::path::Path, name: &str, e: &Expect<'_>) {
    let f = facts_of_file(&root.join(e.path), &format!("{name}/{}", e.path));
    let ctx = e.path;
    assert_eq!(
        f.meeting.as_ref().map(|m| m.date.as_str()),
        e.meeting_date,
        "{ctx}: meeting date"
    );
    if let Some(p) = e.published {
        assert_eq!(f.published.as_deref(), Some(p), "{ctx}: published");
    }
    let names: Vec<&str> = f
        .meeting
        .iter()
        .flat_map(|m| &m.attendees)
        .map(|&i| f.people[i].name.as_str())
        .collect();
    assert_eq!(names.len(), e.attendees, "{ctx}: attendees {names:?}");
    for n in e.some_attendees {
        assert!(names.contains(n), "{ctx}: {n} missing from {names:?}");
    }
    let items: Vec<&str> = f
        .meeting
        .iter()
        .flat_map(|m| &m.agenda)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(items.len(), e.items, "{ctx}: items {items:?}");
    for (got, want) in items.iter().zip(e.first_items) {
        assert!(
            got.starts_with(want),
            "{ctx}: item {got:?} should start with {want:?}"
        );
    }
    assert_eq!(
        f.documents().len(),
        e.documents,
        "{ctx}: documents {:?}",
        f.documents()
    );
}
