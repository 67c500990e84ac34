//! Which action items later meetings of the same series carried over or finished.
//!
//! An action of one meeting is followed up in a later meeting of its series (its folder)
//! when that meeting lists the same action again: in a review section ("Previous action
//! items", an `rg:ActionReview`) or as a new action with the same words (minutes that
//! copy their open list forward). The same action means: after lower-casing and dropping
//! punctuation and small words, one text holds every word of the other (the shorter has
//! three words at least: "Ann to send the agenda" ⊂ "Ann to send the agenda: carried
//! over"), or their words overlap by 70 % (Jaccard). A follow-up that is marked done
//! completes the action; a repeated action is carried from the first one.
//!
//! Plain data in, links out: `ingest` reads the entries of each series it touched from the
//! store and writes the links into the series' follow-up graph.

use std::collections::BTreeSet;

/// One action or reviewed action of one meeting, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The action's (or review's) IRI.
    pub node: String,
    /// The meeting's IRI.
    pub meeting: String,
    /// The meeting's date, ISO.
    pub date: String,
    /// The text as written.
    pub text: String,
    /// Marked done.
    pub done: bool,
    /// A review of an earlier action (`rg:ActionReview`), not a new action.
    pub review: bool,
}

/// The links the entries of one series give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// (action, later meeting that listed it again).
    pub followed_up_in: Vec<(String, String)>,
    /// (action, later meeting that marked it done).
    pub completed_in: Vec<(String, String)>,
    /// (later action, the earlier action it repeats).
    pub carried_from: Vec<(String, String)>,
}

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "for", "on", "in", "at", "by", "with", "is", "be",
    "will", "it", "this", "that", "its",
];

/// The words that say what an action is (lower case, no punctuation, no small words).
fn words(text: &str) -> BTreeSet<String> {
    text.trim_start_matches("[x] ")
        .trim_start_matches("[ ] ")
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(&w.as_str()))
        .collect()
}

/// True when two texts say the same action (see the module doc).
#[must_use]
pub fn same_action(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.len() >= 3 && short.is_subset(long) {
        return true;
    }
    let shared = a.intersection(&b).count();
    let all = a.union(&b).count();
    all > 0 && shared * 10 >= all * 7 && shared >= 3
}

/// The follow-up links of one series' entries (any order).
#[must_use]
pub fn link(entries: &[Entry]) -> Links {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.node.cmp(&b.node)));
    let mut links = Links::default();
    // Actions that repeat an earlier one: followed up through the first, not themselves.
    let mut copies: BTreeSet<&str> = BTreeSet::new();
    for (k, first) in order.iter().enumerate() {
        if first.review || copies.contains(first.node.as_str()) {
            continue;
        }
        let mut meetings: BTreeSet<&str> = BTreeSet::new();
        for later in &order[k + 1..] {
            if later.date <= first.date || later.meeting == first.meeting {
                continue;
            }
            if !same_action(&first.text, &later.text) {
                continue;
            }
            if meetings.insert(&later.meeting) {
                links
                    .followed_up_in
                    .push((first.node.clone(), later.meeting.clone()));
            }
            if later.done && !links.completed_in.iter().any(|(a, _)| *a == first.node) {
                links
                    .completed_in
                    .push((first.node.clone(), later.meeting.clone()));
            }
            if !later.review {
                copies.insert(&later.node);
                links
                    .carried_from
                    .push((later.node.clone(), first.node.clone()));
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(node: &str, date: &str, text: &str, done: bool, review: bool) -> Entry {
        Entry {
            node: node.into(),
            meeting: format!("m-{date}"),
            date: date.into(),
            text: text.into(),
            done,
            review,
        }
    }

    #[test]
    fn an_action_carried_twice_then_done() {
        let entries = [
            entry(
                "a1",
                "2024-04-02",
                "Fatima to write the blog post.",
                false,
                false,
            ),
            entry(
                "r1",
                "2024-05-07",
                "Fatima to write the blog post: carried over",
                false,
                true,
            ),
            entry(
                "r2",
                "2024-06-04",
                "[ ] Fatima to write the blog post (still open)",
                false,
                true,
            ),
            entry(
                "r3",
                "2024-07-02",
                "Fatima to write the blog post (published)",
                true,
                true,
            ),
            entry(
                "a2",
                "2024-05-07",
                "Ravi to book the room for September",
                false,
                false,
            ),
        ];
        let links = link(&entries);
        let m = |d: &str| format!("m-{d}");
        assert_eq!(
            links.followed_up_in,
            [
                ("a1".to_owned(), m("2024-05-07")),
                ("a1".to_owned(), m("2024-06-04")),
                ("a1".to_owned(), m("2024-07-02"))
            ]
        );
        assert_eq!(links.completed_in, [("a1".to_owned(), m("2024-07-02"))]);
        assert!(links.carried_from.is_empty());
    }

    #[test]
    fn repeated_lists_carry_from_the_first_and_different_actions_stay_apart() {
        let entries = [
            entry(
                "a1",
                "2020-04-30",
                "Niko to prep a write-up for auto traits",
                false,
                false,
            ),
            entry(
                "a2",
                "2020-06-01",
                "Niko to prep a write-up for auto traits",
                false,
                false,
            ),
            entry(
                "a3",
                "2020-06-22",
                "Niko to prep a write-up for auto traits",
                true,
                false,
            ),
            entry(
                "b1",
                "2020-04-30",
                "Niko to prep a write-up for const generics",
                false,
                false,
            ),
        ];
        let links = link(&entries);
        assert_eq!(
            links.carried_from,
            [
                ("a2".to_owned(), "a1".to_owned()),
                ("a3".to_owned(), "a1".to_owned())
            ]
        );
        assert_eq!(
            links.completed_in,
            [("a1".to_owned(), "m-2020-06-22".to_owned())]
        );
        assert!(!same_action(
            "Niko to prep a write-up for auto traits",
            "Niko to prep a write-up for const generics"
        ));
        assert!(!same_action(
            "Ann to review",
            "Ann to review the budget draft"
        ));
    }
}
