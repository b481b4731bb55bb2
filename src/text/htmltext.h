/*
 * htmltext.h - the text an HTML body shows, for what reads words rather
 * than markup: the search index and its snippets, and the word-by-word
 * comparison of an article's versions.
 */
#ifndef DINH_TEXT_HTMLTEXT_H
#define DINH_TEXT_HTMLTEXT_H

#include "core/buf.h"
#include "core/str.h"

/* Appends to `out` the text of `html`: tags dropped, a line break after
 * each block (paragraph, heading, list item, table row, quote, caption,
 * figure, line break), " | " between table cells, the common named
 * entities and numeric references decoded (a non-breaking space becomes a
 * space). The input is HTML as the sanitiser writes it; anything else is
 * read the same way and never read past its end. */
void html_visible_text(struct buf *out, struct str html);

#endif
