//! The topic vocabulary of a run: the bundled `ontology/topics.ttl` plus the user's
//! `--vocabulary` files, and the `graph/vocabulary` graph that stores it.
//!
//! Invariant: the bundled vocabulary always comes first; an unreadable or invalid file is
//! an error naming it, before anything is stored.

use std::path::PathBuf;

use super::IngestError;
use crate::extract::Vocabulary;
use crate::rdf::IriScheme;
use crate::store::RecapStore;

/// Loads the bundled vocabulary plus the user's files, and stores the vocabulary graph.
///
/// # Errors
/// When a vocabulary file cannot be read or parsed, or the store fails.
pub fn prepare_vocabulary(
    store: &RecapStore,
    user_files: &[PathBuf],
) -> Result<Vocabulary, IngestError> {
    let (vocab, quads) = load_vocabulary_files(user_files, store.iris())?;
    store.replace_vocabulary(quads)?;
    Ok(vocab)
}

/// The bundled vocabulary plus the user's files, and its quads.
pub(super) fn load_vocabulary_files(
    user_files: &[PathBuf],
    iris: &IriScheme,
) -> Result<(Vocabulary, Vec<oxigraph::model::Quad>), IngestError> {
    let mut texts = vec![(
        "bundled ontology/topics.ttl".to_owned(),
        crate::rdf::BUNDLED_TOPICS.to_owned(),
    )];
    for f in user_files {
        let text = std::fs::read_to_string(f).map_err(|source| IngestError::Vocabulary {
            message: format!("cannot read vocabulary {}: {source}", f.display()),
        })?;
        texts.push((f.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    crate::rdf::load_vocabulary(&refs, iris).map_err(|e| IngestError::Vocabulary {
        message: e.to_string(),
    })
}
