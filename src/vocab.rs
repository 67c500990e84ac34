//! Every IRI recapgraph writes or reads, in one place; mirrors `ontology/recapgraph.ttl`.
//!
//! Reused vocabularies come first (schema.org, SKOS, PROV, RDF, XSD); the small `rg:`
//! namespace only holds what they lack.

use oxigraph::model::NamedNodeRef;

/// Namespace of the recapgraph ontology (`rg:`).
pub const RG_NS: &str = "https://w3id.org/recapgraph/ns#";
/// Namespace of schema.org as used by recapgraph (`schema:`), the `http` form.
pub const SCHEMA_NS: &str = "http://schema.org/";
/// Namespace of SKOS (`skos:`).
pub const SKOS_NS: &str = "http://www.w3.org/2004/02/skos/core#";
/// Namespace of PROV-O (`prov:`).
pub const PROV_NS: &str = "http://www.w3.org/ns/prov#";
/// Default base IRI for the things recapgraph mints (meetings, people, topics, …).
pub const DEFAULT_BASE: &str = "https://recapgraph.example/";

macro_rules! terms {
    ($($(#[$doc:meta])* $name:ident = $iri:expr;)*) => {
        $($(#[$doc])* pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked($iri);)*
    };
}

/// `rdf:` terms.
pub mod rdf {
    use super::NamedNodeRef;
    terms! {
        /// `rdf:type`
        TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    }
}

/// `xsd:` datatypes.
pub mod xsd {
    use super::NamedNodeRef;
    terms! {
        /// `xsd:date`
        DATE = "http://www.w3.org/2001/XMLSchema#date";
        /// `xsd:dateTime`
        DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime";
        /// `xsd:integer`
        INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
        /// `xsd:boolean`
        BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean";
    }
}

/// `schema:` (schema.org) terms.
pub mod schema {
    use super::NamedNodeRef;
    terms! {
        /// A meeting is a `schema:Event`.
        EVENT = "http://schema.org/Event";
        /// A person named in a recap.
        PERSON = "http://schema.org/Person";
        /// A place a person is from.
        PLACE = "http://schema.org/Place";
        /// An organisation a person belongs to.
        ORGANIZATION = "http://schema.org/Organization";
        /// A recap file's document.
        BLOG_POSTING = "http://schema.org/BlogPosting";
        /// A cited external document.
        WEB_PAGE = "http://schema.org/WebPage";
        /// `schema:name`
        NAME = "http://schema.org/name";
        /// `schema:alternateName` (handles, abbreviations)
        ALTERNATE_NAME = "http://schema.org/alternateName";
        /// `schema:headline` of a recap
        HEADLINE = "http://schema.org/headline";
        /// `schema:startDate` of a meeting (xsd:date)
        START_DATE = "http://schema.org/startDate";
        /// `schema:datePublished` of a recap (xsd:date)
        DATE_PUBLISHED = "http://schema.org/datePublished";
        /// `schema:author` of a recap (a person)
        AUTHOR = "http://schema.org/author";
        /// `schema:attendee`: meeting → person
        ATTENDEE = "http://schema.org/attendee";
        /// `schema:location`: meeting → place
        LOCATION = "http://schema.org/location";
        /// `schema:about`: meeting or agenda item → topic
        ABOUT = "http://schema.org/about";
        /// `schema:subjectOf`: meeting → the recap that describes it
        SUBJECT_OF = "http://schema.org/subjectOf";
        /// `schema:citation`: meeting, agenda item or recap → cited document
        CITATION = "http://schema.org/citation";
        /// `schema:homeLocation`: person → place
        HOME_LOCATION = "http://schema.org/homeLocation";
        /// `schema:affiliation`: person → organisation
        AFFILIATION = "http://schema.org/affiliation";
        /// `schema:sameAs`: person → profile URL or fuller-named person
        SAME_AS = "http://schema.org/sameAs";
        /// `schema:position` of an agenda item (1-based)
        POSITION = "http://schema.org/position";
        /// `schema:url` of a cited document (its URL as written, with fragment)
        URL = "http://schema.org/url";
        /// `schema:keywords` (front-matter tags and categories) of a recap
        KEYWORDS = "http://schema.org/keywords";
        /// `schema:superEvent`: agenda item → its meeting
        SUPER_EVENT = "http://schema.org/superEvent";
        /// `schema:performer`: agenda item → its presenter
        PERFORMER = "http://schema.org/performer";
        /// `schema:mentions`: recap → a named thing (organisation, software) it mentions
        MENTIONS = "http://schema.org/mentions";
        /// `schema:roleName`: a person's role in a meeting as written ("TSC", "Observer")
        ROLE_NAME = "http://schema.org/roleName";
        /// An action item is a `schema:Action`.
        ACTION = "http://schema.org/Action";
        /// `schema:description`: the text of a decision or an action
        DESCRIPTION = "http://schema.org/description";
        /// `schema:agent`: action → each person who owes it
        AGENT = "http://schema.org/agent";
        /// `schema:actionStatus`: action → open or completed
        ACTION_STATUS = "http://schema.org/actionStatus";
        /// An action not done yet.
        POTENTIAL_ACTION_STATUS = "http://schema.org/PotentialActionStatus";
        /// An action the recap marks done.
        COMPLETED_ACTION_STATUS = "http://schema.org/CompletedActionStatus";
        /// `schema:endTime`: action → its due date
        END_TIME = "http://schema.org/endTime";
    }
}

/// `skos:` terms.
pub mod skos {
    use super::NamedNodeRef;
    terms! {
        /// A topic is a `skos:Concept`.
        CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept";
        /// The scheme topics belong to.
        CONCEPT_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme";
        /// `skos:prefLabel`
        PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel";
        /// `skos:altLabel`
        ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel";
        /// `skos:inScheme`
        IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme";
        /// `skos:related`
        RELATED = "http://www.w3.org/2004/02/skos/core#related";
        /// `skos:broader`
        BROADER = "http://www.w3.org/2004/02/skos/core#broader";
    }
}

/// `prov:` terms.
pub mod prov {
    use super::NamedNodeRef;
    terms! {
        /// `prov:wasDerivedFrom`: recap → its source file
        WAS_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom";
        /// `prov:atTime`
        AT_TIME = "http://www.w3.org/ns/prov#atTime";
    }
}

/// `rg:` terms: only what the reused vocabularies lack.
pub mod rg {
    use super::NamedNodeRef;
    terms! {
        /// A meeting (subclass of `schema:Event`).
        MEETING = "https://w3id.org/recapgraph/ns#Meeting";
        /// A recap source file (the named graph's subject).
        SOURCE_FILE = "https://w3id.org/recapgraph/ns#SourceFile";
        /// An item of a meeting's agenda (subclass of `schema:Event`).
        AGENDA_ITEM = "https://w3id.org/recapgraph/ns#AgendaItem";
        /// One link in a recap: which document, with what text, in which section.
        CITATION = "https://w3id.org/recapgraph/ns#Citation";
        /// A heading that names a procedural agenda item (next meeting, roll call, …).
        PROCEDURAL_ITEM = "https://w3id.org/recapgraph/ns#ProceduralItem";
        /// `rg:procedural`: true on an agenda item that is procedural, not a topic.
        PROCEDURAL = "https://w3id.org/recapgraph/ns#procedural";
        /// `rg:agendaItem`: meeting → agenda item
        AGENDA_ITEM_PROP = "https://w3id.org/recapgraph/ns#agendaItem";
        /// `rg:hasCitation`: recap → one of its rg:Citation nodes
        HAS_CITATION = "https://w3id.org/recapgraph/ns#hasCitation";
        /// `rg:citedDocument`: rg:Citation → document
        CITED_DOCUMENT = "https://w3id.org/recapgraph/ns#citedDocument";
        /// `rg:anchorText`: rg:Citation → the link text
        ANCHOR_TEXT = "https://w3id.org/recapgraph/ns#anchorText";
        /// `rg:sectionPath`: rg:Citation → "What we talked about > Configuration management"
        SECTION_PATH = "https://w3id.org/recapgraph/ns#sectionPath";
        /// `rg:inAgendaItem`: citation, decision or action → the agenda item it appears under
        IN_AGENDA_ITEM = "https://w3id.org/recapgraph/ns#inAgendaItem";
        /// A decision a meeting recorded.
        DECISION = "https://w3id.org/recapgraph/ns#Decision";
        /// `rg:inMeeting`: decision or action → the meeting that recorded it
        IN_MEETING = "https://w3id.org/recapgraph/ns#inMeeting";
        /// An earlier meeting's action item, listed again for review.
        ACTION_REVIEW = "https://w3id.org/recapgraph/ns#ActionReview";
        /// `rg:topicLabel`: topic → the label one recap gives it, in that recap's graph
        /// (the store's one `skos:prefLabel` is derived: `graph/topics`)
        TOPIC_LABEL = "https://w3id.org/recapgraph/ns#topicLabel";
        /// `rg:subject`: topic → the tracked thing it is (an issue, pull request, RFC,
        /// proposal repository), by its normalised URL
        SUBJECT = "https://w3id.org/recapgraph/ns#subject";
        /// `rg:followedUpIn`: action → a later meeting of its series that listed it again
        FOLLOWED_UP_IN = "https://w3id.org/recapgraph/ns#followedUpIn";
        /// `rg:completedIn`: action → the later meeting that marked it done
        COMPLETED_IN = "https://w3id.org/recapgraph/ns#completedIn";
        /// `rg:carriedFrom`: action → the earlier action it repeats
        CARRIED_FROM = "https://w3id.org/recapgraph/ns#carriedFrom";
        /// `rg:line`: citation, decision or action → 1-based line in the source file
        LINE = "https://w3id.org/recapgraph/ns#line";
        /// `rg:namesPerson`: rg:Citation → the person its anchor text names
        NAMES_PERSON = "https://w3id.org/recapgraph/ns#namesPerson";
        /// `rg:sourcePath`: source file → its path relative to the ingest root
        SOURCE_PATH = "https://w3id.org/recapgraph/ns#sourcePath";
        /// `rg:contentHash`: source file → BLAKE3 hash of its bytes (and of its folder
        /// settings, when a `recapgraph.toml` changes how it is read)
        CONTENT_HASH = "https://w3id.org/recapgraph/ns#contentHash";
        /// `rg:ingestedAt`: source file → when it was ingested (xsd:dateTime)
        INGESTED_AT = "https://w3id.org/recapgraph/ns#ingestedAt";
        /// `rg:tripleCount`: source file → how many triples its graph holds (xsd:integer)
        TRIPLE_COUNT = "https://w3id.org/recapgraph/ns#tripleCount";
        /// `rg:attendeeDigest`: source file → its attendees as the identity rule reads
        /// them (JSON), so a rebuild reads one literal per file instead of its graph
        ATTENDEE_DIGEST = "https://w3id.org/recapgraph/ns#attendeeDigest";
        /// `rg:graphStamp`: source file → a hash of its graph's triples as ingest wrote
        /// them; an update that may change the graph removes it, so `push` knows an
        /// unchanged graph without reading it
        GRAPH_STAMP = "https://w3id.org/recapgraph/ns#graphStamp";
        /// `rg:format`: source file → "markdown" or "textile"
        FORMAT = "https://w3id.org/recapgraph/ns#format";
        /// `rg:recap`: source file → the recap document derived from it
        RECAP = "https://w3id.org/recapgraph/ns#recap";
        /// `rg:host`: cited document → its host name (for grouping by web domain)
        HOST = "https://w3id.org/recapgraph/ns#host";
        /// `rg:relativeLink`: recap → a relative link target as written (not a document)
        RELATIVE_LINK = "https://w3id.org/recapgraph/ns#relativeLink";
        /// One check of one external document by `links check`.
        LINK_CHECK = "https://w3id.org/recapgraph/ns#LinkCheck";
        /// `rg:checkedResource`: link check → the document checked
        CHECKED_RESOURCE = "https://w3id.org/recapgraph/ns#checkedResource";
        /// `rg:httpStatus`: link check → status of the last response (xsd:integer)
        HTTP_STATUS = "https://w3id.org/recapgraph/ns#httpStatus";
        /// `rg:finalUrl`: link check → the URL it ended on
        FINAL_URL = "https://w3id.org/recapgraph/ns#finalUrl";
        /// `rg:outcome`: link check → "ok", "redirected", "broken", "unreachable", "suspicious"
        OUTCOME = "https://w3id.org/recapgraph/ns#outcome";
        /// `rg:errorKind`: link check → why it failed ("dns", "tls", "http-4xx", …)
        ERROR_KIND = "https://w3id.org/recapgraph/ns#errorKind";
        /// `rg:redirectChain`: link check → the URLs it was redirected through
        REDIRECT_CHAIN = "https://w3id.org/recapgraph/ns#redirectChain";
        /// `rg:redirectKind`: link check → "permanent" or "temporary"
        REDIRECT_KIND = "https://w3id.org/recapgraph/ns#redirectKind";
        /// `rg:errorMessage`: link check → what went wrong, in words
        ERROR_MESSAGE = "https://w3id.org/recapgraph/ns#errorMessage";
        /// `rg:attempts`: link check → requests made for the first URL (1 + retries)
        ATTEMPTS = "https://w3id.org/recapgraph/ns#attempts";
        /// `rg:requestMethod`: link check → "HEAD" or "GET", the method that decided it
        REQUEST_METHOD = "https://w3id.org/recapgraph/ns#requestMethod";
        /// A replacement for a link that moved or died, found by `links check`.
        SUGGESTION = "https://w3id.org/recapgraph/ns#Suggestion";
        /// `rg:suggestion`: link check → a suggestion it found
        HAS_SUGGESTION = "https://w3id.org/recapgraph/ns#suggestion";
        /// `rg:suggestedReplacement`: suggestion → the replacement URL (an IRI)
        SUGGESTED_REPLACEMENT = "https://w3id.org/recapgraph/ns#suggestedReplacement";
        /// `rg:suggestionKind`: suggestion → "redirect", "https", "github-main" or "archive"
        SUGGESTION_KIND = "https://w3id.org/recapgraph/ns#suggestionKind";
        /// `rg:suggestionSource`: suggestion → where it comes from, in words or the archive
        /// endpoint asked
        SUGGESTION_SOURCE = "https://w3id.org/recapgraph/ns#suggestionSource";
        /// `rg:snapshotTime`: archive suggestion → when the snapshot was taken
        SNAPSHOT_TIME = "https://w3id.org/recapgraph/ns#snapshotTime";
        /// `rg:forMeetingDate`: archive suggestion → the citing meeting's date it is nearest
        FOR_MEETING_DATE = "https://w3id.org/recapgraph/ns#forMeetingDate";
        /// `rg:rebuildPending`: derived graph → true while an ingest that changed its
        /// inputs has not rebuilt it yet (set before the change, cleared by the rebuild)
        REBUILD_PENDING = "https://w3id.org/recapgraph/ns#rebuildPending";
    }
}

/// The prefixes recapgraph's RDF output declares for the terms of a graph: `schema:`,
/// `skos:` and `rg:` (query results and pages).
pub const GRAPH_PREFIXES: &[(&str, &str)] =
    &[("schema", SCHEMA_NS), ("skos", SKOS_NS), ("rg", RG_NS)];

/// [`GRAPH_PREFIXES`] and `prov:`, for dumps that also hold the provenance of each file.
pub const DUMP_PREFIXES: &[(&str, &str)] = &[
    ("schema", SCHEMA_NS),
    ("skos", SKOS_NS),
    ("rg", RG_NS),
    ("prov", PROV_NS),
];

/// A serializer for `format` that declares `prefixes` (formats without prefixes ignore them).
///
/// # Errors
/// When a prefix is not a valid prefix name or its namespace not an IRI (never for the
/// constants above).
pub fn serializer(
    format: oxigraph::io::RdfFormat,
    prefixes: &[(&str, &str)],
) -> Result<oxigraph::io::RdfSerializer, oxigraph::model::IriParseError> {
    prefixes.iter().try_fold(
        oxigraph::io::RdfSerializer::from_format(format),
        |s, (p, ns)| s.with_prefix(*p, *ns),
    )
}
