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
echo "== recapgraph decisions --since 2024-06-01"
rg decisions --since 2024-06-01
echo "== recapgraph actions --open (an action carried over twice and then done is not listed)"
rg actions --open
echo
echo "== recapgraph explain data/riverbend-2024-04-02.md (how one file is read, line by line)"
rg explain data/riverbend-2024-04-02.md
echo
echo "== recapgraph topic \"configuration management\" (one topic's meetings, in date order)"
rg topic "configuration management"
echo
echo "== recapgraph topics suggest (a SKOS draft: topics whose titles read as one)"
rg topics suggest
echo
echo "== recapgraph graph topics --stats"
rg graph topics --stats
rg graph topics --format svg -o target/topics.svg
echo "(picture written to target/topics.svg; DOT, GraphML and node-link JSON with --format dot|graphml|json)"
echo
echo "== recapgraph serve (SPARQL endpoint; one query over HTTP, then stop)"
"$CARGO_TARGET_DIR/debug/recapgraph" --store target/demo.db serve --bind 127.0.0.1:0 2>target/serve.log &
serve_pid=$!
trap 'kill -TERM "$serve_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "at http://" target/serve.log 2>/dev/null && break; sleep 0.2; done
head -1 target/serve.log
endpoint=$(sed -n 's|.*SPARQL endpoint \(http://[^,]*\),.*|\1|p' target/serve.log | head -1)
[ -n "$endpoint" ] || { echo "serve did not start:"; cat target/serve.log; exit 1; }
python3 - "$endpoint" <<'PY'
import sys, urllib.parse, urllib.request
q = "PREFIX rg: <https://w3id.org/recapgraph/ns#> SELECT (COUNT(?m) AS ?meetings) WHERE { ?m a rg:Meeting }"
req = urllib.request.Request(sys.argv[1], urllib.parse.urlencode({"query": q}).encode(), {"Accept": "text/csv"})
print(urllib.request.urlopen(req, timeout=60).read().decode().strip())
PY
echo "== recapgraph stats, while serve holds the store (it runs inside serve, same output)"
rg stats
kill -TERM "$serve_pid"; wait "$serve_pid"   # a background job ignores SIGINT; SIGTERM stops serve the same way
trap - EXIT
echo
echo "== recapgraph stats"
rg stats
