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
# Each step's wall clock and CPU time (its whole process tree, from wait4's rusage):
# on a shared machine the CPU seconds are the steadier figure.
rusage=$(mktemp)
trap 'rm -f "$rusage"' EXIT
rows=()
for step in "${steps[@]}"; do
  printf '\n\033[1m-- %s\033[0m\n' "$step"
  # shellcheck disable=SC2086
  python3 tools/bench/rusage.py "$rusage" $step
  read -r wall user sys _ <"$rusage"
  rows+=("$(awk -v w="$wall" -v u="$user" -v s="$sys" -v c="$step" 'BEGIN { printf "%8.0f s %8.0f s  %s", w, u + s, c }')")
done
printf '\n'
command=tools/smoke.sh
[ -z "${SHIPCHECK_FUZZ_SMOKE:-}" ] || command="SHIPCHECK_FUZZ_SMOKE=$SHIPCHECK_FUZZ_SMOKE $command"
tools/stamp.sh "$command"
printf '%10s %10s  %s\n' wall CPU step
printf '%s\n' "${rows[@]}"
