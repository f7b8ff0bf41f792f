#!/usr/bin/env bash
# Installs what shipcheck needs to build (and, with `test`, to test), skipping what is
# already there. Only the crates.io, npm and Debian registries are used; no step
# downloads a binary from anywhere else.
#
#   tools/install.sh native # Rust, python3 with venv, node/npm, a C++ compiler: what the
#                           # native measuring harnesses need (tools/bench/peers.sh, tools/fuzz.sh)
#   tools/install.sh run    # Rust wasm target, trunk, wasm-bindgen-cli, npm tools
#   tools/install.sh test   # the above + Chromium and ChromeDriver (Debian packages)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/versions.env
source tools/versions.env
MODE=${1:-test}
case $MODE in native | run | test) ;; *) echo "usage: tools/install.sh [native|run|test]" >&2; exit 2 ;; esac
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else say "need root for: $*"; return 1; fi; }
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null
}
apt_updated=
apt_update_once() { [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }; }

# Rust: the machine's toolchain (rustup), never another one.
command -v cargo >/dev/null || { say "cargo not found: install Rust with rustup first"; exit 1; }
rustc_version=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n%s\n' "$RUST_MIN_VERSION" "$rustc_version" | sort -V | head -1)" != "$RUST_MIN_VERSION" ]; then
  say "rustc $rustc_version is older than $RUST_MIN_VERSION"; exit 1
fi
if [ "$MODE" != native ]; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || { say "adding wasm32 target"; rustup target add wasm32-unknown-unknown; }
fi

# System packages: python3 (serve + CSP hook), node/npm (wasm-opt, Playwright), and for
# tests Chromium + ChromeDriver. Started in the background while cargo compiles.
pkgs=()
command -v python3 >/dev/null || pkgs+=(python3)
command -v npm >/dev/null || pkgs+=(nodejs npm)
if [ "$MODE" = native ]; then
  # A venv for the peers' PyPI wheels; g++ builds libFuzzer (libfuzzer-sys) for fuzzing.
  python3 -c 'import ensurepip, venv' 2>/dev/null || pkgs+=(python3-venv)
  command -v c++ >/dev/null || pkgs+=(g++)
fi
if [ "$MODE" = test ]; then
  command -v chromium >/dev/null || pkgs+=(chromium)
  command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
fi
apt_pid=
if [ ${#pkgs[@]} -gt 0 ]; then
  say "installing Debian packages: ${pkgs[*]}"
  ( apt_update_once && apt_install "${pkgs[@]}" ) & apt_pid=$!
fi

if [ "$MODE" = native ]; then
  if [ -n "$apt_pid" ]; then wait "$apt_pid"; fi
  say "ready ($MODE)"
  exit 0
fi

lock_wb=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$lock_wb" != "$WASM_BINDGEN_VERSION" ]; then
  say "Cargo.lock has wasm-bindgen $lock_wb but tools/versions.env pins $WASM_BINDGEN_VERSION"; exit 1
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "building trunk $TRUNK_VERSION from crates.io (about 10 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked --quiet trunk --version "$TRUNK_VERSION" --no-default-features
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 6 minutes)"
  # Not --locked: its lockfile pins webpki-roots 1.0.11, which this registry lacks.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --force --quiet wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ -n "$apt_pid" ]; then wait "$apt_pid"; fi

# npm tools (binaryen's wasm-opt, playwright-core, axe-core): from the lockfile. Lighthouse has
# its own (tools/lighthouse/), installed only by tools/lighthouse.sh.
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${WASM_OPT_VERSION#version_}" ]; then
  say "wasm-opt on PATH is not binaryen ${WASM_OPT_VERSION#version_}: $(command -v wasm-opt)"; exit 1
fi
say "ready ($MODE)"
