package main

import future.keywords.in

rc(address, type, actions, before, after) = {
	"address": address, "mode": "managed", "type": type, "name": split(address, ".")[1],
	"change": {"actions": actions, "before": before, "after": after},
}

good_tags := {"owner": "platform", "cost-center": "cc-7"}

empty(value) {
	count(value) == 0
}

no_violations {
	empty(deny)
}

test_tagged_instance_passes {
	no_violations with input as {"resource_changes": [rc("aws_instance.web", "aws_instance", ["create"], null, {"instance_type": "t3.small", "tags": good_tags})]}
}

test_missing_tags_denied {
	deny["aws_s3_bucket.logs is missing required tags: cost-center"] with input as {"resource_changes": [rc("aws_s3_bucket.logs", "aws_s3_bucket", ["create"], null, {"tags": {"owner": "x"}})]}
}

test_no_tags_at_all_lists_both {
	deny[msg] with input as {"resource_changes": [rc("aws_instance.a", "aws_instance", ["update"], {}, {"instance_type": "t3.micro"})]}
	msg == "aws_instance.a is missing required tags: owner, cost-center"
}

test_untaggable_resource_is_ignored {
	no_violations with input as {"resource_changes": [rc("aws_iam_role.r", "aws_iam_role", ["create"], null, {"name": "r"})]}
}

test_ssh_open_to_world_denied {
	rule := {"type": "ingress", "from_port": 0, "to_port": 1024, "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}
	deny["aws_security_group_rule.ssh opens SSH to the internet"] with input as {"resource_changes": [rc("aws_security_group_rule.ssh", "aws_security_group_rule", ["create"], null, rule)]}
}

test_https_open_to_world_allowed {
	rule := {"type": "ingress", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
	no_violations with input as {"resource_changes": [rc("aws_security_group_rule.https", "aws_security_group_rule", ["create"], null, rule)]}
}

test_deleting_protected_database_denied {
	before := {"deletion_protection": true, "tags": good_tags}
	count(deny) == 1 with input as {"resource_changes": [rc("aws_db_instance.main", "aws_db_instance", ["delete"], before, null)]}
}

test_unencrypted_volume_denied {
	deny["aws_ebs_volume.data must be encrypted"] with input as {"resource_changes": [rc("aws_ebs_volume.data", "aws_ebs_volume", ["create"], null, {"tags": good_tags, "encrypted": false})]}
}

test_odd_instance_type_warns_only {
	inp := {"resource_changes": [rc("aws_instance.gpu", "aws_instance", ["create"], null, {"instance_type": "p4d.24xlarge", "tags": good_tags})]}
	no_violations with input as inp
	warn["aws_instance.gpu uses instance type p4d.24xlarge outside the usual families"] with input as inp
}

test_replacement_warns {
	inp := {"resource_changes": [rc("aws_instance.web", "aws_instance", ["delete", "create"], {}, {"instance_type": "t3.small", "tags": good_tags})]}
	warn["aws_instance.web will be replaced"] with input as inp
	count(warn) == 1 with input as inp
}

test_data_sources_are_skipped {
	r := object.union(rc("aws_ebs_volume.x", "aws_ebs_volume", ["create"], null, {}), {"mode": "data"})
	no_violations with input as {"resource_changes": [r]}
}
