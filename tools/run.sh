#!/usr/bin/env bash
# Builds the release app and serves it at http://127.0.0.1:8080 (PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh run
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked
trunk build --release --locked
exec python3 tools/serve.py --dir dist --host 127.0.0.1 --port "${PORT:-8080}"
