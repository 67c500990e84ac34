//! The whole per-file pipeline: bytes → `recap::from_bytes` → `extract::extract` →
//! `rdf::map`, as `ingest` runs it, checking that nothing panics and that the quads are
//! well-formed (valid IRIs, well-formed typed literals).
//!
//! The first input byte picks how the rest is read:
//! * bit 0: Markdown (0) or Textile (1), through the fake file name's extension;
//! * bits 1–2: which fake file name (a dated one, a Jekyll post, an undated one, an odd
//!   extension), since file-name dates feed the meeting date;
//! * bit 3: wrap the text in a saved HackMD HTML page (escaped), the embedded-Markdown path;
//! * bit 4: the first line is the file's path (its name may carry a date), replacing the
//!   fake one; its extension then picks the format.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use recapgraph::{extract, rdf, recap};

static SETUP: LazyLock<(rdf::IriScheme, extract::Vocabulary)> = LazyLock::new(|| {
    let iris = rdf::IriScheme::default();
    let (vocab, _) = rdf::load_vocabulary(&[("bundled", rdf::BUNDLED_TOPICS)], &iris)
        .expect("the bundled vocabulary loads");
    (iris, vocab)
});

const PATHS: [[&str; 2]; 4] = [
    ["x/2024-01-02.md", "x/2024-01-02.textile"],
    [
        "_posts/2013-02-28-feb-canstack-meeting.md",
        "_posts/2013-02-28-feb-canstack-meeting.textile",
    ],
    ["notes/minutes.md", "notes/minutes.textile"],
    ["2018-07/july-25.txt", "x/NOTES.TEXTILE"],
];

fn hackmd_page(text: &[u8]) -> Vec<u8> {
    let mut out = b"<!DOCTYPE html>\n<html>\n<head><title>x</title></head>\n<body>\n<div id=\"doc\" class=\"markdown-body\">".to_vec();
    for &b in text {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&#34;"),
            _ => out.push(b),
        }
    }
    out.extend_from_slice(b"</div>\n</body></html>\n");
    out
}

fn check_iri(n: &NamedNode, quad: &Quad) {
    assert!(
        NamedNode::new(n.as_str()).is_ok(),
        "invalid IRI <{}> in {quad}",
        n.as_str()
    );
}

fn check_date(s: &str, quad: &Quad) {
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && {
            let y: u32 = s[..4].parse().unwrap_or(0);
            let m: u32 = s[5..7].parse().unwrap_or(0);
            let d: u32 = s[8..10].parse().unwrap_or(0);
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => 0,
            };
            (1..=days).contains(&d)
        };
    assert!(ok, "ill-formed xsd:date {s:?} in {quad}");
}

fn check(quads: &[Quad]) {
    for q in quads {
        if let NamedOrBlankNode::NamedNode(n) = &q.subject {
            check_iri(n, q);
        }
        check_iri(&q.predicate, q);
        match &q.object {
            Term::NamedNode(n) => check_iri(n, q),
            Term::Literal(l) => match l.datatype().as_str() {
                "http://www.w3.org/2001/XMLSchema#date" => check_date(l.value(), q),
                "http://www.w3.org/2001/XMLSchema#integer" => assert!(
                    !l.value().is_empty() && l.value().bytes().all(|b| b.is_ascii_digit()),
                    "ill-formed xsd:integer in {q}"
                ),
                _ => {}
            },
            _ => {}
        }
        if let oxigraph::model::GraphName::NamedNode(n) = &q.graph_name {
            check_iri(n, q);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (iris, vocab) = &*SETUP;
    let mut source_path = PATHS[usize::from((mode >> 1) & 3)][usize::from(mode & 1)];
    let mut rest = rest;
    if mode & 16 != 0 {
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let Ok(path) = std::str::from_utf8(&rest[..end]) else {
            return;
        };
        source_path = path;
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    let page;
    let bytes = if mode & 8 != 0 {
        page = hackmd_page(rest);
        &page[..]
    } else {
        rest
    };
    let Ok(r) = recap::from_bytes(Path::new(source_path), bytes, source_path) else {
        return;
    };
    // What later stages rely on: links point at sections, parents come earlier.
    for (i, s) in r.sections.iter().enumerate() {
        assert!(
            s.parent.is_none_or(|p| p < i),
            "section {i} has a later parent"
        );
    }
    for l in &r.links {
        assert!(
            l.section < r.sections.len().max(1),
            "link {l:?} names no section"
        );
        let _ = r.section_path(l.section);
    }
    let facts = extract::extract(&r, vocab);
    let quads = rdf::map(&facts, iris, "2024-05-03T00:00:00Z");
    check(&quads);
});
