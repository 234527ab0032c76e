# Guardrails a platform team adds beside the sample admission and plan policies, over the same input:
# input.fleet (the desired fleet as written in Git), input.observed and input.plan at the plan stage.
package fleet.guardrails

# Pools stay in the regions the team has contracts for.
deny contains {"msg": sprintf("%s: region %s is not approved for %s", [pool.file, pool.region, pool.provider]), "pool": pool.name, "severity": "high"} if {
	some pool in input.fleet.pools
	not pool.region in object.get(data.limits.regions, pool.provider, [])
}

# Machine images are pinned: a floating tag lets a rebuild change what a node runs.
deny contains {"msg": sprintf("%s: machine image %s floats; pin a version", [pool.file, pool.machine.image]), "pool": pool.name, "severity": "medium"} if {
	some pool in input.fleet.pools
	floating(pool.machine.image)
}

floating(image) if endswith(image, ":latest")

floating(image) if not contains(image, ":")

# The fleet as a whole fits the budget.
deny contains {"msg": sprintf("the fleet asks for up to %d nodes, over the limit of %d", [total, data.limits.maxNodes]), "severity": "high"} if {
	total := sum([pool.replicas.max | some pool in input.fleet.pools])
	total > data.limits.maxNodes
}

# Pruning with a high delete ceiling turns one bad commit into an outage.
deny contains {"msg": sprintf("reconcile.prune with maxDeletePercent %d; keep it at 50 or below", [input.fleet.reconcile.maxDeletePercent]), "severity": "high"} if {
	input.fleet.reconcile.prune
	input.fleet.reconcile.maxDeletePercent > 50
}

# No update moves a node's client backwards: a downgrade can corrupt the database it left behind.
deny contains {"msg": sprintf("%s would go from %s %s back to %s", [a.node, n.software.name, n.software.version, a.software.version]), "pool": a.pool, "severity": "critical"} if {
	some a in input.plan.actions
	a.kind == "update"
	some n in input.observed
	n.name == a.node
	n.software.name == a.software.name
	semver.is_valid(trim_prefix(a.software.version, "v"))
	semver.compare(trim_prefix(a.software.version, "v"), trim_prefix(n.software.version, "v")) < 0
}

# Drift is healed by the next run; say which fields so the owner can see who edits nodes by hand.
warn contains {"msg": sprintf("%s drifted: %s", [node, concat(", ", sort(fields))]), "pool": pool, "severity": "low"} if {
	some d in input.plan.drift
	node := d.node
	pool := d.pool
	fields := {f.field | some f in input.plan.drift; f.node == node}
}
