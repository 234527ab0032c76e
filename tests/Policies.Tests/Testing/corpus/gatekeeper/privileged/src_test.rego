package k8snoprivilege

safe = {"allowPrivilegeEscalation": false}

review(spec) = {"review": {"object": {"spec": spec}}}

test_safe_pod {
	count(violation) == 0 with input as review({"containers": [{"name": "a", "image": "x", "securityContext": safe}]})
}

test_privileged_container {
	inp := review({"containers": [{"name": "a", "image": "x", "securityContext": {"privileged": true, "allowPrivilegeEscalation": false}}]})
	violation[{"msg": "privileged container is not allowed: a", "details": {"container": "a"}}] with input as inp
	count(violation) == 1 with input as inp
}

test_escalation_unset_is_denied {
	inp := review({"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y", "securityContext": {}}]})
	msgs := {m | violation[v] with input as inp; m := v.msg}
	msgs == {"container a must set allowPrivilegeEscalation: false", "container b must set allowPrivilegeEscalation: false"}
}

test_host_namespaces_listed_in_order {
	inp := review({"hostNetwork": true, "hostPID": true, "hostIPC": false, "containers": []})
	violation[{"msg": "pod shares the node's namespaces: hostPID, hostNetwork"}] with input as inp
}

test_exempt_privileged_image {
	inp := object.union(review({"containers": [{"name": "csi", "image": "registry.corp/csi-node:2", "securityContext": {"privileged": true}}]}), {"parameters": {"exemptImages": ["registry.corp/csi-*"]}})
	count(violation) == 0 with input as inp
}
