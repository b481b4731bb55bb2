/*
 * url.c - which addresses a website link may have (site_url_problem, see
 * site.h): the one parser of outside input in the site module, kept apart
 * from the database so that a fuzzer can reach it alone
 * (tests/fuzz/fuzz_site_url.c).
 *
 * Taken: http:// or https:// (any case), then a host of letters, digits,
 * dots, dashes or non-ASCII letters (an IDN as typed), an optional port
 * (1 to 65535), then anything but white space, controls and the bytes that would
 * let the address leave an attribute or a URL (\ < > "). So javascript:,
 * data:, vbscript:, "//host" and paths of the site itself are refused.
 */
#include <string.h>

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
