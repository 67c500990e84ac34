//! Mangled recaps for the no-panic tests: prefixes cut at arbitrary characters, lines
//! shuffled; each parsed as Markdown and as Textile, then extracted.

use recapgraph::extract::extract;
use recapgraph::recap::{parse, Format};

use crate::support::vocabulary;

pub fn run(text: &str, path: &str) {
    for format in [Format::Markdown, Format::Textile] {
        let recap = parse(text, path, format);
        let _ = extract(&recap, &vocabulary());
    }
}

/// About 40 prefixes of `text`, cut at character boundaries, and its lines in a scrambled
/// but deterministic order.
pub fn prefixes_and_shuffle(text: &str) {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &cut in boundaries.iter().step_by((boundaries.len() / 40).max(1)) {
        run(&text[..cut], "2013-04-01-x.md");
    }
    let mut lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    for i in 0..n {
        lines.swap(i, (i * 7919 + 13) % n);
    }
    run(&lines.join("\n"), "x/2018-07/july-24.md");
}
