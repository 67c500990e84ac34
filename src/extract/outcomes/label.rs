//! Outcome labels: which headings, `Label:` lines, `[TAG]`s and leading words open a
//! decision or an action, read from the words of the label (see `lexicon`), never from
//! one team's wording.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::lexicon::{
    ACTION_PHRASES, ACTION_WORDS, DECISION_WORDS, NOTHING_PHRASES, OUTCOME_FILLER, REVIEW_WORDS,
};

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// Something the meeting decided.
    Decision,
    /// Something the meeting asked someone to do.
    Action,
    /// Earlier meetings' actions, reviewed ("Review action items", "Previous actions").
    Review,
    /// Both ("Decisions and action items"): an entry that names who acts is an action,
    /// the others are decisions.
    Mixed,
}

/// A label at the start of a line and what follows it on that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Leading<'t> {
    pub cue: Cue,
    /// The text after the label (may be empty: the label stands alone).
    pub rest: &'t str,
    /// Names in brackets inside the label ("Action item (Ann):"): the owners.
    pub owners: Option<&'t str>,
}

/// `[ACTION]`, `[Decision]`, `(AI)`: a tag in brackets.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[\[(]\s*([A-Za-z][A-Za-z -]{0,20}?)\s*[\])]\s*[:\-–—]?\s*")
        .expect("valid regex")
});

/// `Label: rest`, `Label - rest`, `Label — rest`.
static COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([^:\n]{1,48}?)\s*(?::|\s[-–—]\s)\s*").expect("valid regex"));

/// A tag in brackets later in the line: "We should release today! [ACTION] sam".
static TRAILING_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s[\[(]\s*([A-Za-z][A-Za-z -]{0,20}?)\s*[\])]\s*:?\s*").expect("valid regex")
});

fn words(label: &str) -> Vec<String> {
    label
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '&' | ',' | '+' | '|'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The cue of a label made only of outcome words and filler ("Conclusion/Resolution",
/// "Action items", "Next steps", "Tentative decision"). `AI` counts only in capitals.
pub(super) fn label_cue(label: &str) -> Option<Cue> {
    let raw = label.trim().trim_end_matches(':').trim();
    // "Conclusion?" asks for one: what follows is the discussion, not an outcome.
    if raw.is_empty() || raw.chars().count() > 48 || raw.ends_with('?') {
        return None;
    }
    let normalized = words(raw).join(" ");
    if ACTION_PHRASES.contains(&normalized.as_str()) {
        return Some(Cue::Action);
    }
    let mut decision = false;
    let mut action = false;
    let mut review = false;
    let raw_words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '&' | ',' | '+' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    for (k, w) in words(raw).iter().enumerate() {
        let as_written = raw_words
            .get(k)
            .map_or("", |w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        if DECISION_WORDS.contains(&w.as_str()) {
            decision = true;
        } else if matches!(w.as_str(), "ai" | "ais") {
            if !as_written.starts_with("AI") {
                return None;
            }
            action = true;
        } else if ACTION_WORDS.contains(&w.as_str()) {
            action = true;
        } else if w == "next" || w == "steps" || w == "step" || w == "follow-up" || w == "to" {
            // Parts of the phrases above, with filler around them ("Next steps for v2").
            if !ACTION_PHRASES.iter().any(|p| normalized.contains(p)) {
                return None;
            }
            action = true;
        } else if REVIEW_WORDS.contains(&w.as_str()) {
            review = true;
        } else if !OUTCOME_FILLER.contains(&w.as_str()) && w.parse::<u32>().is_err() {
            return None;
        }
    }
    match (decision, action) {
        (_, true) if review => Some(Cue::Review),
        (true, false) if review => None,
        (true, false) => Some(Cue::Decision),
        (false, true) => Some(Cue::Action),
        (true, true) => Some(Cue::Mixed),
        (false, false) => None,
    }
}

/// The label a line starts with, if any: `[ACTION] …`, `Resolution: …`,
/// `Action item - …`, `RESOLVED …`, or a participle that starts a decision sentence
/// ("Agreed to approve the minutes", kept whole).
pub(super) fn leading(line: &str) -> Option<Leading<'_>> {
    let line = line.trim_start();
    if let Some(c) = TAG.captures(line) {
        if let (Some(tag), Some(all)) = (c.get(1), c.get(0)) {
            if let Some(cue) = label_cue(tag.as_str()) {
                return Some(Leading {
                    cue,
                    rest: line[all.end()..].trim(),
                    owners: None,
                });
            }
        }
    }
    if let Some(c) = COLON.captures(line) {
        if let (Some(label), Some(all)) = (c.get(1), c.get(0)) {
            // "http://…" is no label.
            let url = line[all.end()..].starts_with("//");
            if !url {
                // "Action item (Ann, Bo):" names the owners inside the label.
                let (label, owners) = match label.as_str().split_once('(') {
                    Some((l, o)) if o.ends_with(')') => (l, Some(o.trim_end_matches(')'))),
                    _ => (label.as_str(), None),
                };
                if let Some(cue) = label_cue(label) {
                    return Some(Leading {
                        cue,
                        rest: line[all.end()..].trim(),
                        owners,
                    });
                }
            }
        }
    }
    // A line that is a label and nothing else ("**Decisions made**", "Action items").
    if let Some(cue) = label_cue(line) {
        return Some(Leading {
            cue,
            rest: "",
            owners: None,
        });
    }
    bare_word(line)
}

/// A line that starts with an outcome word and no punctuation after it.
fn bare_word(line: &str) -> Option<Leading<'_>> {
    let (first, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let word = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let next = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    let participle = matches!(
        word.as_str(),
        "agreed" | "decided" | "resolved" | "consensus"
    );
    if participle
        && matches!(
            next.as_str(),
            "to" | "that" | "on" | "upon" | "by" | "is" | "was" | "reached"
        )
    {
        // A sentence that says what was decided: kept whole.
        return Some(Leading {
            cue: Cue::Decision,
            rest: line,
            owners: None,
        });
    }
    let upper = first.chars().any(char::is_alphabetic)
        && first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && first.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    let cue = label_cue(&word).filter(|_| !rest.is_empty())?;
    let title_case_answer = participle
        && first.chars().next().is_some_and(char::is_uppercase)
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && rest.split_whitespace().count() <= 12;
    (upper || title_case_answer).then_some(Leading {
        cue,
        rest,
        owners: None,
    })
}

/// A tag later in the line: the text before it and what follows the tag
/// ("We should release today! [ACTION] sam" → the action, "sam").
pub(super) fn trailing_tag(line: &str) -> Option<(Cue, &str, &str)> {
    let c = TRAILING_TAG.captures(line)?;
    let (tag, all) = (c.get(1)?, c.get(0)?);
    let cue = label_cue(tag.as_str())?;
    // Only tags in capitals or with the cue word itself ("[ACTION]", "[action]"), never
    // an ordinary bracket note.
    let before = line[..all.start()].trim();
    (!before.is_empty()).then_some((cue, before, line[all.end()..].trim()))
}

/// True when `text` says nothing was decided or assigned ("No conclusion", "None",
/// "N/A", "No need to discuss this today").
pub(super) fn says_nothing(text: &str) -> bool {
    let t = words(text).join(" ");
    let t = t.trim_end_matches('.');
    // A phrase of two words or more may start a short text ("No conclusion yet"); one
    // word must be all of it ("None", not "Nothing big to address here").
    NOTHING_PHRASES.iter().any(|p| {
        t == *p || (p.contains(' ') && t.starts_with(&format!("{p} ")) && t.split(' ').count() <= 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_from_their_words() {
        assert_eq!(label_cue("Conclusion/Resolution"), Some(Cue::Decision));
        assert_eq!(label_cue("Tentative decision:"), Some(Cue::Decision));
        assert_eq!(label_cue("Action Items"), Some(Cue::Action));
        assert_eq!(label_cue("Next Steps"), Some(Cue::Action));
        assert_eq!(label_cue("AI"), Some(Cue::Action));
        assert_eq!(label_cue("ai"), None);
        assert_eq!(label_cue("GitHub Actions"), None);
        assert_eq!(label_cue("Summary"), None);
        assert_eq!(label_cue("Review action items"), Some(Cue::Review));
        assert_eq!(label_cue("Decisions and action items"), Some(Cue::Mixed));
        assert_eq!(label_cue("Action items from last week"), Some(Cue::Review));
        assert_eq!(label_cue("Desired outcome of the budget review"), None);
    }

    #[test]
    fn leading_labels() {
        let l = leading("Resolution: We will not do it.").expect("label");
        assert_eq!((l.cue, l.rest), (Cue::Decision, "We will not do it."));
        let l = leading("[ACTION] Dyck to raise a PR").expect("tag");
        assert_eq!((l.cue, l.rest), (Cue::Action, "Dyck to raise a PR"));
        let l = leading("Agreed to approve minutes").expect("sentence");
        assert_eq!(
            (l.cue, l.rest),
            (Cue::Decision, "Agreed to approve minutes")
        );
        let l = leading("Resolved No").expect("answer");
        assert_eq!((l.cue, l.rest), (Cue::Decision, "No"));
        let l = leading("ACTION Kim to send the invite").expect("capitals");
        assert_eq!((l.cue, l.rest), (Cue::Action, "Kim to send the invite"));
        let l = leading("Action item (Ann, Bo): send the notes").expect("owners in label");
        assert_eq!(
            (l.cue, l.rest, l.owners),
            (Cue::Action, "send the notes", Some("Ann, Bo"))
        );
        assert_eq!(leading("Conclusion?"), None);
        let l = leading("Decisions made").expect("a label alone");
        assert_eq!((l.cue, l.rest), (Cue::Decision, ""));
        assert_eq!(leading("Actions speak louder than words"), None);
        assert_eq!(leading("Resolved issues with the build"), None);
        assert_eq!(leading("Context: https://example.org/x"), None);
        assert_eq!(leading("Note: the action was taken"), None);
    }

    #[test]
    fn trailing_tags_and_empty_outcomes() {
        assert_eq!(
            trailing_tag("We should release today! [ACTION] sam"),
            Some((Cue::Action, "We should release today!", "sam"))
        );
        assert_eq!(trailing_tag("Ship it (Ann, 10 min)"), None);
        assert!(says_nothing("No conclusion."));
        assert!(says_nothing("None"));
        assert!(says_nothing("No need to discuss this today."));
        assert!(!says_nothing("Nothing big to address here."));
        assert!(!says_nothing(
            "None of the options work, so we drop the feature"
        ));
    }
}
