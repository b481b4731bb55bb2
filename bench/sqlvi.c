/*
 * sqlvi.c - run SQL on a dinh database with the "vi" tokenizer and
 * dinh_rank() registered, which the stock sqlite3 shell lacks (it cannot
 * open article_fts and the other FTS5 tables). A profiling aid for the
 * search benchmark (bench/search.py); read-only.
 *
 *   cc -O2 -D_GNU_SOURCE -Isrc -o sqlvi bench/sqlvi.c src/store/fts_vi.c src/text/vi.c src/text/utf8.c \
 *      src/core/buf.c src/core/str.c -lsqlite3 -lutf8proc
 *   sqlvi [-n REPEAT] [-q] [-w] DB SQL [PARAM...]
 *
 * Each PARAM binds ?1, ?2, ... in order: as an integer if it is one, else
 * as text. Rows are printed tab-separated (unless -q); with -n the
 * statement runs REPEAT times and the time of each run goes to stderr as
 * "run K: T ms, R rows" followed by the minimum and the median.
 * "EXPLAIN QUERY PLAN ..." works like any other statement. SQL may hold
 * several statements separated by ';' (each gets the same PARAMs), e.g.
 * a CREATE VIRTUAL TABLE temp.v USING fts5vocab(...) and a SELECT on it.
 * The database is opened read-only unless -w is given (for experiments on
 * a copy, such as INSERT INTO article_fts(article_fts) VALUES('optimize')).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/fts_vi.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bind_params(sqlite3_stmt *st, char **params, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        long long v = strtoll(params[i], &end, 10);
        int rc = (*params[i] && !*end && !errno) ? sqlite3_bind_int64(st, i + 1, v)
                                                 : sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

int main(int argc, char **argv)
{
    int repeat = 1, quiet = 0, writable = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-q"))
            quiet = 1;
        else if (!strcmp(argv[i], "-w"))
            writable = 1;
        else
            break;
    }
    if (argc - i < 2 || repeat < 1 || repeat > 100000) {
        fprintf(stderr, "usage: sqlvi [-n REPEAT] [-q] [-w] DB SQL [PARAM...]\n");
        return 2;
    }
    const char *path = argv[i], *sql = argv[i + 1];
    char **params = argv + i + 2;
    int n_params = argc - i - 2;

    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlvi: %s: %s\n", path, sqlite3_errmsg(db));
        return 1;
    }
    if (fts_vi_register(db) != SQLITE_OK) {
        fprintf(stderr, "sqlvi: cannot register the vi tokenizer: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    double *times = calloc((size_t)repeat, sizeof *times);
    if (!times)
        return 1;
    int rc = SQLITE_DONE;
    const char *tail = sql;
    while (rc == SQLITE_DONE && *tail) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
            fprintf(stderr, "sqlvi: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        if (!st) /* only blanks or a comment left */
            break;
        if (bind_params(st, params, n_params < sqlite3_bind_parameter_count(st) ? n_params
                                                                                  : sqlite3_bind_parameter_count(st)) !=
            SQLITE_OK) {
            fprintf(stderr, "sqlvi: bind: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        for (int k = 0; k < repeat; k++) {
            long rows = 0;
            double t0 = now_ms();
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                rows++;
                if (quiet || k > 0)
                    continue;
                int nc = sqlite3_column_count(st);
                for (int c = 0; c < nc; c++) {
                    const unsigned char *v = sqlite3_column_text(st, c);
                    printf("%s%s", c ? "\t" : "", v ? (const char *)v : "NULL");
                }
                putchar('\n');
            }
            times[k] = now_ms() - t0;
            if (rc != SQLITE_DONE) {
                fprintf(stderr, "sqlvi: %s\n", sqlite3_errmsg(db));
                break;
            }
            sqlite3_reset(st);
            if (repeat > 1)
                fprintf(stderr, "run %d: %.3f ms, %ld rows\n", k + 1, times[k], rows);
        }
        if (repeat > 1 && rc == SQLITE_DONE) {
            qsort(times, (size_t)repeat, sizeof *times, cmp_double);
            fprintf(stderr, "min %.3f ms, median %.3f ms, max %.3f ms\n", times[0], times[repeat / 2],
                    times[repeat - 1]);
        }
        sqlite3_finalize(st);
    }
    free(times);
    sqlite3_close(db);
    return rc == SQLITE_DONE ? 0 : 1;
}
