#!/usr/bin/env bash
# Runs every test suite (Debug build) against a real, throwaway PostGIS that each suite starts for itself,
# then prints one line per suite and a last line "N passed, N failed" over all of them.
# Extra arguments go to every `dotnet test` (e.g. --filter "FullyQualifiedName~Rls").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_dotnet
need_node
need_packages postgresql-15-postgis-3
# Reports print PDFs with Chromium and read them back with pdftotext; Map.Tests drive Chromium and draw Chinese
# labels; the OGC tests read the layers back with GDAL.
need_packages chromium fonts-noto-cjk poppler-utils gdal-bin

RESULTS="$ROOT/.infra/test-results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
# Screenshots and images that failed their golden comparison are kept here too.
export INFRA_TEST_RESULTS="$RESULTS"
say "Building the solution"
dotnet build "$ROOT/Infra.sln" -c Debug -nologo -v quiet -clp:ErrorsOnly

suites=(tests/*/*.Tests.csproj)
status=0
for project in "${suites[@]}"; do
  name="$(basename "$project" .csproj)"
  say "Running $name"
  if ! dotnet test "$project" -c Debug --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$RESULTS" "$@"; then
    status=1
  fi
done

# Sum the counters of every suite's TRX file; a suite that produced none (it crashed or did not build) counts as failed.
passed=0 failed=0
for project in "${suites[@]}"; do
  name="$(basename "$project" .csproj)"
  trx="$RESULTS/$name.trx"
  if [ -f "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
    t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f=$(( ${f:-0} + ${e:-0} + ${t:-0} ))
    printf '%-20s %5d passed, %d failed\n' "$name" "${p:-0}" "$f"
    passed=$(( passed + ${p:-0} )); failed=$(( failed + f ))
  else
    printf '%-20s did not run (no results): counted as 1 failed\n' "$name"
    failed=$(( failed + 1 ))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
