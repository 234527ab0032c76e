package rules.tf_aws_s3_bucket_public_access_block

import data.fugue

__rego__metadoc__ := {
	"id": "CORPUS_R0005",
	"title": "Every S3 bucket has a public access block that blocks everything",
	"custom": {"severity": "High"},
}

resource_type = "MULTIPLE"

buckets = fugue.resources("aws_s3_bucket")

blocks = fugue.resources("aws_s3_bucket_public_access_block")

flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# Terraform's plan names the bucket either by id or by name; both count.
blocked(bucket) {
	block := blocks[_]
	block.bucket == {bucket.id, bucket.bucket}[_]
	count([f | f := flags[_]; block[f] == true]) == count(flags)
}

policy[j] {
	bucket := buckets[_]
	blocked(bucket)
	j := fugue.allow_resource(bucket)
}

policy[j] {
	bucket := buckets[_]
	not blocked(bucket)
	j := fugue.deny_resource_with_message(bucket, sprintf("bucket %v can be made public", [bucket.bucket]))
}
