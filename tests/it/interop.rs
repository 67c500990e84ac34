//! Our exports read by an independent RDF parser (Python's rdflib): same counts.

use std::path::Path;
use std::process::Command;

use crate::support::Cli;

fn rdflib_count(path: &Path, format: &str) -> usize {
    let script = r#"
import sys, rdflib
path, fmt = sys.argv[1], sys.argv[2]
if fmt in ("nquads", "trig", "json-ld"):
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    print(sum(1 for _ in ds.quads((None, None, None, None))))
else:
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    print(len(g))
"#;
    let out = Command::new("python3")
        .args(["-c", script, path.to_str().expect("utf-8"), format])
        .output()
        .expect("python3 runs (scripts/setup.sh installs rdflib)");
    assert!(
        out.status.success(),
        "rdflib failed on {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

#[test]
fn rdflib_reads_our_exports_with_the_same_counts() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let stats: serde_json::Value =
        serde_json::from_str(&cli.run(&["stats", "--format", "json"], 0)).expect("json");
    let quads = usize::try_from(stats["triples"].as_u64().expect("count")).expect("fits");

    let export = |format: &str, ext: &str| {
        let p = cli.dir.path().join(format!("all.{ext}"));
        cli.run(
            &[
                "export",
                "--format",
                format,
                "-o",
                p.to_str().expect("utf-8"),
            ],
            0,
        );
        p
    };
    let nq = export("nquads", "nq");
    assert_eq!(rdflib_count(&nq, "nquads"), quads);
    let trig = export("trig", "trig");
    assert_eq!(rdflib_count(&trig, "trig"), quads);

    let nt = export("ntriples", "nt");
    let triples = std::fs::read_to_string(&nt).expect("nt").lines().count();
    assert!(triples < quads, "triples shared by graphs are written once");
    assert_eq!(rdflib_count(&nt, "nt"), triples);
    let ttl = export("turtle", "ttl");
    assert_eq!(rdflib_count(&ttl, "turtle"), triples);
    let jsonld = export("jsonld", "jsonld");
    assert_eq!(rdflib_count(&jsonld, "json-ld"), quads);
    let rdfxml = export("rdfxml", "rdf");
    assert_eq!(rdflib_count(&rdfxml, "xml"), triples);
}

#[test]
fn one_graph_exports_in_every_format_with_its_count() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let rows = crate::support::tsv_rows(&cli.run(
        &[
            "query",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?g a <https://w3id.org/recapgraph/ns#SourceFile> } GROUP BY ?g ORDER BY ?g LIMIT 1",
            "--format",
            "tsv",
        ],
        0,
    ));
    let graph = rows[0][0].trim_matches(['<', '>']).to_owned();
    let n: usize = rows[0][1]
        .split('"')
        .nth(1)
        .unwrap_or(&rows[0][1])
        .parse()
        .expect("a count");
    assert!(n > 50, "{n}");
    for (format, ext, rdflib) in [
        ("nquads", "nq", "nquads"),
        ("trig", "trig", "trig"),
        ("turtle", "ttl", "turtle"),
        ("ntriples", "nt", "nt"),
        ("jsonld", "jsonld", "json-ld"),
        ("rdfxml", "rdf", "xml"),
    ] {
        let p = cli.dir.path().join(format!("one.{ext}"));
        cli.run(
            &[
                "export",
                "--graph",
                &graph,
                "--format",
                format,
                "-o",
                p.to_str().expect("utf-8"),
            ],
            0,
        );
        assert_eq!(rdflib_count(&p, rdflib), n, "{format}");
    }
}
