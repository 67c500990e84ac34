//! The query page of `recapgraph serve` in a real browser: Debian's headless Chromium
//! loads `/`, runs a named query through the page's own script, and the rows appear in
//! the table. A screenshot is left in `target/serve-page.png` for a person to look at.

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
fn run_chromium(url: &str, extra: &[&str]) -> String {
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
