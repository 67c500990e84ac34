//! One store, every command: while `serve` holds a store, the other commands run through
//! it (reads at once, writes one at a time on its admin endpoint) and print what they
//! print without it; a killed server's record is removed by the next command; the admin
//! endpoint refuses a request without the token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use recapgraph::hub::{Frame, FrameDecoder};

use crate::server::{http, start_serve, start_serve_on, Guard, READY};
use crate::support::{copy_files, Cli};

const RECORD: &str = "recapgraph-serve.json";

/// A link server on 127.0.0.1: `/gone…` answers 404, anything else 200. With `hold`,
/// the first request is held (its arrival sent on the first channel) until the second
/// channel says to answer.
struct Links {
    addr: SocketAddr,
}

impl Links {
    fn start(hold: Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            let mut hold = hold;
            for stream in listener.incoming().map_while(Result::ok) {
                let held = hold.take();
                std::thread::spawn(move || answer(stream, held));
            }
        });
        Self { addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn answer(mut stream: TcpStream, held: Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    let _ = reader.read_line(&mut first);
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        line.clear();
    }
    if let Some((arrived, release)) = held {
        let _ = arrived.send(());
        let _ = release.recv();
    }
    let status = if first.contains(" /gone") {
        "404 Not Found"
    } else {
        "200 OK"
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    );
}

/// A recap citing `urls`, written under `cli`'s folder at `rel`.
fn recap_citing(cli: &Cli, rel: &str, title: &str, urls: &[String]) -> PathBuf {
    let mut text = format!(
        "# {title} 2026-10-05\n\n## Attendees\n\n* Wren Halvorsen\n* Odile Marchetti\n\n## Minutes\n\n### Release plan\n\n"
    );
    for (i, url) in urls.iter().enumerate() {
        text.push_str(&format!("* See [document {i}]({url})\n"));
    }
    text.push_str("\n## Decisions\n\n* Ship the beta on Friday.\n\n## Action items\n\n* Odile to write the release note.\n");
    cli.write(rel, text.as_bytes())
}

/// (stdout, stderr, exit code) of `recapgraph --store STORE ARGS` run in `cwd`.
fn run_in(store: &Path, cwd: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(store)
        .args(args)
        .current_dir(cwd)
        .env_remove("RECAPGRAPH_STORE")
        .env_remove("RECAPGRAPH_BASE")
        .env_remove("RECAPGRAPH_PUSH_TOKEN")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// What differs between two runs of the same write: the store's path, durations (`in
/// 0.12s`, `1.0 s`, JSON `elapsed` and `seconds`) and the times of link checks.
fn steady(text: &str, stores: &[&Path]) -> String {
    let mut text = text.to_owned();
    for store in stores {
        text = text.replace(&store.display().to_string(), "STORE");
    }
    for (pattern, to) in [
        (r"\d+\.\d+ ?s\b", "Ns"),
        (r#""(nanos|secs|seconds)": [\d.]+"#, "\"$1\": N"),
        (r"\d{4}-\d\d-\d\dT[\d:.]+Z", "TIME"),
        (r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "TIME"),
    ] {
        let re = regex::Regex::new(pattern).expect("regex");
        text = re.replace_all(&text, to).into_owned();
    }
    text
}

/// The record a serve left in `store`: (pid, token).
fn record(store: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(store.join(RECORD)).expect("the serve record exists");
    serde_json::from_str(&text).expect("the record is JSON")
}

/// The store of `data/` and a recap citing the link server, links checked once.
fn linked_store(links: &Links) -> Cli {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let recap = recap_citing(
        &cli,
        "recaps/release-sync.md",
        "Release sync",
        &[links.url("/spec"), links.url("/gone/plan")],
    );
    cli.run(&["ingest", recap.to_str().expect("utf-8")], 0);
    let local = ["links", "check", "--url-filter", "127.0.0.1"];
    cli.run(&local, 1);
    cli
}

#[test]
fn every_command_through_serve_prints_what_a_direct_run_prints() {
    let links = Links::start(None);
    let cli = linked_store(&links);
    let store = cli.store();
    let dir = cli.dir.path();
    std::fs::write(
        dir.join("people.rq"),
        "SELECT ?name WHERE { ?p <http://schema.org/name> ?name } ORDER BY ?name",
    )
    .expect("write");
    let endpoint = links.url("/store");
    let reads: Vec<Vec<&str>> = vec![
        vec!["query", "meetings"],
        vec!["query", "--format", "json", "people-by-meetings"],
        vec!["query", "@people.rq"],
        vec!["query", "-p", "x=1", "meetings"],
        vec!["query", "SELECT ?x WHERE { ?x ?y }"],
        vec!["stats"],
        vec!["stats", "--format", "json"],
        vec!["export", "--format", "nquads"],
        vec!["export", "--format", "turtle", "-o", "out.ttl"],
        vec!["graph", "topics"],
        vec!["graph", "people", "--stats"],
        vec!["validate"],
        vec!["links", "report"],
        vec!["links", "report", "--format", "json"],
        vec!["push", "--endpoint", &endpoint, "--dry-run"],
        vec!["decisions"],
        vec!["actions", "--format", "json"],
    ];
    let direct: Vec<_> = reads
        .iter()
        .map(|args| {
            let out = run_in(&store, dir, args);
            let file = std::fs::read(dir.join("out.ttl")).ok();
            let _ = std::fs::remove_file(dir.join("out.ttl"));
            (out, file)
        })
        .collect();
    // The writes' twin: the same store, written directly.
    let twin = dir.join("twin.db");
    copy_files(&store, &twin);

    let (mut serve, _) = start_serve(&store, &[]);
    let rec = record(&store);
    assert_eq!(rec["pid"], serve.child.id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.join(RECORD))
            .expect("record")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner may read the record");
    }
    for (args, (want, want_file)) in reads.iter().zip(&direct) {
        let got = run_in(&store, dir, args);
        assert_eq!(&got, want, "recapgraph {args:?} through serve");
        let file = std::fs::read(dir.join("out.ttl")).ok();
        let _ = std::fs::remove_file(dir.join("out.ttl"));
        assert_eq!(&file, want_file, "the file of recapgraph {args:?}");
    }
    assert_eq!(direct[0].0 .2, 0, "{:?}", direct[0]);
    assert!(
        direct[7].0 .0.lines().count() > 100,
        "the export is not empty"
    );
    assert!(direct[8].1.as_ref().is_some_and(|f| !f.is_empty()));
    assert_eq!(direct[4].0 .2, 2, "a bad query exits 2: {:?}", direct[4]);
    let log = serve.stderr_with(&["POST /admin/run"]);
    assert_eq!(
        log.matches("\"POST /admin/run\" 200").count(),
        reads.len(),
        "every command went through the server:\n{log}"
    );

    writes_match_a_direct_run(&cli, &twin, &links);
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.stderr_text());
    assert!(
        !store.join(RECORD).exists(),
        "a clean stop removes the record"
    );
    run_in(&store, dir, &["stats"]);
}

/// The writes through the server on `cli`'s store and directly on its twin print the same
/// (but for times) and leave the two stores alike; relative paths are read from the
/// client's folder and shown as given.
fn writes_match_a_direct_run(cli: &Cli, twin: &Path, links: &Links) {
    let store = cli.store();
    let dir = cli.dir.path();
    recap_citing(
        cli,
        "more/ops-review.md",
        "Ops review",
        &[links.url("/runbook")],
    );
    cli.write("more/broken.md", b"\xff\xfe not text");
    let local = ["--url-filter", "127.0.0.1", "--force"];
    let endpoint = links.url("/store");
    let writes: [&[&str]; 7] = [
        &["ingest", "-v", "more"],
        &["ingest", "more/ops-review.md"],
        &["links", "check", local[0], local[1], local[2]],
        &["links", "check", local[0], local[1], local[2], "-f", "json"],
        &["compact"],
        &["--no-wait", "ingest", "-q", "--force", "more"],
        // A read, but one that sends: each store's own push state, the same graphs.
        &["push", "--endpoint", &endpoint, "-v"],
    ];
    for args in writes {
        let served = run_in(&store, dir, args);
        let direct = run_in(twin, dir, args);
        assert_eq!(
            steady(&served.1, &[&store, twin]),
            steady(&direct.1, &[&store, twin]),
            "stderr of recapgraph {args:?}"
        );
        assert_eq!(
            steady(&served.0, &[]),
            steady(&direct.0, &[]),
            "stdout of recapgraph {args:?}"
        );
        assert_eq!(served.2, direct.2, "exit code of recapgraph {args:?}");
        if args.get(1) == Some(&"-v") {
            // Files show as the client named them, and a failed file fails the run.
            assert!(
                served.1.contains("ingested more/ops-review.md ("),
                "{}",
                served.1
            );
            assert!(served.1.contains("error: more/broken.md"), "{}", served.1);
            assert_eq!(served.2, 1);
        }
        if args[0] == "push" {
            assert!(
                served.1.contains("\nsent ") && served.1.contains("pushed "),
                "{}",
                served.1
            );
            assert_eq!(served.2, 0, "{}", served.1);
        }
    }
    let served = run_in(&store, dir, &["stats"]);
    assert_eq!(
        served,
        run_in(twin, dir, &["stats"]),
        "the writes landed alike"
    );
    assert!(served.0.contains("files"), "{served:?}");
}

#[test]
fn a_killed_server_leaves_a_record_the_next_command_removes() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let stats = cli.output(&["stats"]);
    let (mut serve, _) = start_serve(&cli.store(), &[]);
    assert!(cli.store().join(RECORD).exists());
    serve.child.kill().expect("SIGKILL");
    serve.child.wait().expect("reaped");
    assert!(
        cli.store().join(RECORD).exists(),
        "a killed server removes nothing"
    );
    assert_eq!(cli.output(&["stats"]), stats, "the stale record is ignored");
    assert!(!cli.store().join(RECORD).exists(), "and removed");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
}

/// A command request as the client sends it.
fn request(cli: &Cli, args: &[&str]) -> String {
    let mut argv = vec!["recapgraph".to_owned()];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    serde_json::json!({
        "argv": argv,
        "cwd": cli.dir.path(),
        "store": cli.store(),
        "base": null,
        "push_token": null,
        "stdout_terminal": false,
        "quiet": false,
        "no_wait": false,
    })
    .to_string()
}

#[test]
fn the_admin_endpoint_needs_the_token_and_writes_nothing_without_it() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let stats = cli.output(&["stats"]);
    let recap = recap_citing(&cli, "new/one.md", "Planning", &[]);
    let (_serve, addr) = start_serve(&cli.store(), &[]);
    let body = request(&cli, &["ingest", recap.to_str().expect("utf-8")]);
    let json = [("Content-Type", "application/json")];
    let r = http(addr, "POST", "/admin/run", &json, body.as_bytes());
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    for wrong in ["Bearer nope", "Basic dXNlcjpwYXNz", "Bearer "] {
        let headers = [json[0], ("Authorization", wrong)];
        let r = http(addr, "POST", "/admin/run", &headers, body.as_bytes());
        assert_eq!(r.status, 401, "{wrong}: {}", r.body);
    }
    assert_eq!(cli.output(&["stats"]), stats, "nothing was written");
    // With the token the same request runs: the answer is frames, ending in exit 0.
    let token = record(&cli.store())["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let bearer = format!("Bearer {token}");
    let headers = [json[0], ("Authorization", bearer.as_str())];
    let (status, frames) = admin_frames(addr, &token, &body);
    assert_eq!(status, 200, "{frames:?}");
    let stderr = String::from_utf8(stderr_of(&frames)).expect("utf-8");
    assert!(stderr.contains("ingested 1 of 1 files"), "{stderr}");
    assert_eq!(frames.last(), Some(&Frame::Exit(0)), "{frames:?}");
    assert_ne!(cli.output(&["stats"]), stats);
    // A client on a terminal sees the progress bar, drawn through stderr frames.
    let mut on_terminal: serde_json::Value = serde_json::from_str(&request(
        &cli,
        &["ingest", "--force", recap.to_str().expect("utf-8")],
    ))
    .expect("JSON");
    on_terminal["progress_columns"] = 80.into();
    let (status, frames) = admin_frames(addr, &token, &on_terminal.to_string());
    assert_eq!(status, 200);
    let stderr = String::from_utf8(stderr_of(&frames)).expect("utf-8");
    assert!(
        stderr.contains("files ingested") && stderr.contains("\x1b[2K"),
        "{stderr:?}"
    );
    assert!(stderr.ends_with("0 unchanged, 0 failed\n"), "{stderr:?}");
    // A command that needs no store is no admin command; SPARQL is unchanged.
    let r = http(
        addr,
        "POST",
        "/admin/run",
        &headers,
        request(&cli, &["explain", "x.md"]).as_bytes(),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let r = http(
        addr,
        "GET",
        "/sparql?query=ASK%7B%7D",
        &[("Accept", "application/sparql-results+json")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn the_admin_endpoint_is_off_on_other_addresses_unless_asked() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let stats = cli.output(&["stats"]);
    let (mut serve, addr) = start_serve_on(&cli.store(), "0.0.0.0:0", &[]);
    let local = SocketAddr::from(([127, 0, 0, 1], addr.port()));
    let r = http(local, "POST", "/admin/run", &[], b"{}");
    assert_eq!(r.status, 404, "{}", r.body);
    let (_, err, code) = cli.output(&["stats"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("admin endpoint is off") && err.contains("--admin"),
        "{err}"
    );
    assert_eq!(serve.interrupt(), Some(0));
    let (_serve, _) = start_serve_on(&cli.store(), "0.0.0.0:0", &["--admin"]);
    assert_eq!(cli.output(&["stats"]), stats);
}

/// Waits until `guard`'s child exits; its exit code.
fn exit_code(guard: &mut Guard) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < READY {
        if let Ok(Some(status)) = guard.child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// `recapgraph --store STORE ARGS` started in the background, stderr collected.
fn spawn(store: &Path, args: &[&str]) -> Guard {
    let child = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("RECAPGRAPH_STORE")
        .env_remove("RECAPGRAPH_BASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    Guard::collecting(child)
}

#[test]
fn writes_queue_and_no_wait_exits_2() {
    let (arrived_tx, arrived) = mpsc::channel();
    let (release, release_rx) = mpsc::channel();
    let links = Links::start(Some((arrived_tx, release_rx)));
    let cli = Cli::new();
    let recap = recap_citing(&cli, "recaps/slow.md", "Vendor call", &[links.url("/slow")]);
    cli.run(&["ingest", recap.to_str().expect("utf-8")], 0);
    let store = cli.store();
    let (_serve, _) = start_serve(&store, &[]);
    // The first write: a link check held by the link server.
    let mut check = spawn(
        &store,
        &[
            "links",
            "check",
            "--no-soft-404",
            "--timeout",
            "600",
            "--retries",
            "0",
        ],
    );
    arrived
        .recv_timeout(READY)
        .expect("the link check reached the link server");
    let (_, err, code) = cli.output(&["--no-wait", "compact"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("in use") && err.contains("--no-wait"), "{err}");
    // A second write waits its turn; reads do not wait.
    let mut compact = spawn(&store, &["compact"]);
    let waiting = compact.stderr_with(&["waiting for the write"]);
    assert!(waiting.contains("waiting for the write"), "{waiting}");
    assert_eq!(cli.output(&["stats"]).2, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        compact.child.try_wait().expect("wait").is_none(),
        "compact ran beside the check"
    );
    release.send(()).expect("release");
    assert_eq!(exit_code(&mut check), Some(0), "{}", check.stderr_text());
    assert_eq!(
        exit_code(&mut compact),
        Some(0),
        "{}",
        compact.stderr_text()
    );
    let text = compact.stderr_with(&["compacted"]);
    assert!(text.contains("compacted"), "{text}");
    let summary = check.stderr_with(&["1 checked: 1 ok"]);
    assert!(summary.contains("1 checked: 1 ok"), "{summary}");
}

/// The stderr bytes of an admin answer.
fn stderr_of(frames: &[Frame]) -> Vec<u8> {
    frames
        .iter()
        .filter_map(|f| match f {
            Frame::Stderr(b) => Some(b.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// `POST /admin/run` over HTTP/1.0 (no chunking: the frames are the body up to the
/// close): the status and the frames of the answer.
fn admin_frames(addr: SocketAddr, token: &str, body: &str) -> (u16, Vec<Frame>) {
    let mut s = TcpStream::connect_timeout(&addr, READY).expect("connects");
    s.set_read_timeout(Some(READY)).expect("timeout");
    write!(
        s,
        "POST /admin/run HTTP/1.0\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("reads");
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status");
    let mut decoder = FrameDecoder::default();
    decoder.push(&raw[head_end + 4..]);
    let mut frames = Vec::new();
    while let Some(f) = decoder.next_frame().expect("frames") {
        frames.push(f);
    }
    (status, frames)
}

#[test]
fn writes_take_turns_with_watch_rounds() {
    let cli = Cli::new();
    let watched = recap_citing(&cli, "watched/standup.md", "Standup", &[]);
    let other = recap_citing(&cli, "other/retro.md", "Retro", &[]);
    let watched_dir = watched.parent().expect("folder").to_str().expect("utf-8");
    let (serve, _) = start_serve(
        &cli.store(),
        &["--watch", watched_dir, "--watch-every", "1"],
    );
    // The first round ingests the watched recap (a line per round that changed something).
    serve.stderr_with(&["watch: 1 recaps ingested"]);
    let (_, err, code) = cli.output(&["ingest", other.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ingested 1 of 1 files"), "{err}");
    // More rounds come and go beside it: the recap written meanwhile is ingested too.
    recap_citing(&cli, "watched/planning.md", "Planning", &[]);
    let log = serve.stderr_with(&["watch: 1 recaps ingested", "1 unchanged"]);
    assert!(log.contains("1 unchanged"), "{log}");
    let (out, _, code) = cli.output(&["stats", "--format", "json"]);
    assert_eq!(code, 0);
    let stats: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(stats["files"], 3, "{stats}");
}

#[test]
fn a_command_in_the_moment_serve_starts_finds_it() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let stats = cli.output(&["stats"]);
    let (_serve, _) = start_serve(&cli.store(), &[]);
    // The moment between the server opening the store and recording itself.
    let record = cli.store().join(RECORD);
    let kept = cli.dir.path().join("kept.json");
    std::fs::rename(&record, &kept).expect("move the record away");
    let (_, err, code) = cli.output(&["stats"]);
    assert_eq!(code, 2, "without a record the store is simply in use");
    assert!(
        err.contains("in use by another recapgraph process"),
        "{err}"
    );
    let put_back = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::rename(&kept, &record).expect("put the record back");
    });
    assert_eq!(
        cli.output(&["stats"]),
        stats,
        "found the record once written"
    );
    put_back.join().expect("joined");
}
