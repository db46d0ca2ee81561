# Shared by ./infra and the scripts: messages, and installing the Debian packages a verb needs.
# shellcheck shell=bash

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'infra: %s\n' "$*" >&2; exit 1; }

# A file that shows each Debian package is present.
declare -A PROVIDES=(
  [postgresql-15-postgis-3]=/usr/share/postgresql/15/extension/postgis.control
  [chromium]=/usr/bin/chromium
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  [gdal-bin]=/usr/bin/ogrinfo
  [poppler-utils]=/usr/bin/pdftotext
  [wrk]=/usr/bin/wrk
  [nginx-light]=/usr/sbin/nginx
  [mapserver-bin]=/usr/bin/map2img
  [nodejs]=/usr/bin/node
  [npm]=/usr/bin/npm
)

# Installs the missing packages as root or through sudo; otherwise prints the exact command and fails.
need_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    [ -e "${PROVIDES[$pkg]}" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local install=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "Installing ${missing[*]} (sudo)"
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Install them with:
    sudo apt-get update && sudo ${install[*]}"
  fi
}

# The map viewer is bundled with npm at build time (src/Map/web); Node.js 18+ from Debian will do.
need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then need_packages nodejs npm; fi
}

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK 10 is not installed. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), e.g.:
    sudo apt-get install -y dotnet-sdk-10.0"
}

# Infra's app, as every verb and benchmark runs it: published ReadyToRun, so its code and its libraries (EF Core,
# Npgsql, NetTopologySuite…) are compiled ahead of time and a verb starts without JIT-compiling them: any verb's whole
# process takes ~0.9 s less, and the import's start-up fell from 1.7–2.1 s to 0.9–1.2 s (docs/PERFORMANCE.md). Hot
# methods are still recompiled by the JIT's later tier, so a long-running server ends up as fast as a JIT build.
# MSBuild's own up-to-date check took 4.4–4.9 s on every verb when nothing had changed, so build_app runs `dotnet
# publish` only when the app's inputs (app_inputs) differ from those of the last successful publish.
# A CLI verb runs for seconds, not hours: profile-guided recompilation (TieredPGO) cost the import 2–3 s of CPU on
# 100,000 routes (6.8–9.5 s user instead of 4.6–6.3 s) and pays back only in a long-running server, which keeps it.
CLI_ENV=(DOTNET_TieredPGO=0)
APP_PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Api"
APP_DLL="$APP_PROJECT/bin/app/Infra.Api.dll"

# A fingerprint of what the published app is built from: each source file of its projects (path, size and time, so an
# edit, a checkout, or a file added, deleted or renamed changes it, whichever way its time moves), the build settings
# at the root, this file (the publish command) and the installed SDKs. Build output, npm's packages and the viewer's
# bundle are not inputs. ~10 ms.
app_inputs() {
  local repo="${APP_PROJECT%/src/Api}"
  {
    find "$repo/src" "$repo/geodata" \( -name bin -o -name obj -o -name node_modules -o -path "$repo/src/Map/web/dist" \) -prune \
      -o -type f -printf '%p %s %T@\n'
    find "$repo" -maxdepth 1 -type f \( -name 'Directory.*' -o -name global.json -o -name .editorconfig -o -iname nuget.config \) \
      -printf '%p %s %T@\n'
    find "$repo/scripts/lib.sh" -printf '%p %s %T@\n'
    ls "$(dirname "$(readlink -f "$(command -v dotnet)")")/sdk" 2>/dev/null || true
  } | sha1sum | cut -d' ' -f1
}

build_app() {
  need_dotnet
  local stamp inputs
  stamp="$(dirname "$APP_DLL")/.inputs"
  inputs="$(app_inputs)"
  [ -f "$APP_DLL" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ] && return 0
  need_node
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) die "no .NET runtime identifier for $(uname -m)" ;;
  esac
  say "Building (Release, ReadyToRun)"
  rm -f "$stamp"
  dotnet publish "$APP_PROJECT/Infra.Api.csproj" -c Release -r "linux-$arch" --self-contained false \
    -p:PublishReadyToRun=true -o "$(dirname "$APP_DLL")" -nologo -v quiet -clp:ErrorsOnly
  echo "$inputs" >"$stamp"
}
