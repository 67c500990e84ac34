//! The two dates of a recap: the day the meeting took place and the day the post was
//! published. Each source is a small recogniser, tried in a fixed order.

use std::sync::LazyLock;

use regex::Regex;

use super::{DateOrder, DateSource, ExtractConfig};
use crate::recap::{find_dates, month_of, parse_date, year_from_path, ymd, Block, Recap};

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-*]\s*)?(?:meeting date|date of (?:the )?meeting|meeting held|held on|date\s*(?:and|&|/)\s*time|when|date)\b\s*[:：-]?\s*(.+)$").expect("valid regex")
});
static DAY_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*day\s+\w+\s*[—–:-]+\s*(.+)$").expect("valid regex"));
static NEXT_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(next|upcoming|future)\b").expect("valid regex"));
/// `2/10/2017`, `10.02.2017`, `3-14-19`: day and month in an order the text must settle.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(\d{1,2})([/.-])(\d{1,2})([/.-])((?:19|20)\d\d|\d\d)(?:$|[^\d/.-]|[.-](?:$|\s))")
        .expect("valid regex")
});
static SPACED_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d) (\d\d) (\d\d)\b").expect("valid regex"));
/// "Sep 30", "30 September", "Wednesday, March 4th": a day without its year.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d))?|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\b")
        .expect("valid regex")
});
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\{[^}]*\}|\byyyy\b|\bmm[-/.]dd\b|\bdd[-/.]mm\b|\bxx[-/.]xx\b|<\s*date\s*>|\[\s*date\s*\]")
        .expect("valid regex")
});

/// What a date is read with: the folder's settings and the year the path gives.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// The configured order of numeric dates.
    pub order: Option<DateOrder>,
    /// The year from the path or front matter, for dates written without one.
    pub year: Option<i32>,
    /// The date the path gives, to settle an ambiguous numeric date.
    pub path_date: Option<(i32, u32, u32)>,
}

impl DateContext {
    /// The context of one recap.
    #[must_use]
    pub fn of(recap: &Recap, config: &ExtractConfig) -> Self {
        let path_date = recap.file_name_date.as_deref().and_then(|d| {
            let mut it = d.split('-');
            Some((
                it.next()?.parse().ok()?,
                it.next()?.parse().ok()?,
                it.next()?.parse().ok()?,
            ))
        });
        let year = path_date
            .map(|(y, _, _)| y)
            .or_else(|| year_from_path(&recap.source_path))
            .or_else(|| {
                recap
                    .front_matter
                    .date
                    .as_deref()
                    .and_then(parse_date)
                    .and_then(|d| d.get(..4)?.parse().ok())
            });
        Self {
            order: config.date_order,
            year,
            path_date,
        }
    }
}

/// A numeric date (`2/10/2017`), its day/month order settled by a number over 12, the
/// folder's configured order, the path's date, or the separator (`.`: day first).
fn numeric_date(text: &str, ctx: &DateContext, short_year: bool) -> Option<String> {
    for c in NUMERIC.captures_iter(text) {
        let (a, s1, b, s2, y) = (c.get(1)?, c.get(2)?, c.get(3)?, c.get(4)?, c.get(5)?);
        if s1.as_str() != s2.as_str() {
            continue;
        }
        let (a, b): (u32, u32) = (a.as_str().parse().ok()?, b.as_str().parse().ok()?);
        let year: i32 = match y.as_str().len() {
            4 => y.as_str().parse().ok()?,
            _ if short_year => {
                let yy: i32 = y.as_str().parse().ok()?;
                if yy <= 69 {
                    2000 + yy
                } else {
                    1900 + yy
                }
            }
            _ => continue,
        };
        let dmy = if a > 12 {
            true
        } else if b > 12 {
            false
        } else if let Some(order) = ctx.order {
            order == DateOrder::Dmy
        } else if let Some((py, pm, pd)) = ctx.path_date.filter(|p| p.0 == year) {
            let _ = py;
            if (pm, pd) == (b, a) {
                true
            } else if (pm, pd) == (a, b) {
                false
            } else {
                s1.as_str() == "."
            }
        } else {
            s1.as_str() == "."
        };
        let (m, d) = if dmy { (b, a) } else { (a, b) };
        if let Some(date) = ymd(year, m, d) {
            return Some(date);
        }
    }
    None
}

/// A day written without its year ("Sep 30", "Wednesday 4th March"), in the year the
/// context gives.
fn yearless_date(text: &str, ctx: &DateContext) -> Option<String> {
    let year = ctx.year?;
    for c in MONTH_DAY.captures_iter(text) {
        let (month, day) = match (c.get(1), c.get(2), c.get(4), c.get(5)) {
            (Some(m), Some(d), _, _) => (m, d),
            (_, _, Some(d), Some(m)) => (m, d),
            _ => continue,
        };
        let (Some(m), Ok(d)) = (month_of(month.as_str()), day.as_str().parse()) else {
            continue;
        };
        if let Some(date) = ymd(year, m, d) {
            return Some(date);
        }
    }
    None
}

/// A date in a heading, title or date line, in every form those use: written dates,
/// ISO, numeric dates of either order, `2020 09 21`, and days without a year.
fn heading_date(text: &str, ctx: &DateContext) -> Option<String> {
    if text.contains("{{") || PLACEHOLDER.is_match(text) {
        return None;
    }
    parse_date(text)
        .or_else(|| numeric_date(text, ctx, true))
        .or_else(|| {
            let c = SPACED_ISO.captures(text)?;
            ymd(
                c.get(1)?.as_str().parse().ok()?,
                c.get(2)?.as_str().parse().ok()?,
                c.get(3)?.as_str().parse().ok()?,
            )
        })
        .or_else(|| yearless_date(text, ctx))
}

/// True when a title or heading is a template's placeholder (`{month} {day}`,
/// `YYYY-MM-DD`, "[Your Initiative Here]").
#[must_use]
pub fn is_placeholder(text: &str) -> bool {
    PLACEHOLDER.is_match(text)
        || (text.contains('[') && text.to_lowercase().contains("your"))
        || text.contains("{{")
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
            if let Block::Paragraph { text, .. } | Block::ListItem { text, .. } = b {
                out.extend(text.lines());
            }
        }
    }
    out
}

/// The day the meeting took place, and where it was read.
#[must_use]
pub fn meeting_date(recap: &Recap, config: &ExtractConfig) -> Option<(String, DateSource)> {
    let ctx = DateContext::of(recap, config);
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
                    if let Some(d) = c.get(1).and_then(|m| heading_date(m.as_str(), &ctx)) {
                        return Some((d, DateSource::DateLine));
                    }
                }
            }
        }
        if s.level >= 2 && !super::people::is_attendee_heading(&s.heading) {
            // Date lines sit at the top of minutes; stop before the discussion.
            break;
        }
    }
    // 2. The level-1 heading; without one, a first heading that is plainly the title.
    if let Some(d) = recap.h1.as_deref().and_then(|h| heading_date(h, &ctx)) {
        return Some((d, DateSource::Heading));
    }
    if recap.h1.is_none() {
        if let Some(first) = recap.sections.iter().find(|s| s.level > 0) {
            if let Some(d) = heading_date(&first.heading, &ctx) {
                return Some((d, DateSource::Heading));
            }
        }
    }
    // 3. "Day One—12 May 2025" and opening prose; a file without headings opens
    //    with its title line ("Ops meeting 2/10/2017").
    let opening = opening_lines(recap);
    if recap.sections.iter().all(|s| s.level == 0) {
        if let Some(d) = opening.first().and_then(|l| heading_date(l, &ctx)) {
            return Some((d, DateSource::Heading));
        }
    }
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
    if let Some(d) = recap
        .front_matter
        .title
        .as_deref()
        .and_then(|t| heading_date(t, &ctx))
    {
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
    // 5. The path; 6. the front-matter date.
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

/// Distinct dates written in headings: an index or schedule lists many.
#[must_use]
pub fn dated_headings(recap: &Recap, config: &ExtractConfig) -> usize {
    let ctx = DateContext::of(recap, config);
    let mut seen = std::collections::BTreeSet::new();
    for s in recap.sections.iter().filter(|s| s.level > 1) {
        if let Some(d) = heading_date(&s.heading, &ctx) {
            seen.insert(d);
        }
    }
    seen.len()
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
        meeting_date(
            &parse(text, path, Format::Markdown),
            &ExtractConfig::default(),
        )
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
            date("x.md", "# Tenth Lantern Meeting\n\nDay One—12 May 2025\n"),
            Some(("2025-05-12".into(), DateSource::Prose))
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
    fn numeric_and_path_dates() {
        assert_eq!(
            date(
                "wg/CG-2026-05-19.md",
                "# Community group\n\n## Notes\n\n- a\n"
            ),
            Some(("2026-05-19".into(), DateSource::FileName))
        );
        assert_eq!(
            date("x.md", "# Sync 2/10/2017\n").map(|d| d.0).as_deref(),
            Some("2017-02-10")
        );
        assert_eq!(
            date("x.md", "# Sync 10.02.2017\n").map(|d| d.0).as_deref(),
            Some("2017-02-10")
        );
        assert_eq!(
            date("x.md", "# Sync 25/10/2017\n").map(|d| d.0).as_deref(),
            Some("2017-10-25")
        );
        assert_eq!(
            date("wg/2019-02-27.md", "## Build WG Minutes - 3-14-19\n")
                .map(|d| d.0)
                .as_deref(),
            Some("2019-03-14")
        );
        assert_eq!(
            date("wg/2019/notes-a.md", "# Weekly call, March 4th\n")
                .map(|d| d.0)
                .as_deref(),
            Some("2019-03-04")
        );
        let dmy = ExtractConfig {
            date_order: Some(DateOrder::Dmy),
            ..ExtractConfig::default()
        };
        assert_eq!(
            meeting_date(&parse("# Sync 2/10/2017\n", "x.md", Format::Markdown), &dmy)
                .map(|d| d.0)
                .as_deref(),
            Some("2017-10-02")
        );
        assert_eq!(date("x.md", "# Notes YYYY-MM-DD\n"), None);
        assert_eq!(
            date("x.md", "# Sync\n\n**Date**: 2022-03-03T15:00Z\n")
                .map(|d| d.0)
                .as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(
            date(
                "x.md",
                "# Sync\n\nWhen: Thursday 3rd of March 2022, 15:00 UTC\n"
            )
            .map(|d| d.0)
            .as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(
            date(
                "notes/Meeting 80.md",
                "# Meeting 80\n\n2022/3/3\n\n## Attendees\n\n- Ann Lee\n"
            )
            .map(|d| d.0)
            .as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(
            date("x.md", "# Workshop, 21-23 June 2021\n")
                .map(|d| d.0)
                .as_deref(),
            Some("2021-06-21")
        );
        assert_eq!(
            date("x.md", "* Date: 2025-09-10:00:00Z\n")
                .map(|d| d.0)
                .as_deref(),
            Some("2025-09-10")
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
