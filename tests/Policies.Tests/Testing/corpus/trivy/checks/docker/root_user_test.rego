package user.docker.corp_ds0002_test

import data.user.docker.corp_ds0002 as check

dockerfile(stages) := {"Stages": [{"Name": name, "Commands": cmds} | some [name, cmds] in stages]}

from(image, line) := {"Cmd": "from", "Value": [image], "StartLine": line}

user(name, line) := {"Cmd": "user", "Value": [name], "StartLine": line}

test_non_root_final_user_passes if {
	count(check.deny) == 0 with input as dockerfile([["golang:1.23 AS build", [from("golang:1.23", 1)]], ["alpine:3.20", [from("alpine:3.20", 5), user("root", 6), user("app:app", 9)]]])
}

test_root_as_last_user_is_reported_at_its_line if {
	res := check.deny with input as dockerfile([["alpine:3.20", [from("alpine:3.20", 1), user("app", 2), user("0:0", 7)]]])
	res == {{"msg": "Last USER command in Dockerfile should not be '0'", "id": "CORP-DS-0002", "severity": "HIGH", "title": "Image runs as root", "location": {"file": "Dockerfile", "line": 7}}}
}

test_no_user_in_final_stage if {
	some res in check.deny with input as dockerfile([["build", [from("golang:1.23", 1), user("builder", 2)]], ["run", [from("scratch", 5)]]])
	startswith(res.msg, "Specify at least 1 USER")
	res.location == {"file": "", "line": 0}
}
