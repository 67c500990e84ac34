//! Every graph of the real corpus (ingested with the bundled data) conforms to
//! ontology/shapes.ttl.

use std::path::Path;

use crate::shared;
use crate::support::Cli;

#[test]
fn bundled_data_and_corpus_conform_to_the_shapes() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    cli.run(
        &["ingest", shared().join("corpus").to_str().expect("utf-8")],
        0,
    );
    let (out, err, code) = cli.output(&["validate"]);
    assert_eq!(code, 0, "violations:\n{out}\n{err}");
    assert!(err.contains(" 0 violations"), "{err}");
}
