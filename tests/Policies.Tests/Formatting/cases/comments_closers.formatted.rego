package p

c := [
	1, 2,
	# before the closing bracket
]

allow if {
	input.ok
	# last words
}

short if {
	input.a
	input.b
}

# about next
next := 1
