/* token.c - signed form tokens, the reader cookie and keyed hashes; see
 * token.h. */
#include "talk/token.h"

#include <string.h>

#include <sodium.h>

#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define CLOCK_SKEW 60 /* seconds a token may seem to come from the future (another thread's clock) */

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xFF);
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* The MAC of a comment token: over "talk-comment", the article, the nonce
 * and the time. */
static void comment_mac(const unsigned char *key, int64_t article_id, const unsigned char *nonce, int64_t issued,
                        unsigned char mac[crypto_auth_BYTES])
{
    static const char domain[] = "talk-comment";
    unsigned char msg[sizeof domain - 1 + 8 + TALK_NONCE_BYTES + 8];
    memcpy(msg, domain, sizeof domain - 1);
    put_u64(msg + sizeof domain - 1, (uint64_t)article_id);
    memcpy(msg + sizeof domain - 1 + 8, nonce, TALK_NONCE_BYTES);
    put_u64(msg + sizeof domain - 1 + 8 + TALK_NONCE_BYTES, (uint64_t)issued);
    crypto_auth(mac, msg, sizeof msg, key);
}

void talk_comment_token_make(const unsigned char key[TALK_KEY_BYTES], int64_t article_id, int64_t now,
                             char out[TALK_COMMENT_TOKEN_CHARS + 1], unsigned char nonce[TALK_NONCE_BYTES])
{
    unsigned char raw[TALK_NONCE_BYTES + 8 + crypto_auth_BYTES];
    randombytes_buf(nonce, TALK_NONCE_BYTES);
    memcpy(raw, nonce, TALK_NONCE_BYTES);
    put_u64(raw + TALK_NONCE_BYTES, (uint64_t)now);
    comment_mac(key, article_id, nonce, now, raw + TALK_NONCE_BYTES + 8);
    sodium_bin2base64(out, TALK_COMMENT_TOKEN_CHARS + 1, raw, sizeof raw, VARIANT);
}

/* Decodes exactly `n` bytes of base64url: 0, or -1. */
static int decode(struct str text, size_t chars, unsigned char *out, size_t n)
{
    size_t got = 0;
    const char *end = NULL;
    if (text.n != chars || sodium_base642bin(out, n, text.p, text.n, NULL, &got, &end, VARIANT) != 0 || got != n ||
        end != text.p + text.n)
        return -1;
    return 0;
}

static enum talk_token_check age_check(int64_t issued, int64_t now)
{
    if (issued > now + CLOCK_SKEW)
        return TALK_TOKEN_BAD;
    return now - issued > TALK_TOKEN_SECONDS ? TALK_TOKEN_EXPIRED : TALK_TOKEN_OK;
}

enum talk_token_check talk_comment_token_check(const unsigned char key[TALK_KEY_BYTES], int64_t article_id,
                                               struct str token, int64_t now, unsigned char nonce[TALK_NONCE_BYTES],
                                               int64_t *issued)
{
    unsigned char raw[TALK_NONCE_BYTES + 8 + crypto_auth_BYTES];
    if (decode(token, TALK_COMMENT_TOKEN_CHARS, raw, sizeof raw) != 0)
        return TALK_TOKEN_BAD;
    int64_t when = (int64_t)get_u64(raw + TALK_NONCE_BYTES);
    unsigned char mac[crypto_auth_BYTES];
    comment_mac(key, article_id, raw, when, mac);
    if (sodium_memcmp(mac, raw + TALK_NONCE_BYTES + 8, sizeof mac) != 0)
        return TALK_TOKEN_BAD;
    memcpy(nonce, raw, TALK_NONCE_BYTES);
    *issued = when;
    return age_check(when, now);
}

void talk_token_question(const unsigned char key[TALK_KEY_BYTES], const unsigned char nonce[TALK_NONCE_BYTES],
                         struct talk_question *q)
{
    static const char domain[] = "talk-question";
    unsigned char msg[sizeof domain - 1 + TALK_NONCE_BYTES];
    memcpy(msg, domain, sizeof domain - 1);
    memcpy(msg + sizeof domain - 1, nonce, TALK_NONCE_BYTES);
    unsigned char seed[16];
    crypto_generichash(seed, sizeof seed, msg, sizeof msg, key, TALK_KEY_BYTES);
    talk_question_make(seed, q);
}

static void vote_mac(const unsigned char *key, int64_t article_id, struct str reader, int64_t issued,
                     unsigned char mac[crypto_auth_BYTES])
{
    static const char domain[] = "talk-vote";
    crypto_auth_hmacsha512256_state st;
    unsigned char fixed[sizeof domain - 1 + 16];
    memcpy(fixed, domain, sizeof domain - 1);
    put_u64(fixed + sizeof domain - 1, (uint64_t)article_id);
    put_u64(fixed + sizeof domain - 1 + 8, (uint64_t)issued);
    crypto_auth_hmacsha512256_init(&st, key, TALK_KEY_BYTES);
    crypto_auth_hmacsha512256_update(&st, fixed, sizeof fixed);
    crypto_auth_hmacsha512256_update(&st, (const unsigned char *)reader.p, reader.n);
    crypto_auth_hmacsha512256_final(&st, mac);
}

void talk_vote_token_make(const unsigned char key[TALK_KEY_BYTES], int64_t article_id, struct str reader,
                          int64_t now, char out[TALK_VOTE_TOKEN_CHARS + 1])
{
    unsigned char raw[8 + crypto_auth_BYTES];
    put_u64(raw, (uint64_t)now);
    vote_mac(key, article_id, reader, now, raw + 8);
    sodium_bin2base64(out, TALK_VOTE_TOKEN_CHARS + 1, raw, sizeof raw, VARIANT);
}

enum talk_token_check talk_vote_token_check(const unsigned char key[TALK_KEY_BYTES], int64_t article_id,
                                            struct str reader, struct str token, int64_t now)
{
    unsigned char raw[8 + crypto_auth_BYTES];
    if (!talk_reader_valid(reader) || decode(token, TALK_VOTE_TOKEN_CHARS, raw, sizeof raw) != 0)
        return TALK_TOKEN_BAD;
    int64_t when = (int64_t)get_u64(raw);
    unsigned char mac[crypto_auth_BYTES];
    vote_mac(key, article_id, reader, when, mac);
    if (sodium_memcmp(mac, raw + 8, sizeof mac) != 0)
        return TALK_TOKEN_BAD;
    return age_check(when, now);
}

void talk_reader_new(char out[TALK_READER_CHARS + 1])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TALK_READER_CHARS + 1, raw, sizeof raw, VARIANT);
}

bool talk_reader_valid(struct str value)
{
    unsigned char raw[16];
    return decode(value, TALK_READER_CHARS, raw, sizeof raw) == 0;
}

void talk_hash(const unsigned char key[TALK_KEY_BYTES], const char *domain, struct str value,
               unsigned char out[TALK_HASH_BYTES])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, key, TALK_KEY_BYTES, TALK_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1); /* with its NUL: a boundary */
    crypto_generichash_update(&st, (const unsigned char *)value.p, value.n);
    crypto_generichash_final(&st, out, TALK_HASH_BYTES);
}
