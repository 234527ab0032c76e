# Admission: checks the desired fleet of a commit before anything is planned.
# input.fleet.pools[_] has the fields of pools/*.yaml (name, file, labels, software, replicas, network, storage, ...).
package fleet.admission

import rego.v1

validator(pool) if pool.labels.role == "validator"

# 1. Disks are encrypted everywhere.
deny contains {"msg": sprintf("storage must be encrypted (%s)", [pool.file]), "pool": pool.name, "severity": "high"} if {
	some pool in input.fleet.pools
	not pool.storage.encrypted
}

# 2. Engine API, RPC, beacon API, metrics and Kubo's API are never public.
deny contains {"msg": sprintf("port %d must never be in publicIngress", [port]), "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	some port in pool.network.publicIngress
	port in data.ports.private
}

# 3. Validator pools expose only peer-to-peer ports.
deny contains {"msg": sprintf("validator pools expose only p2p ports, not %d", [port]), "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	validator(pool)
	some port in pool.network.publicIngress
	not port in data.ports.p2p
}

# 4. Validators never scale and are never replaced automatically (a key signing twice is slashed).
deny contains {"msg": "validator pools need replicas.min == replicas.max", "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	validator(pool)
	pool.replicas.min != pool.replicas.max
}

deny contains {"msg": "validator pools must not have a scaling script", "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	validator(pool)
	pool.scaling != null
}

deny contains {"msg": "validator pools need replacement: manual", "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	validator(pool)
	pool.replacement != "manual"
}

# 5. Only approved, exact client versions.
deny contains {"msg": sprintf("%s %s is not an approved version (approved: %v)", [sw.name, sw.version, approved]), "pool": pool.name, "severity": "high"} if {
	some pool in input.fleet.pools
	some sw in software(pool)
	approved := object.get(data.approved.clients, sw.name, [])
	not sw.version in approved
}

software(pool) := [pool.software, pool.software.consensus] if pool.software.consensus
software(pool) := [pool.software] if not pool.software.consensus

# 6. SSH is never public.
deny contains {"msg": "ssh must not be public", "pool": pool.name, "severity": "critical"} if {
	some pool in input.fleet.pools
	pool.network.ssh == "public"
}

# 7. Production pools keep a warm spare (validators excepted: they run exactly what they must).
warn contains {"msg": sprintf("production pool runs with replicas.min %d; keep at least 2", [pool.replicas.min]), "pool": pool.name, "severity": "medium"} if {
	some pool in input.fleet.pools
	pool.labels.env == "prod"
	not validator(pool)
	pool.replicas.min < 2
}
