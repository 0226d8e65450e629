#!/usr/bin/env bash
# A soak under load: wrk on the gateway's ingress and egress routes at once for SECONDS (loopback only), sampling the
# gateway process's resident memory every 2 s. Fails (exit 1) on any non-2xx answer or socket error, or when the
# resident memory at the end is 5 % or more above its level after the warm-up (the first quarter, at least 15 s).
#   bash benchmarks/gateway/soak.sh [SECONDS, default 600]
source "$(dirname "$0")/common.sh"
seconds="${1:-600}"
warmup=$(( seconds / 4 )); [ "$warmup" -lt 15 ] && warmup=15

curl -sf -o /dev/null -H "Authorization: Bearer $INGRESS_TOKEN" "$GATEWAY/api/tools/echo" || { echo "ingress is not answering 200" >&2; exit 1; }
wrk -t1 -c8 -d"${seconds}s" -H "Authorization: Bearer $INGRESS_TOKEN" "$GATEWAY/api/tools/echo" > "$state/soak-ingress.wrk" &
ingress_pid=$!
wrk -t1 -c4 -d"${seconds}s" -H "Authorization: Bearer $EGRESS_TOKEN" "$GATEWAY/egress/bench-agent/echo" > "$state/soak-egress.wrk" &
egress_pid=$!

started=$SECONDS
while kill -0 "$ingress_pid" 2>/dev/null; do
  echo "$((SECONDS - started)) $(awk '/VmRSS/ {print $2}' "/proc/$PID/status")" >> "$state/rss"
  sleep 2
done
wait "$ingress_pid" "$egress_pid"

python3 - "$state" "$seconds" "$warmup" <<'PY'
import re, sys
state, seconds, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
samples = [tuple(map(int, line.split())) for line in open(f"{state}/rss") if len(line.split()) == 2]
after_warmup = max(kb for t, kb in samples if warmup - 6 <= t <= warmup)
end = max(kb for t, kb in samples[-3:])
growth = (end - after_warmup) / after_warmup * 100
requests = errors = 0
for name in ["ingress", "egress"]:
    text = open(f"{state}/soak-{name}.wrk").read()
    requests += int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors += (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
    print(f"soak {name}: {rps} requests/s")
print(f"soak: {seconds} s, {requests:,} requests, {errors} errors; resident memory {after_warmup / 1024:.1f} MiB after the "
      f"{warmup} s warm-up, {end / 1024:.1f} MiB at the end ({growth:+.1f} %), peak {max(kb for _, kb in samples) / 1024:.1f} MiB")
# The managed heap after the last collection (GatewayBench samples it from its start, about when wrk starts): reported, not
# judged, since it moves with whatever the last gen0 collection left.
try:
    heap = [tuple(map(int, line.split())) for line in open(f"{state}/heap") if len(line.split()) == 2]
    window = [b for t, b in heap if warmup - 6 <= t <= warmup]
    h_warm = sum(window) / len(window) if window else 0
    h_end = sum(b for _, b in heap[-3:]) / len(heap[-3:]) if heap else 0
    if h_warm:
        print(f"soak: managed heap after the last collection {h_warm / 2**20:.1f} MiB by the end of the warm-up, "
              f"{h_end / 2**20:.1f} MiB at the end ({(h_end - h_warm) / h_warm * 100:+.1f} %)")
except OSError:
    print("soak: no managed-heap samples")
failed = errors > 0 or growth >= 5
print("soak: " + ("FAILED" if failed else "passed") + " (no errors; growth under 5 %)")
sys.exit(1 if failed else 0)
PY
