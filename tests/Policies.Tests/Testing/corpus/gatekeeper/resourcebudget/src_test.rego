package k8sresourcebudget

container(name, resources) = {"name": name, "image": "registry.corp/app:1", "resources": resources}

review(containers, max_memory) = {"review": {"object": {"spec": {"containers": containers}}}, "parameters": {"maxMemory": max_memory, "maxCpu": "2"}}

test_within_budget {
	c := container("a", {"requests": {"cpu": "250m"}, "limits": {"memory": "512Mi"}})
	count(violation) == 0 with input as review([c], "1Gi")
}

test_missing_requests_and_limits {
	results := violation with input as review([container("a", {})], "1Gi")
	results == {{"msg": "container <a> has no cpu request"}, {"msg": "container <a> has no memory limit"}}
}

test_memory_over_maximum {
	c := container("big", {"requests": {"cpu": "1"}, "limits": {"memory": "2Gi"}})
	violation[v] with input as review([c], "1536Mi")
	v.details == {"limit_bytes": 2147483648, "max_bytes": 1610612736}
}

test_decimal_and_binary_units_compare {
	c := container("a", {"requests": {"cpu": "100m"}, "limits": {"memory": "1G"}})
	count(violation) == 0 with input as review([c], "1Gi")
	count(violation) == 1 with input as review([c], "900Mi")
}

test_cpu_over_maximum_in_cores {
	c := container("cruncher", {"requests": {"cpu": 3}, "limits": {"memory": 1024}})
	violation[{"msg": "container <cruncher> requests 3000m cpu, more than 2000m"}] with input as review([c], "1Gi")
}

test_garbage_memory_quantity {
	c := container("a", {"requests": {"cpu": "1"}, "limits": {"memory": "lots"}})
	violation[{"msg": "container <a> memory limit <lots> is not a quantity"}] with input as review([c], "1Gi")
}
