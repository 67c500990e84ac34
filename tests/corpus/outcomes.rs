//! Decisions and action items of real recaps (`<corpus>/corpus`, used by path), pinned
//! against hand-checked values: tc39-notes "Conclusion/Resolution" sections (one of which
//! records no conclusion), rust-lang-team "Action items" lists and "Consensus:" lines,
//! nodejs-tsc consensus and "Agreed:" lines, and an eslint-tsc recap with "Resolution:" and
//! "Action Items:" labels naming owners by handle. The bare-clone suite pins the same
//! shapes in `tests/it/outcomes.rs` (see `tests/corpus/README.md`).

use recapgraph::extract::{Action, Meeting, MeetingFacts};

use crate::shared;
use crate::support::facts_of_file;

/// Facts of `<corpus>/corpus/<path>`.
fn facts(path: &str) -> MeetingFacts {
    facts_of_file(
        &shared().join("corpus").join(path),
        &format!("corpus/{path}"),
    )
}

fn meeting(f: &MeetingFacts) -> &Meeting {
    f.meeting
        .as_ref()
        .unwrap_or_else(|| panic!("{}: no meeting", f.source_path))
}

fn decision_texts(m: &Meeting) -> Vec<&str> {
    m.decisions.iter().map(|d| d.text.as_str()).collect()
}

/// The name of the agenda item the decision written `text` was taken under (`None`:
/// under no item); panics, listing the decisions, when none is written so.
fn item_of_decision<'m>(m: &'m Meeting, text: &str) -> Option<&'m str> {
    let d = m
        .decisions
        .iter()
        .find(|d| d.text == text)
        .unwrap_or_else(|| panic!("no decision {text:?} in {:?}", decision_texts(m)));
    d.agenda_item.map(|i| m.agenda[i].name.as_str())
}

/// The action whose text starts with `start`; panics, listing the actions, when none does.
fn action<'m>(m: &'m Meeting, start: &str) -> &'m Action {
    m.actions
        .iter()
        .find(|a| a.text.starts_with(start))
        .unwrap_or_else(|| {
            let all: Vec<&str> = m.actions.iter().map(|a| a.text.as_str()).collect();
            panic!("no action starting {start:?} in {all:?}")
        })
}

/// The owners of `a`: the name as written, and the listed person it resolved to.
fn owners<'f>(f: &'f MeetingFacts, a: &'f Action) -> Vec<(&'f str, Option<&'f str>)> {
    a.owners
        .iter()
        .map(|o| (o.name.as_str(), o.person.map(|p| f.people[p].name.as_str())))
        .collect()
}

fn item_name(m: &Meeting, a: &Action) -> Option<String> {
    a.agenda_item.map(|i| m.agenda[i].name.clone())
}

#[test]
fn tc39_conclusion_sections_are_decisions_of_their_item() {
    // "#### Conclusion/Resolution" followed by bullets.
    let f = facts("tc39-notes/2018-07/july-26.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 4, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(m, "Stage 2 acceptance"),
        Some("Intl.NumberFormat Unified Feature Proposal for Stage 2")
    );
    assert_eq!(
        item_of_decision(m, "Stage 1 acceptance"),
        Some("JavaScript Standard Library")
    );
    assert_eq!(
        item_of_decision(m, "Not advancing yet due to deadline"),
        Some("Temporal Proposal update")
    );
    // The meeting-location item's conclusion reads "no conclusion": nothing was decided.
    let location = m
        .agenda
        .iter()
        .position(|i| i.name == "September 2019 Meeting Location")
        .expect("the meeting-location item");
    assert!(
        m.decisions.iter().all(|d| d.agenda_item != Some(location)),
        "{:?}",
        m.decisions
    );
    assert!(
        m.decisions
            .iter()
            .all(|d| !d.text.to_lowercase().contains("no conclusion")),
        "{:?}",
        decision_texts(m)
    );
    assert!(m.actions.is_empty(), "{:?}", m.actions);

    // "### Conclusion" followed by a paragraph, and "### Conclusion/Resolution" by a bare
    // "Consensus".
    let f = facts("tc39-notes/2020-07/july-20.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 5, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(m, "Keep spec as it is (indirect eval)."),
        Some("Should eval?.() be direct eval? (#2062, #2063)")
    );
    assert_eq!(
        item_of_decision(m, "Consensus on PR 459."),
        Some("ECMA402 Update")
    );
    assert_eq!(
        item_of_decision(m, "Consensus"),
        Some("Handle awkward rounding behaviour")
    );
}

#[test]
fn rust_lang_team_action_items_with_their_owners() {
    let f = facts("rust-lang-team/minutes/2020-09-21.md");
    let m = meeting(&f);
    let texts: Vec<&str> = m.actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(m.actions.len(), 4, "{texts:?}");
    assert_eq!(
        &texts[..3],
        [
            "Mark to write comment on #73394",
            "Lang team to review safer transmute RFC",
            "Lang team to review rfcs#2909",
        ]
    );
    // "Mark" is no attendee; "Niko" is the attendee "niko"; a team is no owner.
    let mark = action(m, "Mark to write comment");
    assert_eq!(owners(&f, mark), [("Mark", None)]);
    let niko = action(m, "Niko to schedule meetings for upcoming weeks");
    assert_eq!(owners(&f, niko), [("Niko", Some("niko"))]);
    let team = action(m, "Lang team to review safer transmute RFC");
    assert!(team.owners.is_empty(), "{:?}", team.owners);
    for a in &m.actions {
        assert!(!a.done && !a.review && a.due.is_none(), "{a:?}");
    }
    assert!(m.decisions.is_empty(), "{:?}", decision_texts(m));
}

#[test]
fn consensus_lines_are_decisions() {
    // "* Consensus: …" as the last bullet of an item.
    let f = facts("rust-lang-team/minutes/2021-02-09.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 3, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(
            m,
            "sounds good as unstable; Josh to say \"go for it\" officially for unstable."
        ),
        Some("\"Allow specifying alignment for functions\" rust#81234")
    );

    // "- Consensus: …" nested under an item's bullet.
    let f = facts("rust-lang-team/minutes/2020-11-10.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 3, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(m, "not inclined to make the change"),
        Some("\"Apply unused_doc_comments lint to inner items\" rust#78367")
    );

    // A bold "Consensus reached on …" bullet, and an "Agreed:" list.
    let f = facts("nodejs-tsc/io.js/2014-12-10.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 4, "{:?}", decision_texts(m));
    let readable = item_of_decision(
        m,
        "Consensus reached on moving readable-stream to iojs and flipping the \
         authoritative code and doc flow",
    );
    assert!(
        readable.is_some_and(|i| i.starts_with("Move readable-stream to iojs org")),
        "{readable:?}"
    );
    for agreed in [
        "Accept PR #15",
        "Document that domains are on the way out: soft deprecation (no util.deprecate())",
    ] {
        let item = item_of_decision(m, agreed);
        assert!(
            item.is_some_and(|i| i.starts_with("Deprecate domains")),
            "{agreed}: {item:?}"
        );
    }

    // "Consensus to …" wrapped over two lines, and a "Next steps:" list whose handle
    // resolves to an attendee.
    let f = facts("nodejs-tsc/2016-11-17.md");
    let m = meeting(&f);
    let nvm = Some("Investigate moving nvm into the foundation");
    assert_eq!(m.decisions.len(), 1, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(
            m,
            "Consensus to next document conventions for folder paths, path switching \
             mechanism, APIs, etc. to inform various efforts."
        ),
        nvm
    );
    assert_eq!(m.actions.len(), 2, "{:?}", m.actions);
    let update = action(m, "@williamkapke will update #96 accordingly.");
    assert_eq!(
        owners(&f, update),
        [("williamkapke", Some("William Kapke"))]
    );
    assert_eq!(item_name(m, update).as_deref(), nvm);
    let group = action(m, "version-management discussion group to continue");
    assert!(group.owners.is_empty(), "{:?}", group.owners);
}

#[test]
fn eslint_resolution_and_action_items_name_owners_by_handle() {
    let f = facts("eslint-tsc/2025/2025-05-01.md");
    let m = meeting(&f);
    assert_eq!(m.decisions.len(), 1, "{:?}", decision_texts(m));
    assert_eq!(
        item_of_decision(
            m,
            "@nzakas has asked @mdjermanovic and @fasttime to think about and comment on \
             this issue."
        ),
        Some("Change Request: Allow rules to specify the languages/dialects they work on")
    );
    assert_eq!(m.actions.len(), 3, "{:?}", m.actions);
    // "**Action Items:** …" on one line, three handles.
    let review = action(m, "@nzakas, @mdjermanovic and @fasttime will review RFCs");
    assert_eq!(
        owners(&f, review),
        [
            ("nzakas", Some("Nicholas C. Zakas")),
            ("mdjermanovic", Some("Milos Djermanovic")),
            ("fasttime", Some("Francesco Trotta")),
        ]
    );
    assert_eq!(item_name(m, review).as_deref(), Some("RFC Statuses"));
    // "**Action Items:**" over a list.
    let merge = action(
        m,
        "@fasttime will merge the following PRs before the release",
    );
    assert_eq!(owners(&f, merge), [("fasttime", Some("Francesco Trotta"))]);
    let release = action(m, "@fasttime will release");
    assert_eq!(
        owners(&f, release),
        [("fasttime", Some("Francesco Trotta"))]
    );
    for a in &m.actions {
        assert!(!a.done && !a.review && a.due.is_none(), "{a:?}");
    }
}
