/*
 * body.h - the article body format.
 *
 * Two formats (article.body_format). 0, the demo's and imports': text, not
 * HTML, parsed here; blocks are separated by a blank line; "## " starts a
 * sub-heading; a block of the form [[anh:ID|Caption]] is an image from the
 * media table with its caption; anything else is a paragraph; the
 * templates escape every piece. 1, the newsroom's: HTML that passed the
 * allow-list sanitiser (src/text/sanitize.c) when it was saved, shown as
 * stored inside a <div>, never parsed here.
 */
#ifndef DINH_NEWS_BODY_H
#define DINH_NEWS_BODY_H

#include "core/arena.h"
#include "core/buf.h"
#include "news/view.h"

/* A block as parsed; image blocks carry the media id to look up. */
struct body_item {
    enum news_block_kind kind;
    struct str text;
    int64_t media_id;
};

/* Splits `body` into its blocks, all of them (arena-allocated). */
size_t news_body_parse(struct arena *a, struct str body, struct body_item **out);

/* The text a body shows, for the search index and its snippets: blocks
 * on lines of their own, without the format's markup (no "## ", no
 * [[anh:...]], no tags), an image by its caption. Appends to `out`;
 * `a` holds what parsing needs. */
void news_body_text(struct buf *out, struct arena *a, struct str body, int format);

#endif
