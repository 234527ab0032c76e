package p

x := 1
y := 2

x1 := 1

x2 := 2
short if condition

not_short if {
	rule
	body
}
