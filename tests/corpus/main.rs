//! The corpus suite: tests that read real recaps by other people, which stay outside the
//! repository. The folder is `RECAPGRAPH_CORPUS` (relative paths from the repository
//! root), by default `../shared` beside the repository, holding `corpus/` and `seeds/`.
//! Without it every test here fails, naming the folder: run the bare-clone suite alone
//! with `cargo test --test it` (`scripts/test.sh` does when the folder is missing).
//! What each test pins is pinned on fictional fixtures too; `README.md` here lists which.

use std::path::{Path, PathBuf};

mod cli;
mod crash;
mod outcomes;
mod pins;
mod robust;
mod seed;
mod shapes;
mod snapshot;
mod topics;

#[allow(dead_code)]
#[path = "../common/expect.rs"]
mod expect;
#[allow(dead_code)]
#[path = "../common/kill.rs"]
mod kill;
#[allow(dead_code)]
#[path = "../common/mangle.rs"]
mod mangle;
#[allow(dead_code)]
#[path = "../common/support.rs"]
mod support;

/// The folder of real recaps (`RECAPGRAPH_CORPUS`, default `../shared`), holding
/// `corpus/` and `seeds/`; panics with what to do when it is missing.
pub fn shared() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match std::env::var_os("RECAPGRAPH_CORPUS") {
        Some(d) if !d.is_empty() => repo.join(d),
        _ => repo.join("../shared"),
    };
    assert!(
        dir.join("corpus").is_dir() && dir.join("seeds").is_dir(),
        "the corpus suite reads real recaps from {} (RECAPGRAPH_CORPUS, default ../shared \
         beside the repository), which has no corpus/ and seeds/ folders: point \
         RECAPGRAPH_CORPUS at a copy of the corpus, or run only the bare-clone suite \
         (`cargo test --test it`, or scripts/test.sh, which skips this suite when the folder \
         is missing)",
        dir.display()
    );
    dir
}
