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
