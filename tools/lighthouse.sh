#!/usr/bin/env bash
# Lighthouse on the release build, every route, with Debian's Chromium (run by hand;
# not part of tools/test.sh). Prints one line of scores per route and preset and
# fails if any category is under MIN (default 95).
#
#   tools/lighthouse.sh                # desktop and mobile presets
#   PRESETS=desktop tools/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MIN=${MIN:-95}
PRESETS=${PRESETS:-"desktop mobile"}
ROUTES=${ROUTES:-"/ /checklist /risk /readiness /estimate /scan /report"}
OUT=${OUT:-artifacts/lighthouse}
[ -f dist/index.html ] || { echo "build first: trunk build --release" >&2; exit 2; }
( cd tools/lighthouse && { [ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error; } )
mkdir -p "$OUT"
python3 tools/serve.py --dir dist --port 0 > "$OUT/serve.log" 2>&1 & srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "serving on" "$OUT/serve.log" && break; sleep 0.1; done
base=$(sed -n 's/^serving on \(http:[^ ]*\)\/$/\1/p' "$OUT/serve.log")
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run"
fail=0
printf '%-8s %-12s %5s %5s %5s %5s\n' preset route perf a11y bp seo
for preset in $PRESETS; do
  for route in $ROUTES; do
    name="${preset}${route//\//-}"; [ "$route" = / ] && name="${preset}-home"
    extra=(); [ "$preset" = desktop ] && extra=(--preset=desktop)
    tools/lighthouse/node_modules/.bin/lighthouse "$base$route" "${extra[@]}" --quiet \
      --chrome-flags="$flags" --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$OUT/$name.json" >/dev/null 2>"$OUT/$name.err" || { echo "lighthouse failed on $route: see $OUT/$name.err"; fail=1; continue; }
    python3 - "$OUT/$name.json" "$preset" "$route" "$MIN" <<'PY' || fail=1
import json, sys
path, preset, route, minimum = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cats = json.load(open(path))["categories"]
scores = [round(cats[k]["score"] * 100) for k in ("performance", "accessibility", "best-practices", "seo")]
print(f"{preset:<8} {route:<12} " + " ".join(f"{s:>5}" for s in scores))
sys.exit(0 if min(scores) >= minimum else 1)
PY
  done
done
exit $fail
