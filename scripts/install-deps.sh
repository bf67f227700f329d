#!/usr/bin/env bash
# Installs exactly the Debian 12 packages LockScope needs that are missing.
# Idempotent: does nothing when everything is present. Runs `apt-get update`
# at most once, and only when something has to be installed.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git
  # libFuzzer targets (cmake --preset fuzz): clang and its fuzzer/sanitizer runtimes
  clang-14 libclang-rt-14-dev
  # Qt 6 (qt6-base-dev only recommends the OpenGL CMake files Charts needs)
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6opengl6-dev libxkbcommon-dev qt6-qpa-plugins qtkeychain-qt6-dev libqt6svg6
  # the sequence diagram (core/diagram): QSvgGenerator for `demo render --out F.svg`
  qt6-svg-dev
  # the history store (core/history): Qt SQL's SQLite driver
  libqt6sql6-sqlite
  # client libraries
  libhiredis-dev libzookeeper-mt-dev libpqxx-dev libpq-dev
  # TLS and SSH tunnels under them
  libssl-dev libssh-dev
  # servers the sandbox starts (postgresql-contrib: pgrowlocks)
  redis-server zookeeper default-jre-headless postgresql-15 postgresql-contrib
  # sandbox up --secure: an sshd as the tunnel host, ssh-keygen for its keys
  openssh-server openssh-client
  # GUI tests and screenshots
  xvfb xauth imagemagick fonts-dejavu-core
  # packaging: man pages, the .deb (file: CPack's dpkg-shlibdeps step) and its checks
  help2man file dpkg-dev appstream desktop-file-utils lintian man-db
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "install-deps: missing packages (${missing[*]}) and not root, no sudo" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
