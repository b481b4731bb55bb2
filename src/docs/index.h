/*
 * index.h - what search may ask of the documents' full-text index
 * (document_fts: number, abstract, text, in the "vi" tokenizer).
 *
 * Queries are FTS5 expressions as src/search/terms.c writes them. The
 * register is small (thousands of documents), so a walk needs no id bound.
 */
#ifndef DINH_DOCS_INDEX_H
#define DINH_DOCS_INDEX_H

#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

typedef void (*docs_index_each)(void *ctx, int64_t id, double score, int64_t issued);

/* The shown documents whose canonical number is `canonical`, issued in
 * `year` (0: any), newest first: calls `each` with a high score. Returns
 * how many, or -1. */
int docs_index_exact(struct store_conn *db, const char *canonical, int year, int64_t now, docs_index_each each,
                     void *ctx);
/* The newest shown documents matching `query`, issued in `year` (0: any),
 * at most `limit`, scored by dinh_rank (number 10, abstract 6, text 1).
 * Returns the rows read, or -1. */
int docs_index_walk(struct store_conn *db, struct str query, int year, int64_t now, int limit, docs_index_each each,
                    void *ctx);
/* The abstract of document `id` with the words of `query` between \1 and
 * \2: 1, 0 when nothing in it matched (found by its number), -1. */
int docs_index_hit(struct store_conn *db, struct arena *a, struct str query, int64_t id, struct str *out);

#endif
