#!/usr/bin/env bash
# Regenerates the README's screenshots from the real console under Xvfb, against a sandbox of
# real servers with locks of several kinds held while the pictures are taken.
# Two sizes: docs/screenshots/*.png at 1440x900 (the README's) and docs/screenshots/1024x640/
# (nothing essential may be cut off there). The German console (--lang de) goes to
# docs/screenshots/de/ and docs/screenshots/de/1024x640/ at the same two sizes.
# Usage: scripts/screenshots.sh [build dir, default build/dev] [languages, default "en de"]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
langs=${2:-en de}
cli="$build/bin/lockscope-cli"
gui="$build/bin/lockscope"
[ -x "$cli" ] && [ -x "$gui" ] || { echo "build first (scripts/test.sh or cmake --build --preset dev)" >&2; exit 1; }
sb=$(mktemp -d /tmp/lockscope-shots.XXXXXX)
chmod 755 "$sb"
pids=()
cleanup() {
  exec 7>&- 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$cli" sandbox down --dir "$sb/sandbox" >/dev/null 2>&1 || true
  rm -rf "$sb"
}
trap cleanup EXIT
"$cli" sandbox up --dir "$sb/sandbox" --detach >/dev/null
"$cli" shop load-demo --sandbox "$sb/sandbox" >/dev/null
# Locks held by separate processes while the pictures are taken.
"$cli" locks hold --sandbox "$sb/sandbox" --strategy redis --resource item:1 --lease-ms 120000 >/dev/null & pids+=($!)
"$cli" locks hold --sandbox "$sb/sandbox" --strategy zookeeper --resource order:77 >/dev/null & pids+=($!)
sleep 1 # the second contender must queue behind the first: a waiter in the picture
"$cli" locks hold --sandbox "$sb/sandbox" --strategy zookeeper --resource order:77 >/dev/null 2>&1 & pids+=($!)
"$cli" locks hold --sandbox "$sb/sandbox" --strategy lease --resource invoice:3 --lease-ms 90000 >/dev/null & pids+=($!)
"$cli" locks hold --sandbox "$sb/sandbox" --strategy pg-advisory --resource report:daily >/dev/null & pids+=($!)
redis=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['redis'])" "$sb/sandbox/stack.json")
port=${redis##*:}; port=${port%%/*}
redis-cli -p "$port" SET checkout:cart:991:lock 0123456789abcdef0123456789abcdef PX 60000 >/dev/null
redis-cli -p "$port" SET nightly-report-lock 1718000000 >/dev/null
redis-cli -p "$port" SET "lock:2" a PX 120000 >/dev/null
redis-cli -p "$port" SET "lock:10" b PX 120000 >/dev/null
# Audit rows: a stale lock force-released, and one refused because it changed since it was seen.
redis-cli -p "$port" SET cart:7:lock crashed-worker-3 >/dev/null
"$cli" locks release --sandbox "$sb/sandbox" --backend redis --resource cart:7:lock \
  --expect crashed-worker-3 --reason "holder crashed, no TTL" --yes >/dev/null
redis-cli -p "$port" SET cart:8:lock worker-5 PX 120000 >/dev/null
"$cli" locks release --sandbox "$sb/sandbox" --backend redis --resource cart:8:lock \
  --expect worker-4 --reason "looked stuck" --yes >/dev/null 2>&1 || true
# A psql session that ran UPDATE and sits idle in transaction, a FOR UPDATE queued behind it.
pg=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['postgres'])" "$sb/sandbox/stack.json")
mkfifo "$sb/psql-in"
psql -q "$pg" -v ON_ERROR_STOP=1 <"$sb/psql-in" >/dev/null 2>&1 & pids+=($!)
exec 7>"$sb/psql-in"
echo "SET application_name = 'psql'; BEGIN; UPDATE lockscope.items SET stock = stock WHERE id = 3;" >&7
sleep 1
psql -q "$pg" -c "SET application_name = 'checkout-worker'; SELECT id FROM lockscope.items WHERE id = 3 FOR UPDATE" >/dev/null 2>&1 & pids+=($!)
# Fresh settings: no window geometry restored from an earlier run.
export XDG_CONFIG_HOME="$sb/config"
# The Timeline and Statistics pages show what this run records (the demo, the holds above).
export LOCKSCOPE_HISTORY_DB="$sb/history.sqlite"
for lang in $langs; do
  for size in 1440x900 1024x640; do
    out=docs/screenshots
    [ "$lang" = en ] || out=$out/$lang
    [ "$size" = 1440x900 ] || out=$out/$size
    mkdir -p "$out"
    xvfb-run -a -s "-screen 0 ${size}x24" "$gui" -qwindowgeometry "$size+0+0" --lang "$lang" \
      --sandbox "$sb/sandbox" --screenshots "$out" 2>/dev/null
    ls "$out"
  done
done
