//! Meeting or not: whether a recap records a meeting, with the reason (file names,
//! placeholder titles, schedules, front-matter-only dates).

use std::sync::LazyLock;

use regex::Regex;

use super::*;
use crate::recap::Recap;

pub(super) static NOT_A_MEETING_STEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(toc|summary|readme|index|contents|template|templates|license|licence|changelog|contributing|code[-_ ]of[-_ ]conduct|governance|charter|security|authors|maintainers|codeowners|schedule|calendar|_index|404)$")
        .expect("valid regex")
});

pub(super) static MEETING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(meeting|meetings|minutes|notes|call|meetup|sync|triage|standup|stand-up|retro|retrospective|session|summit|workshop|conference|gathering|agenda|mtg)\b")
        .expect("valid regex")
});

pub(super) static NO_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(no (meeting )?minutes (were )?taken|renamed to|moved to|this (file|page) (has )?moved)").expect("valid regex")
});

/// Whether a recap records a meeting: `Ok` with the reason it does, `Err` with the reason
/// it does not.
///
/// # Errors
/// The reason the file is not a meeting record.
pub fn meeting_verdict(
    recap: &Recap,
    config: &ExtractConfig,
    people: &[Person],
    date: Option<&(String, DateSource)>,
    items: &[agenda::FoundItem],
) -> Result<String, String> {
    if config.not_a_meeting {
        return Err("matches a `not_meetings` pattern of recapgraph.toml".into());
    }
    let stem = std::path::Path::new(&recap.source_path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    if NOT_A_MEETING_STEM.is_match(stem) {
        return Err(format!(
            "the file name \"{stem}\" is an index, README or template"
        ));
    }
    let lower_stem = stem.to_lowercase();
    if lower_stem.contains("template") || lower_stem.contains("boilerplate") {
        return Err(format!("the file name \"{stem}\" says it is a template"));
    }
    for t in [Some(recap.title.as_str()), recap.h1.as_deref()]
        .into_iter()
        .flatten()
    {
        if dates::is_placeholder(t) {
            return Err(format!("the title \"{t}\" is a template's placeholder"));
        }
    }
    let first_text = recap
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            crate::recap::Block::Paragraph { text, .. }
            | crate::recap::Block::ListItem { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or("");
    if people.is_empty() && NO_MINUTES.is_match(first_text.trim()) {
        return Err("it says no minutes were taken or that it moved".into());
    }
    let Some((_, source)) = date else {
        return Err("no meeting date in its text, title or path".into());
    };
    let dated_headings = dates::dated_headings(recap, config);
    if dated_headings >= 4 && people.is_empty() {
        return Err(format!(
            "an index or schedule: {dated_headings} headings carry different dates"
        ));
    }
    if !people.is_empty() {
        return Ok(format!(
            "a date ({source:?}) and {} attendees",
            people.len()
        ));
    }
    // No attendee list: a meeting only when it says so (title, a heading that is just a
    // date, a minutes folder, or a date line) and has items.
    let folders = std::path::Path::new(&recap.source_path)
        .parent()
        .map(|p| p.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let in_minutes_folder = folders
        .split('/')
        .any(|f| MEETING_WORDS.is_match(&f.replace(['-', '_'], " ")))
        || MEETING_WORDS.is_match(&split_words(stem));
    let h1_is_a_date = recap.h1.as_deref().is_some_and(|h| {
        let mut rest = h.to_owned();
        for m in crate::recap::find_dates(h).iter().rev() {
            rest.replace_range(m.start..m.end, " ");
        }
        rest != h
            && rest
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                <= 2
    });
    let titled = MEETING_WORDS.is_match(&recap.title)
        || recap
            .h1
            .as_deref()
            .is_some_and(|h| MEETING_WORDS.is_match(h))
        || h1_is_a_date
        || in_minutes_folder;
    let jekyll_post = recap.front_matter.layout.is_some()
        && recap.file_name_date.is_some()
        && !recap.title.to_lowercase().contains("minutes");
    let ok = match source {
        DateSource::DateLine => true,
        DateSource::Heading | DateSource::Title => titled || !items.is_empty(),
        DateSource::FileName => {
            !jekyll_post && !items.is_empty() && (titled || recap.h1.is_none() || items.len() >= 2)
        }
        // A date only in the prose or front matter: minutes that call themselves so.
        DateSource::Prose | DateSource::FrontMatter => {
            !jekyll_post && !items.is_empty() && MEETING_WORDS.is_match(&recap.title)
        }
    };
    if ok {
        Ok(format!(
            "a date ({source:?}) and {} agenda items{}",
            items.len(),
            if titled { ", called a meeting" } else { "" }
        ))
    } else if items.is_empty() {
        Err(format!(
            "a date ({source:?}) but no attendees and no agenda items"
        ))
    } else if jekyll_post {
        Err("a dated blog post that does not call itself minutes, with no attendee list".into())
    } else {
        Err(format!(
            "a date only from {source:?}, no attendee list, and nothing calls it a meeting"
        ))
    }
}

/// "TeamMeeting20240611Oslo" → "Team Meeting 20240611 Oslo".
pub(super) fn split_words(stem: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_ascii_digit())
                || (p.is_ascii_digit() && c.is_alphabetic())
        });
        if boundary || c == '-' || c == '_' || c == '.' {
            out.push(' ');
        }
        if c != '-' && c != '_' && c != '.' {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}
