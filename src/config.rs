//! A folder's `recapgraph.toml`: what no rule can guess about one team's notes.
//!
//! ```toml
//! attendee_headings = ["Who came"]
//! agenda_headings = ["Running order"]
//! date_order = "dmy"
//! not_meetings = ["drafts/", "TEMPLATE.md"]
//! ```
//!
//! Every key is optional and an unknown one is an error ([`ConfigError`] names the file,
//! the line and the column). [`FolderConfig::for_file`] turns it into the
//! [`ExtractConfig`] of one file; `ingest` finds the file (see [`crate::ingest`]).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::extract::{DateOrder, ExtractConfig};

/// The name `ingest` looks for in a folder it is given.
pub const FILE_NAME: &str = "recapgraph.toml";

/// Config files larger than this are refused (a real one is a few hundred bytes).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A config that cannot be used. The run must not go on with it: files would be read
/// with the wrong settings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid config: TOML syntax, an unknown key, a wrong type, a date
    /// order other than `dmy`/`mdy`, a bad glob.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// The settings of one folder, as written in its `recapgraph.toml`.
#[derive(Debug, Clone, Default)]
pub struct FolderConfig {
    /// Extra headings or labels that open an attendee list.
    pub attendee_headings: Vec<String>,
    /// Extra headings or labels that open the agenda.
    pub agenda_headings: Vec<String>,
    /// The order of numeric dates (`2/10/2017`) when no day over 12 settles it.
    pub date_order: Option<DateOrder>,
    /// Files that are not meetings.
    pub not_meetings: NotMeetings,
}

/// What the TOML holds, with positions for the messages about values.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    attendee_headings: Vec<Spanned<String>>,
    #[serde(default)]
    agenda_headings: Vec<Spanned<String>>,
    #[serde(default)]
    date_order: Option<DateOrder>,
    #[serde(default)]
    not_meetings: Vec<Spanned<String>>,
}

impl FolderConfig {
    /// Reads and parses a config file.
    ///
    /// # Errors
    /// When the file cannot be read, is over [`MAX_CONFIG_BYTES`], or is not a valid
    /// config.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::parse(&read_text(path)?, path)
    }

    /// Parses the text of a config file; `path` names it in errors.
    ///
    /// # Errors
    /// When the text is not a valid config: the error names `path`, the line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        let headings = |list: Vec<Spanned<String>>, key: &str| {
            list.into_iter()
                .map(|h| {
                    if crate::extract::config::normalize_heading(h.get_ref()).is_empty() {
                        Err(invalid(
                            h.span().start,
                            format!("{key}: a heading needs a letter or digit"),
                        ))
                    } else {
                        Ok(h.into_inner())
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let attendee_headings = headings(raw.attendee_headings, "attendee_headings")?;
        let agenda_headings = headings(raw.agenda_headings, "agenda_headings")?;
        let mut patterns = Vec::new();
        for p in &raw.not_meetings {
            patterns.push(
                Pattern::new(p.get_ref()).map_err(|message| {
                    invalid(p.span().start, format!("not_meetings: {message}"))
                })?,
            );
        }
        Ok(Self {
            attendee_headings,
            agenda_headings,
            date_order: raw.date_order,
            not_meetings: NotMeetings::from_patterns(patterns)
                .map_err(|message| invalid(0, format!("not_meetings: {message}")))?,
        })
    }

    /// The extraction settings of one file: `relative` is its path from the folder the
    /// config applies to, with `/` separators (`drafts/2024-05-02.md`).
    #[must_use]
    pub fn for_file(&self, relative: &str) -> ExtractConfig {
        ExtractConfig {
            attendee_headings: self.attendee_headings.clone(),
            agenda_headings: self.agenda_headings.clone(),
            date_order: self.date_order,
            not_a_meeting: self.not_meetings.matches(relative),
        }
    }
}

/// Reads a config file's text, refusing one over [`MAX_CONFIG_BYTES`].
///
/// # Errors
/// When it cannot be read, is too large or is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, ConfigError> {
    let read = |source| ConfigError::Read {
        path: path.to_owned(),
        source,
    };
    let len = std::fs::metadata(path).map_err(read)?.len();
    if len > MAX_CONFIG_BYTES {
        return Err(ConfigError::Invalid {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!(
                "{len} bytes, over the limit of {MAX_CONFIG_BYTES} bytes for a config file"
            ),
        });
    }
    std::fs::read_to_string(path).map_err(read)
}

/// 1-based line and column (in characters) of a byte offset into `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// One `not_meetings` glob, as `.gitignore` reads it.
#[derive(Debug, Clone)]
struct Pattern {
    /// As written.
    written: String,
    /// Without leading `/` or `./` and trailing `/`.
    glob: String,
    /// It has a `/` before its end (a leading one too): matched against paths from the
    /// folder; otherwise against the name of a file or folder at any depth.
    anchored: bool,
}

impl Pattern {
    fn new(written: &str) -> Result<Self, String> {
        // A trailing `/` (a folder) does not anchor; a leading one does, as in `.gitignore`.
        let core = written.trim().trim_end_matches('/');
        let glob = core.trim_start_matches("./").trim_start_matches('/');
        if glob.is_empty() {
            return Err(format!(
                "{written:?} matches nothing; give a file name or a glob such as \"drafts/*\""
            ));
        }
        // Check it alone, so the message names the pattern at its own line.
        build_glob(glob).map_err(|e| format!("bad glob {written:?}: {}", e.kind()))?;
        Ok(Self {
            written: written.to_owned(),
            glob: glob.to_owned(),
            anchored: core.contains('/'),
        })
    }
}

fn build_glob(glob: &str) -> Result<globset::Glob, globset::Error> {
    // `*` and `?` stop at `/`; `**` crosses folders.
    GlobBuilder::new(glob).literal_separator(true).build()
}

/// The `not_meetings` globs, compiled. Read like `.gitignore`: a pattern without `/`
/// matches a file or folder name at any depth (`TEMPLATE.md`, `drafts`, `*.draft.md`);
/// one with a `/` before its end matches the path from the folder (`drafts/*`, `/top.md`,
/// `notes/**/old-*.md`); `*`
/// stays within a folder, `**` spans folders; a matched folder holds no meetings.
#[derive(Debug, Clone, Default)]
pub struct NotMeetings {
    patterns: Vec<Pattern>,
    anchored: GlobSet,
    names: GlobSet,
}

impl NotMeetings {
    /// Compiles `patterns`.
    ///
    /// # Errors
    /// The message for the first pattern that is not a glob.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, String> {
        let patterns = patterns
            .iter()
            .map(|p| Pattern::new(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_patterns(patterns)
    }

    fn from_patterns(patterns: Vec<Pattern>) -> Result<Self, String> {
        let mut anchored = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for p in &patterns {
            let glob = build_glob(&p.glob).map_err(|e| e.to_string())?;
            if p.anchored {
                anchored.add(glob);
            } else {
                names.add(glob);
            }
        }
        Ok(Self {
            patterns,
            anchored: anchored.build().map_err(|e| e.to_string())?,
            names: names.build().map_err(|e| e.to_string())?,
        })
    }

    /// The patterns as written.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| p.written.as_str())
    }

    /// True when no pattern is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// True when `relative` (a path from the folder, `/` separators) or a folder on its
    /// way is matched.
    #[must_use]
    pub fn matches(&self, relative: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let parts: Vec<&str> = relative
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        (1..=parts.len()).any(|n| {
            self.names.is_match(parts[n - 1]) || self.anchored.is_match(parts[..n].join("/"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FolderConfig, ConfigError> {
        FolderConfig::parse(text, Path::new("notes/recapgraph.toml"))
    }

    fn error_at(text: &str) -> (usize, usize, String) {
        match parse(text) {
            Err(ConfigError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected an invalid config, got {other:?}"),
        }
    }

    #[test]
    fn every_key_reaches_the_extract_config() {
        let c = parse(
            "# team notes\nattendee_headings = [\"Who came\", \"On the call\"]\n\
             agenda_headings = [\"Running order\"]\ndate_order = \"mdy\"\n\
             not_meetings = [\"drafts/*\"]\n",
        )
        .expect("valid");
        let e = c.for_file("2024/03-04.md");
        assert_eq!(e.attendee_headings, ["Who came", "On the call"]);
        assert_eq!(e.agenda_headings, ["Running order"]);
        assert_eq!(e.date_order, Some(DateOrder::Mdy));
        assert!(!e.not_a_meeting);
        assert!(c.for_file("drafts/2024-03-04.md").not_a_meeting);
        assert!(e.is_attendee_heading("who came:"));
    }

    #[test]
    fn an_empty_config_is_the_default() {
        let c = parse("").expect("valid");
        assert_eq!(c.for_file("a/b.md"), ExtractConfig::default());
    }

    #[test]
    fn globs_read_like_gitignore() {
        let n = NotMeetings::new(&["drafts/*", "TEMPLATE.md", "*.wip.md", "archive/", "/top.md"])
            .expect("globs");
        assert!(n.matches("drafts/a.md"));
        assert!(
            n.matches("drafts/sub/a.md"),
            "a matched folder holds no meetings"
        );
        assert!(!n.matches("old/drafts-2024.md"));
        assert!(!n.matches("team/drafts.md"));
        assert!(n.matches("TEMPLATE.md"));
        assert!(
            n.matches("2024/TEMPLATE.md"),
            "a bare name matches at any depth"
        );
        assert!(n.matches("x/y/plan.wip.md"));
        assert!(n.matches("archive/2019/a.md"));
        assert!(n.matches("x/archive/a.md"));
        assert!(n.matches("top.md"));
        assert!(!n.matches("x/top.md"), "a pattern with / is anchored");
        let deep = NotMeetings::new(&["notes/**/old-*.md"]).expect("globs");
        assert!(deep.matches("notes/old-1.md"));
        assert!(deep.matches("notes/a/b/old-1.md"));
        assert!(!deep.matches("notes/a/new-1.md"));
        assert!(!NotMeetings::default().matches("a.md"));
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let (line, column, message) = error_at("date_order = \"dmy\"\n\nattendees = [\"x\"]\n");
        assert_eq!((line, column), (3, 1), "{message}");
        assert!(message.contains("unknown field `attendees`"), "{message}");

        let (line, _, message) = error_at("# x\ndate_order = \"ymd\"\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("dmy") && message.contains("mdy"),
            "{message}"
        );

        let (line, column, message) = error_at("not_meetings = [\n  \"ok/*\",\n  \"bad[\",\n]\n");
        assert_eq!((line, column), (3, 3), "{message}");
        assert!(message.contains("bad glob \"bad[\""), "{message}");

        let (line, _, _) = error_at("a = [\n");
        assert!(line >= 1);
        let (line, _, message) = error_at("attendee_headings = \"Who came\"\n");
        assert_eq!(line, 1);
        assert!(
            message.contains("sequence") || message.contains("array"),
            "{message}"
        );
        let (line, _, message) = error_at("agenda_headings = [\"ok\", \"::\"]\n");
        assert_eq!(line, 1);
        assert!(message.contains("agenda_headings"), "{message}");
        let (line, _, _) = error_at("\n\nnot_meetings = [\"/\"]\n");
        assert_eq!(line, 3);
    }

    #[test]
    fn the_error_message_starts_with_file_line_and_column() {
        let e = parse("\n\nnope = 1\n").expect_err("unknown key");
        assert!(
            e.to_string().starts_with("notes/recapgraph.toml:3:1: "),
            "{e}"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("é = x", 4), (1, 4));
        assert_eq!(line_column("a\nbc", 3), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
