package fleet.plan_test

import rego.v1

import data.fleet.plan

base := {
	"fleet": {"name": "t", "pools": [
		{"name": "rpc", "labels": {"role": "rpc"}},
		{"name": "validator", "labels": {"role": "validator"}},
	]},
	"observed": [
		{"name": "rpc-0", "pool": "rpc", "state": "running"},
		{"name": "rpc-1", "pool": "rpc", "state": "running"},
		{"name": "rpc-2", "pool": "rpc", "state": "running"},
		{"name": "rpc-3", "pool": "rpc", "state": "running"},
		{"name": "validator-0", "pool": "validator", "state": "running"},
	],
}

with_actions(actions) := object.union(base, {"plan": {"actions": actions}})

test_scale_in_by_half_is_allowed if {
	count(plan.deny) == 0 with input as with_actions([
		{"kind": "delete", "pool": "rpc", "node": "rpc-3"},
		{"kind": "delete", "pool": "rpc", "node": "rpc-2"},
	])
}

test_deleting_most_of_a_pool_is_denied if {
	some d in plan.deny with input as with_actions([
		{"kind": "delete", "pool": "rpc", "node": "rpc-3"},
		{"kind": "delete", "pool": "rpc", "node": "rpc-2"},
		{"kind": "delete", "pool": "rpc", "node": "rpc-1"},
	])
	d.msg == "this run would delete 3 of 4 running nodes"
}

test_validator_update_is_denied if {
	some d in plan.deny with input as with_actions([{"kind": "update", "pool": "validator", "node": "validator-0"}])
	d.severity == "critical"
}

test_validator_replace_waiting_for_approval_is_left_to_the_approver if {
	count(plan.deny) == 0 with input as object.union(base, {"plan": {"waitsForApproval": true, "actions": [{"kind": "replace", "pool": "validator", "node": "validator-0"}]}})
}

test_replacing_a_dead_rpc_node_warns_only if {
	count(plan.deny) == 0 with input as with_actions([{"kind": "replace", "pool": "rpc", "node": "rpc-1"}])
	count(plan.warn) == 1 with input as with_actions([{"kind": "replace", "pool": "rpc", "node": "rpc-1"}])
}
