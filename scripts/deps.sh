#!/bin/sh
# deps.sh - installs the Debian packages dinh needs, and only the missing ones.
#
#   scripts/deps.sh           what `make` needs to build and run dinh
#   scripts/deps.sh --test    also what `make test` needs (nginx, Chromium, Java, Node)
#   scripts/deps.sh --bench   also what `make bench` needs (wrk, nginx)
#
# Runs apt-get as root, or through sudo. Waits for the package lock when
# another apt is running. Never installs recommended packages.
set -eu

build="gcc make pkg-config libh2o-evloop-dev libssl-dev libsqlite3-dev sqlite3 libutf8proc-dev
libsodium-dev zlib1g-dev libisal-dev libpng-dev libgumbo-dev gzip libmagic-dev libvips-dev libxlsxwriter-dev
libzip-dev libxml2-dev libqrencode-dev"
test_pkgs="libcmocka-dev nginx openssl python3 chromium default-jre-headless curl libxml2-utils libvips-tools python3-openpyxl
zbar-tools"
bench_pkgs="wrk nginx procps valgrind python3-openpyxl"

want="$build"
for arg in "$@"; do
    case "$arg" in
    --test) want="$want $test_pkgs" ;;
    --bench) want="$want $bench_pkgs" ;;
    *) echo "deps.sh: unknown option $arg (use --test or --bench)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
# Node.js may come from another source than Debian (with its own npm):
# only ask Debian for it when there is no node and npm at all.
case " $want " in
*" chromium "*)
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        missing="$missing nodejs npm"
    fi
    ;;
esac
[ -z "$missing" ] && exit 0

echo "deps.sh: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo"
else
    echo "deps.sh: need root (or sudo) to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt="$run apt-get -o DPkg::Lock::Timeout=600 -q -y"
# A fresh machine has no package lists yet; an old list may name versions
# that are gone, so refresh once before installing.
$apt update >/dev/null
# shellcheck disable=SC2086
$apt install --no-install-recommends $missing
