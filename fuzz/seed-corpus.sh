#!/bin/sh
# Seeds fuzz/corpus/{pipeline,dates} from recap files, prefixing each with the mode byte the
# target reads (see fuzz_targets/*.rs). fuzz/corpus is git-ignored: the shared corpus is
# other people's text and must never be committed.
#
# Usage: fuzz/seed-corpus.sh [DIR...]   (default: ../shared/corpus and data/, from the repo root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ $# -gt 0 ] || set -- "$root/../shared/corpus" "$root/data"
mkdir -p "$here/corpus/pipeline" "$here/corpus/dates"
for dir in "$@"; do
    [ -d "$dir" ] || { echo "skipping $dir: not a directory" >&2; continue; }
    find "$dir" -type f \( -name '*.md' -o -name '*.textile' -o -name '*.markdown' -o -name '*.txt' \) |
    while IFS= read -r f; do
        case "$f" in
            *.textile) mode='\001' ;;  # Textile, dated name
            *) mode='\000' ;;          # Markdown, dated name
        esac
        name="seed-$(printf %s "$f" | sha1sum | cut -c1-16)"
        { printf "$mode"; cat "$f"; } >"$here/corpus/pipeline/$name"
        # dates: the file's name, then its first 2 KiB (front matter and opening lines).
        { printf '%s\n' "$(basename "$f")"; head -c 2048 "$f"; } >"$here/corpus/dates/$name"
    done
done
echo "pipeline: $(ls "$here/corpus/pipeline" | wc -l) files, dates: $(ls "$here/corpus/dates" | wc -l) files"
