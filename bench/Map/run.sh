#!/usr/bin/env bash
# The map benchmark, side by side in one run (docs/PERFORMANCE.md, "Map"):
#   tiles   Infra cold (tile cache off) and warm, with wrk over realistic z8–z14 tile paths; the same tiles' SQL run
#           straight through Npgsql; nginx serving the same tiles pre-generated (the cached ceiling)
#   image   a county at 1024×768: Infra's /api/maps/render.png (cold and warm) against MapServer's map2img on the same layers
# Data: whatever the data directory holds — the demo by default; point INFRA_BENCH_DATA at a data directory loaded with
# the national-scale generator's output to measure that instead. Usage: bench/Map/run.sh [seconds per tile run, default 20]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/Map"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
SECONDS_PER_RUN="${1:-20}"
DATA="${INFRA_BENCH_DATA:-$ROOT/.infra/bench-map}"
WORK="$DATA/work"
AS_OF=2010-12-31
# The county drawn in the image comparison: 确山县 (Queshan) in the demo data; any county code of another data set.
COUNTY="${INFRA_BENCH_COUNTY:-411725}"
PORT_INFRA=5191 PORT_NGINX=5192
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_dotnet
need_node
need_packages postgresql-15-postgis-3 fonts-noto-cjk wrk nginx-light mapserver-bin
mkdir -p "$WORK"

build_app
say "Building the tile bench (Release)"
dotnet build "$HERE/TileBench/TileBench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
API="$APP_DLL"
BENCH="$HERE/TileBench/bin/Release/net10.0/Infra.TileBench.dll"

# The cluster is held by a process of its own, so each Infra run joins it and none stops it on exit.
HOLD_PID=""
stop_hold() { if [ -n "$HOLD_PID" ]; then kill "$HOLD_PID" 2>/dev/null || true; wait "$HOLD_PID" 2>/dev/null || true; HOLD_PID=""; fi; }
INFRA_PID=""
stop_infra() { if [ -n "$INFRA_PID" ]; then kill "$INFRA_PID" 2>/dev/null || true; wait "$INFRA_PID" 2>/dev/null || true; INFRA_PID=""; fi; }
NGINX_PID=""
stop_nginx() { if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""; fi; }
trap 'stop_infra; stop_nginx; stop_hold' EXIT

# Starts Infra on the bench data directory; $1 is the tile cache size in MiB (0 = off).
start_infra() {
  Infra__DataDir="$DATA" Map__TileCacheMb="$1" Logging__LogLevel__Default=Warning \
    dotnet "$API" serve --urls "http://127.0.0.1:$PORT_INFRA" >"$WORK/infra.log" 2>&1 &
  INFRA_PID=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$PORT_INFRA/healthz" >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "Infra did not start; see $WORK/infra.log"
}

# wrk over the path list: prints "rate p50 p99" (requests/s, ms).
run_wrk() {
  local out
  # A short unmeasured run first, so start-up (JIT, connection pools, prepared statements) is not in the figures.
  PATHS_FILE="$WORK/paths.txt" wrk -t2 -c4 -d5s -s "$HERE/paths.lua" "$1" >/dev/null
  out="$(PATHS_FILE="$WORK/paths.txt" wrk -t2 -c4 -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/paths.lua" "$1")"
  echo "$out" >>"$WORK/wrk.log"
  local rate p50 p99
  rate="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  echo "$rate $p50 $p99"
}

# Median of N timings (seconds) of a command, in ms.
median_ms() {
  local n=$1; shift
  local times=()
  for _ in $(seq 1 "$n"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

say "Infra, tile cache off (cold)"
if [ ! -f "$DATA/secrets.json" ]; then
  # First run: let Infra create the cluster and load the demo data, then hand the cluster to the holder.
  start_infra 0
  stop_infra
fi
dotnet "$BENCH" hold --data-dir "$DATA" >"$WORK/hold.log" 2>&1 &
HOLD_PID=$!
for _ in $(seq 1 120); do grep -q "cluster ready" "$WORK/hold.log" 2>/dev/null && break; sleep 1; done
start_infra 0
dotnet "$BENCH" paths --data-dir "$DATA" --out "$WORK/paths.txt" --as-of "$AS_OF"
read -r COLD_RATE COLD_P50 COLD_P99 < <(run_wrk "http://127.0.0.1:$PORT_INFRA")

say "The same tiles' SQL through Npgsql (no HTTP, no cache)"
RAW="$(dotnet "$BENCH" raw --data-dir "$DATA" --paths "$WORK/paths.txt" --seconds "$SECONDS_PER_RUN" --connections 4)"
echo "$RAW"

CONNINFO="$(dotnet "$BENCH" conninfo --data-dir "$DATA")"
read -r MINX MINY MAXX MAXY < <(psql "$CONNINFO" -Atc "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT boundary AS b FROM counties WHERE code = '$COUNTY') c" | tr '|' ' ')
LAYERS=counties,townships,boundaries,fiber-routes,switching-nodes,base-stations,villages
IMAGE_URL="http://127.0.0.1:$PORT_INFRA/api/maps/render.png?bbox=$MINX,$MINY,$MAXX,$MAXY&width=1024&height=768&service=broadband&asOf=$AS_OF&layers=$LAYERS"
say "County image, Infra with the tile cache off"
curl -fsS -o "$WORK/infra-county.png" "$IMAGE_URL"
IMG_COLD="$(median_ms 15 curl -fsS -o /dev/null "$IMAGE_URL")"
stop_infra

say "Infra, tile cache on (warm: every path requested once first)"
start_infra 512
rm -rf "$WORK/tiles"
dotnet "$BENCH" fetch --base "http://127.0.0.1:$PORT_INFRA" --paths "$WORK/paths.txt" --out "$WORK/tiles"
read -r WARM_RATE WARM_P50 WARM_P99 < <(run_wrk "http://127.0.0.1:$PORT_INFRA")
curl -fsS -o /dev/null "$IMAGE_URL"
IMG_WARM="$(median_ms 15 curl -fsS -o /dev/null "$IMAGE_URL")"
stop_infra

say "nginx serving the same tiles as files"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/vnd.mapbox-vector-tile pbf; }
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $WORK/tiles;
    etag on;
    location /tiles/ { try_files \$uri =204; add_header Cache-Control "public, max-age=30"; }
  }
}
NGINX
/usr/sbin/nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
sleep 1
read -r NGINX_RATE NGINX_P50 NGINX_P99 < <(run_wrk "http://127.0.0.1:$PORT_NGINX")
stop_nginx

say "County image, MapServer map2img on the same layers"
printf 'noto /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc\n' >"$WORK/fonts.txt"
read -r EMINX EMINY EMAXX EMAXY < <(psql "$CONNINFO" -Atc "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Transform(boundary, 3857) AS b FROM counties WHERE code = '$COUNTY') c" | tr '|' ' ')
sed -e "s|@EXTENT@|$EMINX $EMINY $EMAXX $EMAXY|" -e "s|@CONNINFO@|$CONNINFO|g" -e "s|@ASOF@|$AS_OF|g" -e "s|@DIR@|$WORK|" \
  "$HERE/county.map.in" >"$WORK/county.map"
map2img -m "$WORK/county.map" -o "$WORK/mapserver-county.png" >/dev/null
IMG_MAPSERVER="$(median_ms 15 map2img -m "$WORK/county.map" -o "$WORK/mapserver-county.png")"

PLACES="$(psql "$CONNINFO" -Atc "SELECT count(*) FROM villages")"
STATIONS="$(psql "$CONNINFO" -Atc "SELECT count(*) FROM base_stations")"
echo
echo "Map benchmark: $PLACES places, $STATIONS stations; $(wc -l <"$WORK/paths.txt") tile paths; ${SECONDS_PER_RUN}s per tile run, wrk -t2 -c4"
printf '%-34s %10s %9s %9s\n' "tiles" "req/s" "p50" "p99"
printf '%-34s %10s %9s %9s\n' "Infra cold (cache off)" "$COLD_RATE" "$COLD_P50" "$COLD_P99"
printf '%-34s %10s %9s %9s\n' "Infra warm (cache on)" "$WARM_RATE" "$WARM_P50" "$WARM_P99"
printf '%-34s %10s %9s %9s\n' "nginx, pre-generated files" "$NGINX_RATE" "$NGINX_P50" "$NGINX_P99"
echo "$RAW"
echo "county image 1024x768 (median of 15): Infra cold ${IMG_COLD} ms, Infra warm ${IMG_WARM} ms, MapServer map2img ${IMG_MAPSERVER} ms"
echo "images: $WORK/infra-county.png, $WORK/mapserver-county.png; raw wrk output: $WORK/wrk.log"
