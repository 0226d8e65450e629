# Shared by run.sh and soak.sh: build and start the load targets (GatewayBench) and nginx, on loopback only.
# Sets UPSTREAM, YARP, GATEWAY, NGINX, INGRESS_TOKEN, EGRESS_TOKEN, PID; stop_all stops what it started.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$(mktemp -d)"

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: apt-get install -y wrk nginx-light)" >&2; exit 1; }
done

stop_all() {
  if [ -n "${bench_pid:-}" ] && kill "$bench_pid" 2>/dev/null; then
    # Bounded: a process that does not end on SIGTERM within 15 s is killed, and that is an error of the script's own.
    for _ in $(seq 1 30); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$bench_pid" 2>/dev/null && { echo "GatewayBench did not stop on SIGTERM; killed" >&2; kill -9 "$bench_pid"; }
    wait "$bench_pid" 2>/dev/null
  fi
  [ -f "$state/nginx.pid" ] && kill "$(cat "$state/nginx.pid")" 2>/dev/null
  rm -rf "$state"
}
trap stop_all EXIT

dotnet build "$here/GatewayBench/GatewayBench.csproj" -c Release -v q -nologo >/dev/null || { echo "GatewayBench did not build" >&2; exit 1; }
# With two or more cores, the targets (GatewayBench and nginx) run on the first and wrk on the last, so the load generator
# does not take CPU from what it measures, when BENCH_PIN=1 (off by default: nginx then shares its core with the upstream).
server_cpu=() load_cpu=()
if [ "${BENCH_PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu=(taskset -c 0) load_cpu=(taskset -c "$(( $(nproc) - 1 ))")
fi
wrk_bin=$(command -v wrk)
wrk() { "${load_cpu[@]}" "$wrk_bin" "$@"; }
"${server_cpu[@]}" dotnet "$root/artifacts/bin/GatewayBench/release/GatewayBench.dll" "$state" > "$state/bench.log" 2>&1 &
bench_pid=$!
for _ in $(seq 1 120); do [ -f "$state/env" ] && break; sleep 0.5; done
[ -f "$state/env" ] || { echo "GatewayBench did not start:" >&2; cat "$state/bench.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/env"
INGRESS_TOKEN="$(cat "$INGRESS_TOKEN_FILE")"
EGRESS_TOKEN="$(cat "$EGRESS_TOKEN_FILE")"

# nginx as a plain reverse proxy to the same upstream (one worker, keep-alive to the upstream, no logging).
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > "$state/nginx.conf" <<NGINX
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $state/ng-body; proxy_temp_path $state/ng-proxy;
  fastcgi_temp_path $state/ng-fcgi; uwsgi_temp_path $state/ng-uwsgi; scgi_temp_path $state/ng-scgi;
  upstream up { server ${UPSTREAM#http://}; keepalive 32; }
  server {
    listen 127.0.0.1:$nginx_port;
    location /api/tools/ { proxy_pass http://up/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
"${server_cpu[@]}" nginx -c "$state/nginx.conf" || { echo "nginx did not start" >&2; exit 1; }
NGINX="http://127.0.0.1:$nginx_port"
