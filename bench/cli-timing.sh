#!/usr/bin/env bash
# Times whole `gitopsfleet` processes (start-up included): median and min of N runs.
# Usage: bench/cli-timing.sh [runs]   (builds Release first; uses a throw-away state home)
set -euo pipefail
runs=${1:-15}
source "$(dirname "$0")/sample-fleet.sh"
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
report() {
  local name=$1; shift
  local t=(); for _ in $(seq "$runs"); do t+=("$(time_ms "$@")"); done
  IFS=$'\n' sorted=($(sort -n <<<"${t[*]}")); unset IFS
  echo "$name: median ${sorted[$((runs / 2))]} ms, min ${sorted[0]} ms over $runs runs"
}
report "validate (sample fleet)" "$bin" validate --repo "$repo"
report "plan (sample fleet, no nodes running)" "$bin" plan --repo "$repo"
"$bin" reconcile --once --repo "$repo" >/dev/null
report "plan (sample fleet, 6 nodes running, no changes)" "$bin" plan --repo "$repo"
fleet=$(sed -n 's/^  name: //p' "$repo/fleet.yaml" | head -1)
"$bin" node --help >/dev/null 2>&1 || true
for pid in $(pgrep -f -- "--fleet $fleet " || true); do kill "$pid" 2>/dev/null || true; done
rm -rf "$GITOPSFLEET_HOME"
