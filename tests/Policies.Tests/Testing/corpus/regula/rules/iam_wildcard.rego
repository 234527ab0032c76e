package rules.tf_aws_iam_policy_no_wildcard

__rego__metadoc__ := {
	"id": "CORPUS_R0003",
	"title": "IAM policies grant no * action on * resource",
	"custom": {"severity": "High"},
}

resource_type = "aws_iam_policy"

statements[s] {
	doc := json.unmarshal(input.policy)
	s := as_array(doc.Statement)[_]
}

as_array(x) = x {
	is_array(x)
} else = [x] {
	true
}

deny[msg] {
	s := statements[_]
	s.Effect == "Allow"
	as_array(s.Action)[_] == "*"
	as_array(s.Resource)[_] == "*"
	msg := "a statement allows every action on every resource"
}
