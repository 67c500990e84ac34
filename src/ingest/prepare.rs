//! One file on its way to the store, on a worker thread: read within the size limit,
//! hashed with its settings, skipped when the store holds that hash, parsed, checked
//! against the link limit, extracted and mapped to the quads of its graph.
//!
//! Invariant: a file is never half-prepared: it gives all its quads, or is unchanged, or
//! fails with a message naming the file (and the line when known); the store is only
//! asked whether it holds the hash.

use std::path::Path;

use super::{FileFailure, FolderConfigs, IngestOptions, SourceFile};
use crate::extract::{extract_with, ExtractConfig, Vocabulary};
use crate::identity::Attendee;
use crate::rdf::map_with_attendees;
use crate::recap::{self, RecapError};
use crate::store::RecapStore;

/// What `rg:contentHash` holds for a file read with `settings`: the BLAKE3 hash of its
/// bytes when the settings are the default (no config, or one that changes nothing for
/// it), else a BLAKE3 hash of the bytes and the settings. Editing a config thus makes the
/// next ingest read again exactly the files whose settings it changed; stores and files
/// without configs keep the plain hash.
fn stored_hash(bytes: &[u8], settings: &ExtractConfig) -> String {
    if *settings == ExtractConfig::default() {
        return recap::content_hash(bytes);
    }
    let mut h =
        blake3::Hasher::new_derive_key("recapgraph 2026 recap bytes read with folder settings");
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
    h.update(&serde_json::to_vec(settings).unwrap_or_default());
    h.finalize().to_hex().to_string()
}

/// What `rg:contentHash` holds for `file` with these `bytes`, read with the folder
/// settings that apply to it: what `links fix` compares before it rewrites a file.
#[must_use]
pub fn stored_hash_of(configs: &FolderConfigs, file: &SourceFile, bytes: &[u8]) -> String {
    stored_hash(bytes, &configs.for_source(&file.source_path))
}

fn failure(path: &Path, e: &RecapError) -> FileFailure {
    let line = match e {
        RecapError::NotUtf8 { line, .. } | RecapError::Binary { line, .. } => Some(*line),
        _ => None,
    };
    let full = e.to_string();
    let shown = path.display().to_string();
    // The error text starts with the path (and line); keep only the message.
    let message = full
        .strip_prefix(&shown)
        .map(|rest| {
            let rest = rest.trim_start_matches(':');
            let rest = line.map_or(rest, |l| rest.strip_prefix(&l.to_string()).unwrap_or(rest));
            rest.trim_start_matches(':').trim().to_owned()
        })
        .unwrap_or(full);
    FileFailure {
        path: shown,
        line,
        message,
    }
}

pub(super) enum Prepared {
    Quads {
        graph: oxigraph::model::NamedNode,
        quads: Vec<oxigraph::model::Quad>,
        meeting: bool,
        attendees: Vec<Attendee>,
    },
    Unchanged,
    Failed(FileFailure),
}

pub(super) fn prepare(
    file: &SourceFile,
    store: &RecapStore,
    vocab: &Vocabulary,
    configs: &FolderConfigs,
    opts: &IngestOptions,
    now: &str,
) -> Prepared {
    let iris = store.iris();
    let graph = iris.source(&file.source_path);
    let bytes = match recap::read_bytes(&file.path, opts.max_file_bytes) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(failure(&file.path, &e)),
    };
    let settings = configs.for_source(&file.source_path);
    let hash = stored_hash(&bytes, &settings);
    if !opts.force {
        match store.has_hash(&graph, &hash) {
            Ok(true) => return Prepared::Unchanged,
            Ok(false) => {}
            Err(e) => {
                return Prepared::Failed(FileFailure {
                    path: file.path.display().to_string(),
                    line: None,
                    message: e.to_string(),
                })
            }
        }
    }
    let recap = match recap::from_bytes(&file.path, &bytes, &file.source_path) {
        Ok(r) => r,
        Err(e) => return Prepared::Failed(failure(&file.path, &e)),
    };
    if let Some(d) = recap.diagnostics.iter().find(|d| d.fatal) {
        return Prepared::Failed(FileFailure {
            path: file.path.display().to_string(),
            line: d.line,
            message: format!(
                "{}; fix it and ingest again (nothing of this file was stored)",
                d.message
            ),
        });
    }
    if let Some(over) = recap.links.get(opts.max_links) {
        return Prepared::Failed(FileFailure {
            path: file.path.display().to_string(),
            line: Some(over.line),
            message: format!(
                "{} links, over the limit of {} links per file (link {} is here); \
                 split the file or raise --max-links (nothing of this file was stored)",
                recap.links.len(),
                opts.max_links,
                opts.max_links + 1
            ),
        });
    }
    let mut facts = extract_with(&recap, vocab, &settings);
    facts.content_hash = hash;
    let (quads, attendees) = map_with_attendees(&facts, iris, now);
    Prepared::Quads {
        graph,
        attendees,
        quads,
        meeting: facts.meeting.is_some(),
    }
}
