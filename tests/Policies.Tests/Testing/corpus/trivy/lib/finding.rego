# METADATA
# title: Findings as our checks report them
# description: >-
#   Our own stand-in for the result helper trivy's checks call: a finding carries the message, the check's id,
#   severity and title from the annotation chain of the rule that reports it, and where its cause sits in the source.
# scope: package
package lib.finding

new(msg, cause, chain) := {
	"msg": msg,
	"id": check.custom.id,
	"severity": check.custom.severity,
	"title": check.title,
	"location": location(cause),
} if {
	annotated := [e.annotations | some e in chain; e.annotations.custom.id]
	check := annotated[0]
}

# Adapted inputs wrap each value with where it was read from; a bare value has no place.
location(cause) := {"file": cause.filepath, "line": cause.startline} if {
	is_object(cause)
	cause.filepath
} else := {"file": "Dockerfile", "line": cause.StartLine} if {
	is_object(cause)
	cause.StartLine
} else := {"file": "", "line": 0}

# The value of a wrapped field, or the field itself when the input was not adapted.
value(field) := field.value if is_object(field)
else := field
