package lib.finding_test

import data.lib.finding

chain := [
	{"path": ["user", "x", "deny"]},
	{"path": ["user", "x"], "annotations": {"scope": "package", "title": "X", "custom": {"id": "CORP-X-1", "severity": "LOW"}}},
]

test_new_takes_the_nearest_annotated_entry if {
	f := finding.new("m", {"value": 1, "filepath": "main.tf", "startline": 7}, chain)
	f == {"msg": "m", "id": "CORP-X-1", "severity": "LOW", "title": "X", "location": {"file": "main.tf", "line": 7}}
}

test_new_without_an_id_in_the_chain_is_undefined if {
	not finding.new("m", {}, [{"path": ["a"]}])
}

test_location_of_bare_and_dockerfile_values if {
	finding.location(true) == {"file": "", "line": 0}
	finding.location({"Cmd": "user", "StartLine": 4}) == {"file": "Dockerfile", "line": 4}
}

test_value_unwraps_adapted_fields_only if {
	finding.value({"value": "x", "filepath": "a.tf"}) == "x"
	finding.value("plain") == "plain"
	finding.value(false) == false
}
