//! Property tests: arbitrary bytes and arbitrary Markdown-like text never make the
//! parser or extractor panic, and stay fast.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use recapgraph::extract::extract;
use recapgraph::recap::{decode, parse, Format};

use crate::support::vocabulary;

fn check(text: &str) {
    let vocab = vocabulary();
    for (path, format) in [
        ("2013-04-01-x.md", Format::Markdown),
        ("x/2018-07/july-24.textile", Format::Textile),
    ] {
        let start = Instant::now();
        let facts = extract(&parse(text, path, format), &vocab);
        let _ = recapgraph::rdf::map(
            &facts,
            &recapgraph::rdf::IriScheme::default(),
            "2024-01-01T00:00:00Z",
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "slow on {} bytes",
            text.len()
        );
    }
}

/// Pieces recaps are made of, so random strings hit the recognisers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("## Attendees\n".to_owned()),
        Just("##Who attended?\n".to_owned()),
        Just("h2. Attendees\n".to_owned()),
        Just("### Next meeting\n".to_owned()),
        Just("## What we talked about\n".to_owned()),
        Just("* ".to_owned()),
        Just("  - ".to_owned()),
        Just("| Name | Abbreviation | Organization |\n|---|---|---|\n".to_owned()),
        Just("Team members: ".to_owned()),
        Just("Remote:\n".to_owned()),
        Just("-----\n".to_owned()),
        Just("---\ntitle: x\n---\n".to_owned()),
        Just("```\n".to_owned()),
        Just("Meeting date: 2021-11-02".to_owned()),
        Just("On Thursday, March 28th, 2013, ".to_owned()),
        Just("[Anita](https://twitter.com/anteaya)".to_owned()),
        Just("\"text\":http://a.example/x.".to_owned()),
        Just("<a href=\"http://b.example/\">b</a>".to_owned()),
        Just("<!DOCTYPE html><div id=\"doc\">".to_owned()),
        Just("Presenter: Ann Lee (AL)\n".to_owned()),
        "[A-Z][a-z]{1,8} [A-Z][a-z]{1,10}( \\([A-Za-z, ]{0,12}\\))?".prop_map(|s| s),
        "[\\PC]{0,30}".prop_map(|s| s),
        "[(),@#*|\\-\\[\\]:\"<>!_ ]{1,8}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = decode("x.md", &bytes) {
            check(&text);
        }
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_recap_like_text_never_panics(parts in proptest::collection::vec(fragment(), 0..120)) {
        check(&parts.concat());
    }
}
