#!/usr/bin/env bash
# The cost of --trace on one `plan`: paired runs with and without it, alternated (the order flips each pair so
# neither side always runs second on a warm cache), medians of wall and user+system CPU per side and of the
# paired wall ratio. Usage: bench/trace-overhead.sh [pairs]   (builds Release first; throw-away state home)
set -euo pipefail
pairs=${1:-11}
source "$(dirname "$0")/sample-fleet.sh"
out=$(mktemp)
one() { /usr/bin/time -f "$1 %e %U %S" -a -o "$out" "$bin" plan --repo "$repo" ${2:-} >/dev/null 2>&1 || true; }
one warm; one warm --trace
: >"$out"
for i in $(seq "$pairs"); do
  if (( i % 2 )); then one off; one on --trace; else one on --trace; one off; fi
done
python3 - "$out" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("Command")]
side = lambda k: [(float(w), float(u) + float(s)) for n, w, u, s in rows if n == k]
off, on = side("off"), side("on")
med = statistics.median
print(f"without --trace: {med(w for w, _ in off):.3f} s wall, {med(c for _, c in off):.2f} s cpu ({len(off)} runs)")
print(f"with --trace:    {med(w for w, _ in on):.3f} s wall, {med(c for _, c in on):.2f} s cpu ({len(on)} runs)")
print(f"paired wall ratio (median of on/off): {med(b[0] / a[0] for a, b in zip(off, on)):.3f}")
print(f"paired cpu ratio (median of on/off):  {med(b[1] / a[1] for a, b in zip(off, on)):.3f}")
PY
rm -rf "$GITOPSFLEET_HOME" "$out"
