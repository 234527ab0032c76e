#!/usr/bin/env bash
# Times whole `gitopsfleet` processes (start-up included): median and min of N runs.
# Usage: bench/cli-timing.sh [runs]   (builds Release first; uses a throw-away state home)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
dotnet build src/Reconciler/App -c Release -nologo -v q >/dev/null
bin=src/Reconciler/App/bin/Release/net10.0/gitopsfleet
export GITOPSFLEET_HOME=$(mktemp -d)
repo=$GITOPSFLEET_HOME/fleet-repo
# The sample fleet without its Azure and Ansible pools (those providers are timed elsewhere), committed to a fresh repository.
cp -r samples/fleet-repo "$repo"
rm -f "$repo/pools/eth-rpc-azure-westeu.yaml" "$repo/pools/bare-metal-archive.yaml"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -qm sample
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
