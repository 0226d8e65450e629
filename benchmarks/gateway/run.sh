#!/usr/bin/env bash
# The gateway side by side with the upstream direct, plain YARP and nginx, under wrk on loopback with warm caches.
#   bash benchmarks/gateway/run.sh [SECONDS per run, default 15] [CONNECTIONS, default 16]
# Prints a markdown table: requests/s, p50 and p99 latency, and the ratios to plain YARP.
source "$(dirname "$0")/common.sh"
seconds="${1:-15}"
connections="${2:-16}"

run() { # name url token
  local name=$1 url=$2 token=${3:-}
  local header=()
  [ -n "$token" ] && header=(-H "Authorization: Bearer $token")
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "$url")
  [ "$code" = 200 ] || { echo "$name: $url answered $code, not 200" >&2; exit 1; }
  wrk -t1 -c"$connections" -d3s "${header[@]}" "$url" >/dev/null   # warm-up
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "${header[@]}" "$url" > "$state/$name.wrk"
}

run direct "$UPSTREAM/echo"
run yarp "$YARP/api/tools/echo"
run nginx "$NGINX/api/tools/echo"
run ingress "$GATEWAY/api/tools/echo" "$INGRESS_TOKEN"
run egress "$GATEWAY/egress/bench-agent/echo" "$EGRESS_TOKEN"

python3 - "$state" "$seconds" "$connections" <<'PY'
import re, sys
state, seconds, connections = sys.argv[1], sys.argv[2], sys.argv[3]
def us(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1, "ms": 1000, "s": 1e6}[unit]
rows = {}
for name in ["direct", "yarp", "nginx", "ingress", "egress"]:
    text = open(f"{state}/{name}.wrk").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = us(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = us(re.search(r"\s99%\s+(\S+)", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: (.*)", text)
    rows[name] = (rps, p50, p99, int(errors.group(1)) if errors else 0, socket.group(1) if socket else "none")
base = rows["yarp"]
labels = {"direct": "upstream direct", "yarp": "plain YARP (no security)", "nginx": "nginx (plain reverse proxy)",
          "ingress": "gateway ingress (validation + authorization)", "egress": "gateway egress (validation + cached exchange)"}
print(f"wrk -t1 -c{connections} -d{seconds}s, loopback, warm caches")
print()
print("| target | requests/s | p50 | p99 | throughput vs YARP | p99 added vs YARP | non-2xx | socket errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for name, (rps, p50, p99, errors, socket) in rows.items():
    print(f"| {labels[name]} | {rps:,.0f} | {p50:,.0f} µs | {p99:,.0f} µs | {rps / base[0]:.2f} | {p99 - base[2]:+,.0f} µs | {errors} | {socket} |")
PY
