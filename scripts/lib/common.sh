# Shared by scripts/run.sh and scripts/test.sh: installing Debian packages and configuring builds.
# shellcheck shell=bash

LEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Everything the build, the server and the tests need, from Debian 12 only.
LEDGER_PACKAGES=(
  g++ cmake ninja-build ccache pkg-config make
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libpq-dev libssl-dev libabsl-dev openssl
  postgresql-15
  googletest libgtest-dev libgmock-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  libcpp-httplib-dev libqrencode-dev
  util-linux passwd
  ledger hledger
  clang libclang-rt-14-dev
  nodejs chromium fonts-noto-cjk
)
# npm comes with some builds of nodejs (NodeSource's) and is a package of its own in Debian's.
command -v npm >/dev/null 2>&1 || LEDGER_PACKAGES+=(npm)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the packages that are missing (nothing when all are present). Works as root, or
# through sudo for an ordinary user.
ledger_install_packages() {
  local missing=()
  local p
  for p in "${LEDGER_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  say "installing missing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install ${missing[*]} yourself"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# ledger_build <build-dir> <targets|all> <cmake args...>: configure and build with Ninja.
ledger_build() {
  local dir="$1"
  local targets="$2"
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    say "configuring $dir"
    cmake -S "$LEDGER_ROOT" -B "$dir" -G Ninja "$@" >/dev/null || die "cmake configure failed"
  else
    cmake -S "$LEDGER_ROOT" -B "$dir" "$@" >/dev/null || die "cmake configure failed"
  fi
  say "building $dir ($targets)"
  if [ "$targets" = all ]; then
    cmake --build "$dir" || die "build failed"
  else
    # shellcheck disable=SC2086
    cmake --build "$dir" --target $targets || die "build failed"
  fi
}

# The browser tests' npm packages (tests/browser/package-lock.json: playwright-core only; it never
# downloads a browser, the tests use Debian's /usr/bin/chromium). `npm ci` runs only when
# node_modules was not installed from this very lockfile, so a current checkout needs no network.
ledger_install_browser_deps() {
  local dir="$LEDGER_ROOT/tests/browser"
  local stamp="$dir/node_modules/.ledger-package-lock.sha256"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || die "npm not found: install Debian's npm package"
  say "installing the browser tests' npm packages (npm ci in tests/browser)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci in tests/browser failed (the npm registry must be reachable once)"
  echo "$want" >"$stamp"
}
