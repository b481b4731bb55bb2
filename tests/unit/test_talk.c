/*
 * test_talk.c - the pure parts of readers' comments and ratings: the
 * question in Vietnamese words and the answers readers type, the signed
 * tokens (forged, tampered, another article or reader, expired, from the
 * future), the reader cookie's form, the keyed hashes, and the limits and
 * paragraphs of a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "talk/captcha.h"
#include "talk/rules.h"
#include "text/utf8.h"
#include "talk/token.h"

static const unsigned char KEY[TALK_KEY_BYTES] = "0123456789abcdef0123456789abcdef";
static const unsigned char OTHER_KEY[TALK_KEY_BYTES] = "fedcba9876543210fedcba9876543210";

static void test_questions_in_words(void **state)
{
    (void)state;
    struct talk_question q = {3, 4, false, 7};
    struct buf b = BUF_INIT;
    talk_question_text(&b, &q);
    assert_int_equal(b.n, strlen("Ba cộng bốn bằng mấy?"));
    assert_memory_equal(b.p, "Ba cộng bốn bằng mấy?", b.n);
    /* Every seed gives a question whose numbers are one to nine, whose
     * difference is never below one, and whose answer is right. */
    int seen_minus = 0, seen_plus = 0;
    for (int x = 0; x < 256; x += 7)
        for (int y = 0; y < 256; y += 5)
            for (int z = 0; z < 2; z++) {
                unsigned char seed[3] = {(unsigned char)x, (unsigned char)y, (unsigned char)z};
                talk_question_make(seed, &q);
                assert_true(q.a >= 1 && q.a <= 9 && q.b >= 1 && q.b <= 9);
                assert_int_equal(q.answer, q.minus ? q.a - q.b : q.a + q.b);
                assert_true(q.answer >= 1 && q.answer <= 18);
                seen_minus += q.minus;
                seen_plus += !q.minus;
                buf_reset(&b);
                talk_question_text(&b, &q);
                char digits[4];
                snprintf(digits, sizeof digits, "%d", q.answer);
                assert_true(talk_answer_ok(&q, str_cstr(digits)));
            }
    assert_true(seen_minus > 0 && seen_plus > 0);
    q = (struct talk_question){9, 2, true, 7};
    buf_reset(&b);
    talk_question_text(&b, &q);
    assert_memory_equal(b.p, "Chín trừ hai bằng mấy?", b.n);
    buf_free(&b);
}

static void test_answers_readers_type(void **state)
{
    (void)state;
    static const struct {
        const char *typed;
        int value;
    } CASES[] = {
        {"7", 7},          {" 7 ", 7},         {"07", 7},           {"bảy", 7},          {"Bảy", 7},
        {"BẢY", 7},        {"bẩy", 7},         {"bay", 7},          {"b\xe1\xba\xa3y", 7}, /* NFC bytes */
        {"ba\xcc\x89y", 7}, /* NFD: a + combining hook above */
        {"một", 1},        {"hai", 2},         {"ba", 3},           {"bốn", 4},          {"năm", 5},
        {"sáu", 6},        {"tám", 8},         {"chín", 9},         {"mười", 10},        {"mười một", 11},
        {"mười lăm", 15},  {"mười năm", 15},   {"Mười  bốn", 14},   {"mười tư", 14},     {"muoi tam", 18},
        {"18", 18},        {"0", 0},           {"không", 0},        {"\t12\n", 12},
        {"", -1},          {"   ", -1},        {"7a", -1},          {"-7", -1},          {"+7", -1},
        {"7.0", -1},       {"1000", -1},       {"bảy mốt", -1},     {"lăm", -1},         {"tư", -1},
        {"mười mười", -1}, {"hai mươi", -1},   {"mười", 10},        {"bảy bảy", -1},     {"seven", -1},
        {"\xff\xfe", -1},  {"mười một hai", -1},
        {"1111111111111111111111111111111111111111111", -1}, /* longer than TALK_ANSWER_MAX */
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        int got = talk_answer_parse(str_cstr(CASES[i].typed));
        if (got != CASES[i].value)
            fail_msg("\"%s\" read as %d, not %d", CASES[i].typed, got, CASES[i].value);
    }
    struct talk_question q = {3, 4, false, 7};
    assert_true(talk_answer_ok(&q, STR("bảy")));
    assert_false(talk_answer_ok(&q, STR("8")));
    assert_false(talk_answer_ok(&q, STR("")));
}

static void test_comment_tokens(void **state)
{
    (void)state;
    char token[TALK_COMMENT_TOKEN_CHARS + 1];
    unsigned char nonce[TALK_NONCE_BYTES], back[TALK_NONCE_BYTES];
    int64_t now = 1796000000, issued = 0;
    talk_comment_token_make(KEY, 42, now, token, nonce);
    assert_int_equal(strlen(token), TALK_COMMENT_TOKEN_CHARS);
    struct str t = str_cstr(token);
    assert_int_equal(talk_comment_token_check(KEY, 42, t, now + 5, back, &issued), TALK_TOKEN_OK);
    assert_memory_equal(nonce, back, sizeof nonce);
    assert_int_equal(issued, now);
    assert_int_equal(talk_comment_token_check(KEY, 42, t, now + TALK_TOKEN_SECONDS, back, &issued), TALK_TOKEN_OK);
    assert_int_equal(talk_comment_token_check(KEY, 42, t, now + TALK_TOKEN_SECONDS + 1, back, &issued),
                     TALK_TOKEN_EXPIRED);
    assert_int_equal(talk_comment_token_check(KEY, 43, t, now, back, &issued), TALK_TOKEN_BAD);
    assert_int_equal(talk_comment_token_check(OTHER_KEY, 42, t, now, back, &issued), TALK_TOKEN_BAD);
    /* Issued an hour ahead of the server's clock: not ours. */
    assert_int_equal(talk_comment_token_check(KEY, 42, t, now - 3600, back, &issued), TALK_TOKEN_BAD);
    /* Any character changed, dropped or added. */
    for (size_t i = 0; i < TALK_COMMENT_TOKEN_CHARS; i++) {
        char bad[TALK_COMMENT_TOKEN_CHARS + 1];
        memcpy(bad, token, sizeof bad);
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        assert_int_equal(talk_comment_token_check(KEY, 42, str_cstr(bad), now, back, &issued), TALK_TOKEN_BAD);
    }
    assert_int_equal(talk_comment_token_check(KEY, 42, (struct str){token, TALK_COMMENT_TOKEN_CHARS - 1}, now, back,
                                              &issued),
                     TALK_TOKEN_BAD);
    assert_int_equal(talk_comment_token_check(KEY, 42, STR(""), now, back, &issued), TALK_TOKEN_BAD);
    assert_int_equal(talk_comment_token_check(KEY, 42, STR("<script>alert(1)</script>"), now, back, &issued),
                     TALK_TOKEN_BAD);
    /* Two tokens differ, and so (mostly) do their questions; the same
     * nonce always asks the same question, and another key another one. */
    char token2[TALK_COMMENT_TOKEN_CHARS + 1];
    unsigned char nonce2[TALK_NONCE_BYTES];
    talk_comment_token_make(KEY, 42, now, token2, nonce2);
    assert_string_not_equal(token, token2);
    struct talk_question q1, q2;
    talk_token_question(KEY, nonce, &q1);
    talk_token_question(KEY, nonce, &q2);
    assert_true(q1.a == q2.a && q1.b == q2.b && q1.minus == q2.minus && q1.answer == q2.answer);
    int differ = 0;
    for (int i = 0; i < 32; i++) {
        talk_comment_token_make(KEY, 42, now, token2, nonce2);
        talk_token_question(KEY, nonce2, &q2);
        differ += q2.a != q1.a || q2.b != q1.b || q2.minus != q1.minus;
    }
    assert_true(differ > 16);
}

static void test_vote_tokens_and_cookies(void **state)
{
    (void)state;
    char reader[TALK_READER_CHARS + 1], other[TALK_READER_CHARS + 1];
    talk_reader_new(reader);
    talk_reader_new(other);
    assert_int_equal(strlen(reader), TALK_READER_CHARS);
    assert_string_not_equal(reader, other);
    assert_true(talk_reader_valid(str_cstr(reader)));
    assert_false(talk_reader_valid(STR("")));
    assert_false(talk_reader_valid(STR("short")));
    assert_false(talk_reader_valid(STR("abcdefghijklmnopqrstu+"))); /* not base64url */
    assert_false(talk_reader_valid(STR("abcdefghijklmnopqrstuvw")));
    assert_false(talk_reader_valid(STR("abcdefghijklmnopqrstuv"))); /* its last 4 bits are not zero */

    char token[TALK_VOTE_TOKEN_CHARS + 1];
    int64_t now = 1796000000;
    talk_vote_token_make(KEY, 7, str_cstr(reader), now, token);
    assert_int_equal(strlen(token), TALK_VOTE_TOKEN_CHARS);
    struct str t = str_cstr(token);
    assert_int_equal(talk_vote_token_check(KEY, 7, str_cstr(reader), t, now + 60), TALK_TOKEN_OK);
    assert_int_equal(talk_vote_token_check(KEY, 7, str_cstr(other), t, now), TALK_TOKEN_BAD);
    assert_int_equal(talk_vote_token_check(KEY, 8, str_cstr(reader), t, now), TALK_TOKEN_BAD);
    assert_int_equal(talk_vote_token_check(KEY, 7, STR(""), t, now), TALK_TOKEN_BAD);
    assert_int_equal(talk_vote_token_check(OTHER_KEY, 7, str_cstr(reader), t, now), TALK_TOKEN_BAD);
    assert_int_equal(talk_vote_token_check(KEY, 7, str_cstr(reader), t, now + TALK_TOKEN_SECONDS + 1),
                     TALK_TOKEN_EXPIRED);
    char bad[TALK_VOTE_TOKEN_CHARS + 1];
    memcpy(bad, token, sizeof bad);
    bad[20] = bad[20] == 'x' ? 'y' : 'x';
    assert_int_equal(talk_vote_token_check(KEY, 7, str_cstr(reader), str_cstr(bad), now), TALK_TOKEN_BAD);
    /* A comment token is no vote token, nor the other way round. */
    char ctoken[TALK_COMMENT_TOKEN_CHARS + 1];
    unsigned char nonce[TALK_NONCE_BYTES];
    int64_t issued;
    talk_comment_token_make(KEY, 7, now, ctoken, nonce);
    assert_int_equal(talk_vote_token_check(KEY, 7, str_cstr(reader), str_cstr(ctoken), now), TALK_TOKEN_BAD);
    assert_int_equal(talk_comment_token_check(KEY, 7, t, now, nonce, &issued), TALK_TOKEN_BAD);
}

static void test_keyed_hashes(void **state)
{
    (void)state;
    unsigned char a[TALK_HASH_BYTES], b[TALK_HASH_BYTES], c[TALK_HASH_BYTES], d[TALK_HASH_BYTES];
    talk_hash(KEY, "ip", STR("203.0.113.7"), a);
    talk_hash(KEY, "ip", STR("203.0.113.7"), b);
    assert_memory_equal(a, b, sizeof a);
    talk_hash(KEY, "doc", STR("203.0.113.7"), c); /* another domain */
    assert_memory_not_equal(a, c, sizeof a);
    talk_hash(OTHER_KEY, "ip", STR("203.0.113.7"), d); /* another database */
    assert_memory_not_equal(a, d, sizeof a);
    talk_hash(KEY, "ip", STR("203.0.113.8"), d);
    assert_memory_not_equal(a, d, sizeof a);
    assert_null(memmem(a, sizeof a, "203", 3));
}

/* What cannot be seen and turns the text around it goes; what can stays. */
static void test_strip_invisible(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1024);
    struct str plain = STR("Nguyễn Thị Hoa");
    assert_ptr_equal(utf8_strip_invisible(&a, plain).p, plain.p);
    struct str s =
        utf8_strip_invisible(&a, STR("L\u00ea\u202eV\u0103n\u200b B\u2066\u2069\u2060\ufeff\u202a\u200c\u200d"));
    assert_true(str_eq_lit(s, "LêVăn B"));
    s = utf8_strip_invisible(
        &a, STR("\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"));
    assert_int_equal(s.n, 0);
    /* The marks, the soft hyphen, the grapheme joiner, U+180E and the tag
     * characters go too ("x\u200e.pdf" showed as "x.pdf") ... */
    s = utf8_strip_invisible(&a, STR("x\u200e\u200f\u061c\u00ad\u034f\u180e.pdf\U000E0041\U000E007F"));
    assert_true(str_eq_lit(s, "x.pdf"));
    /* ... not their neighbours: U+200A (hair space), U+2010 (hyphen),
     * U+2029, U+206A, U+FEFE, U+00AC, U+061B, U+E0080. */
    struct str kept = STR("\u200a\u2010\u2029\u206a\ufefe\u00ac\u061b\U000E0080");
    assert_true(str_eq(utf8_strip_invisible(&a, kept), kept));
    /* A name with nothing to see, or only marks, is no name. */
    assert_non_null(talk_name_problem(STR("\u3000")));
    assert_non_null(talk_name_problem(STR("...")));
    assert_null(talk_name_problem(STR("Ba")));
    assert_null(talk_name_problem(STR("7")));
    /* Accents stacked on one letter: three kept, the rest dropped; a
     * Vietnamese text in NFC, or in NFD (two on "ệ"), is left as it is. */
    struct str vn = STR("Nguyễn Thị Hoa, Việt Nam");
    assert_ptr_equal(utf8_limit_marks(&a, vn, 3).p, vn.p);
    struct str nfd = STR("Việt");
    assert_ptr_equal(utf8_limit_marks(&a, nfd, 3).p, nfd.p);
    s = utf8_limit_marks(&a, STR("á́́́́́b̀̀̀̀c"), 3);
    assert_true(str_eq_lit(s, "á́́b̀̀̀c"));
    s = utf8_limit_marks(&a, STR("́́́́x"), 3); /* marks with no letter before them */
    assert_true(str_eq_lit(s, "́́́x"));
    arena_free(&a);
}

static void test_comment_limits(void **state)
{
    (void)state;
    char name[512] = "";
    for (int i = 0; i < 100; i++)
        strcat(name, "Đ"); /* 100 characters, 200 bytes */
    assert_null(talk_name_problem(str_cstr(name)));
    strcat(name, "Đ");
    assert_non_null(talk_name_problem(str_cstr(name)));
    assert_non_null(talk_name_problem(STR("")));
    assert_non_null(talk_name_problem(STR(" \t\n ")));
    assert_non_null(talk_name_problem(STR("Hai\ndòng")));
    assert_non_null(talk_name_problem(STR("\xc0\xaf")));
    assert_null(talk_name_problem(STR("  Nguyễn Thị Hoa  ")));

    static char text[3001 * 3 + 1];
    text[0] = '\0';
    for (int i = 0; i < 3000; i++)
        strcat(text + (size_t)i * 3, "ễ"); /* 3,000 characters, 9,000 bytes */
    assert_null(talk_text_problem(str_cstr(text)));
    strcat(text, "ễ");
    assert_non_null(talk_text_problem(str_cstr(text)));
    assert_non_null(talk_text_problem(STR("\n\n  ")));
    assert_non_null(talk_text_problem(STR("có\x01điều khiển")));
    assert_null(talk_text_problem(STR("Dòng một\n\nDòng hai")));

    assert_null(talk_email_problem(STR("")));
    assert_null(talk_email_problem(STR("ban.doc@example.vn")));
    assert_null(talk_email_problem(STR(" hoa@xa.vn ")));
    const char *bad[] = {"khong-phai-thu", "@example.vn", "a@", "a@b@c", "a b@c.vn", "<a@b.vn>", "\"a\"@b.vn"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!talk_email_problem(str_cstr(bad[i])))
            fail_msg("accepted the e-mail %s", bad[i]);
}

static void test_paragraphs(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1024);
    struct str *p;
    size_t n = talk_paragraphs(&a, STR("  Dòng một  \n\n\t\nDòng hai\nDòng ba\n"), &p);
    assert_int_equal(n, 3);
    assert_true(str_eq_lit(p[0], "Dòng một"));
    assert_true(str_eq_lit(p[1], "Dòng hai"));
    assert_true(str_eq_lit(p[2], "Dòng ba"));
    assert_int_equal(talk_paragraphs(&a, STR(""), &p), 0);
    assert_non_null(p);
    assert_int_equal(talk_paragraphs(&a, STR("\n\n"), &p), 0);
    n = talk_paragraphs(&a, STR("<script>alert(1)</script>"), &p);
    assert_int_equal(n, 1);
    assert_true(str_eq_lit(p[0], "<script>alert(1)</script>")); /* kept as text: the template escapes it */
    assert_true(str_eq_lit(talk_trim(STR(" \t x y \n")), "x y"));
    arena_free(&a);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_questions_in_words),   cmocka_unit_test(test_answers_readers_type),
        cmocka_unit_test(test_comment_tokens),       cmocka_unit_test(test_vote_tokens_and_cookies),
        cmocka_unit_test(test_keyed_hashes),         cmocka_unit_test(test_comment_limits),
        cmocka_unit_test(test_paragraphs),           cmocka_unit_test(test_strip_invisible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
