/*
 * parse.h - checking and decoding what arrives from the network: the
 * path, the query string, cookies, Accept-Encoding, If-None-Match.
 *
 * These functions know nothing of h2o, so that unit tests and fuzzers can
 * call them directly. Every one of them is bounded: it refuses input
 * beyond the limits below instead of growing with it. They return 0 or the
 * HTTP status to answer with (400, 414).
 */
#ifndef DINH_HTTP_PARSE_H
#define DINH_HTTP_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "http/web.h"

#define HTTP_MAX_PATH 2048       /* bytes of the raw path; 414 beyond */
#define HTTP_MAX_QUERY 4096      /* bytes of the raw query; 414 beyond */
#define HTTP_MAX_PARAM_VALUE 1024 /* bytes of one decoded parameter; 400 beyond */

/* Percent-decodes `in` into the arena. `plus_space` turns '+' into ' '
 * (query strings). Returns -1 on a broken escape ("%4", "%zz"). */
int http_percent_decode(struct arena *a, struct str in, bool plus_space, struct str *out);

/* Decodes and checks a request path (without its query): it must start
 * with '/', decode to valid UTF-8 with no control characters (so no NUL),
 * contain no encoded slash, no backslash and no "." or ".." segment. */
int http_parse_path(struct arena *a, struct str raw, struct str *path);

/* Splits and decodes a query string ("a=1&b=x+y") into params. Values are
 * checked like paths and normalised to NFC. More than `max` parameters, a
 * broken escape or bad text gives 400. Empty names are skipped. */
int http_parse_query(struct arena *a, struct str raw, struct web_param *params, size_t max, size_t *n);
/* The same with `max_value` bytes allowed for one decoded value in place of
 * HTTP_MAX_PARAM_VALUE: for a route that takes longer values (a route's
 * max_param_value, router.h); the raw query stays within HTTP_MAX_QUERY. */
int http_parse_query_limit(struct arena *a, struct str raw, struct web_param *params, size_t max, size_t max_value,
                           size_t *n);

/* The value of the cookie `name` in a Cookie header ("a=1; dinh_pref=1h"),
 * as sent, or STR_NULL when it is not there. */
struct str http_cookie_value(struct str header, const char *name);

/* True if an Accept-Encoding value allows gzip: listed, with no weight
 * or a valid non-zero one (q=0, q=-1 or q=2 refuse it). */
bool http_accepts_gzip(struct str accept_encoding);

/* What to do with a static file's Range header (RFC 9110 14.2): */
enum http_range {
    HTTP_RANGE_IGNORE,        /* answer the whole file: a unit other than bytes,
                               * a malformed or multiple range, HEAD, If-Range */
    HTTP_RANGE_SERVE,         /* one range that overlaps the file: 206 */
    HTTP_RANGE_UNSATISFIABLE, /* one well-formed range past its end: 416 */
};
/* One "bytes=FIRST-[LAST]" or "bytes=-SUFFIX" against a file of `size`
 * bytes; anything else is ignored, which the RFC always allows (a list of
 * ranges, overlapping or not, is answered whole: no multipart bodies). */
enum http_range http_range_check(struct str range, unsigned long long size);

/* True if a list of entity tags (If-None-Match, If-Match) holds `etag`, or
 * "*": by the weak comparison (W/"x" holds "x", as If-None-Match compares)
 * or the strong one (a weak tag holds nothing, as If-Match compares). */
bool http_etag_listed(struct str list, struct str etag, bool weak);
/* True if If-None-Match lists `etag` (or is "*"). */
bool http_etag_matches(struct str if_none_match, struct str etag);

/* An HTTP-date (RFC 9110 §5.6.7) in any of its three forms, which a
 * recipient must all accept: "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate),
 * "Sunday, 06-Nov-94 08:49:37 GMT" (RFC 850, a two-digit year read as the
 * nearest such year not over 50 years ahead of `now`) and
 * "Sun Nov  6 08:49:37 1994" (asctime). True with the Unix time in *out,
 * false for anything else. */
bool http_date_parse(struct str s, int64_t now, int64_t *out);

/* A path on this site that is safe to redirect to: starts with one '/',
 * not "//" or "/\", no control characters. */
bool http_is_local_path(struct str s);

/* An IPv4 address in network order as "203.0.113.7" (inet_ntop's form,
 * without its sprintf on every request); out holds at least 16 bytes. */
void http_format_ipv4(char out[16], const unsigned char addr[4]);
/* v in lower-case hex ("1a2b", as printf's %llx) into out (at least 17
 * bytes, NUL-terminated); returns the number of characters written. */
size_t http_format_hex(char *out, unsigned long long v);

/* The method named by a request line ("GET"), or WEB_OTHER. */
enum web_method http_method(struct str m);

#endif
