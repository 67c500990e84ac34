//! Who is who across the recaps of one series: people listed by a first name or handle
//! ("Rod", "@rvagg") linked by `schema:sameAs` to the one fuller-named attendee of the same
//! series ("Rod Vagg") whose first name or alternate name that is.
//!
//! A series is the folder a recap sits in. This module owns the matching rule and works
//! on plain data: the attendees of each file (read from the file's quads, whether fresh
//! from `rdf::map` or read back from the store) go into a [`SeriesPeople`] per folder,
//! which yields the links. `ingest` decides which folders to rebuild; `store` writes the
//! links into one derived graph per folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{NamedOrBlankNodeRef, QuadRef, TermRef};

use crate::vocab::schema;

/// One attendee of one meeting, as its file's graph describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The person's IRI.
    pub person: String,
    /// Their name in that graph.
    pub name: String,
    /// Their alternate names (handles) in that graph.
    pub alternate_names: Vec<String>,
}

/// The attendees described by one graph's quads (`schema:attendee` objects with their
/// `schema:name` and `schema:alternateName`), sorted by IRI.
pub fn attendees<'a>(quads: impl IntoIterator<Item = QuadRef<'a>>) -> Vec<Attendee> {
    let mut attending = BTreeSet::new();
    let mut names: HashMap<&'a str, &'a str> = HashMap::new();
    let mut alternates: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    for q in quads {
        let predicate = q.predicate;
        if predicate == schema::ATTENDEE {
            if let TermRef::NamedNode(p) = q.object {
                attending.insert(p.as_str());
            }
            continue;
        }
        let NamedOrBlankNodeRef::NamedNode(subject) = q.subject else {
            continue;
        };
        let TermRef::Literal(value) = q.object else {
            continue;
        };
        if predicate == schema::NAME {
            names.entry(subject.as_str()).or_insert(value.value());
        } else if predicate == schema::ALTERNATE_NAME {
            alternates
                .entry(subject.as_str())
                .or_default()
                .push(value.value());
        }
    }
    attending
        .into_iter()
        .filter_map(|p| {
            let name = names.get(p)?;
            Some(Attendee {
                person: p.to_owned(),
                name: (*name).to_owned(),
                alternate_names: alternates
                    .get(p)
                    .map(|a| a.iter().map(|s| (*s).to_owned()).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// What `rg:attendeeDigest` holds: the attendees with their IRIs after `base`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Digest {
    base: String,
    people: Vec<(String, String, Vec<String>)>,
}

/// The attendees as the JSON text of `rg:attendeeDigest`: reading it back is one
/// literal per file instead of the file's attendee, name and alternate-name triples.
#[must_use]
pub fn digest(attendees: &[Attendee], base: &str) -> String {
    let doc = Digest {
        base: base.to_owned(),
        people: attendees
            .iter()
            .map(|a| {
                (
                    a.person.strip_prefix(base).unwrap_or(&a.person).to_owned(),
                    a.name.clone(),
                    a.alternate_names.clone(),
                )
            })
            .collect(),
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

/// The attendees a [`digest`] holds; `None` when the text is not one (the caller then
/// reads the triples).
#[must_use]
pub fn from_digest(text: &str) -> Option<Vec<Attendee>> {
    let doc: Digest = serde_json::from_str(text).ok()?;
    Some(
        doc.people
            .into_iter()
            .map(|(person, name, alternate_names)| Attendee {
                person: if person.contains("://") {
                    person
                } else {
                    format!("{}{person}", doc.base)
                },
                name,
                alternate_names,
            })
            .collect(),
    )
}

/// The series (folder) of a source path: everything before its last `/`.
#[must_use]
pub fn series_of(source_path: &str) -> &str {
    source_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Everyone who attended a meeting of one series, reduced to what matching needs: as
/// small as the number of distinct people, however many recaps they attended.
#[derive(Debug, Default, Clone)]
pub struct SeriesPeople {
    /// People with a name of two words or more → (lower-case first name, lower-case
    /// alternate names).
    full: HashMap<String, (String, Vec<String>)>,
    /// People with a one-word name → that word, lower-case.
    short: BTreeMap<String, BTreeSet<String>>,
}

impl SeriesPeople {
    /// Adds one attendance.
    pub fn add(&mut self, a: &Attendee) {
        let words: Vec<&str> = a.name.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            [one] => {
                self.short
                    .entry(a.person.clone())
                    .or_default()
                    .insert(one.to_lowercase());
            }
            [first, ..] => {
                let entry = self
                    .full
                    .entry(a.person.clone())
                    .or_insert_with(|| (first.to_lowercase(), Vec::new()));
                for alt in &a.alternate_names {
                    let alt = alt.to_lowercase();
                    if !entry.1.contains(&alt) {
                        entry.1.push(alt);
                    }
                }
            }
        }
    }

    /// `(short, full)` person IRI pairs: each one-word name that is the first name or an
    /// alternate name of exactly one fuller-named attendee, sorted.
    #[must_use]
    pub fn links(&self) -> Vec<(String, String)> {
        let mut out = BTreeSet::new();
        for (person, words) in &self.short {
            for word in words {
                let mut matches = self
                    .full
                    .iter()
                    .filter(|(_, (first, alts))| first == word || alts.contains(word))
                    .map(|(p, _)| p);
                if let (Some(only), None) = (matches.next(), matches.next()) {
                    out.insert((person.clone(), only.clone()));
                }
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

    fn attendee(person: &str, name: &str, alts: &[&str]) -> Attendee {
        Attendee {
            person: person.to_owned(),
            name: name.to_owned(),
            alternate_names: alts.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_first_name_or_handle_links_to_the_one_full_name() {
        let mut s = SeriesPeople::default();
        s.add(&attendee("p:rod-vagg", "Rod Vagg", &["@RVagg"]));
        s.add(&attendee("p:rod", "Rod", &[]));
        s.add(&attendee("p:rvagg", "@rvagg", &[]));
        s.add(&attendee("p:anna", "Anna", &[]));
        s.add(&attendee("p:anna-a", "Anna A", &[]));
        s.add(&attendee("p:anna-b", "Anna B", &[]));
        assert_eq!(
            s.links(),
            vec![
                ("p:rod".to_owned(), "p:rod-vagg".to_owned()),
                ("p:rvagg".to_owned(), "p:rod-vagg".to_owned()),
            ],
            "an ambiguous first name (two Annas) links to nobody"
        );
    }

    #[test]
    fn attendees_come_from_the_graph_with_their_names_and_handles() {
        let g = GraphName::NamedNode(NamedNode::new_unchecked("g:1"));
        let n = |s: &str| NamedNode::new_unchecked(s);
        let quads = [
            Quad::new(n("m:1"), schema::ATTENDEE, n("p:a"), g.clone()),
            Quad::new(
                n("p:a"),
                schema::NAME,
                Literal::new_simple_literal("Ann A"),
                g.clone(),
            ),
            Quad::new(
                n("p:a"),
                schema::ALTERNATE_NAME,
                Literal::new_simple_literal("@ann"),
                g.clone(),
            ),
            // Named but not attending (an author): not an attendee.
            Quad::new(
                n("p:b"),
                schema::NAME,
                Literal::new_simple_literal("Bo B"),
                g.clone(),
            ),
        ];
        assert_eq!(
            attendees(quads.iter().map(Quad::as_ref)),
            vec![attendee("p:a", "Ann A", &["@ann"])]
        );
        assert_eq!(series_of("root/posts/x.md"), "root/posts");
    }

    #[test]
    fn a_digest_gives_back_the_attendees() {
        let base = "https://r.example/";
        let people = vec![
            attendee(
                "https://r.example/person/ann-a",
                "Ann A",
                &["@ann", "annie"],
            ),
            attendee("https://elsewhere.example/p/bo", "Bo \"B\" 🐝", &[]),
        ];
        let text = digest(&people, base);
        assert!(
            text.contains("\"person/ann-a\""),
            "relative to the base: {text}"
        );
        assert_eq!(from_digest(&text), Some(people));
        assert_eq!(from_digest(&digest(&[], base)), Some(vec![]));
        assert_eq!(from_digest("not json"), None);
        assert_eq!(from_digest("{\"base\": 1}"), None);
    }
}
