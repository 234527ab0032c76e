package k8s

import rego.v1

deny contains msg if {
	some c in input.containers
	msg := sprintf("%v", [c])
}

allow := true if input.ok
