#!/usr/bin/env bash
# Every test shipcheck has, in the order CI runs them. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format";                cargo fmt --all --check
cargo fetch --locked
step "clippy (native)";       cargo clippy --locked --workspace --all-targets -- -D warnings
step "clippy (wasm)";         cargo clippy --locked --target wasm32-unknown-unknown -p shipcheck-engine -p shipcheck-web --lib --bins --test web -- -D warnings
step "native tests";          cargo test --locked --workspace
# Zero secret-verdict findings on 54 pinned published npm packages (issue 12): fetches
# what its git-ignored cache lacks with `npm pack` (npm comes with install.sh), then scans.
step "real-code corpus";      tools/bench/real-code.sh
step "release build (trunk)"; trunk build --release --locked
step "size budget";           python3 tools/size_budget.py
step "wasm tests (Chromium)"; cargo test --locked --target wasm32-unknown-unknown -p shipcheck-web --test web
step "browser tests";         node --test --test-concurrency=1 tests/e2e/
step "measuring harnesses (smoke)"; tools/smoke.sh
step "all tests passed"
