#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/fuzz_targets/) for SECONDS_EACH seconds each, all
# at once, then prints each target's executions, speed, peak memory and verdict under a
# line saying when, by which command, on which commit and machine (also kept in
# fuzz/target/logs/results.md). Documented in docs/measuring.md.
#
#   tools/fuzz.sh                      # every target, 600 s each
#   tools/fuzz.sh --smoke              # every target, 30 s each (what CI runs)
#   SECONDS_EACH=60 tools/fuzz.sh cors_analyzer
#   tools/fuzz.sh --replay             # no fuzzing: every seed and past crash run once (what CI runs)
#
# --replay builds the targets as plain debug binaries (libFuzzer linked, no sanitizer,
# no coverage, debug assertions on) with the stable toolchain and no cargo-fuzz, in the
# workspace's target/ so that it reuses the dependencies `cargo test` compiled, and runs
# each once over fuzz/corpus/<target>/ and fuzz/regressions/<target>/: a regression test
# of every input fuzzing ever kept, in about a minute and a half instead of the ASan
# build's several minutes.
#
# Installs what is missing: a C++ compiler (libFuzzer is built from source by
# libfuzzer-sys; tools/install.sh native) and cargo-fuzz (pinned in tools/versions.env,
# from crates.io). Toolchain: AddressSanitizer and cargo-fuzz need `-Z` flags. With a
# nightly toolchain installed it is used; otherwise the machine's stable toolchain is
# used with RUSTC_BOOTSTRAP=1, which lets stable rustc accept `-Z` flags (it ships the
# ASan runtime, librustc-stable_rt.asan.a). FUZZ_TOOLCHAIN=stable|nightly forces one.
#
# Each run starts from the committed seeds (fuzz/corpus/<target>/, copied to a scratch
# fuzz/target/corpus/<target>/ so the committed corpus only changes on purpose: `cargo
# fuzz cmin`, then copy back) plus the inputs of past crashes (fuzz/regressions/<target>/),
# all replayed before fuzzing starts. SECONDS_EACH is libFuzzer's -max_total_time, which
# counts from the start, replay included: on a loaded 2-core machine replaying the
# secret_scanner and cors_analyzer seeds under ASan alone takes over 30 s, so the smoke
# then fuzzes only briefly after the replay (the table says how many executions ran).
# Crashes land in fuzz/artifacts/<target>/. CPU time is from wait4's rusage of each
# run (tools/bench/rusage.py); peak memory is libFuzzer's own (getrusage of itself).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/versions.env
source tools/versions.env
command="tools/fuzz.sh${*:+ $*}"
SMOKE='' REPLAY=''
targets=()
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    --replay) REPLAY=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done
[ -z "${SECONDS_EACH:-}" ] || command="SECONDS_EACH=$SECONDS_EACH $command"
[ -z "${FUZZ_TOOLCHAIN:-}" ] || command="FUZZ_TOOLCHAIN=$FUZZ_TOOLCHAIN $command"
if [ -n "$SMOKE" ]; then SECONDS_EACH=${SECONDS_EACH:-30}; else SECONDS_EACH=${SECONDS_EACH:-600}; fi
[ ${#targets[@]} -gt 0 ] || targets=(secret_scanner cors_analyzer state_decoder)
say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

tools/install.sh native

# seeds_of TARGET: the committed seeds and past crashes of a target (paths from fuzz/).
seeds_of() {
  local d
  for d in "corpus/$1" "regressions/$1"; do
    if [ -d "$d" ]; then find "$d" -type f; fi
  done | sort
}

if [ -n "$REPLAY" ]; then
  cd fuzz
  say "building ${targets[*]} as plain debug binaries (stable, no sanitizer, no cargo-fuzz)"
  if ! CARGO_TARGET_DIR=../target cargo build --quiet --locked --bins; then
    say "build failed; if fuzz/Cargo.lock is behind the workspace's dependencies, refresh it with"
    say "  cargo metadata --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null   # and commit it"
    exit 1
  fi
  mkdir -p target/logs
  pids=()
  for t in "${targets[@]}"; do
    rm -f "target/logs/$t.replay.rusage"
    mapfile -t inputs < <(seeds_of "$t")
    python3 ../tools/bench/rusage.py "target/logs/$t.replay.rusage" "../target/debug/$t" "${inputs[@]}" \
      >"target/logs/$t.replay.log" 2>&1 &
    pids+=($!)
  done
  status=0 rows=()
  for i in "${!targets[@]}"; do
    t=${targets[$i]}
    if wait "${pids[$i]}"; then verdict=clean; else verdict="FAILED (see fuzz/target/logs/$t.replay.log)"; status=1; fi
    ran=$(grep -c '^Executed ' "target/logs/$t.replay.log" || true)
    wall='?' cpu='?' rss='?'
    if read -r w u s r _ floor <"target/logs/$t.replay.rusage" 2>/dev/null; then
      wall=$(awk -v w="$w" 'BEGIN { printf "%.1f", w }')
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
      if [ "$r" -gt "$floor" ]; then rss=$((r / 1024)); else rss="< floor"; fi
    fi
    rows+=("| $t | $(seeds_of "$t" | wc -l) | $ran | $wall | $cpu | $rss | $verdict |")
  done
  {
    ../tools/stamp.sh "$command"
    echo "# $(rustc --version), debug build, libFuzzer without sanitizer or coverage: each input run once, ${#targets[@]} target(s) at once; wall, CPU and peak RSS from wait4 rusage"
    echo
    echo "| target | inputs (seeds + past crashes) | run | wall s | CPU s | peak RSS MB | verdict |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
  } | tee target/logs/replay.md
  exit $status
fi

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (crates.io, about a minute)"
  cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

toolchain=${FUZZ_TOOLCHAIN:-}
if [ -z "$toolchain" ]; then
  if rustup run nightly rustc --version >/dev/null 2>&1; then toolchain=nightly; else toolchain=stable; fi
fi
case $toolchain in
  nightly) cargo=(cargo +nightly); rustc_version=$(rustup run nightly rustc --version) ;;
  # The machine's default toolchain (stable on CI), whatever its name.
  stable) cargo=(cargo); rustc_version=$(rustc --version); export RUSTC_BOOTSTRAP=1 ;;
  *) say "FUZZ_TOOLCHAIN must be stable or nightly"; exit 2 ;;
esac
say "toolchain: $rustc_version${RUSTC_BOOTSTRAP:+ with RUSTC_BOOTSTRAP=1}"

cd fuzz
say "building ${targets[*]} (libFuzzer + AddressSanitizer, release)"
for t in "${targets[@]}"; do "${cargo[@]}" fuzz build -O "$t"; done
mkdir -p target/logs
pids=()
for t in "${targets[@]}"; do
  mkdir -p "target/corpus/$t"
  rm -f "target/logs/$t.rusage"
  cp -n corpus/"$t"/* "target/corpus/$t/" 2>/dev/null || true
  dirs=("target/corpus/$t")
  [ -d "regressions/$t" ] && dirs+=("regressions/$t")
  python3 ../tools/bench/rusage.py "target/logs/$t.rusage" \
    "${cargo[@]}" fuzz run -O "$t" "${dirs[@]}" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    >"target/logs/$t.log" 2>&1 &
  pids+=($!)
done
say "fuzzing ${targets[*]} for $SECONDS_EACH s each, all at once (logs in fuzz/target/logs/)"
status=0
rows=()
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if wait "${pids[$i]}"; then verdict=clean; else verdict="CRASH (see fuzz/target/logs/$t.log)"; status=1; fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "target/logs/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "target/logs/$t.log")
  new=$(sed -n 's/^stat::new_units_added: *//p' "target/logs/$t.log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "target/logs/$t.log")
  seeds=$(sed -n 's/^INFO: seed corpus: files: *\([0-9]*\) .*/\1/p' "target/logs/$t.log" | head -1)
  wall='?' cpu='?'
  if read -r w u s _ <"target/logs/$t.rusage" 2>/dev/null; then
    wall=$(awk -v w="$w" 'BEGIN { printf "%.0f", w }')
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.0f", u + s }')
  fi
  [ -n "$execs" ] || { verdict="NO STATS (see fuzz/target/logs/$t.log)"; status=1; }
  rows+=("| $t | ${seeds:-?} | ${execs:-?} | ${rate:-?} | ${new:-?} | $wall | $cpu | ${rss:-?} | $verdict |")
done
{
  ../tools/stamp.sh "$command"
  echo "# $rustc_version${RUSTC_BOOTSTRAP:+ (RUSTC_BOOTSTRAP=1)}, cargo-fuzz $CARGO_FUZZ_VERSION, ASan, -O; -max_total_time=$SECONDS_EACH per target (seed replay included), ${#targets[@]} target(s) at once on $(nproc) cores"
  echo
  echo "| target | seeds replayed | executions | per s | new inputs | wall s | CPU s | peak RSS MB | verdict |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee target/logs/results.md
exit $status
