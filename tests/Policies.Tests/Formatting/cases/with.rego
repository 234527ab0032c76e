package p

test_allow if {
  allow with input as {"user": "alice"}   with data.roles as {}
  f(1) with count as mock_count
}
