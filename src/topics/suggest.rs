//! `recapgraph topics suggest`: a SKOS vocabulary draft from the store's topics. Topics
//! whose titles have the same key words (in any order, whatever the case, plurals, stop
//! words and meeting talk around them: "Observability update", "observability") look
//! like one subject: each such cluster becomes one concept whose labels are all their
//! titles, with the evidence as comments, for the user to edit and pass back with
//! `--vocabulary`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{key_stems, TopicLabels};

/// One suggested concept: topics that look like one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The key words they share (stems, sorted).
    pub key: Vec<String>,
    /// The topics, most used first: (IRI, preferred label, uses).
    pub members: Vec<(String, String, usize)>,
    /// Every label of every member, each once: the concept's labels.
    pub labels: Vec<String>,
}

/// Clusters of two or more topics with the same key words, largest first.
#[must_use]
pub fn suggest(topics: &[TopicLabels]) -> Vec<Suggestion> {
    let mut by_key: BTreeMap<Vec<String>, Vec<&TopicLabels>> = BTreeMap::new();
    for t in topics {
        let mut key = key_stems(&t.pref_label);
        key.sort();
        key.dedup();
        if !key.is_empty() {
            by_key.entry(key).or_default().push(t);
        }
    }
    let mut out: Vec<Suggestion> = by_key
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(key, mut members)| {
            members.sort_by(|a, b| b.uses.cmp(&a.uses).then(a.topic.cmp(&b.topic)));
            let mut labels = Vec::new();
            let mut seen = BTreeSet::new();
            for m in &members {
                for l in std::iter::once(&m.pref_label).chain(&m.alt_labels) {
                    if seen.insert(l.clone()) {
                        labels.push(l.clone());
                    }
                }
            }
            Suggestion {
                key,
                members: members
                    .iter()
                    .map(|m| (m.topic.clone(), m.pref_label.clone(), m.uses))
                    .collect(),
                labels,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let uses = |s: &Suggestion| s.members.iter().map(|m| m.2).sum::<usize>();
        uses(b).cmp(&uses(a)).then(a.key.cmp(&b.key))
    });
    out
}

/// `s` as a Turtle string literal, quoted and escaped (Oxigraph's own writer).
fn literal(s: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(s).to_string()
}

/// A comment line's text: one line, no control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The suggestions as a Turtle vocabulary draft, IRIs relative to the base like
/// `--vocabulary` files (`topic/<slug of the first label>`).
#[must_use]
pub fn to_turtle(suggestions: &[Suggestion]) -> String {
    let mut out = String::from(
        "# A draft topic vocabulary from `recapgraph topics suggest`: each concept gathers topics\n\
         # whose titles have the same key words. Check each one, delete what is wrong, add\n\
         # skos:broader / skos:related where you know them, then load it with\n\
         # `recapgraph ingest --vocabulary FILE --force PATH`.\n\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n",
    );
    for s in suggestions {
        let pref = &s.labels[0];
        let slug = crate::slug::slug(pref);
        let _ = write!(
            out,
            "\n# {} topics share the key words \"{}\":\n",
            s.members.len(),
            comment(&s.key.join(" "))
        );
        for (iri, label, uses) in &s.members {
            let _ = writeln!(
                out,
                "#   {} ({uses} meeting{}) <{}>",
                comment(label),
                if *uses == 1 { "" } else { "s" },
                comment(iri)
            );
        }
        let _ = write!(
            out,
            "<topic/{slug}>\n    a skos:Concept ;\n    skos:inScheme <topic/> ;\n    skos:prefLabel {}",
            literal(pref)
        );
        let alts: Vec<String> = s.labels[1..].iter().map(|l| literal(l)).collect();
        if !alts.is_empty() {
            let _ = write!(out, " ;\n    skos:altLabel {}", alts.join(",\n        "));
        }
        out.push_str(" .\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(iri: &str, pref: &str, alts: &[&str], uses: usize) -> TopicLabels {
        TopicLabels {
            topic: iri.into(),
            pref_label: pref.into(),
            alt_labels: alts.iter().map(|s| (*s).to_owned()).collect(),
            uses,
        }
    }

    #[test]
    fn same_key_words_cluster() {
        let s = suggest(&[
            t("t/1", "Observability update", &[], 2),
            t("t/2", "observability", &["Observability!"], 5),
            t("t/3", "Budget", &[], 9),
            t("t/4", "Tracing observability", &[], 1),
            t("t/5", "Observability with tracing", &[], 1),
        ]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].key, vec!["observ"]);
        assert_eq!(
            s[0].labels,
            vec!["observability", "Observability!", "Observability update"]
        );
        assert_eq!(s[1].key, vec!["observ", "trace"]);
        let ttl = to_turtle(&s);
        assert!(ttl.contains("<topic/observability>"), "{ttl}");
        assert!(ttl.contains("skos:altLabel \"Observability!\""), "{ttl}");
    }

    #[test]
    fn turtle_escapes_labels() {
        let s = suggest(&[
            t("t/1", "Quote \"this\"", &[], 1),
            t("t/2", "quote\nthis", &[], 1),
        ]);
        let ttl = to_turtle(&s);
        assert!(ttl.contains(r#""Quote \"this\"""#), "{ttl}");
        assert!(ttl.contains(r#""quote\nthis""#), "{ttl}");
    }
}
