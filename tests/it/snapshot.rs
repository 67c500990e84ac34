//! The RDF of the fictional seed recap, and every named query's answer on `data/`, reviewed
//! like code (insta snapshots). The corpus suite snapshots the real seed's RDF.
//! A change here is a change to the contract other tools query by.

use recapgraph::rdf::{map, IriScheme};

use crate::support::{facts_of_file, fixtures};

/// The RDF of the fictional seed (`tests/fixtures/recaps/seed/`), as sorted N-Triples.
#[test]
fn fixture_seed_rdf() {
    let facts = facts_of_file(
        &fixtures().join("seed/wrap-up-may-2019.txt"),
        "seed/wrap-up-may-2019.txt",
    );
    let quads = map(&facts, &IriScheme::default(), "2026-01-01T00:00:00Z");
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| format!("{} {} {} .", q.subject, q.predicate, q.object))
        .collect();
    lines.sort();
    lines.dedup();
    insta::assert_snapshot!(lines.join("\n"));
}

/// Every named query's answer on the bundled `data/`, as the CLI prints it (TSV), so a
/// rewrite for speed that changes an answer shows up in review. Ingest times are masked.
#[test]
fn named_query_answers_on_data() {
    let cli = crate::support::Cli::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    cli.run(&["ingest", data], 0);
    let mut out = String::new();
    for q in recapgraph::query::named_queries() {
        let mut args = vec!["query", q.name, "-f", "tsv"];
        for (name, _) in &q.params {
            // The parameters a query needs to say anything; the optional ones (narrowing
            // a whole-store report) are left out, and tested in `cli.rs`.
            let value = match (q.name, name.as_str()) {
                // Every action on data/, not one person's.
                ("open-actions" | "person-actions", "person") => continue,
                (_, "person") => "person=Dana Whitfield",
                ("topic-people", "topic") => "topic=Configuration management",
                ("link-history", "url") => "url=https://github.com/prairie-cloud/meetups",
                _ => continue,
            };
            args.extend(["--param", value]);
        }
        let text = cli.run(&args, 0);
        out.push_str(&format!("== {}\n", q.name));
        for line in text.lines() {
            // source-files: ?path ?format ?ingestedAt …: the time changes every run.
            let masked: Vec<&str> = line
                .split('\t')
                .map(|f| {
                    if f.ends_with("dateTime>") {
                        "<ingested at>"
                    } else {
                        f
                    }
                })
                .collect();
            out.push_str(&masked.join("\t"));
            out.push('\n');
        }
    }
    insta::assert_snapshot!(out);
}
