# shellcheck shell=bash
# What the import benchmarks share (sourced after scripts/lib.sh): the throwaway cluster in bench/Import/.work, started
# if it is not running and stopped on exit, and a server of the build under test started against its database `run`.
WORK="$ROOT/bench/Import/.work"
PORT="${BENCH_PORT:-55990}" HTTP_PORT="${BENCH_HTTP_PORT:-55991}"
PGBIN=/usr/lib/postgresql/15/bin
SERVER=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_su() { psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
# A fresh copy of the template (migrations, the demo data, owned by an ordinary role) as the database `run`.
fresh_run_db() { psql_su -c "DROP DATABASE IF EXISTS run" -c "CREATE DATABASE run TEMPLATE bench_template OWNER infra" 2>/dev/null; }

start_cluster() {
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" status >/dev/null ||
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off" \
      -l "$WORK/pg.log" -w start >/dev/null
  trap 'stop_server; as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null' EXIT
}

# start_server LOG [DLL]: `serve` of the build under test (or DLL) on HTTP_PORT against `run` (ConnectionStrings__Infra),
# waiting until /healthz answers.
start_server() {
  dotnet "${2:-$APP_DLL}" serve --urls "http://127.0.0.1:$HTTP_PORT" >"$1" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && return; sleep 1; done
  die "the server did not start; see $1"
}
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }

# The CLI import as ./infra runs it (lib.sh's CLI_ENV), against `run`, with no file size limit.
INFRA_ENV=(env "${CLI_ENV[@]}" "ConnectionStrings__Infra=Host=127.0.0.1;Port=$PORT;Username=infra;Database=run" "Infra__ImportMaxSizeMb=100000")
# The columns of generate.py's .copy.csv files, in the order \copy names them.
ST_COLS="carrier_id, code, name, commissioned_on, location, technology, omni_radius_m, sectors, antenna_height_m"
FR_COLS="carrier_id, code, name, commissioned_on, route, cores, laying, tier"
# copy_rows TABLE COLUMNS FILE: psql \copy of a .copy.csv file into `run` as the superuser (COPY FROM is refused under
# row-level security otherwise): the limit the import benchmarks compare with.
copy_rows() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d run -v ON_ERROR_STOP=1 -q -c "\\copy $1 ($2) FROM '$3' CSV"; }
# timed COMMAND…: the wall seconds of COMMAND (a shell function too) on a fresh `run`; its output goes to $WORK/last.log.
timed() {
  fresh_run_db
  local start
  start=$(date +%s.%N)
  "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; die "$1 failed"; }
  python3 -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.2f}")' "$start"
}
