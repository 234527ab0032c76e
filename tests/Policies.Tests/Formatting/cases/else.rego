package p

level := "high" if {
  input.score > 8
} else := "medium" if {
  input.score > 4
} else = "low"

g(x) := 1 if x > 0
else := 2
