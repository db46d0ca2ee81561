#!/usr/bin/env bash
# Bulk-import benchmark: Infra's importer (full validation, staging COPY, merge, history) against psql \copy of the
# same rows into the same table (the limit) and ogr2ogr loading the same file into PostGIS (into a new table; stations
# also appended to the same table), on a throwaway cluster.
# Usage: bench/Import/run.sh [stations=1000000] [routes=100000] [runs=3]
# Prints one line per run and writes bench/Import/.work/results.tsv (tool, dataset, rows, seconds, max RSS KB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
STATIONS="${1:-1000000}" ROUTES="${2:-100000}" RUNS="${3:-3}"
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
need_packages postgresql-15-postgis-3 gdal-bin
[ -x /usr/bin/time ] || die "GNU time is needed for peak memory: apt-get install -y time"

mkdir -p "$WORK"
chown postgres "$WORK" 2>/dev/null || true

if [ ! -d "$WORK/pg" ]; then
  say "Creating a throwaway cluster in $WORK/pg (port $PORT)"
  as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
fi
start_cluster

build_app
DLL="$APP_DLL"

if ! psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = 'bench_template'" | grep -q 1; then
  say "Preparing a template database: migrations and the demo data, owned by an ordinary role (row-level security applies)"
  psql_su -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'infra') THEN CREATE ROLE infra LOGIN; END IF; END\$\$" \
    -c "CREATE DATABASE bench_template OWNER infra"
  psql_su -d bench_template -c "CREATE EXTENSION postgis"
  ConnectionStrings__Infra="Host=127.0.0.1;Port=$PORT;Username=infra;Database=bench_template" \
    timeout 300 dotnet "$DLL" serve --urls http://127.0.0.1:0 >"$WORK/serve.log" 2>&1 &
  for _ in $(seq 1 150); do grep -q "Now listening\|Application started" "$WORK/serve.log" && break; sleep 2; done
  kill %1; wait || true
  grep -q "Loaded the demo data" "$WORK/serve.log" || die "the demo data did not load; see $WORK/serve.log"
fi

gen() { [ -f "$WORK/$1.$3" ] || { say "Generating $1 ($4 rows)"; python3 "$ROOT/bench/Import/generate.py" "$WORK/$1" "$2" "$4"; }; }
gen "stations-$STATIONS" stations csv "$STATIONS"
gen "routes-$ROUTES" routes geojson "$ROUTES"
SMALL_S=$((STATIONS / 4)) SMALL_R=$((ROUTES / 4))
gen "stations-$SMALL_S" stations csv "$SMALL_S"
gen "routes-$SMALL_R" routes geojson "$SMALL_R"

RESULTS="$WORK/results.tsv"
: >"$RESULTS"

# measure TOOL DATASET ROWS -- command…: wall seconds and peak RSS from GNU time.
measure() {
  local tool="$1" data="$2" rows="$3"; shift 4
  fresh_run_db
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; die "$tool failed"; }
  local secs rss
  secs="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$data" "$rows" "$secs" "$rss" | tee -a "$RESULTS"
  grep '^time:' "$WORK/last.log" || true  # Infra's own phase times (start-up, validate, merge…)
}

PG="PG:host=127.0.0.1 port=$PORT user=postgres dbname=run"

for run in $(seq 1 "$RUNS"); do
  say "Run $run of $RUNS"
  measure infra stations "$STATIONS" -- "${INFRA_ENV[@]}" dotnet "$DLL" import "$WORK/stations-$STATIONS.csv" --carrier cmcc --layer base-stations
  measure copy stations "$STATIONS" -- psql -h 127.0.0.1 -p "$PORT" -U postgres -d run -v ON_ERROR_STOP=1 -c "\\copy base_stations ($ST_COLS) FROM '$WORK/stations-$STATIONS.copy.csv' CSV"
  measure ogr2ogr stations "$STATIONS" -- ogr2ogr -f PostgreSQL "$PG" "$WORK/stations-$STATIONS.csv" -nln ogr_stations -a_srs EPSG:4326 \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -lco GEOMETRY_NAME=location
  # ogr2ogr appending to the same live table Infra and \copy write (keys, history and footprint triggers), with COPY
  # turned on as GDAL advises for appends (its default for an existing table is one INSERT per row); the SQL maps the
  # file's fields to the table's columns as generate.py's .copy.csv file has them (carrier id 3). Stations only: GDAL
  # 3.6 writes one INSERT per feature into fiber_routes even so (48 s for 100,000), because its generated length_m column
  # reads to GDAL as a column with a default left unset, which makes its driver leave COPY; that is no COPY baseline.
  measure ogr-append stations "$STATIONS" -- ogr2ogr --config PG_USE_COPY YES -append -f PostgreSQL "$PG" "$WORK/stations-$STATIONS.csv" \
    -nln base_stations -a_srs EPSG:4326 -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -dialect SQLite -sql \
    "SELECT 3 AS carrier_id, code, name, commissionedOn AS commissioned_on, upper(substr(technology,1,1)) || substr(technology,2) AS technology,
       CAST(NULLIF(omniRadiusM,'') AS REAL) AS omni_radius_m, '[]' AS sectors, CAST(antennaHeightM AS REAL) AS antenna_height_m, geometry
     FROM \"stations-$STATIONS\""
  measure infra routes "$ROUTES" -- "${INFRA_ENV[@]}" dotnet "$DLL" import "$WORK/routes-$ROUTES.geojson" --carrier cu --layer fiber-routes
  measure copy routes "$ROUTES" -- psql -h 127.0.0.1 -p "$PORT" -U postgres -d run -v ON_ERROR_STOP=1 -c "\\copy fiber_routes ($FR_COLS) FROM '$WORK/routes-$ROUTES.copy.csv' CSV"
  measure ogr2ogr routes "$ROUTES" -- ogr2ogr -f PostgreSQL "$PG" "$WORK/routes-$ROUTES.geojson" -nln ogr_routes -lco GEOMETRY_NAME=route
done

say "Peak memory at a quarter of the size (streaming: it should not grow with the file)"
measure infra stations "$SMALL_S" -- "${INFRA_ENV[@]}" dotnet "$DLL" import "$WORK/stations-$SMALL_S.csv" --carrier cmcc --layer base-stations
measure infra routes "$SMALL_R" -- "${INFRA_ENV[@]}" dotnet "$DLL" import "$WORK/routes-$SMALL_R.geojson" --carrier cu --layer fiber-routes

say "Medians (rows/s) and ratios"
python3 - "$RESULTS" <<'PY'
import sys, statistics, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for tool, data, n, secs, rss in rows:
    by[(tool, data, int(n))].append((float(secs), int(rss)))
for (tool, data, n), v in sorted(by.items()):
    s = statistics.median(x[0] for x in v)
    print(f"{tool:10} {data:9} {n:>9,} rows  median {s:7.1f} s  {n/s:10,.0f} rows/s  peak RSS {max(x[1] for x in v)/1024:7.0f} MB  (runs: {len(v)})")
for data in ("stations", "routes"):
    big = max(n for (t, d, n) in by if d == data)
    rate = {t: big / statistics.median(x[0] for x in by[(t, data, big)]) for (t, d, n) in by if d == data and n == big}
    append = f", infra/ogr-append = {rate['infra']/rate['ogr-append']:.2f}x" if "ogr-append" in rate else ""
    print(f"{data}: infra/copy = {rate['infra']/rate['copy']:.0%}, infra/ogr2ogr = {rate['infra']/rate['ogr2ogr']:.2f}x{append}")
PY
