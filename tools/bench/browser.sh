#!/usr/bin/env bash
# Browser benchmark of the scan page, one command: installs what is missing (as
# tools/install.sh test does), builds the release app, generates the corpora with the
# native benchmark (whose own figures it prints first), then runs tools/bench/browser.mjs
# in Debian's headless Chromium. Documented in docs/measuring.md.
#
#   tools/bench/browser.sh              # 6 corpora (1, 10, 50 MiB), best of 3 rounds, --again
#   tools/bench/browser.sh --smoke      # the 1 MiB bundle, one round (what CI runs)
#   tools/bench/browser.sh --no-build   # use dist/ as it is (CI: the test command just built it)
#   tools/bench/browser.sh -- --only config --rounds 1   # anything after -- goes to browser.mjs
#
# The corpora go to SHIPCHECK_BENCH_DIR (default /tmp/shipcheck-bench, or
# /tmp/shipcheck-bench-smoke for --smoke) and are regenerated on every run, so that
# they and the native figures beside the browser's match the code; the printed figures
# are kept there too (native-results.md, browser-results.md). The smoke generates its
# corpus with a debug build (`cargo test --bench scan`, which CI has mostly compiled
# already): its native figures are not speed figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
SMOKE='' BUILD=1 pass=()
command="tools/bench/browser.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) SMOKE=1 ;;
    --no-build) BUILD= ;;
    --) shift; pass=("$@"); break ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "browser.sh: unknown argument $1 (browser.mjs arguments go after --)" >&2; exit 2 ;;
  esac
  shift
done
say() { printf '\033[1m[browser-bench]\033[0m %s\n' "$*"; }

tools/install.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
if [ -n "$BUILD" ]; then
  say "building the release app (trunk build --release)"
  cargo fetch --locked
  trunk build --release --locked
fi
[ -f dist/index.html ] || { say "no dist/index.html: run without --no-build"; exit 2; }

if [ -n "$SMOKE" ]; then
  dir=${SHIPCHECK_BENCH_DIR:-/tmp/shipcheck-bench-smoke}
  say "generating the 1 MiB bundle in $dir (cargo test --bench scan, a debug build)"
  SHIPCHECK_BENCH_DIR=$dir cargo test --quiet --locked -p shipcheck-engine --bench scan -- bundle-1mb >/dev/null
  args=(--only bundle-1mb --rounds 1 --native-from "a debug build (smoke: not a speed figure)")
else
  dir=${SHIPCHECK_BENCH_DIR:-/tmp/shipcheck-bench}
  say "generating the corpora in $dir (cargo bench --bench scan: the native figures)"
  mkdir -p "$dir"
  { tools/stamp.sh "$command"; SHIPCHECK_BENCH_DIR=$dir cargo bench --quiet --locked -p shipcheck-engine --bench scan; } |
    tee "$dir/native-results.md"
  args=(--rounds 3 --again --native-from "cargo bench (opt-level 3)")
fi
SHIPCHECK_HARNESS_COMMAND=$command node tools/bench/browser.mjs --dir "$dir" "${args[@]}" "${pass[@]}" |
  tee "$dir/browser-results.md"
