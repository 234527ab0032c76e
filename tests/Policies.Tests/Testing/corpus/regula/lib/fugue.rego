# Our own small version of the helpers regula's multi-resource rules import as data.fugue: input.resources maps
# ids to resources, each with _type; a rule's policy set holds one judgement per resource.
package fugue

resources(resource_type) = ret {
	ret := {id: r | r := input.resources[id]; r._type == resource_type}
}

judgement(resource, valid, msg) = ret {
	ret := {"valid": valid, "id": resource.id, "type": resource._type, "message": msg}
}

allow_resource(resource) = ret {
	ret := judgement(resource, true, "")
}

deny_resource(resource) = ret {
	ret := judgement(resource, false, "")
}

deny_resource_with_message(resource, msg) = ret {
	ret := judgement(resource, false, msg)
}

missing_resource_with_message(resource_type, msg) = ret {
	ret := {"valid": false, "id": "", "type": resource_type, "message": msg}
}
