#!/usr/bin/env bash
# Installs what is missing, builds LockScope (Release), starts a local sandbox of real servers,
# loads the demo inventory, and opens the console connected to it.
# Ctrl+C, or closing the window, stops the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
cli="$root/build/release/bin/lockscope-cli"
gui="$root/build/release/bin/lockscope"
sandbox="${LOCKSCOPE_SANDBOX_DIR:-$root/.sandbox}"

stop_sandbox() {
  if [ -f "$sandbox/stack.json" ]; then
    echo "run.sh: stopping the sandbox in $sandbox"
    "$cli" sandbox down --dir "$sandbox" || true
  fi
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

echo "run.sh: starting Redis, ZooKeeper and PostgreSQL on loopback in $sandbox"
"$cli" sandbox up --dir "$sandbox" --detach --replace >/dev/null
"$cli" sandbox status --dir "$sandbox"
if "$cli" --help 2>/dev/null | grep -q '^  shop'; then
  "$cli" shop load-demo --sandbox "$sandbox"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat <<MSG

run.sh: no display found, so the console cannot open a window.
Use the command-line client against the same sandbox instead, for example:
  $cli sandbox status --dir $sandbox
  $cli --help
Or run the console under a virtual display:
  xvfb-run -a -s '-screen 0 1280x800x24' scripts/run.sh
MSG
  if [ -t 0 ]; then
    echo "The sandbox stays up until you press Ctrl+C."
    while true; do sleep 3600; done
  fi
  exit 0
fi

"$gui" --sandbox "$sandbox"
