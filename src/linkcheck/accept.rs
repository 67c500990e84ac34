//! Which HTTP status codes count as "ok": `--accept 200..=299,403`, lychee's syntax.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// A set of accepted HTTP status codes, written as comma-separated codes and ranges:
/// `200`, `200..=299`, `200..300` (end excluded), `..=204`, `..204`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusSet(Vec<RangeInclusive<u16>>);

impl StatusSet {
    /// True when `status` is accepted.
    #[must_use]
    pub fn contains(&self, status: u16) -> bool {
        self.0.iter().any(|r| r.contains(&status))
    }
}

impl Default for StatusSet {
    /// `100..=103,200..=299`: informational answers and every success.
    fn default() -> Self {
        Self(vec![100..=103, 200..=299])
    }
}

/// A status list that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid status list {input:?}: {reason} (write codes and ranges like 200..=299,403)")]
pub struct StatusSetError {
    input: String,
    reason: String,
}

impl FromStr for StatusSet {
    type Err = StatusSetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| StatusSetError {
            input: s.to_owned(),
            reason,
        };
        let code = |t: &str| -> Result<u16, StatusSetError> {
            let t = t.trim();
            match t.parse::<u16>() {
                Ok(c) if (100..=999).contains(&c) => Ok(c),
                _ => Err(fail(format!("{t:?} is not an HTTP status code"))),
            }
        };
        let mut ranges = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let range = if let Some((start, end)) = part.split_once("..") {
                let start = if start.trim().is_empty() {
                    100
                } else {
                    code(start)?
                };
                let end = if let Some(end) = end.strip_prefix('=') {
                    code(end)?
                } else if end.trim().is_empty() {
                    999
                } else {
                    code(end)?
                        .checked_sub(1)
                        .ok_or_else(|| fail(format!("empty range {part:?}")))?
                };
                if end < start {
                    return Err(fail(format!("empty range {part:?}")));
                }
                start..=end
            } else {
                let c = code(part)?;
                c..=c
            };
            ranges.push(range);
        }
        if ranges.is_empty() {
            return Err(fail("no status codes".to_owned()));
        }
        Ok(Self(ranges))
    }
}

impl fmt::Display for StatusSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if r.start() == r.end() {
                write!(f, "{}", r.start())?;
            } else {
                write!(f, "{}..={}", r.start(), r.end())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, accepted: &[u16], refused: &[u16]) {
        let set: StatusSet = input.parse().unwrap();
        for c in accepted {
            assert!(set.contains(*c), "{input} should accept {c}");
        }
        for c in refused {
            assert!(!set.contains(*c), "{input} should refuse {c}");
        }
    }

    #[test]
    fn reads_codes_and_ranges() {
        check("200..=299,403", &[200, 250, 299, 403], &[301, 404, 500]);
        check("200..204", &[200, 203], &[204]);
        check("..=204", &[100, 204], &[205]);
        check(" 200 , 429 ", &[200, 429], &[201]);
        check("500..", &[500, 999], &[499]);
        assert_eq!(StatusSet::default().to_string(), "100..=103,200..=299");
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["", "abc", "99", "300..=200", "200..200", "1000"] {
            let err = bad.parse::<StatusSet>().unwrap_err();
            assert!(err.to_string().contains("invalid status list"), "{bad}");
        }
    }
}
