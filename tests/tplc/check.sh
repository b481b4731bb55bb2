#!/bin/sh
# check.sh - tests the template compiler (tools/tplc.c).
#
#   tests/tplc/check.sh build/tplc          (the C compiler is $CC, else cc)
#
# good/**/*.html   must compile. The generated C is built with driver.c under
#                  AddressSanitizer and UndefinedBehaviorSanitizer, and every
#                  page rendered with hostile data must equal good/NAME.expected.
# bad/*.html       must be refused: exit status 1, "file:line:col: error: ..."
# bad/*/           on stderr, no output file. A comment in each case names the
#                  rule and says   expect: "PART OF THE MESSAGE" at LINE:COL
#                  (a directory is one case made of several templates).
# cfail/*.html     are accepted by tplc, but the C compiler must reject the
#                  generated code (a type that no escaper of that context
#                  takes), on the template's line:   ... at line LINE
#
# Prints one line per case, "ok NAME" or "FAIL NAME: why", then
# "N passed, N failed"; exits 1 if anything failed.
set -u
export LC_ALL=C

if [ $# -lt 1 ]; then
    echo "usage: $0 path/to/tplc" >&2
    exit 2
fi
tplc=$1
case $tplc in
/*) ;;
*) tplc=$PWD/$tplc ;;
esac
cc=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tplc-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# What the Makefile uses for generated code, and the sanitizers of `make test`.
gen_cflags="-std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -D_GNU_SOURCE"
san_cflags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"

passed=0
failed=0
pass() {
    echo "ok $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

# ---- bad: every case must be refused, for the reason and at the place it names --------
for case in "$here"/bad/*; do
    name=bad/${case##*/}
    work=$tmp/$name
    mkdir -p "$work/in" "$work/out"
    if [ -d "$case" ]; then
        cp "$case"/*.html "$work/in/"
    else
        cp "$case" "$work/in/"
    fi
    spec=$(cat "$work"/in/*.html | grep -a -o 'expect: "[^"]*" at [0-9]*:[0-9]*' | head -n 1)
    text=$(printf '%s\n' "$spec" | sed 's/^expect: "\(.*\)" at .*$/\1/')
    at=$(printf '%s\n' "$spec" | sed 's/^.* at //')
    "$tplc" "$work/out/templates" "$work/in" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    first=$(head -n 1 "$work/stderr")
    if [ -z "$spec" ]; then
        fail "$name" "no 'expect: \"...\" at LINE:COL' in its comment"
    elif [ $rc -ne 1 ]; then
        fail "$name" "exit status $rc, not 1 (stderr: $first)"
    elif [ -n "$(ls -A "$work/out")" ]; then
        fail "$name" "refused, but wrote $(cd "$work/out" && echo *)"
    elif ! printf '%s\n' "$first" | grep -q "^$work/in/[^:]*\.html:$at: error: "; then
        fail "$name" "expected an error at $at, got: $first"
    elif ! printf '%s\n' "$first" | grep -qF -- "$text"; then
        fail "$name" "expected \"$text\", got: $first"
    else
        pass "$name"
    fi
done

# ---- good: compile, build with the driver, compare every page -------------------------
gen=$tmp/good
mkdir -p "$gen/out" "$gen/actual"
if ! "$tplc" "$gen/out/templates" "$here/good" >"$gen/tplc.out" 2>&1; then
    fail good/tplc "refused the good templates: $(head -n 3 "$gen/tplc.out")"
elif [ -s "$gen/tplc.out" ]; then
    fail good/tplc "printed: $(head -n 3 "$gen/tplc.out")"
else
    pass good/tplc
    cp "$gen/out/templates.c" "$gen/first.c"
    cp "$gen/out/templates.h" "$gen/first.h"
    "$tplc" "$gen/out/templates" "$here/good" >/dev/null 2>&1
    if cmp -s "$gen/first.c" "$gen/out/templates.c" && cmp -s "$gen/first.h" "$gen/out/templates.h"; then
        pass good/deterministic
    else
        fail good/deterministic "a second run wrote different files"
    fi

    # Each "#line N" back into the generated file must name its own next line.
    if awk -v f="$gen/out/templates.c" '
        $1 == "#line" && $3 == "\"" f "\"" && $2 != NR + 1 { bad = 1 }
        END { exit bad }' "$gen/out/templates.c"; then
        pass good/line-directives
    else
        fail good/line-directives "a #line back into templates.c has the wrong number"
    fi

    # shellcheck disable=SC2086 # the flag lists are meant to split
    if ! $cc $gen_cflags $san_cflags -I"$root/src" -I"$gen/out" -I"$here" -o "$gen/driver" \
        "$here/driver.c" "$gen/out/templates.c" "$root/src/view/tpl.c" "$root/src/core/buf.c" \
        >"$gen/cc.out" 2>&1; then
        fail good/cc "the generated C does not build: $(head -n 5 "$gen/cc.out")"
    else
        pass good/cc
        names=$(cd "$here/good" && find . -name '*.html' | sed 's|^\./||; s|\.html$||' | sort)
        # shellcheck disable=SC2086 # one argument per template
        "$gen/driver" "$here/good" "$gen/actual" $names >"$gen/driver.out" 2>"$gen/driver.err"
        rc=$?
        while IFS= read -r line; do
            case $line in
            "ok "*) pass "${line#ok }" ;;
            "FAIL "*)
                rest=${line#FAIL }
                fail "${rest%%: *}" "${rest#*: }"
                ;;
            *) echo "$line" ;;
            esac
        done <"$gen/driver.out"
        for actual in "$gen/actual"/*.actual; do
            [ -e "$actual" ] || continue
            base=${actual##*/}
            expected=$here/good/$(printf '%s' "${base%.actual}" | tr _ /).expected
            [ -f "$expected" ] || expected=$here/good/${base%.actual}.expected
            diff -u "$expected" "$actual" | head -n 30
        done
        if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$gen/driver.out"; then
            fail good/driver "exit status $rc: $(tail -n 5 "$gen/driver.err")"
        fi
    fi
fi
for expected in $(cd "$here/good" && find . -name '*.expected' | sed 's|^\./||' | sort); do
    [ -f "$here/good/${expected%.expected}.html" ] ||
        fail "good/$expected" "no template of that name"
done

# ---- cfail: accepted by tplc, rejected by the C compiler on the template's line ---------
for case in "$here"/cfail/*.html; do
    file=${case##*/}
    name=cfail/$file
    work=$tmp/$name.d
    mkdir -p "$work/in" "$work/out"
    cp "$case" "$work/in/"
    line=$(grep -a -o 'at line [0-9]*' "$case" | head -n 1 | sed 's/^at line //')
    # shellcheck disable=SC2086
    if [ -z "$line" ]; then
        fail "$name" "no 'at line LINE' in its comment"
    elif ! "$tplc" "$work/out/templates" "$work/in" >"$work/tplc.out" 2>&1; then
        fail "$name" "tplc refused it: $(head -n 1 "$work/tplc.out")"
    elif $cc $gen_cflags -I"$root/src" -I"$work/out" -I"$here" -fsyntax-only \
        "$work/out/templates.c" >"$work/cc.out" 2>&1; then
        fail "$name" "the C compiler accepted it"
    elif ! grep -q "error: .*[Gg]eneric" "$work/cc.out" || ! grep -q "$file:$line:" "$work/cc.out"; then
        # gcc names the template line in "in expansion of macro", clang in the error
        fail "$name" "no _Generic error on line $line: $(grep -m 1 error "$work/cc.out")"
    else
        pass "$name"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
