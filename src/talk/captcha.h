/*
 * captcha.h - the question a comment form asks, made by the server itself:
 * a sum or a difference of two numbers from one to nine, written in
 * Vietnamese words, answered with digits or words.
 *
 *   "Ba cộng bốn bằng mấy?"    7, "7", "bảy", "Bảy", "bẩy", "bay"
 *   "Chín trừ hai bằng mấy?"   7
 *   "Tám cộng sáu bằng mấy?"   14, "mười bốn", "muoi bon", "mười tư"
 *
 * No outside service, no picture, nothing a screen reader cannot read: a
 * person who reads the form can answer it; a program that reads it can too,
 * so this only keeps out the robots that post blindly to every form they
 * meet (with the honeypot field and the rate limits beside it). The
 * question comes from three bytes the caller draws from a keyed hash of the
 * form's token (token.h), so the token, which the page shows, does not
 * carry the answer.
 *
 * Answers are read through vi_fold: case, tone marks and đ do not matter,
 * so a reader without a Vietnamese keyboard may type "muoi lam"; spaces
 * around and between words do not matter either. Pure functions, no
 * allocation beyond the buf they append to.
 */
#ifndef DINH_TALK_CAPTCHA_H
#define DINH_TALK_CAPTCHA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

struct talk_question {
    int a, b;   /* 1..9; for a difference a > b */
    bool minus; /* "trừ" rather than "cộng" */
    int answer; /* 1..18 */
};

/* The question of three seed bytes (any values). */
void talk_question_make(const unsigned char seed[3], struct talk_question *q);

/* Appends the question in words: "Ba cộng bốn bằng mấy?". */
void talk_question_text(struct buf *out, const struct talk_question *q);

/* Longer answers are refused before they are looked at. */
#define TALK_ANSWER_MAX 40 /* bytes */

/* The number a reader typed: "7", " 07 ", "bảy", "Mười lăm" give 7, 7, 7
 * and 15. -1 for anything else: empty, not a number from 0 to 99, words
 * that name no number from 0 to 19 ("bảy mốt", "abc"), invalid UTF-8. */
int talk_answer_parse(struct str typed);

/* Whether `typed` answers `q`. */
bool talk_answer_ok(const struct talk_question *q, struct str typed);

#endif
