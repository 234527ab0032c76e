# Every object names its owning team and cost centre; parameters.allowed restricts a label's values.
package k8sownerlabels

default message_prefix = "object"

message_prefix = prefix {
	prefix := sprintf("%v %v", [input.review.kind.kind, input.review.object.metadata.name])
}

labels := object.get(input.review.object.metadata, "labels", {})

violation[{"msg": msg, "details": {"missing_labels": missing}}] {
	present := {key | labels[key]}
	wanted := {key | key := input.parameters.required[_]}
	missing := wanted - present
	count(missing) > 0
	msg := sprintf("%v lacks the labels %v", [message_prefix, sort(missing)])
}

violation[{"msg": msg, "details": {"label": key, "value": value}}] {
	some key
	value := labels[key]
	allowed := input.parameters.allowed[key]
	not value_allowed(value, allowed)
	msg := sprintf("%v has %v=%v, allowed: %v", [message_prefix, key, value, concat(", ", allowed)])
}

value_allowed(value, allowed) {
	allowed[_] == value
}

# An empty value is as good as none: a label that exists only to please the check says nothing.
violation[{"msg": msg}] {
	labels[key] == ""
	input.parameters.required[_] == key
	msg := sprintf("%v has an empty %v label", [message_prefix, key])
}
