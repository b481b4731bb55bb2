/*
 * form.h - the bodies of HTML form submissions: parsing
 * application/x-www-form-urlencoded and multipart/form-data (RFC 7578)
 * into fields and files.
 *
 * A browser sends a form in one of two encodings:
 *
 *   application/x-www-form-urlencoded   (the default)
 *       ho_ten=Nguy%E1%BB%85n+V%C4%83n+A&linh_vuc=1&linh_vuc=3
 *     pairs separated by '&', name and value split at the first '=',
 *     '+' for a space and %XX for any byte;
 *
 *   multipart/form-data; boundary=----WebKitFormBoundaryX   (enctype, for files)
 *       ------WebKitFormBoundaryX\r\n
 *       Content-Disposition: form-data; name="ho_ten"\r\n
 *       \r\n
 *       Nguyễn Văn A\r\n
 *       ------WebKitFormBoundaryX\r\n
 *       Content-Disposition: form-data; name="tep"; filename="don.pdf"\r\n
 *       Content-Type: application/pdf\r\n
 *       \r\n
 *       %PDF-1.7 ...any bytes...\r\n
 *       ------WebKitFormBoundaryX--\r\n
 *     one part per field, each with its own headers, delimited by CRLF "--"
 *     and the boundary of the Content-Type header; the last delimiter is
 *     followed by "--". A part whose Content-Disposition has a filename
 *     parameter is a file, any other part a text field.
 *
 * What comes out:
 *
 *  - Text fields (every urlencoded pair, and multipart parts without a
 *    filename), in the order they were sent; a repeated name (a checkbox
 *    group) gives one field per occurrence. Names and values are strict
 *    UTF-8 in NFC; values keep TAB and LF, have every CRLF and lone CR
 *    turned into LF (textareas send CRLF), and hold no other control
 *    character (C0, DEL, C1). Names hold no control character at all. A
 *    field (or file) whose name is empty is dropped, as in the query
 *    parser, and does not count against the limits; its value is still
 *    checked.
 *  - Files, in order, each with its field name, a file name reduced to its
 *    base name (after the last '/' or '\', so "C:\Users\an\don.pdf" is
 *    "don.pdf"), the media type as sent (lower-cased, without parameters)
 *    and the bytes, unchecked. An empty file input (filename="" and no
 *    bytes: what a browser sends when no file was chosen) is dropped and
 *    does not count against max_files; a part with bytes but no file name
 *    is kept, with an empty filename.
 *
 * In multipart headers, parameter values are quoted strings without
 * backslash escapes, or tokens: browsers write '"', CR and LF inside a name
 * or a file name as %22, %0D and %0A and escape nothing else, so exactly
 * those three escapes are decoded there (a '\' is an ordinary character).
 * filename*=UTF-8''... (RFC 8187: percent-encoded UTF-8; other charsets are
 * refused) is preferred over filename. Header names and parameter names
 * are case-insensitive; headers other than Content-Disposition and
 * Content-Type are ignored (Content-Transfer-Encoding is deprecated by RFC
 * 7578 and not applied). The preamble and the epilogue are ignored; the
 * closing delimiter is required.
 *
 * Like parse.h, this knows nothing of h2o and is bounded: the caller's
 * limits are checked at the place the bytes are read, before any copy, and
 * the work is linear in the body (no recursion; finding a delimiter never
 * backs up, see form.c). What it returns lives in the arena it is given or
 * in `body` (values and file data point into the body where they need no
 * change): the body must live as long as the form. The only other memory is
 * vi_nfc's scratch buffer, freed before a parser returns. Thread-safe.
 *
 * Every parser returns 0 or the HTTP status to answer: 400 (malformed),
 * 413 (a count or size limit), 415 (not a form). On error *out is empty.
 */
#ifndef DINH_HTTP_FORM_H
#define DINH_HTTP_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

/* What the caller accepts. Reasonable values for a public form: 64 fields,
 * 4 files, 64 KiB per value, 255 bytes per name, 8 KiB of part headers; the
 * total body size is the server's business, before the body is read. */
struct http_form_limits {
    size_t max_fields;    /* text fields kept (not files, not dropped ones); beyond: 413 */
    size_t max_files;     /* files kept; beyond: 413 */
    size_t max_value;     /* bytes of one text value, as decoded and as normalised; beyond: 413 */
    size_t max_name;      /* bytes of a field name or a file name, decoded and normalised; beyond: 400 */
    size_t max_part_head; /* bytes of one multipart part's headers, CRLFs and blank line included; beyond: 400 */
};

struct http_form_field {
    struct str name;  /* non-empty, no control characters, NFC */
    struct str value; /* may be empty; TAB and LF allowed; NFC */
};

struct http_form_file {
    struct str field;        /* the form field's name, as for text fields */
    struct str filename;     /* base name only, UTF-8, NFC, no '/', '\', control character, "." or ".."; may be empty */
    struct str content_type; /* as sent, lower-cased, parameters dropped; "application/octet-stream" if absent */
    struct str data;         /* the bytes, pointing into the body (no copy) */
};

struct http_form {
    struct http_form_field *fields; /* in the arena; NULL when n_fields is 0 */
    size_t n_fields;
    struct http_form_file *files; /* in the arena; NULL when n_files is 0 */
    size_t n_files;
    struct str refused; /* after a 413 for a count or a length: which, in a Vietnamese sentence; else empty */
};

/*
 * Parses `body` according to `content_type`, the value of the request's
 * Content-Type header. The media type is compared case-insensitively and
 * may carry parameters ("application/x-www-form-urlencoded; charset=UTF-8",
 * whose charset is ignored: forms are UTF-8). multipart/form-data needs a
 * valid boundary parameter (see http_form_boundary) unless the body is
 * empty. An empty body of either form type is an empty form. Returns 0,
 * 400, 413, or 415 for any other media type (or none).
 */
int http_form_parse(struct arena *a, struct str content_type, struct str body, const struct http_form_limits *lim,
                    struct http_form *out);

/* Parses an application/x-www-form-urlencoded body (an empty one gives no
 * fields). A broken escape ("%4", "%zz") is 400. Never produces files.
 * Returns 0, 400 or 413. */
int http_form_parse_urlencoded(struct arena *a, struct str body, const struct http_form_limits *lim,
                               struct http_form *out);

/* Parses a multipart/form-data body delimited by `boundary` (as returned
 * by http_form_boundary: 1-70 characters of the RFC 2046 set, checked
 * again here). A body without a closing delimiter, an empty one included,
 * is 400. Returns 0, 400 or 413. */
int http_form_parse_multipart(struct arena *a, struct str boundary, struct str body, const struct http_form_limits *lim,
                              struct http_form *out);

/* Finds the boundary parameter of a multipart Content-Type value
 * ("multipart/form-data; boundary=\"x y\"" gives "x y"), quoted or not,
 * without looking at the media type. *boundary points into content_type.
 * Returns 0, or 400 if it is missing, given twice, empty, longer than 70
 * characters, ends with a space or holds a character outside
 * DIGIT ALPHA '()+_,-./:=? and space, or if the parameters are malformed. */
int http_form_boundary(struct str content_type, struct str *boundary);

/* The value of the first text field called `name`, or STR_NULL (p == NULL)
 * if there is none; an empty value has p != NULL. */
struct str http_form_value(const struct http_form *f, const char *name);
/* `name` (valid UTF-8) in at most `max` bytes: its stem cut at a
 * character's edge, its extension (a last '.' within 16 bytes) kept; the
 * name itself when it fits; STR_NULL when even the extension does not. */
struct str http_filename_fit(struct arena *a, struct str name, size_t max);

#endif
