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
 * by score, then newest first. A query typed with marks is run twice,
 * first asking its marked words in their exact spelling, then folded:
 * what the first run finds comes before everything else. Documents come from their own index (at
 * most SEARCH_DOC_CANDIDATES; number 10, abstract 6, text 1), and a
 * document number typed as the query puts that document first.
 */
#ifndef DINH_SEARCH_SEARCH_H
#define DINH_SEARCH_SEARCH_H

#define SEARCH_TITLE_CANDIDATES 200
#define SEARCH_BODY_CANDIDATES 500
#define SEARCH_DOC_CANDIDATES 300
/* The walk of an index is bounded (search.c, collect): first the newest
 * SEARCH_FIRST_IDS article ids; if that does not fill the candidates,
 * older ids down to where the word of the query that is rarest there has
 * had SEARCH_SCAN_UNITS / units articles (at least SEARCH_MIN_PROBE), and
 * no further than SEARCH_SCAN_IDS / units ids; a word counts 1 unit and a
 * word of a quoted phrase 2. A query of one word is not bounded by ids. */
#define SEARCH_FIRST_IDS 5000
#define SEARCH_SCAN_UNITS 40000
#define SEARCH_SCAN_IDS 300000
#define SEARCH_MIN_PROBE 1000
#define SEARCH_PER_PAGE 20

void search_register(void);

#endif
