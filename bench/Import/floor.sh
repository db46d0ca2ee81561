#!/usr/bin/env bash
# What a load into Infra's live tables costs before Infra does anything: psql \copy of rows already in the table's
# own format, with the table's parts added one at a time, against ogr2ogr loading the same file into a new table.
# It answers how fast a validated import could ever be next to ogr2ogr (the issue's "≥ 2× ogr2ogr" goal).
# Reuses the cluster, template and files of bench/Import/run.sh (run that first).
# Usage: bench/Import/floor.sh [stations=1000000] [routes=100000] [rounds=2]
# Each step runs on a fresh copy of the template, alternating, round after round:
#   ogr2ogr     the .csv / .geojson into a new table (as run.sh does);
#   bare        \copy into a new table shaped like the live one (no key, no trigger), its GiST index built after;
#   keyed       \copy into the live table with Infra's own triggers off: primary and unique keys, GiST, foreign key, checks;
#   +footprints keyed plus the stations' footprint trigger (stations only);
#   +history    keyed plus the history trigger;
#   full        \copy into the live table as it is (run.sh's `copy`: every trigger).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
STATIONS="${1:-1000000}" ROUTES="${2:-100000}" ROUNDS="${3:-2}"
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
for f in "stations-$STATIONS.csv" "stations-$STATIONS.copy.csv" "routes-$ROUTES.geojson" "routes-$ROUTES.copy.csv"; do
  [ -f "$WORK/$f" ] || die "run bench/Import/run.sh $STATIONS $ROUTES first (it writes $WORK/$f)"
done
start_cluster
PG="PG:host=127.0.0.1 port=$PORT user=postgres dbname=run"
run_sql() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d run -v ON_ERROR_STOP=1 -q "$@"; }

# bare TABLE COLUMNS FILE GEOMETRY: the rows into a keyless, triggerless table like TABLE, then its spatial index.
bare() {
  run_sql -c "CREATE TABLE bare (LIKE $1 INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED)" \
    -c "\\copy bare ($2) FROM '$3' CSV" -c "CREATE INDEX ON bare USING gist ($4)"
}
# live TABLE COLUMNS FILE [TRIGGER…]: the rows into the live TABLE with only the named triggers of Infra's on.
live() {
  local table="$1" cols="$2" file="$3"; shift 3
  local sql=(-c "ALTER TABLE $table DISABLE TRIGGER USER")
  for t in "$@"; do sql+=(-c "ALTER TABLE $table ENABLE TRIGGER $t"); done
  run_sql "${sql[@]}" -c "\\copy $table ($cols) FROM '$file' CSV"
}
ogr_stations() {
  ogr2ogr -f PostgreSQL "$PG" "$WORK/stations-$STATIONS.csv" -nln ogr_stations -a_srs EPSG:4326 \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -lco GEOMETRY_NAME=location
}
ogr_routes() { ogr2ogr -f PostgreSQL "$PG" "$WORK/routes-$ROUTES.geojson" -nln ogr_routes -lco GEOMETRY_NAME=route; }

S="$WORK/stations-$STATIONS.copy.csv" R="$WORK/routes-$ROUTES.copy.csv"
RESULTS="$WORK/floor.tsv"
: >"$RESULTS"
step() {
  local data="$1" name="$2" secs; shift 2
  secs=$(timed "$@")
  printf '%s\t%s\t%s\t%s\n' "$data" "$name" "$secs" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
}
for round in $(seq 1 "$ROUNDS"); do
  say "Round $round of $ROUNDS"
  step stations ogr2ogr ogr_stations
  step stations bare bare base_stations "$ST_COLS" "$S" location
  step stations keyed live base_stations "$ST_COLS" "$S"
  step stations +footprints live base_stations "$ST_COLS" "$S" footprints_insert
  step stations +history live base_stations "$ST_COLS" "$S" history_insert
  step stations full live base_stations "$ST_COLS" "$S" footprints_insert history_insert
  step routes ogr2ogr ogr_routes
  step routes bare bare fiber_routes "$FR_COLS" "$R" route
  step routes keyed live fiber_routes "$FR_COLS" "$R"
  step routes full live fiber_routes "$FR_COLS" "$R" history_insert
done

python3 - "$RESULTS" <<'PY'
import collections, statistics as st, sys
by = collections.defaultdict(list)
for line in open(sys.argv[1]):
    data, name, secs, _ = line.rstrip("\n").split("\t")
    by[(data, name)].append(float(secs))
for data in ("stations", "routes"):
    ogr = st.median(by[(data, "ogr2ogr")])
    for (d, name), v in by.items():
        if d == data:
            m = st.median(v)
            print(f"{data:9} {name:12} median {m:6.1f} s  ({', '.join(f'{x:.1f}' for x in v)})  ogr2ogr's time ÷ this: {ogr / m:4.2f}x")
PY
