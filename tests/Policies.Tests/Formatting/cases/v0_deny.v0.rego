package k8s

import future.keywords.in

deny[msg] {
  some c in input.containers
  msg := sprintf("%v", [c])
}

allow = true { input.ok }
