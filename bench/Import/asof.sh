#!/usr/bin/env bash
# Reads as of an instant (asOf: records rebuilt from the change log) against the same reads of the live table, through a
# running server, after an import of the routes file has written one change record per route.
# Reuses the cluster, template and files of bench/Import/run.sh (run that first).
# Usage: bench/Import/asof.sh [routes=100000] [requests=20]
# Prints the median and the range of each request's seconds (curl's time_total), asOf and live side by side.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
ROUTES="${1:-100000}" REQUESTS="${2:-20}"
WORK="$ROOT/bench/Import/.work"
PORT="${BENCH_PORT:-55990}" HTTP_PORT="${BENCH_HTTP_PORT:-55991}"
PGBIN=/usr/lib/postgresql/15/bin
FILE="$WORK/routes-$ROUTES.geojson"
[ -f "$FILE" ] || die "run bench/Import/run.sh first (it writes $FILE)"
build_app
DLL="$APP_DLL"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_su() { psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" status >/dev/null || as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off" -l "$WORK/pg.log" -w start >/dev/null
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null; }
trap cleanup EXIT
export ConnectionStrings__Infra="Host=127.0.0.1;Port=$PORT;Username=infra;Database=run" Infra__ImportMaxSizeMb=100000

psql_su -c "DROP DATABASE IF EXISTS run" -c "CREATE DATABASE run TEMPLATE bench_template OWNER infra" 2>/dev/null
env "${CLI_ENV[@]}" dotnet "$DLL" import "$FILE" --carrier cu --layer fiber-routes >/dev/null
AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ID="$(psql_su -d run -tAc "SELECT id FROM fiber_routes WHERE code = 'fr-$((ROUTES / 2))'")"
dotnet "$DLL" serve --urls "http://127.0.0.1:$HTTP_PORT" >"$WORK/asof-serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done
say "$ROUTES routes, one record ($ID) and a page of 100, as of $AT and live; load $(uptime | sed 's/.*average: //')"

# time NAME PATH: one warm-up request, then REQUESTS timed ones (fewer for the slow list pages).
time_it() {
  local name="$1" url="http://127.0.0.1:$HTTP_PORT$2" n="$3"
  curl -fs -o /dev/null "$url" || die "GET $url failed"
  for _ in $(seq 1 "$n"); do curl -fs -o /dev/null -w '%{time_total}\n' "$url"; done |
    python3 -c 'import sys, statistics; t = [float(l) for l in sys.stdin]; print(f"{sys.argv[1]:32} median {statistics.median(t)*1000:9.1f} ms  range {min(t)*1000:.1f}–{max(t)*1000:.1f} ms  ({len(t)} requests)")' "$name"
}
time_it "one record, asOf" "/api/fiber-routes/$ID?asOf=$AT" "$REQUESTS"
time_it "one record, live" "/api/fiber-routes/$ID" "$REQUESTS"
time_it "page of 100, asOf" "/api/fiber-routes?limit=100&asOf=$AT" 5
time_it "page of 100, live" "/api/fiber-routes?limit=100" 5
