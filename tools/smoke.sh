#!/usr/bin/env bash
# Every measuring harness in its smoke mode, so that a broken harness fails CI the day
# it breaks (tools/test.sh runs this last, after the release build it reuses). Prints
# how long each step took. Documented in docs/measuring.md.
#
#   tools/smoke.sh
#   SHIPCHECK_FUZZ_SMOKE=asan tools/smoke.sh   # fuzz with cargo-fuzz + ASan, 30 s per
#                                             # target, instead of the replay (+5-9 min)
#
# The fuzz step is `tools/fuzz.sh --replay` by default: every committed seed and past
# crash run once through plain debug builds of the fuzz targets, which reuse what
# `cargo test` compiled. The ASan smoke (`tools/fuzz.sh --smoke`) needs cargo-fuzz
# installed and a sanitizer build of the engine and the web crate: several minutes more
# than CI's budget allows (measured in docs/measuring.md).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_mode=--replay
case ${SHIPCHECK_FUZZ_SMOKE:-replay} in
  replay) ;;
  asan) fuzz_mode=--smoke ;;
  *) echo "SHIPCHECK_FUZZ_SMOKE must be replay or asan" >&2; exit 2 ;;
esac
steps=(
  "tools/lighthouse.sh --smoke --no-build"
  "tools/bench/browser.sh --smoke --no-build"
  "tools/bench/peers.sh --smoke"
  "tools/fuzz.sh $fuzz_mode"
)
times=()
for step in "${steps[@]}"; do
  printf '\n\033[1m-- %s\033[0m\n' "$step"
  started=$(date +%s.%N)
  $step
  times+=("$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')")
done
printf '\n'
tools/stamp.sh tools/smoke.sh
for i in "${!steps[@]}"; do printf '%6s s  %s\n' "${times[$i]}" "${steps[$i]}"; done
