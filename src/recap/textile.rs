//! Textile (as old Jekyll blogs wrote it) → sections, blocks and links.
//!
//! Covers what recaps use: `h1.`–`h6.` headings (with attributes), `p.`/`bq.` paragraphs,
//! `*`/`#` lists (and the `-` lists people write anyway), `|` tables, `bc.`/`pre.` code,
//! `"text":url` links, `!image!:url`, bare URLs and inline markup.

use std::sync::LazyLock;

use regex::Regex;

use super::links::{find_bare_urls, strip_trailing_punctuation, HREF, TAG};
use super::{link_parents, Block, Link, LinkKind, Section};

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^h([1-6])(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|[<>=]+)*\.\s+(.*)$")
        .expect("valid regex")
});
static BLOCK_SIG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(p|bq|fn\d+)(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|[<>=]+)*\.\s+")
        .expect("valid regex")
});
static CODE_SIG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(bc|pre|notextile)(?:\([^)]*\))?\.\.?(\s|$)").expect("valid regex")
});
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([*#]+|-)\s+(.*)$").expect("valid regex"));
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[?"([^"\n]+?)(?:\s*\(([^)]*)\))?":([^\s\]]+)\]?"#).expect("valid regex")
});
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!(?:\([^)]*\))?([^!\s]+)(?:\([^)]*\))?!(?::(\S+))?").expect("valid regex")
});
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s(\[{])(\*\*|\*|__|_|@|\+|\^|~|%|-)(\S(?:.*?\S)?)(\*\*|\*|__|_|@|\+|\^|~|%|-)([\s.,;:!?)\]}]|$)")
        .expect("valid regex")
});

/// Inline Textile → plain text and the links found in it.
fn inline(text: &str, line: usize, section: usize, links: &mut Vec<Link>) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut last = 0;
    // Images first: their alt text is not prose.
    let text = IMAGE.replace_all(text, |c: &regex::Captures<'_>| {
        let target = c.get(2).or_else(|| c.get(1)).map_or("", |m| m.as_str());
        links.push(Link {
            url: strip_trailing_punctuation(target).to_owned(),
            text: String::new(),
            section,
            line,
            kind: LinkKind::Inline,
        });
        String::new()
    });
    for c in LINK.captures_iter(&text) {
        let (Some(whole), Some(anchor), Some(url)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let before = &text[last..whole.start()];
        push_bare(before, line, section, links);
        plain.push_str(before);
        let url = strip_trailing_punctuation(url.as_str());
        let anchor = strip_markup(anchor.as_str());
        links.push(Link {
            url: url.to_owned(),
            text: anchor.clone(),
            section,
            line,
            kind: LinkKind::Inline,
        });
        plain.push_str(&anchor);
        // Punctuation stripped from the URL belongs to the sentence.
        let consumed = whole.as_str().trim_end_matches(']');
        let url_end = consumed.len() - (c.get(3).map_or(0, |m| m.as_str().len()) - url.len());
        plain.push_str(&consumed[url_end..]);
        last = whole.end();
    }
    let rest = &text[last..];
    push_bare(rest, line, section, links);
    plain.push_str(rest);
    for c in HREF.captures_iter(&plain.clone()) {
        if let Some(url) = c.get(1) {
            links.push(Link {
                url: url.as_str().to_owned(),
                text: c.get(2).map_or(String::new(), |m| {
                    TAG.replace_all(m.as_str(), "").trim().to_owned()
                }),
                section,
                line,
                kind: LinkKind::Html,
            });
        }
    }
    strip_markup(&TAG.replace_all(&plain, ""))
}

fn push_bare(text: &str, line: usize, section: usize, links: &mut Vec<Link>) {
    if text.contains("href=") {
        return;
    }
    for (_, _, url) in find_bare_urls(text) {
        links.push(Link {
            url,
            text: String::new(),
            section,
            line,
            kind: LinkKind::Bare,
        });
    }
}

fn strip_markup(text: &str) -> String {
    let mut s = text.to_owned();
    for _ in 0..3 {
        let next = EMPHASIS.replace_all(&s, "$1$3$5").into_owned();
        if next == s {
            break;
        }
        s = next;
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The table whose first row is `lines[start]`: its header (a `|_.` row first), its rows,
/// and the index of the line after it.
fn table(
    lines: &[&str],
    start: usize,
    first_line: usize,
    section: usize,
    links: &mut Vec<Link>,
) -> (Vec<String>, Vec<Vec<String>>, usize) {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut j = start;
    while j < lines.len() && lines[j].trim().starts_with('|') {
        let row_line = first_line + j;
        let is_header = lines[j].contains("|_.");
        let cells: Vec<String> = lines[j]
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| {
                let c = c.trim().trim_start_matches("_.").trim();
                inline(c, row_line, section, links)
            })
            .collect();
        if is_header && header.is_empty() && rows.is_empty() {
            header = cells;
        } else {
            rows.push(cells);
        }
        j += 1;
    }
    (header, rows, j)
}

/// Parses a Textile body that starts on line `first_line` of its file.
pub(crate) fn parse(body: &str, first_line: usize) -> (Vec<Section>, Vec<Link>) {
    let mut sections = vec![Section {
        line: first_line,
        ..Section::default()
    }];
    let mut links = Vec::new();
    let mut para: Vec<(usize, &str)> = Vec::new();
    let mut in_code = false;
    let lines: Vec<&str> = body.lines().collect();
    let flush_para =
        |para: &mut Vec<(usize, &str)>, sections: &mut Vec<Section>, links: &mut Vec<Link>| {
            if para.is_empty() {
                return;
            }
            let line = para[0].0;
            let section = sections.len() - 1;
            let joined: Vec<String> = para
                .iter()
                .map(|(l, t)| inline(t, *l, section, links))
                .collect();
            let text = joined.join("\n").trim().to_owned();
            if !text.is_empty() {
                sections[section]
                    .blocks
                    .push(Block::Paragraph { text, line });
            }
            para.clear();
        };
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line = first_line + i;
        i += 1;
        if in_code {
            if raw.trim().is_empty() {
                in_code = false;
            }
            continue;
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            flush_para(&mut para, &mut sections, &mut links);
            continue;
        }
        if let Some(c) = HEADING.captures(trimmed) {
            flush_para(&mut para, &mut sections, &mut links);
            let level = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(2);
            let section = sections.len();
            let mut heading_links = Vec::new();
            let heading = inline(
                c.get(2).map_or("", |m| m.as_str()),
                line,
                section,
                &mut heading_links,
            );
            sections.push(Section {
                heading,
                level,
                line,
                parent: None,
                blocks: Vec::new(),
            });
            links.extend(heading_links);
            continue;
        }
        if CODE_SIG.is_match(trimmed) || trimmed.starts_with("<pre") {
            flush_para(&mut para, &mut sections, &mut links);
            let section = sections.len() - 1;
            sections[section].blocks.push(Block::Code { line });
            in_code = true;
            continue;
        }
        if trimmed.starts_with('|') {
            flush_para(&mut para, &mut sections, &mut links);
            let section = sections.len() - 1;
            let (header, rows, next) = table(&lines, i - 1, first_line, section, &mut links);
            i = next;
            sections[section]
                .blocks
                .push(Block::Table { header, rows, line });
            continue;
        }
        if let Some(c) = LIST_ITEM.captures(raw) {
            let marker = c.get(1).map_or("", |m| m.as_str());
            // "#" alone followed by text is a numbered list item in Textile.
            flush_para(&mut para, &mut sections, &mut links);
            let depth = if marker == "-" { 0 } else { marker.len() - 1 };
            let section = sections.len() - 1;
            let mut text = c.get(2).map_or("", |m| m.as_str()).to_owned();
            // Continuation lines of the item (no marker, not blank).
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && !LIST_ITEM.is_match(lines[i])
                && !HEADING.is_match(lines[i].trim())
            {
                text.push(' ');
                text.push_str(lines[i].trim());
                i += 1;
            }
            let text = inline(&text, line, section, &mut links);
            sections[section]
                .blocks
                .push(Block::ListItem { text, depth, line });
            continue;
        }
        let content = BLOCK_SIG
            .find(trimmed)
            .map_or(trimmed, |m| &trimmed[m.end()..]);
        para.push((line, content));
    }
    flush_para(&mut para, &mut sections, &mut links);
    link_parents(&mut sections);
    (sections, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_links() {
        let src = "h1. Title\n\nh2(#a). Attendees\n\n* Ann Lee (Halifax)\n* Bob \"Smith\":http://b.org/bob.\n- Cy Dee (Calgary)\n\nh3. Topic\n\nSee \"the docs (title)\":http://docs.org/x, and http://bare.org/y.\n\nbc. http://code.org\n\n|_. Name |_. Org |\n| Ann | X |\n";
        let (sections, links) = parse(src, 5);
        let heads: Vec<_> = sections
            .iter()
            .map(|s| (s.level, s.heading.as_str(), s.line))
            .collect();
        assert_eq!(
            heads,
            [
                (0, "", 5),
                (1, "Title", 5),
                (2, "Attendees", 7),
                (3, "Topic", 13)
            ]
        );
        let items: Vec<_> = sections[2]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::ListItem { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            ["Ann Lee (Halifax)", "Bob Smith.", "Cy Dee (Calgary)"]
        );
        let urls: Vec<_> = links
            .iter()
            .map(|l| (l.url.as_str(), l.text.as_str(), l.section))
            .collect();
        assert_eq!(
            urls,
            [
                ("http://b.org/bob", "Smith", 2),
                ("http://docs.org/x", "the docs", 3),
                ("http://bare.org/y", "", 3),
            ]
        );
        assert!(
            matches!(&sections[3].blocks[2], Block::Table { header, rows, .. }
            if header == &["Name", "Org"] && rows.len() == 1)
        );
    }

    #[test]
    fn emphasis_is_removed() {
        assert_eq!(
            strip_markup("*bold* and _em_ and @code@"),
            "bold and em and code"
        );
        assert_eq!(strip_markup("snake_case_name"), "snake_case_name");
    }
}
