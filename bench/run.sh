#!/usr/bin/env bash
# run.sh - the load benchmark of dinh (make bench).
#
# Measures, on 127.0.0.1 only, with wrk:
#   1. the article page and the home page served from dinh's page cache,
#      plain and gzip (nginx serves the same compressed bytes with gzip_static),
#   2. the same two pages with --no-cache (every request renders everything), and
#      with --no-page-cache (every request renders the page from its kept pieces), plain,
#      and with gzip (what a browser's page-cache miss costs: the render and the compression),
# each side by side with nginx serving the same bytes as static files
# (configured as in the stack research, shared/reference/stack.md section 1.1),
# in rounds whose server order rotates;
#   2b. what checking each request head before h2o costs (guard.c), counted
#      in instructions with valgrind's callgrind on cached hits; and
#   3. the time `dinh init --articles 100000` takes, how long checking that file takes
#      (quick_check at init and serve, integrity_check by `dinh check`), and dinh's resident
#      memory after requests for many distinct articles of that database;
#   3b. the newsroom (bench/newsroom.py): the article list with filters on that
#      database, the cached article page while 20 editors save drafts every 3 s,
#      and while 200 wrong logins a second arrive, with a correct login timed;
#   3d. the NTM office imports a national workbook (bench/ntm_excel.py: a database by
#      `dinh init --demo --ntm-scale national`, the template of 2025 Q4 for the whole
#      country filled by openpyxl, the import timed; target under 30 s);
#   3c. the NTM monitor at national scale (bench/ntm.py): a database made by
#      `dinh init --demo --ntm-scale national`, served with --no-cache: p50/p95
#      of the province dashboard, the map, the national summary and a commune
#      page, the national matrix as .xlsx, how soon an accepted assessment
#      shows on the dashboard, and the server's VmRSS after that;
#   3e. the NTM entry form (bench/ntm_entry.py, on the database of 3c): 100 commune
#      reporters added by `dinh user add` and given a commune each by the office's
#      page; one saving a full QĐ 318 set 30 times (target p95 < 50 ms), then all
#      saving and submitting at once while the dashboard and commune pages are read
#      (their targets of 3c);
#   4. search latency (bench/search.py, the queries of bench/search-queries.txt)
#      with --no-cache on that database, one client in sequence and
#      BENCH_SEARCH_CLIENTS at once; with BENCH_SEARCH_MILLION=1 also on a
#      1,000,000-article database, generated once and kept in
#      bench/results/search-db/ under a key of the binary's schema.
# Prints a Markdown table and saves it to bench/results/latest.md.
#
# Environment (defaults in brackets):
#   BENCH_ROUNDS [3]          measured rounds per case
#   BENCH_SECONDS [5]         length of one wrk run
#   BENCH_WARMUP [2]          seconds of warm-up per server and page (0: none)
#   BENCH_THREADS [2]         dinh --threads and nginx worker_processes
#   BENCH_CONNS [64]          wrk connections
#   BENCH_ARTICLES [100000]   size of the database for the memory test
#   BENCH_MEM_ARTICLES [10000] distinct articles fetched before reading VmRSS
#   BENCH_WALK_SECONDS [90]   time cap of each of the two article walks
#   BENCH_SEARCH_REPEAT [20]  timed requests per search query (after one warm-up)
#   BENCH_SEARCH_CLIENTS [8]  clients of the concurrent search run
#   BENCH_SEARCH_TIMEOUT [10] per-request time limit of the search client, seconds
#   BENCH_SEARCH_SECONDS [240] time cap of each search run (then it reports what it has)
#   BENCH_SEARCH_MILLION [0]  1: also measure search on a big database (minutes, ~11 GB free
#                             disk while it is generated, ~5.5 GB kept)
#   BENCH_SEARCH_BIG [1000000] its size; if it is not cached and the disk has less than
#                             12 GB per million articles free, or generating it would take
#                             over BENCH_SEARCH_INIT_BUDGET [480] seconds (estimated from
#                             step 3), BENCH_SEARCH_FALLBACK [500000] articles instead
#   BENCH_SEARCH_REBUILD [0]  1: generate the big database again even if it is cached
#   BENCH_NTM_REPEAT [200]    timed requests per page of the monitor (step 3c)
#   BENCH_NTM_REPORTERS [100] commune reporters submitting at once (step 3e)
#   BENCH_ONLY []             ntm: only steps 3c and 3e; pages: only steps 1 and 2 (and the report)
#   BENCH_KEEP [0]            1: keep the scratch folder (logs, configs)
#   DINH [build/dinh]         the binary under test
set -Eeuo pipefail
trap 'echo "bench: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

cd "$(dirname "$0")/.."

ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-5}
WARMUP=${BENCH_WARMUP:-2}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-64}
BIG=${BENCH_ARTICLES:-100000}
MEM_N=${BENCH_MEM_ARTICLES:-10000}
WALK_SECS=${BENCH_WALK_SECONDS:-90}
KEEP=${BENCH_KEEP:-0}
S_REPEAT=${BENCH_SEARCH_REPEAT:-20}
S_CLIENTS=${BENCH_SEARCH_CLIENTS:-8}
S_TIMEOUT=${BENCH_SEARCH_TIMEOUT:-10}
S_SECS=${BENCH_SEARCH_SECONDS:-240}
S_MILLION=${BENCH_SEARCH_MILLION:-0}
S_BIG=${BENCH_SEARCH_BIG:-1000000}
S_FALLBACK=${BENCH_SEARCH_FALLBACK:-500000}
S_BUDGET=${BENCH_SEARCH_INIT_BUDGET:-480}
S_REBUILD=${BENCH_SEARCH_REBUILD:-0}
S_QUERIES=bench/search-queries.txt
S_CACHE=bench/results/search-db
S_INIT_MAX=1200         # a big database not generated within this many seconds is given up
NTM_REPEAT=${BENCH_NTM_REPEAT:-200}
NTM_REPORTERS=${BENCH_NTM_REPORTERS:-100}
ONLY=${BENCH_ONLY:-}
DINH=${DINH:-build/dinh}
STATIC=build/static
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
SERVER_MAX=900          # no server started here outlives this many seconds
PY=${PYTHON:-python3}

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

for n in "$ROUNDS" "$SECS" "$WARMUP" "$THREADS" "$CONNS" "$BIG" "$MEM_N" "$WALK_SECS" "$S_REPEAT" \
    "$S_CLIENTS" "$S_TIMEOUT" "$S_SECS" "$S_MILLION" "$S_BIG" "$S_FALLBACK" "$S_BUDGET" "$S_REBUILD" "$NTM_REPEAT" "$NTM_REPORTERS"; do
    case "$n" in '' | *[!0-9]*) die "BENCH_* values must be whole numbers (got '$n')" ;; esac
done
if [ "$ROUNDS" -lt 1 ] || [ "$SECS" -lt 1 ] || [ "$THREADS" -lt 1 ]; then
    die "BENCH_ROUNDS, BENCH_SECONDS, BENCH_THREADS must be >= 1"
fi
case "$ONLY" in '' | ntm | pages) ;; *) die "BENCH_ONLY must be empty, ntm or pages (got '$ONLY')" ;; esac
if [ "$S_REPEAT" -lt 1 ] || [ "$S_CLIENTS" -lt 1 ] || [ "$S_TIMEOUT" -lt 1 ] || [ "$S_SECS" -lt 1 ] ||
    [ "$S_BIG" -lt 1 ] || [ "$S_FALLBACK" -lt 1 ]; then
    die "BENCH_SEARCH_REPEAT, _CLIENTS, _TIMEOUT, _SECONDS, _BIG, _FALLBACK must be >= 1"
fi
[ -r "$S_QUERIES" ] || die "$S_QUERIES is missing"
[ -x "$DINH" ] || die "$DINH is missing: run 'make build/dinh build/static/.stamp' first"
[ -d "$STATIC" ] || die "$STATIC is missing: run 'make build/static/.stamp' first"
for t in wrk nginx timeout ps "$PY"; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing (scripts/deps.sh --bench)"
done

W=$(mktemp -d "${TMPDIR:-/tmp}/dinh-bench.XXXXXX")
chmod 755 "$W"   # nginx workers may run as another user; they must read www/
RAW=$W/raw.txt
# Every phase runs the same binary, even if build/dinh is rebuilt meanwhile.
DINH_BUILT=$(date -u -r "$DINH" '+%Y-%m-%d %H:%M:%S UTC')
cp "$DINH" "$W/dinh"
DINH=$W/dinh
: >"$RAW"
WRAPPERS=""      # pids of the `timeout` wrappers of the servers we started
S_PARTIAL=""     # a big search database being generated: removed if we stop before it is done

# stop_wrapper PID: stop one server we started. `timeout` (not --foreground)
# leads its own process group, holding only the server (and nginx's workers);
# TERM goes through timeout to the server, KILL to the group if it hangs.
stop_wrapper() {
    local p=$1
    kill -TERM "$p" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$p" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$p" 2>/dev/null; then
        log "a server did not stop within 5 s of SIGTERM; killing its process group $p"
        kill -KILL -- "-$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
}

cleanup() {
    local p
    for p in $WRAPPERS; do stop_wrapper "$p"; done
    WRAPPERS=""
    if [ -n "$S_PARTIAL" ]; then rm -f "$S_PARTIAL" "$S_PARTIAL-wal" "$S_PARTIAL-shm" "$S_PARTIAL-journal"; fi
    if [ "$KEEP" = 1 ]; then log "scratch folder kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_wrapper() { # PID
    local p out=""
    for p in $WRAPPERS; do [ "$p" = "$1" ] || out="$out $p"; done
    WRAPPERS=$out
}

child_of() { # PID: the first child process of PID (empty if none yet)
    local c
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        c=$(ps -o pid= --ppid "$1" 2>/dev/null || true)
        c=$(echo "$c" | awk 'NF { print $1; exit }')
        [ -n "$c" ] && break
        sleep 0.1
    done
    echo "$c"
}

cpu_ticks() { # PID...: utime+stime of these processes (all their threads), in clock ticks
    local t=0 p v
    for p in "$@"; do
        v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) || v=0
        t=$((t + ${v:-0}))
    done
    echo "$t"
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# start_dinh NAME DB [serve options...]: sets DINH_WRAP, DINH_PID, DINH_PORT
start_dinh() {
    local name=$1 db=$2
    shift 2
    rm -f "$W/$name.port"
    timeout -k 5 "$SERVER_MAX" "$DINH" serve --db "$db" --listen 127.0.0.1:0 \
        --threads "$THREADS" --static "$STATIC" --port-file "$W/$name.port" "$@" \
        >"$W/$name.log" 2>&1 &
    DINH_WRAP=$!
    WRAPPERS="$WRAPPERS $DINH_WRAP"
    DINH_PORT=""
    for _ in $(seq 1 100); do
        if [ -s "$W/$name.port" ]; then DINH_PORT=$(tr -dc 0-9 <"$W/$name.port"); fi
        [ -n "$DINH_PORT" ] && break
        kill -0 "$DINH_WRAP" 2>/dev/null || { cat "$W/$name.log" >&2; die "dinh ($name) exited"; }
        sleep 0.1
    done
    [ -n "$DINH_PORT" ] || { cat "$W/$name.log" >&2; die "dinh ($name) did not listen within 10 s"; }
    DINH_PID=$(child_of "$DINH_WRAP")
    [ -n "$DINH_PID" ] || die "cannot find the pid of dinh ($name)"
}

# start_nginx: sets NGINX_WRAP, NGINX_PIDS (master + workers), NGINX_PORT
start_nginx() {
    local d=$W/nginx
    mkdir -p "$d/tmp"
    NGINX_PORT=$("$PY" bench/fetch.py freeport)
    sed -e "s|@DIR@|$d|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@WORKERS@|$THREADS|g" \
        bench/nginx.conf.in >"$d/nginx.conf"
    timeout -k 5 "$SERVER_MAX" nginx -e "$d/error.log" -p "$d" -c "$d/nginx.conf" \
        >"$d/stdout.log" 2>&1 &
    NGINX_WRAP=$!
    WRAPPERS="$WRAPPERS $NGINX_WRAP"
    local master="" workers="" ready=0
    for _ in $(seq 1 100); do
        [ -z "$master" ] && master=$(child_of "$NGINX_WRAP")
        if [ -n "$master" ]; then
            workers=$(ps -o pid= --ppid "$master" 2>/dev/null || true)
            workers=$(echo "$workers" | tr -s ' \n' ' ')
            # shellcheck disable=SC2086
            set -- $workers
            if [ "$#" -ge "$THREADS" ] &&
                "$PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
                    "$NGINX_PORT" 2>/dev/null; then
                ready=1
                break
            fi
        fi
        kill -0 "$NGINX_WRAP" 2>/dev/null || { cat "$d/error.log" "$d/stdout.log" >&2; die "nginx exited"; }
        sleep 0.1
    done
    [ "$ready" = 1 ] || die "nginx did not start within 10 s (see $d/error.log with BENCH_KEEP=1)"
    NGINX_PIDS="$master $workers"
}

# measure TAG ROUND PAGE SERVER SECONDS [ENC]: one wrk run, appended to $RAW unless TAG=warmup;
# ENC gzip sends Accept-Encoding: gzip (to both servers alike)
measure() {
    local tag=$1 round=$2 page=$3 server=$4 secs=$5 enc=${6:-plain} url pids c0 c1 line
    local -a extra=()
    [ "$enc" = gzip ] && extra=(-H "Accept-Encoding: gzip")
    case "$server" in
    nginx) url="http://127.0.0.1:$NGINX_PORT${PATHS[$page]}"; pids=$NGINX_PIDS ;;
    cache) url="http://127.0.0.1:$CACHE_PORT${PATHS[$page]}"; pids=$CACHE_PID ;;
    nocache) url="http://127.0.0.1:$NOCACHE_PORT${PATHS[$page]}"; pids=$NOCACHE_PID ;;
    pieces) url="http://127.0.0.1:$PIECES_PORT${PATHS[$page]}"; pids=$PIECES_PID ;;
    esac
    # shellcheck disable=SC2086
    c0=$(cpu_ticks $pids)
    if ! timeout -k 5 $((secs + 30)) wrk -t1 -c"$CONNS" -d"${secs}s" --latency \
        -H "User-Agent: $UA" -H "Accept: $ACCEPT" "${extra[@]}" -s bench/summary.lua "$url" \
        >"$W/wrk.out" 2>&1; then
        cat "$W/wrk.out" >&2
        die "wrk failed on $server $page"
    fi
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $pids)
    cat "$W/wrk.out" >>"$W/wrk.log"
    line=$(sed -n 's/^WRKSUMMARY //p' "$W/wrk.out")
    [ -n "$line" ] || { cat "$W/wrk.out" >&2; die "no summary from wrk on $server $page"; }
    if [ "$tag" != warmup ]; then
        echo "tp round=$round page=$page server=$server enc=$enc cpu_ticks=$((c1 - c0)) $line" >>"$RAW"
        log "round $round  $page  $(printf '%-5s' "$enc") $(printf '%-7s' "$server")  $(echo "$line" | awk '{
            split($1,a,"="); split($2,b,"="); split($4,c,"="); split($6,d,"=");
            printf "%8.0f req/s  p50 %.2f ms  p99 %.2f ms", a[2] / (b[2] / 1e6), c[2] / 1000, d[2] / 1000 }')"
    fi
}

meta() { printf 'meta %s=%s\n' "$1" "$2" >>"$RAW"; }

# --- what the run is about --------------------------------------------------------------------
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta nproc "$(nproc)"
meta cpu "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta kernel "$(uname -sr)"
meta os "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)"
meta loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta threads "$THREADS"
meta rounds "$ROUNDS"
meta seconds "$SECS"
meta warmup "$WARMUP"
meta conns "$CONNS"
meta ua "$UA"
meta wrk "$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $2 }')"
meta nginx "$(nginx -v 2>&1 | sed 's|.*nginx/||')"
meta clk_tck "$(getconf CLK_TCK)"
meta built "$DINH_BUILT"
meta git "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src templates 2>/dev/null || echo ' (src or templates modified)')"

# --- 3c and 3e: the NTM monitor at national scale, its entry form (a function: BENCH_ONLY=ntm runs only it)
ntm_case() {
    local res
    log "NTM monitor: dinh init --demo --ntm-scale national, then $NTM_REPEAT requests per page with --no-cache"
    meta ntm_loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
    res=$(timeout 900 "$PY" bench/ntm.py --dinh "$DINH" --static "$STATIC" --work "$W" \
        --repeat "$NTM_REPEAT" --threads "$THREADS") || die "bench/ntm.py failed"
    meta ntm "$res"
    if [ -r "$W/ntm-national.db.logins.txt" ]; then
        set -- --db "$W/ntm-national.db"
    else
        set --   # ntm.py ran on a given database: ntm_entry.py makes its own
    fi
    log "NTM entry: $NTM_REPORTERS reporters added and given communes, one saving the full set, then all submitting at once"
    meta ntm_entry_loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
    res=$(timeout 900 "$PY" bench/ntm_entry.py --dinh "$DINH" --static "$STATIC" --work "$W" "$@" \
        --reporters "$NTM_REPORTERS" --threads "$THREADS") || die "bench/ntm_entry.py failed"
    meta ntm_entry "$res"
}

report() {
    mkdir -p bench/results
    cp "$RAW" bench/results/latest.raw   # the measurements; `bench/report.py bench/results/latest.raw` redoes the table
    "$PY" bench/report.py "$RAW" >"$W/report.md" || die "report.py failed"
    cp "$W/report.md" bench/results/latest.md
    cat "$W/report.md"
    log "saved to bench/results/latest.md"
}

if [ "$ONLY" = ntm ]; then
    ntm_case
    meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
    report
    exit 0
fi

# --- 1 and 2: throughput against nginx --------------------------------------------------------
log "demo database"
timeout 120 "$DINH" init --db "$W/demo.db" --demo >"$W/init-demo.log" 2>&1 ||
    { cat "$W/init-demo.log" >&2; die "dinh init --demo failed"; }

declare -A PATHS
PATHS[home]=/
PATHS[article]=$(timeout 30 "$PY" bench/fetch.py article --db "$W/demo.db")

# one server per database (a second one on the same file is refused): the
# other two serve copies of it
for copy in nocache pieces; do
    "$DINH" backup --db "$W/demo.db" --to "$W/demo-$copy.db" >/dev/null 2>&1 || die "copying the demo database failed"
done
start_dinh cache "$W/demo.db"
CACHE_PID=$DINH_PID CACHE_PORT=$DINH_PORT
start_dinh nocache "$W/demo-nocache.db" --no-cache
NOCACHE_PID=$DINH_PID NOCACHE_PORT=$DINH_PORT
# the page cache off, the pieces of pages kept: what a page-cache miss costs
# when nothing the page shows was written since its pieces were drawn
start_dinh pieces "$W/demo-pieces.db" --no-page-cache
PIECES_PID=$DINH_PID PIECES_PORT=$DINH_PORT

www_file() { # PAGE: the file nginx serves for it
    if [ "${PATHS[$1]}" = / ]; then echo "$W/nginx/www/index.html"; else echo "$W/nginx/www${PATHS[$1]}"; fi
}

# nginx serves the bytes dinh sent, under the same paths.
mkdir -p "$W/nginx/www"
for page in article home; do
    p=${PATHS[$page]}
    f=$(www_file "$page")
    mkdir -p "$(dirname "$f")"
    bytes=$(timeout 30 "$PY" bench/fetch.py get --port "$CACHE_PORT" --path "$p" --out "$f" --ua "$UA") ||
        die "GET $p from dinh failed"
    # a page asked for often is compressed again, tighter (cache.h, CACHE_DENSE_AFTER = 16): nginx serves
    # the bytes dinh sends once warm, so the page is asked for more than that first
    for _ in $(seq 1 20); do
        timeout 30 "$PY" bench/fetch.py get --port "$CACHE_PORT" --path "$p" --out /dev/null --ua "$UA" --gzip \
            >/dev/null || die "GET $p with gzip from dinh failed"
    done
    gzbytes=$(timeout 30 "$PY" bench/fetch.py get --port "$CACHE_PORT" --path "$p" --out "$f.gz" --ua "$UA" --gzip) ||
        die "GET $p with gzip from dinh failed"
    chmod -R a+rX "$W/nginx/www"
    meta "path_$page" "$p"
    meta "bytes_$page" "$bytes"
    meta "gzbytes_$page" "$gzbytes"
done
start_nginx
for page in article home; do
    timeout 30 "$PY" bench/fetch.py get --port "$NGINX_PORT" --path "${PATHS[$page]}" \
        --out "$W/check.html" --ua "$UA" >/dev/null || die "nginx does not serve ${PATHS[$page]}"
    cmp -s "$W/check.html" "$(www_file "$page")" ||
        die "nginx serves other bytes for ${PATHS[$page]}"
done

SERVERS=(nginx cache nocache pieces)
# a browser asks for gzip, so a page-cache miss costs it the render and the compression:
# the pieces server with gzip is that miss (its page is drawn and compressed for each request)
GZ_SERVERS=(nginx cache pieces)
if [ "$WARMUP" -gt 0 ]; then
    log "warm-up: ${WARMUP}s per server and page"
    for page in article home; do
        for s in "${SERVERS[@]}"; do measure warmup 0 "$page" "$s" "$WARMUP"; done
        for s in "${GZ_SERVERS[@]}"; do measure warmup 0 "$page" "$s" "$WARMUP" gzip; done
    done
fi
for r in $(seq 1 "$ROUNDS"); do
    # rotate the order of the servers from one round to the next
    k=$(((r - 1) % ${#SERVERS[@]}))
    order=("${SERVERS[@]:$k}" "${SERVERS[@]:0:$k}")
    k=$(((r - 1) % ${#GZ_SERVERS[@]}))
    gz_order=("${GZ_SERVERS[@]:$k}" "${GZ_SERVERS[@]:0:$k}")
    for page in article home; do
        for s in "${order[@]}"; do measure run "$r" "$page" "$s" "$SECS"; done
        for s in "${gz_order[@]}"; do measure run "$r" "$page" "$s" "$SECS" gzip; done
    done
done

meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
meta rss_demo_cache_kb "$(rss_kb "$CACHE_PID" VmRSS)"
meta rss_demo_nocache_kb "$(rss_kb "$NOCACHE_PID" VmRSS)"
for w in $WRAPPERS; do stop_wrapper "$w"; forget_wrapper "$w"; done
if [ "$ONLY" = pages ]; then
    report
    exit 0
fi

# --- 2b: the cost of the head check, in instructions (deterministic) ------------------------
if command -v valgrind >/dev/null 2>&1; then
    log "head check: callgrind on 2,000 cached hits of the article page"
    res=$(timeout 300 "$PY" bench/guardcost.py --dinh "$DINH" --db "$W/demo.db" --static "$STATIC" \
        --path "${PATHS[article]}" --requests 2000 --work "$W") || die "bench/guardcost.py failed"
    meta guard_cost "$res"
else
    meta guard_cost '{"skipped": "valgrind is missing"}'
fi

# --- 3: a 100,000-article database: init time and resident memory -----------------------------
log "dinh init --articles $BIG"
t0=$(date +%s.%N)
timeout 300 "$DINH" init --db "$W/big.db" --articles "$BIG" >"$W/init-big.log" 2>&1 ||
    { cat "$W/init-big.log" >&2; die "dinh init --articles $BIG failed"; }
t1=$(date +%s.%N)
meta init_articles "$BIG"
meta init_seconds "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
meta init_db_bytes "$(($(stat -c %s "$W/big.db") + $(stat -c %s "$W/big.db-wal" 2>/dev/null || echo 0)))"

# the check init and serve run before they write (quick_check), as init reports it, and the full
# one `dinh check` runs; the file was just written, so both read it from the page cache
timeout 300 "$DINH" init --db "$W/big.db" >"$W/init-again.log" 2>&1 ||
    { cat "$W/init-again.log" >&2; die "dinh init on the existing $BIG-article database failed"; }
qc=$(sed -n 's/.*kiểm tra mất \([0-9]*\) ms.*/\1/p' "$W/init-again.log")
[ -n "$qc" ] || { cat "$W/init-again.log" >&2; die "dinh init did not say how long its check took"; }
meta quick_check_ms "$qc"
t0=$(date +%s.%N)
timeout 600 "$DINH" check --db "$W/big.db" >"$W/check-big.log" 2>&1 ||
    { cat "$W/check-big.log" >&2; die "dinh check on the $BIG-article database failed"; }
t1=$(date +%s.%N)
meta integrity_check_seconds "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"

mem_case() { # NAME [serve options...]
    local name=$1 res
    shift
    start_dinh "$name" "$W/big.db" "$@"
    meta "rss_${name}_start_kb" "$(rss_kb "$DINH_PID" VmRSS)"
    log "memory ($name): GET $MEM_N distinct articles"
    res=$(timeout $((WALK_SECS + 60)) "$PY" bench/fetch.py walk --port "$DINH_PORT" --db "$W/big.db" \
        --count "$MEM_N" --conns "$THREADS" --ua "$UA" --max-seconds "$WALK_SECS") ||
        die "the article walk failed ($name)"
    meta "walk_${name}" "$res"
    meta "rss_${name}_kb" "$(rss_kb "$DINH_PID" VmRSS)"
    meta "hwm_${name}_kb" "$(rss_kb "$DINH_PID" VmHWM)"
    stop_wrapper "$DINH_WRAP"
    forget_wrapper "$DINH_WRAP"
}
mem_case mem                  # as deployed: page cache on (default budget)
mem_case memnocache --no-cache # for comparison: what the page cache adds
meta mem_articles "$MEM_N"

# --- 3b: the newsroom on that database: the article list, 20 editors saving, a login flood ----
log "newsroom: article list on $BIG articles, 20 editors saving drafts, 200 wrong logins a second"
res=$(timeout 600 "$PY" bench/newsroom.py --dinh "$DINH" --db "$W/big.db" --static "$STATIC" \
    --seconds "$SECS" --threads "$THREADS" --work "$W") || die "bench/newsroom.py failed"
meta newsroom "$res"

# --- 3d: the NTM office imports a national workbook (3,321 communes x the 2021-2025 set) ------
log "ntm: importing a national workbook (3,321 communes × 58 indicators) as the office"
res=$(timeout 1800 "$PY" bench/ntm_excel.py --dinh "$DINH" --static "$STATIC" --threads "$THREADS" \
    --work "$W") || die "bench/ntm_excel.py failed"
meta ntm_import "$res"
ntm_case

# --- 4: search latency ------------------------------------------------------------------------
# search_case ARTICLES DB [NOTE]: dinh --no-cache on DB (every request runs the search), the
# queries of $S_QUERIES from one client in order, then from $S_CLIENTS clients at once.
search_case() {
    local n=$1 db=$2 note=${3:-} clients c0 c1 res
    meta "search_loadavg_$n" "$(cut -d' ' -f1-3 /proc/loadavg)"
    start_dinh "search$n" "$db" --no-cache
    for clients in 1 "$S_CLIENTS"; do
        log "search latency: $n articles, $clients client(s), $S_REPEAT × each query"
        c0=$(cpu_ticks "$DINH_PID")
        res=$(timeout -k 5 $((S_SECS + S_TIMEOUT + 60)) "$PY" bench/search.py run --port "$DINH_PORT" \
            --queries "$S_QUERIES" --db "$db" --repeat "$S_REPEAT" --clients "$clients" \
            --timeout "$S_TIMEOUT" --max-seconds "$S_SECS" --tag "articles=$n" --tag "note=$note") ||
            die "the search client failed ($n articles, $clients clients)"
        c1=$(cpu_ticks "$DINH_PID")
        echo "search cpu_ticks=$((c1 - c0)) $res" >>"$RAW"
        log "$(echo "$res" | "$PY" -c 'import json, sys; d = json.load(sys.stdin)
print("  %d requests, %d failed: p50 %s p95 %s p99 %s max %s ms; worst %s (p95 %s ms)%s" % (d["requests"],
      d["failed"], d.get("p50"), d.get("p95"), d.get("p99"), d.get("max"), d["worst"], d["worst_p95"],
      "; CUT at the time cap" if d["cut"] else ""))')"
    done
    meta "rss_search${n}_kb" "$(rss_kb "$DINH_PID" VmRSS)"
    stop_wrapper "$DINH_WRAP"
    forget_wrapper "$DINH_WRAP"
}
meta search_repeat "$S_REPEAT"
meta search_clients "$S_CLIENTS"
meta search_timeout "$S_TIMEOUT"
meta search_seconds "$S_SECS"
search_case "$BIG" "$W/big.db"

free_kb() { df -Pk "$1" | awk 'NR == 2 { print $4 }'; }
# generating N articles needs about 12 GB per million free: the database, and its WAL as large
need_kb() { echo $(($1 * 12 * 1024 / 1000)); }
need_gb() { awk -v n="$1" 'BEGIN { printf "%g", n * 12 / 1e6 }'; }

# big_db N: sets BIG_FILE to the path of a cached N-article database, generated if it is
# missing, or to "" (and BIG_WHY to the reason) if it cannot be had.
big_db() {
    local n=$1 f t0 t1
    f=$S_CACHE/articles-$n-$S_KEY.db
    BIG_FILE=""
    if [ -s "$f" ] && [ "$S_REBUILD" != 1 ]; then
        log "search: reusing $f"
        meta "search_db_$n" "cached"
        BIG_FILE=$f
        return 0
    fi
    if [ "$(free_kb "$S_CACHE")" -lt "$(need_kb "$n")" ]; then
        BIG_WHY="less than $(need_gb "$n") GB free on $S_CACHE for generating $n articles"
        return 0
    fi
    # other keys of the same size are an older binary's: make room
    rm -f "$S_CACHE/articles-$n-"*.db "$S_CACHE/articles-$n-"*.db-wal "$S_CACHE/articles-$n-"*.db-shm
    log "search: dinh init --articles $n (once; kept as $f)"
    S_PARTIAL=$f.partial
    rm -f "$S_PARTIAL" "$S_PARTIAL-wal" "$S_PARTIAL-shm"
    t0=$(date +%s.%N)
    if ! timeout -k 10 "$S_INIT_MAX" "$DINH" init --db "$S_PARTIAL" --articles "$n" >"$W/init-$n.log" 2>&1; then
        cat "$W/init-$n.log" >&2
        rm -f "$S_PARTIAL" "$S_PARTIAL-wal" "$S_PARTIAL-shm"
        S_PARTIAL=""
        BIG_WHY="dinh init --articles $n failed or took over $S_INIT_MAX s"
        return 0
    fi
    t1=$(date +%s.%N)
    # a clean close checkpoints and removes the WAL; if one is left, it goes along
    if [ -s "$S_PARTIAL-wal" ]; then mv "$S_PARTIAL-wal" "$f-wal"; fi
    rm -f "$S_PARTIAL-wal" "$S_PARTIAL-shm"
    mv "$S_PARTIAL" "$f"
    S_PARTIAL=""
    meta "search_db_$n" "generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s, $(($(stat -c %s "$f") / 1048576)) MiB"
    BIG_FILE=$f
}

if [ "$S_MILLION" = 1 ]; then
    mkdir -p "$S_CACHE"
    S_KEY=$(timeout 60 "$PY" bench/search.py dbkey --db "$W/demo.db") || die "cannot read the schema of demo.db"
    meta search_key "$S_KEY"
    meta search_big_wanted "$S_BIG"
    n=$S_BIG note="" BIG_WHY=""
    if [ ! -s "$S_CACHE/articles-$n-$S_KEY.db" ] || [ "$S_REBUILD" = 1 ]; then
        # estimated from step 3 in proportion (measured: 1,000,000 took 8.4 to 10.8 times 100,000)
        est=$(awk -v s="$(sed -n 's/^meta init_seconds=//p' "$RAW")" -v n="$n" -v b="$BIG" \
            'BEGIN { printf "%.0f", s * n / b }')
        if [ "$(free_kb "$S_CACHE")" -lt "$(need_kb "$n")" ]; then
            note="$n articles not measured: less than $(need_gb "$n") GB free on $S_CACHE"
        elif [ "$est" -gt "$S_BUDGET" ]; then
            note="$n articles not measured: generating them would take about $est s (over $S_BUDGET s)"
        fi
        if [ -n "$note" ]; then
            log "search: $note; using $S_FALLBACK articles"
            n=$S_FALLBACK
        fi
    fi
    big_db "$n"
    if [ -n "$BIG_FILE" ]; then
        search_case "$n" "$BIG_FILE" "$note"
    else
        meta search_big_skipped "${note:+$note; }$BIG_WHY"
        log "search: big database skipped: $BIG_WHY"
    fi
fi

# --- the report ------------------------------------------------------------------------------
report
