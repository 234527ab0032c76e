# Containers declare what they need: a CPU request and a memory limit, the limit within parameters.maxMemory.
package k8sresourcebudget

import data.lib.exempt_images.pod_containers

violation[{"msg": msg}] {
	c := pod_containers[_]
	not c.resources.requests.cpu
	msg := sprintf("container <%v> has no cpu request", [c.name])
}

violation[{"msg": msg}] {
	c := pod_containers[_]
	not c.resources.limits.memory
	msg := sprintf("container <%v> has no memory limit", [c.name])
}

violation[{"msg": msg, "details": {"limit_bytes": limit, "max_bytes": ceiling}}] {
	c := pod_containers[_]
	limit := memory_bytes(c.resources.limits.memory)
	ceiling := memory_bytes(input.parameters.maxMemory)
	limit > ceiling
	msg := sprintf("container <%v> memory limit <%v> is higher than the maximum allowed of <%v>", [c.name, c.resources.limits.memory, input.parameters.maxMemory])
}

violation[{"msg": msg}] {
	c := pod_containers[_]
	request := cpu_millis(c.resources.requests.cpu)
	ceiling := cpu_millis(object.get(input.parameters, "maxCpu", "4"))
	request > ceiling
	msg := sprintf("container <%v> requests %vm cpu, more than %vm", [c.name, request, ceiling])
}

violation[{"msg": msg}] {
	c := pod_containers[_]
	q := c.resources.limits.memory
	not memory_bytes(q)
	msg := sprintf("container <%v> memory limit <%v> is not a quantity", [c.name, q])
}

# Kubernetes quantities: a bare number of bytes, or a binary or decimal suffix.
memory_bytes(q) = n {
	is_number(q)
	n := q
}

memory_bytes(q) = n {
	is_string(q)
	re_match(`^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$`, q)
	n := units.parse_bytes(q)
}

cpu_millis(q) = n {
	is_number(q)
	n := q * 1000
} else = n {
	endswith(q, "m")
	n := to_number(trim_suffix(q, "m"))
} else = n {
	n := to_number(q) * 1000
}
