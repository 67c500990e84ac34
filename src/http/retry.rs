//! The one retry policy of recapgraph's HTTP requests (link checking and `push`): which
//! attempts are tried again, how long to wait before each retry, and the cap on waits.
//!
//! The rules, in order, after `sent` requests:
//! - an answer with status 408, 429 or 5xx, or a transport failure that
//!   [`FailureKind::is_transient`] calls transient (a timeout, a dropped connection), may be
//!   retried; anything else (success, redirects, other 4xx, a refused connection, DNS,
//!   TLS) is final;
//! - no retry once `sent` is `retries + 1`;
//! - an answer carrying `Retry-After` (delay-seconds, or an HTTP-date: IMF-fixdate,
//!   RFC 850 or asctime, a date in the past meaning now) waits exactly that long, unless it
//!   is longer than the cap: then the answer is final (the server asks for more patience
//!   than we have; retrying sooner would only be refused again);
//! - otherwise the wait is `first_wait × 2^(sent − 1)` plus up to 50 % jitter, and never
//!   more than the cap.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use super::FailureKind;

/// The default cap on any wait between attempts, and on the `Retry-After` honoured.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// When and how often to try a request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first request: at most `retries + 1` requests.
    pub retries: u32,
    /// The backoff before the first retry; doubled for each next one, plus up to 50 %
    /// jitter.
    pub first_wait: Duration,
    /// The cap: no wait is longer, and an answer whose `Retry-After` asks for more is not
    /// retried.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries, 1 s first backoff, [`DEFAULT_MAX_WAIT`].
    fn default() -> Self {
        Self {
            retries: 2,
            first_wait: Duration::from_secs(1),
            max_wait: DEFAULT_MAX_WAIT,
        }
    }
}

/// One attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// An HTTP answer: its status and its `Retry-After` (as a wait from when it came), if
    /// it had a readable one.
    Answered(StatusCode, Option<Duration>),
    /// No answer, for this reason.
    Failed(FailureKind),
}

/// A decision to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// How long to wait first.
    pub wait: Duration,
    /// True when the wait is the server's `Retry-After` (a caller may hold back every
    /// request to that host meanwhile), false for the policy's own backoff.
    pub asked: bool,
}

impl RetryPolicy {
    /// True for the statuses worth another attempt: 408 Request Timeout, 429 Too Many
    /// Requests and every 5xx.
    #[must_use]
    pub fn retries_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 408 | 429) || status.is_server_error()
    }

    /// After `sent` requests (1 after the first) ended in `attempt`: the retry to make, or
    /// `None` when `attempt` is final.
    #[must_use]
    pub fn next(&self, sent: u32, attempt: Attempt) -> Option<Retry> {
        self.next_with_jitter(sent, attempt, super::random_fraction())
    }

    /// [`Self::next`] with the jitter given (a fraction in [0, 1)).
    fn next_with_jitter(&self, sent: u32, attempt: Attempt, jitter: f64) -> Option<Retry> {
        if sent > self.retries {
            return None;
        }
        match attempt {
            Attempt::Answered(status, _) if !Self::retries_status(status) => None,
            Attempt::Answered(_, Some(asked)) => (asked <= self.max_wait).then_some(Retry {
                wait: asked,
                asked: true,
            }),
            Attempt::Failed(kind) if !kind.is_transient() => None,
            Attempt::Answered(_, None) | Attempt::Failed(_) => Some(Retry {
                wait: self.backoff(sent, jitter),
                asked: false,
            }),
        }
    }

    /// The backoff after `sent` requests: `first_wait × 2^(sent − 1)`, plus `jitter × 50 %`
    /// of that, capped at `max_wait`.
    fn backoff(&self, sent: u32, jitter: f64) -> Duration {
        let doublings = sent.saturating_sub(1).min(31);
        let base = self
            .first_wait
            .saturating_mul(1 << doublings)
            .min(self.max_wait);
        base.saturating_add(base.mul_f64(jitter.clamp(0.0, 1.0) * 0.5))
            .min(self.max_wait)
    }

    /// Runs `send` until its outcome is final by this policy, sleeping between attempts:
    /// returns the last outcome and the number of requests sent. `judge` reads an outcome
    /// for the policy; `on_retry` hears of each retry before its wait.
    pub async fn run<T, Fut>(
        &self,
        mut send: impl FnMut() -> Fut,
        judge: impl Fn(&T) -> Attempt,
        mut on_retry: impl FnMut(Retry),
    ) -> (T, u32)
    where
        Fut: Future<Output = T>,
    {
        let mut sent = 0;
        loop {
            let outcome = send().await;
            sent += 1;
            let Some(retry) = self.next(sent, judge(&outcome)) else {
                return (outcome, sent);
            };
            on_retry(retry);
            tokio::time::sleep(retry.wait).await;
        }
    }
}

/// The `Retry-After` of a response, as a wait from now.
#[must_use]
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, Utc::now())
}

/// A `Retry-After` value as a wait from `now`: delay-seconds, or an HTTP-date in any of
/// the three forms HTTP allows (a date already past is a wait of zero). `None` when it is
/// neither.
#[must_use]
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = http_date(value)?;
    Some(
        when.signed_duration_since(now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// An HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), or the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms.
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(when) = DateTime::parse_from_rfc2822(value) {
        return Some(when.with_timezone(&Utc));
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            retries: 3,
            first_wait: ms(100),
            max_wait: Duration::from_secs(10),
        }
    }

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).expect("status")
    }

    #[test]
    fn retries_408_429_and_5xx_only() {
        for code in [408, 429, 500, 502, 503, 504, 599] {
            assert!(RetryPolicy::retries_status(status(code)), "{code}");
        }
        for code in [200, 204, 301, 304, 400, 401, 403, 404, 405, 410, 418] {
            assert!(!RetryPolicy::retries_status(status(code)), "{code}");
        }
        let p = policy();
        assert!(p.next(1, Attempt::Answered(status(404), None)).is_none());
        assert!(p
            .next(1, Attempt::Answered(status(200), Some(ms(1))))
            .is_none());
        assert!(p.next(1, Attempt::Answered(status(408), None)).is_some());
    }

    #[test]
    fn transport_failures_retry_when_transient() {
        let p = policy();
        assert!(p.next(1, Attempt::Failed(FailureKind::Timeout)).is_some());
        assert!(p
            .next(1, Attempt::Failed(FailureKind::Connection))
            .is_some());
        assert!(p
            .next(1, Attempt::Failed(FailureKind::ConnectionRefused))
            .is_none());
        assert!(p.next(1, Attempt::Failed(FailureKind::Dns)).is_none());
    }

    #[test]
    fn stops_after_the_last_retry() {
        let p = policy();
        let busy = Attempt::Answered(status(503), None);
        assert!((1..=3).all(|sent| p.next(sent, busy).is_some()));
        assert_eq!(p.next(4, busy), None);
        let never = RetryPolicy { retries: 0, ..p };
        assert_eq!(never.next(1, busy), None);
    }

    #[test]
    fn backoff_doubles_with_up_to_half_again_of_jitter() {
        let p = policy();
        let busy = Attempt::Answered(status(500), None);
        let wait = |sent, jitter| p.next_with_jitter(sent, busy, jitter).expect("retry");
        assert_eq!(
            wait(1, 0.0),
            Retry {
                wait: ms(100),
                asked: false
            }
        );
        assert_eq!(wait(2, 0.0).wait, ms(200));
        assert_eq!(wait(3, 0.0).wait, ms(400));
        assert_eq!(wait(1, 0.5).wait, ms(125));
        assert_eq!(wait(3, 0.999_999).wait.as_millis(), 599);
        for sent in 1..=3 {
            let w = p.next(sent, busy).expect("retry").wait;
            let base = ms(100) * (1 << (sent - 1));
            assert!(w >= base && w <= base.mul_f64(1.5), "{sent}: {w:?}");
        }
    }

    #[test]
    fn every_wait_is_capped() {
        let p = RetryPolicy {
            retries: 100,
            first_wait: Duration::from_secs(1),
            max_wait: Duration::from_secs(5),
        };
        let busy = Attempt::Answered(status(503), None);
        // 1 s, 2 s, 4 s (+ jitter up to 6 s, capped), 8 s → 5 s, … 2^99 s → 5 s.
        assert_eq!(
            p.next_with_jitter(3, busy, 0.9).expect("retry").wait,
            p.max_wait
        );
        for sent in [4, 40, 100] {
            assert_eq!(
                p.next_with_jitter(sent, busy, 0.0).expect("retry").wait,
                p.max_wait
            );
        }
        // A huge cap and first wait do not overflow.
        let huge = RetryPolicy {
            retries: 100,
            first_wait: Duration::MAX,
            max_wait: Duration::MAX,
        };
        assert_eq!(
            huge.next_with_jitter(99, busy, 0.9).expect("retry").wait,
            Duration::MAX
        );
        // A Retry-After up to the cap is waited exactly; beyond it, no retry.
        let asked = |secs| Attempt::Answered(status(429), Some(Duration::from_secs(secs)));
        assert_eq!(
            p.next(1, asked(5)),
            Some(Retry {
                wait: Duration::from_secs(5),
                asked: true
            })
        );
        assert_eq!(p.next(1, asked(0)).expect("retry").wait, Duration::ZERO);
        assert_eq!(p.next(1, asked(6)), None);
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = Utc::now();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn retry_after_as_an_http_date() {
        let now = DateTime::parse_from_rfc3339("1994-11-06T08:49:07Z")
            .expect("time")
            .with_timezone(&Utc);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(value, now),
                Some(Duration::from_secs(30)),
                "{value}"
            );
        }
        // A date already past: retry now.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", Utc::now()),
            Some(Duration::ZERO)
        );
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().expect("value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn run_retries_until_final_and_counts_requests() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("rt");
        let p = RetryPolicy {
            retries: 5,
            first_wait: ms(1),
            max_wait: ms(5),
        };
        let answers = [503_u16, 429, 200, 500];
        let mut next = answers.iter();
        let mut retries = Vec::new();
        let (last, sent) = rt.block_on(p.run(
            || {
                let code = *next.next().expect("asked too often");
                async move { code }
            },
            |code| {
                let asked = (*code == 429).then_some(ms(2));
                Attempt::Answered(status(*code), asked)
            },
            |r| retries.push(r.asked),
        ));
        assert_eq!((last, sent), (200, 3));
        assert_eq!(retries, [false, true]);
    }
}
