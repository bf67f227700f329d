#!/usr/bin/env bash
# Checks a LockScope .deb as a user would get it: its control fields (Depends on the packages
# of every library the binaries link, found with dpkg -S; the servers suggested), its files
# (owned by root, all under /usr), then unpacks it with `dpkg -x` into a scratch root and runs
# scripts/check-install.sh there (ldd, the installed binaries' --version and --help without a
# display, man pages, desktop file, metainfo, icons, .qm). Runs lintian when it is installed:
# an error (E:) fails, warnings are printed. Exits non-zero on any failure.
# Usage: scripts/check-package.sh path/to/lockscope_<version>_<arch>.deb
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
deb=${1:?usage: check-package.sh LOCKSCOPE.deb}
[ -f "$deb" ] || { echo "check-package: no such file: $deb" >&2; exit 1; }
root=$(mktemp -d "${TMPDIR:-/tmp}/lockscope-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
failures=0
fail() { echo "check-package: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "check-package: ok: $*"; }

dpkg-deb -I "$deb" | sed 's/^/  /'
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = lockscope ] && ok "Package: lockscope" || fail "Package is '$(field Package)'"
for f in Version Maintainer Section Description Architecture; do
    [ -n "$(field "$f")" ] && ok "$f: $(field "$f" | head -n 1)" || fail "no $f field"
done
depends=$(field Depends)
# The package names in Depends, one a line ("a (>= 1), b | c" -> a, b, c).
depends_names=$(tr ',|' '\n\n' <<<"$depends" | awk 'NF {print $1}')
for p in redis-server zookeeper postgresql; do
    grep -q "$p" <<<"$(field Suggests) $(field Recommends)" && ok "$p suggested" ||
        fail "$p neither recommended nor suggested"
done
for p in qt6-qpa-plugins libqt6svg6 libqt6sql6-sqlite; do # plugins: loaded at run time, never linked
    grep -qxF "$p" <<<"$depends_names" && ok "Depends names $p" || fail "Depends lacks $p"
done

# Every file root-owned and under /usr.
listing=$(dpkg-deb -c "$deb")
bad_owner=$(awk '$2 != "root/root"' <<<"$listing")
[ -z "$bad_owner" ] && ok "every file owned by root/root" || fail "files not owned by root: $bad_owner"
outside=$(awk '{print $NF}' <<<"$listing" | grep -vE '^\./$|^\./usr(/|$)' || true)
[ -z "$outside" ] && ok "every file under /usr" || fail "files outside /usr: $outside"

dpkg -x "$deb" "$root" || { echo "check-package: dpkg -x failed" >&2; exit 1; }
version=$(field Version)
cli_version=$(env -u DISPLAY "$root/usr/bin/lockscope-cli" --version | head -n 1)
[ "lockscope-cli ${version%-*}" = "$cli_version" ] && ok "the package's version is the program's ($version)" ||
    fail "package version $version, lockscope-cli says '$cli_version'"

# Depends covers the package of each library the binaries link (what dpkg-shlibdeps should find).
for bin in "$root"/usr/bin/*; do
    for soname in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        # "libfoo.so.1 => /path (0x...)", or for the loader "/lib64/ld-linux-x86-64.so.2 (0x...)"
        path=$(ldd "$bin" | awk -v so="$soname" '
            $2 == "=>" && $1 == so {print $3; exit}
            $2 != "=>" && $1 ~ ("/" so "$") {print $1; exit}')
        [ -n "$path" ] || { fail "$(basename "$bin"): $soname not resolved"; continue; }
        real=$(readlink -f "$path")
        owner=""
        for candidate in "$path" "$real" "${path#/usr}" "/usr$path" "${real#/usr}" "/usr$real"; do
            owner=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$owner" ] && break
        done
        if [ -z "$owner" ]; then
            fail "$(basename "$bin"): no Debian package owns $path ($soname)"
        elif grep -qxF "$owner" <<<"$depends_names"; then
            :
        else
            fail "$(basename "$bin") links $soname from $owner, which Depends does not name"
        fi
    done
done
[ "$failures" -eq 0 ] && ok "Depends names the package of every linked library"

"$here/check-install.sh" "$root" /usr || failures=$((failures + 1))

if command -v lintian >/dev/null; then
    lint=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges')
    [ -n "$lint" ] && sed 's/^/  lintian: /' <<<"$lint"
    if grep -q '^E:' <<<"$lint"; then fail "lintian reports errors"; else ok "lintian: no errors"; fi
fi

if [ "$failures" -gt 0 ]; then
    echo "check-package: $failures check(s) failed for $deb" >&2
    exit 1
fi
echo "check-package: every check passed for $deb"
