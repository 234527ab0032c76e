# Checks of a Terraform plan for Google Cloud, written for conftest against OPA 1.x: Rego v1, deny and warn
# sets, conftest's `deny_<name>` prefix for a second namespace of findings.
package main

managed_changes contains r if {
	some r in input.resource_changes
	r.mode == "managed"
	not r.change.actions == ["no-op"]
	not r.change.actions == ["delete"]
}

changes_of(type) := [r | some r in managed_changes; r.type == type]

deny contains msg if {
	some bucket in changes_of("google_storage_bucket")
	not bucket.change.after.uniform_bucket_level_access
	msg := sprintf("%s: uniform bucket-level access must be on", [bucket.address])
}

deny contains msg if {
	some fw in changes_of("google_compute_firewall")
	fw.change.after.direction == "INGRESS"
	"0.0.0.0/0" in fw.change.after.source_ranges
	some allow in fw.change.after.allow
	some port in object.get(allow, "ports", ["all"])
	sensitive(port)
	msg := sprintf("%s: port %s is open to the internet", [fw.address, port])
}

sensitive(port) if port in {"all", "22", "3389", "5432"}

sensitive(port) if {
	contains(port, "-")
	[low, high] := [to_number(p) | some p in split(port, "-")]
	some s in [22, 3389, 5432]
	low <= s
	s <= high
}

deny_public_sql contains msg if {
	some db in changes_of("google_sql_database_instance")
	some ip in db.change.after.settings[0].ip_configuration
	ip.ipv4_enabled
	some network in ip.authorized_networks
	network.value == "0.0.0.0/0"
	msg := sprintf("%s: Cloud SQL reachable from any address", [db.address])
}

# Labels as GCP wants them: lower-case keys and values, both present.
deny contains msg if {
	some r in managed_changes
	r.type in {"google_storage_bucket", "google_compute_instance", "google_sql_database_instance"}
	labels := object.get(r.change.after, "labels", {})
	every key in ["team", "env"] {
		not labels[key]
	}
	msg := sprintf("%s has neither a team nor an env label", [r.address])
}

warn contains msg if {
	some r in managed_changes
	some key, value in object.get(r.change.after, "labels", {})
	lower(value) != value
	msg := sprintf("%s: label %s=%s is not lower case", [r.address, key, value])
}

warn contains msg if {
	some r in input.resource_changes
	r.change.actions == ["delete"]
	startswith(r.type, "google_storage_")
	msg := $"{r.address} will be deleted with its objects"
}
