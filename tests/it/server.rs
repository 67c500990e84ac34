//! Servers started by tests on 127.0.0.1: `recapgraph serve`, Oxigraph's server, a
//! failing proxy; a child-process guard that kills on drop; a tiny HTTP/1.1 client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous, for a loaded 2-core machine.
pub const READY: Duration = Duration::from_secs(120);

/// A child process killed (and reaped) when dropped, even when the test panics.
pub struct Guard {
    pub child: Child,
    /// Its stderr lines so far (read by a thread, so the pipe never fills).
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Guard {
    fn new(mut child: Child) -> (Self, mpsc::Receiver<String>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        if let Some(err) = child.stderr.take() {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    let _ = tx.send(line.clone());
                    lines.lock().expect("lock").push(line);
                }
            });
        }
        (
            Self {
                child,
                stderr: lines,
            },
            rx,
        )
    }

    /// A guard of `child`, its stderr collected (when piped).
    pub fn collecting(child: Child) -> Self {
        Self::new(child).0
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().expect("lock").join("\n")
    }

    /// The server's stderr once it contains every one of `needles` (a reader thread
    /// collects it, so a line written just now may not be there yet), or as it is after
    /// the startup timeout.
    pub fn stderr_with(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let text = self.stderr_text();
            if needles.iter().all(|n| text.contains(n)) || start.elapsed() > READY {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit code.
    pub fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let start = Instant::now();
        while start.elapsed() < READY {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free right now on 127.0.0.1 (for servers that cannot be given port 0).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until something accepts connections on `addr`.
pub fn wait_for_port(addr: SocketAddr, what: &str, guard: &mut Guard) {
    let start = Instant::now();
    while start.elapsed() < READY {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = guard.child.try_wait() {
            panic!(
                "{what} exited with {status} before listening:\n{}",
                guard.stderr_text()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!(
        "{what} did not listen on {addr} within {READY:?}:\n{}",
        guard.stderr_text()
    );
}

/// `recapgraph --store STORE serve --bind 127.0.0.1:0 ARGS...`; returns once it listens.
pub fn start_serve(store: &Path, args: &[&str]) -> (Guard, SocketAddr) {
    start_serve_on(store, "127.0.0.1:0", args)
}

/// `recapgraph --store STORE serve --bind BIND ARGS...`; returns once it listens.
pub fn start_serve_on(store: &Path, bind: &str, args: &[&str]) -> (Guard, SocketAddr) {
    let bin = assert_cmd::cargo::cargo_bin("recapgraph");
    let child = Command::new(bin)
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", bind])
        .args(args)
        .env_remove("RECAPGRAPH_STORE")
        .env_remove("RECAPGRAPH_BASE")
        .env_remove("RECAPGRAPH_UPDATE_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("recapgraph serve starts");
    let (mut guard, rx) = Guard::new(child);
    let start = Instant::now();
    while start.elapsed() < READY {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                if let Some(rest) = line.split("at http://").nth(1) {
                    let addr = rest.split('/').next().expect("address");
                    let addr: SocketAddr = addr.parse().expect("a socket address");
                    return (guard, addr);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Ok(Some(status)) = guard.child.try_wait() {
                    panic!("serve exited with {status}:\n{}", guard.stderr_text());
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = guard.child.wait();
                panic!("serve exited:\n{}", guard.stderr_text());
            }
        }
    }
    panic!(
        "serve did not start within {READY:?}:\n{}",
        guard.stderr_text()
    );
}

/// Oxigraph's own server (`pip install oxigraph`) on a fresh store in `dir`.
pub fn start_oxigraph(dir: &Path) -> (Guard, SocketAddr) {
    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    let child = Command::new("oxigraph")
        .args(["serve", "--location"])
        .arg(dir)
        .args(["--bind", &addr.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the `oxigraph` server runs (scripts/setup.sh installs it: pip install oxigraph)");
    let (mut guard, _rx) = Guard::new(child);
    wait_for_port(addr, "oxigraph serve", &mut guard);
    (guard, addr)
}

/// An HTTP response: status, headers (lower-case names), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request over a fresh connection (`Connection: close`).
pub fn http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut s = TcpStream::connect_timeout(&addr, READY).expect("connects");
    s.set_read_timeout(Some(READY)).expect("timeout");
    let mut req = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).expect("writes");
    s.write_all(body).expect("writes");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("reads");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a response head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// URL-encodes a query-string value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An update with the bearer token; it must answer 204.
pub fn post_update(addr: SocketAddr, token: &str, update: &str) {
    let r = http(
        addr,
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/sparql-update"),
            ("Authorization", &format!("Bearer {token}")),
        ],
        update.as_bytes(),
    );
    assert_eq!(r.status, 204, "{update}: {}", r.body);
}
