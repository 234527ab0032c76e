package main

plan(block_acls) = {"resource_changes": [{
	"address": "aws_s3_bucket_public_access_block.logs",
	"type": "aws_s3_bucket_public_access_block",
	"change": {"actions": ["create"], "after": {"block_public_acls": block_acls}},
}]}

test_private_bucket_passes {
	count(deny) == 0 with input as plan(true)
}

test_public_bucket_is_denied {
	deny["aws_s3_bucket_public_access_block.logs: block_public_acls must be true"] with input as plan(false)
}

# Wrong on purpose: the policy denies this bucket, so the test fails.
test_public_bucket_is_allowed {
	count(deny) == 0 with input as plan(false)
}

# Wrong on purpose: two tags give owner two values, so the test ends in a conflict error.
test_owner_is_the_only_tag {
	owner == "team-a" with input as {"tags": {"owner": "team-a", "env": "prod"}}
}
