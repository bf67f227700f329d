#!/usr/bin/env bash
# Re-extracts the console's strings into translations/*.ts, keeping existing translations.
# core/backends holds the texts the console shows from core: kind descriptions (LockKind) and
# release plans (ReleasePlan); core/diagram the sequence diagram's labels and why paragraphs;
# elsewhere core stays English.
# -I . lets lupdate resolve "gui/..." includes, so contexts carry the lockscope:: namespace
# exactly as moc's class names (which tr() looks them up by) do.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/lib/qt6/bin/lupdate -I . gui core/backends core/diagram -ts translations/lockscope_de.ts -no-obsolete -locations none
echo "unfinished: $(grep -c 'type="unfinished"' translations/lockscope_de.ts || true)"
