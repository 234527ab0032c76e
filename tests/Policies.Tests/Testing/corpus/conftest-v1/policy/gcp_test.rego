package main

change(type, name, actions, after) := {
	"address": $"{type}.{name}", "mode": "managed", "type": type, "name": name,
	"change": {"actions": actions, "before": null, "after": after},
}

plan(changes) := {"resource_changes": changes}

labels := {"team": "data", "env": "prod"}

test_compliant_bucket if {
	b := change("google_storage_bucket", "lake", ["create"], {"uniform_bucket_level_access": true, "labels": labels})
	count(deny) == 0 with input as plan([b])
	count(warn) == 0 with input as plan([b])
}

test_bucket_without_uniform_access if {
	b := change("google_storage_bucket", "lake", ["update"], {"labels": labels})
	deny == {"google_storage_bucket.lake: uniform bucket-level access must be on"} with input as plan([b])
}

test_unchanged_bucket_is_not_checked if {
	b := change("google_storage_bucket", "old", ["no-op"], {})
	count(deny) == 0 with input as plan([b])
}

test_firewall_open_ssh_and_range if {
	fw := change("google_compute_firewall", "fw", ["create"], {
		"direction": "INGRESS", "source_ranges": ["0.0.0.0/0"],
		"allow": [{"protocol": "tcp", "ports": ["22", "443"]}, {"protocol": "tcp", "ports": ["5000-6000"]}],
	})
	deny == {
		"google_compute_firewall.fw: port 22 is open to the internet",
		"google_compute_firewall.fw: port 5000-6000 is open to the internet",
	} with input as plan([fw])
}

test_firewall_without_ports_means_all if {
	fw := change("google_compute_firewall", "any", ["create"], {"direction": "INGRESS", "source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "icmp"}]})
	"google_compute_firewall.any: port all is open to the internet" in deny with input as plan([fw])
}

test_internal_firewall_allowed if {
	fw := change("google_compute_firewall", "int", ["create"], {"direction": "INGRESS", "source_ranges": ["10.0.0.0/8"], "allow": [{"protocol": "tcp", "ports": ["22"]}]})
	count(deny) == 0 with input as plan([fw])
}

test_public_sql_in_its_own_namespace if {
	db := change("google_sql_database_instance", "main", ["create"], {"labels": labels, "settings": [{"ip_configuration": [{"ipv4_enabled": true, "authorized_networks": [{"name": "all", "value": "0.0.0.0/0"}]}]}]})
	deny_public_sql == {"google_sql_database_instance.main: Cloud SQL reachable from any address"} with input as plan([db])
	count(deny) == 0 with input as plan([db])
}

test_unlabelled_instance_denied if {
	vm := change("google_compute_instance", "vm", ["create"], {})
	deny == {"google_compute_instance.vm has neither a team nor an env label"} with input as plan([vm])
}

test_upper_case_label_warns if {
	vm := change("google_compute_instance", "vm", ["create"], {"labels": {"team": "Data"}})
	warn == {"google_compute_instance.vm: label team=Data is not lower case"} with input as plan([vm])
	count(deny) == 0 with input as plan([vm])
}

test_bucket_deletion_warns if {
	b := change("google_storage_bucket", "tmp", ["delete"], null)
	warn == {"google_storage_bucket.tmp will be deleted with its objects"} with input as plan([b])
}
