package p

globals := {
  "foo": "bar",
  "fizz": "buzz"
}
inline := {"a": [1,2,3], "b": {1, 2}, "c": set(), "d": [], "e": {}}
nested := [
  1, 2,
  3, [
     "x"
  ]
]
