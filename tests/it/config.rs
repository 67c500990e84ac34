//! Per-folder settings (`recapgraph.toml`, `--config`): the binary on a real on-disk
//! store, and `ingest::watch` noticing an edited config.

use std::path::{Path, PathBuf};

use recapgraph::config::FolderConfig;
use recapgraph::extract::{DateOrder, ExtractConfig};
use recapgraph::ingest::{self, FolderConfigs, IngestOptions};

use crate::support::{tsv_rows, Cli};

/// A meeting by any rule: a dated title, an attendee list and minutes.
fn recap(title: &str, date: &str) -> String {
    format!(
        "# {title} {date}\n\n## Attendees\n\n* Mira Okafor\n* Tomas Lindqvist\n\n\
         ## Notes\n\n### Compost bins\n\nTwo more bins before the summer.\n\n\
         ### Seed swap\n\nThe swap moves to the library.\n"
    )
}

/// A folder `garden/` with a meeting at the top and a dated draft under `drafts/`.
fn garden(cli: &Cli) -> PathBuf {
    cli.write(
        "garden/2024-05-02.md",
        recap("Garden club", "2024-05-02").as_bytes(),
    );
    cli.write(
        "garden/drafts/2024-05-16.md",
        recap("Garden club", "2024-05-16").as_bytes(),
    );
    cli.dir.path().join("garden")
}

/// The dates of `query meetings`.
fn meeting_dates(cli: &Cli) -> Vec<String> {
    tsv_rows(&cli.run(&["query", "meetings", "-f", "tsv"], 0))
        .into_iter()
        .map(|row| row[0].trim_matches('"').chars().take(10).collect())
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn not_meetings_keeps_a_dated_draft_out_of_the_meetings() {
    let cli = Cli::new();
    let dir = garden(&cli);
    cli.write(
        "garden/recapgraph.toml",
        b"# drafts are not meetings yet\nnot_meetings = [\"drafts/*\"]\n",
    );
    let (_, err, code) = cli.output(&["ingest", s(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("ingested 2 of 2 files (1 meetings"),
        "the .toml is not a recap, the draft is no meeting: {err}"
    );
    assert_eq!(meeting_dates(&cli), ["2024-05-02"]);
    // The draft is still stored, as a document that is not a meeting.
    let files = tsv_rows(&cli.run(&["query", "source-files", "-f", "tsv"], 0));
    assert_eq!(files.len(), 2, "{files:?}");

    // Unchanged files and config: nothing is read again.
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(err.contains("2 unchanged"), "{err}");
}

#[test]
fn a_bad_config_exits_2_with_its_line_and_stores_nothing() {
    let cases: [(&str, &str); 5] = [
        ("date_order = \"dmy\"\n\nattendee = [\"Who came\"]\n", ":3:"),
        ("# order\ndate_order = \"ymd\"\n", ":2:"),
        (
            "not_meetings = [\n  \"drafts/*\",\n  \"notes/[old\",\n]\n",
            ":3:",
        ),
        (
            "attendee_headings = [\"Who came\" \"On the call\"]\n",
            ":1:",
        ),
        ("\n\n\nagenda_headings = \"Running order\"\n", ":4:"),
    ];
    for (text, line) in cases {
        let cli = Cli::new();
        let dir = garden(&cli);
        cli.write("garden/recapgraph.toml", text.as_bytes());
        let (_, err, code) = cli.output(&["ingest", s(&dir)]);
        assert_eq!(code, 2, "{text:?}: {err}");
        assert!(
            err.contains(&format!("recapgraph.toml{line}")),
            "{text:?} names the file and line {line}: {err}"
        );
        assert!(
            !cli.store().exists(),
            "{text:?}: the store was not even created"
        );
    }
}

#[test]
fn config_flag_applies_to_every_path_and_overrides_the_folders_own() {
    let cli = Cli::new();
    let dir = garden(&cli);
    // The folder's own config is broken: --config means it is not read at all.
    cli.write("garden/recapgraph.toml", b"not a valid = = config\n");
    let config = cli.write(
        "settings/garden.toml",
        b"not_meetings = [\"2024-05-02.md\"]\ndate_order = \"dmy\"\n",
    );
    cli.run(&["ingest", "--config", s(&config), s(&dir)], 0);
    assert_eq!(meeting_dates(&cli), ["2024-05-16"]);

    // A file given alone: the bare name matches it too (its folder is its root).
    let other = Cli::new();
    let file = other.write(
        "notes/2024-05-02.md",
        recap("Garden club", "2024-05-02").as_bytes(),
    );
    other.run(&["ingest", "--config", s(&config), s(&file)], 0);
    assert!(meeting_dates(&other).is_empty());

    // Without --config the broken folder config stops the run.
    let third = Cli::new();
    let (_, err, code) = third.output(&["ingest", s(&dir)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("recapgraph.toml:1:"), "{err}");
    // A missing --config file too.
    let (_, err, code) = third.output(&["ingest", "--config", "no-such.toml", s(&file)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such.toml"), "{err}");
}

#[test]
fn a_file_given_alone_takes_the_config_beside_it() {
    let cli = Cli::new();
    let dir = garden(&cli);
    cli.write(
        "garden/recapgraph.toml",
        b"not_meetings = [\"2024-*.md\"]\n",
    );
    cli.run(&["ingest", s(&dir.join("2024-05-02.md"))], 0);
    assert!(meeting_dates(&cli).is_empty());
}

#[test]
fn editing_the_config_re_extracts_exactly_the_files_it_affects() {
    let cli = Cli::new();
    let dir = garden(&cli);
    let config = cli.write("garden/recapgraph.toml", b"not_meetings = [\"drafts/*\"]\n");
    cli.run(&["ingest", s(&dir)], 0);
    assert_eq!(meeting_dates(&cli), ["2024-05-02"]);

    // The glob goes: the draft's settings change, the other file's do not.
    std::fs::write(&config, "not_meetings = []\n").expect("write");
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(
        err.contains("ingested 1 of 2 files (1 meetings") && err.contains("1 unchanged"),
        "{err}"
    );
    assert_eq!(meeting_dates(&cli), ["2024-05-02", "2024-05-16"]);

    // A setting every file reads (the date order) re-reads them all; a comment alone
    // changes no file's settings.
    std::fs::write(&config, "date_order = \"mdy\"\n").expect("write");
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(err.contains("ingested 2 of 2 files"), "{err}");
    std::fs::write(&config, "# US dates\ndate_order = \"mdy\"\n").expect("write");
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(err.contains("2 unchanged"), "{err}");

    // The config removed: back to the plain content hash, so both are read again.
    std::fs::remove_file(&config).expect("rm");
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(err.contains("ingested 2 of 2 files"), "{err}");
    let (_, err, _) = cli.output(&["ingest", s(&dir)]);
    assert!(err.contains("2 unchanged"), "{err}");
}

#[test]
fn attendee_headings_and_date_order_change_what_is_read() {
    let cli = Cli::new();
    cli.write(
        "allotment/committee.md",
        b"# Allotment committee\n\nHeld on 3/4/2024 in the shed.\n\n## Crew on deck\n\n\
          * Mira Okafor\n* Tomas Lindqvist\n* Ines Barros\n\n## Water butts\n\n\
          Two leak; Ines patches them.\n\n## Plot rents\n\nUnchanged next year.\n",
    );
    let config = cli.write(
        "allotment/recapgraph.toml",
        b"attendee_headings = [\"Crew on deck\"]\ndate_order = \"dmy\"\n",
    );
    let dir = cli.dir.path().join("allotment");
    let attendees = |cli: &Cli| {
        let q = "SELECT DISTINCT ?name WHERE { ?m a <http://schema.org/Event> ; \
                 <http://schema.org/attendee>/<http://schema.org/name> ?name } ORDER BY ?name";
        tsv_rows(&cli.run(&["query", q, "-f", "tsv"], 0)).len()
    };
    cli.run(&["ingest", s(&dir)], 0);
    assert_eq!(meeting_dates(&cli), ["2024-04-03"], "day first");
    assert_eq!(attendees(&cli), 3, "the configured heading opens the list");

    std::fs::write(&config, "date_order = \"mdy\"\n").expect("write");
    cli.run(&["ingest", s(&dir)], 0);
    assert!(
        !meeting_dates(&cli).contains(&"2024-04-03".to_owned()),
        "month first now: {:?}",
        meeting_dates(&cli)
    );
    assert_eq!(attendees(&cli), 0, "no rule knows that heading");
}

#[test]
fn every_setting_reaches_the_extract_config_of_its_files() {
    let cli = Cli::new();
    let dir = garden(&cli);
    cli.write(
        "garden/recapgraph.toml",
        b"attendee_headings = [\"Who came\"]\nagenda_headings = [\"Running order\"]\n\
          date_order = \"dmy\"\nnot_meetings = [\"drafts\"]\n",
    );
    let configs = FolderConfigs::load(std::slice::from_ref(&dir), None).expect("valid");
    assert_eq!(
        configs.files().collect::<Vec<_>>(),
        [dir.join("recapgraph.toml").as_path()]
    );
    let top = configs.for_source("garden/2024-05-02.md");
    assert_eq!(
        top,
        ExtractConfig {
            attendee_headings: vec!["Who came".into()],
            agenda_headings: vec!["Running order".into()],
            date_order: Some(DateOrder::Dmy),
            not_a_meeting: false,
        }
    );
    assert!(
        configs
            .for_source("garden/drafts/2024-05-16.md")
            .not_a_meeting
    );
    // Another root (a folder without a config) keeps the defaults.
    assert_eq!(
        configs.for_source("elsewhere/2024-05-02.md"),
        ExtractConfig::default()
    );
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/recapgraph.example.toml");
    let example = FolderConfig::load(&example).expect("the documented example is valid");
    assert!(!example.not_meetings.is_empty());
}

#[test]
fn serve_watch_rounds_notice_an_edited_config() {
    use recapgraph::rdf::IriScheme;
    use recapgraph::store::RecapStore;

    let cli = Cli::new();
    let dir = garden(&cli);
    let config = cli.write("garden/recapgraph.toml", b"not_meetings = [\"drafts/*\"]\n");
    let store = RecapStore::memory(IriScheme::default()).expect("store");
    let vocab = ingest::prepare_vocabulary(&store, &[]).expect("vocabulary");
    let (stop, stop_rx) = std::sync::mpsc::channel::<()>();
    let (rounds, rounds_rx) = std::sync::mpsc::channel::<Result<usize, String>>();
    let watcher = {
        let (store, paths) = (store.clone(), vec![dir.clone()]);
        std::thread::spawn(move || {
            ingest::watch(
                &store,
                &vocab,
                &paths,
                &IngestOptions::default(),
                ingest::WatchTimes {
                    every: std::time::Duration::from_millis(50),
                    rehash: None,
                },
                &stop_rx,
                &mut |round| {
                    let _ = rounds.send(round.map(|r| r.ingested).map_err(|e| e.to_string()));
                },
            );
        })
    };
    let next = || {
        rounds_rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("a round")
    };
    let meetings = || {
        let q = "SELECT DISTINCT ?m WHERE { ?m a <https://w3id.org/recapgraph/ns#Meeting> }";
        let mut out = Vec::new();
        recapgraph::query::write_results(
            store.query(q, &[]).expect("query"),
            recapgraph::query::OutputFormat::Tsv,
            store.iris().base(),
            &mut out,
        )
        .expect("write");
        tsv_rows(&String::from_utf8(out).expect("utf-8")).len()
    };
    assert_eq!(next(), Ok(2));
    assert_eq!(meetings(), 1);
    // A quiet round reads nothing.
    assert_eq!(next(), Ok(0));
    // A broken config: the round says where, and writes nothing.
    std::fs::write(&config, "not_meetings = [\"drafts/*\"]\nbogus = 1\n").expect("write");
    let broken = loop {
        match next() {
            Ok(0) => {}
            other => break other,
        }
    };
    let message = broken.expect_err("an invalid config fails the round");
    assert!(message.contains("recapgraph.toml:2:"), "{message}");
    // Fixed, without the glob: the draft (whose size and time did not change) is read
    // again and becomes a meeting; the other file is not.
    std::fs::write(&config, "not_meetings = []\n").expect("write");
    let fixed = loop {
        match next() {
            Err(_) => {}
            other => break other,
        }
    };
    assert_eq!(fixed, Ok(1));
    assert_eq!(meetings(), 2);
    drop(stop);
    watcher.join().expect("watch thread");
}
