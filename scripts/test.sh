#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), and runs the whole suite with ctest
# against a sandbox of real servers that the suite starts and stops itself.
# Usage: scripts/test.sh [extra ctest arguments, e.g. -R tst_locks]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
start=$(date +%s)
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)"
# The Release build run.sh makes (-O3 raises warnings -O2 does not): it must build too.
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
# The .deb from that release build (package.sh reuses it), unpacked with dpkg -x and checked as a
# user would get it: libraries resolved, the installed programs run, every file in its place.
package_rc=0
deb=$(scripts/package.sh | tail -n 1) && scripts/check-package.sh "$deb" || package_rc=$?
# Without the console (-DLOCKSCOPE_BUILD_GUI=OFF) everything else, the tests included, must
# configure, build, link and pass its unit tests. A cold build costs 2-4 min on 2 cores (then it
# is incremental): LOCKSCOPE_SKIP_NOGUI=1 skips it.
if [ "${LOCKSCOPE_SKIP_NOGUI:-0}" != 1 ]; then
  cmake -S . -B build/nogui -G Ninja -DLOCKSCOPE_BUILD_GUI=OFF -DLOCKSCOPE_WERROR=ON >/dev/null
  cmake --build build/nogui -j "$(nproc)"
  ctest --test-dir build/nogui --output-on-failure -L unit
fi
# The parsers of outside text under libFuzzer (ASan + UBSan), each for LOCKSCOPE_FUZZ_SECONDS
# (20) on a copy of its corpus: a crash or broken invariant fails the run. Only connectors, core
# and tests/fuzz are built (clang-14). LOCKSCOPE_SKIP_FUZZ=1 skips it.
fuzz_rc=0
if [ "${LOCKSCOPE_SKIP_FUZZ:-0}" != 1 ]; then
  fuzz_start=$(date +%s)
  cmake --preset fuzz -DLOCKSCOPE_FUZZ_SECONDS="${LOCKSCOPE_FUZZ_SECONDS:-20}" >/dev/null
  cmake --build --preset fuzz -j "$(nproc)"
  ctest --test-dir build/fuzz --output-on-failure -L fuzz -j "$(nproc)" || fuzz_rc=$?
  echo "test.sh: fuzz build + run took $(( $(date +%s) - fuzz_start )) s"
fi
# The GUI tests draw offscreen; nothing needs a display.
export QT_QPA_PLATFORM=offscreen
set +e
ctest --test-dir build/dev --output-on-failure --timeout 600 "$@"
rc=$?
set -e
# A failed run must not leave servers behind.
if [ -f build/dev/test-sandbox/stack.json ]; then
  build/dev/bin/lockscope-cli sandbox down --dir build/dev/test-sandbox || true
fi
echo "test.sh: build + tests took $(( $(date +%s) - start )) s, ctest exit code $rc, package check exit code $package_rc, fuzz $fuzz_rc"
[ "$rc" -ne 0 ] && exit "$rc"
[ "$package_rc" -ne 0 ] && exit "$package_rc"
exit "$fuzz_rc"
