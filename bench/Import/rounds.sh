#!/usr/bin/env bash
# Many short rounds instead of a few long runs: on a small shared machine one run's ratio moves by ±20 %, so a change is
# judged by alternating it with what it is compared to, round after round, and by medians.
# Reuses the cluster, template and files of bench/Import/run.sh (run that first).
# Usage: bench/Import/rounds.sh [routes|stations] [rows=100000] [rounds=10] [BASE_DLL]
# Each round imports the file with the build ./infra runs, then (when BASE_DLL names another build of Infra.Api.dll,
# e.g. one published from an older commit) with that build, then loads the same rows with psql \copy; each on a fresh
# copy of the template. Prints each round (seconds, load, Infra's phase times) and the medians and ratios.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
KIND="${1:-routes}" ROWS="${2:-100000}" ROUNDS="${3:-10}" BASE="${4:-}"
# shellcheck source=bench/Import/cluster.sh
source "$ROOT/bench/Import/cluster.sh"
case "$KIND" in
  routes) FILE="$WORK/routes-$ROWS.geojson" LAYER=fiber-routes CARRIER=cu TABLE=fiber_routes COLS="$FR_COLS" ;;
  stations) FILE="$WORK/stations-$ROWS.csv" LAYER=base-stations CARRIER=cmcc TABLE=base_stations COLS="$ST_COLS" ;;
  *) die "routes or stations, not $KIND" ;;
esac
COPY_FILE="${FILE%.*}.copy.csv"
[ -f "$FILE" ] && [ -f "$COPY_FILE" ] && [ -f "$APP_DLL" ] || die "run bench/Import/run.sh first (it builds Infra and writes $FILE)"
[ -z "$BASE" ] || [ -f "$BASE" ] || die "no build at $BASE"
start_cluster
RESULTS="$WORK/rounds.tsv"
: >"$RESULTS"

for round in $(seq 1 "$ROUNDS"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  infra=$(timed "${INFRA_ENV[@]}" dotnet "$APP_DLL" import "$FILE" --carrier "$CARRIER" --layer "$LAYER")
  phases="$(grep '^time:' "$WORK/last.log" || true)"
  base=-
  [ -z "$BASE" ] || base=$(timed "${INFRA_ENV[@]}" dotnet "$BASE" import "$FILE" --carrier "$CARRIER" --layer "$LAYER")
  copy=$(timed copy_rows "$TABLE" "$COLS" "$COPY_FILE")
  printf '%s\t%s\t%s\t%s\t%s\n' "$infra" "$base" "$copy" "$load" "$phases" | tee -a "$RESULTS"
done

python3 - "$RESULTS" "$KIND" "$ROWS" <<'PY'
import statistics as st, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
infra = [float(r[0]) for r in rows]; copy = [float(r[2]) for r in rows]
med = lambda xs: st.median(xs)
print(f"{sys.argv[2]} ({int(sys.argv[3]):,} rows), {len(rows)} rounds: infra {med(infra):.2f} s ({min(infra):.2f}-{max(infra):.2f}), "
      f"\\copy {med(copy):.2f} s ({min(copy):.2f}-{max(copy):.2f}); infra/\\copy {med(copy)/med(infra):.0%} as a ratio of medians, "
      f"{med([c / i for i, c in zip(infra, copy)]):.0%} as the median of the rounds' ratios")
if rows[0][1] != "-":
    base = [float(r[1]) for r in rows]
    print(f"base build {med(base):.2f} s ({min(base):.2f}-{max(base):.2f}), {med(copy)/med(base):.0%} of \\copy; "
          f"this build faster in {sum(i < b for i, b in zip(infra, base))} of {len(rows)} rounds, {med(base)/med(infra):.2f}x by medians")
PY
