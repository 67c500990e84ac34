//! The two dates of a recap: the day the meeting took place and the day the post was
//! published. Each source is a small recogniser, tried in a fixed order.

use std::sync::LazyLock;

use regex::Regex;

use super::DateSource;
use crate::recap::{find_dates, parse_date, Block, Recap};

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\*\*)?(?:meeting date|date of meeting|meeting held|held on|date)(?:\*\*)?\s*:?(?:\*\*)?\s*(.+)$").expect("valid regex")
});
static DAY_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*day\s+\w+\s*[—–:-]+\s*(.+)$").expect("valid regex"));
static NEXT_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(next|upcoming|future)\b").expect("valid regex"));
static MMDDYYYY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b").expect("valid regex"));
static SPACED_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d) (\d\d) (\d\d)\b").expect("valid regex"));

/// A date in a heading or title, also in the forms headings use that prose does not
/// (`02/09/2015`, `2020 09 21`).
fn heading_date(text: &str) -> Option<String> {
    if text.contains("{{") {
        return None;
    }
    parse_date(text).or_else(|| {
        let c = MMDDYYYY
            .captures(text)
            .or_else(|| SPACED_ISO.captures(text))?;
        let (a, b, y) = if MMDDYYYY.is_match(text) {
            (c.get(1)?, c.get(2)?, c.get(3)?)
        } else {
            (c.get(2)?, c.get(3)?, c.get(1)?)
        };
        parse_date(&format!(
            "{}-{:0>2}-{:0>2}",
            y.as_str(),
            a.as_str(),
            b.as_str()
        ))
    })
}

/// The lines of text the recap opens with (before its second heading), where prose
/// gives the meeting date ("On Thursday, March 28th, 2013, …").
fn opening_lines(recap: &Recap) -> Vec<&str> {
    let mut out = Vec::new();
    for s in recap.sections.iter().take(3) {
        if s.level > 1 {
            break;
        }
        for b in s.blocks.iter().take(4) {
            if let Block::Paragraph { text, .. } = b {
                out.extend(text.lines());
            }
        }
    }
    out
}

/// The day the meeting took place, and where it was read.
#[must_use]
pub fn meeting_date(recap: &Recap) -> Option<(String, DateSource)> {
    // 1. "Meeting date: 2021-11-02" as a bullet or a line, outside "next meeting" sections.
    for s in &recap.sections {
        if NEXT_MEETING.is_match(&s.heading) {
            continue;
        }
        for b in &s.blocks {
            let text = match b {
                Block::ListItem { text, .. } | Block::Paragraph { text, .. } => text,
                _ => continue,
            };
            for line in text.lines().take(3) {
                if let Some(c) = DATE_LINE.captures(line) {
                    if NEXT_MEETING.is_match(line) {
                        continue;
                    }
                    if let Some(d) = c.get(1).and_then(|m| heading_date(m.as_str())) {
                        return Some((d, DateSource::DateLine));
                    }
                }
            }
        }
        if s.level >= 2 {
            // Date lines sit at the top of minutes; stop before the discussion.
            break;
        }
    }
    // 2. The level-1 heading.
    if let Some(d) = recap.h1.as_deref().and_then(heading_date) {
        return Some((d, DateSource::Heading));
    }
    // 3. "Day One—22 September 2025" and opening prose.
    let opening = opening_lines(recap);
    for line in &opening {
        if let Some(d) = DAY_LINE
            .captures(line)
            .and_then(|c| c.get(1))
            .and_then(|m| parse_date(m.as_str()))
        {
            return Some((d, DateSource::Prose));
        }
    }
    // 4. The front-matter title.
    if let Some(d) = recap.front_matter.title.as_deref().and_then(heading_date) {
        return Some((d, DateSource::Title));
    }
    for line in &opening {
        if NEXT_MEETING.is_match(line) && !line.to_lowercase().starts_with("on ") {
            continue;
        }
        if let Some(m) = find_dates(line).into_iter().next() {
            return Some((m.iso, DateSource::Prose));
        }
    }
    // 5. The file name; 6. the front-matter date.
    if let Some(d) = recap.file_name_date.clone() {
        return Some((d, DateSource::FileName));
    }
    recap
        .front_matter
        .date
        .as_deref()
        .and_then(parse_date)
        .map(|d| (d, DateSource::FrontMatter))
}

/// The day the post was published: front-matter `date`, else a Jekyll file name
/// (`YYYY-MM-DD-slug` of a file with front matter).
#[must_use]
pub fn publication_date(recap: &Recap) -> Option<String> {
    if let Some(d) = recap.front_matter.date.as_deref().and_then(parse_date) {
        return Some(d);
    }
    let stem = std::path::Path::new(&recap.source_path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let jekyll_name = stem.len() > 11 && stem.as_bytes().get(10) == Some(&b'-');
    if recap.front_matter.present && jekyll_name {
        return recap.file_name_date.clone();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::{parse, Format};

    fn date(path: &str, text: &str) -> Option<(String, DateSource)> {
        meeting_date(&parse(text, path, Format::Markdown))
    }

    #[test]
    fn sources_in_order() {
        assert_eq!(
            date(
                "2021-11-03.md",
                "# T-lang agenda\n\n* Meeting date: 2021-11-02\n"
            ),
            Some(("2021-11-02".into(), DateSource::DateLine))
        );
        assert_eq!(
            date("x.md", "# Minutes of the meeting of 02/09/2015\n"),
            Some(("2015-02-09".into(), DateSource::Heading))
        );
        assert_eq!(
            date(
                "x.md",
                "# 110th TC39 Meeting\n\nDay One—22 September 2025\n"
            ),
            Some(("2025-09-22".into(), DateSource::Prose))
        );
        assert_eq!(
            date(
                "2013-04-01-apr.md",
                "---\ntitle: Wrap up\n---\nOn Thursday, March 28th, 2013, nine people met.\n\n## Next meeting\n\nApril 25, 2013\n"
            ),
            Some(("2013-03-28".into(), DateSource::Prose))
        );
        assert_eq!(
            date("2016-01-21.md", "# TSC\n\n## Next Meeting\n\n2016-01-28\n"),
            Some(("2016-01-21".into(), DateSource::FileName))
        );
    }

    #[test]
    fn publication_needs_jekyll_post() {
        let r = parse(
            "---\ntitle: x\n---\nbody\n",
            "2013-04-01-apr.md",
            Format::Markdown,
        );
        assert_eq!(publication_date(&r).as_deref(), Some("2013-04-01"));
        let r = parse("# TSC\n", "2016-01-21.md", Format::Markdown);
        assert_eq!(publication_date(&r), None);
    }
}
