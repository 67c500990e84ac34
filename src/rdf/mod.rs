//! Stage 3, `rdf::map`: [`MeetingFacts`] → quads in the file's own named graph.
//!
//! This module owns the IRI scheme (stable, readable, under a configurable base), the
//! mapping to the terms in [`crate::vocab`] (mirroring `ontology/recapgraph.ttl`) and
//! reading the topic vocabulary (`ontology/topics.ttl`) into plain data.

mod derived;
pub mod shapes;
mod topics;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

pub use topics::{load_vocabulary, VocabularyError, BUNDLED_TOPICS};

use crate::extract::{Meeting, MeetingFacts, Person, Topic};
use crate::vocab::{self, prov, rdf, rg, schema, skos, xsd};

use crate::slug::encode_path;
use crate::slug::slug;

/// Mints the IRIs of one knowledge graph. `base` ends with `/` or `#`.
#[derive(Debug, Clone)]
pub struct IriScheme {
    base: String,
}

impl Default for IriScheme {
    fn default() -> Self {
        Self {
            base: vocab::DEFAULT_BASE.to_owned(),
        }
    }
}

/// A base IRI that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid base IRI {base:?}: {reason}; give an absolute IRI such as https://example.org/meetings/")]
pub struct BaseIriError {
    base: String,
    reason: String,
}

impl IriScheme {
    /// A scheme under `base` (a `/` is added when it ends otherwise).
    ///
    /// # Errors
    /// When `base` is not an absolute IRI.
    pub fn new(base: &str) -> Result<Self, BaseIriError> {
        let mut base = base.trim().to_owned();
        if !base.ends_with('/') && !base.ends_with('#') {
            base.push('/');
        }
        NamedNode::new(&base).map_err(|e| BaseIriError {
            base: base.clone(),
            reason: e.to_string(),
        })?;
        Ok(Self { base })
    }

    /// The base IRI.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    fn node(&self, path: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{path}", self.base))
    }

    /// The named graph (and `rg:SourceFile`) of a source file.
    #[must_use]
    pub fn source(&self, source_path: &str) -> NamedNode {
        self.node(&format!("source/{}", encode_path(source_path)))
    }

    /// The recap document derived from a source file.
    #[must_use]
    pub fn recap(&self, source_path: &str) -> NamedNode {
        self.node(&format!("recap/{}", encode_path(source_path)))
    }

    /// A meeting: `meeting/2013-03-28-wrap-up-of-march-2013-canstack-meeting`.
    #[must_use]
    pub fn meeting(&self, date: &str, name: &str) -> NamedNode {
        let without_dates = {
            let mut n = name.to_owned();
            for m in crate::recap::find_dates(name).iter().rev() {
                n.replace_range(m.start..m.end, " ");
            }
            n
        };
        let s = slug(&without_dates);
        let s = if s.is_empty() {
            "meeting".to_owned()
        } else {
            s
        };
        self.node(&format!("meeting/{date}-{s}"))
    }

    /// A person, by name.
    #[must_use]
    pub fn person(&self, name: &str) -> NamedNode {
        self.node(&format!("person/{}", slug(name)))
    }

    /// A place, by name.
    #[must_use]
    pub fn place(&self, name: &str) -> NamedNode {
        self.node(&format!("place/{}", slug(name)))
    }

    /// An organisation, by name.
    #[must_use]
    pub fn organization(&self, name: &str) -> NamedNode {
        self.node(&format!("organization/{}", slug(name)))
    }

    /// A topic or other vocabulary concept, by its relative id (`topic/x`).
    #[must_use]
    pub fn concept(&self, id: &str) -> NamedNode {
        self.node(id)
    }

    /// The topic concept scheme.
    #[must_use]
    pub fn topic_scheme(&self) -> NamedNode {
        self.node("topic/")
    }

    /// The graph holding the topic vocabulary.
    #[must_use]
    pub fn vocabulary_graph(&self) -> NamedNode {
        self.node("graph/vocabulary")
    }

    /// The derived graph of `schema:sameAs` links between the people of one series
    /// (the folder `series`, as in source paths).
    #[must_use]
    pub fn identity_graph(&self, series: &str) -> NamedNode {
        self.node(&format!("graph/identity/{}", encode_path(series)))
    }

    /// The graph holding the follow-up links of one series' action items
    /// (`rg:followedUpIn`, `rg:completedIn`, `rg:carriedFrom`).
    #[must_use]
    pub fn followup_graph(&self, series: &str) -> NamedNode {
        self.node(&format!("graph/followup/{}", encode_path(series)))
    }

    /// The series whose identity graph `graph` is, if it is one.
    #[must_use]
    pub fn identity_series(&self, graph: &NamedNode) -> Option<String> {
        let encoded = graph
            .as_str()
            .strip_prefix(self.base.as_str())?
            .strip_prefix("graph/identity/")?;
        percent_encoding::percent_decode_str(encoded)
            .decode_utf8()
            .ok()
            .map(std::borrow::Cow::into_owned)
    }

    /// The one identity graph of stores written before links were kept per series.
    #[must_use]
    pub fn legacy_identity_graph(&self) -> NamedNode {
        self.node("graph/identity")
    }

    /// The derived graph of the topics recaps minted: each one's `skos:prefLabel` (the
    /// title of its most recent meeting), `skos:altLabel`s (its other titles), and the
    /// `skos:related` / `skos:broader` links its key phrases give.
    #[must_use]
    pub fn topics_graph(&self) -> NamedNode {
        self.node("graph/topics")
    }

    /// The graph holding link checks.
    #[must_use]
    pub fn linkcheck_graph(&self) -> NamedNode {
        self.node("linkcheck")
    }
}

struct QuadSink {
    graph: GraphName,
    quads: Vec<Quad>,
    /// Nodes already given their one name or label in this graph.
    named: std::collections::HashSet<NamedNode>,
}

impl QuadSink {
    /// Types and names a node once: two spellings with one slug keep the first.
    fn name(
        &mut self,
        node: &NamedNode,
        class: oxigraph::model::NamedNodeRef<'_>,
        p: oxigraph::model::NamedNodeRef<'_>,
        value: &str,
    ) {
        if self.named.insert(node.clone()) {
            self.add(node.clone(), rdf::TYPE, class);
            self.string(node.clone(), p, value);
        }
    }

    fn add(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: oxigraph::model::NamedNodeRef<'_>,
        o: impl Into<Term>,
    ) {
        self.quads
            .push(Quad::new(s, p.into_owned(), o, self.graph.clone()));
    }

    fn string(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: oxigraph::model::NamedNodeRef<'_>,
        value: &str,
    ) {
        self.add(s, p, Literal::new_simple_literal(value));
    }

    fn typed(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: oxigraph::model::NamedNodeRef<'_>,
        value: &str,
        dt: oxigraph::model::NamedNodeRef<'_>,
    ) {
        self.add(s, p, Literal::new_typed_literal(value, dt.into_owned()));
    }
}

/// Maps one recap's facts to quads, all in the file's named graph.
///
/// `ingested_at` is an `xsd:dateTime` lexical form.
#[must_use]
pub fn map(facts: &MeetingFacts, iris: &IriScheme, ingested_at: &str) -> Vec<Quad> {
    map_with_attendees(facts, iris, ingested_at).0
}

/// [`map`], and the attendees the quads describe (what [`crate::identity::attendees`]
/// reads from them, and the graph's `rg:attendeeDigest` holds), found once for both.
#[must_use]
pub fn map_with_attendees(
    facts: &MeetingFacts,
    iris: &IriScheme,
    ingested_at: &str,
) -> (Vec<Quad>, Vec<crate::identity::Attendee>) {
    let source = iris.source(&facts.source_path);
    let mut q = QuadSink {
        graph: GraphName::NamedNode(source.clone()),
        quads: Vec::new(),
        named: std::collections::HashSet::new(),
    };
    let recap = iris.recap(&facts.source_path);
    q.add(source.clone(), rdf::TYPE, rg::SOURCE_FILE);
    q.string(source.clone(), rg::SOURCE_PATH, &facts.source_path);
    q.string(source.clone(), rg::CONTENT_HASH, &facts.content_hash);
    q.typed(source.clone(), rg::INGESTED_AT, ingested_at, xsd::DATE_TIME);
    q.string(source.clone(), rg::FORMAT, &facts.format);
    q.add(source.clone(), rg::RECAP, recap.clone());

    q.add(recap.clone(), rdf::TYPE, schema::BLOG_POSTING);
    q.string(recap.clone(), schema::HEADLINE, &facts.title);
    q.add(recap.clone(), prov::WAS_DERIVED_FROM, source);
    if let Some(d) = &facts.published {
        q.typed(recap.clone(), schema::DATE_PUBLISHED, d, xsd::DATE);
    }
    if let Some(author) = facts.author.as_deref().filter(|a| !slug(a).is_empty()) {
        let p = iris.person(author);
        q.add(recap.clone(), schema::AUTHOR, p.clone());
        q.name(&p, schema::PERSON, schema::NAME, author);
    }
    for k in &facts.keywords {
        q.string(recap.clone(), schema::KEYWORDS, k);
    }
    for t in &facts.mentions {
        let node = topic(&mut q, iris, t);
        q.add(recap.clone(), schema::MENTIONS, node);
    }

    let people: Vec<Option<NamedNode>> = facts
        .people
        .iter()
        .map(|p| person(&mut q, iris, p))
        .collect();

    let meeting = facts
        .meeting
        .as_ref()
        .map(|m| meeting(&mut q, iris, m, &recap, &people));
    citations(&mut q, facts, &recap, &people, meeting.as_ref());
    let attendees = derived::seal(
        &mut q.quads,
        &iris.source(&facts.source_path),
        &q.graph,
        iris.base(),
    );
    (q.quads, attendees)
}

/// The meeting node of `m`, its attendees and agenda items; returns the meeting and its
/// items' nodes, in order.
fn meeting(
    q: &mut QuadSink,
    iris: &IriScheme,
    m: &Meeting,
    recap: &NamedNode,
    people: &[Option<NamedNode>],
) -> (NamedNode, Vec<NamedNode>) {
    let node = iris.meeting(&m.date, &m.name);
    q.add(node.clone(), rdf::TYPE, schema::EVENT);
    q.add(node.clone(), rdf::TYPE, rg::MEETING);
    q.string(node.clone(), schema::NAME, &m.name);
    q.typed(node.clone(), schema::START_DATE, &m.date, xsd::DATE);
    q.add(node.clone(), schema::SUBJECT_OF, recap.clone());
    for &a in &m.attendees {
        if let Some(Some(p)) = people.get(a) {
            q.add(node.clone(), schema::ATTENDEE, p.clone());
        }
    }
    let mut items = Vec::new();
    for item in &m.agenda {
        let inode = NamedNode::new_unchecked(format!(
            "{}/item/{}-{}",
            node.as_str(),
            item.position,
            slug(&item.name)
                .chars()
                .take(48)
                .collect::<String>()
                .trim_end_matches('-')
        ));
        q.add(node.clone(), rg::AGENDA_ITEM_PROP, inode.clone());
        q.add(inode.clone(), rdf::TYPE, rg::AGENDA_ITEM);
        q.string(inode.clone(), schema::NAME, &item.name);
        q.typed(
            inode.clone(),
            schema::POSITION,
            &item.position.to_string(),
            xsd::INTEGER,
        );
        q.add(inode.clone(), schema::SUPER_EVENT, node.clone());
        q.typed(
            inode.clone(),
            rg::PROCEDURAL,
            if item.procedural { "true" } else { "false" },
            xsd::BOOLEAN,
        );
        if let Some(t) = &item.topic {
            let tnode = topic(q, iris, t);
            q.add(inode.clone(), schema::ABOUT, tnode.clone());
            q.add(node.clone(), schema::ABOUT, tnode);
        }
        if let Some(Some(p)) = item.presenter.and_then(|i| people.get(i)) {
            q.add(inode.clone(), schema::PERFORMER, p.clone());
        }
        items.push(inode);
    }
    outcomes(q, iris, m, &node, &items, people);
    (node, items)
}

/// The meeting's decisions and actions, each a node under the meeting's IRI, tied to its
/// agenda item (and that item's topic) and to the people who owe it.
fn outcomes(
    q: &mut QuadSink,
    iris: &IriScheme,
    m: &Meeting,
    node: &NamedNode,
    items: &[NamedNode],
    people: &[Option<NamedNode>],
) {
    let in_item = |q: &mut QuadSink, subject: &NamedNode, item: Option<usize>| {
        if let Some(k) = item {
            if let Some(inode) = items.get(k) {
                q.add(subject.clone(), rg::IN_AGENDA_ITEM, inode.clone());
            }
            if let Some(t) = m.agenda.get(k).and_then(|i| i.topic.as_ref()) {
                q.add(subject.clone(), schema::ABOUT, iris.concept(&t.id));
            }
        }
    };
    for (n, d) in m.decisions.iter().enumerate() {
        let dnode = NamedNode::new_unchecked(format!("{}/decision/{}", node.as_str(), n + 1));
        q.add(dnode.clone(), rdf::TYPE, rg::DECISION);
        q.string(dnode.clone(), schema::DESCRIPTION, &d.text);
        q.typed(dnode.clone(), rg::LINE, &d.line.to_string(), xsd::INTEGER);
        q.add(dnode.clone(), rg::IN_MEETING, node.clone());
        in_item(q, &dnode, d.agenda_item);
    }
    // Reviewed actions repeat earlier meetings' actions: each is an rg:ActionReview (its
    // text and status), which the series' follow-up graph ties to the action it repeats.
    for (n, a) in m.actions.iter().filter(|a| a.review).enumerate() {
        let rnode = NamedNode::new_unchecked(format!("{}/review/{}", node.as_str(), n + 1));
        q.add(rnode.clone(), rdf::TYPE, rg::ACTION_REVIEW);
        q.string(rnode.clone(), schema::DESCRIPTION, &a.text);
        q.typed(rnode.clone(), rg::LINE, &a.line.to_string(), xsd::INTEGER);
        q.add(rnode.clone(), rg::IN_MEETING, node.clone());
        let status = if a.done {
            schema::COMPLETED_ACTION_STATUS
        } else {
            schema::POTENTIAL_ACTION_STATUS
        };
        q.add(rnode, schema::ACTION_STATUS, status);
    }
    for (n, a) in m.actions.iter().filter(|a| !a.review).enumerate() {
        let anode = NamedNode::new_unchecked(format!("{}/action/{}", node.as_str(), n + 1));
        q.add(anode.clone(), rdf::TYPE, schema::ACTION);
        q.string(anode.clone(), schema::DESCRIPTION, &a.text);
        q.typed(anode.clone(), rg::LINE, &a.line.to_string(), xsd::INTEGER);
        q.add(anode.clone(), rg::IN_MEETING, node.clone());
        let status = if a.done {
            schema::COMPLETED_ACTION_STATUS
        } else {
            schema::POTENTIAL_ACTION_STATUS
        };
        q.add(anode.clone(), schema::ACTION_STATUS, status);
        if let Some(due) = &a.due {
            q.typed(anode.clone(), schema::END_TIME, due, xsd::DATE);
        }
        in_item(q, &anode, a.agenda_item);
        for o in &a.owners {
            let agent = match o.person.and_then(|i| people.get(i).cloned().flatten()) {
                Some(p) => p,
                None if !slug(&o.name).is_empty() => {
                    let p = iris.person(&o.name);
                    q.name(&p, schema::PERSON, schema::NAME, &o.name);
                    p
                }
                None => continue,
            };
            q.add(anode.clone(), schema::AGENT, agent);
        }
    }
}

/// Every cited document of `facts`, its citation in context, and where it was cited.
fn citations(
    q: &mut QuadSink,
    facts: &MeetingFacts,
    recap: &NamedNode,
    people: &[Option<NamedNode>],
    meeting: Option<&(NamedNode, Vec<NamedNode>)>,
) {
    let mut n = 0;
    for c in &facts.citations {
        let Some(doc) = c.document.as_deref() else {
            q.string(recap.clone(), rg::RELATIVE_LINK, &c.url);
            continue;
        };
        n += 1;
        let dnode = NamedNode::new_unchecked(doc);
        q.add(dnode.clone(), rdf::TYPE, schema::WEB_PAGE);
        q.string(dnode.clone(), schema::URL, &c.url);
        if let Some(host) = url::Url::parse(doc)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
        {
            q.string(dnode.clone(), rg::HOST, host.trim_start_matches("www."));
        }
        q.add(recap.clone(), schema::CITATION, dnode.clone());
        let cnode = NamedNode::new_unchecked(format!("{}#citation-{n}", recap.as_str()));
        q.add(recap.clone(), rg::HAS_CITATION, cnode.clone());
        q.add(cnode.clone(), rdf::TYPE, rg::CITATION);
        q.add(cnode.clone(), rg::CITED_DOCUMENT, dnode.clone());
        q.string(cnode.clone(), rg::ANCHOR_TEXT, &c.anchor_text);
        if !c.section_path.is_empty() {
            q.string(cnode.clone(), rg::SECTION_PATH, &c.section_path);
        }
        q.typed(cnode.clone(), rg::LINE, &c.line.to_string(), xsd::INTEGER);
        if let Some((mnode, items)) = meeting {
            q.add(mnode.clone(), schema::CITATION, dnode.clone());
            if let Some(inode) = c.agenda_item.and_then(|i| items.get(i)) {
                q.add(cnode.clone(), rg::IN_AGENDA_ITEM, inode.clone());
                q.add(inode.clone(), schema::CITATION, dnode.clone());
            }
        }
        if let Some(Some(p)) = c.person.and_then(|i| people.get(i)) {
            q.add(cnode, rg::NAMES_PERSON, p.clone());
        }
    }
}

/// A topic as one recap names it. A vocabulary concept keeps the vocabulary's label; a
/// minted topic gets this recap's label as `rg:topicLabel` (its one `skos:prefLabel`, its
/// type and scheme are derived across recaps in `graph/topics`) and its subject.
fn topic(q: &mut QuadSink, iris: &IriScheme, t: &Topic) -> NamedNode {
    let node = iris.concept(&t.id);
    if t.in_vocabulary {
        if !q.named.contains(&node) {
            q.add(node.clone(), skos::IN_SCHEME, iris.topic_scheme());
        }
        q.name(&node, skos::CONCEPT, skos::PREF_LABEL, &t.label);
    } else if q.named.insert(node.clone()) {
        q.string(node.clone(), rg::TOPIC_LABEL, &t.label);
        if let Some(s) = t.subject.as_deref().and_then(|s| NamedNode::new(s).ok()) {
            q.add(node.clone(), rg::SUBJECT, s);
        }
    }
    node
}

fn person(q: &mut QuadSink, iris: &IriScheme, p: &Person) -> Option<NamedNode> {
    if slug(&p.name).is_empty() {
        return None;
    }
    let node = iris.person(&p.name);
    q.name(&node, schema::PERSON, schema::NAME, &p.name);
    for a in &p.alternate_names {
        q.string(node.clone(), schema::ALTERNATE_NAME, a);
    }
    if let Some(place) = p.place.as_deref().filter(|s| !slug(s).is_empty()) {
        let pl = iris.place(place);
        q.name(&pl, schema::PLACE, schema::NAME, place);
        q.add(node.clone(), schema::HOME_LOCATION, pl);
    }
    if let Some(org) = p.organization.as_deref().filter(|s| !slug(s).is_empty()) {
        let o = iris.organization(org);
        q.name(&o, schema::ORGANIZATION, schema::NAME, org);
        q.add(node.clone(), schema::AFFILIATION, o);
    }
    if let Some(role) = &p.role {
        q.string(node.clone(), schema::ROLE_NAME, role);
    }
    for url in &p.same_as {
        if let Ok(u) = NamedNode::new(url) {
            q.add(node.clone(), schema::SAME_AS, u);
        }
    }
    if let Some(full) = p
        .fuller_name
        .as_deref()
        .filter(|f| slug(f) != slug(&p.name))
    {
        let other = iris.person(full);
        q.name(&other, schema::PERSON, schema::NAME, full);
        q.add(node.clone(), schema::SAME_AS, other);
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_iris() {
        assert_eq!(slug("Anita Kuno"), "anita-kuno");
        assert_eq!(slug("Haliburton, ON"), "haliburton-on");
        assert_eq!(slug("Michaël Zasso"), "michaël-zasso");
        assert_eq!(slug("  --  "), "");
        let iris = IriScheme::default();
        assert_eq!(
            iris.meeting("2013-03-28", "Wrap up of March 2013 CanStack Meeting")
                .as_str(),
            "https://recapgraph.example/meeting/2013-03-28-wrap-up-of-march-2013-canstack-meeting"
        );
        assert_eq!(
            iris.meeting("2016-03-10", "Node Foundation TSC Meeting 2016-03-10")
                .as_str(),
            "https://recapgraph.example/meeting/2016-03-10-node-foundation-tsc-meeting"
        );
        assert_eq!(
            iris.source("a b/c.md").as_str(),
            "https://recapgraph.example/source/a%20b/c.md"
        );
        assert!(IriScheme::new("not an iri").is_err());
        assert_eq!(
            IriScheme::new("http://ex.org/kg").unwrap().base(),
            "http://ex.org/kg/"
        );
    }
}
