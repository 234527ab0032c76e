package rules.tf_aws_cloudtrail_multi_region

import data.fugue

__rego__metadoc__ := {
	"id": "CORPUS_R0004",
	"title": "At least one CloudTrail trail covers all regions",
	"custom": {"severity": "Medium"},
}

resource_type = "MULTIPLE"

trails = fugue.resources("aws_cloudtrail")

multi_region[id] {
	trails[id].is_multi_region_trail == true
}

policy[j] {
	count(trails) == 0
	j := fugue.missing_resource_with_message("aws_cloudtrail", "no CloudTrail trail is defined")
}

policy[j] {
	trail := trails[id]
	count(multi_region) > 0
	j := fugue.allow_resource(trail)
}

policy[j] {
	trail := trails[_]
	count(multi_region) == 0
	j := fugue.deny_resource_with_message(trail, "no trail covers all regions")
}
