package p

raw := `C:\path`
num := 1e3
flt := 1.0
esc := "tab\there \"q\" é"
ref := input.metadata["app-name"][_].x[0]
tpl := $"hello {input.name}"
