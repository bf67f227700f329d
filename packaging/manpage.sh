#!/bin/sh
# Makes a man page from a built program's own --help and --version with help2man, at build time,
# so the page cannot drift from the program. Writes OUT and OUT.gz (gzip -9n, as installed).
# Usage: manpage.sh PROGRAM OUT "one-line description" [--subcommands] [--see-also OTHER]...
#   --subcommands  also runs `PROGRAM <command> --help` for each command listed under
#                  "commands:" in PROGRAM --help, and puts each text in a SUBCOMMANDS section.
#   --see-also     names a page for SEE ALSO.
set -eu
program=$1 out=$2 description=$3
shift 3
subcommands=0 see_also=""
while [ $# -gt 0 ]; do
    case $1 in
    --subcommands) subcommands=1 ;;
    --see-also) see_also="$see_also${see_also:+,
}.BR $2 (1)"; shift ;;
    *) echo "manpage.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
name=$(basename "$program")
# Run by name from PATH, so the texts say "lockscope-cli", not the build directory's path.
PATH="$(dirname "$program"):$PATH"
export PATH
# --help and --version need no display; prove it by offering none.
unset DISPLAY WAYLAND_DISPLAY
export QT_QPA_PLATFORM=offscreen

# roff for a block of plain text kept as printed: backslashes escaped, no line read as a request,
# minus signs as minus signs.
roff_text() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

include=$out.h2m
: >"$include"
if [ "$subcommands" = 1 ]; then
    # "  locks list [--backend B]  ..." -> "locks list"; "  sandbox up|down|status ..." -> one
    # entry per alternative; "  demo --strategy S" -> "demo".
    commands=$("$name" --help | sed -n '/^commands:/,/^$/p' | awk '
        /^  [a-z]/ {
            if ($2 ~ /^[a-z][a-z|-]*$/) { n = split($2, alt, "|"); for (i = 1; i <= n; i++) print $1 " " alt[i] }
            else print $1
        }' | awk '!seen[$0]++')
    [ -n "$commands" ] || { echo "manpage.sh: no commands found in $name --help" >&2; exit 1; }
    echo "[SUBCOMMANDS]" >>"$include"
    printf '%s\n' "Each command's own \\fB\\-\\-help\\fR, as \\fB$name\\fR prints it:" >>"$include"
    # Commands that print the same text (one parser for "sandbox up|down|status|fault") share
    # one subsection: "lockscope-cli sandbox up, down, status".
    flush() {
        [ -n "$heading" ] || return 0
        printf '.SS "%s"\n.nf\n' "$(printf '%s' "$heading" | roff_text)" >>"$include"
        printf '%s\n' "$previous" | roff_text >>"$include"
        echo ".fi" >>"$include"
    }
    echo "$commands" | {
        heading="" previous=""
        while read -r command; do
            # shellcheck disable=SC2086 # the command's words are separate arguments
            if ! text=$("$name" $command --help 2>&1); then
                echo "manpage.sh: '$name $command --help' failed" >&2
                exit 1
            fi
            if [ -n "$heading" ] && [ "$text" = "$previous" ]; then
                heading="$heading, ${command#* }"
            else
                flush
                heading="$name $command" previous=$text
            fi
        done
        flush
    }
fi
if [ -n "$see_also" ]; then
    printf '[SEE ALSO]\n%s\n' "$see_also" >>"$include"
fi
# The version is the last word of --version's first line ("lockscope-cli 0.1.0"); its second line,
# the git describe, stays out of the page.
version=$("$name" --version | head -n 1)
version=${version##* }
case $version in [0-9]*) ;; *) echo "manpage.sh: '$name --version' gave no version" >&2; exit 1 ;; esac
help2man --no-info --section 1 --manual "User Commands" --source "LockScope $version" \
    --version-string "$version" --name "$description" --include "$include" --output "$out" "$name"
gzip -9n -c "$out" >"$out.gz"
rm -f "$include"
