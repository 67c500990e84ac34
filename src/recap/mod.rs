//! Stage 1, `recap::parse`: a recap file's text → [`Recap`], plain data that knows no RDF.
//!
//! This module owns reading the two source formats (Markdown via pulldown-cmark, and
//! Jekyll-era Textile), YAML front matter, the section tree, every link with its section
//! and line, and the dates written in the file. Parsing is lenient: it never fails on
//! text, it reports [`Diagnostic`]s instead; only reading the file can fail.

mod dates;
mod frontmatter;
mod links;
mod markdown;
mod textile;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use dates::{find_dates, month_of, parse_date, year_from_path, ymd, DateMatch};
pub use frontmatter::FrontMatter;
pub use links::{find_bare_urls, is_external, strip_trailing_punctuation};

/// Files bigger than this are refused with an error rather than parsed.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Files with more links than this are refused by ingest (`--max-links`): about 100
/// times the most a real recap in the shared corpus has.
pub const DEFAULT_MAX_LINKS: usize = 10_000;

/// The markup language of a recap file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark / GitHub-flavoured Markdown (`.md`, `.markdown`, `.txt`).
    Markdown,
    /// Textile, as old Jekyll blogs wrote it (`.textile`).
    Textile,
}

impl Format {
    /// The format a file name implies, or `None` for files recapgraph does not read.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" | "txt" => Some(Self::Markdown),
            "textile" => Some(Self::Textile),
            _ => None,
        }
    }

    /// Lower-case name, as stored in RDF.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Textile => "textile",
        }
    }
}

/// A parsed recap: everything later stages need, and nothing about RDF.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recap {
    /// Path of the source relative to the ingest root, with `/` separators; names the graph.
    pub source_path: String,
    /// BLAKE3 hash (hex) of the file's bytes.
    pub content_hash: String,
    /// The markup the file was read as.
    pub format: Option<Format>,
    /// YAML front matter, when the file has any.
    pub front_matter: FrontMatter,
    /// Title: front matter `title`, else the first level-1 heading, else the file name.
    pub title: String,
    /// The first level-1 heading as written, if any.
    pub h1: Option<String>,
    /// Date from a Jekyll file name `YYYY-MM-DD-slug` or a dated file name, ISO form.
    pub file_name_date: Option<String>,
    /// Sections in document order; index 0 is the preamble before the first heading.
    pub sections: Vec<Section>,
    /// Every link in document order.
    pub links: Vec<Link>,
    /// Things worth telling the user that did not stop parsing.
    pub diagnostics: Vec<Diagnostic>,
}

/// A heading and what follows it up to the next heading.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Section {
    /// Heading text (inline markup removed); empty for the preamble.
    pub heading: String,
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// Index of the enclosing section (the nearest earlier one with a lower level).
    pub parent: Option<usize>,
    /// Paragraphs, list items, tables and other blocks, in order.
    pub blocks: Vec<Block>,
}

/// A block of content inside a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph; soft line breaks are kept as `\n`.
    Paragraph {
        /// Plain text with inline markup removed.
        text: String,
        /// 1-based line where it starts.
        line: usize,
    },
    /// One list item's own text (without its nested items).
    ListItem {
        /// Plain text of the item.
        text: String,
        /// Nesting depth, 0 for a top-level item.
        depth: usize,
        /// 1-based line.
        line: usize,
    },
    /// A table: header cells and body rows.
    Table {
        /// Header cells.
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
        /// 1-based line.
        line: usize,
    },
    /// A fenced or indented code block; its text is never searched for facts.
    Code {
        /// 1-based line.
        line: usize,
    },
}

impl Block {
    /// The block's 1-based line.
    #[must_use]
    pub fn line(&self) -> usize {
        match self {
            Self::Paragraph { line, .. }
            | Self::ListItem { line, .. }
            | Self::Table { line, .. }
            | Self::Code { line } => *line,
        }
    }
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `[text](url)` or Textile `"text":url`.
    Inline,
    /// `[text][ref]` with a definition elsewhere.
    Reference,
    /// `<https://…>`.
    Autolink,
    /// A URL written in plain text.
    Bare,
    /// `href` in raw HTML.
    Html,
}

/// A link as written in the recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Target as written (trailing punctuation stripped for bare URLs).
    pub url: String,
    /// Anchor text (plain), empty when none.
    pub text: String,
    /// Index into [`Recap::sections`] of the section it appears in.
    pub section: usize,
    /// 1-based line.
    pub line: usize,
    /// How it was written.
    pub kind: LinkKind,
}

/// A problem found while parsing that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What was wrong and what was done about it.
    pub message: String,
    /// True when the file must not be stored as it is (e.g. broken front matter).
    pub fatal: bool,
}

/// Errors reading a recap file. Parsing text never fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecapError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than the configured limit.
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes; split it or raise --max-file-size")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{path}:{line}: not UTF-8 text (invalid byte at offset {offset}); recaps must be UTF-8"
    )]
    NotUtf8 {
        /// The file.
        path: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file holds binary data (NUL bytes).
    #[error("{path}:{line}: binary data (NUL byte); not a text recap")]
    Binary {
        /// The file.
        path: String,
        /// 1-based line of the first NUL byte.
        line: usize,
    },
    /// The file is empty or only whitespace.
    #[error("{path}: empty file, nothing to ingest")]
    Empty {
        /// The file.
        path: String,
    },
}

/// Checks raw bytes are a text recap and returns them as `&str`.
///
/// # Errors
/// [`RecapError::NotUtf8`], [`RecapError::Binary`] or [`RecapError::Empty`], naming `path`.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, RecapError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line_of = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(offset) = memchr_nul(bytes) {
        return Err(RecapError::Binary {
            path: path.to_owned(),
            line: line_of(offset),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            return Err(RecapError::NotUtf8 {
                path: path.to_owned(),
                line: line_of(offset),
                offset,
            });
        }
    };
    if text.trim().is_empty() {
        return Err(RecapError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// BLAKE3 hash of `bytes`, lower-case hex.
#[must_use]
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Reads a recap file's bytes, refusing files over `max_bytes`.
///
/// # Errors
/// When the file cannot be read or is too large.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, RecapError> {
    let meta = std::fs::metadata(path).map_err(|source| RecapError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if meta.len() > max_bytes {
        return Err(RecapError::TooLarge {
            path: path.display().to_string(),
            size: meta.len(),
            limit: max_bytes,
        });
    }
    std::fs::read(path).map_err(|source| RecapError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Parses a recap file's bytes; `path` names it in errors, `source_path` names its graph.
///
/// # Errors
/// When the bytes are binary, empty or not UTF-8.
pub fn from_bytes(path: &Path, bytes: &[u8], source_path: &str) -> Result<Recap, RecapError> {
    let format = Format::from_path(path).unwrap_or(Format::Markdown);
    let text = decode(&path.display().to_string(), bytes)?;
    let mut recap = parse(&text, source_path, format);
    recap.content_hash = content_hash(bytes);
    Ok(recap)
}

/// Reads and parses one recap file.
///
/// # Errors
/// When the file cannot be read, is too large, binary, empty or not UTF-8.
pub fn read(path: &Path, source_path: &str, max_bytes: u64) -> Result<Recap, RecapError> {
    from_bytes(path, &read_bytes(path, max_bytes)?, source_path)
}

/// Parses recap text. Never fails and never panics; problems become diagnostics.
#[must_use]
pub fn parse(text: &str, source_path: &str, format: Format) -> Recap {
    // A whole HTML page saved under a recap's name (a HackMD export): read the Markdown it
    // carries, escaped, inside its document element.
    let embedded = embedded_markdown(text);
    let (text, line_offset) = match &embedded {
        Some((markdown, line)) => (markdown.as_str(), line - 1),
        None => (text, 0),
    };
    let (front_matter, body, body_line, fm_diag) = frontmatter::split(text);
    let body_line = body_line + line_offset;
    // Jekyll's Liquid: `{{ page.title }}` is the title; other tags are template noise.
    let liquid;
    let body = if body.contains("{{") || body.contains("{%") {
        liquid = expand_liquid(body, front_matter.title.as_deref().unwrap_or(""));
        liquid.as_str()
    } else {
        body
    };
    let (sections, links) = match format {
        Format::Markdown => markdown::parse(body, body_line),
        Format::Textile => textile::parse(body, body_line),
    };
    let h1 = sections
        .iter()
        .find(|s| s.level == 1)
        .map(|s| s.heading.clone())
        .filter(|h| !h.is_empty());
    let file_stem = Path::new(source_path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(source_path);
    let title = front_matter
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| h1.clone())
        .unwrap_or_else(|| file_stem.to_owned());
    let file_name_date = dates::date_from_path(source_path);
    Recap {
        source_path: source_path.to_owned(),
        content_hash: content_hash(text.as_bytes()),
        format: Some(format),
        front_matter,
        title: title.trim().to_owned(),
        h1,
        file_name_date,
        sections,
        links,
        diagnostics: fm_diag.into_iter().collect(),
    }
}

/// The Markdown inside a saved HTML page (`<div id="doc" class="markdown-body">` as
/// HackMD exports write it), unescaped, with the line it starts on.
fn embedded_markdown(text: &str) -> Option<(String, usize)> {
    let head = text.trim_start().get(..15)?.to_ascii_lowercase();
    if !head.starts_with("<!doctype html") && !head.starts_with("<html") {
        return None;
    }
    let marker = text
        .find("id=\"doc\"")
        .or_else(|| text.find("class=\"markdown-body"))?;
    let open_end = marker + text[marker..].find('>')? + 1;
    let close = open_end + text[open_end..].find("</div>")?;
    let inner = &text[open_end..close];
    // Real HTML inside (rendered, not escaped Markdown) is left to the HTML reader.
    if inner.contains("<p>") || inner.contains("<h1") || inner.contains("<h2") {
        return None;
    }
    let line = text[..open_end].matches('\n').count() + 1;
    Some((unescape_html(inner), line))
}

fn unescape_html(s: &str) -> String {
    static ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);")
            .expect("valid regex")
    });
    ENTITY
        .replace_all(s, |c: &regex::Captures<'_>| {
            let e = c.get(1).map_or("", |m| m.as_str());
            let ch = match e {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let n = e
                        .strip_prefix("#x")
                        .map(|h| u32::from_str_radix(h, 16))
                        .or_else(|| e.strip_prefix('#').map(str::parse::<u32>));
                    n.and_then(Result::ok).and_then(char::from_u32)
                }
            };
            ch.map_or_else(|| c[0].to_owned(), String::from)
        })
        .into_owned()
}

fn expand_liquid(body: &str, title: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{\{\s*([^}]*?)\s*\}\}|\{%[^%]*%\}").expect("valid regex")
    });
    TAG.replace_all(body, |c: &regex::Captures<'_>| {
        match c.get(1).map(|m| m.as_str()) {
            Some("page.title") => title.to_owned(),
            _ => String::new(),
        }
    })
    .into_owned()
}

impl Recap {
    /// The path of headings from the top to section `index`, joined by " > ".
    #[must_use]
    pub fn section_path(&self, index: usize) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(index);
        while let Some(i) = cur {
            let Some(s) = self.sections.get(i) else { break };
            if s.level > 0 && !s.heading.is_empty() {
                parts.push(s.heading.as_str());
            }
            cur = s.parent;
        }
        parts.reverse();
        parts.join(" > ")
    }

    /// Indices of the sections directly under section `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == Some(index))
            .map(|(i, _)| i)
    }

    /// True when section `index` is `ancestor` or lies under it.
    #[must_use]
    pub fn is_within(&self, index: usize, ancestor: usize) -> bool {
        let mut cur = Some(index);
        while let Some(i) = cur {
            if i == ancestor {
                return true;
            }
            cur = self.sections.get(i).and_then(|s| s.parent);
        }
        false
    }
}

/// Builds the section list's parent links from levels.
pub(crate) fn link_parents(sections: &mut [Section]) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let level = sections[i].level;
        if level == 0 {
            stack.clear();
            stack.push(i);
            continue;
        }
        while let Some(&top) = stack.last() {
            if sections[top].level >= level && sections[top].level > 0 {
                stack.pop();
            } else {
                break;
            }
        }
        sections[i].parent = stack.last().copied();
        stack.push(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_binary_and_reports_line() {
        let err = decode("x.md", b"a\nb\0c").unwrap_err();
        assert!(matches!(err, RecapError::Binary { line: 2, .. }), "{err}");
        let err = decode("x.md", b"ok\n\xff\xfe").unwrap_err();
        assert!(matches!(err, RecapError::NotUtf8 { line: 2, .. }), "{err}");
        assert!(matches!(
            decode("x.md", b" \n\t").unwrap_err(),
            RecapError::Empty { .. }
        ));
        assert_eq!(decode("x.md", b"\xEF\xBB\xBFhi\r\n").unwrap(), "hi\n");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a.MD")), Some(Format::Markdown));
        assert_eq!(
            Format::from_path(Path::new("a.textile")),
            Some(Format::Textile)
        );
        assert_eq!(Format::from_path(Path::new("a.png")), None);
    }

    #[test]
    fn markdown_inside_a_saved_html_page() {
        let page = "<!DOCTYPE html>\n<html>\n<head><title>x</title></head>\n<body>\n<div id=\"doc\" class=\"markdown-body\">---\ntitle: Triage 2021-11-09\n---\n# Agenda\n\n### &#34;Quoted&#34; &amp; more\n\n**Link:** https://example.org/1\n</div>\n<a href=\"https://cdn.example/nav\">nav</a>\n</body></html>\n";
        let r = parse(page, "x/2021-11-09.md", Format::Markdown);
        assert_eq!(r.front_matter.title.as_deref(), Some("Triage 2021-11-09"));
        assert!(r
            .sections
            .iter()
            .any(|s| s.heading == "\"Quoted\" & more" && s.line == 10));
        let urls: Vec<_> = r.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://example.org/1"],
            "navigation outside the document is not the recap's"
        );
    }

    #[test]
    fn section_paths_follow_levels() {
        let r = parse(
            "# T\n\n## A\n\n### B\n\ntext\n\n## C\n",
            "x.md",
            Format::Markdown,
        );
        let b = r.sections.iter().position(|s| s.heading == "B").unwrap();
        assert_eq!(r.section_path(b), "T > A > B");
        let c = r.sections.iter().position(|s| s.heading == "C").unwrap();
        assert_eq!(r.section_path(c), "T > C");
    }
}
