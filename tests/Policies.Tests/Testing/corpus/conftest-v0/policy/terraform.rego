# Checks of `terraform show -json plan.out`, in conftest's package main with deny and warn sets.
package main

import future.keywords.in

taggable := {"aws_instance", "aws_s3_bucket", "aws_db_instance", "aws_ebs_volume"}

required_tags := ["owner", "cost-center"]

# Resources this plan creates or updates; deletions and no-ops have no "after" worth checking.
changed[r] {
	r := input.resource_changes[_]
	r.mode == "managed"
	action := r.change.actions[_]
	action in ["create", "update"]
}

deny[msg] {
	r := changed[_]
	r.type in taggable
	tags := object.get(r.change.after, "tags", {})
	missing := [t | t := required_tags[_]; not tags[t]]
	count(missing) > 0
	msg := sprintf("%s is missing required tags: %s", [r.address, concat(", ", missing)])
}

deny[msg] {
	r := changed[_]
	r.type == "aws_security_group_rule"
	r.change.after.type == "ingress"
	r.change.after.cidr_blocks[_] == "0.0.0.0/0"
	port_in_range(22, r.change.after)
	msg := sprintf("%s opens SSH to the internet", [r.address])
}

deny[msg] {
	r := input.resource_changes[_]
	r.type == "aws_db_instance"
	r.change.actions[_] == "delete"
	r.change.before.deletion_protection
	msg := sprintf("%s is protected from deletion but the plan deletes it", [r.address])
}

deny[msg] {
	r := changed[_]
	r.type == "aws_ebs_volume"
	not r.change.after.encrypted
	msg := sprintf("%s must be encrypted", [r.address])
}

warn[msg] {
	r := changed[_]
	r.type == "aws_instance"
	not startswith(r.change.after.instance_type, "t3.")
	not startswith(r.change.after.instance_type, "m6i.")
	msg := sprintf("%s uses instance type %s outside the usual families", [r.address, r.change.after.instance_type])
}

# Replacement shows as ["delete", "create"] (or the reverse with create_before_destroy).
warn[msg] {
	r := input.resource_changes[_]
	"delete" in r.change.actions
	"create" in r.change.actions
	msg := sprintf("%s will be replaced", [r.address])
}

port_in_range(port, rule) {
	rule.from_port <= port
	port <= rule.to_port
}
