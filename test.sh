#!/usr/bin/env bash
# Installs what the tests need (Debian packages, if missing) and runs every test project.
# Exit code: 0 when every test passed, non-zero otherwise. The last line is "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v git >/dev/null || need+=(git)
command -v ansible-playbook >/dev/null || need+=(ansible)
# ansible-core alone lacks the JSON callback the Ansible provider parses; Debian's `ansible` brings it.
if command -v ansible-doc >/dev/null && ! ansible-doc -t callback ansible.posix.json >/dev/null 2>&1; then need+=(ansible); fi
command -v prometheus >/dev/null || need+=(prometheus)
command -v curl >/dev/null || need+=(curl)
# `validate --format json` is tested as scripts read it, through jq.
command -v jq >/dev/null || need+=(jq)
# The dashboard test drives Debian's chromium through Playwright (never a downloaded browser).
[[ -x /usr/bin/chromium ]] || need+=(chromium)
# The clustered-store test starts its own PostgreSQL 15 server in a temporary folder.
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  echo "test.sh: installing ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${need[@]}"
fi
# The anvil tests run Foundry's real anvil (an Ethereum devnet node), shipped in an npm package; npm comes from Debian.
if ! command -v npm >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 nodejs npm
fi
anvil_version=1.7.1
anvil_bin=.tools/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
if ! [[ -x $anvil_bin ]] || ! "$anvil_bin" --version 2>/dev/null | grep -q "Version: $anvil_version"; then
  npm install --prefix .tools/anvil --no-audit --no-fund --silent "@foundry-rs/anvil-linux-amd64@$anvil_version"
fi

# Debian's prometheus package starts a system service on install; the tests start their own on loopback ports.
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then systemctl stop prometheus || true; fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build GitOpsFleet.sln -c Release -nologo -v q

passed=0; failed=0; skipped=0; status=0
results=$(mktemp -d)
for project in tests/*/*.csproj; do
  [[ $project == tests/TestSupport/* ]] && continue  # shared test doubles, not a test project
  name=$(basename "$project" .csproj)
  echo "== $name"
  set +e
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$results/$name.log"
  rc=${PIPESTATUS[0]}
  set -e
  [[ $rc -ne 0 ]] && status=1
  line=$(grep -E '(Passed|Failed)!' "$results/$name.log" | tail -1 || true)
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line"); s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
  if [[ -z "$line" ]]; then echo "test.sh: $name ran no test or did not finish"; status=1; fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
if ((skipped > 0)); then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit $status
