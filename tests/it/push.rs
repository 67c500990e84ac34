//! `recapgraph push` to a real Oxigraph server (`pip install oxigraph`) on 127.0.0.1,
//! directly and through a proxy that stops answering midway.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::server::{enc, http, start_oxigraph};
use crate::support::Cli;

const PER_GRAPH: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";

fn counts(json: &str) -> BTreeMap<String, u64> {
    let v: serde_json::Value = serde_json::from_str(json).expect("results json");
    v["results"]["bindings"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["g"]["value"].as_str().expect("graph").to_owned(),
                row["n"]["value"]
                    .as_str()
                    .and_then(|n| n.parse().ok())
                    .expect("count"),
            )
        })
        .collect()
}

fn local_counts(cli: &Cli) -> BTreeMap<String, u64> {
    counts(&cli.run(&["query", PER_GRAPH, "--format", "json"], 0))
}

fn remote_counts(oxigraph: SocketAddr) -> BTreeMap<String, u64> {
    let r = http(
        oxigraph,
        "GET",
        &format!("/query?query={}", enc(PER_GRAPH)),
        &[("Accept", "application/sparql-results+json")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    counts(&r.body)
}

/// `push` with its exit code and stderr.
fn push(cli: &Cli, endpoint: &str, extra: &[&str]) -> (String, String, i32) {
    let mut args = vec!["push", "--endpoint", endpoint];
    args.extend_from_slice(extra);
    cli.output(&args)
}

/// Copies `data/` into the fixture and ingests the copy (so a test can change files).
fn ingest_copy(cli: &Cli) -> std::path::PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = cli.dir.path().join("recaps");
    crate::support::copy_files(&src, &dir);
    cli.run(&["ingest", dir.to_str().expect("utf-8")], 0);
    dir
}

#[test]
fn push_sends_every_graph_then_only_changes() {
    let cli = Cli::new();
    let dir = ingest_copy(&cli);
    let local = local_counts(&cli);
    assert!(
        local.len() >= 8,
        "source graphs + vocabulary + identity: {local:?}"
    );
    let remote_dir = tempfile::tempdir().expect("tmp");
    let (_oxigraph, addr) = start_oxigraph(remote_dir.path());
    let endpoint = format!("http://{addr}/store");

    // --dry-run lists every graph and sends nothing.
    let (out, err, code) = push(&cli, &endpoint, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), local.len(), "{out}");
    assert!(
        out.lines()
            .all(|l| l.starts_with("PUT\t") && l.ends_with("\tnew")),
        "{out}"
    );
    assert!(remote_counts(addr).is_empty());

    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("pushed {} graphs", local.len())),
        "{err}"
    );
    assert_eq!(remote_counts(addr), local);
    assert!(
        cli.dir.path().join("store.db.push.json").is_file(),
        "the push state lives beside the store"
    );

    // Nothing changed: nothing sent.
    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("pushed 0 graphs") && err.contains(&format!("{} unchanged", local.len())),
        "{err}"
    );

    // One recap changes: one graph is sent, and the counts still match.
    let file = dir.join("riverbend-2024-04-02.md");
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str("\nSee also [the new notes](https://notes.example.org/riverbend/extra).\n");
    std::fs::write(&file, text).expect("write");
    cli.run(&["ingest", dir.to_str().expect("utf-8")], 0);
    let local = local_counts(&cli);
    let (out, _, _) = push(&cli, &endpoint, &["--dry-run"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("riverbend-2024-04-02.md\t") && out.contains("\tchanged"),
        "{out}"
    );
    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("pushed 1 graphs"), "{err}");
    assert_eq!(remote_counts(addr), local);

    // --all sends everything again; a re-push replaces, never duplicates.
    let (_, err, code) = push(&cli, &endpoint, &["--all"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("pushed {} graphs", local.len())),
        "{err}"
    );
    assert_eq!(remote_counts(addr), local);

    // Recaps deleted and pruned: their graphs are deleted remotely, and so is their
    // series' identity graph (the one-word names it links were all in those recaps).
    std::fs::remove_file(dir.join("riverbend-2024-05-07.md")).expect("rm");
    std::fs::remove_file(dir.join("riverbend-2024-07-02.md")).expect("rm");
    cli.run(&["ingest", "--prune", dir.to_str().expect("utf-8")], 0);
    let before = local;
    let local = local_counts(&cli);
    let gone: Vec<&String> = before.keys().filter(|g| !local.contains_key(*g)).collect();
    assert!(
        gone.len() == 3
            && gone.iter().any(|g| g.ends_with("riverbend-2024-05-07.md"))
            && gone.iter().any(|g| g.ends_with("riverbend-2024-07-02.md"))
            && gone.iter().any(|g| g.contains("/graph/identity/")),
        "{gone:?}"
    );
    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 removed"), "{err}");
    assert_eq!(remote_counts(addr), local);

    // Not a Graph Store endpoint: each graph fails with the server's answer, exit 1.
    let (_, err, code) = push(
        &cli,
        &format!("http://{addr}/no-such-path"),
        &["--retries", "0"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("404") || err.contains("405"), "{err}");
}

/// A proxy to `upstream` that answers `limit` requests, then closes its port (a server
/// that dies midway). Records each request's head.
struct Proxy {
    addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
}

fn start_proxy(bind: SocketAddr, upstream: SocketAddr, limit: usize) -> Proxy {
    let listener = TcpListener::bind(bind).expect("proxy binds");
    let addr = listener.local_addr().expect("addr");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    std::thread::spawn(move || {
        for (served, conn) in listener.incoming().enumerate() {
            let Ok(mut client) = conn else { continue };
            if served >= limit {
                return; // drops the connection and the listener: connection refused from now on
            }
            let Some((head, body)) = read_request(&mut client) else {
                continue;
            };
            seen.lock().expect("lock").push(head.clone());
            let head = head.replacen("\r\n", "\r\nConnection: close\r\n", 1);
            let Ok(mut up) = TcpStream::connect(upstream) else {
                return;
            };
            let _ = up.write_all(head.as_bytes());
            let _ = up.write_all(&body);
            let mut resp = Vec::new();
            let _ = up.read_to_end(&mut resp);
            let text = String::from_utf8_lossy(&resp).into_owned();
            let resp = text.replacen("\r\n", "\r\nConnection: close\r\n", 1);
            let _ = client.write_all(resp.as_bytes());
        }
    });
    Proxy { addr, heads }
}

/// Reads one request: its head (without `Connection` headers) and its body.
fn read_request(s: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut byte = [0_u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0_u8; len];
    s.read_exact(&mut body).ok()?;
    let head: String = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n");
    Some((head, body))
}

#[test]
fn a_push_cut_off_midway_names_what_was_not_sent_and_a_rerun_completes_it() {
    let cli = Cli::new();
    ingest_copy(&cli);
    let local = local_counts(&cli);
    let remote_dir = tempfile::tempdir().expect("tmp");
    let (_oxigraph, upstream) = start_oxigraph(remote_dir.path());

    let proxy = start_proxy("127.0.0.1:0".parse().expect("addr"), upstream, 3);
    let endpoint = format!("http://{}/store", proxy.addr);
    let token = ["--token", "push-secret-token", "--retries", "1"];
    let (_, err, code) = push(&cli, &endpoint, &token);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("stopped answering"), "{err}");
    assert!(
        err.contains(&format!("{} graphs not sent", local.len() - 3)),
        "{err}"
    );
    assert!(err.contains("pushed 3 graphs"), "{err}");
    let after_cut = remote_counts(upstream);
    assert_eq!(after_cut.len(), 3);
    for (g, n) in &after_cut {
        assert_eq!(local.get(g), Some(n), "{g}");
        assert!(!err.contains(&format!("  {g}\n")), "{g} was sent");
    }
    let heads = proxy
        .heads
        .lock()
        .expect("lock")
        .join("\n")
        .to_ascii_lowercase();
    assert!(
        heads.contains("authorization: bearer push-secret-token"),
        "{heads}"
    );
    assert!(
        heads.contains("content-type: application/n-triples"),
        "{heads}"
    );

    // The server is back on the same address: the re-run sends only what is missing.
    let _proxy = start_proxy(proxy.addr, upstream, usize::MAX);
    let (_, err, code) = push(&cli, &endpoint, &token);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("pushed {} graphs", local.len() - 3)) && err.contains("3 unchanged"),
        "{err}"
    );
    assert_eq!(remote_counts(upstream), local);
}

#[test]
fn a_recap_graph_edited_by_an_update_is_pushed_again() {
    let cli = Cli::new();
    ingest_copy(&cli);
    let remote_dir = tempfile::tempdir().expect("tmp");
    let (_oxigraph, addr) = start_oxigraph(remote_dir.path());
    let endpoint = format!("http://{addr}/store");
    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");

    // Edit one recap's graph through `serve --allow-update`, then stop the server (it
    // holds the store).
    let token = "0123456789abcdef-test";
    let graph = "https://recapgraph.example/source/recaps/riverbend-2024-04-02.md";
    {
        let (_serve, serve_addr) =
            crate::server::start_serve(&cli.store(), &["--allow-update", "--update-token", token]);
        // A new headline: the graph keeps its size, so only its stamp tells.
        let update = format!(
            "PREFIX s: <http://schema.org/> DELETE {{ GRAPH <{graph}> {{ ?r s:headline ?h }} }} INSERT {{ GRAPH <{graph}> {{ ?r s:headline \"edited on the server\" }} }} WHERE {{ GRAPH <{graph}> {{ ?r s:headline ?h }} }}"
        );
        crate::server::post_update(serve_addr, token, &update);
    }

    // Exactly that graph is sent again, and the remote then holds the edit.
    let (out, err, code) = push(&cli, &endpoint, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains(graph) && out.contains("\tchanged"), "{out}");
    let (_, err, code) = push(&cli, &endpoint, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("pushed 1 graphs"), "{err}");
    assert_eq!(remote_counts(addr), local_counts(&cli));
    let ask = enc("ASK { GRAPH ?g { ?r <http://schema.org/headline> \"edited on the server\" } }");
    let r = http(
        addr,
        "GET",
        &format!("/query?query={ask}"),
        &[("Accept", "application/sparql-results+json")],
        b"",
    );
    assert!(r.body.contains("true"), "{}", r.body);
}
