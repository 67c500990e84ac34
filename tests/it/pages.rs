//! The browsable pages of `recapgraph serve`: every minted IRI resolves (through
//! `/resource?iri=`, or at its own path when `--base` is the server's URL) to HTML for a
//! browser and to RDF by content negotiation (read back by rdflib); what the meeting,
//! person, topic and document pages of the fictional seed show; link-check history from
//! a real `links check` against a server started here; and hostile recap text shown as
//! text on every page. Chromium drives the same pages in `browser.rs`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::server::{enc, free_port, http, start_serve, wait_for_port, Guard, Response};
use crate::support::{fixtures, Cli};

pub const SEED_MEETING: &str =
    "https://recapgraph.example/meeting/2019-05-30-wrap-up-of-may-2019-prairiestack-meeting";
pub const NADIA: &str = "https://recapgraph.example/person/nadia-okafor-lund";
pub const CONFIG_TOPIC: &str = "https://recapgraph.example/topic/configuration-management";
const PYINFRA: &str = "https://pyinfra.example.org/";

/// A store with `folder` (under `tests/fixtures/`) ingested with the example vocabulary.
pub fn ingested(folder: &str) -> Cli {
    let cli = Cli::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let vocabulary = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/examples/topics.ttl");
    cli.run(
        &[
            "ingest",
            "--vocabulary",
            vocabulary,
            path.to_str().expect("utf-8"),
        ],
        0,
    );
    cli
}

/// `GET` of a resource's page as a browser asks for it.
pub fn page(addr: SocketAddr, iri: &str) -> Response {
    get(
        addr,
        &format!("/resource?iri={}", enc(iri)),
        "text/html,*/*;q=0.8",
    )
}

fn get(addr: SocketAddr, target: &str, accept: &str) -> Response {
    http(addr, "GET", target, &[("Accept", accept)], b"")
}

/// An HTML answer's body, after checking its status and security headers.
fn html_ok(r: &Response, what: &str) -> String {
    assert_eq!(r.status, 200, "{what}: {}", r.body);
    assert_eq!(
        r.header("content-type"),
        Some("text/html; charset=utf-8"),
        "{what}"
    );
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{what}: {csp}"
    );
    r.body.clone()
}

/// The `href`s of a page, entities decoded.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| {
            h.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The position of `needle` in `haystack`, failing with the page.
fn at(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not on the page:\n{haystack}"))
}

fn resource_href(iri: &str) -> String {
    format!("/resource?iri={}", enc(iri))
}

#[test]
fn the_seed_meeting_person_topic_and_document_pages_show_the_recap() {
    let cli = ingested("recaps/seed");
    // Read before serving: the server holds the store.
    let stored = cli.run(
        &[
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://recapgraph.example/source/seed/wrap-up-may-2019.txt> { ?s ?p ?o } }",
            "--format",
            "json",
        ],
        0,
    );
    let stored: serde_json::Value = serde_json::from_str(&stored).expect("json");
    let stored: usize = stored["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let (_serve, addr) = start_serve(&cli.store(), &[]);

    let meeting = html_ok(&page(addr, SEED_MEETING), "meeting");
    at(
        &meeting,
        "<h1>Wrap up of May 2019 PrairieStack Meeting</h1>",
    );
    at(&meeting, "2019-05-30");
    for name in [
        "Nadia Okafor-Lund",
        "Ruben van Tassel",
        "Bram Oosterhuis",
        "Yara Haddadi",
    ] {
        at(&meeting, &format!(">{name}</a>"));
    }
    assert!(meeting.contains("9 attendees"), "{meeting}");
    // The agenda in order, procedural items marked, each topic linked.
    let items = [
        "Configuration management",
        "Learning how to contribute code to OpenStack",
        "Updating OpenStack releases",
        "Next meeting",
    ];
    let agenda = &meeting[at(&meeting, "id=\"agenda\"")..];
    let places: Vec<usize> = items
        .iter()
        .map(|i| at(agenda, &format!("<span class=\"item-name\">{i}</span>")))
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{places:?}");
    assert!(agenda.contains("procedural"), "Next meeting is procedural");
    let links = hrefs(&meeting);
    for iri in [NADIA, CONFIG_TOPIC, PYINFRA] {
        assert!(
            links.contains(&resource_href(iri)),
            "no link to {iri}: {links:?}"
        );
    }
    // The document under its item, with its link text and an external link.
    at(agenda, ">Pyinfra</a>");
    assert!(links.iter().any(|h| h == PYINFRA), "{links:?}");
    // The source file and its graph, which rdflib reads whole.
    at(&meeting, "seed/wrap-up-may-2019.txt");
    let graph = links
        .iter()
        .find(|h| h.starts_with("/graph?") && h.ends_with("format=ttl"))
        .expect("a link to the source graph");
    let turtle = get(addr, graph, "*/*");
    assert_eq!(turtle.status, 200, "{}", turtle.body);
    assert_eq!(
        rdflib_count(&turtle.body, "turtle"),
        stored,
        "the whole graph"
    );
    // No link leaves for the base host, which does not exist.
    assert!(
        !links
            .iter()
            .any(|h| h.starts_with("https://recapgraph.example")),
        "{links:?}"
    );

    let person = html_ok(&page(addr, NADIA), "person");
    at(&person, "<h1>Nadia Okafor-Lund</h1>");
    at(&person, "Moose Jaw, SK");
    at(&person, ">Wrap up of May 2019 PrairieStack Meeting</a>");
    let plinks = hrefs(&person);
    assert!(plinks.contains(&resource_href(SEED_MEETING)), "{plinks:?}");
    // Same-as: the profile the recap links her name to, also as an external link.
    assert!(
        plinks.contains(&"https://social.example.net/@nadia".to_owned()),
        "{plinks:?}"
    );
    assert!(plinks.contains(&resource_href(CONFIG_TOPIC)), "her topics");

    let topic = html_ok(&page(addr, CONFIG_TOPIC), "topic");
    at(&topic, "<h1>Configuration management</h1>");
    // The example vocabulary's alternative labels and related concepts.
    at(&topic, "Also called");
    at(&topic, "Ansible");
    let timeline = &topic[at(&topic, "id=\"timeline\"")..];
    at(timeline, "2019-05-30");
    at(timeline, ">Wrap up of May 2019 PrairieStack Meeting</a>");
    at(&topic, "id=\"together\"");
    assert!(
        hrefs(&topic).contains(&resource_href(PYINFRA)),
        "its document"
    );

    let doc = html_ok(&page(addr, PYINFRA), "document");
    at(&doc, "<h1>https://pyinfra.example.org/</h1>");
    let cited = &doc[at(&doc, "id=\"cited\"")..];
    at(cited, ">Wrap up of May 2019 PrairieStack Meeting</a>");
    at(cited, "Configuration management");
    at(cited, "Pyinfra");
    at(&doc, "Never checked");

    let index = html_ok(&get(addr, "/meetings", "text/html"), "index");
    at(&index, "<h2>2019 ");
    assert!(hrefs(&index).contains(&resource_href(SEED_MEETING)));
    let search = html_ok(&get(addr, "/search?q=okafor", "text/html"), "search");
    assert!(hrefs(&search).contains(&resource_href(NADIA)), "{search}");
    let search = html_ok(&get(addr, "/search?q=CONFIGURATION", "text/html"), "search");
    assert!(
        hrefs(&search).contains(&resource_href(CONFIG_TOPIC)),
        "{search}"
    );
    // Anything else is shown as its statements: an agenda item names its meeting.
    let item = format!("{SEED_MEETING}/item/1-configuration-management");
    let item_page = html_ok(&page(addr, &item), "item");
    at(&item_page, "schema:superEvent");
    assert!(hrefs(&item_page).contains(&resource_href(SEED_MEETING)));

    // A property, as a query result names it, shows statements that use it.
    let property = html_ok(&page(addr, "http://schema.org/homeLocation"), "property");
    at(&property, "Used as a property");
    at(&property, "schema:homeLocation");
    assert!(
        hrefs(&property).contains(&resource_href(NADIA)),
        "{property}"
    );

    let missing = page(addr, "https://recapgraph.example/person/nobody-here");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Not in the graph"),
        "{}",
        missing.body
    );
    assert_eq!(
        get(addr, "/resource?iri=not%20an%20iri", "text/html").status,
        400
    );
}

/// Triples rdflib reads from `text` in `format`.
fn rdflib_count(text: &str, format: &str) -> usize {
    let script = "import sys, rdflib\ng = rdflib.Graph()\ng.parse(data=sys.stdin.read(), format=sys.argv[1])\nprint(len(g))\n";
    let mut child = Command::new("python3")
        .args(["-c", script, format])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/setup.sh installs rdflib)");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("rdflib");
    assert!(
        out.status.success(),
        "rdflib cannot read {format}: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

#[test]
fn resources_answer_rdf_by_content_negotiation() {
    let cli = ingested("recaps/seed");
    let (_serve, addr) = start_serve(&cli.store(), &[]);
    let target = format!("/resource?iri={}", enc(SEED_MEETING));
    let mut counts = Vec::new();
    for (accept, media, rdflib) in [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        (
            "application/rdf+xml;q=0.9, text/html;q=0.5",
            "application/rdf+xml",
            "xml",
        ),
    ] {
        let r = get(addr, &target, accept);
        assert_eq!(r.status, 200, "{accept}: {}", r.body);
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .starts_with(media),
            "{accept}: {:?}",
            r.header("content-type")
        );
        assert_eq!(r.header("vary"), Some("Accept"));
        counts.push(rdflib_count(&r.body, rdflib));
    }
    // The meeting's own statements (title, date, types, attendees, agenda, citations,
    // subjectOf, topics) and those naming it (its items' superEvent).
    assert!(counts[0] > 30, "{counts:?}");
    assert!(counts.iter().all(|c| *c == counts[0]), "{counts:?}");
    let nt = get(addr, &target, "application/n-triples").body;
    assert!(nt.contains(&format!(
        "<{SEED_MEETING}> <http://schema.org/name> \"Wrap up of May 2019 PrairieStack Meeting\" ."
    )));
    assert!(nt.contains(&format!(
        "<{SEED_MEETING}/item/4-next-meeting> <http://schema.org/superEvent> <{SEED_MEETING}> ."
    )));
    // A browser gets the page; format= wins over Accept; a type neither offers is refused.
    assert!(get(addr, &target, "text/html").body.contains("<h1>"));
    let ttl = get(addr, &format!("{target}&format=ttl"), "text/html");
    assert!(ttl
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/turtle"));
    assert_eq!(get(addr, &target, "image/png").status, 406);
    let unknown = format!(
        "/resource?iri={}",
        enc("https://recapgraph.example/topic/none")
    );
    assert_eq!(get(addr, &unknown, "text/turtle").status, 404);
}

#[test]
fn with_the_servers_own_url_as_base_every_iri_resolves_at_its_path() {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/");
    let cli = Cli::new();
    let seed = fixtures().join("seed");
    cli.run(
        &["--base", &base, "ingest", seed.to_str().expect("utf-8")],
        0,
    );
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    let child = Command::new(assert_cmd::cargo::cargo_bin("recapgraph"))
        .arg("--store")
        .arg(cli.store())
        .args([
            "--base",
            &base,
            "--quiet",
            "serve",
            "--bind",
            &addr.to_string(),
        ])
        .env_remove("RECAPGRAPH_STORE")
        .env_remove("RECAPGRAPH_BASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut serve = Guard {
        child,
        stderr: Arc::new(Mutex::new(Vec::new())),
    };
    wait_for_port(addr, "serve", &mut serve);

    let path = "/meeting/2019-05-30-wrap-up-of-may-2019-prairiestack-meeting";
    let meeting = html_ok(&get(addr, path, "text/html"), "meeting by path");
    at(
        &meeting,
        "<h1>Wrap up of May 2019 PrairieStack Meeting</h1>",
    );
    // Its links are the IRIs' own paths, and each resolves.
    let links = hrefs(&meeting);
    for p in [
        "/person/nadia-okafor-lund",
        "/topic/configuration-management",
    ] {
        assert!(links.contains(&p.to_owned()), "{p} not in {links:?}");
        assert_eq!(get(addr, p, "text/html").status, 200, "{p}");
    }
    let ttl = get(addr, path, "text/turtle");
    assert_eq!(ttl.status, 200);
    assert!(ttl
        .body
        .contains("Wrap up of May 2019 PrairieStack Meeting"));
    assert!(rdflib_count(&ttl.body, "turtle") > 30);
    // A path under the base that names nothing is a 404 page; the endpoint is unchanged.
    assert_eq!(get(addr, "/person/nobody-here", "text/html").status, 404);
    assert_eq!(get(addr, "/sparql?query=ASK%7B%7D", "*/*").status, 200);
}

#[test]
fn documents_show_their_link_check_history() {
    let alive = Arc::new(AtomicBool::new(true));
    let (site, _runtime) = docs_server(Arc::clone(&alive));
    let cli = Cli::new();
    let recap = format!(
        "# Docs review 2026-10-05\n\n## Attendees\n\n* Ann Lee\n* Bo Ek\n\n## Minutes\n\n### Handbook\n\n\
         * Ann presented [the handbook](http://{site}/handbook) and [the old wiki](http://{site}/wiki).\n"
    );
    let path = cli.write("recaps/docs-review.md", recap.as_bytes());
    cli.run(&["ingest", path.to_str().expect("utf-8")], 0);
    cli.run(&["links", "check", "--timeout", "5", "--retries", "0"], 0);
    alive.store(false, Ordering::SeqCst);
    let (_, _, code) = cli.output(&[
        "links",
        "check",
        "--force",
        "--timeout",
        "5",
        "--retries",
        "0",
    ]);
    assert_eq!(code, 1, "the wiki is gone now");
    let (_serve, addr) = start_serve(&cli.store(), &[]);

    let wiki = format!("http://{site}/wiki");
    let doc = html_ok(&page(addr, &wiki), "document");
    let history = &doc[at(&doc, "id=\"checks\"")..];
    // Newest first: broken (404), then ok (200).
    let broken = at(history, "broken 404");
    let ok = at(history, "ok 200");
    assert!(broken < ok, "{history}");
    assert_eq!(
        history.matches("<tr>").count(),
        3,
        "a header and two checks"
    );
    let meeting_iri = "https://recapgraph.example/meeting/2026-10-05-docs-review";
    let meeting = html_ok(&page(addr, meeting_iri), "meeting");
    let handbook = &meeting[at(&meeting, ">the handbook</a>")..];
    assert!(handbook.contains("ok 200"), "{handbook}");
    let old = &meeting[at(&meeting, ">the old wiki</a>")..];
    assert!(old.contains("broken 404"), "{old}");
}

/// A site on 127.0.0.1: `/handbook` always there, `/wiki` only while `alive`.
fn docs_server(alive: Arc<AtomicBool>) -> (SocketAddr, tokio::runtime::Runtime) {
    use axum::http::StatusCode;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let app = axum::Router::new()
        .route("/handbook", axum::routing::get(|| async { "the handbook" }))
        .route(
            "/wiki",
            axum::routing::get(move || {
                let alive = alive.load(Ordering::SeqCst);
                async move {
                    if alive {
                        (StatusCode::OK, "the wiki")
                    } else {
                        (StatusCode::NOT_FOUND, "gone")
                    }
                }
            }),
        );
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    });
    (addr, runtime)
}

/// What a page built from hostile text must never hold: markup from the recap.
fn assert_inert(body: &str, what: &str) {
    let lower = body.to_ascii_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "{what}: only the page's own script:\n{body}"
    );
    assert!(
        lower.contains("<script src=\"/pages.js\"></script>"),
        "{what}"
    );
    for tag in ["<img", "<iframe", "<b>", "</textarea", "<!--"] {
        assert!(
            !lower.contains(tag),
            "{what}: {tag} from the recap:\n{body}"
        );
    }
    for h in hrefs(body) {
        let h = h.trim().to_ascii_lowercase();
        assert!(
            h.starts_with('/') || h.starts_with("http://") || h.starts_with("https://"),
            "{what}: href {h:?}"
        );
        assert!(!h.contains("javascript:"), "{what}: href {h:?}");
    }
}

#[test]
fn hostile_recap_text_shows_as_text_on_every_page() {
    let cli = ingested("hostile");
    let (_serve, addr) = start_serve(&cli.store(), &[]);
    let index = html_ok(&get(addr, "/meetings", "text/html"), "index");
    assert_inert(&index, "index");
    let meeting = hrefs(&index)
        .into_iter()
        .find(|h| h.contains("%2Fmeeting%2F"))
        .expect("the hostile meeting in the index");
    let body = html_ok(&get(addr, &meeting, "text/html"), "meeting");
    assert_inert(&body, "meeting");
    // The text is there, escaped: title, attendee, agenda item, link text, decision, action.
    for shown in [
        "<h1>Ops sync &lt;script&gt;alert('title')&lt;/script&gt; &amp; co</h1>",
        "&lt;b&gt;Unclosed bold heading",
        "Release &lt;script&gt;alert(3)&lt;/script&gt; plan",
        "release notes &lt;img src=x onerror=alert(8)&gt;",
        "the docs &quot;&gt;alert(6)",
        "Ship &lt;script&gt;alert(9)&lt;/script&gt; on Friday",
        "&lt;/textarea&gt;&lt;script&gt;alert(10)&lt;/script&gt;",
    ] {
        at(&body, shown);
    }
    // The recap's `javascript:` links are kept as relative links: text, never an href.
    let recap = page(
        addr,
        "https://recapgraph.example/recap/hostile/2025-02-03-ops-sync.md",
    );
    let recap = html_ok(&recap, "recap");
    assert_inert(&recap, "recap");
    at(&recap, ">javascript:alert(4)<");
    at(&recap, ">JaVaScRiPt:alert(5)<");
    // Every page the meeting links to, and searches for the hostile words.
    let mut pages: Vec<String> = hrefs(&body)
        .into_iter()
        .filter(|h| h.starts_with("/resource?") || h.starts_with("/meetings"))
        .filter(|h| !h.contains("format="))
        .collect();
    pages.sort();
    pages.dedup();
    assert!(pages.len() >= 8, "{pages:?}");
    for q in ["script", "<img", "mallory", "\"><"] {
        pages.push(format!("/search?q={}", enc(q)));
    }
    for p in &pages {
        let r = get(addr, p, "text/html");
        assert!(r.status == 200 || r.status == 404, "{p}: {}", r.status);
        assert_inert(&r.body, p);
    }
    // Chromium builds the same DOM: no element came from the recap.
    let dom = crate::browser::run_chromium(&format!("http://{addr}{meeting}"), &["--dump-dom"]);
    assert_inert(&dom, "meeting in Chromium");
    assert!(
        dom.contains("Ship &lt;script&gt;alert(9)&lt;/script&gt; on Friday"),
        "{dom}"
    );
}

#[test]
fn meeting_pages_show_decisions_and_actions_with_their_follow_ups() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let (_serve, addr) = start_serve(&cli.store(), &[]);
    let june = html_ok(
        &page(
            addr,
            "https://recapgraph.example/meeting/2024-06-04-riverbend-rust-meetup-meeting",
        ),
        "June",
    );
    let decisions = &june[at(&june, "id=\"decisions\"")..at(&june, "id=\"actions\"")];
    at(
        decisions,
        "run the beginners' track as a pilot in September and October",
    );
    let actions = &june[at(&june, "id=\"actions\"")..];
    at(
        actions,
        "<span class=\"badge warn\">open</span> Priya and Lena to write the first two exercises",
    );
    at(actions, ">Priya Natarajan</a>");
    at(actions, "due 2024-08-15");
    // An action a later meeting marked done links to that meeting.
    let april = html_ok(
        &page(
            addr,
            "https://recapgraph.example/meeting/2024-04-02-riverbend-rust-meetup-meeting",
        ),
        "April",
    );
    let actions = &april[at(&april, "id=\"actions\"")..];
    at(
        actions,
        "<span class=\"badge ok\">done</span> Fatima to turn the cancellation examples",
    );
    assert!(
        hrefs(actions).contains(&resource_href(
            "https://recapgraph.example/meeting/2024-07-02-organisers-meeting"
        )),
        "{actions}"
    );
    // The owner's page lists the action.
    let fatima = html_ok(
        &page(addr, "https://recapgraph.example/person/fatima-haddad"),
        "Fatima",
    );
    at(
        &fatima[at(&fatima, "id=\"actions\"")..],
        "<span class=\"badge ok\">done</span> Fatima to turn the cancellation examples",
    );
}
