# Plan stage: checks what a run is about to do.
package fleet.plan

import rego.v1

pool_named(name) := pool if {
	some pool in input.fleet.pools
	pool.name == name
}

live_nodes(pool) := count([n | some n in input.observed; n.pool == pool; n.state != "dead"])

# No run deletes more than half of a pool that stays in Git (a bad scaling script or a typo in replicas).
deny contains {"msg": sprintf("this run would delete %d of %d running nodes", [deleted, live]), "pool": name, "severity": "high"} if {
	some name in {a.pool | some a in input.plan.actions; a.kind == "delete"}
	pool_named(name)
	deleted := count([a | some a in input.plan.actions; a.kind == "delete"; a.pool == name])
	live := live_nodes(name)
	live > 2
	deleted * 2 > live
}

# A validator is never replaced or updated by a run on its own: a person confirms the old one is gone,
# by approving a plan that waits for approval (replacement: manual, reconcile.mode: manual).
deny contains {"msg": sprintf("validator node %s would be %sd automatically", [a.node, a.kind]), "pool": a.pool, "severity": "critical"} if {
	not input.plan.waitsForApproval
	some a in input.plan.actions
	a.kind in {"replace", "update"}
	pool := pool_named(a.pool)
	pool.labels.role == "validator"
	some n in input.observed
	n.name == a.node
}

warn contains sprintf("%d node(s) will be replaced after failing", [n]) if {
	n := count([a | some a in input.plan.actions; a.kind == "replace"])
	n > 0
}
