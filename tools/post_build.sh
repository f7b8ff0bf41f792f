#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): prerender every route into static HTML, then allow
# Trunk's inline boot script by its hash in the page's CSP. Runs in Trunk's staging dir.
set -euo pipefail
dir=${TRUNK_STAGING_DIR:?run by trunk}
cargo run --quiet --locked -p shipcheck-web --bin prerender -- "$dir"
python3 tools/csp_hash.py "$dir"
for page in "$dir"/*/index.html; do
  [ -f "$page" ] && python3 tools/csp_hash.py "$(dirname "$page")"
done
