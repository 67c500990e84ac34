//! What no rule can guess about one team's notes: extra attendee and agenda headings, the
//! order of numeric dates, and files that are not meetings. Plain data; reading it from a
//! `recapgraph.toml` lives in [`crate::config`].

use serde::{Deserialize, Serialize};

/// The order of day and month in a numeric date such as `2/10/2017`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first: `2/10/2017` is 2 October 2017.
    Dmy,
    /// Month first: `2/10/2017` is 10 February 2017.
    Mdy,
}

/// Per-folder extraction settings. The default is what the rules decide alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractConfig {
    /// Extra headings or labels (any case, punctuation ignored) that open an attendee list.
    pub attendee_headings: Vec<String>,
    /// Extra headings or labels that open the agenda (their list or sub-headings are items).
    pub agenda_headings: Vec<String>,
    /// The order of numeric dates when no day over 12 settles it.
    pub date_order: Option<DateOrder>,
    /// Source paths (relative to the ingested folder) that were matched by the config's
    /// `not_meetings` globs; set by the loader per file, read by [`super::extract_with`].
    pub not_a_meeting: bool,
}

/// Normalises a heading or label for comparison with configured headings: lower case,
/// words of letters and digits joined by single spaces.
#[must_use]
pub fn normalize_heading(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl ExtractConfig {
    /// True when `text` is one of the configured attendee headings.
    #[must_use]
    pub fn is_attendee_heading(&self, text: &str) -> bool {
        let n = normalize_heading(text);
        !n.is_empty()
            && self
                .attendee_headings
                .iter()
                .any(|h| normalize_heading(h) == n)
    }

    /// True when `text` is one of the configured agenda headings.
    #[must_use]
    pub fn is_agenda_heading(&self, text: &str) -> bool {
        let n = normalize_heading(text);
        !n.is_empty()
            && self
                .agenda_headings
                .iter()
                .any(|h| normalize_heading(h) == n)
    }
}
