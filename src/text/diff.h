/*
 * diff.h - what changed between two texts, word by word.
 *
 * The newsroom shows an editor what changed between two revisions of an
 * article: words taken out, words put in, the rest as it was. A text is
 * first cut into tokens (diff_tokens): each run of characters without
 * white space is a word, and each paragraph break is a token of its own, so
 * that a new paragraph shows as a change and the display keeps the
 * paragraphs. HTML bodies are turned into such text first
 * (html_visible_text in text/htmltext.h).
 *
 * diff_words finds the shortest edit script between two token lists
 * (Myers' O(ND) algorithm, after taking off the common head and tail, which
 * is all most saves change). Its work is bounded: when the two texts differ
 * so much that the search would pass `budget` steps, the middle that is
 * still unresolved is reported as one deletion and one insertion, which is
 * still a correct script (applying it to the first text gives the second),
 * only not the shortest. Memory is at most about budget * 4 bytes.
 */
#ifndef DINH_TEXT_DIFF_H
#define DINH_TEXT_DIFF_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

/* A paragraph break, as a token. */
#define DIFF_BREAK "\n"
/* Tokens of one text at most; diff_tokens stops there (the rest of a
 * longer text is one last token). */
#define DIFF_MAX_TOKENS 400000

enum diff_kind { DIFF_SAME, DIFF_DELETE, DIFF_INSERT };

/* `count` tokens kept (from a[a_from] and b[b_from]), deleted (from
 * a[a_from]) or inserted (from b[b_from]). */
struct diff_op {
    enum diff_kind kind;
    size_t a_from, b_from, count;
};

/* Cuts `text` into words and paragraph breaks (tokens point into `text`;
 * the array is allocated in `a`). Runs of blank lines are one break; no
 * break at the start or the end. */
void diff_tokens(struct arena *a, struct str text, struct str **tokens, size_t *n);

/* The edit script from a[0..na) to b[0..nb): ops in order, adjacent ops of
 * one kind merged. Returns 0, or -1 when memory ran out (nothing set). */
int diff_words(struct arena *a, const struct str *ta, size_t na, const struct str *tb, size_t nb, size_t budget,
               struct diff_op **ops, size_t *n_ops);

#endif
