# METADATA
# title: Security groups open to the internet
# scope: package
# custom:
#   id: CORP-AWS-0002
#   provider: aws
#   service: ec2
#   severity: CRITICAL
#   short_code: no-public-ingress-sgr
package user.aws.ec2.corp0002

import data.lib.finding

public_cidrs := {"0.0.0.0/0", "::/0"}

is_public(cidr) if cidr in public_cidrs

# A range that is not private space reaches the internet even if it is not all of it.
is_public(cidr) if {
	not cidr in public_cidrs
	not contains(cidr, ":")
	every private in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] {
		not net.cidr_contains(private, cidr)
	}
}

deny contains res if {
	some group in input.aws.ec2.securitygroups
	some rule in group.ingressrules
	some block in rule.cidrs
	is_public(finding.value(block))
	res := finding.new(sprintf("Security group rule allows ingress from public address %s", [finding.value(block)]), block, rego.metadata.chain())
}

# METADATA
# title: Overly broad port ranges
# description: Flagged separately, at a lower severity than the check's own, read from this rule's annotations.
# custom:
#   severity: LOW
warn contains res if {
	some group in input.aws.ec2.securitygroups
	some rule in group.ingressrules
	finding.value(rule.toport) - finding.value(rule.fromport) >= 1000
	res := {
		"msg": sprintf("Ingress rule spans %d ports", [finding.value(rule.toport) - finding.value(rule.fromport) + 1]),
		"severity": rego.metadata.rule().custom.severity,
		"title": rego.metadata.rule().title,
	}
}
