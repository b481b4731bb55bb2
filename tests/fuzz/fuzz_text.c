/*
 * fuzz_text.c - libFuzzer target for src/text (utf8.c and vi.c).
 *
 * Feeds arbitrary bytes to every function that sees outside text and
 * checks the promises of utf8.h and vi.h rather than exact outputs:
 *  - invalid UTF-8 is refused (-1) by every function, which then appends
 *    nothing; valid UTF-8 is accepted (0);
 *  - NFC output is valid UTF-8 and NFC again leaves it unchanged;
 *  - fold output is valid UTF-8 and the same for the input and its NFC;
 *  - slugs are [a-z0-9] runs joined by single '-', within max_len;
 *  - sort keys of the input and of its NFC are equal.
 * The first byte chooses the slug length limit; the rest is the text.
 *
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_text.c src/text/utf8.c src/text/vi.c src/core/buf.c \
 *     -lutf8proc -o build/fuzz_text
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "text/utf8.h"
#include "text/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a crash the fuzzer records, when `ok` is false. */
static void check(int ok)
{
    if (!ok)
        abort();
}

static bool same_bytes(const struct buf *a, const struct buf *b)
{
    return str_eq(buf_str(a), buf_str(b));
}

/* Checks that `s` is a well-formed slug of at most max_len bytes. */
static void check_slug(struct str s, size_t max_len)
{
    check(s.n <= max_len);
    if (s.n == 0)
        return;
    check(s.p[0] != '-' && s.p[s.n - 1] != '-');
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        check(word || (c == '-' && s.p[i - 1] != '-'));
    }
}

/* Every function must refuse invalid input without touching `out`. */
static void check_invalid(struct str s)
{
    struct buf out = BUF_INIT;
    check(vi_nfc(&out, s) == -1);
    check(vi_fold(&out, s) == -1);
    check(vi_slug(&out, s, 64) == -1);
    check(vi_sort_key(&out, s) == -1);
    check(out.n == 0);
    check(vi_compare(s, STR("a")) > 0);
    buf_free(&out);
}

/* utf8_count and utf8_truncate on valid text of which `limit` is any
 * byte count. */
static void check_counting(struct str s, size_t limit)
{
    check(utf8_count(s) <= s.n);
    size_t cut = utf8_truncate(s, limit);
    check(cut <= limit || cut == s.n);
    check(cut <= s.n);
    check(utf8_valid(str_make(s.p, cut)));
    if (limit >= s.n)
        check(cut == s.n);
}

static void check_valid(struct str s, size_t max_len)
{
    struct buf nfc = BUF_INIT, nfc2 = BUF_INIT, fold = BUF_INIT, fold_nfc = BUF_INIT;
    struct buf slug = BUF_INIT, key = BUF_INIT, key_nfc = BUF_INIT;

    check(vi_nfc(&nfc, s) == 0);
    check(utf8_valid(buf_str(&nfc)));
    check(vi_nfc(&nfc2, buf_str(&nfc)) == 0);
    check(same_bytes(&nfc, &nfc2));

    check(vi_fold(&fold, s) == 0);
    check(utf8_valid(buf_str(&fold)));
    check(vi_fold(&fold_nfc, buf_str(&nfc)) == 0);
    check(same_bytes(&fold, &fold_nfc));

    check(vi_slug(&slug, s, max_len) == 0);
    check_slug(buf_str(&slug), max_len);

    check(vi_sort_key(&key, s) == 0);
    check(vi_sort_key(&key_nfc, buf_str(&nfc)) == 0);
    check(same_bytes(&key, &key_nfc));
    check(vi_compare(s, buf_str(&nfc)) == 0);

    check_counting(s, max_len);

    buf_free(&nfc);
    buf_free(&nfc2);
    buf_free(&fold);
    buf_free(&fold_nfc);
    buf_free(&slug);
    buf_free(&key);
    buf_free(&key_nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max_len = data[0];
    struct str s = str_make((const char *)data + 1, size - 1);

    (void)utf8_has_control(s);
    if (utf8_valid(s))
        check_valid(s, max_len);
    else
        check_invalid(s);
    return 0;
}
