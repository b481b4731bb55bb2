/*
 * demo.h - demo content for a fresh portal database.
 *
 * `dinh init --demo` and the tests need a database that looks like a
 * coordination office's portal after six years of use: site settings,
 * categories, hundreds (or, for load tests, a hundred thousand) articles
 * with bodies, tags and pictures, web links and a visitor counter.
 * demo_fill() writes all of it in one transaction. The text is composed
 * from the vocabulary in words.c and the pictures are drawn by image.c;
 * everything follows from the seed and `now`, so two runs with the same
 * options write the same rows.
 */
#ifndef DINH_DEMO_DEMO_H
#define DINH_DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define DEMO_DEFAULT_ARTICLES 320
#define DEMO_MAX_ARTICLES 10000000

struct demo_options {
    int articles;  /* total articles; 0 means DEMO_DEFAULT_ARTICLES */
    unsigned seed; /* same seed and now, same content */
    int64_t now;   /* Unix time the content is dated back from; 0 means clock_now() */
};

/*
 * Fills `db`, which must hold the schema of 001_portal.sql and no rows in
 * its tables (opt may be NULL for the defaults), with demo content dated
 * over the six years before opt->now
 * (nothing is dated after it). Runs BEGIN IMMEDIATE ... COMMIT; on any
 * failure it rolls back, writes a message into err (errlen bytes, always
 * NUL-terminated when errlen > 0) and returns -1. Returns 0 on success.
 * The connection's journal and synchronous settings are left to the caller.
 */
int demo_fill(struct store_conn *db, const struct demo_options *opt, char *err, size_t errlen);

#endif
