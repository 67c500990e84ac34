//! `links fix`: the recap files rewritten with the replacements link checks suggested,
//! as a unified diff (one hunk per changed line) or written in place.
//!
//! Which files: those under the paths given (named as `ingest` names them), whose stored
//! citations point at a document whose latest check was not ok and suggested a
//! replacement: a live address first (permanent redirect, GitHub `main`, https), else the
//! archived snapshot looked up for the citing meeting's date. Only the URL changes: on
//! the citation's line (or the next two; else wherever the file writes it, as a
//! reference-style link's definition), the link's destination (`](…)`, `<…>`, `": …`, `href="…"`), or the
//! bare URL; anchor text and every other byte stay as they are. The written URL's
//! fragment is kept when the replacement has none.
//!
//! Invariants: a file is only rewritten when its bytes are those ingested (the stored
//! content hash) and those the plan read; each file is written to a temporary file in
//! its own folder, flushed to disk and renamed over the original, so a crash leaves it
//! old or new, never half-written.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{citations, Citation, LinksError};
use crate::extract::Vocabulary;
use crate::ingest::{self, FolderConfigs, IngestOptions, IngestReport, SourceFile};
use crate::store::{LastCheck, RecapStore, StoredSuggestion};

/// Lines of context around each changed line in the diff (fewer where two changes are
/// close, so hunks never overlap).
const CONTEXT: usize = 3;

/// Lines after a citation's recorded line searched for its URL (a link's destination
/// may sit on the next line of a wrapped link).
const SEARCH_LINES: usize = 3;

/// Which suggestions `links fix` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixOnly {
    /// A live address when there is one, else an archived snapshot.
    #[default]
    All,
    /// Live addresses only: permanent redirects, GitHub `main`, https.
    Redirects,
    /// Archived snapshots only.
    Archive,
}

/// One URL replaced on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEdit {
    /// The 1-based line.
    pub line: usize,
    /// The URL as written.
    pub old: String,
    /// Its replacement.
    pub new: String,
    /// The suggestion's kind (`redirect`, `https`, `github-main`, `archive`).
    pub kind: String,
}

/// One file and what fixing it changes.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file on disk.
    pub path: PathBuf,
    /// Its bytes when planned (those ingested).
    pub original: Vec<u8>,
    /// Its bytes fixed.
    pub fixed: Vec<u8>,
    /// The replacements, by line.
    pub edits: Vec<LinkEdit>,
}

/// What `links fix` will do.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// The files to rewrite.
    pub files: Vec<FileFix>,
    /// Files left alone, and why (changed since ingest, unreadable).
    pub refused: Vec<(PathBuf, String)>,
    /// Replacements whose URL was not found where the store says it is written:
    /// (file, URL, line).
    pub unplaced: Vec<(PathBuf, String, Option<usize>)>,
    /// Recap files under the paths that the store does not know by the name these paths
    /// give them (not ingested, or ingested from another folder).
    pub unknown: Vec<PathBuf>,
}

/// Plans the fix of the recaps under `paths`.
///
/// # Errors
/// Store failures; an invalid folder config.
pub fn plan_fix(
    store: &RecapStore,
    paths: &[PathBuf],
    config: Option<&Path>,
    only: FixOnly,
) -> Result<FixPlan, LinksError> {
    let configs = FolderConfigs::load(paths, config).map_err(ingest::IngestError::from)?;
    let (files, failures) = ingest::collect_files(paths);
    let mut plan = FixPlan::default();
    for f in failures {
        plan.refused.push((PathBuf::from(f.path), f.message));
    }
    let checks = store.last_checks()?;
    let mut by_source: HashMap<String, Vec<Citation>> = HashMap::new();
    for c in citations(store)? {
        by_source.entry(c.source.clone()).or_default().push(c);
    }
    let known: BTreeSet<String> = store.sources()?.into_iter().map(|s| s.path).collect();
    for file in files {
        if !known.contains(&file.source_path) {
            plan.unknown.push(file.path.clone());
            continue;
        }
        let Some(cited) = by_source.get(&file.source_path) else {
            continue;
        };
        let wanted: Vec<(&Citation, String, String)> = cited
            .iter()
            .filter_map(|c| {
                let (url, kind) = replacement(checks.get(&c.doc)?, c, only)?;
                Some((c, url, kind))
            })
            .collect();
        if wanted.is_empty() {
            continue;
        }
        match fix_file(store, &configs, &file, &wanted) {
            Ok((fix, unplaced)) => {
                plan.unplaced.extend(
                    unplaced
                        .into_iter()
                        .map(|(url, line)| (file.path.clone(), url, line)),
                );
                if !fix.edits.is_empty() {
                    plan.files.push(fix);
                }
            }
            Err(reason) => plan.refused.push((file.path.clone(), reason)),
        }
    }
    Ok(plan)
}

/// The replacement for one citation, from its document's latest check: a live address
/// when allowed and found, else the snapshot for the citing meeting's date.
fn replacement(check: &LastCheck, citation: &Citation, only: FixOnly) -> Option<(String, String)> {
    if check.outcome == "ok" {
        return None;
    }
    let live = |s: &&StoredSuggestion| s.kind != "archive";
    let chosen = match only {
        FixOnly::Archive => None,
        FixOnly::All | FixOnly::Redirects => check.suggestions.iter().find(live),
    }
    .or_else(|| {
        (only != FixOnly::Redirects)
            .then(|| {
                check
                    .suggestions
                    .iter()
                    .find(|s| s.kind == "archive" && s.for_date == citation.date)
            })
            .flatten()
    })?;
    let mut url = chosen.url.clone();
    if let Some((_, fragment)) = citation.url.split_once('#') {
        if !url.contains('#') {
            url = format!("{url}#{fragment}");
        }
    }
    (url != citation.url).then(|| (url, chosen.kind.clone()))
}

/// One file's fix, after checking it is the version ingested.
#[allow(clippy::type_complexity)]
fn fix_file(
    store: &RecapStore,
    configs: &FolderConfigs,
    file: &SourceFile,
    wanted: &[(&Citation, String, String)],
) -> Result<(FileFix, Vec<(String, Option<usize>)>), String> {
    let bytes = crate::recap::read_bytes(&file.path, crate::recap::DEFAULT_MAX_FILE_BYTES)
        .map_err(|e| e.to_string())?;
    let graph = store.iris().source(&file.source_path);
    let hash = ingest::stored_hash_of(configs, file, &bytes);
    if !store.has_hash(&graph, &hash).map_err(|e| e.to_string())? {
        return Err(
            "changed since it was ingested (its content hash differs from the \
                    stored one); run `recapgraph ingest` and `links check` again first"
                .to_owned(),
        );
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // line index → (old URL → (new URL, kind))
    let mut per_line: BTreeMap<usize, BTreeMap<String, (String, String)>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let mut seen = BTreeSet::new();
    for (c, new, kind) in wanted {
        if !seen.insert((c.line, c.url.clone())) {
            continue;
        }
        let start = c.line.map_or(0, |l| l.saturating_sub(1));
        let end = c
            .line
            .map_or(lines.len(), |_| (start + SEARCH_LINES).min(lines.len()));
        let has = |i: &usize| !url_spans(lines[*i], &c.url).is_empty();
        // Near its line; else wherever the file writes it (a reference-style link's
        // definition, far from where the link is used: the same URL, so the same fix).
        let found: Vec<usize> = match (start..end).find(has) {
            Some(i) => vec![i],
            None => (0..lines.len()).filter(has).collect(),
        };
        if found.is_empty() {
            unplaced.push((c.url.clone(), c.line));
        }
        for i in found {
            per_line
                .entry(i)
                .or_default()
                .insert(c.url.clone(), (new.clone(), kind.clone()));
        }
    }
    let mut fixed = String::with_capacity(text.len() + 64);
    let mut edits = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(changes) = per_line.get(&i) else {
            fixed.push_str(line);
            continue;
        };
        let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
        for (old, (new, kind)) in changes {
            for span in url_spans(line, old) {
                spans.push((span, new.as_str()));
            }
            edits.push(LinkEdit {
                line: i + 1,
                old: old.clone(),
                new: new.clone(),
                kind: kind.clone(),
            });
        }
        // A URL that is a prefix of another is never matched inside it (spans end at a
        // URL's end), so spans do not overlap.
        spans.sort_by_key(|(r, _)| r.start);
        let mut at = 0;
        for (span, new) in spans {
            if span.start < at {
                continue;
            }
            fixed.push_str(&line[at..span.start]);
            fixed.push_str(new);
            at = span.end;
        }
        fixed.push_str(&line[at..]);
    }
    Ok((
        FileFix {
            path: file.path.clone(),
            original: bytes.clone(),
            fixed: fixed.into_bytes(),
            edits,
        },
        unplaced,
    ))
}

/// Characters that may continue a URL: a match followed by one is part of a longer URL.
fn continues_url(c: char) -> bool {
    c.is_alphanumeric() || "/-_~%?#=&+@$*".contains(c)
}

/// Where `url` is written in `line` as a link's target: its destinations (`](url`,
/// `]: url`, `":url`, `href="url`, `<url>`) when it has any (so a URL also used as the
/// anchor text keeps its text), else every standalone occurrence (a bare URL).
fn url_spans(line: &str, url: &str) -> Vec<Range<usize>> {
    if url.is_empty() {
        return Vec::new();
    }
    let mut all = Vec::new();
    let mut destinations = Vec::new();
    for (start, _) in line.match_indices(url) {
        let end = start + url.len();
        let before = &line[..start];
        let after = &line[end..];
        let prev = before.chars().next_back();
        let glued = prev.is_some_and(|c| {
            (continues_url(c) || c == '.' || c == ':')
                && !before.ends_with("\":")
                && !before.ends_with("]:")
        });
        if glued {
            continue;
        }
        // Sentence punctuation may follow a bare URL; anything else URL-like continues it.
        let mut rest = after.chars();
        let next = rest.next();
        let continued = next.is_some_and(|c| {
            continues_url(c) || (".,:;!'".contains(c) && rest.next().is_some_and(continues_url))
        });
        if continued {
            continue;
        }
        all.push(start..end);
        let trimmed = before.trim_end();
        if before.ends_with("](")
            || trimmed.ends_with("]:")
            || before.ends_with("\":")
            || before.ends_with("href=\"")
            || before.ends_with("href='")
            || before.ends_with('<')
        {
            destinations.push(start..end);
        }
    }
    if destinations.is_empty() {
        all
    } else {
        destinations
    }
}

/// Writes the plan as a unified diff (`patch -p0` applies it): per file, one hunk per
/// changed line with up to three lines of context.
///
/// # Errors
/// I/O failures.
pub fn write_diff(plan: &FixPlan, out: &mut dyn Write) -> std::io::Result<()> {
    for fix in &plan.files {
        let path = fix.path.display();
        writeln!(out, "--- {path}")?;
        writeln!(out, "+++ {path}")?;
        let old = String::from_utf8_lossy(&fix.original);
        let new = String::from_utf8_lossy(&fix.fixed);
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        let changed: Vec<usize> = (0..old_lines.len())
            .filter(|&i| old_lines[i] != new_lines.get(i).copied().unwrap_or_default())
            .collect();
        let mut shown_to = 0;
        for (k, &i) in changed.iter().enumerate() {
            let first = i.saturating_sub(CONTEXT).max(shown_to);
            // Context never reaches the next changed line: hunks do not overlap.
            let limit = changed.get(k + 1).copied().unwrap_or(old_lines.len());
            let last = (i + 1 + CONTEXT).min(limit).min(old_lines.len());
            let len = last - first;
            writeln!(out, "@@ -{},{len} +{},{len} @@", first + 1, first + 1)?;
            for j in first..last {
                if j == i {
                    diff_line(out, '-', old_lines[j])?;
                    diff_line(out, '+', new_lines[j])?;
                } else {
                    diff_line(out, ' ', old_lines[j])?;
                }
            }
            shown_to = last;
        }
    }
    Ok(())
}

fn diff_line(out: &mut dyn Write, mark: char, line: &str) -> std::io::Result<()> {
    write!(out, "{mark}{line}")?;
    if !line.ends_with('\n') {
        writeln!(out)?;
        writeln!(out, "\\ No newline at end of file")?;
    }
    Ok(())
}

/// What `links fix --write` did.
#[derive(Debug)]
pub struct FixApplied {
    /// Files rewritten.
    pub written: Vec<PathBuf>,
    /// Files left alone because they changed after the plan read them.
    pub refused: Vec<(PathBuf, String)>,
    /// The re-ingest of the rewritten files.
    pub ingest: IngestReport,
}

/// Writes the plan's files, each atomically, then re-ingests them (the files under
/// `paths` that were rewritten, under the graph names `paths` give them).
/// `on_written` hears of each file once it is in place.
///
/// # Errors
/// A file that cannot be written (the ones before it stay written; none is half-written);
/// store failures of the re-ingest.
pub fn apply_fix(
    store: &RecapStore,
    vocab: &Vocabulary,
    paths: &[PathBuf],
    plan: &FixPlan,
    opts: &IngestOptions,
    on_written: &mut dyn FnMut(&Path),
) -> Result<FixApplied, LinksError> {
    let mut written = Vec::new();
    let mut refused = Vec::new();
    for fix in &plan.files {
        let now = std::fs::read(&fix.path).map_err(|source| LinksError::File {
            path: fix.path.clone(),
            source,
        })?;
        if now != fix.original {
            refused.push((
                fix.path.clone(),
                "changed while `links fix` ran; run it again".to_owned(),
            ));
            continue;
        }
        replace_file(&fix.path, &fix.fixed).map_err(|source| LinksError::File {
            path: fix.path.clone(),
            source,
        })?;
        written.push(fix.path.clone());
        on_written(&fix.path);
    }
    let rewritten: BTreeSet<PathBuf> = written.iter().cloned().collect();
    let report = ingest::ingest_selected(
        store,
        vocab,
        paths,
        opts,
        &|f: &SourceFile| rewritten.contains(&f.path),
        &mut |_| {},
    )?;
    Ok(FixApplied {
        written,
        refused,
        ingest: report,
    })
}

/// Replaces `path`'s content atomically: a temporary file in the same folder (so the
/// rename stays on one file system), with the original's permissions, synced, renamed over
/// it, and the folder synced.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    // A dot name: ingest skips it should a crash leave it behind.
    let mut temp = tempfile::Builder::new()
        .prefix(".recapgraph-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(line: &str, url: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for span in url_spans(line, url) {
            out.push_str(&line[at..span.start]);
            out.push_str("NEW");
            at = span.end;
        }
        out.push_str(&line[at..]);
        out
    }

    #[test]
    fn only_the_link_target_changes() {
        let u = "https://a.example/p";
        for (line, want) in [
            (
                "* See [the doc](https://a.example/p).",
                "* See [the doc](NEW).",
            ),
            (
                "[https://a.example/p](https://a.example/p)",
                "[https://a.example/p](NEW)",
            ),
            ("Slides: https://a.example/p.", "Slides: NEW."),
            (
                "Slides: https://a.example/p, and more",
                "Slides: NEW, and more",
            ),
            ("<https://a.example/p>", "<NEW>"),
            ("[ref]: https://a.example/p", "[ref]: NEW"),
            (
                "\"the doc\":https://a.example/p then",
                "\"the doc\":NEW then",
            ),
            (
                "<a href=\"https://a.example/p\">https://a.example/p</a>",
                "<a href=\"NEW\">https://a.example/p</a>",
            ),
            // Longer URLs that start with it, or contain it, are other links.
            ("[x](https://a.example/page)", "[x](https://a.example/page)"),
            ("[x](https://a.example/p/2)", "[x](https://a.example/p/2)"),
            (
                "[x](https://a.example/p.html)",
                "[x](https://a.example/p.html)",
            ),
            (
                "[x](http://web.archive.org/web/2024/https://a.example/p)",
                "[x](http://web.archive.org/web/2024/https://a.example/p)",
            ),
        ] {
            assert_eq!(replaced(line, u), want, "{line}");
        }
    }

    #[test]
    fn hunks_never_overlap_and_a_last_line_without_newline_is_marked() {
        let original = "a\nb\nc\nd\ne\nf\ng\nh\ni\nlast";
        let fixed = "a\nB\nc\nd\ne\nf\ng\nh\ni\nLAST";
        let plan = FixPlan {
            files: vec![FileFix {
                path: PathBuf::from("r/x.md"),
                original: original.as_bytes().to_vec(),
                fixed: fixed.as_bytes().to_vec(),
                edits: Vec::new(),
            }],
            ..FixPlan::default()
        };
        let mut out = Vec::new();
        write_diff(&plan, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--- r/x.md\n+++ r/x.md\n\
             @@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n\
             @@ -7,4 +7,4 @@\n g\n h\n i\n-last\n\\ No newline at end of file\n\
             +LAST\n\\ No newline at end of file\n"
        );
    }

    fn check(outcome: &str, suggestions: &[(&str, &str, Option<&str>)]) -> LastCheck {
        LastCheck {
            at: chrono::Utc::now(),
            outcome: outcome.into(),
            status: None,
            error_kind: None,
            final_url: None,
            suggestions: suggestions
                .iter()
                .map(|(kind, url, date)| StoredSuggestion {
                    url: (*url).into(),
                    kind: (*kind).into(),
                    source: String::new(),
                    snapshot_at: None,
                    for_date: date.map(str::to_owned),
                })
                .collect(),
        }
    }

    #[test]
    fn live_addresses_first_snapshots_by_meeting_date() {
        let c = Citation {
            source: "r/a.md".into(),
            doc: "https://a.example/p".into(),
            url: "https://a.example/p#part".into(),
            line: Some(3),
            date: Some("2024-02-01".into()),
        };
        let both = check(
            "broken",
            &[
                ("https", "https://b.example/p", None),
                ("archive", "https://w.example/1/p", Some("2024-01-01")),
                ("archive", "https://w.example/2/p", Some("2024-02-01")),
            ],
        );
        let pick = |chk: &LastCheck, only| replacement(chk, &c, only).map(|(u, _)| u);
        assert_eq!(
            pick(&both, FixOnly::All).as_deref(),
            Some("https://b.example/p#part")
        );
        assert_eq!(
            pick(&both, FixOnly::Redirects).as_deref(),
            Some("https://b.example/p#part")
        );
        assert_eq!(
            pick(&both, FixOnly::Archive).as_deref(),
            Some("https://w.example/2/p#part")
        );
        let archive_only = check(
            "broken",
            &[("archive", "https://w.example/1/p", Some("2024-01-01"))],
        );
        assert_eq!(
            pick(&archive_only, FixOnly::All),
            None,
            "no snapshot for this date"
        );
        assert_eq!(
            pick(
                &check("ok", &[("https", "https://b.example/p", None)]),
                FixOnly::All
            ),
            None
        );
    }
}
