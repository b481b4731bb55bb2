/*
 * query.h - the talk module's reads, for its own handlers (talk.c,
 * moderate.c); other modules see only talk.h.
 *
 * Every statement is prepared once per connection with bound parameters.
 * Every function returns -1 when a statement failed (logged by the store;
 * the request then answers 500), never "nothing" in its place; look-ups of
 * one thing return 1 (found), 0 (none) or -1.
 */
#ifndef DINH_TALK_QUERY_H
#define DINH_TALK_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"
#include "talk/token.h"

enum talk_state { TALK_WAITING = 0, TALK_APPROVED = 1, TALK_REJECTED = 2, TALK_SPAM = 3 };

/* The module's settings (talk_settings), with their defaults. */
#define TALK_SETTING_MODERATE "moderate" /* 1: comments wait for moderation (default); 0: shown at once */

/* Rate limits per address, over the comments stored. */
#define TALK_PER_MINUTE 1
#define TALK_PER_DAY 20
/* Readers (cookies) that may rate one article from one address. */
#define TALK_VOTES_PER_ADDRESS 20

/* The module's key (talk_secret): 1, or -1 (a database without it is
 * broken: the migration made it). */
int talk_key(struct store_conn *db, unsigned char key[TALK_KEY_BYTES]);
/* A setting, or `fallback` when it has no row. 0 or -1. */
int talk_setting(struct store_conn *db, const char *name, int64_t fallback, int64_t *value);

/* Whether a comment token's nonce was used: 1, 0, -1. */
int talk_nonce_spent(struct store_conn *db, const unsigned char nonce[TALK_NONCE_BYTES]);
/* How long the address must wait before its next comment: 0 when it may
 * send one now (fewer than TALK_PER_MINUTE in the last minute and
 * TALK_PER_DAY in the last day). 0 or -1. */
int talk_rate_wait(struct store_conn *db, const unsigned char address[TALK_HASH_BYTES], int64_t now,
                   int64_t *wait_seconds);

/* One comment as stored. */
struct talk_comment_row {
    int64_t id, article_id, parent_id, desk_user, created_at;
    int state;
    struct str name, email, body, parent_name;
};
int talk_comment_get(struct store_conn *db, struct arena *a, int64_t id, struct talk_comment_row *out);
/* Comments in `state`: waiting ones oldest first, others newest first, at
 * most `limit`; *total receives how many there are in that state. */
/* How many comments are in `state`. 0, or -1. */
int talk_count_in(struct store_conn *db, enum talk_state state, long long *n);
int talk_comments_in(struct store_conn *db, struct arena *a, enum talk_state state, int limit,
                     struct talk_comment_row **out, size_t *n, long long *total);
/* The rejected and spam comments, the latest refused first, at most
 * `limit`; *total receives how many there are. 0, or -1. */
int talk_comments_refused(struct store_conn *db, struct arena *a, int limit, struct talk_comment_row **out, size_t *n,
                          long long *total);

/* The reader's vote on an article: 1 with *stars, 0 if none, -1. */
int talk_vote_of(struct store_conn *db, int64_t article_id, const unsigned char reader[TALK_HASH_BYTES],
                 int *stars);
/* How many readers voted on the article from this address. */
int talk_votes_from(struct store_conn *db, int64_t article_id, const unsigned char address[TALK_HASH_BYTES],
                    long long *n);

#endif
