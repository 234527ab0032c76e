# METADATA
# title: Image runs as root
# description: The last USER of the final stage is not root, so the container does not start with uid 0.
# scope: package
# custom:
#   id: CORP-DS-0002
#   severity: HIGH
#   short_code: least-privilege-user
#   input:
#     selector:
#     - type: dockerfile
package user.docker.corp_ds0002

import data.lib.finding

final_stage := input.Stages[count(input.Stages) - 1]

users := [cmd | some cmd in final_stage.Commands; cmd.Cmd == "user"]

deny contains res if {
	count(users) == 0
	res := finding.new("Specify at least 1 USER command in Dockerfile with non-root user as argument", final_stage, rego.metadata.chain())
}

deny contains res if {
	last := users[count(users) - 1]
	user := split(last.Value[0], ":")[0]
	user in {"root", "0"}
	res := finding.new(sprintf("Last USER command in Dockerfile should not be '%s'", [user]), last, rego.metadata.chain())
}
