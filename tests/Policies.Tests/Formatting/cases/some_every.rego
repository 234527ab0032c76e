package p

r if {
    some i,j
    some x in input.xs
    some k,v in input.m
    every y in input.ys { y > 0 }
    every k2, v2 in input.m {
        k2 != v2
        v2 > 1
    }
    "a" in input.tags
}
