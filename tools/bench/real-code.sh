#!/usr/bin/env bash
# The real-code corpus: published npm packages (tools/bench/real-code-packages.txt, pinned)
# fetched with `npm pack` and unpacked into a git-ignored cache, then scanned by
# crates/engine/tests/real_code.rs, which fails on any finding with verdict "secret".
#
#   tools/bench/real-code.sh           # fetch what is missing, then run the test
#   tools/bench/real-code.sh fetch     # only fetch; prints the directory
#
# REAL_CODE_CACHE moves the cache (default tools/bench/.cache/real-code); REAL_CODE_LIST
# scans another list of pinned packages (a by-hand check on more of them). The registry is
# the only network access; a package already unpacked is not fetched again.
set -euo pipefail
cd "$(dirname "$0")/../.."
LIST=${REAL_CODE_LIST:-tools/bench/real-code-packages.txt}
CACHE=${REAL_CODE_CACHE:-$PWD/tools/bench/.cache/real-code}
mkdir -p "$CACHE/tarballs" "$CACHE/packages"

specs=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$LIST" | grep -v '^$')
missing=()
for spec in $specs; do
  dir=$CACHE/packages/$(echo "$spec" | tr '/' '+')
  [ -f "$dir/.complete" ] || missing+=("$spec")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fetching ${#missing[@]} package(s) with npm pack"
  # npm pack prints one tarball name per spec, in order.
  mapfile -t tarballs < <(cd "$CACHE/tarballs" && npm pack --silent "${missing[@]}")
  if [ ${#tarballs[@]} -ne ${#missing[@]} ]; then
    echo "npm pack returned ${#tarballs[@]} tarballs for ${#missing[@]} packages" >&2
    exit 1
  fi
  for i in "${!missing[@]}"; do
    dir=$CACHE/packages/$(echo "${missing[$i]}" | tr '/' '+')
    rm -rf "$dir" && mkdir -p "$dir"
    tar -xzf "$CACHE/tarballs/${tarballs[$i]}" -C "$dir"
    touch "$dir/.complete"
  done
fi
echo "$CACHE/packages: $(echo "$specs" | wc -l) packages, $(du -sh "$CACHE/packages" | cut -f1)"
[ "${1:-}" = fetch ] && exit 0

SHIPCHECK_REAL_CODE=$CACHE/packages SHIPCHECK_REAL_CODE_LIST=$(realpath "$LIST") \
  cargo test --locked -p shipcheck-engine --test real_code -- --ignored --nocapture
