#!/usr/bin/env bash
# Prints the line every measuring harness puts above its figures: when, by which
# command, on which commit and machine, so a figure copied anywhere says where it came
# from.
#
#   tools/stamp.sh tools/bench/peers.sh --smoke
#   # measured 2026-12-03 05:41 UTC by `tools/bench/peers.sh --smoke` at commit 4b372d6
#   #   (with local changes) on 2 cores (AMD EPYC 7B13), 24 GiB, load average 1.71
set -euo pipefail
cd "$(dirname "$0")/.."
command=$*
when=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit (with local changes)"
fi
cores=$(nproc)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem_gib=$(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
load=$(cut -d' ' -f1 /proc/loadavg)
echo "# measured $when by \`$command\` at commit $commit on $cores cores (${cpu:-unknown CPU}), $mem_gib GiB, load average $load"
