#!/usr/bin/env bash
# Throughput of GET /api/coverage (the cached county summary) against a bare Kestrel endpoint that serves a constant
# JSON document of the same size, measured in one run on this machine. Prints requests/s of each round and the
# ratio of the medians; the goal is coverage ≥ 50 % of bare.
#
#   bench/Coverage/wrk-coverage.sh                 # 3 rounds of 15 s each, 32 connections
#   ROUNDS=5 DURATION=30s CONNECTIONS=64 bench/Coverage/wrk-coverage.sh
#
# Starts Infra (Release build, demo data, its own private cluster under .infra/wrk) on 127.0.0.1:$API_PORT and the
# bare endpoint on 127.0.0.1:$BARE_PORT, and stops both (by their process ids) when it ends.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

API_PORT="${API_PORT:-5093}"
BARE_PORT="${BARE_PORT:-5094}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
QUERY="/api/coverage?level=county&service=broadband&asOf=2008-12-31"
OUT="$ROOT/.infra/bench-results"
mkdir -p "$OUT"

need_dotnet
need_packages postgresql-15-postgis-3 wrk

build_app
say "Building the bench (Release)"
dotnet build "$ROOT/bench/Infra.Bench/Infra.Bench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly

pids=()
stop() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

wait_for() {
  local url="$1" i
  for i in $(seq 1 600); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 1
  done
  die "nothing answered at $url"
}

say "Starting Infra on 127.0.0.1:$API_PORT (demo data; the first start loads it)"
Infra__DataDir="$ROOT/.infra/wrk" dotnet "$APP_DLL" serve \
  --urls "http://127.0.0.1:$API_PORT" >"$OUT/wrk-infra.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$API_PORT/healthz"

# The first request computes the summary for the date and caches it; wrk measures the cached answer.
bytes="$(curl -fsS "http://127.0.0.1:$API_PORT$QUERY" | wc -c)"
say "The coverage answer is $bytes bytes; starting the bare endpoint with as many on 127.0.0.1:$BARE_PORT"
dotnet "$ROOT/bench/Infra.Bench/bin/Release/net10.0/Infra.Bench.dll" bare --urls "http://127.0.0.1:$BARE_PORT" --bytes "$bytes" \
  >"$OUT/wrk-bare.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$BARE_PORT/bare"

rps() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | tee -a "$OUT/wrk.log" | awk '/^Requests\/sec/ {print $2}'; }

say "Warming both up (5 s each)"
wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$BARE_PORT/bare" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$API_PORT$QUERY" >/dev/null

: >"$OUT/wrk.log"
bare=() coverage=()
for round in $(seq 1 "$ROUNDS"); do
  # Alternate, so drift in the machine's load falls on both.
  b="$(rps "http://127.0.0.1:$BARE_PORT/bare")"
  c="$(rps "http://127.0.0.1:$API_PORT$QUERY")"
  printf 'round %d: bare %s req/s, coverage %s req/s\n' "$round" "$b" "$c"
  bare+=("$b") coverage+=("$c")
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mb="$(median "${bare[@]}")"
mc="$(median "${coverage[@]}")"
printf 'median: bare %s req/s, GET %s %s req/s = %.0f %% of bare (%s bytes, %s connections, %s rounds of %s, load average %s)\n' \
  "$mb" "$QUERY" "$mc" "$(awk -v c="$mc" -v b="$mb" 'BEGIN {print 100 * c / b}')" "$bytes" "$CONNECTIONS" "$ROUNDS" "$DURATION" \
  "$(cut -d' ' -f1 /proc/loadavg)"
