package k8sownerlabels

review(labels) = r {
	r := {"kind": {"kind": "Namespace"}, "object": {"metadata": {"name": "payments", "labels": labels}}}
}

params = {"required": ["team", "cost-center"], "allowed": {"env": ["dev", "prod"]}}

test_all_labels_present {
	input := {"review": review({"team": "core", "cost-center": "cc-12", "env": "prod"}), "parameters": params}
	results := violation with input as input
	count(results) == 0
}

test_missing_labels_listed_in_details {
	input := {"review": review({"team": "core"}), "parameters": params}
	results := violation with input as input
	count(results) == 1
	results[r]
	r.details.missing_labels == {"cost-center"}
	r.msg == "Namespace payments lacks the labels [\"cost-center\"]"
}

test_no_labels_at_all {
	inp := {"review": {"kind": {"kind": "Namespace"}, "object": {"metadata": {"name": "bare"}}}, "parameters": params}
	results := violation with input as inp
	results[{"msg": "Namespace bare lacks the labels [\"cost-center\", \"team\"]", "details": {"missing_labels": {"team", "cost-center"}}}]
}

test_value_outside_allowed_list {
	input := {"review": review({"team": "core", "cost-center": "cc-12", "env": "staging"}), "parameters": params}
	results := violation with input as input
	count(results) == 1
	results[r]
	r.details == {"label": "env", "value": "staging"}
	contains(r.msg, "allowed: dev, prod")
}

test_empty_required_label {
	input := {"review": review({"team": "", "cost-center": "cc-12"}), "parameters": params}
	violation[{"msg": "Namespace payments has an empty team label"}] with input as input
}

test_without_kind_uses_default_prefix {
	inp := {"review": {"object": {"metadata": {"labels": {}}}}, "parameters": {"required": ["team"]}}
	violation[v] with input as inp
	startswith(v.msg, "object lacks")
}
