//! Topics across the real recaps (`<corpus>/corpus`, used by path): the merges that one
//! subject under different titles gives, checked by hand. `topic_merges.tsv` lists 50
//! topics (by IRI: the tracked thing's URL slug, or the title's) whose recaps gave them
//! two or more titles, each with the verdict of reading those recaps: `same`
//! when every title is about the one subject, `different` when one is not. The merges
//! must still happen, and the verdicts must keep precision at 0.95 or better. The
//! bare-clone suite pins the same rules on fictional recaps (`tests/it/topics.rs`).

use std::collections::BTreeSet;

use recapgraph::ingest::{ingest, prepare_vocabulary, IngestOptions};
use recapgraph::rdf::IriScheme;
use recapgraph::store::RecapStore;

use crate::shared;

fn fold(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn hand_checked_merges_hold_with_precision_of_at_least_0_95() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = RecapStore::open(&dir.path().join("store"), IriScheme::default()).expect("store");
    let vocab = prepare_vocabulary(&store, &[]).expect("vocabulary");
    let report = ingest(
        &store,
        &vocab,
        &[shared().join("corpus")],
        &IngestOptions::default(),
        &mut |_| {},
    )
    .expect("ingest");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let derived = recapgraph::topics::derive(&store.topic_uses().expect("uses"));
    // Topics the recaps gave two or more titles.
    let merged: BTreeSet<String> = derived
        .topics
        .iter()
        .filter(|t| !t.alt_labels.is_empty())
        .map(|t| t.topic.clone())
        .collect();
    // Most of the sample are titles with different words, not only case or plurals.
    let reworded = derived
        .topics
        .iter()
        .filter(|t| {
            let words: BTreeSet<String> = std::iter::once(&t.pref_label)
                .chain(&t.alt_labels)
                .map(|l| fold(l))
                .collect();
            words.len() > 1
        })
        .count();
    assert!(reworded >= 40, "{reworded} topics merge reworded titles");
    let list = include_str!("topic_merges.tsv");
    let rows: Vec<Vec<&str>> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 50, "the sample is 50 merges");
    let mut same = 0;
    for r in &rows {
        let iri = format!("{}{}", recapgraph::vocab::DEFAULT_BASE, r[0]);
        assert!(
            merged.contains(&iri),
            "{} is no longer a merge of two or more titles",
            r[0]
        );
        match r[1] {
            "same" => same += 1,
            "different" => {}
            v => panic!("{}: verdict {v:?} is neither same nor different", r[0]),
        }
    }
    let precision = f64::from(same) / rows.len() as f64;
    assert!(
        precision >= 0.95,
        "precision {precision:.2} of the hand-checked merges"
    );
}
