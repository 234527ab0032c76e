# METADATA
# title: S3 bucket encryption at rest
# description: Objects written to the bucket are encrypted with a key the account controls.
# scope: package
# related_resources:
# - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
# custom:
#   id: CORP-AWS-0001
#   provider: aws
#   service: s3
#   severity: HIGH
#   short_code: enable-bucket-encryption
#   recommended_action: Configure server-side encryption for the bucket.
#   input:
#     selector:
#     - type: cloud
#       subtypes:
#       - service: s3
#         provider: aws
package user.aws.s3.corp0001

import data.lib.finding

deny contains res if {
	some bucket in input.aws.s3.buckets
	not finding.value(bucket.encryption.enabled)
	res := finding.new("Bucket does not have encryption enabled", bucket.encryption.enabled, rego.metadata.chain())
}

# A customer-managed key is asked for on buckets that say they hold sensitive data.
deny contains res if {
	some bucket in input.aws.s3.buckets
	finding.value(bucket.encryption.enabled)
	finding.value(bucket.tags.classification) == "confidential"
	finding.value(bucket.encryption.kmskeyid) == ""
	res := finding.new("Confidential bucket is encrypted without a customer-managed key", bucket.encryption.kmskeyid, rego.metadata.chain())
}
