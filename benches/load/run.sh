#!/usr/bin/env bash
# Load test of `khabar serve` on loopback with wrk (Debian's `wrk` package): the web
# interface's request mix (ui.lua) for a bounded time, with the p99 latency and every error
# counted. The server and wrk share the machine.
#
#   benches/load/run.sh                 # the demo index
#   benches/load/run.sh khabar-index    # an index made by `khabar index`
#
# DURATION (default 30s), CONNECTIONS (16), THREADS (2: wrk's), PORT (18080).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v wrk >/dev/null || { echo "load: needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --bin khabar
BIN=target/release/khabar
PORT=${PORT:-18080}
URL="http://127.0.0.1:$PORT"
if [ -n "${1:-}" ]; then ARGS=(--index "$1"); else ARGS=(--demo); fi
"$BIN" serve "${ARGS[@]}" --addr "127.0.0.1:$PORT" >/tmp/khabar-load.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -sf "$URL/api/info" >/dev/null && break
    sleep 0.2
done
curl -sf "$URL/api/info"; echo
# Article ids for the article-page requests: the newest 50.
KHABAR_IDS=$(curl -sf "$URL/api/search?sort=newest&limit=50" | python3 -c \
    'import json,sys; print(",".join(h["id"] for h in json.load(sys.stdin)["hits"]))')
export KHABAR_IDS
wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-16}" -d"${DURATION:-30s}" --latency \
    -s benches/load/ui.lua "$URL"
grep -E "^ +[0-9]+ +[0-9.]+" /proc/$PID/status >/dev/null 2>&1 || true
echo "server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
