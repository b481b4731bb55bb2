/*
 * tpl.h - the runtime of compiled templates: the output type and the escapers.
 *
 * tools/tplc.c turns every .html file under templates/ into a C function
 * (build/gen/templates.c). For every placeholder the compiler decides, from
 * where the placeholder sits in the HTML, which escaper runs, and writes a
 * call to one of the TPL_* macros below. Each macro dispatches on the C type
 * of the expression with _Generic; a type that has no association in a macro
 * is a compile error, so nothing is ever converted silently (a
 * `struct tpl_html` cannot reach an attribute, a `double` cannot reach any
 * context).
 *
 * Every escaper also repairs its input: each invalid UTF-8 sequence becomes
 * U+FFFD and NUL bytes are dropped, so what leaves the server is always valid
 * UTF-8 whatever the database holds.
 *
 * The escapers are usable from plain C as well (tpl_escape_*), for code that
 * builds HTML or JSON by hand.
 */
#ifndef DINH_VIEW_TPL_H
#define DINH_VIEW_TPL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

/* ---- output ---------------------------------------------------------------- */

#define TPL_LIVE_MAX 4

/*
 * What a render writes into. `live_at[i]` is the offset in `buf` where the
 * template said {{#live live_name[i]}}: the page cache keeps the rendered page
 * and splices a fresh live block (the visitor counter) in at that offset
 * without rendering the page again.
 */
struct tpl_out {
    struct buf buf;
    size_t live_at[TPL_LIVE_MAX];
    const char *live_name[TPL_LIVE_MAX];
    int n_live;
};

#define TPL_OUT_INIT ((struct tpl_out){BUF_INIT, {0}, {0}, 0})

/* Forgets the content and the live marks; keeps the memory. */
void tpl_out_reset(struct tpl_out *out);
void tpl_out_free(struct tpl_out *out);

/* Records the current offset under `name` (a string that outlives `out`,
 * in practice a literal). Marks beyond TPL_LIVE_MAX are ignored. */
void tpl_live_mark(struct tpl_out *out, const char *name);

/* ---- trusted HTML -------------------------------------------------------------- */

/* HTML that is emitted as is in text context. */
struct tpl_html {
    const char *p;
    size_t n;
};

/*
 * Declares bytes to be safe HTML. ONLY the HTML sanitiser (its output is
 * trusted by construction) and template-compiled output (a rendered partial)
 * may call this; anything else that calls it opens an XSS hole. Grep for it
 * in review.
 */
struct tpl_html tpl_html_trusted(const char *p, size_t n);

/* ---- escapers -------------------------------------------------------------------- */

/* HTML text and RCDATA (<title>, <textarea>): & < > " ' become entities. */
void tpl_escape_text(struct buf *b, struct str s);

/* A quoted attribute value: & < > " ' ` become entities. */
void tpl_escape_attr(struct buf *b, struct str s);

/*
 * True if `s` may be a whole URL attribute: once leading and trailing
 * whitespace and control characters are gone, and control or whitespace
 * characters inside the scheme are removed, the scheme (the text before a ':'
 * that comes before any '/', '?' or '#') is http, https, mailto or tel in any
 * case, or there is no scheme (a relative URL).
 */
bool tpl_url_is_safe(struct str s);

#define TPL_URL_INVALID "about:invalid#dinh"

/* A whole URL attribute value: `s` escaped as an attribute if
 * tpl_url_is_safe(s), else TPL_URL_INVALID. */
void tpl_escape_url(struct buf *b, struct str s);

/* A piece of a URL after its start (a path segment, a query value): every
 * byte but A-Z a-z 0-9 - . _ ~ / is percent-encoded, so the result needs no
 * further escaping in an attribute and cannot change the URL's scheme. */
void tpl_escape_url_part(struct buf *b, struct str s);

/*
 * A complete JSON string literal, quotes included, safe inside
 * <script type="application/json">: " and \ are escaped, control characters
 * become \u00XX and < > & U+2028 U+2029 become \u003c \u003e \u0026 \u2028
 * \u2029, so the output never holds "</script" or "<!--".
 */
void tpl_escape_json_string(struct buf *b, struct str s);

/* ---- what generated code calls -------------------------------------------------- */

/* Not for hand-written code: the TPL_* macros pick among these. A NULL
 * `const char *` prints nothing (JSON: null); so does a struct str whose
 * pointer is NULL. */
void tpl_put_int(struct tpl_out *out, long long v);
void tpl_put_uint(struct tpl_out *out, unsigned long long v);
void tpl_text_str(struct tpl_out *out, struct str s);
void tpl_text_cstr(struct tpl_out *out, const char *s);
void tpl_text_html(struct tpl_out *out, struct tpl_html h);
void tpl_rcdata_html(struct tpl_out *out, struct tpl_html h);
void tpl_attr_str(struct tpl_out *out, struct str s);
void tpl_attr_cstr(struct tpl_out *out, const char *s);
void tpl_url_str(struct tpl_out *out, struct str s);
void tpl_url_cstr(struct tpl_out *out, const char *s);
void tpl_url_part_str(struct tpl_out *out, struct str s);
void tpl_url_part_cstr(struct tpl_out *out, const char *s);
void tpl_json_str(struct tpl_out *out, struct str s);
void tpl_json_cstr(struct tpl_out *out, const char *s);
void tpl_json_bool(struct tpl_out *out, bool v);

/* Integers print in decimal in every context. */
#define TPL_NUMBERS_                                                                          \
    int: tpl_put_int, long: tpl_put_int, long long: tpl_put_int, unsigned int: tpl_put_uint, \
        unsigned long: tpl_put_uint, unsigned long long: tpl_put_uint

/* HTML text. Trusted HTML goes out raw here and nowhere else. */
#define TPL_TEXT(out, x)                                                                      \
    _Generic((x), struct str: tpl_text_str, const char *: tpl_text_cstr, char *: tpl_text_cstr, \
        struct tpl_html: tpl_text_html, TPL_NUMBERS_)((out), (x))

/* <title>, <textarea>: trusted HTML is shown as its source, escaped. */
#define TPL_RCDATA(out, x)                                                                    \
    _Generic((x), struct str: tpl_text_str, const char *: tpl_text_cstr, char *: tpl_text_cstr, \
        struct tpl_html: tpl_rcdata_html, TPL_NUMBERS_)((out), (x))

/* A quoted attribute value. */
#define TPL_ATTR(out, x)                                                                      \
    _Generic((x), struct str: tpl_attr_str, const char *: tpl_attr_cstr, char *: tpl_attr_cstr, \
        TPL_NUMBERS_)((out), (x))

/* The start of a URL attribute value: the whole URL is checked. */
#define TPL_URL(out, x)                                                                       \
    _Generic((x), struct str: tpl_url_str, const char *: tpl_url_cstr, char *: tpl_url_cstr,    \
        TPL_NUMBERS_)((out), (x))

/* Later in a URL attribute value: percent-encoded. */
#define TPL_URL_PART(out, x)                                                                  \
    _Generic((x), struct str: tpl_url_part_str, const char *: tpl_url_part_cstr,               \
        char *: tpl_url_part_cstr, TPL_NUMBERS_)((out), (x))

/* A whole JSON value inside <script type="application/json">. */
#define TPL_JSON(out, x)                                                                      \
    _Generic((x), struct str: tpl_json_str, const char *: tpl_json_cstr, char *: tpl_json_cstr, \
        bool: tpl_json_bool, TPL_NUMBERS_)((out), (x))

#endif
