//! Stage 8b, `push`: sends the store's named graphs to a remote triple store with the
//! SPARQL 1.1 Graph Store HTTP Protocol, and remembers what it sent.
//!
//! Each graph is sent with one `PUT <endpoint>?graph=<iri>` (N-Triples), which replaces
//! the remote graph, so pushing again never duplicates. A graph whose content fingerprint
//! ([`RecapStore::graph_fingerprint`]) is the one recorded for that endpoint is skipped;
//! a graph recorded as pushed that no longer exists locally (a pruned file) is deleted
//! remotely. What was sent where lives in a small JSON file beside the store
//! ([`state_path`]), written after every graph, so an interrupted push resumes where it
//! stopped. This is client-side network I/O (the client and retry policy of
//! [`crate::http`], shared with link checking), kept apart from `serve`, which is the
//! server side and shares nothing with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use serde::Serialize;

use crate::http::{self, Attempt, Redirects, RetryPolicy};
use crate::store::{RecapStore, StoreError};

mod state;

pub use state::{state_path, PushState, Pushed};

/// Errors that stop a push before it sends anything.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The endpoint is not an http(s) URL.
    #[error("invalid endpoint {url:?}: {reason}; give the store's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph) or http://localhost:3030/ds/data (Fuseki)")]
    Endpoint {
        /// What was given.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The push state file could not be read or written.
    #[error("push state {path}: {reason}")]
    State {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// How to authenticate to the remote store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// HTTP Basic: user and password.
    Basic(String, String),
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

/// What to send and how.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store Protocol endpoint.
    pub endpoint: url::Url,
    /// Credentials.
    pub auth: Auth,
    /// Send every graph, changed or not.
    pub all: bool,
    /// Retries after a failed request, by [`RetryPolicy`] (a timeout, a dropped
    /// connection, 408, 429 or 5xx; a `Retry-After` up to [`http::DEFAULT_MAX_WAIT`] is
    /// honoured, a longer one ends the graph's attempts).
    pub retries: u32,
    /// Time limit per request.
    pub timeout: Duration,
    /// The first retry waits this long; each next one twice as long, plus up to 50 %
    /// jitter.
    pub backoff: Duration,
}

impl PushOptions {
    /// Options for `endpoint` with defaults: no auth, changed graphs only, 3 retries,
    /// 60 s per request, 0.5 s first backoff.
    ///
    /// # Errors
    /// [`PushError::Endpoint`] when it is not an absolute http(s) URL.
    pub fn new(endpoint: &str) -> Result<Self, PushError> {
        let bad = |reason: &str| PushError::Endpoint {
            url: endpoint.to_owned(),
            reason: reason.to_owned(),
        };
        let url = url::Url::parse(endpoint).map_err(|e| bad(&e.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(bad("only http and https are supported"));
        }
        if url.host_str().is_none() {
            return Err(bad("it has no host"));
        }
        Ok(Self {
            endpoint: url,
            auth: Auth::None,
            all: false,
            retries: 3,
            timeout: Duration::from_secs(60),
            backoff: Duration::from_millis(500),
        })
    }

    /// The retry policy these options give.
    #[must_use]
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            retries: self.retries,
            first_wait: self.backoff,
            max_wait: http::DEFAULT_MAX_WAIT,
        }
    }

    /// The endpoint as recorded in the push state: without credentials or fragment.
    #[must_use]
    pub fn endpoint_key(&self) -> String {
        let mut u = self.endpoint.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        u.set_fragment(None);
        u.to_string()
    }
}

/// Why a graph is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Never sent to this endpoint.
    New,
    /// Its content changed since it was sent.
    Changed,
    /// Unchanged, but `--all` asks for it.
    Forced,
    /// Sent before, gone from the store now: delete it remotely.
    Removed,
}

/// One request the push will make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedGraph {
    /// The graph.
    pub graph: NamedNode,
    /// Why.
    pub reason: Reason,
    /// Its triples now (0 for a removal).
    pub triples: usize,
    /// Its fingerprint now (empty for a removal).
    pub fingerprint: String,
}

/// What a push will do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The requests, in graph order.
    pub graphs: Vec<PlannedGraph>,
    /// Graphs skipped because they are unchanged since the last push to this endpoint.
    pub unchanged: usize,
}

/// Compares the store with what was last sent to the endpoint.
///
/// # Errors
/// On storage failure.
pub fn plan(store: &RecapStore, state: &PushState, opts: &PushOptions) -> Result<Plan, PushError> {
    let empty = BTreeMap::new();
    let sent = state.endpoints.get(&opts.endpoint_key()).unwrap_or(&empty);
    let mut plan = Plan::default();
    let names = store.graph_names()?;
    for graph in &names {
        let (fingerprint, triples) = store.graph_fingerprint(graph)?;
        let reason = match sent.get(graph.as_str()) {
            None => Reason::New,
            Some(p) if p.fingerprint != fingerprint => Reason::Changed,
            Some(_) if opts.all => Reason::Forced,
            Some(_) => {
                plan.unchanged += 1;
                continue;
            }
        };
        plan.graphs.push(PlannedGraph {
            graph: graph.clone(),
            reason,
            triples,
            fingerprint,
        });
    }
    for iri in sent.keys() {
        if !names.iter().any(|n| n.as_str() == iri) {
            if let Ok(graph) = NamedNode::new(iri.as_str()) {
                plan.graphs.push(PlannedGraph {
                    graph,
                    reason: Reason::Removed,
                    triples: 0,
                    fingerprint: String::new(),
                });
            }
        }
    }
    Ok(plan)
}

/// What happened to one planned graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent (or deleted) and recorded.
    Done,
    /// The endpoint answered with an error for this graph; the push went on.
    Failed(String),
    /// Not attempted: the endpoint stopped answering before its turn.
    NotSent,
}

/// The summary of a push.
#[derive(Debug, Clone, Default)]
pub struct PushReport {
    /// Graphs replaced remotely.
    pub sent: usize,
    /// Triples in them.
    pub triples: usize,
    /// Graphs deleted remotely.
    pub removed: usize,
    /// Graphs skipped as unchanged.
    pub unchanged: usize,
    /// Graphs that failed or were not sent, with why.
    pub failed: Vec<(NamedNode, String)>,
    /// Why the push stopped early, if it did.
    pub stopped: Option<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why one request did not succeed.
enum RequestError {
    /// The endpoint answered with an error status (one not worth a retry, or still after
    /// the retries): this graph failed, the push goes on.
    Refused(String),
    /// No answer (after the retries, if the failure was worth one): the push stops.
    Unreachable(String),
}

/// Sends the plan: one PUT (or DELETE) per graph, in order, with retries; records each
/// success in the state file at once. When the endpoint stops answering, the graphs not
/// yet sent are reported as [`Outcome::NotSent`] and the push stops; run it again to send
/// them. `on_graph` is called once per planned graph.
///
/// # Errors
/// When the HTTP client cannot be built or the state file cannot be written.
pub async fn push(
    store: &RecapStore,
    plan: &Plan,
    opts: &PushOptions,
    state_file: Option<&Path>,
    mut on_graph: impl FnMut(&PlannedGraph, &Outcome),
) -> Result<PushReport, PushError> {
    let started = Instant::now();
    let client = http::client(&http::ClientOptions {
        timeout: opts.timeout,
        connect_timeout: opts.timeout.min(Duration::from_secs(10)),
        user_agent: http::USER_AGENT.to_owned(),
        redirects: Redirects::Follow(10),
        max_idle_per_host: None,
    })
    .map_err(|e| PushError::Client(e.to_string()))?;
    let mut state = match state_file {
        Some(p) => PushState::load(p)?,
        None => PushState::default(),
    };
    let key = opts.endpoint_key();
    let mut report = PushReport {
        unchanged: plan.unchanged,
        ..PushReport::default()
    };
    for planned in &plan.graphs {
        if report.stopped.is_some() {
            report.failed.push((
                planned.graph.clone(),
                "not sent: the endpoint stopped answering".into(),
            ));
            on_graph(planned, &Outcome::NotSent);
            continue;
        }
        let body = if planned.reason == Reason::Removed {
            None
        } else {
            Some(store.dump(RdfFormat::NTriples, Some(&planned.graph), Vec::new())?)
        };
        match send(&client, opts, &planned.graph, body).await {
            Ok(()) => {
                let sent = state.endpoints.entry(key.clone()).or_default();
                if planned.reason == Reason::Removed {
                    sent.remove(planned.graph.as_str());
                    report.removed += 1;
                } else {
                    sent.insert(
                        planned.graph.as_str().to_owned(),
                        Pushed {
                            fingerprint: planned.fingerprint.clone(),
                            triples: planned.triples,
                            pushed_at: chrono::Utc::now()
                                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        },
                    );
                    report.sent += 1;
                    report.triples += planned.triples;
                }
                if let Some(p) = state_file {
                    state.save(p)?;
                }
                on_graph(planned, &Outcome::Done);
            }
            Err(RequestError::Refused(why)) => {
                report.failed.push((planned.graph.clone(), why.clone()));
                on_graph(planned, &Outcome::Failed(why));
            }
            Err(RequestError::Unreachable(why)) => {
                report.failed.push((
                    planned.graph.clone(),
                    "not sent: the endpoint stopped answering".into(),
                ));
                on_graph(planned, &Outcome::NotSent);
                report.stopped = Some(why);
            }
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What one request came to.
enum Exchange {
    /// An HTTP answer: its status, its `Retry-After`, and the start of its body when it
    /// is not a success.
    Answered {
        status: reqwest::StatusCode,
        retry_after: Option<Duration>,
        excerpt: String,
    },
    /// No answer.
    Failed {
        kind: http::FailureKind,
        message: String,
    },
}

impl Exchange {
    /// Sends `request` and reads what the retry policy and the error message need.
    async fn of(request: reqwest::RequestBuilder, opts: &PushOptions) -> Self {
        match request.send().await {
            Ok(resp) => {
                let status = resp.status();
                let retry_after = http::retry_after(resp.headers());
                let excerpt = if status.is_success() {
                    String::new()
                } else {
                    let text = resp.text().await.unwrap_or_default();
                    text.trim().chars().take(300).collect()
                };
                Self::Answered {
                    status,
                    retry_after,
                    excerpt,
                }
            }
            Err(e) => Self::Failed {
                kind: http::classify(&e).kind,
                message: describe(&e, opts),
            },
        }
    }

    fn attempt(&self) -> Attempt {
        match self {
            Self::Answered {
                status,
                retry_after,
                ..
            } => Attempt::Answered(*status, *retry_after),
            Self::Failed { kind, .. } => Attempt::Failed(*kind),
        }
    }
}

/// A request that got no answer, in words.
fn describe(e: &reqwest::Error, opts: &PushOptions) -> String {
    // The innermost cause says it best ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    if e.is_timeout() {
        format!(
            "{} did not answer within {}s",
            opts.endpoint_key(),
            opts.timeout.as_secs()
        )
    } else if e.is_connect() {
        format!("cannot connect to {}: {cause}", opts.endpoint_key())
    } else {
        format!("request to {} failed: {e}: {cause}", opts.endpoint_key())
    }
}

/// One Graph Store Protocol request (a PUT of `body`, or a DELETE without one), retried
/// by [`PushOptions::retry_policy`].
async fn send(
    client: &reqwest::Client,
    opts: &PushOptions,
    graph: &NamedNode,
    body: Option<Vec<u8>>,
) -> Result<(), RequestError> {
    let mut url = opts.endpoint.clone();
    url.query_pairs_mut().append_pair("graph", graph.as_str());
    let policy = opts.retry_policy();
    let request = || {
        let req = match &body {
            Some(b) => client
                .put(url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/n-triples")
                .body(b.clone()),
            None => client.delete(url.clone()),
        };
        match &opts.auth {
            Auth::None => req,
            Auth::Basic(u, p) => req.basic_auth(u, Some(p)),
            Auth::Bearer(t) => req.bearer_auth(t),
        }
    };
    let (last, sent) = policy
        .run(|| Exchange::of(request(), opts), Exchange::attempt, |_| {})
        .await;
    let retries = sent - 1;
    match last {
        // Deleting a graph the remote store no longer has is done, too.
        Exchange::Answered { status, .. }
            if status.is_success() || (body.is_none() && status.as_u16() == 404) =>
        {
            Ok(())
        }
        Exchange::Answered {
            status,
            retry_after,
            excerpt,
        } => {
            let answered = format!("{} answered {status}: {excerpt}", opts.endpoint_key());
            if !RetryPolicy::retries_status(status) {
                let hint = match status.as_u16() {
                    401 | 403 => " (check --auth or --token)",
                    404 | 405 => " (is this the store's Graph Store Protocol URL?)",
                    _ => "",
                };
                return Err(RequestError::Refused(format!("{answered}{hint}")));
            }
            Err(RequestError::Refused(match retry_after {
                Some(wait) if wait > policy.max_wait => format!(
                    "{answered} (after {retries} retries; it asks to wait {}s, more than {}s)",
                    wait.as_secs(),
                    policy.max_wait.as_secs()
                ),
                _ => format!("{answered} (after {retries} retries)"),
            }))
        }
        Exchange::Failed { message, .. } => Err(RequestError::Unreachable(format!(
            "{message} (after {retries} retries)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_lives_beside_the_store() {
        assert_eq!(
            state_path(Path::new("/data/recapgraph.db")),
            Path::new("/data/recapgraph.db.push.json")
        );
        assert_eq!(state_path(Path::new("store")), Path::new("store.push.json"));
    }

    #[test]
    fn endpoints_are_checked_and_keyed_without_credentials() {
        assert!(PushOptions::new("ftp://x/store").is_err());
        assert!(PushOptions::new("not a url").is_err());
        let o = PushOptions::new("http://u:secret@127.0.0.1:7878/store#x").expect("url");
        assert_eq!(o.endpoint_key(), "http://127.0.0.1:7878/store");
    }

    #[test]
    fn plan_sends_new_and_changed_and_removes_gone_graphs() {
        let iris = crate::rdf::IriScheme::default();
        let store = RecapStore::memory(iris).expect("store");
        let quad = |g: &str, o: &str| {
            oxigraph::model::Quad::new(
                NamedNode::new("http://s.example/s").expect("iri"),
                NamedNode::new("http://p.example/p").expect("iri"),
                oxigraph::model::Literal::new_simple_literal(o),
                NamedNode::new(g).expect("iri"),
            )
        };
        let (a, b) = ("http://g.example/a", "http://g.example/b");
        store
            .replace_graphs(&[
                (NamedNode::new(a).expect("iri"), vec![quad(a, "1")]),
                (NamedNode::new(b).expect("iri"), vec![quad(b, "1")]),
            ])
            .expect("write");
        let opts = PushOptions::new("http://127.0.0.1:1/store").expect("url");
        let p = plan(&store, &PushState::default(), &opts).expect("plan");
        assert_eq!(p.graphs.len(), 2);
        assert!(p.graphs.iter().all(|g| g.reason == Reason::New));

        let mut state = PushState::default();
        let sent = state.endpoints.entry(opts.endpoint_key()).or_default();
        for g in &p.graphs {
            sent.insert(
                g.graph.as_str().to_owned(),
                Pushed {
                    fingerprint: g.fingerprint.clone(),
                    triples: g.triples,
                    pushed_at: String::new(),
                },
            );
        }
        sent.insert(
            "http://g.example/gone".into(),
            Pushed {
                fingerprint: "x".into(),
                triples: 1,
                pushed_at: String::new(),
            },
        );
        store
            .replace_graphs(&[(NamedNode::new(b).expect("iri"), vec![quad(b, "2")])])
            .expect("write");
        let p = plan(&store, &state, &opts).expect("plan");
        let reasons: Vec<(&str, Reason)> = p
            .graphs
            .iter()
            .map(|g| (g.graph.as_str(), g.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                (b, Reason::Changed),
                ("http://g.example/gone", Reason::Removed)
            ]
        );
        assert_eq!(p.unchanged, 1);

        let mut all = opts.clone();
        all.all = true;
        let p = plan(&store, &state, &all).expect("plan");
        assert_eq!(p.graphs[0].reason, Reason::Forced);
        assert_eq!(p.unchanged, 0);
        // Another endpoint has its own record.
        let other = PushOptions::new("http://127.0.0.1:2/store").expect("url");
        assert_eq!(plan(&store, &state, &other).expect("plan").graphs.len(), 2);
    }

    #[test]
    fn state_round_trips_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("s.push.json");
        assert_eq!(PushState::load(&path).expect("empty"), PushState::default());
        let mut s = PushState::default();
        s.endpoints.entry("http://x/".into()).or_default().insert(
            "http://g/".into(),
            Pushed {
                fingerprint: "f".into(),
                triples: 3,
                pushed_at: "2024-01-01T00:00:00Z".into(),
            },
        );
        s.save(&path).expect("save");
        assert_eq!(PushState::load(&path).expect("load"), s);
        std::fs::write(&path, b"{ not json").expect("write");
        assert!(matches!(
            PushState::load(&path),
            Err(PushError::State { .. })
        ));
    }

    /// A server on 127.0.0.1 answering each connection with the next canned status line,
    /// then closing; returns its address and a count of the requests it saw.
    fn canned(
        answers: Vec<&'static str>,
    ) -> (std::net::SocketAddr, std::sync::mpsc::Receiver<String>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for answer in answers {
                let Ok((mut s, _)) = listener.accept() else {
                    return;
                };
                let mut buf = [0_u8; 65536];
                let n = s.read(&mut buf).unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n])
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let _ = tx.send(head);
                let _ = s.write_all(
                    format!(
                        "HTTP/1.1 {answer}\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops"
                    )
                    .as_bytes(),
                );
            }
        });
        (addr, rx)
    }

    fn one_graph_store() -> (RecapStore, Plan) {
        let store = RecapStore::memory(crate::rdf::IriScheme::default()).expect("store");
        let g = NamedNode::new("http://g.example/a").expect("iri");
        store
            .replace_graphs(&[(
                g.clone(),
                vec![oxigraph::model::Quad::new(
                    g.clone(),
                    g.clone(),
                    g.clone(),
                    g.clone(),
                )],
            )])
            .expect("write");
        let opts = PushOptions::new("http://127.0.0.1:1/store").expect("url");
        let plan = plan(&store, &PushState::default(), &opts).expect("plan");
        (store, plan)
    }

    /// Pushes `plan` to the server at `addr`, the first retry waiting `backoff`.
    fn push_to(
        addr: std::net::SocketAddr,
        (store, plan): &(RecapStore, Plan),
        backoff: Duration,
    ) -> PushReport {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("rt");
        let mut opts = PushOptions::new(&format!("http://{addr}/store")).expect("url");
        opts.backoff = backoff;
        rt.block_on(push(store, plan, &opts, None, |_, _| {}))
            .expect("push")
    }

    #[test]
    fn server_errors_are_retried_and_client_errors_are_not() {
        let graph = one_graph_store();
        let (addr, seen) = canned(vec![
            "503 Service Unavailable\r\nRetry-After: 0",
            "204 No Content",
        ]);
        let report = push_to(addr, &graph, Duration::from_millis(10));
        assert_eq!((report.sent, report.failed.len()), (1, 0));
        let first = seen.recv().expect("a request");
        assert!(
            first.starts_with("PUT /store?graph=http%3A%2F%2Fg.example%2Fa "),
            "{first}"
        );
        assert_eq!(seen.try_iter().count() + 1, 2);

        let (addr, seen) = canned(vec!["400 Bad Request", "204 No Content"]);
        let report = push_to(addr, &graph, Duration::from_millis(500));
        assert_eq!(report.sent, 0);
        assert!(report.failed[0].1.contains("400"), "{:?}", report.failed);
        assert!(report.stopped.is_none());
        assert_eq!(seen.recv_timeout(Duration::from_secs(5)).iter().count(), 1);
        assert!(
            seen.recv_timeout(Duration::from_millis(200)).is_err(),
            "a 400 is not retried"
        );
    }

    #[test]
    fn a_408_is_retried_after_its_http_date() {
        // A date already past: retry at once (the 10 s backoff would fail the timing).
        let (addr, seen) = canned(vec![
            "408 Request Timeout\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT",
            "204 No Content",
        ]);
        let started = Instant::now();
        let report = push_to(addr, &one_graph_store(), Duration::from_secs(10));
        assert_eq!((report.sent, report.failed.len()), (1, 0));
        assert_eq!(seen.try_iter().count(), 2);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
