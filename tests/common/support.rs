//! Helpers both test binaries share: facts of a file, a CLI fixture with its own store,
//! TSV rows, folder copies, and where the fixtures are.

use std::path::{Path, PathBuf};

use recapgraph::extract::{MeetingFacts, Vocabulary};

/// `tests/fixtures/recaps`: fictional recaps we wrote, one or more of each shape.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recaps")
}

/// The bundled vocabulary.
pub fn vocabulary() -> Vocabulary {
    let iris = recapgraph::rdf::IriScheme::default();
    recapgraph::rdf::load_vocabulary(&[("bundled", recapgraph::rdf::BUNDLED_TOPICS)], &iris)
        .expect("bundled vocabulary parses")
        .0
}

/// Facts of a file, with `source_path` as its graph name.
pub fn facts_of_file(path: &Path, source_path: &str) -> MeetingFacts {
    let recap = recapgraph::recap::read(path, source_path, u64::MAX)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    recapgraph::extract::extract(&recap, &vocabulary())
}

/// A temporary folder with a store path, and the binary to run against it.
pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store.db")
    }

    /// `recapgraph --store <tmp>/store.db ARGS...`
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("recapgraph").expect("binary");
        c.arg("--store").arg(self.store()).args(args);
        c.env_remove("RECAPGRAPH_STORE")
            .env_remove("RECAPGRAPH_BASE");
        c
    }

    /// Runs and returns stdout; panics with stderr when the exit code differs.
    pub fn run(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "recapgraph {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and returns (stdout, stderr, code).
    pub fn output(&self, args: &[&str]) -> (String, String, i32) {
        let out = self.cmd(args).output().expect("runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap_or(-1),
        )
    }

    /// Writes a file under the temp dir and returns its path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

/// Rows of a TSV result without its header.
pub fn tsv_rows(tsv: &str) -> Vec<Vec<String>> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Copies the files (not subfolders) of `from` into `to`, creating it: a recap folder,
/// or a RocksDB store folder (which is flat).
pub fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read the folder") {
        let p = e.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
        }
    }
}
