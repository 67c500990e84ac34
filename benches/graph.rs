//! Topic-graph benchmark: build + analyse + lay out the whole corpus's topic graph, and a
//! synthetic 1,000-topic graph. Run: `cargo bench --bench graph` (release), figures in
//! BENCHMARKS.md. Prints median and min of several runs per step.

// A benchmark's report is its standard output.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::{Duration, Instant};

use recapgraph::graph::{
    analyse, to_dot, to_graphml, to_json, to_svg, topic_graph, EdgeKind, EntityEdge, EntityGraph,
    EntityNode, GraphOptions,
};
use recapgraph::ingest::{ingest, prepare_vocabulary, IngestOptions};
use recapgraph::rdf::IriScheme;
use recapgraph::store::RecapStore;

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{name:<48} median {:>9.3} ms   min {:>9.3} ms   ({runs} runs)",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    last.expect("at least one run")
}

/// A deterministic synthetic graph: `n` topics, Zipf-like meeting counts, ~4 edges each,
/// clustered in 12 groups.
fn synthetic(n: usize) -> EntityGraph {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let nodes = (0..n)
        .map(|i| {
            EntityNode::new(
                format!("https://recapgraph.example/topic/t{i}"),
                "topic",
                format!("Synthetic topic number {i}"),
                (200 / (i + 1)) as u64 + 1,
                "2020-01-01".into(),
                "2024-01-01".into(),
            )
        })
        .collect();
    let mut edges = Vec::new();
    for i in 1..n {
        for _ in 0..4 {
            let r = next();
            // Mostly within the same group of 12, sometimes across.
            let j = if r % 5 == 0 {
                (r as usize / 7) % i
            } else {
                (i / 12 * 12 + (r as usize / 3) % 12).min(i - 1)
            };
            if j != i {
                edges.push(EntityEdge {
                    source: j.min(i),
                    target: j.max(i),
                    kind: EdgeKind::CoDiscussed,
                    weight: 1 + r % 4,
                    shared_people: r % 9,
                    shared_documents: r % 3,
                });
            }
        }
    }
    edges.sort_by_key(|e| (e.source, e.target));
    edges.dedup_by_key(|e| (e.source, e.target));
    EntityGraph { nodes, edges }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this as a quick smoke test.
    if !std::env::args().any(|a| a == "--bench") {
        let mut s = synthetic(60);
        analyse(&mut s);
        assert!(to_svg(&s).contains("class=\"node\""));
        println!("graph bench smoke test: ok (run `cargo bench --bench graph` for figures)");
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let store = RecapStore::memory(IriScheme::default()).expect("store");
    let vocab = prepare_vocabulary(&store, &[]).expect("vocabulary");
    let report = time("ingest ../shared/corpus (in memory)", 1, || {
        ingest(
            &store,
            &vocab,
            std::slice::from_ref(&corpus),
            &IngestOptions::default(),
            &mut |_| {},
        )
        .expect("ingest")
    });
    println!(
        "  {} files, {} meetings, {} quads",
        report.files, report.meetings, report.quads
    );
    let g = time("corpus: build topic graph (SPARQL + analysis)", 5, || {
        topic_graph(&store, &GraphOptions::default()).expect("graph")
    });
    println!("  {} topics, {} edges", g.nodes.len(), g.edges.len());
    let top = time("corpus: build --top 100", 5, || {
        topic_graph(
            &store,
            &GraphOptions {
                top: Some(100),
                ..GraphOptions::default()
            },
        )
        .expect("graph")
    });
    time("corpus: lay out + SVG, top 100 topics", 5, || to_svg(&top));
    time("corpus: lay out + SVG, all topics", 3, || to_svg(&g));
    time("corpus: DOT + GraphML + JSON, all topics", 5, || {
        (to_dot(&g), to_graphml(&g), to_json(&g))
    });

    let mut s = synthetic(1000);
    println!(
        "synthetic: {} topics, {} edges",
        s.nodes.len(),
        s.edges.len()
    );
    time(
        "synthetic 1,000: analysis (betweenness, communities)",
        3,
        || analyse(&mut s),
    );
    time("synthetic 1,000: lay out + SVG", 3, || to_svg(&s));
    time("synthetic 1,000: DOT + GraphML + JSON", 5, || {
        (to_dot(&s), to_graphml(&s), to_json(&s))
    });
}
