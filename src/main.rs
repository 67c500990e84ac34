//! The `recapgraph` command line: parses arguments, runs the command (`cli`), exits.
//!
//! Exit codes: 0 all good; 1 the run finished but found problems (files that failed to
//! ingest); 2 the run could not be done (bad usage, a store that cannot be opened, an
//! invalid query).

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc instead of the system allocator: ingest allocates many small strings on the
/// parsing threads and frees them on the bulk loader's, which glibc's allocator handles
/// slowly (it took a third of the CPU time of a large ingest). Built with `override`, so
/// RocksDB's C++ allocates from it too: Oxigraph frees RocksDB's error strings with Rust's
/// allocator, which crashes when the two differ.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Errors are printed as `error: …` (and a reader that went away, as with
    // `recapgraph query … | head`, is none) by `cli::run`, which also runs the command
    // through a `serve` holding the store.
    cli::run(&cli::Cli::parse())
}
