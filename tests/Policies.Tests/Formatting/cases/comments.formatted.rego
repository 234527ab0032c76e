# file header

# about the package
package p

# about allow
allow if { # on the brace
	input.ok # trailing
	# standalone inside

	input.more
}

x := 1 # trailing on a one-liner

# the end
