//! Topics across recaps, as plain data: which label a topic goes by (the title of its most
//! recent meeting; its other titles are alternatives), and how topics relate by their key
//! phrases (`phrases.rs`): a title that extends another's key phrase is narrower
//! (`skos:broader`), titles that share a rare key word or word pair are `skos:related`.
//! `suggest.rs` drafts a SKOS vocabulary from clusters of labels that read as one topic.
//!
//! Invariant: deterministic (same uses in any order → same result); knows no store and no
//! RDF. The store reads the uses (`rg:topicLabel` with its meeting's date) and writes the
//! result to `graph/topics`, rebuilt whole after every ingest.

mod phrases;
mod suggest;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use phrases::key_stems;
pub use suggest::{suggest, to_turtle, Suggestion};

/// One recap's use of a topic: the label it gave, and its meeting's date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TopicUse {
    /// The topic's IRI.
    pub topic: String,
    /// The label this recap gives it.
    pub label: String,
    /// The meeting's date (ISO), or empty.
    pub date: String,
}

/// A topic's labels across the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicLabels {
    /// The topic's IRI.
    pub topic: String,
    /// The label of its most recent meeting (ties: the most used, then the first in
    /// code-point order).
    pub pref_label: String,
    /// Its other labels, each once, sorted.
    pub alt_labels: Vec<String>,
    /// Meetings (uses) that named it.
    pub uses: usize,
}

/// What the rebuild writes: every topic's labels, and the links between topics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DerivedTopics {
    /// One entry per topic, sorted by IRI.
    pub topics: Vec<TopicLabels>,
    /// `(narrower, broader)` index pairs into `topics`.
    pub broader: Vec<(usize, usize)>,
    /// `(a, b)` index pairs with `a < b`: related both ways.
    pub related: Vec<(usize, usize)>,
}

/// At most this many related topics per topic (the ones sharing the rarest words).
const MAX_RELATED: usize = 5;

/// Labels and links of the topics in `uses`.
#[must_use]
pub fn derive(uses: &[TopicUse]) -> DerivedTopics {
    let topics = labels(uses);
    let stems: Vec<Vec<Vec<String>>> = topics
        .iter()
        .map(|t| {
            let mut seqs: Vec<Vec<String>> = std::iter::once(&t.pref_label)
                .chain(&t.alt_labels)
                .map(|l| key_stems(l))
                .filter(|s| !s.is_empty())
                .collect();
            seqs.sort();
            seqs.dedup();
            seqs
        })
        .collect();
    let broader = broader_links(&stems);
    let related = related_links(&stems, &broader);
    DerivedTopics {
        topics,
        broader,
        related,
    }
}

fn labels(uses: &[TopicUse]) -> Vec<TopicLabels> {
    let mut by_topic: BTreeMap<&str, Vec<&TopicUse>> = BTreeMap::new();
    for u in uses {
        by_topic.entry(u.topic.as_str()).or_default().push(u);
    }
    by_topic
        .into_iter()
        .map(|(topic, list)| {
            let mut count: HashMap<&str, usize> = HashMap::new();
            for u in &list {
                *count.entry(u.label.as_str()).or_default() += 1;
            }
            let pref = list
                .iter()
                .max_by(|a, b| {
                    a.date
                        .cmp(&b.date)
                        .then(count[a.label.as_str()].cmp(&count[b.label.as_str()]))
                        .then(b.label.cmp(&a.label))
                })
                .map(|u| u.label.clone())
                .unwrap_or_default();
            let alt_labels: Vec<String> = count
                .keys()
                .filter(|l| **l != pref)
                .map(|l| (*l).to_owned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            TopicLabels {
                topic: topic.to_owned(),
                pref_label: pref,
                alt_labels,
                uses: list.len(),
            }
        })
        .collect()
}

/// The most narrower topics one topic may have: a key phrase inside more titles than
/// this ("release", "testing") is a word of many subjects, not one broader subject.
fn broader_cap(n: usize) -> usize {
    (n / 100).max(12)
}

/// `(narrower, broader)`: B is narrower than A when one of A's key phrases is a proper
/// run of one of B's ("Observability with tracing" under "Observability").
fn broader_links(stems: &[Vec<Vec<String>>]) -> Vec<(usize, usize)> {
    let mut phrase_owner: HashMap<&[String], BTreeSet<usize>> = HashMap::new();
    for (i, seqs) in stems.iter().enumerate() {
        for s in seqs {
            phrase_owner.entry(s.as_slice()).or_default().insert(i);
        }
    }
    let mut narrower_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (b, seqs) in stems.iter().enumerate() {
        for s in seqs {
            for len in 1..s.len() {
                for w in s.windows(len) {
                    if let Some(owners) = phrase_owner.get(w) {
                        for &a in owners {
                            if a != b && !stems[b].iter().any(|x| x.as_slice() == w) {
                                narrower_of.entry(a).or_default().insert(b);
                            }
                        }
                    }
                }
            }
        }
    }
    let cap = broader_cap(stems.len());
    let mut out: Vec<(usize, usize)> = narrower_of
        .into_iter()
        .filter(|(_, set)| set.len() <= cap)
        .flat_map(|(a, set)| set.into_iter().map(move |b| (b, a)))
        .collect();
    out.sort_unstable();
    out
}

/// Topics sharing a rare key word, a key word pair, or a whole key phrase (two topics
/// one title apart, "Observability" and "Observability update"), not already one under
/// the other. Words in more titles than the cap say little; each topic keeps its
/// [`MAX_RELATED`] partners with the rarest shared words.
fn related_links(stems: &[Vec<Vec<String>>], broader: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let n = stems.len();
    // Terms: single stems and adjacent pairs, each with the topics that use it.
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, seqs) in stems.iter().enumerate() {
        let mut terms = BTreeSet::new();
        for s in seqs {
            terms.extend(s.iter().cloned());
            terms.extend(s.windows(2).map(|w| format!("{} {}", w[0], w[1])));
            if s.len() > 2 {
                terms.insert(s.join(" "));
            }
        }
        for t in terms {
            postings.entry(t).or_default().push(i);
        }
    }
    let word_cap = (n / 400).max(4);
    let pair_cap = (n / 100).max(10);
    let mut score: HashMap<(usize, usize), f64> = HashMap::new();
    for (term, list) in &postings {
        let cap = if term.contains(' ') {
            pair_cap
        } else {
            word_cap
        };
        if list.len() < 2 || list.len() > cap {
            continue;
        }
        let idf = ((n as f64 + 1.0) / list.len() as f64).ln();
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                *score.entry((a, b)).or_default() += idf;
            }
        }
    }
    let linked: BTreeSet<(usize, usize)> =
        broader.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    let mut per_topic: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (&(a, b), &s) in &score {
        if linked.contains(&(a, b)) {
            continue;
        }
        per_topic[a].push((s, b));
        per_topic[b].push((s, a));
    }
    let mut out = BTreeSet::new();
    for (a, list) in per_topic.iter_mut().enumerate() {
        list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, b) in list.iter().take(MAX_RELATED) {
            out.insert((a.min(b), a.max(b)));
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_(topic: &str, label: &str, date: &str) -> TopicUse {
        TopicUse {
            topic: topic.into(),
            label: label.into(),
            date: date.into(),
        }
    }

    #[test]
    fn the_most_recent_title_is_preferred() {
        let d = derive(&[
            use_("t/1", "Rename the default branch or similar", "2021-01-07"),
            use_("t/1", "Rename the default branch", "2022-02-16"),
            use_("t/1", "Rename the default branch or similar", "2020-09-16"),
        ]);
        assert_eq!(d.topics.len(), 1);
        assert_eq!(d.topics[0].pref_label, "Rename the default branch");
        assert_eq!(
            d.topics[0].alt_labels,
            vec!["Rename the default branch or similar".to_owned()]
        );
        assert_eq!(d.topics[0].uses, 3);
    }

    #[test]
    fn extended_titles_are_narrower_and_shared_words_relate() {
        let d = derive(&[
            use_("t/obs", "Observability", "2024-01-01"),
            use_("t/obs-tracing", "Observability with tracing", "2024-02-01"),
            use_(
                "t/obs-meta",
                "Observability metadata conventions",
                "2024-03-01",
            ),
            use_("t/budget", "Budget", "2024-03-01"),
            use_("t/tracing-budget", "Tracing budget", "2024-03-01"),
        ]);
        let idx = |iri: &str| d.topics.iter().position(|t| t.topic == iri).unwrap();
        let (obs, tracing, meta) = (idx("t/obs"), idx("t/obs-tracing"), idx("t/obs-meta"));
        assert!(d.broader.contains(&(tracing, obs)));
        assert!(d.broader.contains(&(meta, obs)));
        assert!(d.related.contains(&(tracing.min(meta), tracing.max(meta))));
        // "Budget" is a word of "Tracing budget": narrower, not related as well.
        let (budget, tb) = (idx("t/budget"), idx("t/tracing-budget"));
        assert!(d.broader.contains(&(tb, budget)));
        assert!(!d.related.contains(&(budget.min(tb), budget.max(tb))));
    }

    #[test]
    fn different_subjects_with_no_shared_words_stay_apart() {
        let d = derive(&[
            use_("t/a", "Dependency audit", "2024-01-01"),
            use_("t/b", "Office move", "2024-01-01"),
        ]);
        assert!(d.broader.is_empty());
        assert!(d.related.is_empty());
    }

    #[test]
    fn order_of_uses_does_not_matter() {
        let mut uses = vec![
            use_("t/a", "Alpha launch", "2024-01-01"),
            use_("t/a", "Alpha launch plan", "2024-01-01"),
            use_("t/b", "Launch checklist", "2024-02-01"),
        ];
        let one = derive(&uses);
        uses.reverse();
        assert_eq!(one, derive(&uses));
    }
}
