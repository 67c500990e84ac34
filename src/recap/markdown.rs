//! Markdown → sections, blocks and links, with pulldown-cmark.
//!
//! Two things every reader accepts but CommonMark does not are fixed up first: headings
//! written without the space (`##Who attended?`). Raw HTML is mined for `href`s and text.

use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::links::{find_bare_urls, HREF, TAG};
use super::{link_parents, Block, Link, LinkKind, Section};

static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(script|style|head)\b.*?</(script|style|head)>|<!--.*?-->")
        .expect("valid regex")
});
static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h([1-6])\b[^>]*>(.*?)</h[1-6]>").expect("valid regex"));

/// Inserts the missing space in `##Heading` lines outside code fences.
fn fix_headings(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    let mut seen_text = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = fence_char {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 && indent < 4 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((fc, fr)) if fc == c && run >= fr && trimmed[run..].trim().is_empty() => {
                        fence = None;
                    }
                    Some(_) => {}
                }
                out.push_str(line);
                continue;
            }
        }
        // "[x] item" / "[ ] item" lines written without a bullet are task-list items.
        if fence.is_none()
            && (trimmed.starts_with("[x] ")
                || trimmed.starts_with("[X] ")
                || trimmed.starts_with("[ ] "))
        {
            out.push_str(&line[..indent]);
            out.push_str("* ");
            out.push_str(trimmed);
            seen_text = true;
            continue;
        }
        if fence.is_none() && indent < 4 {
            let hashes = trimmed.chars().take_while(|c| *c == '#').count();
            let next = trimmed[hashes..].chars().next();
            let needs_space = (2..=6).contains(&hashes) || (hashes == 1 && !seen_text);
            if needs_space && next.is_some_and(|c| !c.is_whitespace() && c != '#') {
                out.push_str(&line[..indent + hashes]);
                out.push(' ');
                out.push_str(&trimmed[hashes..]);
                seen_text = true;
                continue;
            }
        }
        if !line.trim().is_empty() {
            seen_text = true;
        }
        out.push_str(line);
    }
    out
}

/// Maps byte offsets to 1-based lines.
struct Lines {
    starts: Vec<usize>,
    first: usize,
}

impl Lines {
    fn new(text: &str, first: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, first }
    }
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1 + self.first
    }
}

#[derive(Default)]
struct ItemState {
    text: String,
    line: usize,
    depth: usize,
    flushed: bool,
}

struct LinkState {
    url: String,
    text: String,
    line: usize,
    kind: LinkKind,
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    links: Vec<Link>,
    heading: Option<(u8, String, usize)>,
    paragraph: Option<(String, usize)>,
    items: Vec<ItemState>,
    list_depth: usize,
    /// 1 while reading a top-level list that an author indented under the item of the list
    /// before it ("1. Topic\n  * note": two spaces are not enough to nest under "1. ", so
    /// CommonMark starts a new list; the author meant a nested one).
    list_offset: usize,
    /// True when the last top-level list was ordered.
    last_top_ordered: bool,
    link: Option<LinkState>,
    table: Option<(Vec<String>, Vec<Vec<String>>, usize)>,
    in_table_head: bool,
    row: Vec<String>,
    cell: Option<String>,
    in_code: bool,
    setext: bool,
    html: Option<(String, usize)>,
}

impl Builder {
    fn current(&self) -> usize {
        self.sections.len() - 1
    }

    fn push_block(&mut self, block: Block) {
        let i = self.current();
        self.sections[i].blocks.push(block);
    }

    /// Where text goes now: the innermost open collector.
    fn text_sink(&mut self) -> Option<&mut String> {
        if let Some(cell) = self.cell.as_mut() {
            Some(cell)
        } else if let Some((_, text, _)) = self.heading.as_mut() {
            Some(text)
        } else if let Some(item) = self.items.last_mut() {
            Some(&mut item.text)
        } else {
            self.paragraph.as_mut().map(|(t, _)| t)
        }
    }

    fn add_text(&mut self, text: &str, line: usize, bare_urls: bool) {
        if let Some(link) = self.link.as_mut() {
            link.text.push_str(text);
        } else if bare_urls && !self.in_code {
            let section = self.current();
            for (_, _, url) in find_bare_urls(text) {
                self.links.push(Link {
                    url,
                    text: String::new(),
                    section,
                    line,
                    kind: LinkKind::Bare,
                });
            }
        }
        if let Some(sink) = self.text_sink() {
            sink.push_str(text);
        }
    }

    fn flush_item(&mut self) {
        if let Some(item) = self.items.last_mut() {
            if !item.flushed {
                item.flushed = true;
                let block = Block::ListItem {
                    text: clean(&item.text),
                    depth: item.depth,
                    line: item.line,
                };
                self.push_block(block);
            }
        }
    }

    fn html_block(&mut self, html: &str, line: usize) {
        let cleaned = SCRIPT.replace_all(html, " ");
        let section = self.current();
        for c in HREF.captures_iter(&cleaned) {
            let url = c.get(1).map_or("", |m| m.as_str()).trim().to_owned();
            let text = c.get(2).map_or(String::new(), |m| strip_tags(m.as_str()));
            if !url.is_empty() && !url.starts_with('#') && !url.starts_with("javascript:") {
                self.links.push(Link {
                    url: decode_entities(&url),
                    text,
                    section,
                    line,
                    kind: LinkKind::Html,
                });
            }
        }
        // Headings inside HTML become sections; other text becomes paragraphs.
        let mut last = 0;
        let mut pieces: Vec<(Option<u8>, String)> = Vec::new();
        for c in HTML_HEADING.captures_iter(&cleaned) {
            let (Some(whole), Some(level), Some(inner)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            pieces.push((None, cleaned[last..whole.start()].to_owned()));
            pieces.push((level.as_str().parse().ok(), strip_tags(inner.as_str())));
            last = whole.end();
        }
        pieces.push((None, cleaned[last..].to_owned()));
        for (level, text) in pieces {
            match level {
                Some(level) if !text.is_empty() => {
                    self.sections.push(Section {
                        heading: text,
                        level,
                        line,
                        parent: None,
                        blocks: Vec::new(),
                    });
                }
                _ => {
                    let text = strip_tags(&text);
                    if !text.is_empty() {
                        self.push_block(Block::Paragraph { text, line });
                    }
                }
            }
        }
    }
}

/// The event handlers of [`parse`].
impl Builder {
    /// A tag opens.
    fn start(&mut self, tag: Tag<'_>, text: &str, range: std::ops::Range<usize>, line: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                let setext = !text[range.clone()].trim_start().starts_with('#');
                self.heading = Some((level as u8, String::new(), line));
                self.setext = setext;
            }
            Tag::Paragraph => {
                if self.items.is_empty() {
                    self.paragraph = Some((String::new(), line));
                } else if let Some(item) = self.items.last_mut() {
                    if !item.text.is_empty() && !item.flushed {
                        item.text.push('\n');
                    }
                }
            }
            Tag::List(first_number) => {
                self.flush_item();
                if self.list_depth == 0 {
                    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                    let indent = text[line_start..].chars().take_while(|c| *c == ' ').count();
                    let follows_item = self.sections[self.current()]
                        .blocks
                        .last()
                        .is_some_and(|bl| matches!(bl, Block::ListItem { depth: 0, .. }));
                    self.list_offset = usize::from(
                        indent >= 2
                            && follows_item
                            && self.last_top_ordered
                            && first_number.is_none(),
                    );
                    if self.list_offset == 0 {
                        self.last_top_ordered = first_number.is_some();
                    }
                }
                self.list_depth += 1;
            }
            Tag::Item => self.items.push(ItemState {
                line,
                depth: self.list_depth.saturating_sub(1) + self.list_offset,
                ..ItemState::default()
            }),
            Tag::Table(_) => self.table = Some((Vec::new(), Vec::new(), line)),
            Tag::TableHead => self.in_table_head = true,
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.cell = Some(String::new()),
            Tag::CodeBlock(_) => {
                self.in_code = true;
                self.push_block(Block::Code { line });
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let kind = match link_type {
                    LinkType::Inline => LinkKind::Inline,
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Reference,
                };
                let url = if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                self.link = Some(LinkState {
                    url,
                    text: String::new(),
                    line,
                    kind,
                });
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let section = self.current();
                self.links.push(Link {
                    url: dest_url.to_string(),
                    text: title.to_string(),
                    section,
                    line,
                    kind: LinkKind::Inline,
                });
            }
            Tag::HtmlBlock => self.html = Some((String::new(), line)),
            _ => {}
        }
    }

    /// A tag closes.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, heading, line)) = self.heading.take() {
                    // A long "Setext heading" is a paragraph followed by a rule (as in
                    // "Remote:\nName (AB), Name (CD), …\n-----"): keep it a paragraph.
                    if self.setext
                        && (heading.trim().contains('\n')
                            || heading.len() > 120
                            || heading.matches(',').count() >= 4)
                    {
                        let text = clean(&heading);
                        self.push_block(Block::Paragraph { text, line });
                        return;
                    }
                    self.items.clear();
                    self.sections.push(Section {
                        heading: clean(&heading).replace('\n', " "),
                        level,
                        line,
                        parent: None,
                        blocks: Vec::new(),
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some((text, line)) = self.paragraph.take() {
                    let text = clean(&text);
                    if !text.is_empty() {
                        self.push_block(Block::Paragraph { text, line });
                    }
                }
            }
            TagEnd::List(_) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                if self.list_depth == 0 {
                    self.list_offset = 0;
                }
            }
            TagEnd::Item => {
                self.flush_item();
                self.items.pop();
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                if let Some(t) = self.table.as_mut() {
                    t.0 = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.1.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::TableCell => {
                if let Some(cell) = self.cell.take() {
                    self.row.push(clean(&cell).replace('\n', " "));
                }
            }
            TagEnd::Table => {
                if let Some((header, rows, line)) = self.table.take() {
                    self.push_block(Block::Table { header, rows, line });
                }
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::Link => {
                if let Some(link) = self.link.take() {
                    let section = self.current();
                    self.links.push(Link {
                        url: link.url.trim().to_owned(),
                        text: clean(&link.text).replace('\n', " "),
                        section,
                        line: link.line,
                        kind: link.kind,
                    });
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((html, line)) = self.html.take() {
                    self.html_block(&html, line);
                }
            }
            _ => {}
        }
    }

    /// Text, markers and inline HTML.
    fn inline(&mut self, event: Event<'_>, line: usize) {
        match event {
            // Task boxes stay in the item's text ("[x] Ann Lee"): attendance lists and
            // action items read whether the box is ticked.
            Event::TaskListMarker(checked) => {
                self.add_text(if checked { "[x] " } else { "[ ] " }, line, false);
            }
            Event::Text(t) if !self.in_code => self.add_text(&t, line, true),
            Event::Code(t) => self.add_text(&t, line, false),
            Event::SoftBreak | Event::HardBreak => self.add_text("\n", line, false),
            Event::Html(h) => {
                if let Some((html, _)) = self.html.as_mut() {
                    html.push_str(&h);
                } else {
                    self.html_block(&h, line);
                }
            }
            Event::InlineHtml(h) => {
                let section = self.current();
                for c in HREF.captures_iter(&h) {
                    if let Some(url) = c.get(1) {
                        self.links.push(Link {
                            url: decode_entities(url.as_str().trim()),
                            text: String::new(),
                            section,
                            line,
                            kind: LinkKind::Html,
                        });
                    }
                }
                if h.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.add_text("\n", line, false);
                }
            }

            _ => {}
        }
    }
}

fn strip_tags(html: &str) -> String {
    let text = TAG.replace_all(html, " ");
    let text = decode_entities(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Collapses runs of spaces and trims, keeping line breaks.
fn clean(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses a Markdown body that starts on line `first_line` of its file.
pub(crate) fn parse(body: &str, first_line: usize) -> (Vec<Section>, Vec<Link>) {
    let text = fix_headings(body);
    let lines = Lines::new(&text, first_line);
    let mut b = Builder {
        sections: vec![Section::default()],
        ..Builder::default()
    };
    b.sections[0].line = first_line;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(tag) => b.start(tag, &text, range, line),
            Event::End(tag) => b.end(tag),
            event => b.inline(event, line),
        }
    }
    link_parents(&mut b.sections);
    (b.sections, b.links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(md: &str) -> Vec<(u8, String)> {
        parse(md, 1)
            .0
            .into_iter()
            .skip(1)
            .map(|s| (s.level, s.heading))
            .collect()
    }

    #[test]
    fn headings_without_space_are_headings() {
        assert_eq!(
            headings("##Who attended?\n\n* A\n\n```\n##not\n```\n"),
            [(2, "Who attended?".to_owned())]
        );
        assert_eq!(headings("#Title\n\ntext #tag\n"), [(1, "Title".to_owned())]);
    }

    #[test]
    fn bullets_indented_under_a_numbered_item_are_nested() {
        let (sections, _) = parse(
            "1. Backports\n  * a note\n  * another\n2. Cadence\n  * more\n",
            1,
        );
        let items: Vec<_> = sections[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::ListItem { text, depth, .. } => Some((text.as_str(), *depth)),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            [
                ("Backports", 0),
                ("a note", 1),
                ("another", 1),
                ("Cadence", 0),
                ("more", 1)
            ]
        );
    }

    #[test]
    fn checkbox_lines_without_bullets_are_list_items() {
        let (sections, _) = parse(
            "# Triage\n[x] [Beta](http://b.example)\n[ ] Nominated\n  [ ] http://pr.example/1\n",
            1,
        );
        let items: Vec<_> = sections[1]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::ListItem { text, depth, .. } => Some((text.as_str(), *depth)),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            [
                ("[x] Beta", 0),
                ("[ ] Nominated", 0),
                ("[ ] http://pr.example/1", 1)
            ]
        );
    }

    #[test]
    fn links_of_every_kind_with_lines() {
        let md = "intro http://bare.org/x.\n\n## S\n\n[a](http://a.org) <https://b.org> [c][r]\n\n```\nhttp://code.org\n```\n\n[r]: http://c.org/\n";
        let (sections, links) = parse(md, 10);
        let got: Vec<_> = links
            .iter()
            .map(|l| (l.url.as_str(), l.text.as_str(), l.line, l.kind, l.section))
            .collect();
        assert_eq!(
            got,
            [
                ("http://bare.org/x", "", 10, LinkKind::Bare, 0),
                ("http://a.org", "a", 14, LinkKind::Inline, 1),
                ("https://b.org", "https://b.org", 14, LinkKind::Autolink, 1),
                ("http://c.org/", "c", 14, LinkKind::Reference, 1),
            ]
        );
        assert_eq!(sections[1].heading, "S");
        assert_eq!(sections[1].line, 12);
    }

    #[test]
    fn nested_list_items_keep_depth_and_order() {
        let (sections, _) = parse("* Team members: a, b\n  * nested\n* Others: c\n", 1);
        let items: Vec<_> = sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::ListItem { text, depth, .. } => (text.as_str(), *depth),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            items,
            [("Team members: a, b", 0), ("nested", 1), ("Others: c", 0)]
        );
    }

    #[test]
    fn tables_and_html() {
        let md = "| Name | Org |\n|---|---|\n| Ann | X |\n\n<div><h2>Links</h2><p>see <a href=\"https://h.org/\">here</a></p></div>\n";
        let (sections, links) = parse(md, 1);
        assert!(
            matches!(&sections[0].blocks[0], Block::Table { header, rows, .. }
            if header == &["Name", "Org"] && rows == &[vec!["Ann".to_owned(), "X".to_owned()]])
        );
        assert_eq!(links[0].url, "https://h.org/");
        assert_eq!(links[0].text, "here");
        assert_eq!(sections[1].heading, "Links");
    }
}
