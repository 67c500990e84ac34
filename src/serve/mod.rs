//! Stage 8a, `serve`: a SPARQL 1.1 Protocol endpoint over the store, and a small page.
//!
//! Owns the server itself: its configuration, binding and running, the routes and the
//! layers every request passes through, and the plain-text answer refusals use.
//! Each concern has its own file: the request read as an operation (`protocol.rs`), a
//! query evaluated under the limits (`evaluate.rs`, `limits.rs`), content negotiation
//! ([`negotiate`]), the opt-in update behind a bearer token (`update.rs`), the access
//! log, loopback `Host` check and CORS (`middleware.rs`), `GET /` with the topic
//! picture (`page.rs`), and the owner's command lines run inside the server (`admin.rs`).
//!
//! Invariant: queries and updates run on blocking threads through
//! [`RecapStore::query_with_dataset`] and [`RecapStore::update`]; nothing here touches
//! Oxigraph's store.
//!
//! The browsable graph: every minted IRI resolved as an HTML page or as RDF, the index
//! of meetings and the search (`resource.rs`), the pages built by `pages/`.

mod admin;
mod evaluate;
mod limits;
mod middleware;
pub mod negotiate;
mod page;
mod pages;
mod protocol;
mod resource;
mod update;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use crate::store::RecapStore;

pub use admin::{Admin, CommandRunner, OutputSink};
pub use page::PICTURE_TOPICS;

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
    /// `Some` runs the store owner's commands at `POST /admin/run` ([`Admin`]).
    pub admin: Option<Admin>,
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
            admin: None,
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
    picture: Arc<tokio::sync::Mutex<Option<page::Picture>>>,
}

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
                page: page::page_html(),
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
    let mut routes = Router::new();
    if app.config.admin.is_some() {
        routes = routes.route("/admin/run", axum::routing::post(admin::run));
    }
    routes
        .route("/", get(page::page))
        .route("/page.js", get(page::page_js))
        .route("/topics.svg", get(page::topics_svg))
        .route("/sparql", get(protocol::sparql).post(protocol::sparql))
        .route("/resource", get(resource::by_iri))
        .route("/graph", get(resource::graph))
        .route("/meetings", get(resource::meetings))
        .route("/search", get(resource::search))
        .route("/pages.css", get(resource::css))
        .route("/pages.js", get(resource::js))
        .fallback(resource::by_path)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::cors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::loopback_host,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::access_log,
        ))
        .with_state(app)
}

/// A plain-text answer with `status`, the message ending in a newline: how the endpoint
/// says what it refused and why.
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
