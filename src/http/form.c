/*
 * form.c - parsing form bodies; see form.h.
 *
 * How the pieces fit: http_form_parse() reads the media type and hands the
 * body to one of the two parsers. Both feed a `struct form_builder`, which
 * checks every name and value (check_name, check_value, check_filename)
 * and appends to the arrays of the form, growing them in the arena. The
 * multipart parser walks the body once, front to back: find_delimiter()
 * finds the next CRLF "--" boundary, read_part_head() reads one part's
 * headers within max_part_head bytes, parse_disposition() takes the names
 * out of Content-Disposition, and parse_part() hands the part to
 * take_text() or take_file(), which check the counts before they look for
 * the part's end.
 */
#include "http/form.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "text/utf8.h"
#include "text/vi.h"

#define BOUNDARY_MAX 70 /* RFC 2046 §5.1.1 */
#define DECODE_TOO_LONG 1

struct form_builder {
    struct arena *a;
    const struct http_form_limits *lim;
    struct http_form *out;
    size_t fields_cap, files_cap; /* room in out->fields and out->files */
    struct buf nfc;               /* scratch for vi_nfc, malloc'ed: freed by builder_finish */
    struct str refused;           /* which limit refused the form, in a sentence (out->refused) */
};

/* A 413 for a count or length limit, with the sentence that names it: the
 * page for 413 alone speaks of the size of files, which would mislead
 * someone who sent two small files where one is taken. */
static int refuse_value(struct form_builder *fb)
{
    fb->refused = STR("Một mục của biểu mẫu dài quá giới hạn cho phép. Hãy rút ngắn nội dung rồi gửi lại.");
    return 413;
}

/* n with dots between thousands, as Vietnamese writes it: "1.200". */
static const char *grouped(struct arena *a, size_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    char *out = arena_alloc(a, (size_t)len + (size_t)len / 3 + 1);
    size_t k = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[k++] = '.';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    return out;
}

static int refuse_fields(struct form_builder *fb)
{
    fb->refused = arena_printf(fb->a, "Biểu mẫu gửi lên có quá nhiều mục (nhận tối đa %s). Hãy gửi lại bằng "
                                      "biểu mẫu của trang.", grouped(fb->a, fb->lim->max_fields));
    return 413;
}

static int refuse_files(struct form_builder *fb)
{
    if (!fb->lim->max_files)
        return 400; /* a file sent to a form that takes none: malformed, not too large */
    fb->refused = fb->lim->max_files == 1
                      ? STR("Mỗi lần chỉ gửi được một tệp. Hãy chọn một tệp rồi gửi lại.")
                      : arena_printf(fb->a, "Mỗi lần chỉ gửi được tối đa %s tệp. Hãy bớt tệp rồi gửi lại.",
                                     grouped(fb->a, fb->lim->max_files));
    return 413;
}

/* --- characters ------------------------------------------------------------- */

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True if `s` equals the lower-case literal `lit`, ignoring ASCII case. */
static bool ascii_ieq(struct str s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(s.p[i]) != lit[i])
            return false;
    return true;
}

/* RFC 9110 tchar: what header names, media types and parameter names are
 * made of. */
static bool is_tchar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static struct str trim_ows(struct str s)
{
    while (s.n && is_ows(s.p[0]))
        s.p++, s.n--;
    while (s.n && is_ows(s.p[s.n - 1]))
        s.n--;
    return s;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* C0 controls (TAB, CR and LF included) and DEL: what no name may hold.
 * utf8_has_control() lets TAB, CR and LF through and adds C1. */
static bool has_c0_or_del(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
            return true;
    return false;
}

static bool is_ascii(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] >= 0x80)
            return false;
    return true;
}

/* --- decoding ------------------------------------------------------------------ */

/* Percent-decodes `raw` (with '+' as a space if `plus_space`), stopping as
 * soon as the result would pass `max` bytes, so that a long value costs
 * no more than the limit. Returns 0, DECODE_TOO_LONG, or -1 on a broken
 * escape. The result is `raw` itself when there is nothing to decode. */
static int decode_percent(struct arena *a, struct str raw, bool plus_space, size_t max, struct str *out)
{
    if (raw.n == 0 || (!memchr(raw.p, '%', raw.n) && !(plus_space && memchr(raw.p, '+', raw.n)))) {
        *out = raw;
        return raw.n > max ? DECODE_TOO_LONG : 0;
    }
    /* Each output byte consumes at least one input byte, so k < raw.n
     * whenever a byte is written; with k < max that stays inside d. */
    size_t cap = raw.n < max ? raw.n : max;
    char *d = arena_alloc(a, cap + 1);
    size_t k = 0;
    for (size_t i = 0; i < raw.n; i++) {
        if (k == max)
            return DECODE_TOO_LONG;
        char c = raw.p[i];
        if (c == '%') {
            int hi = i + 1 < raw.n ? hex_value(raw.p[i + 1]) : -1;
            int lo = i + 2 < raw.n ? hex_value(raw.p[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        d[k++] = c;
    }
    d[k] = '\0';
    *out = (struct str){d, k};
    return 0;
}

/* Undoes the only escapes browsers write inside a quoted multipart
 * parameter: %22, %0D and %0A (hex in either case). Any other '%' is an
 * ordinary character: a file called "100%.txt" arrives as is. */
static struct str decode_param_escapes(struct arena *a, struct str s)
{
    if (s.n == 0 || !memchr(s.p, '%', s.n))
        return s;
    char *d = arena_alloc(a, s.n + 1);
    size_t k = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '%' && i + 2 < s.n) {
            char hi = s.p[i + 1], lo = ascii_lower(s.p[i + 2]);
            char c = hi == '2' && lo == '2' ? '"' : hi == '0' && lo == 'd' ? '\r' : hi == '0' && lo == 'a' ? '\n' : 0;
            if (c) {
                d[k++] = c;
                i += 2;
                continue;
            }
        }
        d[k++] = s.p[i];
    }
    d[k] = '\0';
    return (struct str){d, k};
}

/* An RFC 8187 ext-value, charset'language'percent-encoded bytes, as in
 * filename*=UTF-8''%C4%91%C6%A1n.pdf. Only UTF-8 is taken (the RFC
 * requires no other). Returns 0 or 400. */
static int decode_ext_value(struct arena *a, struct str v, size_t max, struct str *out)
{
    const char *q1 = v.n ? memchr(v.p, '\'', v.n) : NULL;
    if (!q1 || !ascii_ieq((struct str){v.p, (size_t)(q1 - v.p)}, "utf-8"))
        return 400;
    struct str rest = str_skip(v, (size_t)(q1 - v.p) + 1);
    const char *q2 = rest.n ? memchr(rest.p, '\'', rest.n) : NULL;
    if (!q2)
        return 400;
    rest = str_skip(rest, (size_t)(q2 - rest.p) + 1);
    return decode_percent(a, rest, false, max, out) == 0 ? 0 : 400;
}

/* --- checking and keeping what was decoded -------------------------------------- */

/* `s` in NFC: `s` itself when it is ASCII, else a copy in the arena.
 * `s` must be valid UTF-8. */
static struct str to_nfc(struct form_builder *fb, struct str s)
{
    if (is_ascii(s))
        return s;
    buf_reset(&fb->nfc);
    int rc = vi_nfc(&fb->nfc, s);
    assert(rc == 0); /* callers checked utf8_valid */
    (void)rc;
    return arena_strdup(fb->a, fb->nfc.p, fb->nfc.n);
}

/* A decoded field name: strict UTF-8, no control character at all, at
 * most max_name bytes as sent and in NFC. May be empty (the caller drops
 * the field). Returns 0 or 400. */
static int check_name(struct form_builder *fb, struct str raw, struct str *out)
{
    if (raw.n > fb->lim->max_name)
        return 400;
    if (!utf8_valid(raw) || has_c0_or_del(raw) || utf8_has_control(raw))
        return 400;
    *out = to_nfc(fb, raw);
    return out->n > fb->lim->max_name ? 400 : 0;
}

/* raw without its control characters: a vertical tab, a form feed and
 * NEL (U+0085), which text pasted from a word processor carries for line
 * breaks, become LF; the others (C0 but TAB, CR and LF; DEL; C1) go. A
 * person cannot see them, and refusing the whole form for one lost what
 * they had typed. */
static struct str without_controls(struct form_builder *fb, struct str raw)
{
    char *d = arena_alloc(fb->a, raw.n + 1);
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)raw.p;
    for (size_t i = 0; i < raw.n; i++) {
        unsigned char b = p[i];
        if (b == 0x0B || b == 0x0C) {
            d[k++] = '\n';
        } else if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
            continue;
        } else if (b == 0xC2 && i + 1 < raw.n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) {
            if (p[i + 1] == 0x85)
                d[k++] = '\n';
            i++;
        } else {
            d[k++] = (char)b;
        }
    }
    d[k] = '\0';
    return (struct str){d, k};
}

/* A decoded text value: strict UTF-8; no control character but TAB, CR
 * and LF (the others are taken out: without_controls), no noncharacter
 * (utf8_strip_noncharacters); CRLF and lone CR
 * become LF; NFC. At most max_value bytes as sent and as kept. Returns 0,
 * 400 or 413. */
static int check_value(struct form_builder *fb, struct str raw, struct str *out)
{
    if (raw.n > fb->lim->max_value)
        return refuse_value(fb);
    if (!utf8_valid(raw))
        return 400;
    struct str v = utf8_has_control(raw) ? without_controls(fb, raw) : raw;
    v = utf8_strip_noncharacters(fb->a, v);
    if (v.n && memchr(v.p, '\r', v.n)) {
        char *d = arena_alloc(fb->a, v.n + 1);
        size_t k = 0;
        for (size_t i = 0; i < v.n; i++) {
            if (v.p[i] == '\r') {
                d[k++] = '\n';
                if (i + 1 < v.n && v.p[i + 1] == '\n')
                    i++;
            } else {
                d[k++] = v.p[i];
            }
        }
        d[k] = '\0';
        v = (struct str){d, k};
    }
    *out = to_nfc(fb, v);
    return out->n > fb->lim->max_value ? refuse_value(fb) : 0;
}

/* The length of the strict UTF-8 sequence that starts s.p[i], or 0 when
 * the bytes there are not one (a stray continuation byte, a bad lead, a
 * sequence cut short, overlong, a surrogate or above U+10FFFF). */
static size_t utf8_sequence_at(struct str s, size_t i)
{
    unsigned char c = (unsigned char)s.p[i];
    size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n == 0 || n > s.n - i)
        return 0;
    return n == 1 || utf8_valid((struct str){s.p + i, n}) ? n : 0;
}

/* A file name as the user's system wrote it, made fit to keep: TAB, CR and
 * LF become a space, other controls (C0, DEL, C1) are dropped, and each run
 * of bytes that are not UTF-8 (a name from an old system in its own code
 * page) becomes one U+FFFD. The file is still worth taking: its name is
 * only a label, and the modules build their own names from it. `raw` itself
 * when there is nothing to clean; at most three times its length. */
static struct str clean_filename(struct arena *a, struct str raw)
{
    if (utf8_valid(raw) && !has_c0_or_del(raw) && !utf8_has_control(raw))
        return raw;
    char *d = arena_alloc(a, 3 * raw.n + 1);
    size_t k = 0;
    bool in_invalid = false;
    for (size_t i = 0; i < raw.n;) {
        size_t n = utf8_sequence_at(raw, i);
        if (n == 0) {
            if (!in_invalid) {
                memcpy(d + k, "\xef\xbf\xbd", 3);
                k += 3;
            }
            in_invalid = true;
            i++;
            continue;
        }
        in_invalid = false;
        unsigned char c = (unsigned char)raw.p[i];
        if (c == '\t' || c == '\r' || c == '\n')
            d[k++] = ' ';
        else if (c < 0x20 || c == 0x7f || (c == 0xc2 && (unsigned char)raw.p[i + 1] < 0xa0))
            ; /* C0, DEL and C1 (U+0080-U+009F, encoded C2 80 to C2 9F): dropped */
        else {
            memcpy(d + k, raw.p + i, n);
            k += n;
        }
        i += n;
    }
    d[k] = '\0';
    return (struct str){d, k};
}

/* A file name as sent (already decoded): cleaned of controls and bytes
 * that are not UTF-8 (clean_filename), then reduced to what follows its
 * last '/' or '\' (old Internet Explorer sends the whole path,
 * "C:\Users\an\don.pdf"). "." and ".." are refused: they are not file
 * names. Returns 0 or 400. */
static int check_filename(struct form_builder *fb, struct str raw, struct str *out)
{
    raw = clean_filename(fb->a, raw);
    assert(utf8_valid(raw) && !has_c0_or_del(raw) && !utf8_has_control(raw));
    /* NFC before the cut, so that the cut sees the final characters. */
    struct str s = to_nfc(fb, raw);
    for (size_t i = s.n; i > 0; i--) {
        if (s.p[i - 1] == '/' || s.p[i - 1] == '\\') {
            s = str_skip(s, i);
            break;
        }
    }
    /* Characters that turn the name around on screen ("hoadon\u202Efdp.exe"
     * showing as "hoadonexe.pdf") or show as nothing go; so do the dots
     * and spaces at its end, which Windows drops ("bao-cao.pdf. ") and
     * which would hide the extension a module adds. */
    s = utf8_strip_invisible(fb->a, s);
    if (str_eq_lit(s, ".") || str_eq_lit(s, ".."))
        return 400;
    /* (a name of dots and spaces alone ends empty: the module names the
     * file itself, as for a name of invisible characters) */
    while (s.n) {
        size_t last = s.n - 1; /* the lead byte of the last character */
        while (last > 0 && ((unsigned char)s.p[last] & 0xC0) == 0x80)
            last--;
        if (s.p[last] != '.' && utf8_space_at(s, last) != s.n - last)
            break;
        s.n = last;
    }
    /* A long name (Windows allows 255 characters, up to 765 bytes of
     * Vietnamese) is shortened, not refused. */
    if (s.n > fb->lim->max_name && !(s = http_filename_fit(fb->a, s, fb->lim->max_name)).p)
        return 400;
    *out = s;
    return 0;
}

struct str http_filename_fit(struct arena *a, struct str name, size_t max)
{
    if (name.n <= max)
        return name;
    const char *dot = NULL;
    for (size_t i = name.n; i > 0 && name.n - i < 16 && !dot; i--)
        if (name.p[i - 1] == '.')
            dot = name.p + i - 1;
    size_t ext = dot ? (size_t)(name.p + name.n - dot) : 0;
    if (ext >= max)
        return STR_NULL;
    size_t stem = utf8_truncate((struct str){name.p, name.n - ext}, max - ext);
    char *cut = arena_alloc(a, stem + ext + 1);
    memcpy(cut, name.p, stem);
    memcpy(cut + stem, name.p + name.n - ext, ext);
    cut[stem + ext] = '\0';
    return (struct str){cut, stem + ext};
}

/* The media type of a file part: "type/subtype" of token characters,
 * lower-cased, parameters dropped; application/octet-stream when the
 * header is absent or empty. Returns 0 or 400. */
static int file_media_type(struct arena *a, bool present, struct str v, struct str *out)
{
    const char *semi = v.n ? memchr(v.p, ';', v.n) : NULL;
    struct str type = trim_ows(semi ? (struct str){v.p, (size_t)(semi - v.p)} : v);
    if (!present || type.n == 0) {
        *out = STR("application/octet-stream");
        return 0;
    }
    const char *slash = memchr(type.p, '/', type.n);
    if (!slash || slash == type.p || slash == type.p + type.n - 1)
        return 400;
    bool upper = false;
    for (size_t i = 0; i < type.n; i++) {
        if (type.p + i != slash && !is_tchar(type.p[i]))
            return 400;
        upper |= type.p[i] >= 'A' && type.p[i] <= 'Z';
    }
    if (upper) {
        char *d = arena_alloc(a, type.n + 1);
        for (size_t i = 0; i < type.n; i++)
            d[i] = ascii_lower(type.p[i]);
        d[type.n] = '\0';
        type = (struct str){d, type.n};
    }
    *out = type;
    return 0;
}

/* Makes room for one more element in an array of `n` that has room for
 * *cap, doubling it in the arena (at most to `limit`, which the caller
 * has checked is above n). The old copy stays in the arena: at most as
 * much again as the final array. */
static void *grow(struct arena *a, void *old, size_t n, size_t *cap, size_t limit, size_t size)
{
    if (n < *cap)
        return old;
    size_t want = *cap ? *cap * 2 : 8;
    if (want > limit)
        want = limit;
    assert(want > n && want <= SIZE_MAX / size);
    void *p = arena_alloc(a, want * size);
    if (n)
        memcpy(p, old, n * size);
    *cap = want;
    return p;
}

static void add_field(struct form_builder *fb, struct str name, struct str value)
{
    struct http_form *f = fb->out;
    assert(f->n_fields < fb->lim->max_fields);
    f->fields = grow(fb->a, f->fields, f->n_fields, &fb->fields_cap, fb->lim->max_fields, sizeof *f->fields);
    f->fields[f->n_fields++] = (struct http_form_field){name, value};
}

static void add_file(struct form_builder *fb, const struct http_form_file *file)
{
    struct http_form *f = fb->out;
    assert(f->n_files < fb->lim->max_files);
    f->files = grow(fb->a, f->files, f->n_files, &fb->files_cap, fb->lim->max_files, sizeof *f->files);
    f->files[f->n_files++] = *file;
}

static void builder_start(struct form_builder *fb, struct arena *a, const struct http_form_limits *lim,
                          struct http_form *out)
{
    assert(a && lim && out);
    *out = (struct http_form){0};
    *fb = (struct form_builder){.a = a, .lim = lim, .out = out, .nfc = BUF_INIT};
}

/* Frees the scratch buffer and empties the form after an error. Returns rc. */
static int builder_finish(struct form_builder *fb, int rc)
{
    buf_free(&fb->nfc);
    if (rc != 0)
        *fb->out = (struct http_form){.refused = fb->refused};
    return rc;
}

/* --- application/x-www-form-urlencoded ------------------------------------------ */

static int parse_urlencoded(struct form_builder *fb, struct str body)
{
    size_t i = 0;
    while (i < body.n) {
        const char *amp = memchr(body.p + i, '&', body.n - i);
        size_t j = amp ? (size_t)(amp - body.p) : body.n;
        struct str pair = {body.p + i, j - i};
        i = j + 1;
        if (pair.n == 0)
            continue;
        const char *eq = memchr(pair.p, '=', pair.n);
        struct str raw_name = {pair.p, eq ? (size_t)(eq - pair.p) : pair.n};
        struct str raw_value = eq ? (struct str){eq + 1, pair.n - raw_name.n - 1} : STR("");
        struct str name, value;
        if (decode_percent(fb->a, raw_name, true, fb->lim->max_name, &name) != 0)
            return 400; /* broken escape, or too long for a name */
        int rc = check_name(fb, name, &name);
        if (rc != 0)
            return rc;
        if (name.n > 0 && fb->out->n_fields >= fb->lim->max_fields)
            return refuse_fields(fb);
        rc = decode_percent(fb->a, raw_value, true, fb->lim->max_value, &value);
        if (rc != 0)
            return rc == DECODE_TOO_LONG ? refuse_value(fb) : 400;
        if ((rc = check_value(fb, value, &value)) != 0)
            return rc;
        if (name.n > 0)
            add_field(fb, name, value);
    }
    return 0;
}

/* --- multipart/form-data ---------------------------------------------------------- */

/*
 * Reads the next "; name=value" of a header value from *rest. Returns 1
 * with *name and *value set, 0 at the end (a trailing ';' is allowed), -1
 * if malformed. A value is a quoted string, which ends at the next '"'
 * (browsers escape '"' as %22, never with a backslash; see form.h), or the
 * bytes up to ';' or white space.
 */
static int next_param(struct str *rest, struct str *name, struct str *value)
{
    struct str s = *rest;
    size_t i = 0;
    while (i < s.n && is_ows(s.p[i]))
        i++;
    if (i < s.n && s.p[i] == ';') {
        i++;
        while (i < s.n && is_ows(s.p[i]))
            i++;
    } else if (i < s.n) {
        return -1;
    }
    if (i == s.n) {
        *rest = str_skip(s, i);
        return 0;
    }
    size_t start = i;
    while (i < s.n && is_tchar(s.p[i]))
        i++;
    *name = (struct str){s.p + start, i - start};
    while (i < s.n && is_ows(s.p[i]))
        i++;
    if (name->n == 0 || i == s.n || s.p[i] != '=')
        return -1;
    i++;
    while (i < s.n && is_ows(s.p[i]))
        i++;
    if (i < s.n && s.p[i] == '"') {
        const char *q = memchr(s.p + i + 1, '"', s.n - i - 1);
        if (!q)
            return -1;
        *value = (struct str){s.p + i + 1, (size_t)(q - (s.p + i + 1))};
        i = (size_t)(q - s.p) + 1;
    } else {
        start = i;
        while (i < s.n && s.p[i] != ';' && s.p[i] != '"' && !is_ows(s.p[i]))
            i++;
        *value = (struct str){s.p + start, i - start};
    }
    *rest = str_skip(s, i);
    return 1;
}

/* Splits a header value into what precedes its first ';' (trimmed) and
 * the parameters. */
static struct str split_params(struct str v, struct str *params)
{
    if (v.n == 0) {
        *params = v;
        return v;
    }
    const char *semi = memchr(v.p, ';', v.n);
    size_t n = semi ? (size_t)(semi - v.p) : v.n;
    *params = str_skip(v, n);
    return trim_ows((struct str){v.p, n});
}

/* RFC 2046 bchars: 1 to 70 of DIGIT ALPHA '()+_,-./:=? and space, not
 * ending with a space. None of them is CR, which find_delimiter relies on. */
static bool valid_boundary(struct str b)
{
    if (b.n == 0 || b.n > BOUNDARY_MAX || b.p[b.n - 1] == ' ')
        return false;
    for (size_t i = 0; i < b.n; i++) {
        char c = b.p[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
        if (!ok)
            return false;
    }
    return true;
}

int http_form_boundary(struct str content_type, struct str *boundary)
{
    struct str params, name, value;
    bool found = false;
    (void)split_params(content_type, &params);
    int rc;
    while ((rc = next_param(&params, &name, &value)) == 1) {
        if (!ascii_ieq(name, "boundary"))
            continue;
        if (found)
            return 400;
        found = true;
        *boundary = value;
    }
    if (rc < 0 || !found || !valid_boundary(*boundary))
        return 400;
    return 0;
}

/*
 * The offset of the first `delim` in s at or after `from`, or s.n if there
 * is none. delim is CRLF "--" boundary: it starts with CR and holds no
 * other CR. So when a comparison started at a CR fails at byte k, the
 * bytes before k matched delim[1..k-1] and none of them is a CR, so none
 * can start a match: the search resumes at the failing byte. Every byte is
 * read at most twice (by memchr and by a comparison), whatever the input:
 * a body of "\r\n-\r\n-..." or of boundaries that miss by their last byte
 * costs no more than any other.
 */
static size_t find_delimiter(struct str s, size_t from, struct str delim)
{
    assert(delim.n >= 2 && delim.p[0] == '\r' && !memchr(delim.p + 1, '\r', delim.n - 1));
    size_t i = from;
    while (i < s.n) {
        const char *cr = memchr(s.p + i, '\r', s.n - i);
        if (!cr)
            return s.n;
        i = (size_t)(cr - s.p);
        size_t k = 1;
        while (k < delim.n && i + k < s.n && s.p[i + k] == delim.p[k])
            k++;
        if (k == delim.n)
            return i;
        if (i + k >= s.n)
            return s.n; /* a partial match cut by the end */
        i += k;
    }
    return s.n;
}

/* The headers of one part that matter here. */
struct part_head {
    struct str disposition, content_type;
    bool has_disposition, has_content_type;
};

/*
 * Reads the header lines of a part from *pos to the blank line that ends
 * them, both within max_part_head bytes; on success *pos is the first byte
 * of the part's content. Lines end in CRLF; a bare CR or LF, a NUL, a line
 * without ':' or a header name that is not a token (obsolete line folding
 * included) is 400, as are Content-Disposition or Content-Type given
 * twice. Other headers are ignored.
 */
static int read_part_head(struct str body, size_t *pos, size_t max_part_head, struct part_head *h)
{
    *h = (struct part_head){0};
    size_t i = *pos;
    size_t end = body.n - i > max_part_head ? i + max_part_head : body.n;
    for (;;) {
        const char *lf = i < end ? memchr(body.p + i, '\n', end - i) : NULL;
        if (!lf)
            return 400; /* headers too long, or the body ends inside them */
        size_t j = (size_t)(lf - body.p);
        if (j == i || body.p[j - 1] != '\r')
            return 400;
        struct str line = {body.p + i, j - 1 - i};
        i = j + 1;
        if (line.n == 0)
            break;
        if (memchr(line.p, '\r', line.n) || memchr(line.p, '\0', line.n))
            return 400;
        const char *colon = memchr(line.p, ':', line.n);
        if (!colon || colon == line.p)
            return 400;
        struct str name = {line.p, (size_t)(colon - line.p)};
        for (size_t k = 0; k < name.n; k++)
            if (!is_tchar(name.p[k]))
                return 400;
        struct str value = trim_ows(str_skip(line, name.n + 1));
        if (ascii_ieq(name, "content-disposition")) {
            if (h->has_disposition)
                return 400;
            h->has_disposition = true;
            h->disposition = value;
        } else if (ascii_ieq(name, "content-type")) {
            if (h->has_content_type)
                return 400;
            h->has_content_type = true;
            h->content_type = value;
        }
    }
    *pos = i;
    return 0;
}

/* The parameters of Content-Disposition that matter here, as sent. */
struct disposition {
    struct str name, filename, filename_ext;
    bool has_name, has_filename, has_filename_ext;
};

/* Content-Disposition: form-data with a name (RFC 7578 §4.2); other
 * parameters are ignored, these three may not repeat. Returns 0 or 400. */
static int parse_disposition(struct str v, struct disposition *d)
{
    *d = (struct disposition){0};
    struct str params, name, value;
    if (!ascii_ieq(split_params(v, &params), "form-data"))
        return 400;
    int rc;
    while ((rc = next_param(&params, &name, &value)) == 1) {
        struct str *slot = NULL;
        bool *seen = NULL;
        if (ascii_ieq(name, "name"))
            slot = &d->name, seen = &d->has_name;
        else if (ascii_ieq(name, "filename"))
            slot = &d->filename, seen = &d->has_filename;
        else if (ascii_ieq(name, "filename*"))
            slot = &d->filename_ext, seen = &d->has_filename_ext;
        else
            continue;
        if (*seen)
            return 400;
        *seen = true;
        *slot = value;
    }
    return rc < 0 || !d->has_name ? 400 : 0;
}

/* The content of a file part, from *pos (just after its headers) to the
 * next delimiter; on success *pos is just after that delimiter. */
static int take_file(struct form_builder *fb, struct str body, struct str delim, const struct part_head *h,
                     const struct disposition *d, struct str name, size_t *pos)
{
    const struct http_form_limits *lim = fb->lim;
    struct http_form_file file = {.field = name};
    struct str raw;
    int rc;
    if (d->has_filename_ext) {
        if (decode_ext_value(fb->a, d->filename_ext, lim->max_part_head, &raw) != 0)
            return 400;
    } else {
        raw = decode_param_escapes(fb->a, d->filename);
    }
    if ((rc = check_filename(fb, raw, &file.filename)) != 0)
        return rc;
    if ((rc = file_media_type(fb->a, h->has_content_type, h->content_type, &file.content_type)) != 0)
        return rc;
    /* Count before reading the bytes, unless this may be an empty file
     * input, which is known only at the end of its (empty) content. */
    bool kept = name.n > 0;
    if (kept && file.filename.n > 0 && fb->out->n_files >= lim->max_files)
        return refuse_files(fb);
    size_t start = *pos;
    size_t end = find_delimiter(body, start, delim);
    if (end == body.n)
        return 400;
    file.data = (struct str){body.p + start, end - start};
    *pos = end + delim.n;
    if (!kept || (file.filename.n == 0 && file.data.n == 0))
        return 0; /* no name, or no file chosen */
    if (fb->out->n_files >= lim->max_files)
        return refuse_files(fb);
    add_file(fb, &file);
    return 0;
}

/* The value of a text part, like take_file. */
static int take_text(struct form_builder *fb, struct str body, struct str delim, struct str name, size_t *pos)
{
    const struct http_form_limits *lim = fb->lim;
    if (name.n > 0 && fb->out->n_fields >= lim->max_fields)
        return refuse_fields(fb);
    /* Look for the end only as far as a value may reach: a value of
     * max_value bytes has its delimiter inside the window. */
    size_t start = *pos;
    size_t remaining = body.n - start;
    size_t window_end = body.n;
    if (lim->max_value < remaining && remaining - lim->max_value > delim.n)
        window_end = start + lim->max_value + delim.n;
    size_t end = find_delimiter((struct str){body.p, window_end}, start, delim);
    if (end == window_end)
        return window_end < body.n ? refuse_value(fb) : 400;
    struct str value;
    int rc = check_value(fb, (struct str){body.p + start, end - start}, &value);
    if (rc != 0)
        return rc;
    *pos = end + delim.n;
    if (name.n > 0)
        add_field(fb, name, value);
    return 0;
}

/* Reads the part whose headers start at *pos and keeps it as a field or a
 * file; on success *pos is just after the delimiter that ends it. */
static int parse_part(struct form_builder *fb, struct str body, struct str delim, size_t *pos)
{
    struct part_head h;
    struct disposition d;
    int rc = read_part_head(body, pos, fb->lim->max_part_head, &h);
    if (rc != 0)
        return rc;
    if (!h.has_disposition || parse_disposition(h.disposition, &d) != 0)
        return 400;
    struct str name;
    if ((rc = check_name(fb, decode_param_escapes(fb->a, d.name), &name)) != 0)
        return rc;
    if (d.has_filename || d.has_filename_ext)
        return take_file(fb, body, delim, &h, &d, name, pos);
    return take_text(fb, body, delim, name, pos);
}

/*
 * The body, RFC 2046 §5.1.1: a preamble, then "--boundary" at the start of
 * the body or after CRLF; after each boundary either "--" (the end; the
 * epilogue is ignored) or optional spaces and tabs, CRLF and a part.
 */
static int parse_multipart(struct form_builder *fb, struct str boundary, struct str body)
{
    if (!valid_boundary(boundary))
        return 400;
    char delim_bytes[4 + BOUNDARY_MAX];
    memcpy(delim_bytes, "\r\n--", 4);
    memcpy(delim_bytes + 4, boundary.p, boundary.n);
    struct str delim = {delim_bytes, 4 + boundary.n};

    size_t pos;
    if (body.n >= delim.n - 2 && memcmp(body.p, delim.p + 2, delim.n - 2) == 0) {
        pos = delim.n - 2;
    } else {
        size_t at = find_delimiter(body, 0, delim);
        if (at == body.n)
            return 400;
        pos = at + delim.n;
    }
    for (;;) {
        if (body.n - pos >= 2 && body.p[pos] == '-' && body.p[pos + 1] == '-')
            return 0;
        while (pos < body.n && is_ows(body.p[pos]))
            pos++;
        if (body.n - pos < 2 || body.p[pos] != '\r' || body.p[pos + 1] != '\n')
            return 400; /* cut short, or the boundary inside a line */
        pos += 2;
        int rc = parse_part(fb, body, delim, &pos);
        if (rc != 0)
            return rc;
    }
}

/* --- the interface --------------------------------------------------------------- */

int http_form_parse_urlencoded(struct arena *a, struct str body, const struct http_form_limits *lim,
                               struct http_form *out)
{
    struct form_builder fb;
    builder_start(&fb, a, lim, out);
    return builder_finish(&fb, parse_urlencoded(&fb, body));
}

int http_form_parse_multipart(struct arena *a, struct str boundary, struct str body, const struct http_form_limits *lim,
                              struct http_form *out)
{
    struct form_builder fb;
    builder_start(&fb, a, lim, out);
    return builder_finish(&fb, parse_multipart(&fb, boundary, body));
}

int http_form_parse(struct arena *a, struct str content_type, struct str body, const struct http_form_limits *lim,
                    struct http_form *out)
{
    *out = (struct http_form){0};
    struct str params;
    struct str type = split_params(content_type, &params);
    if (ascii_ieq(type, "application/x-www-form-urlencoded"))
        return http_form_parse_urlencoded(a, body, lim, out);
    if (!ascii_ieq(type, "multipart/form-data"))
        return 415;
    if (body.n == 0)
        return 0;
    struct str boundary;
    if (http_form_boundary(content_type, &boundary) != 0)
        return 400;
    return http_form_parse_multipart(a, boundary, body, lim, out);
}

struct str http_form_value(const struct http_form *f, const char *name)
{
    struct str want = str_cstr(name);
    for (size_t i = 0; i < f->n_fields; i++)
        if (str_eq(f->fields[i].name, want))
            return f->fields[i].value;
    return STR_NULL;
}
