//! Link repair against servers on 127.0.0.1 started here: suggestions from a permanent
//! redirect, GitHub's master → main move and a mock Wayback availability API (several
//! snapshots per URL, the nearest to the asked timestamp answered, statuses as recorded);
//! `links report` with them; `links fix` as a diff and with `--write` (exact bytes,
//! refusal of a file edited since ingest, the store citing the new URLs, SIGKILL midway).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::support::{tsv_rows, Cli};

/// (timestamp YYYYMMDDhhmmss, recorded status) of each archived snapshot, per path.
const SNAPSHOTS: &[(&str, &[(&str, &str)])] = &[
    (
        "/gone",
        &[
            ("20230601000000", "200"),
            ("20240110083000", "200"),
            ("20240301120000", "200"),
            ("20250501000000", "302"),
        ],
    ),
    // Archived, but never with a 200: no suggestion.
    (
        "/gone-too",
        &[("20240115000000", "404"), ("20240201000000", "302")],
    ),
    ("/solo", &[("20240105000000", "200")]),
];

/// What the mock archive was asked: (url, timestamp).
type Asked = Arc<Mutex<Vec<(String, Option<String>)>>>;

async fn site(uri: Uri) -> Response {
    let html = |title: &str| {
        (
            [(header::CONTENT_TYPE, "text/html")],
            format!("<html><head><title>{title}</title></head></html>"),
        )
            .into_response()
    };
    match uri.path() {
        "/ok" | "/new-home" | "/o/r/blob/main/README.md" => html("Fine"),
        "/moved" => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, "/new-home")],
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The availability API's shape: the snapshot nearest `timestamp` (the newest without
/// one), whatever status it recorded, or `{"archived_snapshots":{}}`.
async fn available(
    State((asked, origin)): State<(Asked, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let url = q.get("url").cloned().unwrap_or_default();
    let timestamp = q.get("timestamp").cloned();
    asked.lock().unwrap().push((url.clone(), timestamp.clone()));
    let path = url.strip_prefix(&origin).unwrap_or_default();
    let Some((_, snaps)) = SNAPSHOTS.iter().find(|(p, _)| *p == path) else {
        return axum::Json(serde_json::json!({"archived_snapshots": {}})).into_response();
    };
    let seconds = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(&format!("{t:0<14}"), "%Y%m%d%H%M%S")
            .unwrap()
            .and_utc()
            .timestamp()
    };
    let nearest = match &timestamp {
        Some(t) => snaps
            .iter()
            .min_by_key(|(s, _)| (seconds(s) - seconds(t)).abs())
            .unwrap(),
        None => snaps.last().unwrap(),
    };
    axum::Json(serde_json::json!({"archived_snapshots": {"closest": {
        "status": nearest.1,
        "available": true,
        "url": format!("http://archive.test/web/{}/{url}", nearest.0),
        "timestamp": nearest.0,
    }}}))
    .into_response()
}

struct Servers {
    addr: SocketAddr,
    asked: Asked,
    _runtime: tokio::runtime::Runtime,
}

impl Servers {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let asked = Asked::default();
        let addr = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let app = Router::new()
                .route("/wayback/available", get(available))
                .with_state((Arc::clone(&asked), format!("http://{addr}")))
                .fallback(site);
            tokio::spawn(async move { axum::serve(listener, app).await });
            addr
        });
        Self {
            addr,
            asked,
            _runtime: runtime,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn snapshot(&self, stamp: &str, path: &str) -> String {
        format!("http://archive.test/web/{stamp}/{}", self.url(path))
    }

    /// `links check` with the mock archive and this host as a GitHub host.
    fn check(&self, cli: &Cli, code: i32) -> serde_json::Value {
        let archive = self.url("/wayback/available");
        let github = self.addr.to_string();
        let out = cli.run(
            &[
                "links",
                "check",
                "--format",
                "json",
                "--timeout",
                "5",
                "--retries",
                "0",
                "--archive-url",
                archive.as_str(),
                "--github-host",
                github.as_str(),
            ],
            code,
        );
        serde_json::from_str(&out).unwrap()
    }
}

fn recap(title: &str, lines: &[String]) -> String {
    let mut text = format!("# {title}\n\n## Attendees\n\n* Ann Lee\n* Bo Ek\n\n## Minutes\n\n");
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    text
}

/// url → its finding's suggestions as (kind, url, for_date).
fn suggestions(json: &serde_json::Value) -> HashMap<String, Vec<(String, String, String)>> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let r = &f["result"];
            let s = r["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["kind"].as_str().unwrap().to_owned(),
                        s["url"].as_str().unwrap().to_owned(),
                        s["for_date"].as_str().unwrap_or("-").to_owned(),
                    )
                })
                .collect();
            (r["url"].as_str().unwrap().to_owned(), s)
        })
        .collect()
}

#[test]
fn suggestions_report_diff_and_write() {
    let s = Servers::start();
    let cli = Cli::new();
    let gh_master = s.url("/o/r/blob/master/README.md");
    let january = recap(
        "Infra sync 2024-01-18",
        &[
            format!("* The runbook [moved]({}) last week.", s.url("/moved")),
            String::new(),
            format!("* The old [design doc]({}#part-2) is gone.", s.url("/gone")),
            format!("* Readme: [{gh_master}]({gh_master})"),
            format!("* Bare: {} today.", s.url("/gone-too")),
            format!("* Fine: [ok page]({})", s.url("/ok")),
            // A reference-style link: cited on the line that uses it, fixed where defined.
            "* Again the [runbook][rb].".to_owned(),
            String::new(),
            format!("[rb]: {}", s.url("/moved")),
        ],
    );
    let february = recap(
        "Infra sync 2024-02-25",
        &[format!("* Still cited: [design]({})", s.url("/gone"))],
    );
    let jan_path = cli.write("recaps/2024-01-18-infra.md", january.as_bytes());
    let feb_path = cli.write("recaps/2024-02-25-infra.md", february.as_bytes());
    let recaps = cli.dir.path().join("recaps");
    let recaps = recaps.to_str().unwrap();
    cli.run(&["ingest", recaps], 0);

    let json = s.check(&cli, 1);
    let sug = suggestions(&json);
    assert_eq!(
        sug[&s.url("/moved")],
        [("redirect".into(), s.url("/new-home"), "-".into())]
    );
    // One snapshot per citing meeting: the nearest 200 snapshot to each date.
    assert_eq!(
        sug[&s.url("/gone")],
        [
            (
                "archive".into(),
                s.snapshot("20240110083000", "/gone"),
                "2024-01-18".into()
            ),
            (
                "archive".into(),
                s.snapshot("20240301120000", "/gone"),
                "2024-02-25".into()
            ),
        ]
    );
    assert_eq!(sug[&s.url("/gone-too")], [], "no snapshot answered 200");
    assert_eq!(
        sug[&gh_master][0],
        (
            "github-main".into(),
            s.url("/o/r/blob/main/README.md"),
            "-".into()
        )
    );
    let mut asked: Vec<_> = s.asked.lock().unwrap().clone();
    asked.sort();
    assert!(
        asked.contains(&(s.url("/gone"), Some("20240118".into())))
            && asked.contains(&(s.url("/gone"), Some("20240225".into()))),
        "the archive is asked for the meeting dates: {asked:?}"
    );
    cli.run(&["validate"], 0);
    let stored = tsv_rows(&cli.run(
        &[
            "query",
            "-f",
            "tsv",
            "PREFIX rg: <https://w3id.org/recapgraph/ns#>
             SELECT ?kind ?new ?date WHERE { GRAPH <https://recapgraph.example/linkcheck> {
               ?c rg:suggestion ?s . ?s rg:suggestedReplacement ?new ; rg:suggestionKind ?kind .
               OPTIONAL { ?s rg:forMeetingDate ?date } } } ORDER BY ?kind ?date",
        ],
        0,
    ));
    // /gone is cited as two documents (with and without a fragment): one check each.
    assert_eq!(stored.len(), 6, "{stored:?}");

    check_report(&cli, &s);

    // The diff: one hunk per changed line; anchor text (even a URL) untouched.
    let diff = cli.run(&["links", "fix", recaps], 0);
    assert_eq!(
        std::fs::read_to_string(&jan_path).unwrap(),
        january,
        "dry run"
    );
    check_diff(&diff, &s, &jan_path, &feb_path);

    // `--only archive` leaves the live moves alone.
    let archive_only = cli.run(&["links", "fix", "--only", "archive", recaps], 0);
    assert!(!archive_only.contains("new-home") && archive_only.contains("20240301120000"));

    // Edit the February recap after ingest: refused, January still written.
    let edited = format!("{february}\nA line added after ingest.\n");
    std::fs::write(&feb_path, &edited).unwrap();
    let (_, err, code) = cli.output(&["links", "fix", "--write", recaps]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("refused") && err.contains("2024-02-25-infra.md"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&feb_path).unwrap(), edited);
    let fixed = january
        .replace(&s.url("/moved"), &s.url("/new-home"))
        .replace(
            &format!("{}#part-2", s.url("/gone")),
            &format!("{}#part-2", s.snapshot("20240110083000", "/gone")),
        )
        .replace(
            &format!("({gh_master})"),
            &format!("({})", s.url("/o/r/blob/main/README.md")),
        );
    assert_eq!(std::fs::read_to_string(&jan_path).unwrap(), fixed);

    check_cited(&cli, &s);
    check_no_archive(&cli, &s);
}

/// `suggestions_report_diff_and_write`, after `--write`: the store cites the new URLs,
/// not the old ones.
fn check_cited(cli: &Cli, s: &Servers) {
    let cited = tsv_rows(&cli.run(
        &[
            "query",
            "-f",
            "tsv",
            "PREFIX rg: <https://w3id.org/recapgraph/ns#>
             PREFIX schema: <http://schema.org/>
             SELECT DISTINCT ?url WHERE { GRAPH ?g { ?c rg:citedDocument ?d . ?d schema:url ?url .
               FILTER(CONTAINS(STR(?g), '2024-01-18')) } } ORDER BY ?url",
        ],
        0,
    ));
    let cited: Vec<&str> = cited.iter().map(|r| r[0].trim_matches('"')).collect();
    assert!(cited.contains(&s.url("/new-home").as_str()), "{cited:?}");
    assert!(!cited.contains(&s.url("/moved").as_str()), "{cited:?}");
    assert!(cited.contains(&format!("{}#part-2", s.snapshot("20240110083000", "/gone")).as_str()));
}

/// `suggestions_report_diff_and_write`, after `--write`: `--no-archive` asks no archive.
fn check_no_archive(cli: &Cli, s: &Servers) {
    let before = s.asked.lock().unwrap().len();
    let archive = s.url("/wayback/available");
    let github = s.addr.to_string();
    let out = cli.run(
        &[
            "links",
            "check",
            "--force",
            "--format",
            "json",
            "--timeout",
            "5",
            "--no-archive",
            "--archive-url",
            archive.as_str(),
            "--github-host",
            github.as_str(),
        ],
        1,
    );
    assert_eq!(
        s.asked.lock().unwrap().len(),
        before,
        "the archive was asked"
    );
    let sug = suggestions(&serde_json::from_str(&out).unwrap());
    // Still cited by the refused February recap, now without a snapshot.
    assert_eq!(sug[&s.url("/gone")], []);
    // The fixed January recap cites the new address, which is fine.
    assert!(!sug.contains_key(&s.url("/new-home")), "{sug:?}");
}

/// `suggestions_report_diff_and_write`: `links report` shows each meeting's snapshot.
fn check_report(cli: &Cli, s: &Servers) {
    let report: serde_json::Value =
        serde_json::from_str(&cli.run(&["links", "report", "--format", "json"], 0)).unwrap();
    let entry = |date: &str, url: &str| -> serde_json::Value {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["date"] == date)
            .and_then(|g| {
                g["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["url"].as_str().unwrap().starts_with(url))
                    .cloned()
            })
            .unwrap_or_else(|| panic!("no {url} on {date}: {report:#}"))
    };
    let jan = entry("2024-01-18", &s.url("/gone"));
    assert_eq!(jan["suggestions"].as_array().unwrap().len(), 1, "{jan:#}");
    assert_eq!(
        jan["suggestions"][0]["url"],
        s.snapshot("20240110083000", "/gone")
    );
    let feb = entry("2024-02-25", &s.url("/gone"));
    assert_eq!(
        feb["suggestions"][0]["url"],
        s.snapshot("20240301120000", "/gone")
    );
    assert_eq!(
        entry("2024-01-18", &s.url("/moved"))["suggestions"][0]["kind"],
        "redirect"
    );
    let table = cli.run(&["links", "report"], 0);
    assert!(
        table.contains(&format!(
            "suggested, archived 2024-01-10: {}",
            s.snapshot("20240110083000", "/gone")
        )),
        "{table}"
    );
    let md = cli.run(&["links", "report", "--format", "markdown"], 0);
    assert!(
        md.contains("| Suggested |") && md.contains("[moved (permanent redirect)]"),
        "{md}"
    );
}

/// `suggestions_report_diff_and_write`: the whole dry-run diff, byte for byte.
fn check_diff(diff: &str, s: &Servers, jan: &std::path::Path, feb: &std::path::Path) {
    let (jan, feb) = (jan.display(), feb.display());
    let gh_master = s.url("/o/r/blob/master/README.md");
    let expected = format!(
        "--- {jan}\n+++ {jan}\n\
         @@ -7,5 +7,5 @@\n \n ## Minutes\n \n\
         -* The runbook [moved]({moved}) last week.\n\
         +* The runbook [moved]({home}) last week.\n \n\
         @@ -12,1 +12,1 @@\n\
         -* The old [design doc]({gone}#part-2) is gone.\n\
         +* The old [design doc]({snap_jan}#part-2) is gone.\n\
         @@ -13,4 +13,4 @@\n\
         -* Readme: [{gh_master}]({gh_master})\n\
         +* Readme: [{gh_master}]({gh_main})\n\
         \x20* Bare: {gone_too} today.\n\
         \x20* Fine: [ok page]({ok})\n\
         \x20* Again the [runbook][rb].\n\
         @@ -17,2 +17,2 @@\n \n\
         -[rb]: {moved}\n\
         +[rb]: {home}\n\
         --- {feb}\n+++ {feb}\n\
         @@ -7,4 +7,4 @@\n \n ## Minutes\n \n\
         -* Still cited: [design]({gone})\n\
         +* Still cited: [design]({snap_feb})\n",
        moved = s.url("/moved"),
        home = s.url("/new-home"),
        gone = s.url("/gone"),
        gone_too = s.url("/gone-too"),
        ok = s.url("/ok"),
        snap_jan = s.snapshot("20240110083000", "/gone"),
        snap_feb = s.snapshot("20240301120000", "/gone"),
        gh_main = s.url("/o/r/blob/main/README.md"),
    );
    assert_eq!(diff, expected);
}

#[test]
fn a_killed_write_leaves_every_file_old_or_new() {
    let s = Servers::start();
    let cli = Cli::new();
    let mut originals = Vec::new();
    for day in 1..=24 {
        let text = recap(
            &format!("Daily sync 2024-01-{day:02}"),
            &[format!("* Notes: [the doc]({}) and more.", s.url("/solo"))],
        );
        let path = cli.write(
            &format!("recaps/2024-01-{day:02}-daily.md"),
            text.as_bytes(),
        );
        originals.push((path, text));
    }
    let recaps = cli.dir.path().join("recaps");
    cli.run(&["ingest", recaps.to_str().unwrap()], 0);
    s.check(&cli, 1);
    let new = s.snapshot("20240105000000", "/solo");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(cli.store())
        .args(["-q", "links", "fix", "--write"])
        .arg(&recaps)
        .env("RECAPGRAPH_TEST_FIX_PAUSE_MS", "150")
        .spawn()
        .unwrap();
    let started = Instant::now();
    let changed = |orig: &[(std::path::PathBuf, String)]| {
        orig.iter()
            .filter(|(p, t)| std::fs::read_to_string(p).unwrap() != *t)
            .count()
    };
    while changed(&originals) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no file was ever written"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut old = 0;
    let mut fixed = 0;
    for (path, text) in &originals {
        let now = std::fs::read_to_string(path).unwrap();
        if now == *text {
            old += 1;
        } else {
            assert_eq!(
                now,
                text.replace(&s.url("/solo"), &new),
                "{}",
                path.display()
            );
            fixed += 1;
        }
    }
    assert!(
        fixed >= 1 && old >= 1,
        "killed midway: {fixed} fixed, {old} old"
    );
    // No temporary file is taken for a recap; an ingest picks up the fixed files.
    cli.run(&["ingest", recaps.to_str().unwrap()], 0);
    let rows = tsv_rows(&cli.run(
        &[
            "query", "-f", "tsv",
            &format!(
                "PREFIX schema: <http://schema.org/>
                 SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?d schema:url \"{new}\" }} }}"
            ),
        ],
        0,
    ));
    assert_eq!(
        rows[0][0].trim_matches('"').split('^').next(),
        Some(fixed.to_string().as_str())
    );
}

/// A server answering plain HTTP and TLS on one port (the first byte tells), as a site
/// that moved to https: over http every page is gone (404); over https (a certificate for
/// 127.0.0.1 signed by `tests/fixtures/tls/test-ca.pem`, whose key was discarded) every
/// page answers 200, except the soft-404 probe's.
async fn http_and_https(listener: tokio::net::TcpListener) {
    use rustls::pki_types::pem::PemObject;
    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
    async fn answer(mut s: impl AsyncRead + AsyncWrite + Unpin, tls: bool) {
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&request);
        let probe = head.contains("recapgraph-soft-404-probe");
        let response = if tls && !probe {
            let body = "<html><head><title>Notes</title></head></html>";
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
        } else {
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
        };
        let _ = s.write_all(response.as_bytes()).await;
        let _ = s.shutdown().await;
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs = rustls::pki_types::CertificateDer::pem_file_iter(dir.join("leaf.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(dir.join("leaf-key.pem")).unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    while let Ok((stream, _)) = listener.accept().await {
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let mut first = [0u8; 1];
            if stream.peek(&mut first).await.is_err() {
                return;
            }
            if first[0] == 0x16 {
                if let Ok(tls) = acceptor.accept(stream).await {
                    answer(tls, true).await;
                }
            } else {
                answer(stream, false).await;
            }
        });
    }
}

#[test]
fn a_dead_http_link_whose_https_answers_is_moved_to_https() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(http_and_https(listener));
        addr
    });
    let cli = Cli::new();
    let old = format!("http://{addr}/notes/page");
    let text = recap(
        "Infra sync 2024-03-04",
        &[format!("* See [the notes]({old}).")],
    );
    let path = cli.write("recaps/2024-03-04-infra.md", text.as_bytes());
    cli.run(&["ingest", path.to_str().unwrap()], 0);
    let ca = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tls/test-ca.pem"
    );
    let out = cli
        .cmd(&[
            "links",
            "check",
            "--format",
            "json",
            "--retries",
            "0",
            "--no-archive",
        ])
        .env("SSL_CERT_FILE", ca)
        .env_remove("SSL_CERT_DIR")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let new = format!("https://{addr}/notes/page");
    assert_eq!(
        suggestions(&json)[&old],
        [("https".to_owned(), new.clone(), "-".to_owned())],
        "{json:#}"
    );
    let diff = cli.run(
        &[
            "links",
            "fix",
            cli.dir.path().join("recaps").to_str().unwrap(),
        ],
        0,
    );
    assert!(
        diff.contains(&format!("+* See [the notes]({new}).")),
        "{diff}"
    );
}
