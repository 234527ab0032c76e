#!/usr/bin/env bash
# Fuzzes one harness with AFL++ through SharpFuzz (docs/fuzzing.md).
# Usage: fuzz/run-afl.sh TARGET [SECONDS]   TARGET: rego | fleet | webhook | json; SECONDS defaults to 1800.
# Findings go to fuzz/findings/TARGET (crashes/, hangs/, queue/); a second run resumes there. SKIP_BUILD=1 reuses
# fuzz/instrumented as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run-afl.sh TARGET [SECONDS]}
seconds=${2:-1800}
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends afl++
fi
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  dotnet build fuzz/GitOpsFleet.Fuzz/GitOpsFleet.Fuzz.csproj -c Release -nologo -v q
  rm -rf fuzz/instrumented
  cp -r fuzz/GitOpsFleet.Fuzz/bin/Release/net10.0 fuzz/instrumented
  # Only our assemblies carry coverage; the framework and packages run as they are.
  for assembly in GitOpsFleet.Policies GitOpsFleet.Model GitOpsFleet.Loading gitopsfleet; do
    sharpfuzz "fuzz/instrumented/$assembly.dll"
  done
fi

# dotnet is not AFL-instrumented itself (SharpFuzz's forkserver lives in the harness), and reserves far more
# virtual memory than afl-fuzz -m allows: the GC's hard limit stands in, so unbounded memory is an
# OutOfMemoryException, which is a crash. -t: an input running over 5 s is a hang.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1
export AFL_NO_UI=${AFL_NO_UI:-1} DOTNET_GCHeapHardLimit=${DOTNET_GCHeapHardLimit:-0x80000000}
mkdir -p fuzz/findings
exec afl-fuzz -i "fuzz/corpus/$target" -o "fuzz/findings/$target" -t 5000 -m none -V "$seconds" -- \
  dotnet fuzz/instrumented/GitOpsFleet.Fuzz.dll "$target"
