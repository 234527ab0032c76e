package tests.rules.multi

import data.regula
import data.rules.tf_aws_cloudtrail_multi_region as cloudtrail
import data.rules.tf_aws_s3_bucket_public_access_block as public_access

all_blocked := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

mock_input = {"resources": {
	"aws_s3_bucket.logs": {"id": "aws_s3_bucket.logs", "_type": "aws_s3_bucket", "bucket": "corp-logs", "versioning": [{"enabled": true}]},
	"aws_s3_bucket.site": {"id": "aws_s3_bucket.site", "_type": "aws_s3_bucket", "bucket": "corp-site"},
	"aws_s3_bucket_public_access_block.logs": object.union(all_blocked, {"id": "aws_s3_bucket_public_access_block.logs", "_type": "aws_s3_bucket_public_access_block", "bucket": "aws_s3_bucket.logs"}),
	"aws_s3_bucket_public_access_block.site": object.union(all_blocked, {"id": "aws_s3_bucket_public_access_block.site", "_type": "aws_s3_bucket_public_access_block", "bucket": "corp-site", "restrict_public_buckets": false}),
	"aws_cloudtrail.main": {"id": "aws_cloudtrail.main", "_type": "aws_cloudtrail", "is_multi_region_trail": false},
	"aws_cloudtrail.org": {"id": "aws_cloudtrail.org", "_type": "aws_cloudtrail", "is_multi_region_trail": true},
	"aws_ebs_volume.scratch": {"id": "aws_ebs_volume.scratch", "_type": "aws_ebs_volume", "encrypted": false},
}}

valid_by_id(policy) = {p.id: p.valid | p := policy[_]}

test_public_access_per_bucket {
	pol := public_access.policy with input as mock_input
	valid_by_id(pol) == {"aws_s3_bucket.logs": true, "aws_s3_bucket.site": false}
	pol[{"valid": false, "id": "aws_s3_bucket.site", "type": "aws_s3_bucket", "message": "bucket corp-site can be made public"}]
}

test_one_multi_region_trail_allows_all {
	pol := cloudtrail.policy with input as mock_input
	valid_by_id(pol) == {"aws_cloudtrail.main": true, "aws_cloudtrail.org": true}
}

test_no_multi_region_trail_denies_each {
	inp := json.remove(mock_input, ["resources/aws_cloudtrail.org"])
	pol := cloudtrail.policy with input as inp
	valid_by_id(pol) == {"aws_cloudtrail.main": false}
}

test_missing_trail_reported {
	pol := cloudtrail.policy with input as {"resources": {}}
	pol == {{"valid": false, "id": "", "type": "aws_cloudtrail", "message": "no CloudTrail trail is defined"}}
}

test_runner_judges_every_rule {
	regula.failures == {
		["tf_aws_ebs_volume_encrypted", "aws_ebs_volume.scratch"],
		["tf_aws_s3_bucket_versioning", "aws_s3_bucket.site"],
		["tf_aws_s3_bucket_public_access_block", "aws_s3_bucket.site"],
	} with input as mock_input
	count(regula.judgements) == 7 with input as mock_input
}
