#!/usr/bin/env bash
# The cost of tracing on one `plan`, three sides run in turn: no tracing, `--trace` (the span tree printed), and export
# over OTLP/HTTP to a local collector stand-in that answers every post with 200. The order rotates each round so no
# side always runs first on a warm cache; medians of wall and user+system CPU per side and of the paired ratios against
# the untraced run of the same round. Usage: bench/trace-overhead.sh [rounds]   (builds Release first; throw-away home)
set -euo pipefail
rounds=${1:-11}
source "$(dirname "$0")/sample-fleet.sh"
out=$(mktemp)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$port" <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
sink=$!
trap 'kill $sink 2>/dev/null || true; rm -rf "$GITOPSFLEET_HOME" "$out"' EXIT
sleep 0.5
one() {
  case $1 in
    off) /usr/bin/time -f "off %e %U %S" -a -o "$out" "$bin" plan --repo "$repo" >/dev/null 2>&1 || true ;;
    tree) /usr/bin/time -f "tree %e %U %S" -a -o "$out" "$bin" plan --repo "$repo" --trace >/dev/null 2>&1 || true ;;
    otlp) OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
      /usr/bin/time -f "otlp %e %U %S" -a -o "$out" "$bin" plan --repo "$repo" >/dev/null 2>&1 || true ;;
  esac
}
one off; one tree; one otlp
: >"$out"
sides=(off tree otlp)
for i in $(seq "$rounds"); do
  for j in 0 1 2; do one "${sides[$(( (i + j) % 3 ))]}"; done
done
python3 - "$out" "$rounds" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("Command")]
side = lambda k: [(float(w), float(u) + float(s)) for n, w, u, s in rows if n == k]
med = statistics.median
off = side("off")
print(f"{'side':<22}{'wall':>9}{'cpu':>8}{'wall ratio':>12}{'cpu ratio':>11}")
for name, label in (("off", "no tracing"), ("tree", "--trace"), ("otlp", "OTLP export")):
    s = side(name)
    wr = med(b[0] / a[0] for a, b in zip(off, s)); cr = med(b[1] / a[1] for a, b in zip(off, s))
    print(f"{label:<22}{med(w for w, _ in s):>8.3f}s{med(c for _, c in s):>7.2f}s{wr:>11.3f}x{cr:>10.3f}x  ({len(s)} runs)")
PY
