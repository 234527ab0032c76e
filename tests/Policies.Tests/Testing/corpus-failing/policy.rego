# A conftest-style check with tests that are wrong on purpose: `policy test` must name them, not pass them.
package main

deny[msg] {
	block := input.resource_changes[_]
	block.type == "aws_s3_bucket_public_access_block"
	not block.change.after.block_public_acls
	msg := sprintf("%v: block_public_acls must be true", [block.address])
}

owner = v {
	v := input.tags[_]
}
