//! The topic vocabulary as plain data, and the label normalisation every match uses.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One concept of the vocabulary: a topic or a procedural heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concept {
    /// IRI relative to the base, e.g. `topic/configuration-management`.
    pub id: String,
    /// `skos:prefLabel`
    pub pref_label: String,
    /// `skos:altLabel`s
    pub alt_labels: Vec<String>,
}

/// Topics and procedural headings, with a lookup by normalised label.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Topic concepts (`skos:Concept`).
    pub topics: Vec<Concept>,
    /// Procedural headings (`rg:ProceduralItem`).
    pub procedural: Vec<Concept>,
    topic_index: HashMap<String, usize>,
    procedural_index: HashMap<String, usize>,
    /// Procedural labels of two or more words, normalised and padded with spaces.
    procedural_phrases: Vec<(String, usize)>,
}

impl Vocabulary {
    /// Builds the lookup tables. Later concepts never shadow earlier labels.
    #[must_use]
    pub fn new(topics: Vec<Concept>, procedural: Vec<Concept>) -> Self {
        let index = |concepts: &[Concept]| {
            let mut map = HashMap::new();
            for (i, c) in concepts.iter().enumerate() {
                for label in std::iter::once(&c.pref_label).chain(&c.alt_labels) {
                    let key = normalize_label(label);
                    if !key.is_empty() {
                        map.entry(key).or_insert(i);
                    }
                }
            }
            map
        };
        Self {
            topic_index: index(&topics),
            procedural_phrases: {
                let mut phrases: Vec<(String, usize)> = index(&procedural)
                    .into_iter()
                    .filter(|(k, _)| k.contains(' '))
                    .map(|(k, i)| (format!(" {k} "), i))
                    .collect();
                // Deterministic: earlier concepts, then longer phrases, win.
                phrases.sort_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then(b.0.len().cmp(&a.0.len()))
                        .then(a.0.cmp(&b.0))
                });
                phrases
            },
            procedural_index: index(&procedural),
            topics,
            procedural,
        }
    }

    /// The topic whose label (normalised) equals `label`'s.
    #[must_use]
    pub fn topic(&self, label: &str) -> Option<&Concept> {
        self.topic_index
            .get(&normalize_label(label))
            .map(|&i| &self.topics[i])
    }

    /// Topics whose labels occur as whole words in `text`, in vocabulary order.
    #[must_use]
    pub fn topics_in(&self, text: &str) -> Vec<&Concept> {
        let norm = normalize_label(text);
        let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
        let mut found = std::collections::BTreeSet::new();
        let mut gram = String::new();
        for start in 0..words.len() {
            gram.clear();
            for (n, w) in words[start..].iter().take(6).enumerate() {
                if n > 0 {
                    gram.push(' ');
                }
                gram.push_str(w);
                // One-word labels shorter than 4 letters ("ci", "io") match too much prose.
                if n == 0 && gram.len() < 4 {
                    continue;
                }
                if let Some(&i) = self.topic_index.get(gram.as_str()) {
                    found.insert(i);
                }
            }
        }
        found.into_iter().map(|i| &self.topics[i]).collect()
    }

    /// The procedural heading `heading` is, if any: an exact label match, or a label
    /// followed by more words ("Next meeting: March 3" → next meeting).
    #[must_use]
    pub fn procedural(&self, heading: &str) -> Option<&Concept> {
        let key = normalize_label(heading);
        if let Some(&i) = self.procedural_index.get(&key) {
            return Some(&self.procedural[i]);
        }
        // A procedural phrase of two or more words anywhere ("Scheduling and next meeting").
        let padded = format!(" {key} ");
        if let Some((_, i)) = self
            .procedural_phrases
            .iter()
            .find(|(p, _)| padded.contains(p.as_str()))
        {
            return Some(&self.procedural[*i]);
        }
        // Longest label that is a prefix of the heading at a word boundary; a one-word
        // prefix ("minutes", "agenda") only counts when the rest is short.
        let words: Vec<&str> = key.split(' ').collect();
        (1..words.len())
            .rev()
            .find_map(|n| {
                self.procedural_index
                    .get(&words[..n].join(" "))
                    .map(|&i| (n, i))
            })
            .filter(|&(n, _)| n > 1 || words.len() <= 3)
            .map(|(_, i)| &self.procedural[i])
    }
}

/// Lower-cases, turns `&` into "and", drops punctuation and a plural `s`, so that
/// "Config. Management", "config management" and "Config managements" compare equal.
#[must_use]
pub fn normalize_label(label: &str) -> String {
    let lower = label.to_lowercase().replace('&', " and ");
    let mut words = Vec::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        words.push(singular(word));
    }
    words.join(" ")
}

/// Words that end in `s` but are not plurals.
const INVARIANT: &[&str] = &[
    "kubernetes",
    "postgres",
    "windows",
    "news",
    "status",
    "series",
    "species",
    "analytics",
    "devops",
    "aws",
    "ios",
    "macos",
    "always",
    "canvas",
    "alias",
    "bias",
    "chaos",
    "gas",
    "lens",
    "atlas",
    "corpus",
    "nodes",
];

fn singular(word: &str) -> String {
    if INVARIANT.contains(&word)
        || word.ends_with("ss")
        || word.ends_with("us")
        || word.ends_with("is")
    {
        return word.to_owned();
    }
    let n = word.chars().count();
    if n > 3 && word.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(id: &str, pref: &str, alts: &[&str]) -> Concept {
        Concept {
            id: id.into(),
            pref_label: pref.into(),
            alt_labels: alts.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize_label("Config. Management!"), "config management");
        assert_eq!(normalize_label("Q&A"), "q and a");
        assert_eq!(normalize_label("Updates & Releases"), "update and release");
        assert_eq!(normalize_label("Policies"), "policy");
        assert_eq!(normalize_label("Status"), "status");
        assert_eq!(normalize_label("Kubernetes upgrades"), "kubernetes upgrade");
    }

    #[test]
    fn lookups() {
        let v = Vocabulary::new(
            vec![concept(
                "topic/configuration-management",
                "Configuration management",
                &["Config management"],
            )],
            vec![
                concept("procedural/next-meeting", "next meeting", &[]),
                concept("procedural/minutes", "minutes", &[]),
            ],
        );
        assert_eq!(
            v.topic("config Management").map(|c| c.id.as_str()),
            Some("topic/configuration-management")
        );
        assert!(v.procedural("Next Meeting: 2016-03-17").is_some());
        assert!(v.procedural("Next meeting").is_some());
        assert!(v.procedural("Minutes (draft)").is_some());
        assert!(v
            .procedural("Minutes of a very long discussion about everything")
            .is_none());
        assert!(v.procedural("Hardware").is_none());
        assert!(v.procedural("Scheduling and next meeting").is_some());
    }
}
