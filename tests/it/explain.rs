//! `recapgraph explain FILE`: the real binary on fictional recaps in
//! `tests/fixtures/explain/` — a meeting, a non-meeting, a template with a rejected
//! attendee line — in text and JSON.

use std::path::PathBuf;

use crate::support::Cli;

fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/explain")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn explains_a_meeting_line_by_line() {
    let cli = Cli::new();
    let out = cli.run(&["explain", &fixture("2026/CG-2026-05-19.md")], 0);
    for want in [
        "meeting: yes",
        "date: 2026-05-19 from FileName",
        "Attendance list \"Attendees (sign yourself in)\", lines 5-10: taken",
        "+ line 7: Priya Raman [organisation: Kestrel Labs]",
        "+ line 8: Tomasz Wilk [organisation: Harbor Foundation]",
        "- line 9: \"attendee names...\" rejected:",
        "+ line 10: Mei Tanaka [alternate name: mtanaka]",
        "attendees (3): Priya Raman, Tomasz Wilk, Mei Tanaka",
        "Charter review  (presenter Priya Raman, time box 15 min",
        "Test suite coverage  (presenter Tomasz Wilk",
        "Next steps  (procedural)",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // The placeholder is rejected, never a person; no store was created.
    assert!(!out.contains("+ line 9"), "{out}");
    assert!(!cli.store().exists());
}

#[test]
fn explains_why_a_readme_is_not_a_meeting() {
    let out = Cli::new().run(&["explain", &fixture("README.md")], 0);
    assert!(
        out.contains("meeting: no — the file name \"README\" is an index"),
        "{out}"
    );
    assert!(out.contains("agenda items (0)"), "{out}");
}

#[test]
fn json_carries_the_rejected_entries_with_their_reason() {
    let out = Cli::new().run(
        &["explain", "--format", "json", &fixture("2026/template.md")],
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["is_meeting"], false);
    let entry = &v["attendance"][0]["entries"][0];
    assert_eq!(entry["line"], 5);
    assert!(
        entry["rejected"]
            .as_str()
            .is_some_and(|r| r.contains("placeholder")),
        "{entry}"
    );
    assert!(v["attendees"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let (_, err, code) = Cli::new().output(&["explain", "no/such/recap.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/recap.md"), "{err}");
}
