#!/usr/bin/env bash
# The gateway side by side with the upstream direct, plain YARP and nginx, under wrk on loopback with warm caches.
#   bash benchmarks/gateway/run.sh [SECONDS per run, default 15] [CONNECTIONS, default 16] [ROUNDS, default 3]
# The five targets are run in turn, ROUNDS times over (so a slow minute of the machine falls on all of them); prints a
# markdown table of the medians over the rounds: requests/s (with the range), p50 and p99 latency, the ratios to plain YARP.
source "$(dirname "$0")/common.sh"
seconds="${1:-15}"
connections="${2:-16}"
rounds="${3:-3}"
targets=(direct yarp nginx ingress egress)

check() { # name url token
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "${@:3}" "$2")
  [ "$code" = 200 ] || { echo "$1: $2 answered $code, not 200" >&2; exit 1; }
}

url_of() {
  case $1 in
    direct) echo "$UPSTREAM/echo" ;;
    yarp) echo "$YARP/api/tools/echo" ;;
    nginx) echo "$NGINX/api/tools/echo" ;;
    ingress) echo "$GATEWAY/api/tools/echo" ;;
    egress) echo "$GATEWAY/egress/bench-agent/echo" ;;
  esac
}

# Every target gets a request of the same size: the baselines are sent the ingress token too (and pass it on).
header_of() {
  case $1 in
    egress) echo "Authorization: Bearer $EGRESS_TOKEN" ;;
    *) echo "Authorization: Bearer $INGRESS_TOKEN" ;;
  esac
}

for name in "${targets[@]}"; do
  check "$name" "$(url_of "$name")" -H "$(header_of "$name")"
  wrk -t1 -c"$connections" -d3s -H "$(header_of "$name")" "$(url_of "$name")" >/dev/null   # warm-up
done

for round in $(seq 1 "$rounds"); do
  for name in "${targets[@]}"; do
    wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "$(header_of "$name")" "$(url_of "$name")" > "$state/$name.$round.wrk"
  done
done

python3 - "$state" "$seconds" "$connections" "$rounds" <<'PY'
import re, statistics, sys
state, seconds, connections, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def us(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1, "ms": 1000, "s": 1e6}[unit]
rows = {}
for name in ["direct", "yarp", "nginx", "ingress", "egress"]:
    runs = []
    for r in range(1, rounds + 1):
        text = open(f"{state}/{name}.{r}.wrk").read()
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        runs.append((float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                     us(re.search(r"\s50%\s+(\S+)", text).group(1)), us(re.search(r"\s99%\s+(\S+)", text).group(1)),
                     (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)))
    rows[name] = ([r[0] for r in runs], statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs), sum(r[3] for r in runs))
base_rps, base_p99 = statistics.median(rows["yarp"][0]), rows["yarp"][2]
# Paired: each round's throughput over plain YARP's in the same round, so a slow minute of the machine cancels out.
def paired(name): return [a / b for a, b in zip(rows[name][0], rows["yarp"][0])]
labels = {"direct": "upstream direct", "yarp": "plain YARP (no security)", "nginx": "nginx (plain reverse proxy)",
          "ingress": "gateway ingress (validation + authorization)", "egress": "gateway egress (validation + cached exchange)"}
print(f"wrk -t1 -c{connections} -d{seconds}s, loopback, warm caches; median of {rounds} rounds")
print()
print("| target | requests/s | (range) | p50 | p99 | throughput vs YARP, per round | p99 added vs YARP | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
failed = False
for name, (rps, p50, p99, errors) in rows.items():
    median = statistics.median(rps)
    failed |= errors > 0
    ratios = paired(name)
    print(f"| {labels[name]} | {median:,.0f} | {min(rps):,.0f}–{max(rps):,.0f} | {p50:,.0f} µs | {p99:,.0f} µs | {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | {p99 - base_p99:+,.0f} µs | {errors} |")
print()
print("requests/s, p50, p99: medians over the rounds; throughput vs YARP: the median (and range) of each round's ratio to")
print("plain YARP in the same round; errors: non-2xx answers and socket errors, all rounds")
sys.exit(1 if failed else 0)
PY
