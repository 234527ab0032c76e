package test

p if {
    x := count(
        [1, 2, 3] # four
    )
    z := concat("/",
        [
            "foo",
            "bar",
        ])
}

f(
  a,
  b) := a + b
