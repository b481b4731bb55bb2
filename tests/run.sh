#!/bin/sh
# run.sh [SUITE...] - runs the test suites and prints one total line.
#
# Suites: owners (each module's SQL names only the tables it owns, and the
# checker's own cases), unit (cmocka binaries under ASan/UBSan), tplc (the template
# compiler's accept/refuse cases), http (end to end against dinh serve,
# nginx in front for the framing test, the Nu HTML checker), browser
# (Chromium at phone and desktop widths, axe-core), xss (the XSS corpus in
# titles, bodies, names and comments, every page that shows it opened in
# Chromium with its CSP off). Default: all, in two lanes run at once.
# Every suite prints its own "N passed, N failed"; this script adds them.
set -u
cd "$(dirname "$0")/.."
suites=${*:-owners unit tplc http browser xss}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

add_counts() { # file: reads the last "N passed, N failed" line of a suite
    line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        echo "  (no result line: counted as 1 failure)"
        fail=$((fail + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    pass=$((pass + p))
    fail=$((fail + f))
}

# All suites (the default): two lanes at once, since one lane alone leaves a
# core of this 2-core machine idle while Chromium waits on pages; each lane
# is this script with its suites, and its lines are printed in order once
# both are done. TEST_LANES=1 runs everything in one lane.
if [ $# -eq 0 ] && [ "${TEST_LANES:-2}" != 1 ]; then
    # The HTTP tests are shared out so that both lanes end near together
    # (alone, the first lane took 1,000 s and the second 735 s): four in
    # five in the first lane, the fifth after the browser suites.
    HTTP_SLICE=0:4/5 "$0" owners unit tplc http >"$log/lane1" 2>&1 &
    lane1=$!
    HTTP_SLICE=4:5/5 "$0" browser xss http >"$log/lane2" 2>&1 &
    lane2=$!
    wait "$lane1"
    wait "$lane2"
    for lane in "$log/lane1" "$log/lane2"; do
        sed '$d' "$lane"
        add_counts "$lane"
    done
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
fi

for suite in $suites; do
    echo "== $suite"
    started=$(date +%s)
    case "$suite" in
    owners)
        python3 scripts/check-sql-owners.py >"$log/owners.out" 2>&1
        grep -v ' passed, ' "$log/owners.out" | tail -n 80
        add_counts "$log/owners.out"
        tests/owners/run.sh >"$log/owners-self.out" 2>&1
        grep -v '^ok ' "$log/owners-self.out" | grep -v ' passed, ' | tail -n 40
        add_counts "$log/owners-self.out"
        ;;
    unit)
        for t in build/san/tests/test_*; do
            [ -x "$t" ] || continue
            name=$(basename "$t")
            out="$log/$name.out"
            # the unit binaries run h2o's loops without dinh's main(), which
            # names h2o's recycled buffers to the leak checker (src/main.c):
            # they read the same from tests/lsan.supp
            LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp} "$t" >"$out" 2>&1
            rc=$?
            p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$out" | sed -E 's/.*\] ([0-9]+) test.*/\1/' | awk '{s+=$1} END {print s+0}')
            f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$out" | sed -E 's/.*\] ([0-9]+) test.*/\1/' | awk '{s+=$1} END {print s+0}')
            if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
                f=1 # crashed, or a sanitizer stopped it
            fi
            echo "  $name: $p passed, $f failed"
            [ "$f" -ne 0 ] && sed -n '1,200p' "$out" | grep -v '^\[ *\(RUN\|OK\) ' | head -60
            pass=$((pass + p))
            fail=$((fail + f))
        done
        ;;
    tplc)
        tests/tplc/check.sh build/tplc >"$log/tplc.out" 2>&1
        grep -v '^ok ' "$log/tplc.out" | tail -n 40
        add_counts "$log/tplc.out"
        ;;
    http)
        python3 tests/http/run.py >"$log/http.out" 2>&1
        grep -v '^ok ' "$log/http.out" | tail -n 80
        echo "   the slowest:" $(grep '^ok ' "$log/http.out" | sed -E 's/^ok (.*) \(([0-9.]+)s\)$/\2 \1/' |
            sort -rn | head -n 5 | awk '{printf "%s (%ss);", $2, $1}')
        add_counts "$log/http.out"
        ;;
    browser)
        node tests/browser/run.mjs >"$log/browser.out" 2>&1
        grep -v '^ok ' "$log/browser.out" | tail -n 60
        add_counts "$log/browser.out"
        ;;
    xss)
        node tests/browser/xss.mjs >"$log/xss.out" 2>&1
        grep -v '^ok ' "$log/xss.out" | tail -n 40
        add_counts "$log/xss.out"
        ;;
    *)
        echo "unknown suite $suite"
        fail=$((fail + 1))
        ;;
    esac
    echo "   ($suite: $(($(date +%s) - started)) s)"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
