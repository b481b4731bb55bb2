/*
 * token.h - the talk module's secrets in use: signed form tokens, the
 * reader cookie, and keyed hashes of addresses and cookies.
 *
 * Everything is keyed by the module's 32-byte random key (talk_secret,
 * one per database; talk_key in query.h reads it). Nothing here touches
 * the database or the clock: the caller passes `now`, so the unit tests
 * move time freely.
 *
 * A comment-form token is 16 random bytes (its nonce), the time it was
 * issued and an HMAC-SHA-512-256 (crypto_auth) over the article, the nonce
 * and the time: 56 bytes, 75 characters of base64url. It is good for
 * TALK_TOKEN_SECONDS, for the article it was issued for, and once (the
 * caller records spent nonces). Its question (captcha.h) is drawn from a
 * keyed BLAKE2b of the nonce, so the page shows the question without the
 * token giving the answer away. Issuing one writes nothing: a form page is
 * a plain read, whoever asks for it.
 *
 * A rating token is the time and an HMAC over the article, the time and
 * the reader's cookie: 40 bytes, 54 characters. It needs no table: a vote
 * is idempotent (a second one changes the first), so the token only shows
 * that the vote comes from a page or script of this site, for the reader
 * whose cookie it names (HttpOnly, SameSite=Lax: another site's page can
 * neither read it nor send it with a POST).
 *
 * The reader cookie (dinh_doc) is 16 random bytes in base64url, 22
 * characters; the database keeps only its keyed hash, as it keeps only the
 * keyed hash of an address.
 */
#ifndef DINH_TALK_TOKEN_H
#define DINH_TALK_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"
#include "talk/captcha.h"

#define TALK_KEY_BYTES 32
#define TALK_TOKEN_SECONDS (20 * 60) /* a form token's life */
#define TALK_NONCE_BYTES 16
#define TALK_HASH_BYTES 16           /* of an address or a cookie, as stored */

#define TALK_COMMENT_TOKEN_CHARS 75
#define TALK_VOTE_TOKEN_CHARS 54
#define TALK_READER_CHARS 22

enum talk_token_check {
    TALK_TOKEN_OK,
    TALK_TOKEN_BAD,     /* not ours: malformed, forged, for another article or reader */
    TALK_TOKEN_EXPIRED, /* ours, but older than TALK_TOKEN_SECONDS */
};

/* A new comment-form token for `article_id` at `now`, in out (NUL-ended);
 * its nonce in `nonce`. */
void talk_comment_token_make(const unsigned char key[TALK_KEY_BYTES], int64_t article_id, int64_t now,
                             char out[TALK_COMMENT_TOKEN_CHARS + 1], unsigned char nonce[TALK_NONCE_BYTES]);
/* Checks a token sent back; on TALK_TOKEN_OK its nonce is in `nonce` and
 * the time it was issued in *issued. */
enum talk_token_check talk_comment_token_check(const unsigned char key[TALK_KEY_BYTES], int64_t article_id,
                                               struct str token, int64_t now, unsigned char nonce[TALK_NONCE_BYTES],
                                               int64_t *issued);
/* The question a token's nonce asks. */
void talk_token_question(const unsigned char key[TALK_KEY_BYTES], const unsigned char nonce[TALK_NONCE_BYTES],
                         struct talk_question *q);

/* A rating token for `article_id`, the reader's cookie and `now`. */
void talk_vote_token_make(const unsigned char key[TALK_KEY_BYTES], int64_t article_id, struct str reader,
                          int64_t now, char out[TALK_VOTE_TOKEN_CHARS + 1]);
enum talk_token_check talk_vote_token_check(const unsigned char key[TALK_KEY_BYTES], int64_t article_id,
                                            struct str reader, struct str token, int64_t now);

/* A new reader cookie value. */
void talk_reader_new(char out[TALK_READER_CHARS + 1]);
/* Whether a cookie value has the form of one (22 base64url characters). */
bool talk_reader_valid(struct str value);

/* The keyed BLAKE2b of `value` in the domain `domain` ("ip", "doc"), so
 * that an address and a cookie never share a hash. */
void talk_hash(const unsigned char key[TALK_KEY_BYTES], const char *domain, struct str value,
               unsigned char out[TALK_HASH_BYTES]);

#endif
