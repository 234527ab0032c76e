package p
deny contains msg if {
  input.x
  msg := "no"
}
s contains 1
s contains 2
