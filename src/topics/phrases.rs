//! Key phrases of topic labels: Unicode words (`unicode-segmentation`), lower-cased,
//! stop words and words that name no subject dropped, Snowball-stemmed
//! (`rust-stemmers`), so that "Observability with tracing", "observability: traces" and
//! "Tracing observability" all read as the stems `observ`, `trace`.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// English function words, and words of meeting talk that name no subject on their own
/// ("update", "discussion", "proposal", "status"): a title's key phrase is what is left.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "during",
    "each",
    "either",
    "etc",
    "for",
    "from",
    "further",
    "get",
    "had",
    "has",
    "have",
    "having",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "may",
    "might",
    "more",
    "most",
    "must",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "use",
    "using",
    "very",
    "via",
    "vs",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    // Meeting talk: kinds of item, stages, and how it stands.
    "agenda",
    "announcement",
    "announcements",
    "brief",
    "continued",
    "continuation",
    "current",
    "discuss",
    "discussed",
    "discussion",
    "discussions",
    "follow",
    "followup",
    "general",
    "issue",
    "issues",
    "item",
    "items",
    "misc",
    "miscellaneous",
    "new",
    "next",
    "note",
    "notes",
    "open",
    "pending",
    "pr",
    "prs",
    "progress",
    "proposal",
    "proposals",
    "proposed",
    "question",
    "questions",
    "quick",
    "re",
    "recap",
    "relevant",
    "related",
    "report",
    "reports",
    "request",
    "requests",
    "review",
    "reviews",
    "revisit",
    "status",
    "topic",
    "topics",
    "update",
    "updates",
    "wip",
];

/// The stems of `label`'s subject words, in order: no stop words, no numbers, no
/// one-letter words.
#[must_use]
pub fn key_stems(label: &str) -> Vec<String> {
    label
        .unicode_words()
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() > 1
                && !w.chars().all(|c| c.is_ascii_digit())
                && !STOP_WORDS.contains(&w.as_str())
        })
        .map(|w| {
            // Hyphenated and dotted words ("real-time", "v8.x") come as their parts from
            // `unicode_words`; apostrophes stay ("team's" → "team").
            let w = w.trim_end_matches("'s").trim_end_matches("’s");
            STEMMER.stem(w).into_owned()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_normalise_case_plurals_and_stop_words() {
        assert_eq!(key_stems("Observability"), vec!["observ"]);
        assert_eq!(
            key_stems("Observability with tracing"),
            vec!["observ", "trace"]
        );
        assert_eq!(key_stems("observability: Traces"), vec!["observ", "trace"]);
        assert_eq!(
            key_stems("Release schedule update"),
            vec!["releas", "schedul"]
        );
        assert_eq!(key_stems("Issue #12 - the 2024 budget"), vec!["budget"]);
        assert!(key_stems("Updates and open questions").is_empty());
        assert_eq!(key_stems("Real-time sync"), vec!["real", "time", "sync"]);
    }
}
