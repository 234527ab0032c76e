# Sourced by the bench scripts: builds Release and commits the sample fleet without its Azure and Ansible pools
# (their providers talk to other machines and are timed elsewhere) to a fresh repository in a throw-away state home.
# Sets: bin (the gitopsfleet program), GITOPSFLEET_HOME (exported), repo (the fleet repository's path).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build src/Reconciler/App -c Release -nologo -v q >/dev/null
bin=src/Reconciler/App/bin/Release/net10.0/gitopsfleet
export GITOPSFLEET_HOME=$(mktemp -d)
repo=$GITOPSFLEET_HOME/fleet-repo
cp -r samples/fleet-repo "$repo"
rm -f "$repo/pools/eth-rpc-azure-westeu.yaml" "$repo/pools/bare-metal-archive.yaml"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -qm sample
