//! `recapgraph serve`: the SPARQL 1.1 Protocol endpoint, checked with independent
//! clients (Python's SPARQLWrapper and rdflib) and raw HTTP requests.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::server::{enc, http, post_update, start_serve};
use crate::support::Cli;

/// A CLI fixture with `data/` ingested.
fn ingested() -> Cli {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    cli
}

/// Rows of SPARQL Results JSON as sorted `{var: [type, value]}` strings (ties in ORDER BY
/// may come in either order; `typed-literal` is the old name of `literal`).
fn rows(bindings: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = bindings
        .as_array()
        .expect("a list of rows")
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row
                .as_object()
                .expect("a row object")
                .iter()
                .map(|(k, v)| {
                    let kind = v["type"].as_str().unwrap_or_default();
                    let kind = if kind == "typed-literal" {
                        "literal"
                    } else {
                        kind
                    };
                    format!("{k}={kind}:{}", v["value"].as_str().unwrap_or_default())
                })
                .collect();
            cells.sort();
            cells.join("\t")
        })
        .collect();
    out.sort();
    out
}

fn python_rows(endpoint: &str, query_file: &Path, client: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/sparql_client.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(endpoint)
        .arg(query_file)
        .arg(client)
        .output()
        .expect("python3 runs (scripts/setup.sh installs SPARQLWrapper and rdflib)");
    assert!(
        out.status.success(),
        "{client} failed on {}: {}",
        query_file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    rows(&serde_json::from_slice(&out.stdout).expect("json from the client"))
}

fn count_of(resp: &crate::server::Response) -> u64 {
    let v: serde_json::Value = serde_json::from_str(&resp.body).expect("results json");
    v["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a count in {}", resp.body))
}

fn get_query(addr: SocketAddr, query: &str, accept: &str) -> crate::server::Response {
    http(
        addr,
        "GET",
        &format!("/sparql?query={}", enc(query)),
        &[("Accept", accept)],
        b"",
    )
}

/// Waits until `done`, failing with `what` and the server's stderr after
/// [`crate::server::READY`].
fn wait_for(serve: &crate::server::Guard, what: &str, done: &dyn Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < crate::server::READY,
            "{what}: not within {:?}:\n{}",
            crate::server::READY,
            serve.stderr_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Replaces `from` by `to` (the same length) in the file at `path`; returns its
/// modification time from before, for a test to put back.
fn same_length_edit(path: &Path, from: &str, to: &str) -> std::time::SystemTime {
    assert_eq!(from.len(), to.len());
    let stamp = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, text.replace(from, to)).expect("write the same length");
    stamp
}

/// Sets the modification time of the file at `path`.
fn set_modified(path: &Path, t: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .expect("set the modification time");
}

#[test]
fn named_queries_over_http_give_the_same_rows_as_the_cli() {
    let cli = ingested();
    let queries: Vec<_> = recapgraph::query::named_queries();
    let mut expected = Vec::new();
    for q in &queries {
        let json = cli.run(&["query", q.name, "--format", "json"], 0);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let file = cli.write(&format!("{}.rq", q.name), q.text.as_bytes());
        expected.push((q.name, file, rows(&v["results"]["bindings"])));
    }
    assert!(
        expected.iter().filter(|(_, _, r)| !r.is_empty()).count() >= 10,
        "most named queries have rows on data/"
    );
    let (_serve, addr) = start_serve(&cli.store(), &[]);
    let endpoint = format!("http://{addr}/sparql");
    for (name, file, want) in &expected {
        let got = python_rows(&endpoint, file, "sparqlwrapper");
        assert_eq!(&got, want, "SPARQLWrapper: {name}");
    }
    for (name, file, want) in expected
        .iter()
        .filter(|(n, _, _)| ["meetings", "people-by-meetings", "topics-together"].contains(n))
    {
        let got = python_rows(&endpoint, file, "rdflib");
        assert_eq!(&got, want, "rdflib SPARQLStore: {name}");
    }
}

#[test]
fn protocol_status_codes_and_content_negotiation() {
    let cli = ingested();
    let source = cli.run(
        &[
            "query",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?g a <https://w3id.org/recapgraph/ns#SourceFile> } GROUP BY ?g ORDER BY DESC(?n) LIMIT 1",
            "--format",
            "tsv",
        ],
        0,
    );
    let row = crate::support::tsv_rows(&source).remove(0);
    let graph = row[0].trim_matches(['<', '>']).to_owned();
    let graph_triples: u64 = row[1]
        .split('"')
        .nth(1)
        .unwrap_or(&row[1])
        .parse()
        .expect("a count");
    let (serve, addr) = start_serve(&cli.store(), &[]);

    // A bad query: 400 with the parser's line and column.
    let r = get_query(addr, "SELECT ?x WHERE { ?x ?y }", "*/*");
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("invalid SPARQL query") && r.body.contains("1:"),
        "{}",
        r.body
    );
    // No query at all; a body type nobody can read; a page that does not exist.
    assert_eq!(http(addr, "GET", "/sparql", &[], b"").status, 400);
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[("Content-Type", "image/png")],
        b"x",
    );
    assert_eq!(r.status, 415, "{}", r.body);
    assert_eq!(http(addr, "GET", "/nothing-here", &[], b"").status, 404);
    // DNS rebinding: a page whose domain now resolves to 127.0.0.1 sends its own Host.
    let r = http(
        addr,
        "GET",
        &format!("/sparql?query={}", enc("ASK {}")),
        &[("Host", "rebound.example:7878")],
        b"",
    );
    assert_eq!(r.status, 403, "{}", r.body);

    // SELECT in every results format; GET, form POST and sparql-query POST agree.
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let r = get_query(addr, count, "application/sparql-results+json");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/sparql-results+json")
    );
    let all = count_of(&r);
    assert!(all > 1000, "{all}");
    let form = format!("query={}", enc(count));
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_eq!(count_of(&r), all);
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        count.as_bytes(),
    );
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/csv")));
    assert_eq!(r.body.trim(), format!("n\r\n{all}").trim());
    let r = get_query(addr, count, "text/tab-separated-values");
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/tab-separated-values")));
    assert!(r.body.starts_with("?n\n"), "{}", r.body);
    let r = get_query(addr, count, "application/sparql-results+xml");
    assert_eq!(
        r.header("content-type"),
        Some("application/sparql-results+xml")
    );
    assert!(r.body.contains("<sparql"), "{}", r.body);
    let r = get_query(addr, "ASK { ?s ?p ?o }", "application/sparql-results+json");
    assert!(r.body.contains("\"boolean\":true"), "{}", r.body);
    let r = get_query(addr, count, "image/png");
    assert_eq!(r.status, 406, "{}", r.body);
    assert!(
        r.body.contains("text/csv"),
        "406 lists what is offered: {}",
        r.body
    );

    // CONSTRUCT in every RDF format; N-Triples has one line per triple.
    let construct = format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let r = get_query(addr, &construct, "application/n-triples");
    assert_eq!(r.header("content-type"), Some("application/n-triples"));
    assert_eq!(r.body.lines().count() as u64, graph_triples);
    for (accept, marker) in [
        ("text/turtle", "@prefix"),
        ("application/n-quads", " .\n"),
        ("application/trig", "@prefix"),
        ("application/ld+json", "\"@id\""),
        ("application/rdf+xml", "<rdf:RDF"),
    ] {
        let r = get_query(addr, &construct, accept);
        assert_eq!(r.status, 200, "{accept}: {}", r.body);
        assert_eq!(r.header("content-type"), Some(accept));
        assert!(r.body.contains(marker), "{accept}: {}", r.body);
    }
    let r = get_query(addr, &construct, "*/*");
    assert_eq!(r.header("content-type"), Some("text/turtle"));

    // default-graph-uri / named-graph-uri replace the union.
    let r = http(
        addr,
        "GET",
        &format!(
            "/sparql?query={}&default-graph-uri={}",
            enc(count),
            enc(&graph)
        ),
        &[],
        b"",
    );
    assert_eq!(count_of(&r), graph_triples);
    let named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let r = http(
        addr,
        "GET",
        &format!(
            "/sparql?query={}&named-graph-uri={}",
            enc(named),
            enc(&graph)
        ),
        &[],
        b"",
    );
    assert_eq!(count_of(&r), 1);
    let r = http(
        addr,
        "GET",
        &format!(
            "/sparql?query={}&default-graph-uri=not%20an%20iri",
            enc(count)
        ),
        &[],
        b"",
    );
    assert_eq!(r.status, 400, "{}", r.body);

    // SERVICE is refused, and the server fetches nothing.
    let trap = TcpListener::bind("127.0.0.1:0").expect("trap");
    trap.set_nonblocking(true).expect("nonblocking");
    let service = format!(
        "SELECT * WHERE {{ SERVICE <http://{}/sparql> {{ ?s ?p ?o }} }}",
        trap.local_addr().expect("addr")
    );
    let r = get_query(addr, &service, "*/*");
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("SERVICE is not allowed"), "{}", r.body);
    assert!(
        trap.accept().is_err(),
        "the endpoint connected to the SERVICE URL"
    );

    // Read-only: updates are refused.
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-update")],
        b"CLEAR ALL",
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let r = get_query(addr, count, "*/*");
    assert_eq!(count_of(&r), all, "nothing was cleared");

    // The page and the picture.
    let r = http(addr, "GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("people-by-meetings") && r.body.contains("/topics.svg"));
    let r = http(addr, "GET", "/topics.svg", &[], b"");
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert!(r.body.contains("<svg") && r.body.contains("Configuration Management"));

    // Every request is in the access log.
    let log = serve.stderr_with(&["\"GET /topics.svg\" 200", "\"POST /sparql\" 403"]);
    assert!(log.contains("\"GET /topics.svg\" 200"), "{log}");
    assert!(log.contains("\"POST /sparql\" 403"), "{log}");
}

#[test]
fn updates_need_allow_update_and_the_token() {
    let cli = ingested();
    // --allow-update alone, or with a short token, does not start.
    let (_, err, code) = cli.output(&["serve", "--allow-update"]);
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = cli.output(&["serve", "--allow-update", "--update-token", "short"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least 16"), "{err}");

    let token = "0123456789abcdef-test";
    let (_serve, addr) = start_serve(&cli.store(), &["--allow-update", "--update-token", token]);
    let insert = b"INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> \"added\" } }";
    let ask = "ASK { <urn:x:s> <urn:x:p> \"added\" }";
    let typed = ("Content-Type", "application/sparql-update");
    let r = http(addr, "POST", "/sparql", &[typed], insert);
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[typed, ("Authorization", "Bearer wrong-token-0123456789")],
        insert,
    );
    assert_eq!(r.status, 401);
    assert!(get_query(addr, ask, "*/*").body.contains("false"));
    let bearer = format!("Bearer {token}");
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[typed, ("Authorization", &bearer)],
        insert,
    );
    assert_eq!(r.status, 204, "{}", r.body);
    assert!(get_query(addr, ask, "*/*").body.contains("true"));
    // A form update with a syntax error is a 400.
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", &bearer),
        ],
        format!("update={}", enc("INSERT DATA { oops")).as_bytes(),
    );
    assert_eq!(r.status, 400, "{}", r.body);
}

/// Every node reaches every other through any predicate, either way: the engine reads
/// the store for each step of each of ~N² paths, far beyond one second on data/.
const HEAVY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x:none>|^!<urn:x:none>)* ?b . ?b (!<urn:x:none>|^!<urn:x:none>)* ?c }";

#[test]
fn a_query_over_the_time_limit_is_stopped() {
    let cli = ingested();
    let (serve, addr) = start_serve(&cli.store(), &["--query-timeout", "1"]);
    let start = Instant::now();
    let r = get_query(addr, HEAVY, "application/sparql-results+json");
    let took = start.elapsed();
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("time limit of 1s"), "{}", r.body);
    assert!(
        took < Duration::from_secs(60),
        "the answer came after {took:?}, not at the limit"
    );
    // The endpoint still answers, and the stopped query frees its slot.
    for _ in 0..3 {
        let r = get_query(addr, "ASK { ?s ?p ?o }", "*/*");
        assert_eq!(r.status, 200, "{}\n{}", r.body, serve.stderr_text());
    }
}

#[test]
fn results_over_the_size_limit_are_refused() {
    let cli = ingested();
    let (_serve, addr) = start_serve(&cli.store(), &["--max-result-bytes", "2000"]);
    let r = get_query(addr, "SELECT * WHERE { ?s ?p ?o }", "*/*");
    assert_eq!(r.status, 500, "{}", r.body);
    assert!(
        r.body.contains("larger than the limit of 2000 bytes"),
        "{}",
        r.body
    );
    let r = get_query(addr, "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "*/*");
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn serve_holds_the_store_and_stops_on_ctrl_c() {
    let cli = ingested();
    let (mut serve, addr) = start_serve(&cli.store(), &[]);
    // Other commands run through it (tests/it/hub.rs); a second server cannot open it.
    let (_, err, code) = cli.output(&["serve", "--bind", "127.0.0.1:0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("in use by another recapgraph process"),
        "{err}"
    );
    assert_eq!(get_query(addr, "ASK {}", "*/*").status, 200);
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.stderr_text());
    assert!(serve.stderr_with(&["stopped"]).contains("stopped"));
    // The lock is released.
    cli.run(&["stats"], 0);
}

#[test]
fn cors_is_opt_in() {
    let cli = ingested();
    let (serve, addr) = start_serve(&cli.store(), &[]);
    let r = get_query(addr, "ASK {}", "*/*");
    assert_eq!(r.header("access-control-allow-origin"), None);
    drop(serve);
    let (_serve, addr) = start_serve(&cli.store(), &["--cors"]);
    let r = http(
        addr,
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "https://yasgui.example"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-allow-headers")
        .is_some_and(|h| h.contains("Content-Type")));
    let r = get_query(addr, "ASK {}", "*/*");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

/// `serve --watch`: the endpoint serves a store that a background ingest keeps up to
/// date. A new recap appears; a changed one is swapped in place, so a client asking for
/// its graph all through the change always finds it; a broken one is reported and the
/// rest go on; with --prune a deleted one goes. The store need not exist beforehand.
#[test]
fn serve_watch_keeps_the_store_up_to_date_while_serving() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().expect("tmp");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let copy = |name: &str| {
        std::fs::copy(data.join(name), dir.path().join(name)).expect("copy a recap");
    };
    copy("2024-01-18-january-meetup.md");
    copy("riverbend-2024-04-02.md");
    let dir_s = dir.path().to_str().expect("utf-8");
    let (mut serve, addr) = start_serve(
        &cli.store(),
        &["--watch", dir_s, "--watch-every", "1", "--prune"],
    );
    let json = "application/sparql-results+json";
    let files = || {
        count_of(&get_query(
            addr,
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://w3id.org/recapgraph/ns#SourceFile> } }",
            json,
        ))
    };
    wait_for(&serve, "the first round", &|| files() == 2);

    // A new recap appears.
    copy("2024-02-15-february-meetup.md");
    wait_for(&serve, "the new recap", &|| files() == 3);

    // A changed recap: its graph is there at every moment of the swap.
    let graph_of = |file: &str| -> String {
        let r = get_query(
            addr,
            &format!(
                "SELECT ?g WHERE {{ GRAPH ?g {{ ?g <https://w3id.org/recapgraph/ns#sourcePath> ?p FILTER(STRENDS(?p, \"/{file}\")) }} }}"
            ),
            json,
        );
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        v["results"]["bindings"][0]["g"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("a graph for {file} in {}", r.body))
            .to_owned()
    };
    let january = graph_of("2024-01-18-january-meetup.md");
    let marker = "https://changed.example.org/agenda";
    let has_marker =
        format!("ASK {{ GRAPH <{january}> {{ ?d <http://schema.org/url> \"{marker}\" }} }}");
    let present = format!("ASK {{ GRAPH <{january}> {{ <{january}> ?p ?o }} }}");
    let ask = |q: &str| get_query(addr, q, json).body.contains("true");
    let path = dir.path().join("2024-01-18-january-meetup.md");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str(&format!("\nThe changed agenda is at <{marker}>.\n"));
    std::fs::write(&path, text).expect("change the recap");
    let start = Instant::now();
    while !ask(&has_marker) {
        assert!(
            ask(&present),
            "the changed recap's graph was missing mid-swap"
        );
        assert!(
            start.elapsed() < crate::server::READY,
            "the change never arrived"
        );
    }
    assert_eq!(files(), 3);

    // A broken recap is reported by name and line; the others stay.
    std::fs::write(
        dir.path().join("broken.md"),
        "---\ntitle: [unclosed\n---\nText\n",
    )
    .expect("write");
    let err = serve.stderr_with(&["watch: error:", "broken.md"]);
    assert!(
        err.contains("broken.md:3: broken YAML front matter"),
        "{err}"
    );
    assert_eq!(files(), 3);
    // Reported once, not again every round it stays broken.
    std::thread::sleep(Duration::from_millis(2500));
    let reports = serve.stderr_text().matches("watch: error").count();
    assert_eq!(reports, 1, "{}", serve.stderr_text());

    // A quiet round only looks at sizes and modification times: new content of the same
    // length under the old time is not read; a new time is.
    let headline = |h: &str| {
        ask(&format!(
            "ASK {{ ?r <http://schema.org/headline> \"{h}\" }}"
        ))
    };
    assert!(headline("February 2024 meetup recap"));
    let february = dir.path().join("2024-02-15-february-meetup.md");
    let stamp = same_length_edit(
        &february,
        "February 2024 meetup recap",
        "Fevrier! 2024 meetup recap",
    );
    set_modified(&february, stamp);
    std::thread::sleep(Duration::from_millis(2500));
    assert!(
        headline("February 2024 meetup recap"),
        "read although size and time were the same"
    );
    set_modified(&february, std::time::SystemTime::now());
    wait_for(&serve, "the touched recap", &|| {
        headline("Fevrier! 2024 meetup recap")
    });

    // --prune: a deleted recap's graph goes.
    std::fs::remove_file(dir.path().join("riverbend-2024-04-02.md")).expect("delete");
    wait_for(&serve, "the deleted recap to go", &|| files() == 2);
    assert!(serve.stderr_text().contains("recaps ingested"));
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.stderr_text());
    assert!(serve.stderr_with(&["stopped"]).contains("stopped"));
}

/// `serve --watch` with `--allow-update`: SPARQL updates and watch rounds write the same
/// store at once. Oxigraph commits each as one RocksDB write batch (no conflict errors,
/// no retries), so every update answers 204 and stays, and every round lands: the notes
/// a client inserts all the while are all there at the end, and so is each version of
/// the recap that changed under them, with no round reporting an error.
#[test]
fn serve_watch_and_updates_write_at_once() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().expect("tmp");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in ["2024-01-18-january-meetup.md", "riverbend-2024-04-02.md"] {
        std::fs::copy(data.join(name), dir.path().join(name)).expect("copy a recap");
    }
    let token = "0123456789abcdef-watch";
    let (mut serve, addr) = start_serve(
        &cli.store(),
        &[
            "--watch",
            dir.path().to_str().expect("utf-8"),
            "--watch-every",
            "1",
            "--allow-update",
            "--update-token",
            token,
        ],
    );
    let json = "application/sparql-results+json";
    let count = |q: &str| count_of(&get_query(addr, q, json));
    let files_q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://w3id.org/recapgraph/ns#SourceFile> } }";
    let start = Instant::now();
    while count(files_q) != 2 {
        assert!(
            start.elapsed() < crate::server::READY,
            "{}",
            serve.stderr_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A client inserts notes, one update each, for as long as the recap keeps changing.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut sent = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || sent < 20 {
                post_update(
                    addr,
                    token,
                    &format!("INSERT DATA {{ GRAPH <urn:x:notes> {{ <urn:x:note:{sent}> <urn:x:says> \"note {sent}\" }} }}"),
                );
                sent += 1;
            }
            sent
        })
    };
    let path = dir.path().join("2024-01-18-january-meetup.md");
    let original = std::fs::read_to_string(&path).expect("read");
    for version in 1..=4 {
        let marker = format!("https://changed.example.org/v{version}");
        std::fs::write(
            &path,
            format!("{original}\nAgenda v{version}: <{marker}>.\n"),
        )
        .expect("change the recap");
        let has = format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?d <http://schema.org/url> \"{marker}\" }} }}"
        );
        let start = Instant::now();
        while count(&has) == 0 {
            assert!(
                start.elapsed() < crate::server::READY,
                "version {version} never arrived: {}",
                serve.stderr_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let sent = writer.join().expect("the update client");

    // Every note, the last version only, both recaps, and no round failed.
    assert_eq!(
        count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:notes> { ?s <urn:x:says> ?o } }"),
        sent
    );
    assert_eq!(
        count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d <http://schema.org/url> ?u FILTER(STRSTARTS(?u, \"https://changed.example.org/\")) } }"),
        1
    );
    assert_eq!(count(files_q), 2);
    assert_eq!(serve.interrupt(), Some(0), "{}", serve.stderr_text());
    let err = serve.stderr_text();
    assert!(!err.contains("error"), "{err}");
}

/// The page's picture is drawn once and kept while the store stays as it was; an
/// update (like a `--watch` round) makes the next request draw it again, with the change.
#[test]
fn the_page_picture_is_drawn_once_per_store_change() {
    let cli = ingested();
    let token = "0123456789abcdef-picture";
    let (serve, addr) = start_serve(&cli.store(), &["--allow-update", "--update-token", token]);
    let picture = || {
        let r = http(addr, "GET", "/topics.svg", &[], b"");
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    };
    // Draws so far, read once the access log shows `requests` picture requests: each
    // request's draw line comes before its access line.
    let drawn = |requests: usize| {
        let start = Instant::now();
        loop {
            let err = serve.stderr_text();
            if err.matches("\"GET /topics.svg\" 200").count() >= requests {
                return err.matches("drew the topic picture").count();
            }
            assert!(start.elapsed() < crate::server::READY, "{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let first = picture();
    assert!(first.contains("<svg"));
    assert!(!first.contains("Zebra crossings"));
    assert_eq!(picture(), first);
    assert_eq!(drawn(2), 1, "{}", serve.stderr_text());

    let update = "PREFIX rg: <https://w3id.org/recapgraph/ns#> PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> \
        INSERT DATA { GRAPH <urn:x:extra> { <urn:x:m> a rg:Meeting ; schema:startDate \"2024-05-05\" ; schema:about <urn:x:t> . <urn:x:t> skos:prefLabel \"Zebra crossings\" } }";
    post_update(addr, token, update);
    assert!(picture().contains("Zebra crossings"));
    assert_eq!(drawn(3), 2, "{}", serve.stderr_text());
    picture();
    assert_eq!(drawn(4), 2, "{}", serve.stderr_text());
}

/// `--watch-rehash`: a round every so often reads and hashes every file, so an edit that
/// kept the size and modification time is picked up, and a recap's graph that an update
/// dropped comes back.
#[test]
fn serve_watch_rehash_rounds_catch_what_stat_cannot() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().expect("tmp");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let name = "2024-02-15-february-meetup.md";
    std::fs::copy(data.join(name), dir.path().join(name)).expect("copy a recap");
    let token = "0123456789abcdef-rehash";
    let (serve, addr) = start_serve(
        &cli.store(),
        &[
            "--watch",
            dir.path().to_str().expect("utf-8"),
            "--watch-every",
            "1",
            "--watch-rehash",
            "2",
            "--allow-update",
            "--update-token",
            token,
        ],
    );
    let json = "application/sparql-results+json";
    let ask = |q: &str| get_query(addr, q, json).body.contains("true");
    let headline = |h: &str| {
        ask(&format!(
            "ASK {{ ?r <http://schema.org/headline> \"{h}\" }}"
        ))
    };
    wait_for(&serve, "the first round", &|| {
        headline("February 2024 meetup recap")
    });

    // Same length, same modification time: only a rehash round reads it.
    let path = dir.path().join(name);
    let stamp = same_length_edit(
        &path,
        "February 2024 meetup recap",
        "Fevrier! 2024 meetup recap",
    );
    set_modified(&path, stamp);
    wait_for(&serve, "the rehash round", &|| {
        headline("Fevrier! 2024 meetup recap")
    });

    // A recap's graph dropped by an update comes back.
    let r = get_query(
        addr,
        "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/recapgraph/ns#SourceFile> } }",
        json,
    );
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let graph = v["results"]["bindings"][0]["g"]["value"]
        .as_str()
        .expect("the recap's graph")
        .to_owned();
    post_update(addr, token, &format!("DROP GRAPH <{graph}>"));
    assert!(!headline("Fevrier! 2024 meetup recap"));
    wait_for(&serve, "the dropped graph to come back", &|| {
        headline("Fevrier! 2024 meetup recap")
    });
}
