package p

p if 1 > 0

p if {
	1 > 0
}

q[x] := y if {
	y := 10
	x := "ten"
}

r.s.t := 1
