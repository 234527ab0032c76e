package fleet.admission_test

import rego.v1

import data.fleet.admission

pool(overrides) := object.union({
	"name": "rpc", "file": "pools/rpc.yaml", "labels": {"role": "rpc", "env": "prod"},
	"software": {"name": "geth", "version": "1.16.7"},
	"replicas": {"min": 2, "max": 4, "desired": 2}, "scaling": null,
	"network": {"publicIngress": [30303], "ssh": "private"},
	"storage": {"sizeGiB": 1024, "encrypted": true}, "replacement": "auto",
}, overrides)

fleet(pools) := {"fleet": {"name": "t", "pools": pools}}

messages(set) := {d.msg | some d in set}

test_compliant_pool_is_allowed if {
	count(admission.deny) == 0 with input as fleet([pool({})])
}

test_unencrypted_storage_is_denied if {
	some d in admission.deny with input as fleet([pool({"storage": {"sizeGiB": 10, "encrypted": false}})])
	startswith(d.msg, "storage must be encrypted")
}

test_engine_api_in_public_ingress_is_denied if {
	"port 8551 must never be in publicIngress" in messages(admission.deny) with input as fleet([pool({"network": {"publicIngress": [8551], "ssh": "private"}})])
}

test_validator_with_rpc_port_is_denied if {
	v := pool({"labels": {"role": "validator"}, "replicas": {"min": 1, "max": 1, "desired": 1}, "replacement": "manual", "network": {"publicIngress": [443], "ssh": "private"}})
	"validator pools expose only p2p ports, not 443" in messages(admission.deny) with input as fleet([v])
}

test_validator_that_scales_is_denied if {
	v := pool({"labels": {"role": "validator"}, "replicas": {"min": 1, "max": 3, "desired": 1}, "replacement": "manual"})
	"validator pools need replicas.min == replicas.max" in messages(admission.deny) with input as fleet([v])
}

test_unapproved_version_is_denied if {
	some d in admission.deny with input as fleet([pool({"software": {"name": "geth", "version": "latest"}})])
	contains(d.msg, "geth latest is not an approved version")
}

test_unapproved_consensus_client_is_denied if {
	some d in admission.deny with input as fleet([pool({"software": {"name": "geth", "version": "1.16.7", "consensus": {"name": "lighthouse", "version": "v7.0.0"}}})])
	contains(d.msg, "lighthouse v7.0.0")
}

test_public_ssh_is_denied if {
	"ssh must not be public" in messages(admission.deny) with input as fleet([pool({"network": {"publicIngress": [], "ssh": "public"}})])
}

test_single_replica_prod_pool_warns if {
	count(admission.warn) == 1 with input as fleet([pool({"replicas": {"min": 1, "max": 2, "desired": 1}})])
	count(admission.deny) == 0 with input as fleet([pool({"replicas": {"min": 1, "max": 2, "desired": 1}})])
}
