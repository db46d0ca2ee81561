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
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
FILE="$WORK/routes-$ROUTES.geojson"
[ -f "$FILE" ] || die "run bench/Import/run.sh first (it writes $FILE)"
build_app
start_cluster
export ConnectionStrings__Infra="Host=127.0.0.1;Port=$PORT;Username=infra;Database=run" Infra__ImportMaxSizeMb=100000

fresh_run_db
env "${CLI_ENV[@]}" dotnet "$APP_DLL" import "$FILE" --carrier cu --layer fiber-routes >/dev/null
AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ID="$(psql_su -d run -tAc "SELECT id FROM fiber_routes WHERE code = 'fr-$((ROUTES / 2))'")"
start_server "$WORK/asof-serve.log"
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
