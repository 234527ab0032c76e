# No container runs privileged, may gain privileges, or shares the node's namespaces.
package k8snoprivilege

import data.lib.exempt_images.is_exempt
import data.lib.exempt_images.pod_containers

violation[{"msg": msg, "details": {"container": c.name}}] {
	c := pod_containers[_]
	not is_exempt(c)
	c.securityContext.privileged
	msg := sprintf("privileged container is not allowed: %v", [c.name])
}

violation[{"msg": msg, "details": {"container": c.name}}] {
	c := pod_containers[_]
	not is_exempt(c)
	may_escalate(c)
	msg := sprintf("container %v must set allowPrivilegeEscalation: false", [c.name])
}

violation[{"msg": msg}] {
	spec := input.review.object.spec
	shared := [name | field := ["hostPID", "hostIPC", "hostNetwork"][_]; spec[field] == true; name := field]
	count(shared) > 0
	msg := sprintf("pod shares the node's namespaces: %v", [concat(", ", shared)])
}

# Unset is as bad as true: Kubernetes defaults it to true.
may_escalate(c) {
	not has_key(c, "securityContext")
}

may_escalate(c) {
	not has_key(c.securityContext, "allowPrivilegeEscalation")
}

may_escalate(c) {
	c.securityContext.allowPrivilegeEscalation == true
}

has_key(obj, key) {
	_ = obj[key]
}
