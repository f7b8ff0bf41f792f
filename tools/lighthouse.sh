#!/usr/bin/env bash
# Lighthouse on the release build, with Debian's Chromium, every route, desktop and
# mobile presets. One command: installs what is missing (tools/install.sh test, then
# Lighthouse from tools/lighthouse/package-lock.json), builds the release app, serves it
# with tools/serve.py and prints one line of scores per route and preset under a line
# saying when, by which command, on which commit and machine (also kept in
# $OUT/results.md). Documented in docs/measuring.md.
#
#   tools/lighthouse.sh                 # every route, desktop and mobile
#   tools/lighthouse.sh --smoke         # one route (/), desktop preset (what CI runs)
#   tools/lighthouse.sh --no-build      # use dist/ as it is (CI: the test command just built it)
#   PRESETS=desktop ROUTES="/ /scan" tools/lighthouse.sh
#
# Fails when Lighthouse produces no score, or when a category is under MIN (default 95)
# other than by the audits listed in KNOWN_FAILING (default robots-txt: Lighthouse
# fetches /robots.txt from inside the page, which the page's privacy lock refuses by
# design; see docs/measuring.md). Such a category is printed with a * .
#
# The lockfile pins Lighthouse's whole tree. Two of its packages ask for a dist-tag
# (@paulirish/trace_engine wants third-party-web@latest and legacy-javascript@latest),
# which made `npm ci` refuse the lock as soon as the tag moved; package.json pins both
# with npm `overrides` to the versions in the lock, so the lock stays valid whatever the
# registry's `latest` becomes.
set -euo pipefail
cd "$(dirname "$0")/.."
SMOKE='' BUILD=1
command="tools/lighthouse.sh${*:+ $*}"
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    --no-build) BUILD= ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "lighthouse.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
for v in PRESETS ROUTES MIN; do [ -z "${!v:-}" ] || command="$v=\"${!v}\" $command"; done
MIN=${MIN:-95}
KNOWN_FAILING=${KNOWN_FAILING:-robots-txt}
if [ -n "$SMOKE" ]; then
  # Desktop: the mobile preset's simulated 4x CPU slowdown turns the machine's load into
  # total blocking time (on the 2-core machine at load 7-9 the same mobile route scored
  # 83 and then 100), which would make CI flaky; desktop scored 100 at that load.
  PRESETS=${PRESETS:-desktop}
  ROUTES=${ROUTES:-/}
else
  PRESETS=${PRESETS:-"desktop mobile"}
  ROUTES=${ROUTES:-"/ /checklist /risk /readiness /estimate /scan /report"}
fi
OUT=${OUT:-artifacts/lighthouse}
say() { printf '\033[1m[lighthouse]\033[0m %s\n' "$*"; }

tools/install.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
stamp=tools/lighthouse/node_modules/.package-lock.sha
want=$(cat tools/lighthouse/package.json tools/lighthouse/package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -x tools/lighthouse/node_modules/.bin/lighthouse ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing Lighthouse (npm ci in tools/lighthouse)"
  (cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
if [ -n "$BUILD" ]; then
  say "building the release app (trunk build --release)"
  cargo fetch --locked
  trunk build --release --locked
fi
[ -f dist/index.html ] || { say "no dist/index.html: run without --no-build"; exit 2; }

mkdir -p "$OUT"
python3 tools/serve.py --dir dist --port 0 >"$OUT/serve.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for _ in $(seq 300); do   # up to 30 s: a loaded machine starts Python slowly
  grep -q "serving on" "$OUT/serve.log" && break
  kill -0 $srv 2>/dev/null || break
  sleep 0.1
done
base=$(sed -n 's/^serving on \(http:[^ ]*\)\/$/\1/p' "$OUT/serve.log")
[ -n "$base" ] || { say "tools/serve.py did not start: see $OUT/serve.log"; exit 1; }
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run"
lighthouse=tools/lighthouse/node_modules/.bin/lighthouse
say "running Lighthouse $("$lighthouse" --version) on $(echo "$ROUTES" | wc -w) route(s) x $(echo "$PRESETS" | wc -w) preset(s)"

fail=0
{
  tools/stamp.sh "$command"
  echo "# Lighthouse $("$lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null); scores 0-100; * = under $MIN only by a known-failing audit ($KNOWN_FAILING)"
  echo
  echo "| preset | route | performance | accessibility | best practices | SEO | FCP s | LCP s | TBT ms |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$OUT/results.md"
for preset in $PRESETS; do
  for route in $ROUTES; do
    name="${preset}${route//\//-}"
    [ "$route" = / ] && name="${preset}-home"
    extra=()
    [ "$preset" = desktop ] && extra=(--preset=desktop)
    if ! "$lighthouse" "$base$route" "${extra[@]}" --quiet \
      --chrome-flags="$flags" --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$OUT/$name.json" >/dev/null 2>"$OUT/$name.err"; then
      echo "lighthouse failed on $preset $route: see $OUT/$name.err" >&2
      fail=1
      continue
    fi
    python3 - "$OUT/$name.json" "$preset" "$route" "$MIN" "$KNOWN_FAILING" <<'PY' | tee -a "$OUT/results.md" || fail=1
import json, sys
path, preset, route, minimum, known = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5].split()
report = json.load(open(path))
if report.get("runtimeError"):
    print(f"lighthouse runtime error on {preset} {route}: {report['runtimeError']}", file=sys.stderr)
    sys.exit(1)
cats, audits = report["categories"], report["audits"]
cells, ok = [], True
for key in ("performance", "accessibility", "best-practices", "seo"):
    score = cats[key]["score"]
    if score is None:
        print(f"no {key} score on {preset} {route}", file=sys.stderr)
        cells.append("–"); ok = False; continue
    score = round(score * 100)
    cell = str(score)
    if score < minimum:
        # Failing audits of this category with a weight; known ones do not fail the run.
        failing = [r["id"] for r in cats[key]["auditRefs"]
                   if r.get("weight") and audits[r["id"]].get("score") is not None and audits[r["id"]]["score"] < 1]
        if failing and all(a in known for a in failing):
            cell += "*"
        else:
            ok = False
            print(f"{preset} {route}: {key} {score} < {minimum} (failing audits: {', '.join(failing)})", file=sys.stderr)
    cells.append(cell)
metric = lambda a, scale: f"{audits[a]['numericValue'] / scale:.{1 if scale > 1 else 0}f}" if audits.get(a, {}).get("numericValue") is not None else "–"
print(f"| {preset} | {route} | " + " | ".join(cells)
      + f" | {metric('first-contentful-paint', 1000)} | {metric('largest-contentful-paint', 1000)} | {metric('total-blocking-time', 1)} |")
sys.exit(0 if ok else 1)
PY
  done
done
exit $fail
