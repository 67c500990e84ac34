//! Every ingested graph conforms to ontology/shapes.ttl (the bundled data, every fixture
//! and the generated corpus); a broken graph does not. The corpus suite checks the real
//! corpus too.

use std::path::Path;

use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use recapgraph::rdf::shapes::{shape_checks, BUNDLED_SHAPES};
use recapgraph::rdf::IriScheme;
use recapgraph::store::RecapStore;
use recapgraph::vocab::{rdf, rg, schema};

use crate::support::{fixtures, Cli};

#[test]
fn bundled_data_fixtures_and_generated_corpus_conform_to_the_shapes() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let generated = tempfile::tempdir().expect("tmp");
    crate::gen::write_corpus(generated.path());
    for dir in [data, fixtures(), generated.path().to_owned()] {
        cli.run(&["ingest", dir.to_str().expect("utf-8")], 0);
    }
    let (out, err, code) = cli.output(&["validate"]);
    assert_eq!(code, 0, "violations:\n{out}\n{err}");
    assert!(err.contains(" 0 violations"), "{err}");
}

#[test]
fn a_meeting_without_a_date_is_a_violation() {
    let iris = IriScheme::default();
    let store = RecapStore::memory(iris).expect("store");
    let g = NamedNode::new("https://recapgraph.example/source/x/bad.md").expect("iri");
    let m = NamedNode::new("https://recapgraph.example/meeting/bad").expect("iri");
    let graph = GraphName::NamedNode(g.clone());
    let quads = vec![
        Quad::new(
            m.clone(),
            rdf::TYPE.into_owned(),
            rg::MEETING.into_owned(),
            graph.clone(),
        ),
        Quad::new(
            m.clone(),
            rdf::TYPE.into_owned(),
            schema::EVENT.into_owned(),
            graph.clone(),
        ),
        Quad::new(
            m.clone(),
            schema::NAME.into_owned(),
            Literal::new_simple_literal("x"),
            graph.clone(),
        ),
        Quad::new(
            m,
            schema::NAME.into_owned(),
            Literal::new_simple_literal("y"),
            graph,
        ),
    ];
    store.replace_graphs(&[(g, quads)]).expect("write");
    let checks = shape_checks(BUNDLED_SHAPES).expect("shapes");
    let violations = store.validate(&checks).expect("validate");
    let constraints: Vec<&str> = violations.iter().map(|v| v.constraint.as_str()).collect();
    assert!(
        constraints.contains(&"Meeting: schema:startDate count ≥ 1 ≤ 1"),
        "{constraints:?}"
    );
    assert!(
        constraints.contains(&"Meeting: schema:name count ≥ 1 ≤ 1"),
        "{constraints:?}"
    );
    assert!(
        constraints
            .iter()
            .any(|c| c.starts_with("Meeting: schema:subjectOf count")),
        "{constraints:?}"
    );
}
