/* parse.c - decoding and checking request input; see parse.h. */
#include "http/parse.h"

#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "text/utf8.h"
#include "text/vi.h"
#include "text/vitime.h"

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int http_percent_decode(struct arena *a, struct str in, bool plus_space, struct str *out)
{
    if (!memchr(in.p, '%', in.n) && !(plus_space && memchr(in.p, '+', in.n))) {
        *out = in;
        return 0;
    }
    char *d = arena_alloc(a, in.n + 1);
    size_t k = 0;
    for (size_t i = 0; i < in.n; i++) {
        char c = in.p[i];
        if (c == '%') {
            int hi = i + 1 < in.n ? hex_value((unsigned char)in.p[i + 1]) : -1;
            int lo = i + 2 < in.n ? hex_value((unsigned char)in.p[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return -1;
            d[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            d[k++] = ' ';
        } else {
            d[k++] = c;
        }
    }
    d[k] = '\0';
    *out = (struct str){d, k};
    return 0;
}

/* Valid UTF-8 without NUL or any other control character: in a path or
 * a query even tab and newline have no business. */
static bool clean_text(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
            return false;
    return utf8_valid(s) && !utf8_has_control(s);
}

static bool has_encoded_separator(struct str raw)
{
    for (size_t i = 0; i + 2 < raw.n; i++)
        if (raw.p[i] == '%' && raw.p[i + 1] == '2' && (raw.p[i + 2] == 'f' || raw.p[i + 2] == 'F'))
            return true;
    for (size_t i = 0; i + 2 < raw.n; i++)
        if (raw.p[i] == '%' && raw.p[i + 1] == '5' && (raw.p[i + 2] == 'c' || raw.p[i + 2] == 'C'))
            return true;
    return false;
}

/* Bytes a path may hold as they are, needing no decoding and no further
 * check: printable ASCII other than '%' (an escape) and '\\'. */
static bool plain_path_byte[256];

__attribute__((constructor)) static void init_plain_path_bytes(void)
{
    for (int c = 0x21; c < 0x7f; c++)
        plain_path_byte[c] = c != '%' && c != '\\';
}

/* True if the path is all plain bytes with no "." or ".." segment: the
 * common case (every address the portal writes), checked in one pass. */
static bool plain_path(struct str raw)
{
    size_t seg_start = 0; /* index after the last '/' */
    for (size_t i = 0; i < raw.n; i++) {
        unsigned char c = (unsigned char)raw.p[i];
        if (!plain_path_byte[c])
            return false;
        if (c == '/') {
            size_t len = i - seg_start;
            if (i > 0 && (len == 1 || len == 2) && raw.p[seg_start] == '.' && raw.p[i - 1] == '.')
                return false;
            seg_start = i + 1;
        }
    }
    size_t len = raw.n - seg_start;
    return !((len == 1 || len == 2) && raw.p[seg_start] == '.' && raw.p[raw.n - 1] == '.');
}

int http_parse_path(struct arena *a, struct str raw, struct str *path)
{
    if (raw.n > HTTP_MAX_PATH)
        return 414;
    if (raw.n == 0 || raw.p[0] != '/')
        return 400;
    if (plain_path(raw)) {
        *path = raw;
        return 0;
    }
    if (has_encoded_separator(raw))
        return 400;
    struct str d;
    if (http_percent_decode(a, raw, false, &d) != 0 || !clean_text(d) || memchr(d.p, '\\', d.n))
        return 400;
    /* Refuse "." and ".." segments: no page of ours has them, and a
     * decoded "%2e%2e" must never climb out of a folder. */
    for (size_t i = 0; i < d.n; i++) {
        if (d.p[i] != '/')
            continue;
        size_t j = i + 1, seg = 0;
        while (j < d.n && d.p[j] != '/')
            j++, seg++;
        struct str s = {d.p + i + 1, seg};
        if (str_eq_lit(s, ".") || str_eq_lit(s, ".."))
            return 400;
    }
    *path = d;
    return 0;
}

int http_parse_query(struct arena *a, struct str raw, struct web_param *params, size_t max, size_t *n)
{
    return http_parse_query_limit(a, raw, params, max, HTTP_MAX_PARAM_VALUE, n);
}

int http_parse_query_limit(struct arena *a, struct str raw, struct web_param *params, size_t max, size_t max_value,
                           size_t *n)
{
    *n = 0;
    if (raw.n > HTTP_MAX_QUERY)
        return 414;
    size_t i = 0;
    while (i < raw.n) {
        size_t j = i;
        while (j < raw.n && raw.p[j] != '&' && raw.p[j] != ';')
            j++;
        struct str pair = {raw.p + i, j - i};
        i = j + 1;
        if (pair.n == 0)
            continue;
        const char *eq = memchr(pair.p, '=', pair.n);
        struct str name = {pair.p, eq ? (size_t)(eq - pair.p) : pair.n};
        struct str value = eq ? (struct str){eq + 1, pair.n - name.n - 1} : STR("");
        struct str dn, dv;
        if (http_percent_decode(a, name, true, &dn) != 0 || http_percent_decode(a, value, true, &dv) != 0)
            return 400;
        if (!clean_text(dn) || !clean_text(dv) || dv.n > max_value)
            return 400;
        if (dn.n == 0)
            continue;
        if (*n >= max)
            return 400;
        /* NFC at the door: "Nông" typed in NFD must find "Nông" in NFC. */
        bool ascii = true;
        for (size_t k = 0; k < dv.n && ascii; k++)
            ascii = (unsigned char)dv.p[k] < 0x80;
        if (!ascii) {
            struct buf b = BUF_INIT;
            if (vi_nfc(&b, dv) != 0) {
                buf_free(&b);
                return 400;
            }
            dv = arena_strdup(a, b.p, b.n);
            buf_free(&b);
        }
        params[*n].name = dn;
        params[*n].value = dv;
        (*n)++;
    }
    return 0;
}

struct str http_cookie_value(struct str header, const char *name)
{
    size_t name_len = strlen(name);
    size_t i = 0;
    while (i < header.n) {
        while (i < header.n && (header.p[i] == ' ' || header.p[i] == ';'))
            i++;
        size_t start = i;
        while (i < header.n && header.p[i] != ';')
            i++;
        struct str pair = {header.p + start, i - start};
        if (pair.n > name_len && memcmp(pair.p, name, name_len) == 0 && pair.p[name_len] == '=') {
            struct str v = str_skip(pair, name_len + 1);
            while (v.n && v.p[v.n - 1] == ' ')
                v.n--;
            return v;
        }
    }
    return STR_NULL;
}

/* Finds `token` in a comma-separated header value and returns its
 * parameters (";q=0.5"), or false if it is absent. */
static bool find_token(struct str v, const char *token, struct str *params)
{
    size_t tn = strlen(token), i = 0;
    while (i < v.n) {
        while (i < v.n && (v.p[i] == ' ' || v.p[i] == ','))
            i++;
        size_t start = i;
        while (i < v.n && v.p[i] != ',' && v.p[i] != ';' && v.p[i] != ' ')
            i++;
        size_t end = i;
        size_t pstart = i;
        while (i < v.n && v.p[i] != ',')
            i++;
        if (end - start == tn && strncasecmp(v.p + start, token, tn) == 0) {
            *params = (struct str){v.p + pstart, i - pstart};
            return true;
        }
    }
    return false;
}

/* True if the weight in `params` (";q=0.5") refuses the coding: q=0, or a
 * weight that is not a qvalue (RFC 9110 12.4.2: "0" or "1" with at most
 * three decimals, "1" only with zeros): "q=-1" or "q=2" is no reason to
 * send what the client may not read, and identity is always understood. */
static bool q_refuses(struct str params)
{
    for (size_t i = 0; i + 1 < params.n; i++) {
        if ((params.p[i] != 'q' && params.p[i] != 'Q') || params.p[i + 1] != '=')
            continue;
        struct str q = {params.p + i + 2, 0};
        while (q.p + q.n < params.p + params.n && q.p[q.n] != ';' && q.p[q.n] != ' ')
            q.n++;
        if (q.n == 0 || (q.p[0] != '0' && q.p[0] != '1'))
            return true;
        if (q.n > 1 && (q.p[1] != '.' || q.n > 5))
            return true;
        bool nonzero = q.p[0] == '1';
        for (size_t k = 2; k < q.n; k++) {
            if (q.p[k] < '0' || q.p[k] > '9' || (q.p[0] == '1' && q.p[k] != '0'))
                return true;
            nonzero |= q.p[k] != '0';
        }
        return !nonzero;
    }
    return false;
}

bool http_accepts_gzip(struct str accept_encoding)
{
    struct str params;
    if (find_token(accept_encoding, "gzip", &params))
        return !q_refuses(params);
    return false;
}

/* Reads the digits at *i (at most 18, so no overflow); false if none. */
static bool range_number(struct str v, size_t *i, unsigned long long *out)
{
    size_t start = *i;
    unsigned long long x = 0;
    while (*i < v.n && v.p[*i] >= '0' && v.p[*i] <= '9') {
        if (*i - start == 18)
            return false;
        x = x * 10 + (unsigned long long)(v.p[*i] - '0');
        (*i)++;
    }
    *out = x;
    return *i > start;
}

enum http_range http_range_check(struct str range, unsigned long long size)
{
    if (range.n < 7 || strncasecmp(range.p, "bytes=", 6) != 0)
        return HTTP_RANGE_IGNORE;
    size_t i = 6;
    unsigned long long first = 0, last = 0;
    bool suffix = range.p[i] == '-';
    if (suffix)
        i++;
    if (!range_number(range, &i, &first))
        return HTTP_RANGE_IGNORE;
    if (suffix) {
        if (i != range.n)
            return HTTP_RANGE_IGNORE;
        return first > 0 && size > 0 ? HTTP_RANGE_SERVE : HTTP_RANGE_UNSATISFIABLE;
    }
    if (i == range.n || range.p[i] != '-')
        return HTTP_RANGE_IGNORE;
    i++;
    if (i < range.n && (!range_number(range, &i, &last) || last < first))
        return HTTP_RANGE_IGNORE;
    if (i != range.n)
        return HTTP_RANGE_IGNORE;
    return first < size ? HTTP_RANGE_SERVE : HTTP_RANGE_UNSATISFIABLE;
}

bool http_etag_listed(struct str list, struct str etag, bool weak)
{
    size_t i = 0;
    while (i < list.n) {
        while (i < list.n && (list.p[i] == ' ' || list.p[i] == ','))
            i++;
        size_t start = i;
        while (i < list.n && list.p[i] != ',')
            i++;
        struct str t = {list.p + start, i - start};
        while (t.n && t.p[t.n - 1] == ' ')
            t.n--;
        if (weak && str_starts_with(t, STR("W/")))
            t = str_skip(t, 2);
        if (str_eq_lit(t, "*") || str_eq(t, etag))
            return true;
    }
    return false;
}

bool http_etag_matches(struct str if_none_match, struct str etag) { return http_etag_listed(if_none_match, etag, true); }

bool http_is_local_path(struct str s)
{
    if (s.n == 0 || s.p[0] != '/' || (s.n > 1 && (s.p[1] == '/' || s.p[1] == '\\')))
        return false;
    return clean_text(s);
}

void http_format_ipv4(char out[16], const unsigned char addr[4])
{
    char *o = out;
    for (int i = 0; i < 4; i++) {
        unsigned v = addr[i];
        if (v >= 100)
            *o++ = (char)('0' + v / 100);
        if (v >= 10)
            *o++ = (char)('0' + v / 10 % 10);
        *o++ = (char)('0' + v % 10);
        *o++ = i < 3 ? '.' : '\0';
    }
}

size_t http_format_hex(char *out, unsigned long long v)
{
    char tmp[16];
    size_t n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

enum web_method http_method(struct str m)
{
    switch (m.n) {
    case 3:
        if (memcmp(m.p, "GET", 3) == 0)
            return WEB_GET;
        if (memcmp(m.p, "PUT", 3) == 0)
            return WEB_PUT;
        break;
    case 4:
        if (memcmp(m.p, "HEAD", 4) == 0)
            return WEB_HEAD;
        if (memcmp(m.p, "POST", 4) == 0)
            return WEB_POST;
        break;
    case 5:
        if (memcmp(m.p, "PATCH", 5) == 0)
            return WEB_PATCH;
        break;
    case 6:
        if (memcmp(m.p, "DELETE", 6) == 0)
            return WEB_DELETE;
        break;
    case 7:
        if (memcmp(m.p, "OPTIONS", 7) == 0)
            return WEB_OPTIONS;
        break;
    }
    return WEB_OTHER;
}

/* --- HTTP-date ---------------------------------------------------------------------- */

static const char day_names[7][10] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
static const char month_names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static bool date_digits(const char *p, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return true;
}

/* "Nov" as 11, or 0 */
static int date_month(const char *p)
{
    for (int m = 0; m < 12; m++)
        if (memcmp(p, month_names + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

/* The 3 letters of a day's name ("Sun"), or its whole name ("Sunday") */
static bool date_day_name(const char *p, size_t n, bool whole)
{
    for (int d = 0; d < 7; d++)
        if (whole ? n == strlen(day_names[d]) && memcmp(p, day_names[d], n) == 0
                  : n == 3 && memcmp(p, day_names[d], 3) == 0)
            return true;
    return false;
}

/* "08:49:37" */
static bool date_clock(const char *p, int *h, int *m, int *s)
{
    return p[2] == ':' && p[5] == ':' && date_digits(p, 2, h) && date_digits(p + 3, 2, m) &&
           date_digits(p + 6, 2, s) && *h < 24 && *m < 60 && *s < 61; /* 60: a leap second */
}

static bool date_make(int year, int month, int day, int h, int m, int s, int64_t *out)
{
    if (!vi_date_valid(year, month, day))
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = h, .tm_min = m,
                    .tm_sec = s};
    *out = (int64_t)timegm(&tm);
    return true;
}

bool http_date_parse(struct str v, int64_t now, int64_t *out)
{
    const char *p = v.p;
    int day, year, h, m, s, month;
    if (!p)
        return false;
    if (v.n == 29 && p[3] == ',') /* Sun, 06 Nov 1994 08:49:37 GMT */
        return date_day_name(p, 3, false) && p[4] == ' ' && date_digits(p + 5, 2, &day) && p[7] == ' ' &&
               (month = date_month(p + 8)) && p[11] == ' ' && date_digits(p + 12, 4, &year) && p[16] == ' ' &&
               date_clock(p + 17, &h, &m, &s) && memcmp(p + 25, " GMT", 4) == 0 &&
               date_make(year, month, day, h, m, s, out);
    if (v.n == 24 && p[3] == ' ') /* Sun Nov  6 08:49:37 1994 */
        return date_day_name(p, 3, false) && (month = date_month(p + 4)) && p[7] == ' ' &&
               (p[8] == ' ' ? date_digits(p + 9, 1, &day) : date_digits(p + 8, 2, &day)) && p[10] == ' ' &&
               date_clock(p + 11, &h, &m, &s) && p[19] == ' ' && date_digits(p + 20, 4, &year) &&
               date_make(year, month, day, h, m, s, out);
    /* Sunday, 06-Nov-94 08:49:37 GMT */
    const char *comma = memchr(p, ',', v.n < 10 ? v.n : 10);
    if (!comma || (size_t)(p + v.n - comma) != 24 || !date_day_name(p, (size_t)(comma - p), true))
        return false;
    const char *d = comma + 2;
    if (comma[1] != ' ' || !date_digits(d, 2, &day) || d[2] != '-' || !(month = date_month(d + 3)) || d[6] != '-' ||
        !date_digits(d + 7, 2, &year) || d[9] != ' ' || !date_clock(d + 10, &h, &m, &s) ||
        memcmp(d + 18, " GMT", 4) != 0)
        return false;
    /* the year of those two digits nearest now, not more than 50 years ahead */
    struct tm today;
    time_t t = (time_t)now;
    gmtime_r(&t, &today);
    int this_year = today.tm_year + 1900;
    year += this_year - this_year % 100;
    if (year > this_year + 50)
        year -= 100;
    return date_make(year, month, day, h, m, s, out);
}
