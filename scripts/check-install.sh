#!/usr/bin/env bash
# Checks an installed LockScope tree: every file a user needs is there and well-formed, every
# binary resolves its libraries, and the installed programs answer --version and --help without
# a display. Exits non-zero, naming each failure, when anything is wrong.
# Usage: scripts/check-install.sh ROOT [PREFIX]          a tree installed under ROOT (default
#                                                         PREFIX /usr: ROOT/usr/bin/lockscope)
#        scripts/check-install.sh --from-build BUILD ROOT  first `cmake --install BUILD` into ROOT
#                                                         (DESTDIR, prefix /usr), then check it
# scripts/check-package.sh runs it on a .deb unpacked with dpkg -x; CTest's install_tree on the
# dev build. Optional tools (desktop-file-validate, appstreamcli, man) are used when present.
set -uo pipefail

if [ "${1:-}" = --from-build ]; then
    build=$2 root=$3
    rm -rf "$root"
    DESTDIR="$root" cmake --install "$build" --prefix /usr >"$root.install.log" 2>&1 || {
        echo "check-install: cmake --install $build failed:" >&2
        cat "$root.install.log" >&2
        exit 1
    }
    prefix=/usr
else
    root=${1:?usage: check-install.sh ROOT [PREFIX] | --from-build BUILD ROOT}
    prefix=${2:-/usr}
fi
base=$root$prefix
failures=0
fail() { echo "check-install: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "check-install: ok: $*"; }
need_file() { # path under $base, what it is
    if [ -s "$base/$1" ]; then ok "$2 ($prefix/$1)"; else fail "$2 missing or empty: $prefix/$1"; fi
}

# Binaries: present, every library resolved.
for bin in lockscope lockscope-cli; do
    exe=$base/bin/$bin
    if [ ! -x "$exe" ]; then fail "$prefix/bin/$bin missing or not executable"; continue; fi
    missing=$(ldd "$exe" 2>&1 | grep -E 'not found|not a dynamic' || true)
    if [ -n "$missing" ]; then fail "$bin: unresolved libraries: $missing"; else ok "$bin: ldd resolves every library"; fi
done

# The installed programs run: --version (one version for both), --help without any display.
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=)
cli_version=$("${nodisplay[@]}" "$base/bin/lockscope-cli" --version 2>&1 | head -n 1)
gui_version=$("${nodisplay[@]}" "$base/bin/lockscope" --version 2>&1 | head -n 1)
if [[ $cli_version =~ ^lockscope-cli\ ([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
    version=${BASH_REMATCH[1]}
    ok "lockscope-cli --version: $cli_version"
else
    version=""
    fail "lockscope-cli --version printed '$cli_version'"
fi
if [ -n "$version" ] && [ "$gui_version" = "lockscope $version" ]; then
    ok "lockscope --version: $gui_version"
else
    fail "lockscope --version printed '$gui_version' (expected 'lockscope $version')"
fi
if help=$("${nodisplay[@]}" "$base/bin/lockscope" --help 2>&1) && grep -q -- '--sandbox' <<<"$help"; then
    ok "lockscope --help without a display"
else
    fail "lockscope --help without a display failed: $help"
fi
if help=$("${nodisplay[@]}" "$base/bin/lockscope-cli" --help 2>&1) && grep -q 'locks list' <<<"$help"; then
    ok "lockscope-cli --help"
else
    fail "lockscope-cli --help failed: $help"
fi

# Man pages: compressed, naming real options and subcommands, and clean for man's own checks.
man_text() { gzip -dc "$base/share/man/man1/$1.1.gz" 2>/dev/null; }
for page in lockscope lockscope-cli; do
    need_file "share/man/man1/$page.1.gz" "man page $page(1)"
done
man_must_say() { # page, text (as roff has it), what
    # Read whole, then searched: `gzip | grep -q` under pipefail fails when grep quits early.
    local text
    text=$(man_text "$1")
    if grep -qF -- "$2" <<<"$text"; then ok "$1(1) $3"; else fail "$1(1) does not $3 ('$2')"; fi
}
man_must_say lockscope '\-\-sandbox' "mention --sandbox"
man_must_say lockscope '\-\-read\-only' "mention --read-only"
man_must_say lockscope "$version" "carry version $version"
man_must_say lockscope-cli 'locks list' "mention locks list"
man_must_say lockscope-cli '.SS "lockscope\-cli locks release' "have locks release's own --help"
man_must_say lockscope-cli '\-\-expect\-sha256' "mention --expect-sha256 (from locks release --help)"
man_must_say lockscope-cli '.SS "lockscope\-cli sandbox up' "have sandbox up's own --help"
man_must_say lockscope-cli "$version" "carry version $version"
if command -v man >/dev/null; then
    for page in lockscope lockscope-cli; do
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
            "$base/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
        if [ -z "$warnings" ]; then ok "$page(1): man --warnings is silent"; else fail "$page(1): $warnings"; fi
    done
fi

# Desktop file, icons, AppStream metainfo.
desktop=$base/share/applications/lockscope.desktop
need_file share/applications/lockscope.desktop "desktop file"
if [ -f "$desktop" ]; then
    grep -qx 'Exec=lockscope' "$desktop" && grep -qx 'Icon=lockscope' "$desktop" &&
        ok "desktop file runs lockscope with icon lockscope" ||
        fail "desktop file: Exec=lockscope and Icon=lockscope expected"
    if command -v desktop-file-validate >/dev/null; then
        if out=$(desktop-file-validate "$desktop" 2>&1) && ! grep -q 'error' <<<"$out"; then
            ok "desktop-file-validate${out:+ ($out)}"
        else
            fail "desktop-file-validate: $out"
        fi
    fi
fi
need_file share/icons/hicolor/scalable/apps/lockscope.svg "scalable icon"
for size in 16 22 24 32 48 64 128 256; do
    png=$base/share/icons/hicolor/${size}x$size/apps/lockscope.png
    # PNG: the 8-byte signature, then the IHDR chunk: width and height, 4 bytes each, big-endian.
    dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
    sig=$(od -An -tx1 -N4 "$png" 2>/dev/null | tr -d ' ')
    if [ "$sig" = 89504e47 ] && [ "$dims" = "${size}x$size" ]; then
        ok "icon ${size}x$size"
    else
        fail "icon ${size}x$size: $png (signature '$sig', size '$dims')"
    fi
done
metainfo=$(ls "$base"/share/metainfo/*.metainfo.xml 2>/dev/null | head -n 1)
if [ -z "$metainfo" ]; then
    fail "no AppStream metainfo in $prefix/share/metainfo"
else
    ok "metainfo $(basename "$metainfo")"
    grep -q "<release version=\"$version\"" "$metainfo" && ok "metainfo names release $version" ||
        fail "metainfo has no <release version=\"$version\">"
    grep -q '<launchable type="desktop-id">lockscope.desktop</launchable>' "$metainfo" &&
        ok "metainfo launches lockscope.desktop" || fail "metainfo: no launchable lockscope.desktop"
    if command -v appstreamcli >/dev/null; then
        if out=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
            ok "appstreamcli validate --no-net"
        else
            fail "appstreamcli validate --no-net: $out"
        fi
    fi
fi

# Translations: a Qt .qm per .ts (magic 3c b8 64 18).
qm=$base/share/lockscope/translations/lockscope_de.qm
if [ "$(od -An -tx1 -N4 "$qm" 2>/dev/null | tr -d ' ')" = 3cb86418 ]; then
    ok "translation $prefix/share/lockscope/translations/lockscope_de.qm"
else
    fail "translation missing or not a .qm: $qm"
fi

need_file share/doc/lockscope/copyright "copyright file"
need_file share/doc/lockscope/changelog.Debian.gz "Debian changelog"

if [ "$failures" -gt 0 ]; then
    echo "check-install: $failures check(s) failed in $root" >&2
    exit 1
fi
echo "check-install: every check passed in $root"
