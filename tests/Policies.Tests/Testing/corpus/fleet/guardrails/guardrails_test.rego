package fleet.guardrails_test

import data.fleet.guardrails

pool(overrides) := object.union({
	"name": "rpc", "file": "pools/rpc.yaml", "labels": {"role": "rpc"},
	"provider": "hetzner", "region": "fsn1",
	"machine": {"size": "ccx33", "image": "ubuntu-24.04:20250101"},
	"software": {"name": "geth", "version": "1.16.7"},
	"replicas": {"min": 2, "max": 4, "desired": 2},
}, overrides)

fleet(pools) := {"fleet": {"name": "t", "reconcile": {"mode": "auto", "prune": true, "maxDeletePercent": 25}, "pools": pools}}

messages(findings) := {f.msg | some f in findings}

test_compliant_fleet_passes if {
	count(guardrails.deny) == 0 with input as fleet([pool({}), pool({"name": "archive", "provider": "aws", "region": "eu-west-1"})])
}

test_unapproved_region_is_denied if {
	"pools/rpc.yaml: region ash is not approved for hetzner" in messages(guardrails.deny) with input as fleet([pool({"region": "ash"})])
}

test_unknown_provider_has_no_regions if {
	count(guardrails.deny) == 1 with input as fleet([pool({"provider": "ovh", "region": "gra"})])
}

test_floating_images_are_denied if {
	deny := guardrails.deny with input as fleet([pool({"machine": {"size": "s", "image": "ubuntu:latest"}}), pool({"name": "b", "file": "pools/b.yaml", "machine": {"size": "s", "image": "debian"}})])
	messages(deny) == {"pools/rpc.yaml: machine image ubuntu:latest floats; pin a version", "pools/b.yaml: machine image debian floats; pin a version"}
}

test_fleet_over_node_budget_is_denied if {
	big := pool({"replicas": {"min": 2, "max": 8, "desired": 2}})
	"the fleet asks for up to 12 nodes, over the limit of 11" in messages(guardrails.deny) with input as fleet([big, pool({"name": "b"})]) with data.limits.maxNodes as 11
	count(guardrails.deny) == 0 with input as fleet([big, pool({"name": "b"})])
}

test_aggressive_prune_is_denied if {
	inp := json.patch(fleet([pool({})]), [{"op": "replace", "path": "/fleet/reconcile/maxDeletePercent", "value": 80}])
	some d in guardrails.deny with input as inp
	d.severity == "high"
	contains(d.msg, "maxDeletePercent 80")
}

plan_input(observed_version, desired_version) := object.union(fleet([pool({})]), {
	"observed": [{"pool": "rpc", "name": "rpc-0", "state": "running", "software": {"name": "geth", "version": observed_version}}],
	"plan": {"actions": [{"kind": "update", "pool": "rpc", "node": "rpc-0", "software": {"name": "geth", "version": desired_version}}], "drift": []},
})

test_downgrade_is_denied if {
	some d in guardrails.deny with input as plan_input("v1.16.7", "v1.15.11")
	d == {"msg": "rpc-0 would go from geth v1.16.7 back to v1.15.11", "pool": "rpc", "severity": "critical"}
}

test_upgrade_is_allowed if {
	count(guardrails.deny) == 0 with input as plan_input("1.16.7", "1.16.8")
}

test_drift_warns_once_per_node if {
	inp := object.union(fleet([pool({})]), {"plan": {"actions": [], "drift": [
		{"kind": "changed", "pool": "rpc", "node": "rpc-1", "field": "software.version"},
		{"kind": "changed", "pool": "rpc", "node": "rpc-1", "field": "machine.size"},
	]}})
	guardrails.warn == {{"msg": "rpc-1 drifted: machine.size, software.version", "pool": "rpc", "severity": "low"}} with input as inp
}
