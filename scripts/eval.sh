#!/usr/bin/env bash
# Extraction evaluation against the hand-annotated dev set (../shared/corpus/dev-gold.json):
# a per-document table of meeting/date/attendee/agenda-item/URL scores.
#   scripts/eval.sh              the table
#   scripts/eval.sh --verbose    and each document's missed and spurious attendees and items
#   scripts/eval.sh --json FILE  and the per-document scores as JSON (FILE relative to the repo root)
# RECAPGRAPH_CORPUS names the folder holding corpus/ (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/recapgraph-target}"
exec cargo bench --bench extract -- "$@"
