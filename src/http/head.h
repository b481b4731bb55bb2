/*
 * head.h - checking the raw head of an HTTP/1.1 request before h2o acts
 * on it.
 *
 * h2o 2.2.5 keeps the first of two Content-Length headers, lets
 * Transfer-Encoding win over Content-Length, accepts folded header lines
 * and bare LF line ends, and hides all of that from handlers. Two parsers
 * that disagree about where a request ends are how a request is smuggled
 * past a proxy in front (RFC 9112 §6.1-6.3, §11.2), so dinh reads every
 * request head itself first, with the same parser h2o uses
 * (picohttpparser, which libh2o exports), and refuses what RFC 9112 says a
 * server must refuse or may refuse:
 *
 *   - more than one Content-Length, or Content-Length with
 *     Transfer-Encoding, a Content-Length that is not a decimal number (as
 *     h2o reads it: no space after it, at most 19 digits), a body on GET
 *     or HEAD, more than one Content-Type, a method that is not a token: 400
 *   - a folded header line (obs-fold), a bare LF or CR line end, a request
 *     line or header h2o's parser refuses, a missing or repeated Host in
 *     HTTP/1.1, a request target that is not a path: 400
 *   - Transfer-Encoding chunked: 411 (dinh takes bodies with a length only,
 *     so that a body over its route's limit is refused before it is read);
 *     any other transfer coding: 501
 *   - an Expect other than 100-continue: 417
 *   - a path over HTTP_MAX_PATH or a query over HTTP_MAX_QUERY bytes: 414
 *   - more than HEAD_MAX_HEADERS headers, a header value over
 *     HEAD_MAX_VALUE bytes, or more than HEAD_MAX_BYTES of head: 431
 *
 * head_check is a pure function of the bytes, so that unit tests and the
 * fuzzer call it directly; src/http/guard.c runs it on every request of
 * every connection.
 */
#ifndef DINH_HTTP_HEAD_H
#define DINH_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"

#define HEAD_MAX_HEADERS 64     /* h2o's own limit is 100 */
#define HEAD_MAX_VALUE 8192     /* one header value */
#define HEAD_MAX_FIELDS 16384   /* all header names and values together */
#define HEAD_MAX_BYTES 24576    /* the whole head: request line, headers, line ends */

struct head_info {
    size_t length;         /* bytes of the head, up to and including the empty line */
    size_t content_length; /* SIZE_MAX when the request has no Content-Length */
    struct str method;     /* "GET" */
    struct str target;     /* "/tin-tuc/?trang=2" as sent */
    int minor_version;     /* HTTP/1.x */
    bool close;            /* the client ends the connection after this request ("Connection: close", or
                              HTTP/1.0 without "keep-alive") */
};

enum { HEAD_INCOMPLETE = 0 };

/* Checks the request head at the start of `buf` (`len` bytes received so
 * far; bytes after the head, such as a body or a pipelined request, are
 * not looked at). Returns HEAD_INCOMPLETE while the head has not ended and
 * is within the limits, 200 with *out filled when it is complete and
 * acceptable, or the HTTP status to refuse it with (400, 411, 414, 417,
 * 431, 501). A head refused after a sound request line still has
 * out->method and out->target set (else they are empty), for the log. */
int head_check(const char *buf, size_t len, struct head_info *out);

/* Whether the answer to the request at the start of `buf` should be JSON:
 * its target is under /api/, or it has an Accept header naming
 * application/json. A best guess for a head refused before it was parsed
 * (a 414, a folded line): only the first HEAD_MAX_BYTES are looked at. */
bool head_wants_json(const char *buf, size_t len);

#endif
