/*
 * url.c - which addresses a website link may have (site_url_problem, see
 * site.h): the one parser of outside input in the site module, kept apart
 * from the database so that a fuzzer can reach it alone
 * (tests/fuzz/fuzz_site_url.c).
 *
 * Taken: http:// or https:// (any case), then a host of labels apart by
 * dots (letters, digits, dashes or non-ASCII letters, an IDN as typed; no
 * label empty, none starting or ending with a dash, at most 63 characters
 * each), an optional port (1 to 65535), then anything but white space,
 * controls, the characters that change the direction of text or cannot
 * be seen (U+202E would show "moc.live" for "evil.com"), and the bytes that
 * would let the address leave an attribute or a URL (\ < > "). So
 * javascript:, data:, vbscript:, "//host" and paths of the site itself are
 * refused.
 */
#include <string.h>
#include <utf8proc.h>

#include "site/site.h"
#include "text/utf8.h"

static bool ascii_prefix_nocase(struct str s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (s.n < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

/* The host's labels (before any port): none empty ("a..b", ".vn"), none
 * starting or ending with a dash ("-", "a-.vn"), each at most 63
 * characters, 253 bytes in all. One dot may end the host, as in DNS. DNS
 * counts both limits on the punycode form, which is longer than a
 * Vietnamese label as typed: the check is the typist's, not the resolver's. */
static bool host_ok(struct str url, size_t from)
{
    size_t end = from;
    while (end < url.n && url.p[end] != '/' && url.p[end] != '?' && url.p[end] != '#' && url.p[end] != ':')
        end++;
    if (end == from)
        return true; /* no host: said below */
    if (end - from > 253)
        return false;
    size_t start = from;
    for (size_t i = from; i <= end; i++) {
        if (i < end && url.p[i] != '.')
            continue;
        struct str label = {url.p + start, i - start};
        bool last = i == end;
        if (!label.n)
            return last && start > from; /* a trailing dot after a label */
        if (label.p[0] == '-' || label.p[label.n - 1] == '-' || utf8_count(label) > 63)
            return false;
        start = i + 1;
    }
    return true;
}

const char *site_url_problem(struct str url)
{
    if (!url.n)
        return "Cần nhập địa chỉ của liên kết.";
    if (url.n > SITE_URL_MAX)
        return "Địa chỉ quá dài (tối đa 1000 ký tự).";
    size_t rest;
    if (ascii_prefix_nocase(url, "https://"))
        rest = 8;
    else if (ascii_prefix_nocase(url, "http://"))
        rest = 7;
    else
        return "Địa chỉ phải bắt đầu bằng http:// hoặc https://.";
    if (!utf8_valid(url))
        return "Địa chỉ chứa ký tự không hợp lệ.";
    for (size_t i = 0; i < url.n; i++) {
        unsigned char c = (unsigned char)url.p[i];
        if (c <= ' ' || c == 0x7f || c == '\\' || c == '<' || c == '>' || c == '"')
            return "Địa chỉ không được chứa dấu cách, ký tự điều khiển hay các dấu \\ < > \".";
    }
    for (size_t i = 0; i < url.n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)url.p + i, (utf8proc_ssize_t)(url.n - i), &c);
        if (k <= 0)
            return "Địa chỉ chứa ký tự không hợp lệ.";
        utf8proc_category_t cat = utf8proc_category(c);
        if (c >= 0x80 && (cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_ZS ||
                          cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP))
            return "Địa chỉ chứa ký tự vô hình hoặc ký tự đổi hướng chữ; hãy gõ lại địa chỉ.";
        i += (size_t)k;
    }
    if (!host_ok(url, rest))
        return "Tên miền trong địa chỉ không hợp lệ.";
    /* The host: letters, digits, dots and dashes (an IDN in its Unicode
     * form too), an optional port; it ends at the path, query or fragment. */
    size_t host = 0, port_digits = 0;
    unsigned long port_number = 0;
    bool port = false;
    for (size_t i = rest; i < url.n && url.p[i] != '/' && url.p[i] != '?' && url.p[i] != '#'; i++, host++) {
        unsigned char c = (unsigned char)url.p[i];
        if (c == ':' && !port && host > 0) {
            port = true;
            continue;
        }
        if (port && c >= '0' && c <= '9' && ++port_digits <= 5)
            port_number = port_number * 10 + (unsigned long)(c - '0');
        bool ok = port ? (c >= '0' && c <= '9')
                       : ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '-' || c >= 0x80);
        if (!ok)
            return "Tên miền trong địa chỉ không hợp lệ.";
    }
    if (host == 0 || (port && host == 1))
        return "Địa chỉ thiếu tên miền (ví dụ: https://chinhphu.vn).";
    if (port && (port_digits == 0 || port_digits > 5 || port_number == 0 || port_number > 65535))
        return "Cổng trong địa chỉ phải là một số từ 1 đến 65535 (thường không cần ghi cổng).";
    return NULL;
}
