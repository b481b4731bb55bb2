/* rules.c - the limits of a comment and its paragraphs; see rules.h. */
#include "talk/rules.h"

#include <string.h>

#include <utf8proc.h>

#include "text/utf8.h"

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct str talk_trim(struct str s)
{
    while (s.n && is_blank(s.p[0]))
        s = str_skip(s, 1);
    while (s.n && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

/* The form parser already refused invalid UTF-8 and controls; these
 * checks hold for text from anywhere else too. */
static bool clean(struct str s) { return utf8_valid(s) && !utf8_has_control(s); }

/* The length of the invisible character at s[i] (rules.h), or 0. All of
 * them take three bytes in UTF-8. */
static size_t invisible_at(struct str s, size_t i)
{
    if (i + 3 > s.n)
        return 0;
    unsigned char a = (unsigned char)s.p[i], b = (unsigned char)s.p[i + 1], c = (unsigned char)s.p[i + 2];
    if (a == 0xE2 && b == 0x80 && ((c >= 0x8B && c <= 0x8D) || (c >= 0xAA && c <= 0xAE)))
        return 3; /* U+200B-U+200D, U+202A-U+202E */
    if (a == 0xE2 && b == 0x81 && (c == 0xA0 || (c >= 0xA6 && c <= 0xA9)))
        return 3; /* U+2060, U+2066-U+2069 */
    if (a == 0xEF && b == 0xBB && c == 0xBF)
        return 3; /* U+FEFF */
    return 0;
}

struct str talk_strip_invisible(struct arena *a, struct str s)
{
    size_t i = 0;
    while (i < s.n && !invisible_at(s, i))
        i++;
    if (i == s.n)
        return s;
    char *out = arena_alloc(a, s.n + 1);
    memcpy(out, s.p, i);
    size_t n = i;
    while (i < s.n) {
        size_t skip = invisible_at(s, i);
        if (skip)
            i += skip;
        else
            out[n++] = s.p[i++];
    }
    out[n] = '\0';
    return (struct str){out, n};
}

/* True when `s` (valid UTF-8) has a letter or a digit: something to see. */
static bool has_letter(struct str s)
{
    for (size_t i = 0; i < s.n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.n - i), &c);
        if (k <= 0)
            return false;
        /* the Hangul fillers are letters that show nothing */
        bool filler = c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
        switch (filler ? UTF8PROC_CATEGORY_CF : utf8proc_category(c)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
            return true;
        default:
            break;
        }
        i += (size_t)k;
    }
    return false;
}

const char *talk_name_problem(struct str name)
{
    name = talk_trim(name);
    if (!name.n || (utf8_valid(name) && !has_letter(name)))
        return "Hãy ghi họ tên của bạn.";
    if (!clean(name) || memchr(name.p, '\n', name.n) || memchr(name.p, '\t', name.n))
        return "Họ tên chỉ gồm một dòng chữ.";
    if (utf8_count(name) > TALK_NAME_MAX)
        return "Họ tên dài quá 100 ký tự.";
    return NULL;
}

const char *talk_email_problem(struct str email)
{
    email = talk_trim(email);
    if (!email.n)
        return NULL;
    const char *at = memchr(email.p, '@', email.n);
    bool ok = email.n <= TALK_EMAIL_MAX && clean(email) && at && at > email.p && at < email.p + email.n - 1 &&
              !memchr(at + 1, '@', (size_t)(email.p + email.n - at - 1));
    for (size_t i = 0; ok && i < email.n; i++)
        ok = !is_blank(email.p[i]) && email.p[i] != '<' && email.p[i] != '>' && email.p[i] != '"';
    return ok ? NULL : "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn). Có thể để trống ô này.";
}

const char *talk_text_problem(struct str text)
{
    text = talk_trim(text);
    if (!text.n)
        return "Hãy viết ý kiến của bạn.";
    if (!clean(text))
        return "Ý kiến có ký tự không hợp lệ.";
    if (utf8_count(text) > TALK_TEXT_MAX)
        return "Ý kiến dài quá 3.000 ký tự. Hãy viết ngắn gọn hơn.";
    return NULL;
}

const char *talk_staff_text_problem(struct str text, bool answer)
{
    text = talk_trim(text);
    if (!text.n)
        return answer ? "Hãy viết nội dung trả lời." : "Nội dung ý kiến không được để trống.";
    if (!clean(text))
        return "Nội dung có ký tự không hợp lệ.";
    if (utf8_count(text) > TALK_TEXT_MAX)
        return "Nội dung dài quá 3.000 ký tự.";
    return NULL;
}

size_t talk_paragraphs(struct arena *a, struct str text, struct str **out)
{
    if (!text.n) {
        *out = ARENA_ARRAY(a, struct str, 1);
        return 0;
    }
    size_t lines = 1;
    for (size_t i = 0; i < text.n; i++)
        lines += text.p[i] == '\n';
    struct str *p = ARENA_ARRAY(a, struct str, lines);
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= text.n; i++) {
        if (i < text.n && text.p[i] != '\n')
            continue;
        struct str line = talk_trim((struct str){text.p + start, i - start});
        if (line.n)
            p[n++] = line;
        start = i + 1;
    }
    *out = p;
    return n;
}
