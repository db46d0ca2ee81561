#!/usr/bin/env bash
# The same import through a running server's API (POST /api/imports, then polling the job): no per-process start-up.
# Reuses the cluster, template and files of bench/Import/run.sh (run that first).
# Usage: bench/Import/api.sh [routes=100000] [runs=3] [BASE_DLL]
# Prints per run: seconds from the upload's start to the job's end with the job's phase times (then the same with
# BASE_DLL, another build of Infra.Api.dll, when given: e.g. one published from an older commit), then psql \copy of the
# same rows on a fresh database (the limit, as in run.sh), so the ratio is taken within one run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
ROUTES="${1:-100000}" RUNS="${2:-3}" BASE="${3:-}"
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
FILE="$WORK/routes-$ROUTES.geojson"
[ -f "$FILE" ] && [ -f "$APP_DLL" ] || die "run bench/Import/run.sh first (it builds Infra and writes $FILE)"
[ -z "$BASE" ] || [ -f "$BASE" ] || die "no build at $BASE"
start_cluster
export ConnectionStrings__Infra="Host=127.0.0.1;Port=$PORT;Username=infra;Database=run" Infra__ImportMaxSizeMb=100000

# api TOOL DLL: one import of the file through a fresh server of DLL on a fresh database; prints its line.
api() {
  local tool="$1" dll="$2" key load start end id job status
  fresh_run_db
  key="$(dotnet "$dll" key create --role carrier:cu --name bench | grep '^infra_')"
  start_server "$WORK/api-serve.log" "$dll"
  load="$(uptime | sed 's/.*average: //')"
  start=$(date +%s.%N)
  id="$(curl -fs -H "Authorization: Bearer $key" -F "file=@$FILE" -F layer=fiber-routes "http://127.0.0.1:$HTTP_PORT/api/imports" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  while :; do
    job="$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$HTTP_PORT/api/imports/$id")"
    status="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"])' "$job")"
    [ "$status" = "succeeded" ] || [ "$status" = "failed" ] && break
    sleep 0.2
  done
  end=$(date +%s.%N)
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); s=j["status"]; sec=(j.get("result") or {}).get("seconds"); print(f"{sys.argv[6]}\troutes\t{sys.argv[2]}\t{float(sys.argv[4])-float(sys.argv[3]):.1f}\t{s}\t{sec}\tload {sys.argv[5]}")' \
    "$job" "$ROUTES" "$start" "$end" "$load" "$tool"
  stop_server
}

for run in $(seq 1 "$RUNS"); do
  api api "$APP_DLL"
  [ -z "$BASE" ] || api api-base "$BASE"
  # The limit, in the same run: psql \copy of the same rows (as in run.sh).
  secs=$(timed copy_rows fiber_routes "$FR_COLS" "$WORK/routes-$ROUTES.copy.csv")
  printf 'copy\troutes\t%s\t%s\tload %s\n' "$ROUTES" "$secs" "$(uptime | sed 's/.*average: //')"
done
