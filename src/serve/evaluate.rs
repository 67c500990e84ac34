//! One query evaluated under the endpoint's limits: a query slot (`--max-concurrent`),
//! the time limit (the `CancellationToken` cancelled when it passes), evaluation and
//! serialisation on a blocking thread into the capped buffer, and the status of each way
//! a query can fail.
//!
//! Invariant: the status is decided before a byte is sent: a result is answered 200 only
//! once it is wholly serialised within the size limit; a query past the time limit is
//! answered 503 and cancelled.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};

use super::limits::{timeout_message, timeout_response, Capped, TooLarge};
use super::negotiate::{self, Answer, Kind};
use super::{text, App, Shared};
use crate::store::{ProtocolDataset, StoreError};

/// A query's answer, or why there is none.
enum Outcome {
    Body(Answer, Vec<u8>),
    Refused(StatusCode, String),
}

pub(super) async fn run_query(
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

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
}
