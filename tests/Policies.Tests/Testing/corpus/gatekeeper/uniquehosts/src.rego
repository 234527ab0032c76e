# No two Ingresses serve the same host, across namespaces. The objects already in the cluster come from
# Gatekeeper's replicated inventory: data.inventory.namespace[ns][apiVersion][kind][name].
package k8suniquehosts

identical(obj, review) {
	obj.metadata.namespace == review.object.metadata.namespace
	obj.metadata.name == review.object.metadata.name
}

hosts(ingress) = {host | host := ingress.spec.rules[_].host}

violation[{"msg": msg, "details": {"host": host, "conflict": conflict}}] {
	input.review.kind.kind == "Ingress"
	re_match("^(extensions|networking.k8s.io)$", input.review.kind.group)
	host := hosts(input.review.object)[_]
	other := data.inventory.namespace[_][api]["Ingress"][_]
	re_match("^(extensions|networking.k8s.io)/.+$", api)
	not identical(other, input.review)
	hosts(other)[host]
	conflict := sprintf("%v/%v", [other.metadata.namespace, other.metadata.name])
	msg := sprintf("ingress host conflicts with an existing ingress <%v>", [host])
}

# Two rules of the same Ingress naming one host is a mistake too, caught before the cluster sees it.
violation[{"msg": msg}] {
	input.review.kind.kind == "Ingress"
	rules := input.review.object.spec.rules
	some i, j
	i < j
	rules[i].host == rules[j].host
	msg := sprintf("host <%v> appears in rules %v and %v", [rules[i].host, i, j])
}
