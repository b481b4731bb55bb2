/*
 * revisions.h - an article's saved versions: the list, word-by-word
 * differences between two of them, and restoring one (revisions.c).
 * Every save of an article keeps a version (news_article_save); these
 * pages only read them, and a restore is one more save.
 */
#ifndef DINH_NEWS_REVISIONS_H
#define DINH_NEWS_REVISIONS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

struct news_revision {
    int64_t id, saved_at, saved_by;
    struct str title, summary, body; /* summary and body only from news_revision_get */
    int body_format;
    long long body_bytes;
};

/* The versions of an article older than `before` (0: from the newest),
 * newest first, at most `limit`: 0, or -1 when the read failed. */
int news_revision_list(struct store_conn *db, struct arena *a, int64_t article_id, int64_t before, int limit,
                       struct news_revision **out, size_t *n);
/* Version `id` of the article: 1, 0 when there is none, -1. */
int news_revision_get(struct store_conn *db, struct arena *a, int64_t article_id, int64_t id,
                      struct news_revision *out);

/* Adds the routes under /quan-tri/bai-viet/ID/ban-luu. */
void news_revisions_register(void);

#endif
