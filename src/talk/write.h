/*
 * write.h - the only code that changes the talk module's tables.
 *
 * Each function checks its input, then runs in one write transaction (a
 * savepoint inside the caller's: a handler's job spends the form's token
 * and stores the comment together, and writes the audit entry in the same
 * transaction), and touches "talk:ID" when what readers see under article
 * ID changed. They run on the worker threads (web_defer), never on an
 * event loop.
 *
 * Results: 0, -1 when a statement failed (logged), or one of the refusals
 * below, with nothing written.
 */
#ifndef DINH_TALK_WRITE_H
#define DINH_TALK_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"
#include "store/store.h"
#include "talk/query.h"

enum talk_refusal {
    TALK_INVALID = -2,  /* the input is not acceptable: a Vietnamese sentence in *problem */
    TALK_GONE = -3,     /* the article is not on the site (any more) */
    TALK_SPENT = -4,    /* the form's token was used already */
    TALK_TOO_FAST = -5, /* the address sent too much: *wait seconds to go */
};

/* Marks a comment token used until `expires_at`, and forgets the ones
 * that have expired by `now`. 0, TALK_SPENT, or -1. */
int talk_nonce_spend(struct store_conn *db, const unsigned char nonce[TALK_NONCE_BYTES], int64_t expires_at,
                     int64_t now);

struct talk_new_comment {
    int64_t article_id;
    int64_t parent_id;  /* 0, or the approved comment of the same article it answers */
    struct str name, email, body;
    const unsigned char *address_hash; /* TALK_HASH_BYTES; the rate limits apply to it */
    int64_t now;
    bool approved;      /* shown at once (moderation is off) */
};
/* Stores a reader's comment. 0 with its id; TALK_INVALID, TALK_GONE,
 * TALK_TOO_FAST (with *wait); -1. */
int talk_comment_add(struct store_conn *db, const struct talk_new_comment *c, int64_t *id, int64_t *wait,
                     const char **problem);

/* The newsroom's moves. `user` is the account that acts; *article_id
 * receives the comment's article (for the audit entry). TALK_INVALID when
 * the comment does not exist or the move does not apply. Setting the state
 * a comment already has changes nothing and answers 1 (nothing to audit:
 * a second "Duyệt" from a page opened twice). */
int talk_comment_set_state(struct store_conn *db, int64_t id, enum talk_state state, int64_t user, int64_t now,
                           int64_t *article_id, const char **problem);
int talk_comment_edit(struct store_conn *db, int64_t id, struct str body, int64_t user, int64_t now,
                      int64_t *article_id, const char **problem);
/* An answer of the editorial board, approved at once, under the comment
 * (or under the comment a reply answers: one level). The comment it
 * answers is approved with it if it was waiting. */
int talk_comment_answer(struct store_conn *db, int64_t id, struct str body, int64_t user, int64_t now,
                        int64_t *article_id, int64_t *answer_id, const char **problem);

/* A reader's vote (1 to 5 stars) on a published article: a new one, or a
 * change of the reader's earlier vote; the article's totals move with it
 * (news_article_add_rating) and *sum, *count receive them. TALK_GONE,
 * TALK_TOO_FAST (TALK_VOTES_PER_ADDRESS readers from this address),
 * TALK_INVALID, -1. */
int talk_vote_cast(struct store_conn *db, int64_t article_id, const unsigned char reader[TALK_HASH_BYTES],
                   const unsigned char address[TALK_HASH_BYTES], int stars, int64_t now, long long *sum,
                   long long *count, const char **problem);

int talk_setting_set(struct store_conn *db, const char *name, int64_t value);

/* Forgets a deleted article's comments and votes (news_on_delete: run in
 * the delete's transaction). */
int talk_forget_article(struct store_conn *db, int64_t article_id);

#endif
