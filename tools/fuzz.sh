#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/fuzz_targets/) for SECONDS each, all at once, then
# prints each target's executions and any crash. Run by hand; not part of tools/test.sh.
#
#   tools/fuzz.sh                      # every target, 600 s each
#   SECONDS_EACH=60 tools/fuzz.sh cors_analyzer
#
# Needs a nightly toolchain (sanitizers) and cargo-fuzz (pinned in tools/versions.env).
# Seeds: fuzz/corpus/<target>/ (committed, minimised); new inputs go to a scratch copy in
# fuzz/target/corpus/<target>/ so the committed corpus only changes on purpose
# (`cargo +nightly fuzz cmin` then copy back). Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/versions.env
SECONDS_EACH=${SECONDS_EACH:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(secret_scanner cors_analyzer state_decoder)

rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd fuzz
for t in "${targets[@]}"; do cargo +nightly fuzz build -O "$t"; done
mkdir -p target/logs
pids=()
for t in "${targets[@]}"; do
  mkdir -p "target/corpus/$t"
  cp -n corpus/"$t"/* "target/corpus/$t/" 2>/dev/null || true
  cargo +nightly fuzz run -O "$t" "target/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    > "target/logs/$t.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if wait "${pids[$i]}"; then verdict=clean; else verdict="CRASH (see fuzz/target/logs/$t.log)"; status=1; fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "target/logs/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "target/logs/$t.log")
  printf '%-16s %8s executions in %ss (%s/s): %s\n' "$t" "${execs:-?}" "$SECONDS_EACH" "${rate:-?}" "$verdict"
done
exit $status
