//! Dates and front matter: `recap::find_dates` / `parse_date` on arbitrary text, and the
//! YAML front matter + file-name date path through `recap::parse` and the extractor's
//! meeting and publication dates.
//!
//! Input: the first line is the file's path (its name may carry a date); the rest is
//! both searched for dates and used as the YAML between `---` lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recapgraph::{extract, recap};

fn assert_iso(s: &str) {
    let b = s.as_bytes();
    assert!(
        b.len() == 10 && b[4] == b'-' && b[7] == b'-',
        "not an ISO date: {s:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (path, rest) = text.split_once('\n').unwrap_or((text, ""));

    let found = recap::find_dates(rest);
    let mut last_end = 0;
    for m in &found {
        assert!(m.start < m.end && m.end <= rest.len(), "bad range {m:?}");
        assert!(m.start >= last_end, "overlapping matches {found:?}");
        assert!(rest.is_char_boundary(m.start) && rest.is_char_boundary(m.end));
        assert_iso(&m.iso);
        last_end = m.end;
    }
    assert_eq!(
        recap::parse_date(rest),
        found.first().map(|m| m.iso.clone())
    );

    let doc = format!("---\n{rest}\n---\n# Meeting\n\ntext\n");
    let r = recap::parse(&doc, path, recap::Format::Markdown);
    if let Some(d) = &r.file_name_date {
        assert_iso(d);
    }
    if let Some((d, _)) = extract::dates::meeting_date(&r) {
        assert_iso(&d);
    }
    if let Some(d) = extract::dates::publication_date(&r) {
        assert_iso(&d);
    }
});
