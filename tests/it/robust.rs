//! No input makes the parser or the extractor panic: every prefix of our fixture recaps
//! and of `data/` (cut at arbitrary characters), lines shuffled, markup-heavy garbage and
//! odd bytes. The corpus suite does the same to real recaps.

use std::path::Path;

use crate::mangle::{prefixes_and_shuffle, run};
use crate::support::fixtures;

#[test]
fn prefixes_and_shuffles_of_fixture_recaps_never_panic() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut n = 0;
    for root in [fixtures(), data] {
        for e in walkdir::WalkDir::new(root) {
            let e = e.expect("walk the fixtures");
            if e.file_type().is_file() {
                let text = std::fs::read_to_string(e.path()).expect("a fixture");
                prefixes_and_shuffle(&text);
                n += 1;
            }
        }
    }
    assert!(n > 40, "{n} files");
}

#[test]
fn hostile_text_never_panics() {
    let cases = [
        "",
        "---",
        "---\n---\n",
        "---\ntitle: [\n",
        "#",
        "######",
        "##\u{00e9}\u{0301}",
        "* \n*\n* (\n* )\n* @\n* -\n* Name (\n",
        "## Attendees\n\n* (((((((\n* )))))\n* a - - - b\n* , , , ,\n",
        "| Name |\n|---|\n| |\n|",
        "h1. \nh2(#x). \n\"\":\n!!\n\"a\":\n|_. |\n",
        "<a href=\"\">x</a><a href='http://'>",
        "[x](http://[::1]:99999/) <http://> http://.. www.",
        "Meeting date: 2013-02-30\nOn Thursday, February 30th, 2013",
        "\u{feff}\u{200b}\u{2028}\u{0000}",
        "🦀 (🦀), 🦀 (🦀), 🦀 (🦀), 🦀 (🦀)",
    ];
    for c in cases {
        run(c, "2013-04-01-x.md");
        run(&c.repeat(50), "x.textile");
    }
    // Deep nesting.
    let deep: String = (0..2000)
        .map(|i| format!("{}* item\n", "  ".repeat(i % 200)))
        .collect();
    run(&deep, "deep.md");
    let quotes = ">".repeat(5000);
    run(&quotes, "q.md");
}

#[test]
fn the_generated_corpus_never_panics() {
    let dir = tempfile::tempdir().expect("tmp");
    crate::gen::write_corpus(dir.path());
    let mut first_of_series = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(dir.path()) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let text = std::fs::read_to_string(e.path()).expect("a generated recap");
            run(&text, &e.path().to_string_lossy());
            let series = e.path().parent().map(Path::to_path_buf);
            first_of_series.entry(series).or_insert(text);
        }
    }
    for text in first_of_series.values() {
        prefixes_and_shuffle(text);
    }
}
