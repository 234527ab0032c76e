package rules.tf_aws_ebs_volume_encrypted

__rego__metadoc__ := {
	"id": "CORPUS_R0001",
	"title": "EBS volumes are encrypted",
	"description": "Volumes hold snapshots of whatever ran on them; encryption at rest is the default we expect.",
	"custom": {"severity": "High", "controls": {"CORPUS": ["CORPUS_1.1"]}},
}

resource_type = "aws_ebs_volume"

default allow = false

allow {
	input.encrypted == true
}
