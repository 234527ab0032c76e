package p

a := 1 + (2 * 3)

b if {
	x = (y + 1) + 2
	z == x
	w != z
	v <= 3
	u >= -1
}

c := (x % 2) == 0
d := (x & y) | z
e := -x
f := 2 - -3
g := -1.50
