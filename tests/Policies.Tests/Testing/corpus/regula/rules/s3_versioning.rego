package rules.tf_aws_s3_bucket_versioning

__rego__metadoc__ := {
	"id": "CORPUS_R0002",
	"title": "S3 buckets keep object versions",
	"custom": {"severity": "Medium"},
}

resource_type = "aws_s3_bucket"

default deny = false

# The inline versioning block is a list of at most one object, as Terraform's JSON has it.
deny {
	count(object.get(input, "versioning", [])) == 0
}

deny {
	input.versioning[_].enabled == false
}
