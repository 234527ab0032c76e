# Runs the single-resource rules under data.rules against every resource of their type, the way regula's engine
# does: `allow` must be true, a boolean `deny` false, a `deny` set empty. Multi-resource rules give their own policy.
package regula

single_rules[name] {
	data.rules[name].resource_type != "MULTIPLE"
}

judgements[j] {
	single_rules[name]
	resource := input.resources[id]
	resource._type == data.rules[name].resource_type
	rule := data.rules[name] with input as resource
	j := {"rule": name, "id": id, "valid": verdict(rule)}
}

judgements[j] {
	data.rules[name].resource_type == "MULTIPLE"
	p := data.rules[name].policy[_]
	j := {"rule": name, "id": p.id, "valid": p.valid}
}

verdict(rule) = false {
	rule.deny == true
} else = false {
	is_set(rule.deny)
	count(rule.deny) > 0
} else = true {
	is_boolean(rule.deny)
} else = true {
	is_set(rule.deny)
} else = allowed {
	allowed := rule.allow
}

failures[[name, id]] {
	judgements[j]
	not j.valid
	name := j.rule
	id := j.id
}
