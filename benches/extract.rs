//! Extraction evaluation against the hand-annotated dev set
//! (`../shared/corpus/dev-gold.json`, fields explained in `DEV-GOLD.md` beside it).
//!
//! Run: `scripts/eval.sh` (= `cargo bench --bench extract --`), with `--verbose` (or
//! `EXTRACT_EVAL_VERBOSE=1`) for each document's missed and spurious attendees, agenda
//! items, decisions and action items and its actions with wrong owners, and `--json FILE`
//! for the per-document scores as JSON. `RECAPGRAPH_CORPUS` names
//! the folder holding `corpus/` (default `../shared` beside the crate).
//!
//! Each gold file goes through what `ingest` does to it: read (same size limit), parsed
//! with the path below `corpus/` as its source path (ingest of a corpus folder names its
//! files `<folder>/<path inside>`), then `extract::extract` with the bundled vocabulary.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) this is a smoke run: it checks
//! the scorer on tiny synthetic inputs, then, when the dev set is present, scores it and
//! asserts only structure (every file read and parsed, every score in [0, 1]). It never
//! asserts quality: the extractor's scores are expected to move.

// A benchmark's report is its standard output.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};

use recapgraph::extract::{self, MeetingFacts};
use recapgraph::rdf::{self, IriScheme};
use recapgraph::recap;
use serde::{Deserialize, Serialize};

/// The scorer: plain strings in, counts out. Knows nothing of recapgraph.
mod score {
    use std::collections::{BTreeSet, HashSet};

    use serde::Serialize;

    /// A person name for comparison: lower-case, markup and punctuation stripped from both
    /// ends (so a leading `@`, `**`, `[`…`]`, a trailing `.` go), whitespace collapsed.
    /// Inner punctuation stays (`Nicholas C. Zakas`, `Gary O'Neall`).
    pub fn norm_name(s: &str) -> String {
        let lower = s.to_lowercase();
        let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// An agenda title for comparison: lower-case, apostrophes dropped, every other
    /// non-alphanumeric character (markup, punctuation) a space, whitespace collapsed.
    pub fn norm_title(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                out.push(c);
            } else if c != '\'' && c != '\u{2019}' {
                out.push(' ');
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Jaccard similarity of the word-token sets of two normalised titles (1.0 for two
    /// empty ones).
    pub fn jaccard(a: &str, b: &str) -> f64 {
        let a: HashSet<&str> = a.split_whitespace().collect();
        let b: HashSet<&str> = b.split_whitespace().collect();
        let union = a.union(&b).count();
        if union == 0 {
            return 1.0;
        }
        a.intersection(&b).count() as f64 / union as f64
    }

    /// Two titles match when their normalised forms are equal or their token Jaccard is at
    /// least this.
    pub const TITLE_JACCARD: f64 = 0.5;

    /// How similar two titles are, or `None` when they do not match: 2.0 for equal
    /// normalised forms (ranked above any Jaccard), else the Jaccard when high enough.
    pub fn title_similarity(gold: &str, pred: &str) -> Option<f64> {
        let (g, p) = (norm_title(gold), norm_title(pred));
        if g == p {
            return Some(2.0);
        }
        let j = jaccard(&g, &p);
        (j >= TITLE_JACCARD).then_some(j)
    }

    /// Two decision or action texts match when their normalised forms (as titles) are
    /// equal, their token Jaccard is at least this, or one contains the other (below).
    pub const TEXT_JACCARD: f64 = 0.5;

    /// Containment (one normalised text a contiguous run of the other's words) counts only
    /// when the shorter has at least this many words: a bare "no" is inside many sentences.
    pub const CONTAIN_MIN_WORDS: usize = 3;

    /// How similar two decision or action texts are, or `None` when they do not match: 2.0
    /// for equal normalised forms, else the token Jaccard when at least [`TEXT_JACCARD`] or
    /// when one text contains the other (a label or a trailing remark on one side only).
    pub fn text_similarity(gold: &str, pred: &str) -> Option<f64> {
        let (g, p) = (norm_title(gold), norm_title(pred));
        if g == p {
            return Some(2.0);
        }
        let j = jaccard(&g, &p);
        let (short, long) = if g.len() <= p.len() {
            (&g, &p)
        } else {
            (&p, &g)
        };
        let contained = short.split_whitespace().count() >= CONTAIN_MIN_WORDS
            && format!(" {long} ").contains(&format!(" {short} "));
        (j >= TEXT_JACCARD || contained).then_some(j)
    }

    /// An owner list for comparison: the set of normalised names ([`norm_name`]: case and
    /// a leading `@` do not matter), empty names dropped.
    pub fn owner_set<S: AsRef<str>>(names: &[S]) -> BTreeSet<String> {
        names
            .iter()
            .map(|n| norm_name(n.as_ref()))
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// True positives, false positives, false negatives.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
    pub struct Counts {
        pub tp: usize,
        pub fp: usize,
        #[serde(rename = "fn")]
        pub fn_: usize,
    }

    impl Counts {
        pub fn add(&mut self, o: Self) {
            self.tp += o.tp;
            self.fp += o.fp;
            self.fn_ += o.fn_;
        }
        pub fn gold(self) -> usize {
            self.tp + self.fn_
        }
        pub fn pred(self) -> usize {
            self.tp + self.fp
        }
        /// True when neither side has anything (such a document is left out of macro
        /// averages: its 1.0 says nothing).
        pub fn is_empty(self) -> bool {
            self.tp + self.fp + self.fn_ == 0
        }
        /// 1.0 when nothing was predicted.
        pub fn precision(self) -> f64 {
            ratio(self.tp, self.tp + self.fp)
        }
        /// 1.0 when there was nothing to find.
        pub fn recall(self) -> f64 {
            ratio(self.tp, self.tp + self.fn_)
        }
        /// 2TP / (2TP + FP + FN); 1.0 when gold and predicted are both empty.
        pub fn f1(self) -> f64 {
            ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
        }
    }

    fn ratio(num: usize, den: usize) -> f64 {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    }

    /// A one-to-one matching of gold entries to predicted ones.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Matching {
        /// (gold index, predicted index, similarity), in gold order.
        pub pairs: Vec<(usize, usize, f64)>,
        /// Gold indices left unmatched, in order.
        pub missed: Vec<usize>,
        /// Predicted indices left unmatched, in order.
        pub spurious: Vec<usize>,
    }

    impl Matching {
        fn from_pairs(mut pairs: Vec<(usize, usize, f64)>, n_gold: usize, n_pred: usize) -> Self {
            pairs.sort_by_key(|p| p.0);
            let missed = (0..n_gold)
                .filter(|g| !pairs.iter().any(|p| p.0 == *g))
                .collect();
            let spurious = (0..n_pred)
                .filter(|q| !pairs.iter().any(|p| p.1 == *q))
                .collect();
            Self {
                pairs,
                missed,
                spurious,
            }
        }
        pub fn counts(&self) -> Counts {
            Counts {
                tp: self.pairs.len(),
                fp: self.spurious.len(),
                fn_: self.missed.len(),
            }
        }
    }

    /// Greedy one-to-one matching by best similarity: every matching (gold, predicted) pair
    /// ranked by similarity (ties: earlier gold, then earlier predicted), taken while both
    /// ends are free.
    pub fn match_titles<G: AsRef<str>, P: AsRef<str>>(gold: &[G], pred: &[P]) -> Matching {
        match_greedy(gold, pred, title_similarity)
    }

    /// [`match_titles`] for decision and action texts, by [`text_similarity`].
    pub fn match_texts<G: AsRef<str>, P: AsRef<str>>(gold: &[G], pred: &[P]) -> Matching {
        match_greedy(gold, pred, text_similarity)
    }

    fn match_greedy<G: AsRef<str>, P: AsRef<str>>(
        gold: &[G],
        pred: &[P],
        similarity: fn(&str, &str) -> Option<f64>,
    ) -> Matching {
        let mut cands = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            for (pi, p) in pred.iter().enumerate() {
                if let Some(s) = similarity(g.as_ref(), p.as_ref()) {
                    cands.push((gi, pi, s));
                }
            }
        }
        cands.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let (mut g_used, mut p_used) = (vec![false; gold.len()], vec![false; pred.len()]);
        let mut pairs = Vec::new();
        for (gi, pi, s) in cands {
            if !g_used[gi] && !p_used[pi] {
                g_used[gi] = true;
                p_used[pi] = true;
                pairs.push((gi, pi, s));
            }
        }
        Matching::from_pairs(pairs, gold.len(), pred.len())
    }

    /// A predicted person: the name, and alternate names (handles).
    pub struct Named<'a> {
        pub name: &'a str,
        pub alternate_names: &'a [String],
    }

    /// One-to-one matching of gold names to predicted people, as many pairs as possible
    /// (augmenting paths; a handful of names per side). A person matches a gold name by
    /// normalised name (similarity 1.0, tried first) or by one of its alternate names (0.5).
    pub fn match_people<G: AsRef<str>>(gold: &[G], pred: &[Named<'_>]) -> Matching {
        // For each gold name, the compatible predicted people, name matches first.
        let edges: Vec<Vec<(usize, f64)>> = gold
            .iter()
            .map(|g| {
                let g = norm_name(g.as_ref());
                let by_name = pred
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| norm_name(p.name) == g)
                    .map(|(i, _)| (i, 1.0));
                let by_alt = pred
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        norm_name(p.name) != g
                            && p.alternate_names.iter().any(|a| norm_name(a) == g)
                    })
                    .map(|(i, _)| (i, 0.5));
                by_name.chain(by_alt).collect()
            })
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; pred.len()];
        for gi in 0..gold.len() {
            let mut seen = vec![false; pred.len()];
            augment(gi, &edges, &mut owner, &mut seen);
        }
        let pairs = owner
            .iter()
            .enumerate()
            .filter_map(|(pi, g)| {
                let gi = (*g)?;
                let sim = edges[gi].iter().find(|e| e.0 == pi).map_or(0.0, |e| e.1);
                Some((gi, pi, sim))
            })
            .collect();
        Matching::from_pairs(pairs, gold.len(), pred.len())
    }

    fn augment(
        gi: usize,
        edges: &[Vec<(usize, f64)>],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for &(pi, _) in &edges[gi] {
            if seen[pi] {
                continue;
            }
            seen[pi] = true;
            if owner[pi].is_none_or(|other| augment(other, edges, owner, seen)) {
                owner[pi] = Some(gi);
                return true;
            }
        }
        false
    }

    /// `all` minus one occurrence of each of `remove` (compared normalised).
    pub fn without<'a>(all: &'a [String], remove: &[String]) -> Vec<&'a str> {
        let mut left: Vec<&str> = all.iter().map(String::as_str).collect();
        for r in remove {
            let r = norm_title(r);
            if let Some(i) = left.iter().position(|a| norm_title(a) == r) {
                left.remove(i);
            }
        }
        left
    }

    /// Our URL count is right when exact or within 10 % of gold's.
    pub fn urls_close(ours: usize, gold: usize) -> bool {
        ours.abs_diff(gold) as f64 <= 0.1 * gold as f64
    }

    /// Scorer facts on tiny inputs; run by every invocation (bench targets with
    /// `harness = false` run no `#[test]` functions).
    /// The decision and action matching of [`self_check`].
    fn self_check_texts() {
        // Decision and action texts: a dropped label still matches (Jaccard), so does a
        // text with a trailing remark on one side (containment); short ones need Jaccard.
        assert_eq!(
            text_similarity("We will *ship* it.", "we will ship it"),
            Some(2.0)
        );
        assert_eq!(
            text_similarity("**Resolved:** We will ship it.", "we will ship it"),
            Some(0.8)
        );
        assert_eq!(text_similarity("Resolved No", "No"), Some(0.5));
        assert!(text_similarity("No", "No conclusion was reached today").is_none());
        let long = "We will ship it in the next release, pending a review by the team.";
        assert!(text_similarity("we will ship it", long).is_some_and(|s| s < TEXT_JACCARD));
        assert!(text_similarity("we will not ship it", long).is_none());
        let m = match_texts(
            &["We will ship it", "Yes", "Nobody knows"],
            &["Conclusion: we will ship it", "yes.", "Something else"],
        );
        assert_eq!(
            m.pairs.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            [(0, 0), (1, 1)]
        );
        assert_eq!(
            (m.missed.as_slice(), m.spurious.as_slice()),
            (&[2][..], &[2][..])
        );
        assert_eq!(
            owner_set(&["@Sam", "jeremy "]),
            owner_set(&["sam", "Jeremy"])
        );
        assert_ne!(owner_set(&["Sam"]), owner_set(&["Sam", "Jeremy"]));
        assert_eq!(owner_set::<&str>(&[]), owner_set(&[""]));
    }

    pub fn self_check() {
        assert_eq!(norm_name("  **@MarshallOfSound** "), "marshallofsound");
        assert_eq!(norm_name("Ted\tThibodeau  Jr."), "ted thibodeau jr");
        assert_eq!(norm_name("Gary O'Neall,"), "gary o'neall");
        assert_eq!(norm_name("Sébastien"), "sébastien");
        assert_eq!(
            norm_title("`.ToString()` or **GetDebuggerDisplay()**"),
            "tostring or getdebuggerdisplay"
        );
        assert_eq!(norm_title("Don't  [Bug #123]"), "dont bug 123");
        assert!((jaccard("a b c", "a b d") - 0.5).abs() < 1e-12);
        assert!(title_similarity("Equality operators", "Equality ops in records").is_none());
        assert_eq!(
            title_similarity("Equality, operators", "equality operators"),
            Some(2.0)
        );
        assert_eq!(title_similarity("a b c", "a b d"), Some(0.5));

        let none: [&str; 0] = [];
        let empty = match_titles(&none, &none).counts();
        assert_eq!(empty, Counts::default());
        assert!((empty.f1() - 1.0).abs() < 1e-12 && empty.is_empty());
        let fp_only = match_titles(&none, &["x"]).counts();
        assert_eq!(
            (fp_only.f1(), fp_only.precision(), fp_only.recall()),
            (0.0, 0.0, 1.0)
        );
        let fn_only = match_titles(&["x"], &none).counts();
        assert_eq!(
            (fn_only.f1(), fn_only.precision(), fn_only.recall()),
            (0.0, 1.0, 0.0)
        );

        // Greedy by best similarity: equal normalised forms pair first (not the Jaccard
        // 0.75 pair "a b c" ~ "a b c d"), one-to-one: the duplicate prediction is spurious.
        let m = match_titles(&["a b c", "a b c d"], &["a b c d", "A, b, c", "a b c"]);
        assert_eq!(
            m.pairs.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            [(0, 1), (1, 0)]
        );
        assert_eq!(
            (m.missed.as_slice(), m.spurious.as_slice()),
            (&[][..], &[2][..])
        );
        let c = m.counts();
        assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 0));
        assert!((c.f1() - 0.8).abs() < 1e-12);

        // People: by name or by alternate name, one-to-one, as many pairs as possible.
        let handles = ["ckerr".to_owned()];
        let pred = [
            Named {
                name: "Charles Kerr",
                alternate_names: &handles,
            },
            Named {
                name: "@ckerr",
                alternate_names: &[],
            },
            Named {
                name: "Sofia",
                alternate_names: &[],
            },
        ];
        let m = match_people(&["ckerr", "Charles Kerr", "sofia", "Nobody"], &pred);
        assert_eq!(
            m.pairs.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            [(0, 1), (1, 0), (2, 2)]
        );
        assert_eq!(m.missed, [3]);
        // A gold handle that only an alternate name carries still matches.
        let m = match_people(&["ckerr"], &pred[..1]);
        assert_eq!(m.counts().tp, 1);
        // The same name predicted twice: one match, one spurious.
        let twice = [
            Named {
                name: "Ann",
                alternate_names: &[],
            },
            Named {
                name: "ann",
                alternate_names: &[],
            },
        ];
        assert_eq!(
            match_people(&["Ann"], &twice).counts(),
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );

        self_check_texts();

        let all = [
            "Agenda".to_owned(),
            "Budget".to_owned(),
            "Agenda".to_owned(),
        ];
        assert_eq!(without(&all, &["agenda".to_owned()]), ["Budget", "Agenda"]);
        assert!(urls_close(10, 10) && urls_close(11, 10) && !urls_close(12, 10));
        assert!(urls_close(0, 0) && !urls_close(1, 0));
    }
}

use score::{Counts, Matching, Named};

/// One entry of `dev-gold.json` (fields this harness scores; see `DEV-GOLD.md`).
#[derive(Debug, Deserialize)]
struct Gold {
    id: String,
    path: String,
    is_meeting: bool,
    meeting_date: Option<String>,
    attendees: Vec<String>,
    agenda_items: Vec<String>,
    procedural_items: Vec<String>,
    external_urls: usize,
    decisions: Vec<String>,
    action_items: Vec<GoldAction>,
}

/// One gold action item (`item`, the agenda item it sits under, is not scored).
#[derive(Debug, Deserialize)]
struct GoldAction {
    text: String,
    owners: Vec<String>,
}

/// Owners of the matched actions: how many matched actions have gold's owner set.
#[derive(Debug, Default, Clone, Copy, Serialize)]
struct OwnersRight {
    /// Matched actions.
    matched: usize,
    /// Of those, the ones whose owner set (normalised names) equals gold's; both empty is
    /// right.
    right: usize,
}

impl OwnersRight {
    fn add(&mut self, o: Self) {
        self.matched += o.matched;
        self.right += o.right;
    }
    /// `None` when no action matched.
    fn share(self) -> Option<f64> {
        (self.matched > 0).then(|| self.right as f64 / self.matched as f64)
    }
    /// `right/matched`, or `-` when no action matched.
    fn frac(self) -> String {
        if self.matched == 0 {
            "-".to_owned()
        } else {
            format!("{}/{}", self.right, self.matched)
        }
    }
}

/// A matched action whose owners differ from gold's.
#[derive(Debug, Serialize)]
struct OwnerMismatch {
    gold_text: String,
    our_text: String,
    gold_owners: Vec<String>,
    our_owners: Vec<String>,
}

/// A matched list field of one document.
#[derive(Debug, Serialize)]
struct ListScore {
    #[serde(flatten)]
    counts: Counts,
    precision: f64,
    recall: f64,
    f1: f64,
    missed: Vec<String>,
    spurious: Vec<String>,
    /// (gold, ours) pairs matched loosely: titles and texts by token Jaccard (or, texts,
    /// containment) rather than equal normalised forms, people by an alternate name
    /// (handle) rather than the name.
    loose: Vec<(String, String)>,
}

impl ListScore {
    fn new<G: AsRef<str>, P: AsRef<str>>(m: &Matching, gold: &[G], pred: &[P]) -> Self {
        let counts = m.counts();
        Self {
            counts,
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            missed: m
                .missed
                .iter()
                .map(|&i| gold[i].as_ref().to_owned())
                .collect(),
            spurious: m
                .spurious
                .iter()
                .map(|&i| pred[i].as_ref().to_owned())
                .collect(),
            loose: m
                .pairs
                .iter()
                .filter(|p| p.2 < 1.0)
                .map(|&(g, p, _)| (gold[g].as_ref().to_owned(), pred[p].as_ref().to_owned()))
                .collect(),
        }
    }
}

/// Everything scored for one gold document.
#[derive(Debug, Serialize)]
struct DocScore {
    id: String,
    path: String,
    source_path: String,
    gold_meeting: bool,
    our_meeting: bool,
    meeting_correct: bool,
    gold_date: Option<String>,
    our_date: Option<String>,
    /// `None` when gold records no meeting (not scored).
    date_correct: Option<bool>,
    attendees: ListScore,
    agenda_items: ListScore,
    /// Agenda items that are not procedural (ours: `procedural == false`; gold:
    /// `agenda_items` minus `procedural_items`).
    substantive_items: ListScore,
    gold_urls: usize,
    our_urls: usize,
    urls_close: bool,
    /// Decisions, matched by text ([`score::text_similarity`]).
    decisions: ListScore,
    /// Action items, matched by text.
    actions: ListScore,
    /// Owners of the matched actions.
    owners: OwnersRight,
    /// `owners.right / owners.matched`; `None` when no action matched.
    owners_right: Option<f64>,
    owner_mismatches: Vec<OwnerMismatch>,
}

fn score_doc(g: &Gold, source_path: &str, f: &MeetingFacts) -> DocScore {
    let meeting = f.meeting.as_ref();
    let people: Vec<Named<'_>> = meeting
        .iter()
        .flat_map(|m| &m.attendees)
        .filter_map(|&i| f.people.get(i))
        .map(|p| Named {
            name: &p.name,
            alternate_names: &p.alternate_names,
        })
        .collect();
    let people_names: Vec<&str> = people.iter().map(|p| p.name).collect();
    let attendees = ListScore::new(
        &score::match_people(&g.attendees, &people),
        &g.attendees,
        &people_names,
    );

    let items: Vec<&str> = meeting
        .iter()
        .flat_map(|m| &m.agenda)
        .map(|i| i.name.as_str())
        .collect();
    let agenda_items = ListScore::new(
        &score::match_titles(&g.agenda_items, &items),
        &g.agenda_items,
        &items,
    );
    let our_subst: Vec<&str> = meeting
        .iter()
        .flat_map(|m| &m.agenda)
        .filter(|i| !i.procedural)
        .map(|i| i.name.as_str())
        .collect();
    let gold_subst = score::without(&g.agenda_items, &g.procedural_items);
    let substantive_items = ListScore::new(
        &score::match_titles(&gold_subst, &our_subst),
        &gold_subst,
        &our_subst,
    );

    let our_decisions: Vec<&str> = meeting
        .iter()
        .flat_map(|m| &m.decisions)
        .map(|d| d.text.as_str())
        .collect();
    let decisions = ListScore::new(
        &score::match_texts(&g.decisions, &our_decisions),
        &g.decisions,
        &our_decisions,
    );

    // Reviewed actions repeat an earlier meeting's: not this meeting's action items.
    let our_actions: Vec<&extract::Action> = meeting
        .iter()
        .flat_map(|m| &m.actions)
        .filter(|a| !a.review)
        .collect();
    let gold_action_texts: Vec<&str> = g.action_items.iter().map(|a| a.text.as_str()).collect();
    let our_action_texts: Vec<&str> = our_actions.iter().map(|a| a.text.as_str()).collect();
    let action_matching = score::match_texts(&gold_action_texts, &our_action_texts);
    let actions = ListScore::new(&action_matching, &gold_action_texts, &our_action_texts);
    let mut owners = OwnersRight::default();
    let mut owner_mismatches = Vec::new();
    for &(gi, pi, _) in &action_matching.pairs {
        let (ga, oa) = (&g.action_items[gi], our_actions[pi]);
        let our_owners: Vec<String> = oa.owners.iter().map(|o| o.name.clone()).collect();
        owners.matched += 1;
        if score::owner_set(&ga.owners) == score::owner_set(&our_owners) {
            owners.right += 1;
        } else {
            owner_mismatches.push(OwnerMismatch {
                gold_text: ga.text.clone(),
                our_text: oa.text.clone(),
                gold_owners: ga.owners.clone(),
                our_owners,
            });
        }
    }

    let our_date = meeting.map(|m| m.date.clone());
    let our_urls = f.documents().len();
    DocScore {
        id: g.id.clone(),
        path: g.path.clone(),
        source_path: source_path.to_owned(),
        gold_meeting: g.is_meeting,
        our_meeting: meeting.is_some(),
        meeting_correct: g.is_meeting == meeting.is_some(),
        date_correct: g
            .is_meeting
            .then(|| our_date.is_some() && our_date == g.meeting_date),
        gold_date: g.meeting_date.clone(),
        our_date,
        attendees,
        agenda_items,
        substantive_items,
        gold_urls: g.external_urls,
        our_urls,
        urls_close: score::urls_close(our_urls, g.external_urls),
        decisions,
        actions,
        owners,
        owners_right: owners.share(),
        owner_mismatches,
    }
}

/// Sums over the documents.
#[derive(Debug, Default, Serialize)]
struct Totals {
    documents: usize,
    meeting_correct: usize,
    gold_meetings: usize,
    date_correct: usize,
    attendees: Counts,
    agenda_items: Counts,
    substantive_items: Counts,
    attendees_micro_f1: f64,
    agenda_items_micro_f1: f64,
    substantive_items_micro_f1: f64,
    /// Averages of per-document F1 over the documents where gold or ours is non-empty.
    attendees_macro_f1: f64,
    agenda_items_macro_f1: f64,
    substantive_items_macro_f1: f64,
    gold_urls: usize,
    our_urls: usize,
    urls_close: usize,
    decisions: Counts,
    actions: Counts,
    decisions_micro_f1: f64,
    actions_micro_f1: f64,
    decisions_macro_f1: f64,
    actions_macro_f1: f64,
    /// Owners of the matched actions, summed.
    owners: OwnersRight,
    /// `owners.right / owners.matched`; `None` when no action matched.
    owners_right: Option<f64>,
}

fn macro_f1(scores: &[DocScore], field: impl Fn(&DocScore) -> &ListScore) -> f64 {
    let f1s: Vec<f64> = scores
        .iter()
        .map(field)
        .filter(|l| !l.counts.is_empty())
        .map(|l| l.f1)
        .collect();
    if f1s.is_empty() {
        1.0
    } else {
        f1s.iter().sum::<f64>() / f1s.len() as f64
    }
}

fn totals(scores: &[DocScore]) -> Totals {
    let mut t = Totals {
        documents: scores.len(),
        ..Totals::default()
    };
    for s in scores {
        t.meeting_correct += usize::from(s.meeting_correct);
        t.gold_meetings += usize::from(s.gold_meeting);
        t.date_correct += usize::from(s.date_correct == Some(true));
        t.attendees.add(s.attendees.counts);
        t.agenda_items.add(s.agenda_items.counts);
        t.substantive_items.add(s.substantive_items.counts);
        t.gold_urls += s.gold_urls;
        t.our_urls += s.our_urls;
        t.urls_close += usize::from(s.urls_close);
        t.decisions.add(s.decisions.counts);
        t.actions.add(s.actions.counts);
        t.owners.add(s.owners);
    }
    t.attendees_micro_f1 = t.attendees.f1();
    t.agenda_items_micro_f1 = t.agenda_items.f1();
    t.substantive_items_micro_f1 = t.substantive_items.f1();
    t.attendees_macro_f1 = macro_f1(scores, |s| &s.attendees);
    t.agenda_items_macro_f1 = macro_f1(scores, |s| &s.agenda_items);
    t.substantive_items_macro_f1 = macro_f1(scores, |s| &s.substantive_items);
    t.decisions_micro_f1 = t.decisions.f1();
    t.actions_micro_f1 = t.actions.f1();
    t.decisions_macro_f1 = macro_f1(scores, |s| &s.decisions);
    t.actions_macro_f1 = macro_f1(scores, |s| &s.actions);
    t.owners_right = t.owners.share();
    t
}

fn yes(b: bool) -> &'static str {
    if b {
        "ok"
    } else {
        "XX"
    }
}

/// The P/R lines and the legend under the table.
fn print_summary(t: &Totals) {
    println!();
    println!(
        "micro P/R: attendees {:.2}/{:.2}, agenda items {:.2}/{:.2}, substantive items {:.2}/{:.2}; \
         urls within 10 %: {}/{}",
        t.attendees.precision(),
        t.attendees.recall(),
        t.agenda_items.precision(),
        t.agenda_items.recall(),
        t.substantive_items.precision(),
        t.substantive_items.recall(),
        t.urls_close,
        t.documents,
    );
    println!(
        "micro P/R: decisions {:.2}/{:.2}, actions {:.2}/{:.2}; owners right: {} ({})",
        t.decisions.precision(),
        t.decisions.recall(),
        t.actions.precision(),
        t.actions.recall(),
        t.owners.frac(),
        t.owners_right
            .map_or_else(|| "no action matched".to_owned(), |x| format!("{x:.2}")),
    );
    println!("meet: FP = a meeting found in a non-meeting, FN = a meeting missed; date: gold meetings only");
    println!("subst = non-procedural items only; macro = mean over documents where gold or ours is non-empty");
    println!(
        "urls: our distinct documents vs gold's distinct URL strings, ! = off by more than 10 %"
    );
    println!(
        "decisions/actions: matched one-to-one by text, lower-cased, markup and punctuation dropped: \
         equal, token Jaccard >= {:.2}, or one a word run inside the other (the shorter >= {} words)",
        score::TEXT_JACCARD,
        score::CONTAIN_MIN_WORDS,
    );
    println!(
        "own: matched actions whose owner set equals gold's (case-insensitive, @ stripped; both empty is right)"
    );
}

fn print_table(scores: &[DocScore], t: &Totals) {
    let w = scores.iter().map(|s| s.id.len()).max().unwrap_or(8).max(8);
    let groups = format!(
        "{:w$} {:>5} {:>5} | {:^21} | {:^21} {:>5} | {:^11} | {:^21} | {:^27}",
        "", "", "", "attendees", "agenda items", "subst", "urls", "decisions", "actions"
    );
    println!("{}", groups.trim_end());
    println!(
        "{:w$} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>5} | {:>4} {:>4} {:>4} {:>5} {:>5} | {:>4} {:>4} {:>1} | {:>4} {:>4} {:>4} {:>5} | {:>4} {:>4} {:>4} {:>5} {:>5}",
        "document", "meet", "date", "gold", "ours", "tp", "F1", "gold", "ours", "tp", "F1", "F1",
        "ours", "gold", "", "gold", "ours", "tp", "F1", "gold", "ours", "tp", "F1", "own"
    );
    let rule = "-".repeat(w + 140);
    println!("{rule}");
    for s in scores {
        let meet = match (s.gold_meeting, s.our_meeting) {
            (a, b) if a == b => "ok",
            (false, true) => "FP",
            _ => "FN",
        };
        let date = s.date_correct.map_or("-", yes);
        let (a, i) = (&s.attendees, &s.agenda_items);
        let (d, c) = (&s.decisions, &s.actions);
        println!(
            "{:w$} {meet:>5} {date:>5} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} {:>5.2} | {:>4} {:>4} {:>1} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} {:>5}",
            s.id,
            a.counts.gold(),
            a.counts.pred(),
            a.counts.tp,
            a.f1,
            i.counts.gold(),
            i.counts.pred(),
            i.counts.tp,
            i.f1,
            s.substantive_items.f1,
            s.our_urls,
            s.gold_urls,
            if s.urls_close { "" } else { "!" },
            d.counts.gold(),
            d.counts.pred(),
            d.counts.tp,
            d.f1,
            c.counts.gold(),
            c.counts.pred(),
            c.counts.tp,
            c.f1,
            s.owners.frac(),
        );
    }
    println!("{rule}");
    let frac = |a: usize, b: usize| format!("{a}/{b}");
    println!(
        "{:w$} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} {:>5.2} | {:>4} {:>4} {:>1} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} {:>5}",
        "micro (sums)",
        frac(t.meeting_correct, t.documents),
        frac(t.date_correct, t.gold_meetings),
        t.attendees.gold(),
        t.attendees.pred(),
        t.attendees.tp,
        t.attendees_micro_f1,
        t.agenda_items.gold(),
        t.agenda_items.pred(),
        t.agenda_items.tp,
        t.agenda_items_micro_f1,
        t.substantive_items_micro_f1,
        t.our_urls,
        t.gold_urls,
        "",
        t.decisions.gold(),
        t.decisions.pred(),
        t.decisions.tp,
        t.decisions_micro_f1,
        t.actions.gold(),
        t.actions.pred(),
        t.actions.tp,
        t.actions_micro_f1,
        t.owners.frac(),
    );
    println!(
        "{:w$} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} {:>5.2} | {:>11} | {:>4} {:>4} {:>4} {:>5.2} | {:>4} {:>4} {:>4} {:>5.2} |",
        "macro (mean F1)",
        "",
        "",
        "",
        "",
        "",
        t.attendees_macro_f1,
        "",
        "",
        "",
        t.agenda_items_macro_f1,
        t.substantive_items_macro_f1,
        "",
        "",
        "",
        "",
        t.decisions_macro_f1,
        "",
        "",
        "",
        t.actions_macro_f1,
    );
    print_summary(t);
}

fn print_verbose(scores: &[DocScore]) {
    fn list(label: &str, items: &[String]) {
        if !items.is_empty() {
            let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
            println!("  {label:<20} {}", quoted.join(", "));
        }
    }
    let mut clean = 0;
    for s in scores {
        let (a, i, d, c) = (&s.attendees, &s.agenda_items, &s.decisions, &s.actions);
        if s.meeting_correct
            && s.date_correct != Some(false)
            && a.missed.is_empty()
            && a.spurious.is_empty()
            && i.missed.is_empty()
            && i.spurious.is_empty()
            && i.loose.is_empty()
            && d.missed.is_empty()
            && d.spurious.is_empty()
            && c.missed.is_empty()
            && c.spurious.is_empty()
            && s.owner_mismatches.is_empty()
        {
            clean += 1;
            continue;
        }
        println!();
        println!(
            "== {} ({})  attendees F1 {:.2}, items F1 {:.2}, decisions F1 {:.2}, actions F1 {:.2}",
            s.id, s.source_path, a.f1, i.f1, d.f1, c.f1
        );
        if !s.meeting_correct {
            println!("  meeting: gold {}, ours {}", s.gold_meeting, s.our_meeting);
        }
        if s.date_correct == Some(false) {
            println!(
                "  date: gold {}, ours {}",
                s.gold_date.as_deref().unwrap_or("-"),
                s.our_date.as_deref().unwrap_or("-")
            );
        }
        list("attendees missed:", &s.attendees.missed);
        list("attendees spurious:", &s.attendees.spurious);
        list("items missed:", &s.agenda_items.missed);
        list("items spurious:", &s.agenda_items.spurious);
        let loose: Vec<String> = s
            .agenda_items
            .loose
            .iter()
            .map(|(g, o)| format!("{g:?} ~ {o:?}"))
            .collect();
        if !loose.is_empty() {
            println!("  {:<20} {}", "items loosely:", loose.join(", "));
        }
        list("decisions missed:", &d.missed);
        list("decisions spurious:", &d.spurious);
        list("actions missed:", &c.missed);
        list("actions spurious:", &c.spurious);
        for o in &s.owner_mismatches {
            println!(
                "  {:<20} {:?}: gold {:?}, ours {:?}",
                "action owners:", o.gold_text, o.gold_owners, o.our_owners
            );
        }
    }
    if clean > 0 {
        println!();
        println!(
            "({clean} documents with nothing missed, spurious, loosely matched (items) or with \
             wrong owners not shown)"
        );
    }
}

/// The folder holding `corpus/dev-gold.json`.
fn shared_root() -> PathBuf {
    std::env::var_os("RECAPGRAPH_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    )
}

/// Reads, parses and extracts every gold document, as `ingest` would, and scores it.
fn evaluate(root: &Path, gold_file: &Path) -> Result<Vec<DocScore>, String> {
    let text =
        std::fs::read_to_string(gold_file).map_err(|e| format!("{}: {e}", gold_file.display()))?;
    let gold: Vec<Gold> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", gold_file.display()))?;
    let iris = IriScheme::default();
    let (vocab, _) = rdf::load_vocabulary(&[("bundled", rdf::BUNDLED_TOPICS)], &iris)
        .map_err(|e| format!("bundled vocabulary: {e}"))?;
    let corpus_dir = gold_file.parent().unwrap_or(root);
    let mut scores = Vec::with_capacity(gold.len());
    for g in &gold {
        let path = root.join(&g.path);
        // Ingest of a corpus folder names its files `<folder>/<path inside>`: the path
        // below the folder holding the dev set.
        let source_path = path
            .strip_prefix(corpus_dir)
            .map_err(|_| format!("{}: gold path not under {}", g.id, corpus_dir.display()))?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if recap::Format::from_path(&path).is_none() {
            return Err(format!("{}: {} is not a recap file", g.id, path.display()));
        }
        let bytes = recap::read_bytes(&path, recap::DEFAULT_MAX_FILE_BYTES)
            .map_err(|e| format!("{}: {}: {e}", g.id, path.display()))?;
        let parsed = recap::from_bytes(&path, &bytes, &source_path)
            .map_err(|e| format!("{}: {}: {e}", g.id, path.display()))?;
        if let Some(d) = parsed.diagnostics.iter().find(|d| d.fatal) {
            return Err(format!("{}: {}: {}", g.id, path.display(), d.message));
        }
        let facts = extract::extract(&parsed, &vocab);
        scores.push(score_doc(g, &source_path, &facts));
    }
    Ok(scores)
}

fn smoke(root: &Path, gold_file: &Path) {
    if !gold_file.is_file() {
        println!(
            "extract eval: skipped, no corpus at {} (set RECAPGRAPH_CORPUS to the folder holding corpus/dev-gold.json)",
            root.display()
        );
        return;
    }
    let scores = evaluate(root, gold_file).unwrap_or_else(|e| panic!("extract eval: {e}"));
    let gold: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(gold_file).expect("dev-gold.json"))
            .expect("dev-gold.json");
    assert_eq!(scores.len(), gold.len(), "every gold document scored");
    assert!(!scores.is_empty(), "the dev set is not empty");
    let unit = |x: f64| (0.0..=1.0).contains(&x);
    for s in &scores {
        for l in [
            &s.attendees,
            &s.agenda_items,
            &s.substantive_items,
            &s.decisions,
            &s.actions,
        ] {
            assert!(
                unit(l.precision) && unit(l.recall) && unit(l.f1),
                "{}: score out of [0, 1]: {l:?}",
                s.id
            );
            assert_eq!(l.counts.gold(), l.counts.tp + l.missed.len(), "{}", s.id);
        }
        assert_eq!(s.attendees.counts.fn_, s.attendees.missed.len(), "{}", s.id);
        assert_eq!(s.owners.matched, s.actions.counts.tp, "{}", s.id);
        assert_eq!(
            s.owners.matched - s.owners.right,
            s.owner_mismatches.len(),
            "{}",
            s.id
        );
    }
    let t = totals(&scores);
    for x in [
        t.attendees_micro_f1,
        t.agenda_items_micro_f1,
        t.substantive_items_micro_f1,
        t.attendees_macro_f1,
        t.agenda_items_macro_f1,
        t.substantive_items_macro_f1,
        t.decisions_micro_f1,
        t.actions_micro_f1,
        t.decisions_macro_f1,
        t.actions_macro_f1,
        t.owners_right.unwrap_or(1.0),
    ] {
        assert!(unit(x), "total out of [0, 1]: {x}");
    }
    serde_json::to_string(&scores).expect("scores serialise");
    println!(
        "extract eval smoke test: ok, {} documents scored (attendees micro F1 {:.2}, agenda items {:.2}, \
         decisions {:.2}, actions {:.2}); run scripts/eval.sh for the table",
        scores.len(),
        t.attendees_micro_f1,
        t.agenda_items_micro_f1,
        t.decisions_micro_f1,
        t.actions_micro_f1
    );
}

fn main() {
    score::self_check();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = shared_root();
    let gold_file = root.join("corpus/dev-gold.json");
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this as a smoke test.
    if !args.iter().any(|a| a == "--bench") {
        smoke(&root, &gold_file);
        return;
    }
    let mut verbose =
        std::env::var("EXTRACT_EVAL_VERBOSE").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut json: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--bench" => {}
            "--verbose" | "-v" => verbose = true,
            "--json" => match it.next() {
                Some(f) => json = Some(PathBuf::from(f)),
                None => {
                    eprintln!("extract eval: --json needs a file name");
                    std::process::exit(2);
                }
            },
            s if s.starts_with("--json=") => json = Some(PathBuf::from(&s["--json=".len()..])),
            other => {
                eprintln!("extract eval: unknown argument {other:?} (use --verbose, --json FILE)");
                std::process::exit(2);
            }
        }
    }
    if !gold_file.is_file() {
        eprintln!(
            "extract eval: no corpus at {} (no corpus/dev-gold.json; set RECAPGRAPH_CORPUS)",
            root.display()
        );
        std::process::exit(1);
    }
    let scores = match evaluate(&root, &gold_file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("extract eval: {e}");
            std::process::exit(1);
        }
    };
    let t = totals(&scores);
    println!(
        "extraction vs {} ({} documents)",
        gold_file.display(),
        scores.len()
    );
    println!();
    print_table(&scores, &t);
    if verbose {
        print_verbose(&scores);
    }
    if let Some(path) = json {
        let out = serde_json::json!({ "documents": scores, "totals": t });
        let text = serde_json::to_string_pretty(&out).expect("scores serialise");
        if let Err(e) = std::fs::write(&path, text + "\n") {
            eprintln!("extract eval: {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("scores written to {}", path.display());
    }
}
