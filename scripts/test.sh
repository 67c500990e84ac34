#!/usr/bin/env bash
# Runs every check CI runs: formatting, clippy with warnings denied, and the tests, in two
# suites (README.md, "Tests"):
# - the bare-clone suite: every target but `tests/corpus` (the library's and binary's unit
#   tests, `tests/it` on data/, tests/fixtures/ and generated recaps, the benches' smoke
#   runs, doc tests); always run;
# - the corpus suite (`tests/corpus`): tests that read the real recaps in
#   RECAPGRAPH_CORPUS (default ../shared beside the repository); run when that folder is
#   there, and this script says plainly when it was not. `.ci/run` requires it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/recapgraph-target}"
# Relative to the repository, as the corpus suite reads it.
export RECAPGRAPH_CORPUS="${RECAPGRAPH_CORPUS:-../shared}"
cargo fmt --check
# No function over 120 lines (clippy.toml sets the threshold).
cargo clippy --all-targets -- -D warnings -W clippy::too_many_lines

# `--all-targets` without the corpus suite: each test binary by name (tests/NAME.rs or
# tests/NAME/main.rs), so a new one is run without editing this script.
targets=(--lib --bins --examples --benches)
for f in tests/*.rs tests/*/main.rs; do
  [ -e "$f" ] || continue
  name=$(basename "${f%/main.rs}" .rs)
  [ "$name" = corpus ] || targets+=(--test "$name")
done
if [ -d "$RECAPGRAPH_CORPUS/corpus" ] && [ -d "$RECAPGRAPH_CORPUS/seeds" ]; then
  targets+=(--test corpus)
  summary="ran both suites: bare-clone, and corpus (tests/corpus) on the real recaps in $RECAPGRAPH_CORPUS"
else
  summary="ran the bare-clone suite only. NOT RUN: the corpus suite (tests/corpus), because there are no real recaps at $RECAPGRAPH_CORPUS (no corpus/ and seeds/ there); set RECAPGRAPH_CORPUS to a copy of the corpus folder to run it"
  echo "scripts/test.sh: $summary" >&2
fi
cargo test "${targets[@]}"
cargo test --doc
echo "scripts/test.sh: all green; $summary" >&2
