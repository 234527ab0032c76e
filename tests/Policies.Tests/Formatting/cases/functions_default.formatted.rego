package p

default allow := false
default level := "none"
f(x, y) := z if z := x + y
is_admin(user) if user.role == "admin"
