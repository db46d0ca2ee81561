#!/usr/bin/env bash
# Export benchmark: Infra's export of a whole layer (GeoJSON, CSV with WKT, GeoPackage) against ogr2ogr writing the same
# rows and columns from PostGIS to the same format, and psql \copy (SELECT …) TO of the same rows as CSV (the limit: the
# database's own output, no client work). The same rows: every layer's export leaves withdrawn records out, orders by id
# and names the carrier by its code, and the ogr2ogr and \copy SQL do the same.
# Reuses the cluster, template and files of bench/Import/run.sh (run that first).
# Usage: bench/Import/export.sh [stations=1000000] [routes=100000] [rounds=2] [BASE_DLL]
# Each round, for each layer and format: this build, then (when BASE_DLL names another build of Infra.Api.dll) that build,
# then ogr2ogr, and for CSV \copy. Wall seconds and peak RSS (GNU time); medians and ratios at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
STATIONS="${1:-1000000}" ROUTES="${2:-100000}" ROUNDS="${3:-2}" BASE="${4:-}"
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
[ -x /usr/bin/time ] || die "GNU time is needed for peak memory: apt-get install -y time"
for f in "stations-$STATIONS" "routes-$ROUTES" "stations-$((STATIONS / 4))" "routes-$((ROUTES / 4))"; do
  [ -f "$WORK/$f.copy.csv" ] || die "run bench/Import/run.sh $STATIONS $ROUTES first (it writes $WORK/$f.copy.csv)"
done
[ -z "$BASE" ] || [ -f "$BASE" ] || die "no build at $BASE"
build_app
start_cluster

# source_db NAME STATIONS ROUTES: a copy of the template with that many stations and routes loaded by \copy, kept between
# runs (loading a million stations takes two minutes).
source_db() {
  local have
  have="$(psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")"
  if [ "$have" = 1 ] && [ "$(psql_su -d "$1" -tAc "SELECT count(*) >= $2 FROM base_stations")" = t ]; then return; fi
  say "Loading $2 stations and $3 routes into $1 (\\copy)"
  psql_su -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE bench_template OWNER infra"
  psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$1" -v ON_ERROR_STOP=1 -q \
    -c "\\copy base_stations ($ST_COLS) FROM '$WORK/stations-$2.copy.csv' CSV" \
    -c "\\copy fiber_routes ($FR_COLS) FROM '$WORK/routes-$3.copy.csv' CSV"
  psql_su -d "$1" -c "VACUUM ANALYZE"
}
source_db export_big "$STATIONS" "$ROUTES"
source_db export_small "$((STATIONS / 4))" "$((ROUTES / 4))"

OUT="$WORK/export"
mkdir -p "$OUT"
RESULTS="$WORK/export.tsv"
: >"$RESULTS"

# The columns of Infra's CSV export, from the tables, for ogr2ogr and \copy.
LIFE='x.planned_on AS "plannedOn", x.construction_started_on AS "constructionStartedOn", x.commissioned_on AS "commissionedOn", x.retired_on AS "retiredOn"'
SQL_base_stations="SELECT x.id, x.code, c.code AS carrier, x.name, $LIFE, lower(x.technology) AS technology, x.omni_radius_m AS \"omniRadiusM\",
  x.sectors::text AS sectors, x.antenna_height_m AS \"antennaHeightM\", x.location FROM base_stations x JOIN carriers c ON c.id = x.carrier_id
  WHERE x.withdrawn_at IS NULL ORDER BY x.id"
SQL_fiber_routes="SELECT x.id, x.code, c.code AS carrier, x.name, $LIFE, x.cores, lower(x.laying) AS laying, lower(x.tier) AS tier,
  x.declared_length_m AS \"declaredLengthM\", x.route FROM fiber_routes x JOIN carriers c ON c.id = x.carrier_id
  WHERE x.withdrawn_at IS NULL ORDER BY x.id"

# measure TOOL LAYER FORMAT DB -- command…: wall seconds and peak RSS from GNU time.
measure() {
  local tool="$1" layer="$2" format="$3" db="$4"; shift 5
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; die "$tool failed"; }
  local secs rss
  secs="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$layer" "$format" "$db" "$secs" "$rss" | tee -a "$RESULTS"
}

# export_with TOOL DLL LAYER FORMAT DB: Infra's CLI export of that build.
export_with() {
  measure "$1" "$3" "$4" "$5" -- env "${CLI_ENV[@]}" "ConnectionStrings__Infra=Host=127.0.0.1;Port=$PORT;Username=infra;Database=$5" \
    dotnet "$2" export "$3" --format "$4" --out "$OUT/$1-$3.$4"
}

declare -A OGR_FORMAT=([geojson]=GeoJSON [csv]=CSV [gpkg]=GPKG)
for round in $(seq 1 "$ROUNDS"); do
  say "Round $round of $ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))"
  for layer in base-stations fiber-routes; do
    table="${layer//-/_}" sql_var="SQL_${layer//-/_}"
    for format in geojson csv gpkg; do
      rm -f "$OUT"/*
      export_with infra "$APP_DLL" "$layer" "$format" export_big
      [ -z "$BASE" ] || export_with base "$BASE" "$layer" "$format" export_big
      lco=()
      [ "$format" = csv ] && lco=(-lco GEOMETRY=AS_WKT)
      measure ogr2ogr "$layer" "$format" export_big -- ogr2ogr -f "${OGR_FORMAT[$format]}" "$OUT/ogr-$layer.$format" \
        "PG:host=127.0.0.1 port=$PORT user=infra dbname=export_big" -sql "${!sql_var}" -nln "$table" "${lco[@]}"
      [ "$format" != csv ] || measure copy "$layer" csv export_big -- psql -h 127.0.0.1 -p "$PORT" -U infra -d export_big \
        -v ON_ERROR_STOP=1 -q -c "\\copy (${!sql_var//$'\n'/ }) TO '$OUT/copy-$layer.csv' CSV HEADER"
    done
  done
done

say "Peak memory at a quarter of the rows (streaming: it should not grow with the layer)"
for layer in base-stations fiber-routes; do
  for format in geojson csv gpkg; do export_with infra "$APP_DLL" "$layer" "$format" export_small; done
done
rm -rf "$OUT"

python3 - "$RESULTS" <<'PY'
import sys, statistics as st, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for tool, layer, fmt, db, secs, rss in rows:
    by[(layer, fmt, db, tool)].append((float(secs), int(rss)))
med = lambda k: st.median(x[0] for x in by[k])
for layer in ("base-stations", "fiber-routes"):
    for fmt in ("geojson", "csv", "gpkg"):
        k = lambda t, db="export_big": (layer, fmt, db, t)
        line = f"{layer:14} {fmt:8} infra {med(k('infra')):6.1f} s ({min(x[0] for x in by[k('infra')]):.1f}-{max(x[0] for x in by[k('infra')]):.1f})"
        if by[k("base")]:
            line += f", base {med(k('base')):6.1f} s"
        line += f", ogr2ogr {med(k('ogr2ogr')):6.1f} s: {med(k('ogr2ogr')) / med(k('infra')):.2f}x ogr2ogr's rate"
        if by[k("copy")]:
            line += f", \\copy {med(k('copy')):5.1f} s: {med(k('copy')) / med(k('infra')):.0%} of its rate"
        rss = lambda db: max(x[1] for x in by[k("infra", db)]) / 1024
        line += f"; peak RSS {rss('export_small'):.0f} MB at a quarter, {rss('export_big'):.0f} MB in full"
        print(line)
PY
