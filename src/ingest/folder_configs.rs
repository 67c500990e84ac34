//! Which folder settings apply to which file of an ingest: the `--config` file for every
//! path, or the `recapgraph.toml` at the top of each folder given (beside a file given
//! by itself).
//!
//! Invariant: every config is read and checked before anything is written; a config in
//! a subfolder is never read, and a file without one gets the default settings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::discover::{parent_folder, root_name};
use crate::config::{ConfigError, FolderConfig};
use crate::extract::ExtractConfig;

/// The folder settings of one ingest: which config applies to which ingest root.
#[derive(Debug, Clone, Default)]
pub struct FolderConfigs {
    /// Ingest root name (the first part of a source path) → its config.
    by_root: HashMap<String, Arc<FolderConfig>>,
    /// The config files read, with their text (to notice edits between watch rounds).
    pub(super) read: Vec<(PathBuf, String)>,
}

impl FolderConfigs {
    /// The settings for `paths` as `ingest` is given them. With `explicit` (`--config`),
    /// that file applies to every path. Otherwise a folder's `recapgraph.toml` applies to
    /// the files under it, and a file given by itself takes the `recapgraph.toml` beside
    /// it: its parent folder is its ingest root, as in its graph's name. Only the top
    /// folder's config is read; one in a subfolder is ignored. Globs match the path from
    /// the ingest root.
    ///
    /// # Errors
    /// When a config file that exists (or `explicit`) cannot be read or is invalid.
    pub fn load(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let mut configs = Self::default();
        let mut parsed: HashMap<PathBuf, Arc<FolderConfig>> = HashMap::new();
        let mut use_file = |configs: &mut Self, root: String, file: &Path| {
            let config = match parsed.get(file) {
                Some(c) => Arc::clone(c),
                None => {
                    let text = crate::config::read_text(file)?;
                    let c = Arc::new(FolderConfig::parse(&text, file)?);
                    configs.read.push((file.to_owned(), text));
                    parsed.insert(file.to_owned(), Arc::clone(&c));
                    c
                }
            };
            configs.by_root.entry(root).or_insert(config);
            Ok::<_, ConfigError>(())
        };
        for path in paths {
            let Ok(meta) = std::fs::metadata(path) else {
                continue; // collect_files reports it
            };
            let folder = if meta.is_dir() {
                path.as_path()
            } else {
                parent_folder(path)
            };
            let root = root_name(folder);
            if let Some(file) = explicit {
                use_file(&mut configs, root, file)?;
                continue;
            }
            let file = folder.join(crate::config::FILE_NAME);
            match std::fs::metadata(&file) {
                Ok(_) => use_file(&mut configs, root, &file)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(ConfigError::Read { path: file, source }),
            }
        }
        Ok(configs)
    }

    /// The extraction settings of the file named `source_path` (`<root>/<path>`).
    #[must_use]
    pub fn for_source(&self, source_path: &str) -> ExtractConfig {
        let (root, relative) = source_path.split_once('/').unwrap_or(("", source_path));
        self.by_root
            .get(root)
            .map(|c| c.for_file(relative))
            .unwrap_or_default()
    }

    /// The config files read.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.read.iter().map(|(p, _)| p.as_path())
    }
}
