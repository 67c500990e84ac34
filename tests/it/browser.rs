//! `recapgraph serve` in a real browser, Debian's headless Chromium: the query page loads
//! `/`, runs a named query through the page's own script, and the rows appear in the
//! table, each IRI a link to its page; a reader opens the seed's meeting page and follows
//! its links (as Chromium rendered them) to a person and a topic. Screenshots are left in
//! `target/serve-page.png` and `target/browser/*.png` (ignored by git) for a person to
//! look at.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::server::{start_serve, READY};
use crate::support::Cli;

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(out) = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if out.status.success() && !path.is_empty() {
                return PathBuf::from(path);
            }
        }
    }
    panic!(
        "Chromium is not installed: this test needs Debian's headless `chromium` \
         (apt-get install chromium; scripts/setup.sh installs it)"
    );
}

/// Runs headless Chromium on `url` with `extra` flags; returns stdout. Killed after READY.
pub fn run_chromium(url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            // Let the page's fetch finish before the DOM is dumped or the picture taken.
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if start.elapsed() > READY {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    assert!(
        status.is_some_and(|s| s.success()),
        "chromium {extra:?} failed ({status:?}):\n{stderr}"
    );
    stdout
}

#[test]
fn the_page_runs_a_named_query_and_shows_its_rows() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    cli.run(&["ingest", data.to_str().expect("utf-8")], 0);
    let json = cli.run(&["query", "meetings", "--format", "json"], 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let titles: Vec<String> = v["results"]["bindings"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["title"]["value"].as_str().expect("title").to_owned())
        .collect();
    assert!(titles.len() >= 5, "{titles:?}");

    let (serve, addr) = start_serve(&cli.store(), &[]);
    let url = format!("http://{addr}/?name=meetings&run=1");
    let dom = run_chromium(&url, &["--dump-dom"]);
    assert!(
        dom.contains("id=\"result-table\""),
        "no result table in the page:\n{dom}\n{}",
        serve.stderr_text()
    );
    let table = dom
        .split("id=\"result-table\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the table");
    for t in &titles {
        let cell = format!("<td>{}</td>", t.replace('&', "&amp;"));
        assert!(table.contains(&cell), "{t:?} not in the table:\n{table}");
    }
    assert_eq!(table.matches("<tr>").count(), titles.len() + 1, "{table}");
    // Each meeting IRI links to its page on this server.
    assert_eq!(
        table.matches("<a href=\"/resource?iri=").count(),
        titles.len(),
        "{table}"
    );
    assert!(
        dom.contains(&format!("{} rows in", titles.len())),
        "the status line counts rows"
    );
    // The page fetched its script, ran the query through /sparql and loaded the picture.
    let log = serve.stderr_with(&["\"GET /page.js\" 200", "\"POST /sparql\" 200"]);
    assert!(log.contains("\"GET /page.js\" 200"), "{log}");
    assert!(log.contains("\"POST /sparql\" 200"), "{log}");

    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-page.png");
    std::fs::create_dir_all(shot.parent().expect("target/")).expect("mkdir target");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &url,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
    assert!(serve
        .stderr_with(&["\"GET /topics.svg\" 200"])
        .contains("\"GET /topics.svg\" 200"));
}

/// The `href` of the first link whose text is exactly `text` in a DOM dump.
fn anchor_href(dom: &str, text: &str) -> String {
    let end = dom
        .find(&format!(">{text}</a>"))
        .unwrap_or_else(|| panic!("no link {text:?} in:\n{dom}"));
    let start = dom[..end].rfind("<a ").expect("the link's start");
    let tag = &dom[start..end];
    let href = tag
        .split("href=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .expect("an href");
    href.replace("&amp;", "&")
}

/// Takes a screenshot of `url` at `size` into `target/browser/NAME.png`; checks it is one.
fn screenshot(url: &str, name: &str, size: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).expect("mkdir target/browser");
    let shot = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        url,
        &[
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size={size}"),
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{name}: {} bytes",
        png.len()
    );
    shot
}

#[test]
fn a_reader_follows_the_seed_meeting_to_a_person_and_a_topic() {
    use crate::pages::{ingested, SEED_MEETING};
    let cli = ingested("recaps/seed");
    let (serve, addr) = start_serve(&cli.store(), &[]);
    let meeting_url = format!(
        "http://{addr}/resource?iri={}",
        crate::server::enc(SEED_MEETING)
    );
    let dom = run_chromium(&meeting_url, &["--dump-dom"]);
    assert!(
        dom.contains("<h1>Wrap up of May 2019 PrairieStack Meeting</h1>"),
        "{dom}\n{}",
        serve.stderr_text()
    );
    assert!(dom.contains("9 attendees"), "{dom}");
    assert!(dom.contains(">Updating OpenStack releases</span>"), "{dom}");
    // The page's style sheet and script came from this server, and nothing else.
    let log = serve.stderr_with(&["\"GET /pages.css\" 200", "\"GET /pages.js\" 200"]);
    assert!(log.contains("\"GET /pages.css\" 200"), "{log}");
    assert!(log.contains("\"GET /pages.js\" 200"), "{log}");

    let person = anchor_href(&dom, "Nadia Okafor-Lund");
    assert!(person.starts_with("/resource?iri="), "{person}");
    let person_dom = run_chromium(&format!("http://{addr}{person}"), &["--dump-dom"]);
    assert!(
        person_dom.contains("<h1>Nadia Okafor-Lund</h1>"),
        "{person_dom}"
    );
    assert!(person_dom.contains("Moose Jaw, SK"), "{person_dom}");
    assert!(
        person_dom.contains(">Wrap up of May 2019 PrairieStack Meeting</a>"),
        "her meetings: {person_dom}"
    );
    assert!(
        person_dom.contains("href=\"https://social.example.net/@nadia\""),
        "same-as: {person_dom}"
    );

    let topic = anchor_href(&dom, "Configuration management");
    let topic_dom = run_chromium(&format!("http://{addr}{topic}"), &["--dump-dom"]);
    assert!(
        topic_dom.contains("<h1>Configuration management</h1>"),
        "{topic_dom}"
    );
    let timeline = topic_dom
        .split("id=\"timeline\"")
        .nth(1)
        .expect("a timeline");
    assert!(timeline.contains("2019-05-30"), "{timeline}");
    assert!(
        timeline.contains(">Wrap up of May 2019 PrairieStack Meeting</a>"),
        "{timeline}"
    );
    assert!(
        topic_dom.contains(">Pyinfra</a>"),
        "its document: {topic_dom}"
    );

    screenshot(&meeting_url, "seed-meeting", "1100,1500");
    screenshot(&meeting_url, "seed-meeting-phone", "412,915");
    screenshot(
        &format!("http://{addr}{person}"),
        "seed-person",
        "1100,1100",
    );
    screenshot(&format!("http://{addr}{topic}"), "seed-topic", "1100,1100");
}
