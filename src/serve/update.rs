//! The opt-in SPARQL update: refused unless `serve` was started with an update token,
//! then only for a request bearing that token, and run on a blocking thread through
//! [`crate::store::RecapStore::update`].
//!
//! Invariant: without `--allow-update` no request changes the store; the token is
//! compared in time that does not depend on where it differs.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{text, Shared};
use crate::store::StoreError;

/// Compares two byte strings in time that depends only on their lengths.
pub(super) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(super) async fn run_update(app: &Shared, headers: &HeaderMap, update: String) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abcdef", b"abcdef"));
        assert!(!same_secret(b"abcdef", b"abcdeg"));
        assert!(!same_secret(b"abc", b"abcdef"));
        assert!(!same_secret(b"", b"x"));
    }
}
