//! The layers every request passes through, outermost first: the access log (one
//! stderr line per request), the loopback `Host` check (against DNS rebinding) and CORS
//! (only with `--cors`).
//!
//! Invariant: on a loopback address no request naming another host reaches a handler,
//! and without `--cors` no response carries an `Access-Control-*` header.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{text, Shared};

/// On a loopback address, a request must name a loopback host: a web page that rebinds
/// its own domain name to 127.0.0.1 (DNS rebinding) sends its domain as `Host` and is
/// refused, so it cannot read the graph.
pub(super) async fn loopback_host(State(app): State<Shared>, req: Request, next: Next) -> Response {
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
pub(super) async fn cors(State(app): State<Shared>, req: Request, next: Next) -> Response {
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
pub(super) async fn access_log(
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
}
