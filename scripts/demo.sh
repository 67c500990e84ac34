#!/usr/bin/env bash
# Builds recapgraph and runs the main job on the bundled data/: ingest, queries, stats.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/recapgraph-target}"
cargo build --quiet --all-targets  # same feature set as the tests: RocksDB is compiled once
rg() { "$CARGO_TARGET_DIR/debug/recapgraph" --store target/demo.db "$@"; }
rm -rf target/demo.db
mkdir -p target
echo "== recapgraph ingest data/"
rg ingest data/
echo
echo "== recapgraph query meetings"
rg query meetings --format table
echo
echo "== recapgraph query people-by-meetings"
rg query people-by-meetings --format table
echo
echo "== recapgraph query person-topics --param person=\"Dana Whitfield\""
rg query person-topics --param person="Dana Whitfield" --format table
echo
echo "== recapgraph graph topics --stats"
rg graph topics --stats
rg graph topics --format svg -o target/topics.svg
echo "(picture written to target/topics.svg; DOT, GraphML and node-link JSON with --format dot|graphml|json)"
echo
echo "== recapgraph stats"
rg stats
