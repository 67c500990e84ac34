//! Finding the recap files under the paths given, and the stable name of each file's
//! graph: `<root>/<path>`, `<root>` being the given folder's own name (or a lone file's
//! parent folder's).
//!
//! Invariant: the files come sorted by that name, each name once; an unreadable path or
//! entry is a failure in the list, never an error that stops the walk.

use std::path::{Path, PathBuf};

use super::FileFailure;
use crate::recap::Format;

/// A recap file to ingest: where it is, and the stable name of its graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Name relative to the ingest root: the given folder's own name, then the path inside.
    pub source_path: String,
}

pub(super) fn root_name(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    canonical
        .file_name()
        .map_or_else(|| "root".to_owned(), |n| n.to_string_lossy().into_owned())
}

/// The folder of a file given by itself: its parent, or `.` for a bare file name. That
/// folder's name is the file's ingest root.
pub(super) fn parent_folder(file: &Path) -> &Path {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The graph name of a file given by itself: `<its folder's name>/<its file name>`.
pub(super) fn lone_source_path(file: &Path) -> String {
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!("{}/{name}", root_name(parent_folder(file)))
}

fn to_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Finds the recap files under `paths` (files are taken as given; folders are walked for
/// `.md`, `.markdown`, `.txt`, `.textile`), sorted, with unreadable entries as failures.
#[must_use]
pub fn collect_files(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<FileFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => failures.push(FileFailure {
                path: root.display().to_string(),
                line: None,
                message: format!("cannot read: {e}"),
            }),
            Ok(meta) if meta.is_file() => files.push(SourceFile {
                path: root.clone(),
                source_path: lone_source_path(root),
            }),
            Ok(_) => {
                let base = root_name(root);
                for entry in walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name()
                {
                    match entry {
                        Err(e) => failures.push(FileFailure {
                            path: e.path().map_or_else(
                                || root.display().to_string(),
                                |p| p.display().to_string(),
                            ),
                            line: None,
                            message: format!(
                                "cannot read: {}",
                                e.io_error()
                                    .map_or_else(|| e.to_string(), ToString::to_string)
                            ),
                        }),
                        Ok(entry) => {
                            if !entry.file_type().is_file()
                                || Format::from_path(entry.path()).is_none()
                            {
                                continue;
                            }
                            let name = entry.file_name().to_string_lossy();
                            if name.starts_with('.') {
                                continue;
                            }
                            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                            files.push(SourceFile {
                                path: entry.path().to_owned(),
                                source_path: format!("{base}/{}", to_slash(rel)),
                            });
                        }
                    }
                }
            }
        }
    }
    files.sort_by(|a, b| a.source_path.cmp(&b.source_path));
    files.dedup_by(|a, b| a.source_path == b.source_path);
    (files, failures)
}
