/*
 * test_text.c - unit tests for src/text: UTF-8 checks, Vietnamese
 * normalisation, folding, slugs, collation and Vietnam-time dates.
 *
 * Every assertion compares against the exact bytes a user would see (a
 * slug in a URL, a dateline on a page, the order of a list). The letter
 * table below is typed in NFC by hand; the NFD forms are built from base
 * letter + combining marks, so the tests do not trust utf8proc to produce
 * what they compare against.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "text/utf8.h"
#include "text/vi.h"
#include "text/vitime.h"

/* --- helpers ------------------------------------------------------------ */

/* Asserts that the content of `b` is exactly the C string `want`. */
static void assert_buf_eq(struct buf *b, const char *want)
{
    assert_string_equal(buf_cstr(b), want);
    assert_int_equal(b->n, strlen(want));
}

/* Each returns the result in a static buffer (tests are single-threaded),
 * after asserting the call succeeded. */
static const char *nfc(const char *s)
{
    static struct buf out;
    buf_reset(&out);
    assert_int_equal(vi_nfc(&out, str_cstr(s)), 0);
    return buf_cstr(&out);
}

static const char *fold(const char *s)
{
    static struct buf out;
    buf_reset(&out);
    assert_int_equal(vi_fold(&out, str_cstr(s)), 0);
    return buf_cstr(&out);
}

static const char *slug(const char *s, size_t max_len)
{
    static struct buf out;
    buf_reset(&out);
    assert_int_equal(vi_slug(&out, str_cstr(s), max_len), 0);
    return buf_cstr(&out);
}

static struct str bytes(const char *p, size_t n) { return str_make(p, n); }

/* --- the Vietnamese letters ------------------------------------------------ */

#define MARK_GRAVE "\xCC\x80"      /* U+0300 huyền */
#define MARK_ACUTE "\xCC\x81"      /* U+0301 sắc */
#define MARK_CIRCUMFLEX "\xCC\x82" /* U+0302 */
#define MARK_TILDE "\xCC\x83"      /* U+0303 ngã */
#define MARK_BREVE "\xCC\x86"      /* U+0306 */
#define MARK_HOOK "\xCC\x89"       /* U+0309 hỏi */
#define MARK_HORN "\xCC\x9B"       /* U+031B */
#define MARK_DOT "\xCC\xA3"        /* U+0323 nặng */

/* One vowel: its plain base letter, the mark that makes it Vietnamese (if
 * any), and its six tones in NFC, lower case then upper case. */
struct vowel {
    char base;
    const char *modifier;
    const char *lower[6];
    const char *upper[6];
};

static const struct vowel vowels[12] = {
    {'a', "", {"a", "à", "á", "ả", "ã", "ạ"}, {"A", "À", "Á", "Ả", "Ã", "Ạ"}},
    {'a', MARK_BREVE, {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"}},
    {'a', MARK_CIRCUMFLEX, {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}},
    {'e', "", {"e", "è", "é", "ẻ", "ẽ", "ẹ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"}},
    {'e', MARK_CIRCUMFLEX, {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}},
    {'i', "", {"i", "ì", "í", "ỉ", "ĩ", "ị"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"}},
    {'o', "", {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}},
    {'o', MARK_CIRCUMFLEX, {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"}},
    {'o', MARK_HORN, {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}},
    {'u', "", {"u", "ù", "ú", "ủ", "ũ", "ụ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"}},
    {'u', MARK_HORN, {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}},
    {'y', "", {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"}},
};

/* Tone marks in the order of the table columns (none, huyền .. nặng). */
static const char *const tone_marks[6] = {"", MARK_GRAVE, MARK_ACUTE, MARK_HOOK, MARK_TILDE, MARK_DOT};

/*
 * Writes the NFD form of vowels[v] with tone `tone` into `dst`: the base
 * letter, then the marks in canonical order (horn has combining class 216,
 * dot below 220, breve, circumflex and the other tones 230; marks of equal
 * class keep the order of the decomposition: modifier before tone).
 */
static void make_nfd(char *dst, size_t size, int v, int tone, int upper)
{
    const struct vowel *w = &vowels[v];
    char base = upper ? (char)(w->base - 'a' + 'A') : w->base;
    const char *horn = strcmp(w->modifier, MARK_HORN) == 0 ? MARK_HORN : "";
    const char *other_modifier = *horn ? "" : w->modifier;
    const char *dot = tone == 5 ? MARK_DOT : "";
    const char *other_tone = tone == 5 ? "" : tone_marks[tone];
    snprintf(dst, size, "%c%s%s%s%s", base, horn, dot, other_modifier, other_tone);
}

static const char *nfc_letter(int v, int tone, int upper)
{
    return upper ? vowels[v].upper[tone] : vowels[v].lower[tone];
}

/* --- utf8 ------------------------------------------------------------------ */

/* Byte sequences that strict UTF-8 refuses, each with its length (some
 * hold NULs or end early on purpose). */
static const struct {
    const char *p;
    size_t n;
    const char *why;
} invalid_vectors[] = {
    {"\xC0\x80", 2, "overlong NUL"},
    {"\xC1\xBF", 2, "overlong 2-byte"},
    {"\xE0\x80\x80", 3, "overlong 3-byte NUL"},
    {"\xE0\x9F\xBF", 3, "overlong U+07FF"},
    {"\xF0\x80\x80\x80", 4, "overlong 4-byte"},
    {"\xF0\x8F\xBF\xBF", 4, "overlong U+FFFF"},
    {"\xED\xA0\x80", 3, "surrogate U+D800"},
    {"\xED\xBF\xBF", 3, "surrogate U+DFFF"},
    {"\xF4\x90\x80\x80", 4, "U+110000"},
    {"\xF5\x80\x80\x80", 4, "lead byte F5"},
    {"\xFF", 1, "byte FF"},
    {"\x80", 1, "lone continuation"},
    {"a\xBF" "b", 3, "lone continuation inside text"},
    {"\xC3", 1, "truncated 2-byte"},
    {"\xE1\xBA", 2, "truncated 3-byte"},
    {"\xF0\x9F\x98", 3, "truncated 4-byte"},
    {"H\xC3\xA0 N\xE1\xBB", 7, "Hà N + truncated ộ"},
    {"\xC3\x28", 2, "bad continuation"},
    {"abcdefghijklmnop\xE1\x80", 18, "truncated after a long ASCII run"},
    {"abcdefgh\x80", 9, "continuation after 8 ASCII bytes"},
};
#define N_INVALID (sizeof invalid_vectors / sizeof invalid_vectors[0])

static void test_utf8_valid_accepts(void **state)
{
    (void)state;
    assert_true(utf8_valid(STR("")));
    assert_true(utf8_valid(STR("Hello, World!")));
    assert_true(utf8_valid(STR("Nông thôn mới — “Tam nông”")));
    assert_true(utf8_valid(STR("a\0b")));                  /* NUL is valid UTF-8 */
    assert_true(utf8_valid(STR("\xC2\x80")));              /* U+0080 */
    assert_true(utf8_valid(STR("\xDF\xBF")));              /* U+07FF */
    assert_true(utf8_valid(STR("\xE0\xA0\x80")));          /* U+0800 */
    assert_true(utf8_valid(STR("\xED\x9F\xBF")));          /* U+D7FF */
    assert_true(utf8_valid(STR("\xEE\x80\x80")));          /* U+E000 */
    assert_true(utf8_valid(STR("\xEF\xBF\xBF")));          /* U+FFFF */
    assert_true(utf8_valid(STR("\xF0\x90\x80\x80")));      /* U+10000 */
    assert_true(utf8_valid(STR("\xF4\x8F\xBF\xBF")));      /* U+10FFFF */
    assert_true(utf8_valid(STR("😀 emoji 🇻🇳")));
    assert_true(utf8_valid(bytes("abc\xC3\xA0", 3)));      /* cut before the à */
}

static void test_utf8_valid_rejects(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_INVALID; i++) {
        if (utf8_valid(bytes(invalid_vectors[i].p, invalid_vectors[i].n)))
            fail_msg("accepted %s", invalid_vectors[i].why);
    }
}

static void test_utf8_has_control(void **state)
{
    (void)state;
    assert_false(utf8_has_control(STR("")));
    assert_false(utf8_has_control(STR("Hà Nội\tngày 24/2\r\n")));
    assert_false(utf8_has_control(STR("\xC2\xA0")));       /* U+00A0 no-break space */
    assert_false(utf8_has_control(STR("\xC3\x80")));       /* À */
    assert_true(utf8_has_control(STR("a\0b")));
    assert_true(utf8_has_control(STR("\x01")));
    assert_true(utf8_has_control(STR("\x1B[31m")));        /* ESC */
    assert_true(utf8_has_control(STR("\x1F")));
    assert_true(utf8_has_control(STR("x\x7F")));           /* DEL */
    assert_true(utf8_has_control(STR("\xC2\x80")));        /* U+0080 */
    assert_true(utf8_has_control(STR("tin\xC2\x85tuc")));  /* U+0085 NEL */
    assert_true(utf8_has_control(STR("\xC2\x9F")));        /* U+009F */
    assert_false(utf8_has_control(STR("\xC2")));           /* truncated: invalid, not a control */
}

static void test_utf8_count(void **state)
{
    (void)state;
    assert_int_equal(utf8_count(STR("")), 0);
    assert_int_equal(utf8_count(STR("abc")), 3);
    assert_int_equal(utf8_count(STR("Hà Nội")), 6);
    assert_int_equal(utf8_count(STR("Ho\xCC\x80")), 3); /* NFD: o + combining grave */
    assert_int_equal(utf8_count(STR("😀€é")), 3);
}

static void test_utf8_truncate(void **state)
{
    (void)state;
    struct str s = STR("Hà Nội"); /* H(1) à(2) space(1) N(1) ộ(3) i(1) */
    assert_int_equal(utf8_truncate(s, 100), s.n);
    assert_int_equal(utf8_truncate(s, s.n), s.n);
    assert_int_equal(utf8_truncate(s, 0), 0);
    assert_int_equal(utf8_truncate(s, 1), 1);
    assert_int_equal(utf8_truncate(s, 2), 1); /* would cut à */
    assert_int_equal(utf8_truncate(s, 3), 3);
    assert_int_equal(utf8_truncate(s, 5), 5);
    assert_int_equal(utf8_truncate(s, 6), 5); /* inside ộ */
    assert_int_equal(utf8_truncate(s, 7), 5);
    assert_int_equal(utf8_truncate(s, 8), 8);
    assert_int_equal(utf8_truncate(STR("😀"), 3), 0);
    assert_int_equal(utf8_truncate(STR(""), 5), 0);
}

/* A title of spaces a reader cannot tell from nothing is blank; a letter
 * anywhere is not. */
static void test_utf8_blank_and_clean_line(void **state)
{
    (void)state;
    const char *blank[] = {"", " \t\r\n", "\u200b", "\u00a0", "\u3000", "\u2003\u202f\u205f",
                           "\u200d\ufeff \u202e\u2066", "\u1680\u2028", "\u3164", "\u115f\u1160\uffa0",
                           "\u2800", "\u2061\u2064\u206a\u206f", "\u034f", "\U000E0041"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++)
        if (!utf8_is_blank(str_cstr(blank[i])))
            fail_msg("blank %zu not blank", i);
    const char *shown[] = {"a", "\u200b.", "\u00a0Đ", "\u3000\u3001", "-\u200b"};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        if (utf8_is_blank(str_cstr(shown[i])))
            fail_msg("\"%s\" taken for blank", shown[i]);
    struct arena a;
    arena_init(&a, 1024);
    const char *cases[][2] = {
        {"  Tin t\u1ee9c \u00a0", "Tin t\u1ee9c"},
        {"\u3000\u200bH\u00e0 N\u1ed9i\u2003", "H\u00e0 N\u1ed9i"},
        {"D\u00f2ng 1\nd\u00f2ng\t2\r", "D\u00f2ng 1 d\u00f2ng 2"},
        {"Ng\u00e0y \u202e10/7\u202c", "Ng\u00e0y 10/7"},
        {"\u200b\u00a0", ""},
        {"\u1ed9", "\u1ed9"},
        {"A\u2028B\u2029 C", "A B C"},
        {"A\n\nB  \t C", "A B C"},
        {"A \u200b B", "A B"},
        {"\u0110i\u1ec1u\u00a05", "\u0110i\u1ec1u\u00a05"},
    };
    /* a slice of a longer string, not ending in a NUL, as form values are read */
    struct str slice = {"  T\u1ef1a \u0111\u1ec1 XYZ", 14}; /* up to the space before XYZ */
    assert_true(str_eq(utf8_clean_line(&a, slice), STR("T\u1ef1a \u0111\u1ec1")));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct str got = utf8_clean_line(&a, str_cstr(cases[i][0]));
        if (!str_eq(got, str_cstr(cases[i][1])))
            fail_msg("case %zu: \"%.*s\"", i, (int)got.n, got.p);
    }
    arena_free(&a);
}

/* Every text function refuses every invalid vector and leaves `out` as
 * it was. */
static void test_invalid_rejected_everywhere(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "x");
    for (size_t i = 0; i < N_INVALID; i++) {
        struct str s = bytes(invalid_vectors[i].p, invalid_vectors[i].n);
        assert_int_equal(vi_nfc(&out, s), -1);
        assert_int_equal(vi_fold(&out, s), -1);
        assert_int_equal(vi_slug(&out, s, 80), -1);
        assert_int_equal(vi_sort_key(&out, s), -1);
        assert_int_equal(out.n, 1);
        assert_true(vi_compare(s, STR("zzz")) > 0); /* invalid sorts last */
        assert_true(vi_compare(STR(""), s) < 0);
    }
    assert_int_equal(vi_compare(STR("\xFF" "a"), STR("\xFF" "b")), -1);
    assert_int_equal(vi_compare(STR("\xFF"), STR("\xFF")), 0);
    buf_free(&out);
}

/* --- NFC ------------------------------------------------------------------- */

static void test_nfc_ascii_is_copied(void **state)
{
    (void)state;
    assert_string_equal(nfc(""), "");
    assert_string_equal(nfc("Quyet dinh 318/QD-TTg"), "Quyet dinh 318/QD-TTg");
    struct buf out = BUF_INIT;
    assert_int_equal(vi_nfc(&out, STR("a\0b")), 0);
    assert_int_equal(out.n, 3);
    assert_memory_equal(out.p, "a\0b", 3);
    buf_free(&out);
}

static void test_nfc_composes_nfd(void **state)
{
    (void)state;
    /* 22 bytes of NFD become the 18 bytes of the typed NFC string. */
    const char *nfd = "Nho" MARK_CIRCUMFLEX "ng tho" MARK_CIRCUMFLEX "n mo" MARK_HORN MARK_ACUTE "i";
    assert_int_equal(strlen(nfd), 22);
    assert_string_equal(nfc(nfd), "Nhông thôn mới");
    assert_int_equal(strlen(nfc(nfd)), 18);
    /* Marks typed out of canonical order still compose: ậ, ợ. */
    assert_string_equal(nfc("a" MARK_CIRCUMFLEX MARK_DOT), "ậ");
    assert_string_equal(nfc("o" MARK_DOT MARK_HORN), "ợ");
    assert_string_equal(nfc("Đ" "a" MARK_GRAVE " N" "a" MARK_BREVE MARK_TILDE "ng"), "Đà Nẵng");
    /* Already NFC stays byte for byte. */
    assert_string_equal(nfc("Hội nghị toàn quốc"), "Hội nghị toàn quốc");
    /* Characters outside Vietnamese pass through (NFC keeps ﬁ and ２). */
    assert_string_equal(nfc("ﬁ２😀北京"), "ﬁ２😀北京");
}

static void test_nfc_all_letters(void **state)
{
    (void)state;
    char nfd[32];
    for (int v = 0; v < 12; v++)
        for (int tone = 0; tone < 6; tone++)
            for (int upper = 0; upper < 2; upper++) {
                const char *want = nfc_letter(v, tone, upper);
                make_nfd(nfd, sizeof nfd, v, tone, upper);
                assert_string_equal(nfc(nfd), want);
                assert_string_equal(nfc(want), want);
            }
    assert_string_equal(nfc("đĐ"), "đĐ");
}

static void test_nfc_appends(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "Tin: ");
    assert_int_equal(vi_nfc(&out, STR("ma" MARK_DOT)), 0);
    assert_buf_eq(&out, "Tin: mạ");
    buf_free(&out);
}

/* Text longer than vi.c's on-stack code point store (256) takes the heap
 * path; results must not change. */
static void test_long_text(void **state)
{
    (void)state;
    const char *nfd_word = "No" MARK_CIRCUMFLEX "ng tho" MARK_CIRCUMFLEX "n mo" MARK_HORN MARK_ACUTE "i ";
    struct buf nfd = BUF_INIT, want_nfc = BUF_INIT, want_fold = BUF_INIT, out = BUF_INIT;
    struct buf key_nfc = BUF_INIT, key_nfd = BUF_INIT;
    for (int i = 0; i < 100; i++) {
        buf_puts(&nfd, nfd_word);
        buf_puts(&want_nfc, "Nông thôn mới ");
        buf_puts(&want_fold, "nong thon moi ");
    }
    assert_int_equal(vi_nfc(&out, buf_str(&nfd)), 0);
    assert_buf_eq(&out, buf_cstr(&want_nfc));
    buf_reset(&out);
    assert_int_equal(vi_fold(&out, buf_str(&nfd)), 0);
    assert_buf_eq(&out, buf_cstr(&want_fold));
    assert_int_equal(vi_sort_key(&key_nfc, buf_str(&want_nfc)), 0);
    assert_int_equal(vi_sort_key(&key_nfd, buf_str(&nfd)), 0);
    assert_int_equal(key_nfc.n, key_nfd.n);
    assert_memory_equal(key_nfc.p, key_nfd.p, key_nfc.n);
    buf_reset(&out);
    assert_int_equal(vi_slug(&out, buf_str(&nfd), 30), 0);
    assert_buf_eq(&out, "nong-thon-moi-nong-thon-moi");
    buf_free(&nfd);
    buf_free(&want_nfc);
    buf_free(&want_fold);
    buf_free(&out);
    buf_free(&key_nfc);
    buf_free(&key_nfd);
}

/* --- folding ---------------------------------------------------------------- */

static void test_fold_examples(void **state)
{
    (void)state;
    assert_string_equal(fold(""), "");
    assert_string_equal(fold("QĐ-TTg"), "qd-ttg");
    assert_string_equal(fold("Nông thôn mới"), "nong thon moi");
    assert_string_equal(fold("No" MARK_CIRCUMFLEX "ng tho" MARK_CIRCUMFLEX "n mo" MARK_HORN MARK_ACUTE "i"),
                        "nong thon moi");
    assert_string_equal(fold("ĐÌNH LÀNG ĐÔNG NGẠC — di tích quốc gia"),
                        "dinh lang dong ngac — di tich quoc gia");
    assert_string_equal(fold("Nghị quyết “Tam nông” – 15 năm"), "nghi quyet “tam nong” – 15 nam");
    assert_string_equal(fold("Hello, World!"), "hello, world!");
    /* Compatibility forms meet their plain letters; invisible format
     * characters (soft hyphen, zero-width space) vanish. */
    assert_string_equal(fold("ＱĐ ﬁ x²"), "qd fi x2");
    assert_string_equal(fold("Hà\xC2\xADNội\xE2\x80\x8B"), "hanoi");
    /* Other scripts: lower-cased, marks dropped. */
    assert_string_equal(fold("ÀÉÎÕÜ Straße ΆΛΦΑ 北京"), "aeiou strasse αλφα 北京");
}

static void test_fold_all_letters(void **state)
{
    (void)state;
    char nfd[32], want[2] = {0, 0};
    for (int v = 0; v < 12; v++)
        for (int tone = 0; tone < 6; tone++)
            for (int upper = 0; upper < 2; upper++) {
                want[0] = vowels[v].base;
                make_nfd(nfd, sizeof nfd, v, tone, upper);
                assert_string_equal(fold(nfc_letter(v, tone, upper)), want);
                assert_string_equal(fold(nfd), want);
                assert_string_equal(slug(nfc_letter(v, tone, upper), 10), want);
                assert_string_equal(slug(nfd, 10), want);
            }
    assert_string_equal(fold("đ"), "d");
    assert_string_equal(fold("Đ"), "d");
    assert_string_equal(slug("đ", 10), "d");
    assert_string_equal(slug("Đ", 10), "d");
}

/* The exact key of a word (or "" when it carries no mark). */
static const char *exact_key(const char *s)
{
    static struct buf out;
    buf_reset(&out);
    int r = vi_exact_key(&out, str_cstr(s));
    assert_true(r == 0 || r == 1);
    assert_int_equal(r == 0, out.n == 0);
    return buf_cstr(&out);
}

static void test_exact_key(void **state)
{
    (void)state;
    /* no mark: nothing, the folded form is the spelling */
    assert_string_equal(exact_key("bao"), "");
    assert_string_equal(exact_key("KY"), "");
    /* the three words a folded search confuses stay apart */
    const char *words[] = {"bão", "báo", "bảo", "bao", "mỗi", "mới", "môi", "moi", "đi", "di"};
    char keys[10][32];
    for (size_t i = 0; i < 10; i++)
        snprintf(keys[i], sizeof keys[i], "%s", exact_key(words[i]));
    for (size_t i = 0; i < 10; i++)
        for (size_t j = 0; j < 10; j++)
            if (i != j && keys[i][0])
                assert_string_not_equal(keys[i], keys[j]);
    /* case, NFD and the place of the tone do not count */
    const char *same[][4] = {{"bão", "BÃO", "Bão", "ba\xcc\x83o"},
                             {"hoà", "hòa", "HOÀ", "Hòa"},
                             {"thuỷ", "thủy", "THỦY", "Thuỷ"},
                             {"Đường", "đường", "ĐƯỜNG", "đươ\xcc\x80ng"}};
    for (size_t i = 0; i < 4; i++) {
        char first[64];
        snprintf(first, sizeof first, "%s", exact_key(same[i][0]));
        assert_true(first[0]);
        for (size_t j = 1; j < 4; j++)
            assert_string_equal(exact_key(same[i][j]), first);
    }
    /* the tone goes after the word, as a combining mark */
    assert_string_equal(exact_key("hòa"), "hoa\xcc\x80");
    assert_string_equal(exact_key("Đi"), "\xc4\x91i");
    struct buf out = BUF_INIT;
    assert_int_equal(vi_exact_key(&out, STR("b\xff")), -1);
    assert_int_equal(out.n, 0);
    buf_free(&out);
}

/* A folded word after vi_fold_final_y. */
static const char *final_y(const char *s)
{
    static char word[16];
    size_t n = strlen(s);
    assert_true(n < sizeof word);
    memcpy(word, s, n + 1);
    assert_int_equal(vi_fold_final_y(word, n), n);
    return word;
}

static void test_fold_final_y(void **state)
{
    (void)state;
    /* kì/kỳ, lí/lý, mĩ/mỹ, quí/quý, sĩ/sỹ, tỉ/tỷ, hi/hy (folded), and th, ngh, v */
    const char *pairs[][2] = {{"ky", "ki"}, {"ly", "li"}, {"my", "mi"}, {"quy", "qui"}, {"sy", "si"},
                              {"ty", "ti"}, {"hy", "hi"}, {"thy", "thi"}, {"nghy", "nghi"}, {"vy", "vi"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        assert_string_equal(final_y(pairs[i][0]), pairs[i][1]);
        assert_string_equal(final_y(pairs[i][1]), pairs[i][1]);
    }
    /* y after another vowel is a vowel of its own; y alone or first is y */
    const char *kept[] = {"tay", "tuy", "huy", "thuy", "khuy", "nguy", "may", "ay", "y", "yen", "quyet", "kyo",
                          "sky", "xxxy", "ty1"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        assert_string_equal(final_y(kept[i]), kept[i]);
}

static void test_fold_appends(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "k:");
    assert_int_equal(vi_fold(&out, STR("ĐƯỜNG")), 0);
    assert_int_equal(vi_fold(&out, STR(" ABC")), 0);
    assert_buf_eq(&out, "k:duong abc");
    buf_free(&out);
}

/* --- slugs ------------------------------------------------------------------ */

static void test_slug_examples(void **state)
{
    (void)state;
    assert_string_equal(slug("Hội nghị toàn quốc Văn phòng NTM tổ chức tại Hà Tĩnh ngày 24/2", 200),
                        "hoi-nghi-toan-quoc-van-phong-ntm-to-chuc-tai-ha-tinh-ngay-24-2");
    assert_string_equal(slug("ĐÌNH LÀNG ĐÔNG NGẠC — di tích quốc gia", 200),
                        "dinh-lang-dong-ngac-di-tich-quoc-gia");
    assert_string_equal(slug("Quyết định số 318/QĐ-TTg ngày 08/3/2022", 200),
                        "quyet-dinh-so-318-qd-ttg-ngay-08-3-2022");
    assert_string_equal(slug("Nghị quyết “Tam nông” – kết quả 15 năm", 200),
                        "nghi-quyet-tam-nong-ket-qua-15-nam");
    assert_string_equal(slug("  --Xây dựng   nông thôn mới!!  ", 200), "xay-dung-nong-thon-moi");
}

static void test_slug_empty_results(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    buf_puts(&out, "/tin/");
    assert_int_equal(vi_slug(&out, STR(""), 80), 0);
    assert_int_equal(vi_slug(&out, STR("!!! — … ?? “”"), 80), 0);
    assert_int_equal(vi_slug(&out, STR("😀🎉"), 80), 0);
    assert_int_equal(vi_slug(&out, STR("北京"), 80), 0);
    assert_int_equal(vi_slug(&out, STR("Hà Nội"), 0), 0);
    assert_buf_eq(&out, "/tin/");
    buf_free(&out);
}

static void test_slug_max_len(void **state)
{
    (void)state;
    const char *title = "Hội nghị toàn quốc"; /* hoi-nghi-toan-quoc: 18 bytes */
    assert_string_equal(slug(title, 18), "hoi-nghi-toan-quoc");
    assert_string_equal(slug(title, 17), "hoi-nghi-toan");
    assert_string_equal(slug(title, 14), "hoi-nghi-toan");
    assert_string_equal(slug(title, 13), "hoi-nghi-toan");
    assert_string_equal(slug(title, 12), "hoi-nghi");
    assert_string_equal(slug(title, 9), "hoi-nghi");
    assert_string_equal(slug(title, 8), "hoi-nghi");
    assert_string_equal(slug(title, 7), "hoi");
    assert_string_equal(slug(title, 3), "hoi");
    /* A first word longer than the limit is cut rather than lost. */
    assert_string_equal(slug(title, 2), "ho");
    assert_string_equal(slug("Nghiêng", 4), "nghi");
    /* Never ends in '-', whatever the limit. */
    for (size_t max = 0; max < 70; max++) {
        const char *s = slug("Hội nghị toàn quốc Văn phòng NTM tổ chức tại Hà Tĩnh ngày 24/2", max);
        size_t n = strlen(s);
        assert_true(n <= max);
        if (n > 0) {
            assert_true(s[0] != '-');
            assert_true(s[n - 1] != '-');
        }
    }
}

static void test_slug_other_scripts(void **state)
{
    (void)state;
    assert_string_equal(slug("Hà Nội 😀 chào 🇻🇳 2024", 80), "ha-noi-chao-2024");
    assert_string_equal(slug("Hợp tác Việt–Trung 越中合作 và Nga (Россия)", 80),
                        "hop-tac-viet-trung-va-nga");
    assert_string_equal(slug("Café Straße ＡＢＣ №5", 80), "cafe-strasse-abc-no5");
    assert_string_equal(slug("tab\there\nnewline", 80), "tab-here-newline");
}

/* --- collation -------------------------------------------------------------- */

static int compare_cstr(const void *a, const void *b)
{
    return vi_compare(str_cstr(*(const char *const *)a), str_cstr(*(const char *const *)b));
}

/* Sorts `list` with vi_compare and checks the result against `want`. */
static void assert_sorts_to(const char **list, const char *const *want, size_t n)
{
    qsort(list, n, sizeof *list, compare_cstr);
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], want[i]) != 0)
            fail_msg("position %zu: got \"%s\", want \"%s\"", i, list[i], want[i]);
}

/* Asserts that each string sorts strictly before the next. */
static void assert_strictly_increasing(const char *const *list, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (vi_compare(str_cstr(list[i]), str_cstr(list[i + 1])) >= 0)
            fail_msg("\"%s\" should sort before \"%s\"", list[i], list[i + 1]);
        if (vi_compare(str_cstr(list[i + 1]), str_cstr(list[i])) <= 0)
            fail_msg("\"%s\" should sort after \"%s\"", list[i + 1], list[i]);
    }
}

static void test_sort_place_names(void **state)
{
    (void)state;
    const char *list[] = {"Đà Nẵng", "Dung", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Hà Nội",
                          "Hạ Long", "Hà Tĩnh", "Ô", "Ơ", "Ư", "U", "Y"};
    static const char *const want[] = {"Anh", "Ánh", "Ăn", "Ân", "Bình", "Dung", "Đà Nẵng", "Hạ Long",
                                       "Hà Nội", "Hà Tĩnh", "Ô", "Ơ", "U", "Ư", "Y"};
    assert_sorts_to(list, want, sizeof list / sizeof list[0]);
}

static void test_sort_tones(void **state)
{
    (void)state;
    static const char *const ma[] = {"ma", "mà", "má", "mả", "mã", "mạ"};
    assert_strictly_increasing(ma, 6);
    const char *shuffled[] = {"mạ", "mả", "ma", "mã", "má", "mà"};
    assert_sorts_to(shuffled, ma, 6);
    /* Whole-string levels: letters first, so "an" and "án" tie there and
     * the tone decides before the longer "anh" comes. */
    static const char *const an[] = {"an", "án", "anh", "ánh"};
    assert_strictly_increasing(an, 4);
}

static void test_sort_alphabet(void **state)
{
    (void)state;
    static const char *const alphabet[] = {
        "a", "A", "ă", "Ă", "â", "Â", "b", "B", "c", "d", "D", "đ", "Đ", "e", "ê", "f", "g", "h",
        "i", "j", "k", "l", "m", "n", "o", "O", "ô", "Ô", "ơ", "Ơ", "p", "q", "r", "s", "t", "u",
        "U", "ư", "Ư", "v", "w", "x", "y", "z", "α", "ж", "北",
    };
    assert_strictly_increasing(alphabet, sizeof alphabet / sizeof alphabet[0]);
    /* Space, then punctuation, then digits, then letters. */
    static const char *const classes[] = {" ", "!", "-", "/", "“", "0", "1", "9", "a"};
    assert_strictly_increasing(classes, sizeof classes / sizeof classes[0]);
    /* Word by word: a shorter first word comes first. */
    static const char *const words[] = {"an toàn", "anh hùng", "ăn uống"};
    assert_strictly_increasing(words, 3);
}

static void test_sort_case(void **state)
{
    (void)state;
    /* Case is only the third level: it loses to letters and tones. */
    static const char *const list[] = {"ma", "Ma", "MA", "mà", "Mà", "mai", "Mai"};
    assert_strictly_increasing(list, sizeof list / sizeof list[0]);
    assert_true(vi_compare(STR("Đà"), STR("đà")) > 0);
    assert_true(vi_compare(STR("Bình"), STR("bình")) > 0);
    assert_true(vi_compare(STR("Bình"), STR("bính")) < 0);
}

static void test_sort_tone_position(void **state)
{
    (void)state;
    /* Old and new tone placement carry the same tone on the same word:
     * both sort between "hoa" and "hoá", and never compare equal. */
    assert_true(vi_compare(STR("hoa"), STR("hoà")) < 0);
    assert_true(vi_compare(STR("hoa"), STR("hòa")) < 0);
    assert_true(vi_compare(STR("hoà"), STR("hoá")) < 0);
    assert_true(vi_compare(STR("hòa"), STR("hoá")) < 0);
    assert_true(vi_compare(STR("hòa"), STR("hoà")) != 0);
}

static void test_sort_nfc_nfd_same_key(void **state)
{
    (void)state;
    struct buf a = BUF_INIT, b = BUF_INIT;
    char nfd[32];
    for (int v = 0; v < 12; v++)
        for (int tone = 0; tone < 6; tone++)
            for (int upper = 0; upper < 2; upper++) {
                make_nfd(nfd, sizeof nfd, v, tone, upper);
                buf_reset(&a);
                buf_reset(&b);
                assert_int_equal(vi_sort_key(&a, str_cstr(nfc_letter(v, tone, upper))), 0);
                assert_int_equal(vi_sort_key(&b, str_cstr(nfd)), 0);
                assert_int_equal(a.n, b.n);
                assert_memory_equal(a.p, b.p, a.n);
                assert_int_equal(vi_compare(str_cstr(nfd), str_cstr(nfc_letter(v, tone, upper))), 0);
            }
    /* Each vowel's tones in order, and each tone row after the last. */
    for (int v = 0; v < 12; v++)
        for (int upper = 0; upper < 2; upper++) {
            const char *const *row = upper ? vowels[v].upper : vowels[v].lower;
            assert_strictly_increasing(row, 6);
        }
    buf_free(&a);
    buf_free(&b);
}

/* Records sorted by a name field come out in vi_compare's order, invalid
 * names last, and records whose names tie keep their order. */
static void test_sort_records_by_name(void **state)
{
    (void)state;
    struct rec {
        int id;
        struct str name;
    } r[] = {{1, STR("Xã Đức Lạc")}, {2, STR("\xFF" "b")},      {3, STR("Xã Cẩm Bình")}, {4, STR("xã Cẩm Bình")},
             {5, STR("Phường Bắc Hồng Lĩnh")}, {6, STR("Xã Cẩm Bình")}, {7, STR("\xFF" "a")}, {8, STR("Xã Ân Phú")}};
    size_t n = sizeof r / sizeof r[0];
    assert_int_equal(vi_sort_records(r, n, sizeof r[0], offsetof(struct rec, name)), 0);
    int want[] = {5, 8, 4, 3, 6, 1, 7, 2}; /* â before c, đ after d; lower case first; ties in order */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(r[i].id, want[i]);
        if (i)
            assert_true(vi_compare(r[i - 1].name, r[i].name) <= 0);
    }
    assert_int_equal(vi_sort_records(r, 1, sizeof r[0], offsetof(struct rec, name)), 0);
    assert_int_equal(vi_sort_records(NULL, 0, sizeof r[0], offsetof(struct rec, name)), 0);
}

static void test_sort_key_appends(void **state)
{
    (void)state;
    struct buf key = BUF_INIT, alone = BUF_INIT;
    buf_puts(&key, "p");
    assert_int_equal(vi_sort_key(&key, STR("Hà Nội")), 0);
    assert_int_equal(vi_sort_key(&alone, STR("Hà Nội")), 0);
    assert_int_equal(key.n, alone.n + 1);
    assert_memory_equal(key.p + 1, alone.p, alone.n);
    assert_int_equal(vi_compare(STR("Hà Nội"), STR("Hà Nội")), 0);
    assert_int_equal(vi_compare(STR(""), STR("")), 0);
    assert_true(vi_compare(STR(""), STR("a")) < 0);
    buf_free(&key);
    buf_free(&alone);
}

/* --- Vietnam time ------------------------------------------------------------ */

#define T_2023_07_12_0522 INT64_C(1689114120) /* 2023-07-12 05:22:00 +07:00 */

static const char *formatted(void (*format)(struct buf *, int64_t), int64_t t)
{
    static struct buf out;
    buf_reset(&out);
    format(&out, t);
    return buf_cstr(&out);
}

static void assert_vi_time(int64_t t, int year, int month, int day, int hour, int minute, int second,
                           int weekday)
{
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    assert_int_equal(vt.year, year);
    assert_int_equal(vt.month, month);
    assert_int_equal(vt.day, day);
    assert_int_equal(vt.hour, hour);
    assert_int_equal(vt.minute, minute);
    assert_int_equal(vt.second, second);
    assert_int_equal(vt.weekday, weekday);
}

static void test_time_wednesday(void **state)
{
    (void)state;
    assert_vi_time(T_2023_07_12_0522, 2023, 7, 12, 5, 22, 0, 3);
    assert_string_equal(formatted(vi_format_datetime, T_2023_07_12_0522), "Thứ tư - 12/07/2023 05:22");
    assert_string_equal(formatted(vi_format_date, T_2023_07_12_0522), "12/07/2023");
    assert_string_equal(formatted(vi_format_time, T_2023_07_12_0522), "05:22");
    assert_int_equal(vi_unix_from_local(2023, 7, 12, 5, 22, 0), T_2023_07_12_0522);
}

static void test_time_formats(void **state)
{
    (void)state;
    assert_string_equal(formatted(vi_format_iso8601, T_2023_07_12_0522), "2023-07-12T05:22:00+07:00");
    assert_string_equal(formatted(vi_format_rfc822, T_2023_07_12_0522), "Wed, 12 Jul 2023 05:22:00 +0700");
    /* The HTTP date is UTC: 22:22 on the 11th, a Tuesday. */
    assert_string_equal(formatted(vi_format_http_date, T_2023_07_12_0522), "Tue, 11 Jul 2023 22:22:00 GMT");
    assert_string_equal(formatted(vi_format_http_date, 0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_string_equal(formatted(vi_format_http_date, 784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_string_equal(formatted(vi_format_rfc822, 0), "Thu, 01 Jan 1970 07:00:00 +0700");
    assert_string_equal(formatted(vi_format_iso8601, 59), "1970-01-01T07:00:59+07:00");
    /* Formats append. */
    struct buf out = BUF_INIT;
    buf_puts(&out, "Cập nhật: ");
    vi_format_date(&out, T_2023_07_12_0522);
    buf_putc(&out, ' ');
    vi_format_time(&out, T_2023_07_12_0522);
    assert_buf_eq(&out, "Cập nhật: 12/07/2023 05:22");
    buf_free(&out);
}

static void test_time_new_year_rollover(void **state)
{
    (void)state;
    /* 17:30 UTC on 31/12/2023 is 00:30 on 01/01/2024 in Vietnam. */
    int64_t t = INT64_C(1704043800);
    assert_string_equal(formatted(vi_format_http_date, t), "Sun, 31 Dec 2023 17:30:00 GMT");
    assert_vi_time(t, 2024, 1, 1, 0, 30, 0, 1);
    assert_string_equal(formatted(vi_format_datetime, t), "Thứ hai - 01/01/2024 00:30");
    assert_vi_time(t - 3600, 2023, 12, 31, 23, 30, 0, 0);
    assert_string_equal(formatted(vi_format_datetime, t - 3600), "Chủ nhật - 31/12/2023 23:30");
}

static void test_time_leap_day(void **state)
{
    (void)state;
    int64_t t = vi_unix_from_local(2024, 2, 29, 12, 0, 0);
    assert_int_equal(t, INT64_C(1709182800));
    assert_vi_time(t, 2024, 2, 29, 12, 0, 0, 4);
    assert_string_equal(formatted(vi_format_datetime, t), "Thứ năm - 29/02/2024 12:00");
    assert_vi_time(t + 12 * 3600, 2024, 3, 1, 0, 0, 0, 5);
    assert_vi_time(vi_unix_from_local(2023, 2, 28, 23, 59, 59) + 1, 2023, 3, 1, 0, 0, 0, 3);
    assert_true(vi_date_valid(2024, 2, 29));
    assert_true(vi_date_valid(2000, 2, 29));
    assert_false(vi_date_valid(2023, 2, 29));
    assert_false(vi_date_valid(1900, 2, 29));
    assert_false(vi_date_valid(2100, 2, 29));
}

/* Dates as a person types them in a filter: the date box's form and the
 * Vietnamese day-first one give the same day and the date box's text. */
static void test_typed_dates(void **state)
{
    (void)state;
    const char *same[] = {"2026-12-06", "06/12/2026", "6/12/2026", "06-12-2026", "6.12.2026"};
    int64_t want = vi_unix_from_local(2026, 12, 6, 0, 0, 0);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        int64_t t = 0;
        char iso[11] = "";
        assert_true(vi_parse_typed_date(str_cstr(same[i]), &t, iso));
        assert_int_equal(t, want);
        assert_string_equal(iso, "2026-12-06");
    }
    const char *bad[] = {"",           "31/02/2026", "29/02/2025",  "06/13/2026", "6/12/26",    "06/12-2026",
                         "2026/12/06", "2026-1-6",   " 06/12/2026", "06/12/2026x", "0/12/2026", "06/12/02026",
                         "+6/12/2026", "06//2026",   "hom-qua",     "2026-12-6 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        char iso[11] = "x";
        if (vi_parse_typed_date(str_cstr(bad[i]), &t, iso))
            fail_msg("%s was read as a date", bad[i]);
        assert_int_equal(t, 42);
        assert_string_equal(iso, "x");
    }
}

/* A moment as the picker sends it or as a person types it without one. */
static void test_typed_datetimes(void **state)
{
    (void)state;
    const char *same[] = {"2026-12-07T09:05", "2026-12-07T09:05:00", "2026-12-07 09:05", "07/12/2026 09:05",
                          "7/12/2026 9:05",   "7/12/2026, 9:05",     "07-12-2026 09:05"};
    int64_t want = vi_unix_from_local(2026, 12, 7, 9, 5, 0);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        int64_t t = 0;
        if (!vi_parse_typed_datetime(str_cstr(same[i]), &t) || t != want)
            fail_msg("%s: %lld, want %lld", same[i], (long long)t, (long long)want);
    }
    int64_t t = 0;
    assert_true(vi_parse_typed_datetime(STR("2026-12-07T23:59:30"), &t));
    assert_int_equal(t, vi_unix_from_local(2026, 12, 7, 23, 59, 30));
    const char *bad[] = {"",          "07/12/2026",        "2026-12-07T",      "2026-12-07T24:00", "2026-12-07T09:60",
                         "7/12/2026 9", "7/12/2026 9:5",    "7/12/2026 09:05:", "7/12/2026 09:05x", "31/2/2026 09:05",
                         "7/12/26 09:05", "2026-12-07T09:05:61", "7/12/2026  09:05", "T09:05"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 42;
        if (vi_parse_typed_datetime(str_cstr(bad[i]), &t))
            fail_msg("%s was read as a moment", bad[i]);
        assert_int_equal(t, 42);
    }
}

static void test_time_date_valid(void **state)
{
    (void)state;
    assert_true(vi_date_valid(2023, 1, 31));
    assert_true(vi_date_valid(2023, 12, 31));
    assert_true(vi_date_valid(2023, 4, 30));
    assert_false(vi_date_valid(2023, 4, 31));
    assert_false(vi_date_valid(2023, 0, 1));
    assert_false(vi_date_valid(2023, 13, 1));
    assert_false(vi_date_valid(2023, 1, 0));
    assert_false(vi_date_valid(2023, 1, 32));
    assert_false(vi_date_valid(0, 1, 1));
    assert_false(vi_date_valid(-5, 1, 1));
    assert_false(vi_date_valid(10000, 1, 1));
}

static void test_time_day_number(void **state)
{
    (void)state;
    /* The Vietnam day changes at 17:00 UTC. */
    int64_t before = INT64_C(1710089999); /* 2024-03-10 16:59:59 UTC */
    assert_int_equal(vi_day_number(before), 19792);
    assert_int_equal(vi_day_number(before + 1), 19793);
    assert_int_equal(vi_day_number(-25200), 0);   /* 1970-01-01 00:00 Vietnam */
    assert_int_equal(vi_day_number(-25201), -1);  /* 1969-12-31 23:59:59 Vietnam */
    assert_int_equal(vi_day_number(0), 0);
    assert_int_equal(vi_day_number(86400 - 25200 - 1), 0);
    assert_int_equal(vi_day_number(86400 - 25200), 1);
    /* Agrees with the broken-down date for a day either side. */
    assert_int_equal(vi_day_number(vi_unix_from_local(2024, 1, 1, 0, 0, 0)),
                     vi_day_number(vi_unix_from_local(2023, 12, 31, 23, 59, 59)) + 1);
}

static void test_time_before_1970(void **state)
{
    (void)state;
    assert_vi_time(-25201, 1969, 12, 31, 23, 59, 59, 3);
    assert_vi_time(-25200, 1970, 1, 1, 0, 0, 0, 4);
    assert_vi_time(INT64_C(-2203916400), 1900, 3, 1, 0, 0, 0, 4);
    assert_int_equal(vi_unix_from_local(1900, 3, 1, 0, 0, 0), INT64_C(-2203916400));
    assert_vi_time(INT64_C(4133955599), 2100, 12, 31, 23, 59, 59, 5);
}

static void test_time_round_trip(void **state)
{
    (void)state;
    /* Every day from 1960 to 2105 at a time that moves through the day,
     * plus consecutive days and weekdays. */
    int64_t previous_day = 0, previous_weekday = -1;
    int seconds_of_day = 0;
    for (int year = 1960; year <= 2105; year++)
        for (int month = 1; month <= 12; month++)
            for (int day = 1; day <= 31; day++) {
                if (!vi_date_valid(year, month, day))
                    continue;
                int hour = seconds_of_day / 3600, minute = seconds_of_day / 60 % 60;
                int second = seconds_of_day % 60;
                seconds_of_day = (seconds_of_day + 4421) % 86400; /* wanders through the day */
                int64_t t = vi_unix_from_local(year, month, day, hour, minute, second);
                struct vi_time vt;
                vi_time_from_unix(t, &vt);
                if (vt.year != year || vt.month != month || vt.day != day || vt.hour != hour ||
                    vt.minute != minute || vt.second != second)
                    fail_msg("%04d-%02d-%02d %02d:%02d:%02d came back wrong", year, month, day, hour,
                             minute, second);
                int64_t day_number = vi_day_number(t);
                if (previous_weekday >= 0) {
                    assert_int_equal(day_number, previous_day + 1);
                    assert_int_equal(vt.weekday, (previous_weekday + 1) % 7);
                }
                previous_day = day_number;
                previous_weekday = vt.weekday;
            }
}

static void test_time_normalises_fields(void **state)
{
    (void)state;
    assert_int_equal(vi_unix_from_local(2023, 13, 1, 0, 0, 0), vi_unix_from_local(2024, 1, 1, 0, 0, 0));
    assert_int_equal(vi_unix_from_local(2024, 0, 1, 0, 0, 0), vi_unix_from_local(2023, 12, 1, 0, 0, 0));
    assert_int_equal(vi_unix_from_local(2023, 7, 32, 0, 0, 0), vi_unix_from_local(2023, 8, 1, 0, 0, 0));
    assert_int_equal(vi_unix_from_local(2023, 7, 12, 24, 0, 0), vi_unix_from_local(2023, 7, 13, 0, 0, 0));
}

static void test_weekday_names(void **state)
{
    (void)state;
    assert_string_equal(vi_weekday_name(0), "Chủ nhật");
    assert_string_equal(vi_weekday_name(1), "Thứ hai");
    assert_string_equal(vi_weekday_name(2), "Thứ ba");
    assert_string_equal(vi_weekday_name(3), "Thứ tư");
    assert_string_equal(vi_weekday_name(4), "Thứ năm");
    assert_string_equal(vi_weekday_name(5), "Thứ sáu");
    assert_string_equal(vi_weekday_name(6), "Thứ bảy");
    assert_string_equal(vi_weekday_name(7), "");
    assert_string_equal(vi_weekday_name(-1), "");
    /* The names are NFC already. */
    for (int d = 0; d < 7; d++)
        assert_string_equal(nfc(vi_weekday_name(d)), vi_weekday_name(d));
}

/* The capitals of an official paper's header: every Vietnamese letter. */
static void test_upper(void **state)
{
    (void)state;
    struct buf b = {0};
    assert_int_equal(vi_upper(&b, str_cstr("Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh")), 0);
    assert_buf_eq(&b, "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TỈNH HÀ TĨNH");
    buf_reset(&b);
    assert_int_equal(vi_upper(&b, str_cstr("ạ ằ ẩ ễ ọ ờ ữ ỷ đ, 2026")), 0);
    assert_buf_eq(&b, "Ạ Ằ Ẩ Ễ Ọ Ờ Ữ Ỷ Đ, 2026");
    buf_reset(&b);
    assert_int_equal(vi_upper(&b, (struct str){"a\xff", 2}), -1);
    assert_int_equal(b.n, 0);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest utf8_tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts),
        cmocka_unit_test(test_utf8_valid_rejects),
        cmocka_unit_test(test_utf8_has_control),
        cmocka_unit_test(test_utf8_count),
        cmocka_unit_test(test_utf8_truncate),
        cmocka_unit_test(test_utf8_blank_and_clean_line),
        cmocka_unit_test(test_invalid_rejected_everywhere),
    };
    const struct CMUnitTest normalise_tests[] = {
        cmocka_unit_test(test_nfc_ascii_is_copied),
        cmocka_unit_test(test_nfc_composes_nfd),
        cmocka_unit_test(test_nfc_all_letters),
        cmocka_unit_test(test_nfc_appends),
        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_fold_examples),
        cmocka_unit_test(test_fold_all_letters),
        cmocka_unit_test(test_fold_appends),
        cmocka_unit_test(test_exact_key),
        cmocka_unit_test(test_fold_final_y),
        cmocka_unit_test(test_upper),
    };
    const struct CMUnitTest slug_tests[] = {
        cmocka_unit_test(test_slug_examples),
        cmocka_unit_test(test_slug_empty_results),
        cmocka_unit_test(test_slug_max_len),
        cmocka_unit_test(test_slug_other_scripts),
    };
    const struct CMUnitTest collation_tests[] = {
        cmocka_unit_test(test_sort_place_names),
        cmocka_unit_test(test_sort_tones),
        cmocka_unit_test(test_sort_alphabet),
        cmocka_unit_test(test_sort_case),
        cmocka_unit_test(test_sort_tone_position),
        cmocka_unit_test(test_sort_nfc_nfd_same_key),
        cmocka_unit_test(test_sort_key_appends),
        cmocka_unit_test(test_sort_records_by_name),
    };
    const struct CMUnitTest time_tests[] = {
        cmocka_unit_test(test_time_wednesday),
        cmocka_unit_test(test_time_formats),
        cmocka_unit_test(test_time_new_year_rollover),
        cmocka_unit_test(test_time_leap_day),
        cmocka_unit_test(test_time_date_valid),
        cmocka_unit_test(test_time_day_number),
        cmocka_unit_test(test_time_before_1970),
        cmocka_unit_test(test_time_round_trip),
        cmocka_unit_test(test_time_normalises_fields),
        cmocka_unit_test(test_weekday_names),
        cmocka_unit_test(test_typed_dates),
        cmocka_unit_test(test_typed_datetimes),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("utf8", utf8_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("normalise", normalise_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("slug", slug_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("collation", collation_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("time", time_tests, NULL, NULL);
    return failed == 0 ? 0 : 1;
}
