//! Dates as people write them: ISO `2013-03-28`, "Thursday, March 28th, 2013",
//! "22 September 2025", and dated file names (`2013-04-01-slug.md`, `2018-07/july-25.md`).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMatch {
    /// ISO 8601 form, `YYYY-MM-DD`.
    pub iso: String,
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

const MONTHS: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})(?:\b|T)").expect("valid regex")
});
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTHS})\.?\s+(\d{{1,2}})(?i:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?i:st|nd|rd|th)?)?,?\s+((?:19|20)\d\d)\b"
    ))
    .expect("valid regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?i:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?i:st|nd|rd|th)?)?\s+(?:of\s+)?({MONTHS})\.?,?\s+((?:19|20)\d\d)\b"
    ))
    .expect("valid regex")
});
static MONTH_DAY_STEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^({MONTHS})[-_ ]?(\d{{1,2}})$")).expect("valid regex"));
static YEAR_MONTH_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)-(\d\d)$").expect("valid regex"));

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    let idx = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| n.starts_with(m))?;
    u32::try_from(idx + 1).ok()
}

/// `YYYY-MM-DD` of a real date. Only four-digit years: chrono would write year 20211 as
/// `+20211-01-16`, not a date any reader (or `xsd:date`) takes.
fn iso(y: i32, m: u32, d: u32) -> Option<String> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// Every date written in `text`, in order of appearance.
#[must_use]
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    for c in ISO.captures_iter(text) {
        let (Some(whole), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(y), Ok(m), Ok(d)) = (y.as_str().parse(), m.as_str().parse(), d.as_str().parse())
        else {
            continue;
        };
        if let Some(iso) = iso(y, m, d) {
            out.push(DateMatch {
                iso,
                start: whole.start(),
                end: whole.end(),
            });
        }
    }
    for (re, day_idx, month_idx) in [(&*MONTH_FIRST, 2, 1), (&*DAY_FIRST, 1, 2)] {
        for c in re.captures_iter(text) {
            let (Some(whole), Some(d), Some(m), Some(y)) =
                (c.get(0), c.get(day_idx), c.get(month_idx), c.get(3))
            else {
                continue;
            };
            let (Ok(d), Some(m), Ok(y)) = (
                d.as_str().parse(),
                month_number(m.as_str()),
                y.as_str().parse(),
            ) else {
                continue;
            };
            if let Some(iso) = iso(y, m, d) {
                out.push(DateMatch {
                    iso,
                    start: whole.start(),
                    end: whole.end(),
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out.dedup_by(|b, a| b.start < a.end);
    out
}

/// The first date written in `text`, ISO form.
#[must_use]
pub fn parse_date(text: &str) -> Option<String> {
    find_dates(text).into_iter().next().map(|m| m.iso)
}

static PATH_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)([-_.]?)(\d\d)([-_.]?)(\d\d)(?:$|[^0-9])")
        .expect("valid regex")
});
static PATH_MD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[-_.](\d{1,2})(?:$|[^0-9])").expect("valid regex"));
static YEAR_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)$").expect("valid regex"));

/// A `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or `YYYYMMDD` date anywhere in one path
/// component (`CG-2026-05-19`, `LDM-2020-07-27`, `notes_20190225`).
fn date_in_component(component: &str) -> Option<String> {
    for c in PATH_YMD.captures_iter(component) {
        let (Some(y), Some(s1), Some(m), Some(s2), Some(d)) =
            (c.get(1), c.get(2), c.get(3), c.get(4), c.get(5))
        else {
            continue;
        };
        // Both separators or neither: "2019-0225" is no date.
        if s1.as_str() != s2.as_str() {
            continue;
        }
        if let (Ok(y), Ok(m), Ok(d)) = (y.as_str().parse(), m.as_str().parse(), d.as_str().parse())
        {
            if let Some(date) = iso(y, m, d) {
                return Some(date);
            }
        }
    }
    None
}

/// The date a file's path gives: a full date in the file name (`2013-04-01-slug.md`,
/// `CG-2026-05-19.md`, `2019.04.18.md`) or in a folder (`2019-02-25/notes.md`), or a
/// year folder with a month-day name (`2019/02-25.md`, `2018-07/july-25.md`).
pub(crate) fn date_from_path(path: &str) -> Option<String> {
    let p = std::path::Path::new(path);
    let stem = p.file_stem()?.to_str()?;
    if let Some(d) = date_in_component(stem) {
        return Some(d);
    }
    let dir = p
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|d| d.to_str())
        .unwrap_or("");
    // "2018-07/july-25.md".
    if let (Some(ym), Some(md)) = (YEAR_MONTH_DIR.captures(dir), MONTH_DAY_STEM.captures(stem)) {
        let month = month_number(md.get(1)?.as_str())?;
        if ym.get(2)?.as_str().parse::<u32>().ok()? == month {
            return iso(
                ym.get(1)?.as_str().parse().ok()?,
                month,
                md.get(2)?.as_str().parse().ok()?,
            );
        }
    }
    // "2019/02-25.md", "2019/feb-25.md".
    let year_dir = p
        .ancestors()
        .skip(1)
        .filter_map(|a| a.file_name()?.to_str())
        .find_map(|d| {
            YEAR_DIR
                .captures(d)
                .and_then(|c| c.get(1)?.as_str().parse::<i32>().ok())
        });
    if let Some(y) = year_dir {
        if let Some(c) = PATH_MD.captures(stem) {
            let (m, d) = (
                c.get(1)?.as_str().parse().ok()?,
                c.get(2)?.as_str().parse().ok()?,
            );
            if let Some(date) = iso(y, m, d) {
                return Some(date);
            }
        }
        if let Some(md) = MONTH_DAY_STEM.captures(stem) {
            return iso(
                y,
                month_number(md.get(1)?.as_str())?,
                md.get(2)?.as_str().parse().ok()?,
            );
        }
    }
    // A dated folder: "2019-02-25/index.md".
    p.parent()
        .and_then(|d| d.file_name())
        .and_then(|d| d.to_str())
        .and_then(date_in_component)
}

/// The year a path gives on its own (`2019/…`, `…-2019-…`), for dates written without one.
#[must_use]
pub fn year_from_path(path: &str) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)(?:$|[^0-9])").expect("valid regex")
    });
    let p = std::path::Path::new(path);
    p.iter().rev().filter_map(|c| c.to_str()).find_map(|c| {
        YEAR.captures(c)
            .and_then(|m| m.get(1)?.as_str().parse().ok())
    })
}

/// `YYYY-MM-DD` of a year, month and day, when they make a real date.
#[must_use]
pub fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    iso(y, m, d)
}

/// The number of a month's name or abbreviation ("Sept" → 9).
#[must_use]
pub fn month_of(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.');
    if n.len() < 3 || !n.chars().all(char::is_alphabetic) {
        return None;
    }
    month_number(n).filter(|_| {
        let lower = n.to_ascii_lowercase();
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "sept",
        ]
        .iter()
        .any(|full| full.starts_with(&lower))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<String> {
        parse_date(text)
    }

    #[test]
    fn written_dates() {
        assert_eq!(
            first("On Thursday, March 28th, 2013, nine people").as_deref(),
            Some("2013-03-28")
        );
        assert_eq!(first("Day One—12 May 2025").as_deref(), Some("2025-05-12"));
        assert_eq!(
            first("# July 24, 2012 Meeting Notes").as_deref(),
            Some("2012-07-24")
        );
        assert_eq!(
            first("Node Foundation TSC Meeting 2016-03-10").as_deref(),
            Some("2016-03-10")
        );
        assert_eq!(first("Sept. 3, 2019").as_deref(), Some("2019-09-03"));
        assert_eq!(first("no date 2013-02-30 here"), None);
        assert_eq!(first("version 1.2.3"), None);
        assert_eq!(first("May 23-25, 2017").as_deref(), Some("2017-05-23"));
    }

    #[test]
    fn dates_in_order() {
        let all = find_dates("2014-01-02 and then March 3, 2014");
        let isos: Vec<_> = all.iter().map(|m| m.iso.as_str()).collect();
        assert_eq!(isos, ["2014-01-02", "2014-03-03"]);
    }

    #[test]
    fn file_name_dates() {
        assert_eq!(
            date_from_path("canstack/2013-04-01-apr-canstack-meeting.md").as_deref(),
            Some("2013-04-01")
        );
        assert_eq!(
            date_from_path("nodejs-tsc/2015-05-27.md").as_deref(),
            Some("2015-05-27")
        );
        assert_eq!(
            date_from_path("minutes/2019.04.18.md").as_deref(),
            Some("2019-04-18")
        );
        assert_eq!(
            date_from_path("tc39-notes/2018-07/july-25.md").as_deref(),
            Some("2018-07-25")
        );
        assert_eq!(
            date_from_path("tc39-notes/2014-04/apr-9.md").as_deref(),
            Some("2014-04-09")
        );
        assert_eq!(date_from_path("tc39-notes/2018-07/toc.md"), None);
        assert_eq!(
            date_from_path("cg/CG-2026-05-19.md").as_deref(),
            Some("2026-05-19")
        );
        assert_eq!(
            date_from_path("wg/2019/02-25.md").as_deref(),
            Some("2019-02-25")
        );
        assert_eq!(
            date_from_path("wg/2019-02-25/index.md").as_deref(),
            Some("2019-02-25")
        );
        assert_eq!(
            date_from_path("notes/20190225.md").as_deref(),
            Some("2019-02-25")
        );
        assert_eq!(date_from_path("notes/2019-0225.md"), None);
        assert_eq!(date_from_path("notes/Meeting 80.md"), None);
        assert_eq!(year_from_path("wg/2019/notes.md"), Some(2019));
    }

    #[test]
    fn five_digit_years_are_no_date() {
        // Found by the `dates` fuzz target: this came back as "+20211-01-16".
        assert_eq!(date_from_path("20211-1-16.md"), None);
        assert_eq!(date_from_path("x/20211-1-16-notes.md"), None);
        assert_eq!(
            date_from_path("x/2021-01-16-notes.md").as_deref(),
            Some("2021-01-16")
        );
    }
}
