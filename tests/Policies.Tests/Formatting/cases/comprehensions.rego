package p

xs := [x|some x in input.a]
s := {x | x := input.b[_]; x > 1}
o := {k:v|some k, v in input.c}
m := [y |
  some y in input.d
  y > 2
]
u := [(a|b) | a := input.s; b := input.t]
