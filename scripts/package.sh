#!/usr/bin/env bash
# Builds LockScope's .deb: installs what is missing, configures and builds the release preset
# (build/release, reused when it is already built), runs `cpack -G DEB` there, and prints the
# .deb's path as the last line of its output (progress goes to stderr).
# Check it with: scripts/check-package.sh "$(scripts/package.sh | tail -n 1)"
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
rm -f build/release/package/lockscope_*.deb
(cd build/release && cpack -G DEB >&2)
debs=(build/release/package/lockscope_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "package.sh: no .deb made" >&2; exit 1; }
echo "$PWD/${debs[0]}"
