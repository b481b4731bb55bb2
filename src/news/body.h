/*
 * body.h - the article body format.
 *
 * Bodies are stored as text, not HTML, so nothing stored is ever inserted
 * raw: blocks are separated by a blank line; "## " starts a sub-heading;
 * a block of the form [[anh:ID|Caption]] is an image from the media
 * table with its caption; anything else is a paragraph. The templates
 * escape every piece.
 */
#ifndef DINH_NEWS_BODY_H
#define DINH_NEWS_BODY_H

#include "core/arena.h"
#include "news/view.h"

/* A block as parsed; image blocks carry the media id to look up. */
struct body_item {
    enum news_block_kind kind;
    struct str text;
    int64_t media_id;
};

/* Splits `body` into its blocks, all of them (arena-allocated). */
size_t news_body_parse(struct arena *a, struct str body, struct body_item **out);

#endif
