package user.aws.s3.corp0001_test

import data.user.aws.s3.corp0001 as check

wrapped(v, line) := {"value": v, "filepath": "s3.tf", "startline": line}

bucket(enabled, key, classification) := {
	"name": wrapped("b", 1),
	"encryption": {"enabled": wrapped(enabled, 3), "kmskeyid": wrapped(key, 4)},
	"tags": {"classification": wrapped(classification, 9)},
}

test_unencrypted_bucket_is_reported_with_the_checks_metadata if {
	res := check.deny with input as {"aws": {"s3": {"buckets": [bucket(false, "", "public")]}}}
	res == {{
		"msg": "Bucket does not have encryption enabled", "id": "CORP-AWS-0001", "severity": "HIGH",
		"title": "S3 bucket encryption at rest", "location": {"file": "s3.tf", "line": 3},
	}}
}

test_encrypted_bucket_passes if {
	count(check.deny) == 0 with input as {"aws": {"s3": {"buckets": [bucket(true, "", "public")]}}}
}

test_confidential_bucket_needs_its_own_key if {
	some res in check.deny with input as {"aws": {"s3": {"buckets": [bucket(true, "", "confidential")]}}}
	res.location.line == 4
	count(check.deny) == 0 with input as {"aws": {"s3": {"buckets": [bucket(true, "arn:aws:kms:eu-west-1:1:key/k", "confidential")]}}}
}

test_unadapted_input_still_checked if {
	count(check.deny) == 1 with input as {"aws": {"s3": {"buckets": [{"encryption": {"enabled": false}}]}}}
}

test_chain_of_an_unannotated_rule_is_the_rule_alone if {
	rego.metadata.chain() == [{"path": ["user", "aws", "s3", "corp0001_test", "test_chain_of_an_unannotated_rule_is_the_rule_alone"]}]
}
