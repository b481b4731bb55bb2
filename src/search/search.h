/*
 * search.h - /tim-kiem: search over articles (and documents), the way
 * Vietnamese readers type: with or without diacritics, đ as d.
 *
 * Ranking does bounded work whatever the query (see README "Search"):
 * candidates are the newest matches in index order, never every match:
 * at most SEARCH_TITLE_CANDIDATES from the title-only index and
 * SEARCH_BODY_CANDIDATES from the full index. Each is scored with
 * dinh_rank (matched words weighted title 10, summary 4, body 1, divided
 * by the column's length), and they are shown title matches first, then
 * by score, then newest first. Documents come from their own index (at
 * most SEARCH_DOC_CANDIDATES; number 10, abstract 6, text 1), and a
 * document number typed as the query puts that document first.
 */
#ifndef DINH_SEARCH_SEARCH_H
#define DINH_SEARCH_SEARCH_H

#define SEARCH_TITLE_CANDIDATES 200
#define SEARCH_BODY_CANDIDATES 500
#define SEARCH_DOC_CANDIDATES 300
#define SEARCH_SCAN_BUDGET 200000 /* the newest article ids a query reads; a year filter reaches older ones */
#define SEARCH_PER_PAGE 20

void search_register(void);

#endif
