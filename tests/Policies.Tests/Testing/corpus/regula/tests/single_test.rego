package tests.rules.single

import data.rules.tf_aws_ebs_volume_encrypted as ebs
import data.rules.tf_aws_iam_policy_no_wildcard as iam
import data.rules.tf_aws_s3_bucket_versioning as versioning

test_encrypted_volume_allowed {
	ebs.allow with input as {"id": "aws_ebs_volume.data", "_type": "aws_ebs_volume", "encrypted": true}
}

test_unencrypted_volume_not_allowed {
	not ebs.allow with input as {"id": "aws_ebs_volume.data", "_type": "aws_ebs_volume", "encrypted": false}
	not ebs.allow with input as {"id": "aws_ebs_volume.data", "_type": "aws_ebs_volume"}
}

test_versioned_bucket_not_denied {
	not versioning.deny with input as {"_type": "aws_s3_bucket", "versioning": [{"enabled": true}]}
}

test_bucket_without_versioning_denied {
	versioning.deny with input as {"_type": "aws_s3_bucket", "versioning": []}
	versioning.deny with input as {"_type": "aws_s3_bucket"}
	versioning.deny with input as {"_type": "aws_s3_bucket", "versioning": [{"enabled": false}]}
}

policy_doc(statements) = json.marshal({"Version": "2012-10-17", "Statement": statements})

test_admin_policy_denied {
	doc := policy_doc([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
	iam.deny["a statement allows every action on every resource"] with input as {"_type": "aws_iam_policy", "policy": doc}
}

test_admin_policy_with_lists_denied {
	doc := policy_doc({"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["*"]})
	count(iam.deny) == 1 with input as {"_type": "aws_iam_policy", "policy": doc}
}

test_scoped_policy_and_explicit_deny_allowed {
	doc := policy_doc([
		{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*"},
		{"Effect": "Deny", "Action": "*", "Resource": "*"},
	])
	count(iam.deny) == 0 with input as {"_type": "aws_iam_policy", "policy": doc}
}
