/* head.c - checking raw request heads; see head.h for the rules. */
#include "http/head.h"

#include <stdint.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "http/parse.h"

/* picohttpparser is part of libh2o and exported by it, but Debian installs
 * no header for it: these are its declarations as h2o 2.2.5 builds it. */
struct phr_header {
    const char *name; /* NULL for a folded continuation line */
    size_t name_len;
    const char *value;
    size_t value_len;
};
int phr_parse_request(const char *buf, size_t len, const char **method, size_t *method_len, const char **path,
                      size_t *path_len, int *minor_version, struct phr_header *headers, size_t *num_headers,
                      size_t last_len);

/* A header name, compared without case; `n` is strlen(lower). */
static bool name_is(const struct phr_header *h, const char *lower, size_t n)
{
    if (h->name_len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = h->name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

/* A byte of a token (RFC 9110 §5.6.2). */
static bool is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static struct str trimmed(const char *p, size_t n)
{
    while (n && (p[0] == ' ' || p[0] == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return (struct str){p, n};
}

/* Whether the comma-separated list of n bytes at p holds `lower` as one of
 * its tokens, in any case ("Connection: Keep-Alive, Upgrade"). */
static bool has_token(const char *p, size_t n, const char *lower)
{
    size_t k = strlen(lower), i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != ',')
            j++;
        struct str t = trimmed(p + i, j - i);
        if (t.n == k && strncasecmp(t.p, lower, k) == 0)
            return true;
        i = j + 1;
    }
    return false;
}

static bool equals_lower(struct str s, const char *lower)
{
    size_t n = strlen(lower);
    if (s.n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

/* Every line of the head must end in CR LF: a bare LF, or a CR not
 * followed by LF, is a line end that another parser may read otherwise.
 * memchr finds the line ends; the bytes between are not looked at twice. */
static bool line_ends_are_crlf(const char *buf, size_t len)
{
    size_t lf = 0, cr = 0;
    for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        if (p == buf || p[-1] != '\r')
            return false;
        lf++;
    }
    for (const char *p = buf, *end = buf + len; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++) {
        if (p + 1 < end && p[1] != '\n')
            return false;
        cr++;
    }
    /* each LF has its CR; a CR may be the last byte, its LF still to come */
    return cr == lf || (cr == lf + 1 && buf[len - 1] == '\r');
}

static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;
    for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))) != NULL; p++)
        n++;
    return n;
}

/* A Host value as RFC 9110 §7.2 has it: a name (letters, digits and the
 * signs a URI's host may hold, or %HH), or an address in brackets, then
 * ":" and the port's digits, if any; empty too (a request for no host).
 * "a b", "x/y?z" or "evil.com:notaport" are no host (RFC 9112 §3.2: 400). */
static bool host_ok(const char *v, size_t n)
{
    struct str s = trimmed(v, n);
    size_t i = 0;
    if (s.n && s.p[0] == '[') {
        for (i = 1; i < s.n && s.p[i] != ']'; i++)
            if (!isxdigit((unsigned char)s.p[i]) && s.p[i] != ':' && s.p[i] != '.')
                return false;
        if (i == s.n || i == 1)
            return false;
        i++;
    } else {
        for (; i < s.n && s.p[i] != ':'; i++) {
            unsigned char c = (unsigned char)s.p[i];
            if (isalnum(c) || (c && strchr("-._~!$&'()*+,;=", c))) /* strchr finds the NUL too */
                continue;
            if (c == '%' && i + 2 < s.n && isxdigit((unsigned char)s.p[i + 1]) && isxdigit((unsigned char)s.p[i + 2])) {
                i += 2;
                continue;
            }
            return false;
        }
    }
    if (i < s.n) {
        if (s.p[i] != ':' || s.n - i - 1 > 5)
            return false;
        for (i++; i < s.n; i++)
            if (!isdigit((unsigned char)s.p[i]))
                return false;
    }
    return true;
}

int head_check(const char *buf, size_t len, struct head_info *out)
{
    struct phr_header headers[HEAD_MAX_HEADERS];
    size_t n_headers = HEAD_MAX_HEADERS;
    const char *method, *target;
    size_t method_len, target_len;
    int minor;
    out->method = out->target = STR_NULL;
    int r = phr_parse_request(buf, len, &method, &method_len, &target, &target_len, &minor, headers, &n_headers, 0);
    if (r == -2) {
        if (!line_ends_are_crlf(buf, len))
            return 400;
        if (len >= HEAD_MAX_BYTES) {
            /* The request line itself too long is 414; the headers, 431. */
            const char *eol = memchr(buf, '\n', len);
            return !eol || (size_t)(eol - buf) > HTTP_MAX_PATH + HTTP_MAX_QUERY + 32 ? 414 : 431;
        }
        return HEAD_INCOMPLETE;
    }
    if (r < 0) {
        size_t scan = len < HEAD_MAX_BYTES ? len : HEAD_MAX_BYTES;
        return count_lines(buf, scan) > HEAD_MAX_HEADERS ? 431 : 400;
    }
    size_t head_len = (size_t)r;
    if (!line_ends_are_crlf(buf, head_len))
        return 400;

    /* The target: a path with an optional query (origin-form). */
    if (target_len == 0 || target[0] != '/')
        return 400;
    const char *q = memchr(target, '?', target_len);
    size_t path_len = q ? (size_t)(q - target) : target_len;
    if (path_len > HTTP_MAX_PATH || (q && target_len - path_len - 1 > HTTP_MAX_QUERY))
        return 414;
    if (head_len > HEAD_MAX_BYTES)
        return 431;

    /* The method is a token (RFC 9110 §9.1): h2o takes any bytes up to the
     * space, and "" or "G(ET" would be answered as an unknown method. */
    if (method_len == 0)
        return 400;
    for (size_t i = 0; i < method_len; i++)
        if (!is_tchar((unsigned char)method[i]))
            return 400;
    /* what a refusal from here on is logged under */
    out->method = (struct str){method, method_len};
    out->target = (struct str){target, target_len};

    size_t fields = 0, content_lengths = 0, hosts = 0, content_types = 0;
    bool says_close = false, says_keep = false;
    size_t content_length = SIZE_MAX;
    const struct phr_header *transfer_encoding = NULL;
    for (size_t i = 0; i < n_headers; i++) {
        const struct phr_header *h = &headers[i];
        if (!h->name)
            return 400; /* a folded line: RFC 9112 §5.2 */
        if (h->value_len > HEAD_MAX_VALUE)
            return 431;
        fields += h->name_len + h->value_len;
        if (fields > HEAD_MAX_FIELDS)
            return 431;
        if (name_is(h, "content-length", 14)) {
            if (++content_lengths > 1)
                return 400;
            /* digits alone, as h2o reads it (which refuses "5 " and more
             * than 19 digits with its own English page): what h2o would
             * refuse is refused here, with the site's */
            struct str v = trimmed(h->value, h->value_len);
            if (v.n == 0 || v.n != h->value_len || (v.n > 19 && v.p[0] == '0'))
                return 400;
            unsigned long long n = 0;
            for (size_t k = 0; k < v.n; k++) {
                if (v.p[k] < '0' || v.p[k] > '9')
                    return 400;
                if (n > (UINT64_MAX - 9) / 10)
                    return 413; /* digits only, but beyond any limit */
                n = n * 10 + (unsigned long long)(v.p[k] - '0');
            }
            content_length = n > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)n;
        } else if (name_is(h, "transfer-encoding", 17)) {
            if (transfer_encoding || minor == 0)
                return 400;
            transfer_encoding = h;
        } else if (name_is(h, "host", 4)) {
            if (++hosts > 1 || !host_ok(h->value, h->value_len))
                return 400;
        } else if (name_is(h, "content-type", 12)) {
            if (++content_types > 1)
                return 400; /* which one would the form's reader take? */
        } else if (name_is(h, "connection", 10)) {
            says_close |= has_token(h->value, h->value_len, "close");
            says_keep |= has_token(h->value, h->value_len, "keep-alive");
        } else if (name_is(h, "expect", 6)) {
            if (!equals_lower(trimmed(h->value, h->value_len), "100-continue"))
                return 417;
        }
    }
    if (transfer_encoding) {
        if (content_lengths)
            return 400;
        return equals_lower(trimmed(transfer_encoding->value, transfer_encoding->value_len), "chunked") ? 411 : 501;
    }
    if (hosts > 1 || (minor >= 1 && hosts == 0))
        return 400;
    /* A body on GET or HEAD means nothing to this server, and a proxy in
     * front that ignores it would read its bytes as the next request
     * (RFC 9110 §9.3.1: a server may refuse it and close). */
    bool safe = (method_len == 3 && memcmp(method, "GET", 3) == 0) || (method_len == 4 && memcmp(method, "HEAD", 4) == 0);
    if (safe && content_length != SIZE_MAX && content_length > 0)
        return 400;

    out->length = head_len;
    out->content_length = content_length;
    out->method = (struct str){method, method_len};
    out->target = (struct str){target, target_len};
    out->minor_version = minor;
    out->close = says_close || (minor == 0 && !says_keep);
    return 200;
}

bool head_wants_json(const char *buf, size_t len)
{
    if (len > HEAD_MAX_BYTES)
        len = HEAD_MAX_BYTES;
    const char *end = buf + len;
    const char *sp = memchr(buf, ' ', len);
    if (sp && end - (sp + 1) >= 4 && memcmp(sp + 1, "/api", 4) == 0) {
        const char *after = sp + 5;
        if (after == end || *after == '/' || *after == '?' || *after == ' ')
            return true;
    }
    /* the header lines, up to the empty one */
    const char *line = memchr(buf, '\n', len);
    while (line && ++line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        size_t n = (size_t)((eol ? eol : end) - line);
        if (n == 0 || (n == 1 && line[0] == '\r'))
            break;
        if (n > 7 && strncasecmp(line, "accept:", 7) == 0 && memmem(line + 7, n - 7, "application/json", 16))
            return true;
        line = eol;
    }
    return false;
}
