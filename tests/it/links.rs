//! `links check` / `links report` against real HTTP servers on 127.0.0.1 started here:
//! one route per case, a closed port, a `.invalid` host and a self-signed TLS server.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::support::{tsv_rows, Cli};

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// Requests per path (HEAD and GET).
    hits: Mutex<HashMap<String, usize>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Bytes of the 1 GB body actually produced.
    huge_bytes: AtomicUsize,
    /// Answer 404 (not a 200 "not found" page) for unknown paths.
    honest: std::sync::atomic::AtomicBool,
}

impl Seen {
    fn hit(&self, path: &str) -> usize {
        let mut hits = self.hits.lock().unwrap();
        let n = hits.entry(path.to_owned()).or_default();
        *n += 1;
        *n
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn html(title: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!doctype html><html><head><title>{title}</title></head><body>…</body></html>"),
    )
        .into_response()
}

fn redirect(status: StatusCode, to: &str) -> Response {
    (status, [(header::LOCATION, to.to_owned())]).into_response()
}

async fn route(State(seen): State<Arc<Seen>>, method: axum::http::Method, uri: Uri) -> Response {
    let path = uri.path().to_owned();
    let n = seen.hit(&path);
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = match path.as_str() {
        "/" => html("Home"),
        "/ok" | "/frag" => html("Minutes"),
        "/gone-404" => StatusCode::NOT_FOUND.into_response(),
        "/gone-410" => StatusCode::GONE.into_response(),
        // HEAD and the confirming GET both fail; the retry succeeds.
        "/flaky" if n <= 2 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "/flaky" => html("Back again"),
        "/always-500" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "/chain/a" => redirect(StatusCode::MOVED_PERMANENTLY, "/chain/b"),
        "/chain/b" => redirect(StatusCode::FOUND, "/chain/c"),
        "/chain/c" => html("End of the chain"),
        "/moved" => redirect(StatusCode::PERMANENT_REDIRECT, "/ok"),
        "/loop/a" => redirect(StatusCode::FOUND, "/loop/b"),
        "/loop/b" => redirect(StatusCode::FOUND, "/loop/a"),
        "/rate" if n == 1 => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
        }
        "/rate" => html("Rate limited page"),
        "/no-head" if method == axum::http::Method::HEAD => {
            StatusCode::METHOD_NOT_ALLOWED.into_response()
        }
        "/no-head" => html("GET only"),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            html("Too late")
        }
        "/huge" => {
            let seen = Arc::clone(&seen);
            let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
            let stream = futures_util::stream::unfold(0usize, move |sent| {
                let seen = Arc::clone(&seen);
                let chunk = chunk.clone();
                async move {
                    (sent < 1 << 30).then(|| {
                        seen.huge_bytes.fetch_add(chunk.len(), Ordering::SeqCst);
                        (Ok::<_, std::io::Error>(chunk.clone()), sent + chunk.len())
                    })
                }
            });
            (
                [(header::CONTENT_TYPE, "text/html")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        "/deep/page" => redirect(StatusCode::MOVED_PERMANENTLY, "/"),
        "/soft" => html("Page not found"),
        p if p.starts_with("/busy/") => {
            tokio::time::sleep(Duration::from_millis(100)).await;
            html("Busy")
        }
        _ if seen.honest.load(Ordering::SeqCst) => StatusCode::NOT_FOUND.into_response(),
        // Like many sites, a "not found" page with status 200 for any unknown path.
        _ => html("Page not found"),
    };
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// An HTTP server on 127.0.0.1 and a self-signed HTTPS server, on their own runtime.
struct Servers {
    http: SocketAddr,
    https: SocketAddr,
    seen: Arc<Seen>,
    _runtime: tokio::runtime::Runtime,
}

impl Servers {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let seen = Arc::new(Seen::default());
        let app = Router::new().fallback(route).with_state(Arc::clone(&seen));
        let (http, https) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let http = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            let tls = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let https = tls.local_addr().unwrap();
            tokio::spawn(self_signed_tls(tls));
            (http, https)
        });
        Self {
            http,
            https,
            seen,
            _runtime: runtime,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.http)
    }

    /// The same server under the host name `localhost`: a host of its own for the
    /// checker's per-host memory (such as "this host refuses HEAD").
    fn localhost_url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.http.port())
    }
}

/// Accepts TLS handshakes with a self-signed certificate (tests/fixtures/tls) and
/// answers any request that gets through with 200.
async fn self_signed_tls(listener: tokio::net::TcpListener) {
    use rustls::pki_types::pem::PemObject;
    use tokio::io::AsyncWriteExt;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs = rustls::pki_types::CertificateDer::pem_file_iter(dir.join("cert.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(dir.join("key.pem")).unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            if let Ok(mut tls) = acceptor.accept(stream).await {
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        });
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A recap citing `links` (anchor, url) under two agenda items, ingested into `cli`'s store.
fn ingest_recap(cli: &Cli, links: &[(&str, String)]) {
    let mut text = String::from(
        "# Infra sync 2026-11-02\n\n## Attendees\n\n* Ann Lee\n* Bo Ek\n\n## Minutes\n\n### Monitoring\n\n",
    );
    let (first, second) = links.split_at(links.len() / 2);
    for (anchor, url) in first {
        text.push_str(&format!("* See [{anchor}]({url})\n"));
    }
    text.push_str("\n### Backups\n\n");
    for (anchor, url) in second {
        text.push_str(&format!("* See [{anchor}]({url})\n"));
    }
    text.push_str(
        "\nSee also [the handbook](../handbook.md) and [mail us](mailto:ops@example.org).\n",
    );
    let recap = cli.write("recaps/infra-sync.md", text.as_bytes());
    // The example vocabulary names the subjects ("Monitoring" is Observability's altLabel).
    let vocabulary = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/examples/topics.ttl");
    cli.run(
        &[
            "ingest",
            "--vocabulary",
            vocabulary,
            recap.to_str().unwrap(),
        ],
        0,
    );
}

/// Short limits, and no suggestions: the default archive is on the internet (suggestions
/// are tested in `links_fix`, against a mock archive).
const FAST: [&str; 9] = [
    "--timeout",
    "2",
    "--connect-timeout",
    "2",
    "--retries",
    "2",
    "--retry-wait",
    "0.2",
    "--no-suggest",
];

fn check_json(cli: &Cli, extra: &[&str], code: i32) -> serde_json::Value {
    let mut args = vec!["links", "check", "--format", "json"];
    args.extend_from_slice(&FAST);
    args.extend_from_slice(extra);
    serde_json::from_str(&cli.run(&args, code)).expect("json")
}

/// url → (outcome, error kind, status, final url, redirects)
fn findings(json: &serde_json::Value) -> HashMap<String, serde_json::Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["result"]["url"].as_str().unwrap().to_owned(),
                f["result"].clone(),
            )
        })
        .collect()
}

#[test]
fn every_case_gets_its_outcome_and_rdf() {
    let servers = Servers::start();
    let cli = Cli::new();
    let refused = format!("http://127.0.0.1:{}/nothing-here", closed_port());
    let tls = format!("https://localhost:{}/secure", servers.https.port());
    let cases: Vec<(&str, String)> = vec![
        ("ok", servers.url("/ok")),
        ("fragment", servers.url("/frag")),
        ("same page, with fragment", servers.url("/frag#section-2")),
        ("404", servers.url("/gone-404")),
        ("410", servers.url("/gone-410")),
        ("flaky", servers.url("/flaky")),
        ("always 500", servers.url("/always-500")),
        ("chain", servers.url("/chain/a")),
        ("moved", servers.url("/moved")),
        ("loop", servers.url("/loop/a")),
        ("rate", servers.url("/rate")),
        ("no head", servers.localhost_url("/no-head")),
        ("slow", servers.url("/slow")),
        ("huge", servers.url("/huge")),
        ("deep", servers.url("/deep/page")),
        ("soft", servers.url("/soft")),
        ("refused", refused.clone()),
        ("dns", "http://recapgraph-test.invalid/page".to_owned()),
        ("tls", tls.clone()),
    ];
    ingest_recap(&cli, &cases);
    let started = std::time::Instant::now();
    let json = check_json(&cli, &[], 1);
    let elapsed = started.elapsed();
    check_findings(&servers, &json, &refused, &tls);

    let summary = &json["summary"];
    assert_eq!(summary["checked"], 18, "{summary}");
    assert_eq!(summary["ok"], 6, "{summary}");
    assert_eq!(summary["redirected"], 2, "{summary}");
    assert_eq!(summary["broken"], 4, "{summary}");
    assert_eq!(summary["unreachable"], 4, "{summary}");
    assert_eq!(summary["suspicious"], 2, "{summary}");
    // The slow route sleeps 30 s; the 2 s limit (with a retry) must cut it short.
    assert!(elapsed < Duration::from_secs(25), "took {elapsed:?}");

    check_rdf(&cli, &servers, &tls);
    check_attempts(&cli, &servers);
    cli.run(&["validate"], 0);
}

/// `every_case_gets_its_outcome_and_rdf`: the findings of `links check --format json`
/// and the requests the server saw.
fn check_findings(servers: &Servers, json: &serde_json::Value, refused: &str, tls: &str) {
    let f = findings(json);
    let get = |path: &str| -> &serde_json::Value {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            servers.url(path)
        };
        f.get(&url)
            .unwrap_or_else(|| panic!("no finding for {url}: {json:#}"))
    };
    let expect = |path: &str, outcome: &str, kind: Option<&str>, status: Option<u64>| {
        let r = get(path);
        assert_eq!(r["outcome"], outcome, "{path}: {r:#}");
        assert_eq!(r["error_kind"].as_str(), kind, "{path}: {r:#}");
        assert_eq!(r["status"].as_u64(), status, "{path}: {r:#}");
    };

    // Ok ones are not findings; the fragment was stripped for the request and both
    // documents share one request.
    assert!(!f.contains_key(&servers.url("/ok")));
    assert!(!f.contains_key(&servers.url("/flaky")), "retry succeeds");
    assert!(
        !f.contains_key(&servers.url("/rate")),
        "429 retried after Retry-After"
    );
    assert!(
        !f.contains_key(&servers.localhost_url("/no-head")),
        "GET after HEAD 405"
    );
    assert!(!f.contains_key(&servers.url("/huge")));
    // HEAD + title GET (this host answers 200 for unknown pages), once for both fragments.
    assert_eq!(
        servers.seen.hits("/frag"),
        2,
        "{:?}",
        servers.seen.hits.lock().unwrap()
    );
    assert!(servers.seen.hits("/flaky") >= 3, "500 twice, then a retry");
    assert_eq!(
        servers.seen.hits("/always-500"),
        6,
        "(HEAD + confirming GET) × (1 + 2 retries)"
    );
    assert!(servers.seen.hits("/rate") >= 2, "429, then a retry");
    assert!(
        servers.seen.huge_bytes.load(Ordering::SeqCst) < 16 << 20,
        "read {} bytes of the 1 GB body",
        servers.seen.huge_bytes.load(Ordering::SeqCst)
    );

    expect("/gone-404", "broken", Some("http-4xx"), Some(404));
    expect("/gone-410", "broken", Some("http-4xx"), Some(410));
    expect("/always-500", "broken", Some("http-5xx"), Some(500));
    expect("/loop/a", "broken", Some("redirect-loop"), Some(302));
    expect("/slow", "unreachable", Some("timeout"), None);
    expect("/deep/page", "suspicious", Some("root-redirect"), Some(200));
    expect("/soft", "suspicious", Some("soft-404"), Some(200));
    expect(refused, "unreachable", Some("connection-refused"), None);
    expect(
        "http://recapgraph-test.invalid/page",
        "unreachable",
        Some("dns"),
        None,
    );
    expect(tls, "unreachable", Some("tls"), None);

    let chain = get("/chain/a");
    assert_eq!(chain["outcome"], "redirected");
    assert_eq!(chain["redirect_kind"], "temporary");
    assert_eq!(chain["final_url"], servers.url("/chain/c"));
    assert_eq!(
        chain["redirects"],
        serde_json::json!([servers.url("/chain/a"), servers.url("/chain/b")])
    );
    let moved = get("/moved");
    assert_eq!(moved["outcome"], "redirected");
    assert_eq!(moved["redirect_kind"], "permanent");
    assert_eq!(moved["final_url"], servers.url("/ok"));
}

/// `every_case_gets_its_outcome_and_rdf`: the `rg:LinkCheck`s in the store.
fn check_rdf(cli: &Cli, servers: &Servers, tls: &str) {
    // RDF: one rg:LinkCheck per document (19: two documents share /frag), valid shapes.
    let rows = tsv_rows(&cli.run(
        &[
            "query",
            "-f",
            "tsv",
            "PREFIX rg: <https://w3id.org/recapgraph/ns#>
             SELECT ?doc ?outcome ?status ?kind ?final ?chain ?rk WHERE {
               GRAPH <https://recapgraph.example/linkcheck> {
                 ?c a rg:LinkCheck ; rg:checkedResource ?doc ; rg:outcome ?outcome ;
                    rg:finalUrl ?final .
                 OPTIONAL { ?c rg:httpStatus ?status }
                 OPTIONAL { ?c rg:errorKind ?kind }
                 OPTIONAL { ?c rg:redirectChain ?chain }
                 OPTIONAL { ?c rg:redirectKind ?rk }
               } } ORDER BY ?doc",
        ],
        0,
    ));
    assert_eq!(rows.len(), 19, "{rows:?}");
    let row = |url: &str| {
        rows.iter()
            .find(|r| r[0] == format!("<{url}>"))
            .unwrap_or_else(|| panic!("no check of {url}: {rows:?}"))
            .clone()
    };
    assert_eq!(row(&servers.url("/frag#section-2"))[1], "\"ok\"");
    assert_eq!(row(&servers.url("/frag"))[1], "\"ok\"");
    let chain_row = row(&servers.url("/chain/a"));
    assert_eq!(chain_row[1], "\"redirected\"");
    assert_eq!(chain_row[2], "200");
    assert_eq!(
        chain_row[5],
        format!(
            "\"{} {}\"",
            servers.url("/chain/a"),
            servers.url("/chain/b")
        )
    );
    assert_eq!(chain_row[6], "\"temporary\"");
    let gone = row(&servers.url("/gone-410"));
    assert_eq!(
        (gone[1].as_str(), gone[2].as_str(), gone[3].as_str()),
        ("\"broken\"", "410", "\"http-4xx\"")
    );
    assert_eq!(row(tls)[3], "\"tls\"");
}

/// `every_case_gets_its_outcome_and_rdf`: requests per URL, as stored.
fn check_attempts(cli: &Cli, servers: &Servers) {
    let attempts = tsv_rows(&cli.run(
        &[
            "query",
            "-f",
            "tsv",
            &format!(
                "SELECT ?url ?n WHERE {{ ?c <https://w3id.org/recapgraph/ns#checkedResource> ?d ;
                   <https://w3id.org/recapgraph/ns#attempts> ?n . BIND(STR(?d) AS ?url)
                   FILTER(?url IN (\"{}\", \"{}\", \"{}\")) }} ORDER BY ?url",
                servers.url("/always-500"),
                servers.url("/flaky"),
                servers.url("/rate")
            ),
        ],
        0,
    ));
    let attempts: Vec<&str> = attempts.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(attempts, ["3", "2", "2"], "always-500, flaky, rate");
}

#[test]
fn history_max_age_report_and_queries() {
    let servers = Servers::start();
    let cli = Cli::new();
    ingest_recap(
        &cli,
        &[
            ("the runbook", servers.url("/ok")),
            ("old dashboard", servers.url("/gone-404")),
            ("vendor page", servers.url("/moved")),
            ("status page", servers.url("/soft")),
        ],
    );
    let first = check_json(&cli, &[], 1);
    assert_eq!(first["summary"]["checked"], 4);
    assert_eq!(
        first["summary"]["skipped"], 2,
        "the relative link and the mailto:"
    );

    // Checked less than a day ago: the default --max-age skips them all.
    // Still failing as of its latest check: the exit code stays 1, as a CI gate should.
    let second = check_json(&cli, &[], 1);
    assert_eq!(second["summary"]["checked"], 0);
    assert_eq!(second["summary"]["fresh"], 4);
    assert_eq!(second["summary"]["fresh_failing"], 1);
    assert_eq!(
        second["still_failing"][0]["document"],
        servers.url("/gone-404")
    );
    assert_eq!(second["still_failing"][0]["status"], 404);
    // --force checks again and adds to the history; filters narrow it.
    let third = check_json(&cli, &["--force", "--exclude", "gone"], 0);
    assert_eq!(third["summary"]["checked"], 3);
    assert_eq!(third["summary"]["excluded"], 1);
    let fourth = check_json(&cli, &["--force", "--url-filter", "gone-404$"], 1);
    assert_eq!(fourth["summary"]["checked"], 1);

    let stats: serde_json::Value =
        serde_json::from_str(&cli.run(&["stats", "-f", "json"], 0)).unwrap();
    assert_eq!(stats["link_checks"], 8, "4 + 0 + 3 + 1 checks: {stats}");
    assert_eq!(stats["dead_documents"], 1, "{stats}");

    let history = tsv_rows(&cli.run(
        &[
            "query",
            "link-history",
            "-f",
            "tsv",
            "-p",
            &format!("url={}", servers.url("/gone-404")),
        ],
        0,
    ));
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history
        .iter()
        .all(|r| r[1] == "\"broken\"" && r[2] == "404"));

    let died = tsv_rows(&cli.run(&["query", "links-died", "-f", "tsv"], 0));
    assert_eq!(died.len(), 1, "{died:?}");
    assert_eq!(died[0][0], format!("\"{}\"", servers.url("/gone-404")));
    assert_eq!(died[0][6], "2", "two checks");
    // Documents whose latest check is neither ok nor a redirect, once each, with the
    // meeting citing them (its recap has the same title).
    let broken = tsv_rows(&cli.run(&["query", "broken-links", "-f", "tsv"], 0));
    let summary: Vec<(&str, &str, &str, &str)> = broken
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                format!("\"{}\"", servers.url("/gone-404")).as_str(),
                "\"broken\"",
                "404",
                "\"Infra sync 2026-11-02\""
            ),
            (
                format!("\"{}\"", servers.url("/soft")).as_str(),
                "\"suspicious\"",
                "200",
                "\"Infra sync 2026-11-02\""
            ),
        ]
    );
    // Nothing changed between checks: no outcome changes.
    let changed = tsv_rows(&cli.run(&["query", "links-changed", "-f", "tsv"], 0));
    assert!(changed.is_empty(), "{changed:?}");

    // The report lists the latest non-ok check of each document, by meeting.
    let report: serde_json::Value =
        serde_json::from_str(&cli.run(&["links", "report", "-f", "json"], 0)).unwrap();
    let groups = report.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report:#}");
    assert_eq!(groups[0]["date"], "2026-11-02");
    assert_eq!(groups[0]["source"], "recaps/infra-sync.md");
    let docs = groups[0]["documents"].as_array().unwrap();
    let outcomes: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| {
            (
                d["anchor"].as_str().unwrap(),
                d["outcome"].as_str().unwrap(),
                d["section"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("old dashboard", "broken", "Minutes > Monitoring"),
            ("vendor page", "redirected", "Minutes > Backups"),
            ("status page", "suspicious", "Minutes > Backups"),
        ]
    );
    // "Monitoring" is an altLabel of the example vocabulary's Observability.
    assert_eq!(docs[0]["topics"], serde_json::json!(["Observability"]));

    let table = cli.run(&["links", "report"], 0);
    assert!(table.contains("2026-11-02  Infra sync"), "{table}");
    assert!(table.contains("broken 404"), "{table}");
    let markdown = cli.run(&["links", "report", "-f", "markdown"], 0);
    assert!(
        markdown.contains(&format!(
            "| broken 404 | [old dashboard]({}) |",
            servers.url("/gone-404")
        )),
        "{markdown}"
    );
}

#[test]
fn honest_hosts_cost_one_head_per_page() {
    let servers = Servers::start();
    servers.seen.honest.store(true, Ordering::SeqCst);
    let cli = Cli::new();
    let links: Vec<(&str, String)> = ["/ok", "/chain/c", "/flaky"]
        .iter()
        .map(|p| ("page", servers.url(p)))
        .collect();
    ingest_recap(&cli, &links);
    let json = check_json(&cli, &[], 0);
    assert_eq!(json["summary"]["ok"], 3, "{json:#}");
    // One probe of a page that cannot exist answered 404: titles are not worth a GET here.
    let hits = servers.seen.hits.lock().unwrap().clone();
    let probes: Vec<_> = hits.keys().filter(|p| p.contains("probe")).collect();
    assert_eq!(probes.len(), 1, "{hits:?}");
    assert_eq!(hits["/ok"], 1, "{hits:?}");
    assert_eq!(hits["/chain/c"], 1, "{hits:?}");
    assert_eq!(
        hits["/flaky"], 3,
        "HEAD 500, GET 500, retried HEAD 200: {hits:?}"
    );
}

#[test]
fn per_host_limit_is_never_exceeded() {
    let servers = Servers::start();
    let cli = Cli::new();
    let links: Vec<(&str, String)> = (0..40)
        .map(|i| ("busy", servers.url(&format!("/busy/{i}"))))
        .collect();
    ingest_recap(&cli, &links);
    let json = check_json(&cli, &["--per-host", "3", "--concurrency", "64"], 0);
    assert_eq!(json["summary"]["ok"], 40);
    let max = servers.seen.max_in_flight.load(Ordering::SeqCst);
    assert!(
        max <= 3,
        "{max} requests in flight at once with --per-host 3"
    );
    assert!(
        max >= 2,
        "requests never overlapped ({max}): the limit was not exercised"
    );
}

#[test]
fn bad_options_and_empty_store() {
    let cli = Cli::new();
    let (_, err, code) = cli.output(&["links", "check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no store"), "{err}");
    let recap = cli.write("r.md", b"# Notes 2026-01-01\n\nNo links.\n");
    cli.run(&["ingest", recap.to_str().unwrap()], 0);
    let (_, err, code) = cli.output(&["links", "check", "--accept", "abc"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid status list"), "{err}");
    let (_, err, code) = cli.output(&["links", "check", "--exclude", "("]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid pattern"), "{err}");
    let (_, err, code) = cli.output(&["links", "check", "--max-age", "soon"]);
    assert_eq!(code, 2);
    assert!(err.contains("30m, 12h"), "{err}");
    let (_, err, code) = cli.output(&["links", "check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 checked"), "{err}");
}
