package user.aws.ec2.corp0002_test

import data.user.aws.ec2.corp0002 as check

groups(rules) := {"aws": {"ec2": {"securitygroups": [{"ingressrules": rules}]}}}

rule(cidrs, from, to) := {"cidrs": [{"value": c, "filepath": "sg.tf", "startline": 10} | some c in cidrs], "fromport": {"value": from}, "toport": {"value": to}}

test_world_open_rule_is_critical if {
	some res in check.deny with input as groups([rule(["0.0.0.0/0"], 443, 443)])
	res.severity == "CRITICAL"
	res.id == "CORP-AWS-0002"
	res.msg == "Security group rule allows ingress from public address 0.0.0.0/0"
}

test_public_range_is_reported_private_is_not if {
	res := check.deny with input as groups([rule(["10.1.0.0/16", "203.0.113.0/24", "192.168.4.0/24"], 22, 22)])
	{r.msg | some r in res} == {"Security group rule allows ingress from public address 203.0.113.0/24"}
}

test_private_only_passes if {
	count(check.deny) == 0 with input as groups([rule(["172.20.0.0/16"], 5432, 5432)])
	count(check.warn) == 0 with input as groups([rule(["172.20.0.0/16"], 5432, 5432)])
}

test_ipv6_any_is_public if {
	count(check.deny) == 1 with input as groups([rule(["::/0"], 80, 80)])
}

test_wide_port_range_warns_with_the_rules_own_severity if {
	check.warn == {{"msg": "Ingress rule spans 64512 ports", "severity": "LOW", "title": "Overly broad port ranges"}} with input as groups([rule(["10.0.0.0/8"], 1024, 65535)])
}
