//! Compiles the named queries of `queries/*.rq` into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time, not baked in with env!(): a build script compiled for one checkout
    // and reused from a shared target directory must still read this checkout's queries.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&manifest_dir).join("queries");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "rq"));
    entries.sort();
    assert!(!entries.is_empty(), "no named queries in {}", dir.display());
    let mut out = String::from("/// Named queries compiled from `queries/*.rq`: (name, text).\npub const NAMED_QUERIES: &[(&str, &str)] = &[\n");
    for p in &entries {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            p.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("named_queries.rs");
    std::fs::write(dest, out).unwrap_or_else(|e| panic!("cannot write named_queries.rs: {e}"));
}
