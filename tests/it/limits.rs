//! Pathological inputs, generated at test time: a million links, 10,000-deep nesting, a
//! 50 MB line, 20,000 tiny files. Each run ends without a panic, in bounded memory, with
//! either every file ingested or a per-file error naming the file and the limit, and the
//! other files of the same run stored.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{tsv_rows, Cli};

/// Peak resident memory any of these runs may reach (debug build).
const MAX_RSS_KB: u64 = 1_500_000;

struct Run {
    stderr: String,
    code: i32,
    peak_kb: u64,
    elapsed: Duration,
}

/// `recapgraph --store … ARGS` under GNU time, for the child's peak RSS.
fn measured(cli: &Cli, args: &[&str]) -> Run {
    let rss = cli.dir.path().join("rss.txt");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss)
        .arg(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(cli.store())
        .args(args)
        .env_remove("RECAPGRAPH_STORE")
        .env_remove("RECAPGRAPH_BASE")
        .output()
        .expect("GNU time at /usr/bin/time (scripts/setup.sh installs it)");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = std::fs::read_to_string(&rss).expect("GNU time wrote its report");
    let peak_kb = report
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no peak RSS in {report:?}"));
    let code = out.status.code().unwrap_or(-1);
    eprintln!(
        "recapgraph {args:?}: exit {code}, {:.2} s, peak RSS {peak_kb} KB",
        elapsed.as_secs_f64()
    );
    assert!(
        !stderr.contains("panicked") && code != 101,
        "recapgraph {args:?} panicked:\n{stderr}"
    );
    assert!(
        peak_kb < MAX_RSS_KB,
        "recapgraph {args:?}: peak RSS {peak_kb} KB over {MAX_RSS_KB} KB"
    );
    Run {
        stderr,
        code,
        peak_kb,
        elapsed,
    }
}

/// The source files stored, by graph name.
fn stored_sources(cli: &Cli) -> Vec<String> {
    let q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } \
             FILTER(CONTAINS(STR(?g), \"/source/\")) } ORDER BY ?g";
    tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0))
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

fn write_lines(path: &Path, head: &str, n: usize, line: impl Fn(usize) -> String) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    f.write_all(head.as_bytes()).expect("write");
    for i in 0..n {
        f.write_all(line(i).as_bytes()).expect("write");
    }
    f.flush().expect("flush");
}

fn with_a_good_file(cli: &Cli) -> String {
    cli.write("in/ok.md", b"# Fine\n\nAn ordinary note.\n");
    cli.dir.path().join("in").display().to_string()
}

#[test]
fn a_million_links_in_one_file_hit_the_link_limit_and_the_rest_is_stored() {
    let cli = Cli::new();
    let folder = with_a_good_file(&cli);
    write_lines(
        &cli.dir.path().join("in/links.md"),
        "# Links\n\n",
        1_000_000,
        |i| format!("- [l{i}](https://example.org/p/{i})\n"),
    );
    let run = measured(&cli, &["ingest", &folder]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The first link over the default 10,000 is on line 10,003 (two heading lines first).
    assert!(
        run.stderr
            .contains("links.md:10003: 1000000 links, over the limit of 10000 links per file")
            && run.stderr.contains("raise --max-links"),
        "{}",
        run.stderr
    );
    assert_eq!(stored_sources(&cli).len(), 1, "ok.md alone is stored");
    assert!(run.elapsed < Duration::from_secs(300), "{:?}", run.elapsed);
}

#[test]
fn max_links_is_configurable() {
    let cli = Cli::new();
    let folder = with_a_good_file(&cli);
    write_lines(&cli.dir.path().join("in/six.md"), "# Six\n\n", 6, |i| {
        format!("See https://example.org/{i}\n\n")
    });
    let (_, err, code) = cli.output(&["ingest", "--max-links", "5", &folder]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("six.md:13: 6 links, over the limit of 5 links per file"),
        "{err}"
    );
    assert_eq!(stored_sources(&cli).len(), 1);
    cli.run(&["ingest", "--max-links", "6", &folder], 0);
    assert_eq!(stored_sources(&cli).len(), 2);
}

#[test]
fn ten_thousand_deep_nesting_is_ingested() {
    let cli = Cli::new();
    let folder = with_a_good_file(&cli);
    let depth = 10_000;
    for (name, marker) in [("bullets", "- "), ("ordered", "1. "), ("quotes", "> ")] {
        let text = format!("# Deep {name}\n\n{}innermost\n", marker.repeat(depth));
        cli.write(&format!("in/{name}.md"), text.as_bytes());
    }
    // Indented nesting as people write it (two more spaces per level) grows quadratically:
    // 2,000 levels is already 4 MB.
    write_lines(
        &cli.dir.path().join("in/indented.md"),
        "# Indented\n\n",
        2_000,
        |i| format!("{}- item {i}\n", "  ".repeat(i)),
    );
    let text = format!("h1. Deep\n\n{} innermost\n", "*".repeat(depth));
    cli.write("in/deep.textile", text.as_bytes());
    let run = measured(&cli, &["ingest", &folder]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(stored_sources(&cli).len(), 6);
    assert!(run.elapsed < Duration::from_secs(120), "{:?}", run.elapsed);
}

#[test]
fn a_fifty_megabyte_line_is_ingested_in_bounded_memory() {
    let cli = Cli::new();
    let folder = with_a_good_file(&cli);
    write_lines(
        &cli.dir.path().join("in/line.md"),
        "# One line\n\n",
        10 * 1024 * 1024,
        |_| "word ".to_owned(),
    );
    let run = measured(&cli, &["ingest", &folder]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(stored_sources(&cli).len(), 2);
    assert!(run.peak_kb > 0);
    assert!(run.elapsed < Duration::from_secs(300), "{:?}", run.elapsed);
}

#[test]
fn twenty_thousand_tiny_files_are_ingested() {
    let cli = Cli::new();
    let dir = cli.dir.path().join("tiny");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..20_000 {
        std::fs::write(
            dir.join(format!("{i:05}.md")),
            format!("# Note {i}\n\nSee https://example.org/{i}\n"),
        )
        .expect("write");
    }
    let run = measured(&cli, &["ingest", dir.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("ingested 20000 of 20000 files"),
        "{}",
        run.stderr
    );
    assert!(run.elapsed < Duration::from_secs(600), "{:?}", run.elapsed);
}
