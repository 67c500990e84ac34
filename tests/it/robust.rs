//! No input makes the parser or the extractor panic: every prefix of real recaps (cut at
//! arbitrary characters), lines shuffled, markup-heavy garbage and odd bytes.

use recapgraph::extract::extract;
use recapgraph::recap::{parse, Format};

use crate::support::{shared, vocabulary};

fn run(text: &str, path: &str) {
    for format in [Format::Markdown, Format::Textile] {
        let recap = parse(text, path, format);
        let _ = extract(&recap, &vocabulary());
    }
}

#[test]
fn prefixes_and_shuffles_of_real_recaps_never_panic() {
    let files = [
        "corpus/canstack/2013-04-01-apr-canstack-meeting.md",
        "corpus/canstack-textile/2013-02-28-feb-canstack-meeting.textile",
        "corpus/nodejs-tsc/2018-04-25.md",
        "corpus/rust-lang-team/minutes/2021-11-09.md",
        "corpus/tc39-notes/2018-07/july-24.md",
        "corpus/tc39-notes/2020-07/july-20.md",
    ];
    for f in files {
        let text = std::fs::read_to_string(shared().join(f)).expect("corpus file");
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &cut in boundaries.iter().step_by((boundaries.len() / 40).max(1)) {
            run(&text[..cut], "2013-04-01-x.md");
        }
        // Lines in a scrambled but deterministic order.
        let mut lines: Vec<&str> = text.lines().collect();
        let n = lines.len();
        for i in 0..n {
            lines.swap(i, (i * 7919 + 13) % n);
        }
        run(&lines.join("\n"), "x/2018-07/july-24.md");
    }
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
