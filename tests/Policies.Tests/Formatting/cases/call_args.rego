package p

msg := sprintf("%s has %d items", [input.name, count(input.items)])
long := sprintf(
    "%s: %s",
    [a, b]
)
r if object.get(input, ["a","b"], null) == null
