/*
 * terms.h - turning what a reader types into a safe FTS5 query.
 *
 * The reader's text never reaches FTS5 as syntax: it is cut into words
 * (runs of letters and digits), each word is written as a quoted FTS5
 * string, and words joined only by '-', '/', '.' or ':' ("QĐ-TTg",
 * "323/KH-UBND") or put between double quotes by the reader become one
 * phrase. Characters that mean something to FTS5 ('*', '^', ':', NEAR(,
 * OR, parentheses) are just separators here, so every input gives either
 * a valid query or "no words".
 *
 * A short form the portals write for a long name also finds the name, and
 * the other way round (terms.c, synonyms): "NTM" is asked as ("ntm" OR
 * "nong thon moi"), a word of the query whose text is the whole group;
 * "nông thôn mới" as three words, or as a phrase, is asked with OR "ntm".
 */
#ifndef DINH_SEARCH_TERMS_H
#define DINH_SEARCH_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

#define SEARCH_MAX_QUERY_CHARS 200
#define SEARCH_MAX_WORDS 16

enum search_terms_result {
    SEARCH_TERMS_OK,
    SEARCH_TERMS_EMPTY,     /* nothing typed */
    SEARCH_TERMS_NO_WORDS,  /* only punctuation or symbols */
    SEARCH_TERMS_TOO_LONG,  /* more than SEARCH_MAX_QUERY_CHARS characters */
};

/* The words kept (at most SEARCH_MAX_WORDS), each as where it stands in
 * the FTS5 query written, and what they cost a walk of an index per
 * article: 1 unit a word, 2 a word of a phrase of several (its positions
 * are compared). */
struct search_words {
    struct {
        size_t at, n;
    } word[SEARCH_MAX_WORDS];
    size_t n;
    int units;
    size_t marked; /* words carrying a tone, a vowel mark or đ */
};

/* Writes the FTS5 query for `q` (NFC, valid UTF-8) into out, e.g.
 * "nong" AND "thon" or "qd tt g" phrases, and its words into *w. */
enum search_terms_result search_terms(struct str q, struct buf *out, struct search_words *w);

/* The same, but with `exact`, each word that carries a mark is asked in
 * its exact spelling (store/fts_vi.h, FTS_VI_EXACT): "bão" finds "Bão",
 * not "báo". Words without a mark are matched folded as always. */
enum search_terms_result search_terms_spelled(struct str q, bool exact, struct buf *out, struct search_words *w);

#endif
