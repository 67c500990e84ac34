//! Stage 8a, `serve`: a SPARQL 1.1 Protocol endpoint over the store, and a small page.
//!
//! Owns the HTTP side of querying: `GET`/`POST /sparql` (query string, form and
//! `application/sparql-query` bodies; `default-graph-uri` / `named-graph-uri`), content
//! negotiation ([`negotiate`]), the status codes, the query time limit and result size
//! limit, the opt-in update operation behind a bearer token, the access log, and `GET /`
//! (a query page with the named queries and the topic graph SVG). Queries run on blocking
//! threads through [`RecapStore::query_with_dataset`]; nothing here touches Oxigraph's store.

pub mod negotiate;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use tokio::sync::Semaphore;

use crate::store::{ProtocolDataset, RecapStore, StoreError};
use negotiate::{Answer, Kind};

/// Errors that stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// How the endpoint behaves.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen.
    pub bind: SocketAddr,
    /// A query still running after this is stopped and answered with 503.
    pub query_timeout: Duration,
    /// A result bigger than this many bytes is refused (500) instead of sent.
    pub max_result_bytes: usize,
    /// `Some(token)` enables SPARQL updates for requests bearing this token.
    pub update_token: Option<String>,
    /// Queries evaluated at once; more wait (their wait counts towards the time limit).
    pub max_concurrent: usize,
    /// Write one access-log line per request to stderr.
    pub access_log: bool,
    /// Answer CORS preflights and allow every origin (for YASGUI and notebooks served
    /// from elsewhere). Off by default: any web page the user visits could then read the
    /// graph from a loopback endpoint.
    pub cors: bool,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            query_timeout: Duration::from_secs(30),
            max_result_bytes: 64 * 1024 * 1024,
            update_token: None,
            max_concurrent: std::thread::available_parallelism().map_or(2, usize::from),
            access_log: true,
            cors: false,
        }
    }
}

struct App {
    store: RecapStore,
    config: ServeConfig,
    slots: Semaphore,
    page: String,
    /// The page's topic picture and the store generation it was drawn from; the lock is
    /// held by the one build in progress, so page loads never draw it twice at once.
    picture: Arc<tokio::sync::Mutex<Option<Picture>>>,
}

/// An SVG picture and the store generation it shows.
type Picture = (u64, Arc<String>);

/// Topics the page's picture shows: more are unreadable, and laying them out grows with
/// the square of their number (`graph topics --format svg` draws them all).
pub const PICTURE_TOPICS: usize = 60;

type Shared = Arc<App>;

/// A bound endpoint, ready to [`Server::run`].
pub struct Server {
    listener: tokio::net::TcpListener,
    app: Shared,
}

impl Server {
    /// Binds the address of `config`.
    ///
    /// # Errors
    /// [`ServeError::Bind`] when the address is taken or not allowed.
    pub async fn bind(store: RecapStore, config: ServeConfig) -> Result<Self, ServeError> {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.bind,
                source,
            })?;
        let slots = Semaphore::new(config.max_concurrent.max(1));
        Ok(Self {
            listener,
            app: Arc::new(App {
                store,
                config,
                slots,
                page: page_html(),
                picture: Arc::default(),
            }),
        })
    }

    /// The address actually bound (useful with port 0).
    ///
    /// # Errors
    /// When the socket cannot tell.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    ///
    /// # Errors
    /// [`ServeError::Io`] when the server fails.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let router = router(self.app);
        axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        Ok(())
    }
}

fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/page.js", get(page_js))
        .route("/topics.svg", get(topics_svg))
        .route("/sparql", get(sparql).post(sparql))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), cors))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            loopback_host,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            access_log,
        ))
        .with_state(app)
}

/// On a loopback address, a request must name a loopback host: a web page that rebinds
/// its own domain name to 127.0.0.1 (DNS rebinding) sends its domain as `Host` and is
/// refused, so it cannot read the graph.
async fn loopback_host(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if app.config.bind.ip().is_loopback() {
        if let Some(host) = req.headers().get(header::HOST) {
            let host = host.to_str().unwrap_or_default();
            if !is_loopback_host(host) {
                return text(
                    StatusCode::FORBIDDEN,
                    format!("this endpoint listens on loopback only; address it as 127.0.0.1 or localhost, not {host:?}"),
                );
            }
        }
    }
    next.run(req).await
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// With `--cors`: preflights answered, every response readable from any origin.
async fn cors(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if !app.config.cors {
        return next.run(req).await;
    }
    let mut resp = if req.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Authorization, Content-Type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("3600"),
        );
        r
    } else {
        next.run(req).await
    };
    resp.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    resp
}

/// One line per request on stderr: client, request line, status, bytes, milliseconds.
async fn access_log(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    if !app.config.access_log {
        return next.run(req).await;
    }
    let start = Instant::now();
    let method = req.method().clone();
    let mut target = req.uri().to_string();
    if target.chars().count() > 200 {
        target = target.chars().take(199).collect::<String>() + "…";
    }
    let resp = next.run(req).await;
    let bytes = axum::body::HttpBody::size_hint(resp.body())
        .exact()
        .map_or_else(|| "-".to_owned(), |n| n.to_string());
    eprintln!(
        "{} {peer} \"{method} {target}\" {} {bytes} {}ms",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        resp.status().as_u16(),
        start.elapsed().as_millis()
    );
    resp
}

fn text(status: StatusCode, msg: impl Into<String>) -> Response {
    let mut body = msg.into();
    body.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn not_found(uri: Uri) -> Response {
    text(
        StatusCode::NOT_FOUND,
        format!(
            "no such page: {}; the SPARQL endpoint is /sparql, the query page /",
            uri.path()
        ),
    )
}

/// What a request asks for, once its parameters and body are read.
#[derive(Debug, Default)]
struct Operation {
    query: Option<String>,
    update: Option<String>,
    dataset: ProtocolDataset,
    format: Option<String>,
}

impl Operation {
    fn add_params(&mut self, raw: &[u8]) {
        for (k, v) in url::form_urlencoded::parse(raw) {
            match k.as_ref() {
                "query" => self.query = Some(v.into_owned()),
                "update" => self.update = Some(v.into_owned()),
                "default-graph-uri" => self.dataset.default_graphs.push(v.into_owned()),
                "named-graph-uri" => self.dataset.named_graphs.push(v.into_owned()),
                "format" | "output" => self.format = Some(v.into_owned()),
                _ => {}
            }
        }
    }
}

/// Reads the operation from the URL and, for POST, the body (SPARQL 1.1 Protocol §2.1, §2.2).
fn read_operation(
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &Bytes,
) -> Result<Operation, (StatusCode, String)> {
    let mut op = Operation::default();
    op.add_params(uri.query().unwrap_or_default().as_bytes());
    if method == Method::GET {
        if op.update.is_some() {
            return Err((
                StatusCode::BAD_REQUEST,
                "an update must be sent with POST (form field update= or Content-Type: application/sparql-update)".into(),
            ));
        }
    } else if method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let utf8 = || {
            std::str::from_utf8(body).map(str::to_owned).map_err(|_| {
                (
                    StatusCode::BAD_REQUEST,
                    "the request body is not UTF-8".to_owned(),
                )
            })
        };
        match content_type.as_str() {
            "application/x-www-form-urlencoded" => op.add_params(body),
            "application/sparql-query" => op.query = Some(utf8()?),
            "application/sparql-update" => op.update = Some(utf8()?),
            other => {
                return Err((
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "cannot read a {} body; send application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
                        if other.is_empty() { "untyped" } else { other }
                    ),
                ))
            }
        }
    }
    if op.query.is_some() && op.update.is_some() {
        return Err((
            StatusCode::BAD_REQUEST,
            "send either query= or update=, not both".into(),
        ));
    }
    Ok(op)
}

async fn sparql(
    State(app): State<Shared>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let op = match read_operation(&method, &headers, &uri, &body) {
        Ok(op) => op,
        Err((status, msg)) => return text(status, msg),
    };
    if let Some(update) = op.update {
        return run_update(&app, &headers, update).await;
    }
    let Some(query) = op.query else {
        return text(
            StatusCode::BAD_REQUEST,
            "no query: give ?query=SPARQL (GET), a form field query=, or a body of type application/sparql-query (POST)",
        );
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    run_query(&app, query, op.dataset, accept, op.format).await
}

/// A query's answer, or why there is none.
enum Outcome {
    Body(Answer, Vec<u8>),
    Refused(StatusCode, String),
}

async fn run_query(
    app: &Shared,
    query: String,
    dataset: ProtocolDataset,
    accept: Option<String>,
    format: Option<String>,
) -> Response {
    let limit = app.config.query_timeout;
    let deadline = tokio::time::Instant::now() + limit;
    let Ok(Ok(permit)) = tokio::time::timeout_at(deadline, app.slots.acquire()).await else {
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the endpoint is busy: no query slot became free within the {}s time limit; try again",
                limit.as_secs()
            ),
        );
    };
    let cancel = CancellationToken::new();
    let job = {
        let app = app.clone();
        let cancel = cancel.clone();
        tokio::task::spawn_blocking(move || {
            evaluate(
                &app,
                &query,
                &dataset,
                cancel,
                accept.as_deref(),
                format.as_deref(),
            )
        })
    };
    let outcome = tokio::time::timeout_at(deadline, job).await;
    drop(permit);
    match outcome {
        Err(_) => {
            cancel.cancel();
            timeout_response(limit)
        }
        Ok(Err(join)) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the query failed unexpectedly: {join}"),
        ),
        Ok(Ok(Outcome::Refused(status, msg))) => text(status, msg),
        Ok(Ok(Outcome::Body(answer, bytes))) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(answer.media_type()),
                ),
                (header::VARY, HeaderValue::from_static("Accept")),
            ],
            bytes,
        )
            .into_response(),
    }
}

fn timeout_message(limit: Duration) -> String {
    format!(
        "query stopped: it ran longer than the time limit of {}s (serve --query-timeout); add LIMIT or narrow the patterns",
        limit.as_secs()
    )
}

fn timeout_response(limit: Duration) -> Response {
    text(StatusCode::SERVICE_UNAVAILABLE, timeout_message(limit))
}

/// A writer that refuses to grow past a limit.
struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            return Err(std::io::Error::other(TooLarge));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("result too large")]
struct TooLarge;

/// Evaluates and serialises on a blocking thread.
fn evaluate(
    app: &App,
    query: &str,
    dataset: &ProtocolDataset,
    cancel: CancellationToken,
    accept: Option<&str>,
    format: Option<&str>,
) -> Outcome {
    let results = match app.store.query_with_dataset(query, dataset, cancel) {
        Ok(r) => r,
        Err(e) => return refusal(&e, app.config.query_timeout),
    };
    let kind = match results {
        QueryResults::Graph(_) => Kind::Graph,
        _ => Kind::Results,
    };
    let Some(answer) = negotiate::negotiate(kind, accept, format) else {
        return Outcome::Refused(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "cannot answer in {}: this query's results can be sent as {}",
                accept.unwrap_or_default(),
                negotiate::offered(kind)
            ),
        );
    };
    let mut out = Capped {
        buf: Vec::new(),
        max: app.config.max_result_bytes,
    };
    let written = serialize(results, answer, &mut out);
    match written {
        Ok(()) => Outcome::Body(answer, out.buf),
        Err(Failure::TooLarge) => Outcome::Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "the result is larger than the limit of {} bytes (serve --max-result-bytes); add LIMIT or ask for fewer variables",
                app.config.max_result_bytes
            ),
        ),
        Err(Failure::Store(e)) => refusal(&e, app.config.query_timeout),
        Err(Failure::Other(msg)) => Outcome::Refused(StatusCode::INTERNAL_SERVER_ERROR, msg),
    }
}

enum Failure {
    TooLarge,
    Store(StoreError),
    Other(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.get_ref().is_some_and(|inner| inner.is::<TooLarge>()) {
            Self::TooLarge
        } else {
            Self::Other(format!("cannot write the results: {e}"))
        }
    }
}

impl From<QueryEvaluationError> for Failure {
    fn from(e: QueryEvaluationError) -> Self {
        Self::Store(StoreError::Evaluation(e))
    }
}

fn serialize(results: QueryResults<'_>, answer: Answer, out: &mut Capped) -> Result<(), Failure> {
    match (results, answer) {
        (QueryResults::Solutions(solutions), Answer::Results(f)) => {
            let mut ser = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
            for s in solutions {
                ser.serialize(&s?)?;
            }
            ser.finish()?;
        }
        (QueryResults::Boolean(b), Answer::Results(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
        }
        (QueryResults::Graph(triples), Answer::Graph(f)) => {
            let mut ser = crate::vocab::serializer(f, crate::vocab::GRAPH_PREFIXES)
                .map_err(|e| Failure::Other(e.to_string()))?
                .for_writer(&mut *out);
            for t in triples {
                ser.serialize_triple(&t?)?;
            }
            ser.finish()?;
        }
        _ => return Err(Failure::Other("results and format do not match".into())),
    }
    Ok(())
}

/// The status and message for a query the store refused or could not finish.
fn refusal(e: &StoreError, limit: Duration) -> Outcome {
    let (status, msg) = match e {
        StoreError::Syntax(_) | StoreError::GraphIri { .. } => {
            (StatusCode::BAD_REQUEST, e.to_string())
        }
        StoreError::Evaluation(QueryEvaluationError::Cancelled) => {
            (StatusCode::SERVICE_UNAVAILABLE, timeout_message(limit))
        }
        StoreError::Evaluation(
            QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::UnboundService
            | QueryEvaluationError::InvalidServiceName(_),
        ) => (
            StatusCode::BAD_REQUEST,
            format!("SERVICE is not allowed: this endpoint does not fetch other endpoints (federated queries are off; {e})"),
        ),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    Outcome::Refused(status, msg)
}

/// Compares two byte strings in time that depends only on their lengths.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn run_update(app: &Shared, headers: &HeaderMap, update: String) -> Response {
    let Some(token) = &app.config.update_token else {
        return text(
            StatusCode::FORBIDDEN,
            "updates are disabled: this endpoint is read-only (start serve with --allow-update and --update-token to accept them)",
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(given.trim().as_bytes(), token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "an update needs the header Authorization: Bearer <the token given to serve --update-token>\n",
        )
            .into_response();
    }
    let app2 = app.clone();
    match tokio::task::spawn_blocking(move || app2.store.update(&update)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e @ StoreError::Syntax(_))) => text(StatusCode::BAD_REQUEST, e.to_string()),
        Ok(Err(e)) => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(join) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the update failed unexpectedly: {join}"),
        ),
    }
}

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_JS: &str = include_str!("page.js");

/// The query page with the named queries embedded as JSON (safe inside `<script>`).
fn page_html() -> String {
    let queries: Vec<serde_json::Value> = crate::query::named_queries()
        .into_iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "description": q.description,
                "params": q.params.iter().map(|(n, d)| serde_json::json!({"name": n, "description": d})).collect::<Vec<_>>(),
                "text": q.text,
            })
        })
        .collect();
    let json = serde_json::Value::Array(queries)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    PAGE_HTML.replace("/*NAMED_QUERIES*/[]", &json)
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

async fn page(State(app): State<Shared>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        app.page.clone(),
    )
        .into_response()
}

async fn page_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        PAGE_JS,
    )
        .into_response()
}

/// The topic graph of the store, its [`PICTURE_TOPICS`] most discussed topics drawn as
/// by `graph topics --top 60 --format svg`. Drawn once per store generation (a
/// `--watch` round or an update makes a new one) and kept; one build at a time, which
/// goes on after a request that waited past the time limit gave up, so the next
/// request finds its picture.
async fn topics_svg(State(app): State<Shared>) -> Response {
    let work = async {
        let mut kept = Arc::clone(&app.picture).lock_owned().await;
        let generation = app.store.generation();
        if let Some((drawn, svg)) = kept.as_ref() {
            if *drawn == generation {
                return Ok(Ok::<_, crate::graph::GraphError>(Arc::clone(svg)));
            }
        }
        let store = app.store.clone();
        let log = app.config.access_log;
        tokio::task::spawn_blocking(move || {
            let start = Instant::now();
            let opts = crate::graph::GraphOptions {
                top: Some(PICTURE_TOPICS),
                ..crate::graph::GraphOptions::default()
            };
            let graph = crate::graph::topic_graph(&store, &opts)?;
            let svg = Arc::new(crate::graph::to_svg(&graph));
            if log {
                eprintln!(
                    "{} drew the topic picture ({} topics, store generation {generation}) in {}ms",
                    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
                    graph.nodes.len(),
                    start.elapsed().as_millis()
                );
            }
            *kept = Some((generation, Arc::clone(&svg)));
            Ok(svg)
        })
        .await
    };
    match tokio::time::timeout(app.config.query_timeout, work).await {
        Ok(Ok(Ok(svg))) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            svg.as_str().to_owned(),
        )
            .into_response(),
        Ok(Ok(Err(e))) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot build the topic graph: {e}"),
        ),
        Ok(Err(join)) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot build the topic graph: {join}"),
        ),
        Err(_) => timeout_response(app.config.query_timeout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for ok in [
            "127.0.0.1:7878",
            "localhost",
            "LOCALHOST:80",
            "[::1]:7878",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:7878",
            "evil.example",
            "10.0.0.1:7878",
            "[2001:db8::1]:80",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abcdef", b"abcdef"));
        assert!(!same_secret(b"abcdef", b"abcdeg"));
        assert!(!same_secret(b"abc", b"abcdef"));
        assert!(!same_secret(b"", b"x"));
    }

    #[test]
    fn capped_writer_refuses_past_its_limit() {
        let mut w = Capped {
            buf: Vec::new(),
            max: 4,
        };
        assert!(w.write_all(b"abcd").is_ok());
        let err = w.write_all(b"e").expect_err("over the limit");
        assert!(matches!(Failure::from(err), Failure::TooLarge));
    }

    #[test]
    fn the_page_embeds_every_named_query_safely() {
        let page = page_html();
        assert!(!page.contains("/*NAMED_QUERIES*/"));
        for q in crate::query::named_queries() {
            assert!(
                page.contains(&format!("\"name\":\"{}\"", q.name)),
                "{}",
                q.name
            );
        }
        let script = page
            .split("<script id=\"named-queries\" type=\"application/json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("embedded queries");
        assert!(!script.contains('<'));
        let parsed: serde_json::Value = serde_json::from_str(script).expect("json");
        assert_eq!(
            parsed.as_array().map(Vec::len),
            Some(crate::query::named_queries().len())
        );
    }

    #[test]
    fn operations_come_from_url_and_body() {
        let get = |q: &str| {
            read_operation(
                &Method::GET,
                &HeaderMap::new(),
                &q.parse().expect("uri"),
                &Bytes::new(),
            )
        };
        let op = get("/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa&default-graph-uri=http%3A%2F%2Fb&named-graph-uri=http%3A%2F%2Fc")
            .unwrap_or_else(|_| panic!("reads"));
        assert_eq!(op.query.as_deref(), Some("ASK{}"));
        assert_eq!(op.dataset.default_graphs, ["http://a", "http://b"]);
        assert_eq!(op.dataset.named_graphs, ["http://c"]);
        assert!(get("/sparql?update=CLEAR%20ALL").is_err());

        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/sparql-query; charset=utf-8"),
        );
        let op = read_operation(
            &Method::POST,
            &headers,
            &"/sparql?named-graph-uri=http%3A%2F%2Fc"
                .parse()
                .expect("uri"),
            &Bytes::from_static(b"SELECT * {}"),
        )
        .unwrap_or_else(|_| panic!("reads"));
        assert_eq!(op.query.as_deref(), Some("SELECT * {}"));
        assert_eq!(op.dataset.named_graphs, ["http://c"]);

        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        let refused = read_operation(
            &Method::POST,
            &headers,
            &"/sparql".parse().expect("uri"),
            &Bytes::new(),
        );
        assert!(matches!(
            refused,
            Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, _))
        ));
    }
}
