//! Ingest benchmark on a synthetic corpus: a seeded generator writes N recaps in the
//! seed's Jekyll Markdown, the Node.js TSC minutes' and the Textile posts' shapes (20–200
//! attendees from a population, 3–15 topics with Zipf-like frequency, 0–30 links over a
//! few hundred hosts), then times `recapgraph ingest --no-compact` (fresh store), the
//! `recapgraph compact` a default ingest of that size ends with, an unchanged re-ingest,
//! Oxigraph's own bulk load of the same quads (`oxigraph load`, from `pip install
//! oxigraph`), the straightforward Python alternative over the same files
//! (`benches/rdflib_pipeline.py`: regexes and rdflib, N-Quads out; skipped without
//! rdflib), and every named query on the result.
//!
//! Run: `cargo bench --bench ingest` (N = 1,000 and 10,000; `-- --bench --n 100000` for
//! more; `-- --generate DIR --n N` only writes the corpus). Under `cargo test` it runs a smoke round (N = 60) to keep the harness honest.

// A benchmark's report is its standard output.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A small deterministic generator (SplitMix64): no dependency, same corpus every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Zipf-like pick from 0..n: small indices much more often.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

const FIRST: [&str; 40] = [
    "Anita", "Jason", "Dana", "Tomas", "Grace", "Ines", "Kwame", "Priya", "Mateo", "Yuki", "Lena",
    "Omar", "Sofia", "Arjun", "Chloe", "Diego", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jonas",
    "Keiko", "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Uma",
    "Victor", "Wen", "Ximena", "Yara", "Zoltan", "Bea", "Cyrus",
];
const LAST: [&str; 50] = [
    "Kuno",
    "Okafor",
    "Lindqvist",
    "Whitfield",
    "Carvalho",
    "Mensah",
    "Raman",
    "Silva",
    "Tanaka",
    "Vogt",
    "Haddad",
    "Rossi",
    "Patel",
    "Dubois",
    "Alvarez",
    "Yilmaz",
    "Nasser",
    "Berg",
    "Sato",
    "Petrov",
    "Keller",
    "Mori",
    "Walsh",
    "Costa",
    "Nilsson",
    "Ivanova",
    "Novak",
    "Stone",
    "Moreau",
    "Chen",
    "Kim",
    "Lopez",
    "Horvat",
    "Ward",
    "Fischer",
    "Abe",
    "Brandt",
    "Quispe",
    "Lund",
    "Okoye",
    "Park",
    "Reyes",
    "Shah",
    "Toth",
    "Ueda",
    "Varga",
    "Weiss",
    "Young",
    "Zhou",
    "Amato",
];
const PLACES: [&str; 12] = [
    "Edmonton", "Ottawa", "Calgary", "Berlin", "Lisbon", "Osaka", "Nairobi", "Austin", "Oslo",
    "Lima", "Pune", "Leeds",
];
const TOPIC_WORDS: [&str; 30] = [
    "storage",
    "networking",
    "release",
    "security",
    "observability",
    "packaging",
    "docs",
    "testing",
    "governance",
    "budget",
    "onboarding",
    "performance",
    "tooling",
    "CI",
    "compliance",
    "scheduling",
    "accessibility",
    "localization",
    "APIs",
    "migrations",
    "caching",
    "telemetry",
    "licensing",
    "mentoring",
    "outreach",
    "hiring",
    "infrastructure",
    "backups",
    "upgrades",
    "roadmap",
];
const TOPIC_KINDS: [&str; 10] = [
    "update",
    "proposal",
    "review",
    "plan",
    "working group",
    "retrospective",
    "policy",
    "status",
    "RFC",
    "discussion",
];

fn person(i: usize) -> String {
    format!(
        "{} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()]
    ) + &if i >= FIRST.len() * LAST.len() {
        format!(" {}", i / (FIRST.len() * LAST.len()))
    } else {
        String::new()
    }
}

fn topic(i: usize) -> String {
    let w = TOPIC_WORDS[i % TOPIC_WORDS.len()];
    let k = TOPIC_KINDS[(i / TOPIC_WORDS.len()) % TOPIC_KINDS.len()];
    let mut t = format!("{w} {k}");
    t[..1].make_ascii_uppercase();
    t
}

fn link(rng: &mut Rng) -> String {
    let host = rng.zipf(300);
    format!(
        "https://site{host}.example.org/{}/{}",
        ["docs", "issues", "blog", "wiki", "pull"][rng.below(5)],
        rng.below(100_000)
    )
}

/// One recap: (relative path, text).
fn recap(rng: &mut Rng, i: usize) -> (String, String) {
    let (y, m, d) = (2010 + i / 336 % 16, 1 + i / 28 % 12, 1 + i % 28);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let attendees: Vec<String> = (0..rng.range(20, 200))
        .map(|_| person(rng.zipf(5000)))
        .collect();
    let topics: Vec<String> = (0..rng.range(3, 15))
        .map(|_| topic(rng.zipf(300)))
        .collect();
    let mut links: Vec<String> = (0..rng.range(0, 30)).map(|_| link(rng)).collect();
    let mut t = String::new();
    match i % 3 {
        0 => {
            let _ = write!(
                t,
                "---\nlayout: post\ntitle: \"Wrap up of the {date} user group meeting\"\ndate: {date}\n---\n\n\
                 On {date} we met for our monthly meeting.\n\n## Who attended\n\n"
            );
            for (k, a) in attendees.iter().enumerate() {
                let _ = writeln!(t, "* {a} ({})", PLACES[k % PLACES.len()]);
            }
            t.push_str("\n## What we talked about\n\n");
            for topic in &topics {
                let _ = writeln!(t, "### {topic}\n\nWe discussed {topic} at length.");
                for _ in 0..links.len().min(3) {
                    let l = links.pop().unwrap_or_default();
                    let _ = writeln!(t, "* See [the notes]({l}) for details.");
                }
                t.push('\n');
            }
            for l in links {
                let _ = writeln!(t, "Also: <{l}>");
            }
            (format!("posts/{date}-meeting-{i}.md"), t)
        }
        1 => {
            let _ = write!(
                t,
                "# Technical Steering Committee Meeting {date}\n\n## Present\n\n"
            );
            for a in &attendees {
                let handle: String = a.split(' ').collect::<String>().to_lowercase();
                let _ = writeln!(t, "* {a} (@{handle})");
            }
            t.push_str("\n## Agenda\n\n### nodejs/node\n\n");
            for topic in &topics {
                let l = links.pop().unwrap_or_else(|| link(rng));
                let _ = writeln!(t, "* {topic} [#{}]({l})", rng.below(50_000));
                let _ = writeln!(t, "  * Discussion continued; no decision yet.");
            }
            for l in links {
                let _ = writeln!(t, "\nReference: {l}");
            }
            (format!("minutes/{date}-{i}.md"), t)
        }
        _ => {
            let _ = write!(t, "h1. Meetup notes {date}\n\nh2. Attendees\n\n");
            for (k, a) in attendees.iter().enumerate() {
                let _ = writeln!(t, "* {a} ({})", PLACES[(k + 3) % PLACES.len()]);
            }
            t.push_str("\nh2. Minutes\n\n");
            for topic in &topics {
                let _ = writeln!(t, "h3. {topic}\n\nNotes on {topic}.");
                if let Some(l) = links.pop() {
                    let _ = writeln!(t, "\nSee \"the slides\":{l}.");
                }
                t.push('\n');
            }
            (format!("textile/{date}-{i}.textile"), t)
        }
    }
}

fn generate(dir: &Path, n: usize) -> u64 {
    let mut rng = Rng(42);
    let mut bytes = 0;
    for i in 0..n {
        let (rel, text) = recap(&mut rng, i);
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        bytes += text.len() as u64;
        std::fs::write(path, text).expect("write recap");
    }
    bytes
}

struct Timed {
    seconds: f64,
    peak_mib: f64,
    stdout: String,
}

/// Runs `program` under GNU time; the error says how it failed, with its stderr.
fn try_timed(program: &str, args: &[&str]) -> Result<Timed, String> {
    let rss = tempfile::NamedTempFile::new().expect("temp file");
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(rss.path())
        .arg(program)
        .args(args)
        .output()
        .expect("run under /usr/bin/time (GNU time)");
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "{program} {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let kib: f64 = std::fs::read_to_string(rss.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0.0);
    Ok(Timed {
        seconds,
        peak_mib: kib / 1024.0,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

fn timed(program: &str, args: &[&str]) -> Timed {
    try_timed(program, args).unwrap_or_else(|e| panic!("{e}"))
}

/// Seconds one named query takes, or `None` (with why printed) when it fails. Killed
/// after 10 minutes: a runaway query must not stall the round.
fn timed_query(program: &str, args: &[&str]) -> Option<f64> {
    let capped: Vec<&str> = ["-s", "KILL", "600", program]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    try_timed("timeout", &capped)
        .map_err(|e| eprintln!("{e}"))
        .ok()
        .map(|t| t.seconds)
}

fn dir_size(path: &Path) -> u64 {
    walk(path)
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn walk(path: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let sizes: Vec<usize> = match args.iter().position(|a| a == "--n") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .map_or_else(Vec::new, |n| vec![n]),
        None if full => vec![1_000, 10_000],
        None => vec![60],
    };
    // `--generate DIR` only writes the corpus (for profiling and manual runs).
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let dir = Path::new(args.get(i + 1).expect("--generate DIR"));
        for n in sizes {
            let bytes = generate(dir, n);
            println!(
                "wrote {n} recaps ({:.1} MB) to {}",
                bytes as f64 / 1e6,
                dir.display()
            );
        }
        return;
    }
    let ours = env!("CARGO_BIN_EXE_recapgraph");
    let oxigraph = Command::new("oxigraph")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let rdflib = Command::new("python3")
        .args(["-c", "import rdflib"])
        .output()
        .is_ok_and(|o| o.status.success());
    let pipeline = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/rdflib_pipeline.py");
    println!(
        "{:>7} {:>8} {:>10} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>10} {:>7} {:>8} {:>9} {:>9} {:>10} {:>12}",
        "recaps",
        "MB in",
        "triples",
        "ingest s",
        "compact s",
        "files/s",
        "triples/s",
        "RSS MiB",
        "store MB",
        "re-ingest",
        "hash s",
        "1 edit s",
        "oxigraph",
        "rdflib s",
        "rdflib MiB",
        "rdflib quads"
    );
    // `--keep DIR` keeps each round's corpus and store in DIR/N instead of a temporary
    // folder, and a later run with the same DIR reuses a complete store and only times the
    // queries (a 100,000-recap store takes 15 minutes to build).
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .map(|i| PathBuf::from(args.get(i + 1).expect("--keep DIR")));
    for n in sizes {
        let temp;
        let root = match &keep {
            Some(k) => k.join(n.to_string()),
            None => {
                temp = tempfile::tempdir().expect("temp dir");
                temp.path().to_owned()
            }
        };
        let store = root.join("store.db");
        let store_s = store.to_str().expect("utf-8 path");
        let complete = keep.is_some()
            && store.exists()
            && stats(ours, store_s).is_ok_and(|s| s["files"].as_u64() == Some(n as u64));
        if complete {
            println!("{n:>7} reusing the complete store in {}", store.display());
        } else {
            // A store a killed run left half-built would time an incremental ingest.
            let _ = std::fs::remove_dir_all(&store);
            measure_ingest(n, &root, ours, oxigraph, rdflib, pipeline);
        }
        query_latency(ours, store_s, full);
    }
}

/// `recapgraph stats --format json` of the store at `store_s`.
fn stats(ours: &str, store_s: &str) -> Result<serde_json::Value, String> {
    let out = try_timed(ours, &["--store", store_s, "stats", "--format", "json"])?.stdout;
    serde_json::from_str(&out).map_err(|e| format!("stats json: {e}"))
}

/// Generates `n` recaps under `root` and times ours, `oxigraph load` and rdflib on them.
fn measure_ingest(n: usize, root: &Path, ours: &str, oxigraph: bool, rdflib: bool, pipeline: &str) {
    let corpus = root.join("corpus");
    let store = root.join("store.db");
    let store_s = store.to_str().expect("utf-8 path");
    let corpus_s = corpus.to_str().expect("utf-8 path");
    let mb_in = generate(&corpus, n) as f64 / 1e6;
    // The ingest without its compaction (what `oxigraph load` below compares with), then
    // the compaction a default ingest of this size ends with, timed apart.
    let ingest = timed(
        ours,
        &["--store", store_s, "-q", "ingest", "--no-compact", corpus_s],
    );
    let compact = timed(ours, &["--store", store_s, "-q", "compact"]);
    let stats = stats(ours, store_s).unwrap_or_else(|e| panic!("{e}"));
    let triples = stats["triples"].as_u64().unwrap_or(0);
    assert!(
        stats["files"].as_u64() == Some(n as u64),
        "not every recap was ingested: {stats}"
    );
    let again = timed(ours, &["--store", store_s, "-q", "ingest", corpus_s]);
    let hash_only = hash_files(&corpus);
    // One recap edited: the incremental run a watching server makes (its series' identity
    // links are rebuilt from the other files' attendee digests).
    let edited = walk(&corpus).into_iter().min().expect("a generated recap");
    let mut text = std::fs::read_to_string(&edited).expect("read a generated recap");
    text.push_str("\nA late note.\n");
    std::fs::write(&edited, text).expect("edit a generated recap");
    let one = timed(ours, &["--store", store_s, "-q", "ingest", corpus_s]);
    let store_mb = dir_size(&store) as f64 / 1e6;

    // The same quads, bulk-loaded by Oxigraph itself.
    // RECAPGRAPH_BENCH_RAW=none skips it (at 100,000 recaps the dump and a second store
    // need about 30 GB more disk).
    let raw_wanted = std::env::var("RECAPGRAPH_BENCH_RAW").as_deref() != Ok("none");
    let raw = if oxigraph && raw_wanted {
        let nq = root.join("all.nq");
        let nq_s = nq.to_str().expect("utf-8 path");
        let _ = timed(
            ours,
            &["--store", store_s, "export", "-f", "nquads", "-o", nq_s],
        );
        let target = root.join("raw.db");
        let t = timed(
            "oxigraph",
            &[
                "load",
                "--location",
                target.to_str().expect("utf-8"),
                "--file",
                nq_s,
            ],
        );
        format!("{:.2} s", t.seconds)
    } else {
        "n/a".to_owned()
    };

    // What a user would write instead: regexes and rdflib over the same files.
    // It takes ~170 s per 1,000 recaps: past 2,000 only when RECAPGRAPH_BENCH_RDFLIB=all.
    let rdflib_here =
        rdflib && (n <= 2_000 || std::env::var("RECAPGRAPH_BENCH_RDFLIB").as_deref() == Ok("all"));
    let (py_s, py_mib, py_quads) = if rdflib_here {
        let nq = root.join("rdflib.nq");
        let t = timed(
            "python3",
            &[pipeline, corpus_s, nq.to_str().expect("utf-8 path")],
        );
        // It prints "N files, M quads".
        let quads = t
            .stdout
            .split_whitespace()
            .rev()
            .nth(1)
            .unwrap_or("?")
            .to_owned();
        (
            format!("{:.2}", t.seconds),
            format!("{:.0}", t.peak_mib),
            quads,
        )
    } else {
        ("n/a".to_owned(), "n/a".to_owned(), "n/a".to_owned())
    };
    println!(
        "{n:>7} {mb_in:>8.1} {triples:>10} {:>9.2} {:>9.2} {:>10.0} {:>9.0} {:>9.0} {store_mb:>9.1} {:>8.2} s {hash_only:>7.2} {:>8.2} {raw:>9} {py_s:>9} {py_mib:>10} {py_quads:>12}",
        ingest.seconds,
        compact.seconds,
        n as f64 / ingest.seconds,
        triples as f64 / ingest.seconds,
        ingest.peak_mib,
        again.seconds,
        one.seconds,
    );
}

/// Seconds to find, read and BLAKE3-hash every file under `corpus` on all cores, as
/// `ingest` must before it can skip a file: the floor for an unchanged re-ingest. Run
/// right after one, so both read from the page cache.
fn hash_files(corpus: &Path) -> f64 {
    use rayon::prelude::*;
    let start = Instant::now();
    let files = walk(corpus);
    let total: u64 = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("read a generated recap");
            u64::from(blake3::hash(&bytes).as_bytes()[0])
        })
        .sum();
    std::hint::black_box(total);
    start.elapsed().as_secs_f64()
}

/// Named-query latency (whole command: process start, store open, query, output).
fn query_latency(ours: &str, store_s: &str, full: bool) {
    let list = timed(ours, &["--store", store_s, "query", "--list", "-f", "tsv"]).stdout;
    let names: Vec<String> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| !name.is_empty())
        .collect();
    let runs = if full { 5 } else { 1 };
    // RECAPGRAPH_BENCH_QUERIES=a,b limits the run to those named queries.
    let only = std::env::var("RECAPGRAPH_BENCH_QUERIES").ok();
    // Each named query as a whole-store report, then the ones that take a parameter
    // narrowing them, narrowed (a meeting on the generator's first date, one topic).
    let mut cases: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n.as_str(), None)).collect();
    cases.extend([
        ("meetings", Some("date=2010-01-01")),
        ("meeting-agenda", Some("date=2010-01-01")),
        ("documents-per-meeting", Some("date=2010-01-01")),
        ("topic-documents", Some("label=Storage update")),
        ("topics-by-meetings", Some("label=Storage update")),
        ("documents-by-domain", Some("host=site0.example.org")),
    ]);
    for (name, narrowed) in cases.into_iter().filter(|(n, _)| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|q| q == *n))
    }) {
        let mut args = vec!["--store", store_s, "query", name, "-f", "tsv"];
        match name {
            "person-meetings" | "person-topics" => args.extend(["-p", "person=Anita Kuno"]),
            "topic-people" => args.extend(["-p", "topic=Storage update"]),
            "link-history" => args.extend(["-p", "url=https://site0.example.org/docs/1"]),
            _ => {}
        }
        if let Some(param) = narrowed {
            args.extend(["-p", param]);
        }
        let name = match narrowed {
            Some(param) => format!("{name} {param}"),
            None => name.to_owned(),
        };
        // A query slower than 20 s is not worth five runs: it gets one. One that
        // fails (killed for memory, say) is reported, and the round goes on.
        let Some(first) = timed_query(ours, &args) else {
            println!("  query {name:<40} FAILED (see stderr above)");
            continue;
        };
        let mut times = vec![first];
        while times.len() < runs && times[0] <= 20.0 {
            match timed_query(ours, &args) {
                Some(t) => times.push(t),
                None => break,
            }
        }
        times.sort_by(f64::total_cmp);
        let p95 = times[((times.len() as f64 * 0.95).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "  query {name:<40} median {:>6.2} s  p95 {p95:>6.2} s  ({} runs)",
            times[times.len() / 2],
            times.len()
        );
    }
}
