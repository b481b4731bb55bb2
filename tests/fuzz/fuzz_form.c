/*
 * fuzz_form.c - libFuzzer target for the form-body parser (src/http/form.c).
 *
 * The first byte chooses what the rest is: a urlencoded body; a multipart
 * body with a fixed boundary (so that the fuzzer reaches the parts
 * quickly); a boundary of up to 70 bytes (length byte, then the bytes)
 * and a multipart body; or a Content-Type line ended by '\n' and a body
 * for http_form_parse. The limits are small so that they are hit. Whatever
 * the bytes, a parser returns 0 or a status, leaves an empty form after an
 * error, and what it accepts keeps the promises of form.h: counts within
 * the limits, names and values that are valid UTF-8 in NFC with no
 * forbidden control character, base file names, file data inside the body.
 *
 *   make fuzz    (builds build/fuzz/fuzz_form with clang's libFuzzer)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/form.h"
#include "text/utf8.h"
#include "text/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

static const struct http_form_limits limits = {
    .max_fields = 4, .max_files = 3, .max_value = 48, .max_name = 12, .max_part_head = 160};

/* Valid UTF-8, already in NFC. */
static bool is_nfc_text(struct str s)
{
    if (!utf8_valid(s))
        return false;
    struct buf b = BUF_INIT;
    bool same = vi_nfc(&b, s) == 0 && str_eq(buf_str(&b), s);
    buf_free(&b);
    return same;
}

static bool has_c0_or_del(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
            return true;
    return false;
}

static void check_name(struct str name)
{
    require(name.p != NULL && name.n > 0 && name.n <= limits.max_name);
    require(is_nfc_text(name) && !has_c0_or_del(name) && !utf8_has_control(name));
}

static void check_form(const struct http_form *f, struct str body)
{
    require(f->n_fields <= limits.max_fields && f->n_files <= limits.max_files);
    require((f->n_fields == 0) == (f->fields == NULL) && (f->n_files == 0) == (f->files == NULL));
    for (size_t i = 0; i < f->n_fields; i++) {
        struct str v = f->fields[i].value;
        check_name(f->fields[i].name);
        require(v.p != NULL && v.n <= limits.max_value && is_nfc_text(v));
        require(!memchr(v.p, '\0', v.n) && !memchr(v.p, '\r', v.n) && !utf8_has_control(v));
    }
    for (size_t i = 0; i < f->n_files; i++) {
        const struct http_form_file *file = &f->files[i];
        check_name(file->field);
        struct str fn = file->filename;
        require(fn.p != NULL && fn.n <= limits.max_name && is_nfc_text(fn));
        require(!has_c0_or_del(fn) && !utf8_has_control(fn));
        require(!memchr(fn.p, '/', fn.n) && !memchr(fn.p, '\\', fn.n));
        require(!str_eq_lit(fn, ".") && !str_eq_lit(fn, ".."));
        require(fn.n > 0 || file->data.n > 0); /* empty file inputs are dropped */
        struct str ct = file->content_type;
        require(ct.n >= 3 && memchr(ct.p, '/', ct.n));
        for (size_t k = 0; k < ct.n; k++)
            require(!(ct.p[k] >= 'A' && ct.p[k] <= 'Z') && ct.p[k] != ';' && ct.p[k] != ' ');
        require(file->data.p >= body.p && file->data.p + file->data.n <= body.p + body.n);
    }
    /* http_form_value finds the first occurrence */
    if (f->n_fields > 0) {
        char name[32];
        memcpy(name, f->fields[0].name.p, f->fields[0].name.n);
        name[f->fields[0].name.n] = '\0';
        require(http_form_value(f, name).p == f->fields[0].value.p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct arena a;
    arena_init(&a, 4096);
    struct http_form f;
    struct str in = {(const char *)data + 1, size - 1};
    struct str body = in;
    int rc;
    switch (data[0] % 4) {
    case 0:
        rc = http_form_parse_urlencoded(&a, body, &limits, &f);
        require(rc == 0 || rc == 400 || rc == 413);
        require(rc != 0 || f.n_files == 0);
        break;
    case 1:
        rc = http_form_parse_multipart(&a, STR("xYz"), body, &limits, &f);
        require(rc == 0 || rc == 400 || rc == 413);
        break;
    case 2: {
        size_t n = in.n ? (unsigned char)in.p[0] % 71 : 0;
        if (in.n < 1 + n) {
            arena_free(&a);
            return 0;
        }
        struct str boundary = {in.p + 1, n};
        body = str_skip(in, 1 + n);
        rc = http_form_parse_multipart(&a, boundary, body, &limits, &f);
        require(rc == 0 || rc == 400 || rc == 413);
        break;
    }
    default: {
        const char *nl = memchr(in.p, '\n', in.n < 256 ? in.n : 256);
        size_t n = nl ? (size_t)(nl - in.p) : 0;
        struct str content_type = {in.p, n};
        body = str_skip(in, nl ? n + 1 : 0);
        rc = http_form_parse(&a, content_type, body, &limits, &f);
        require(rc == 0 || rc == 400 || rc == 413 || rc == 415);
        struct str boundary;
        if (http_form_boundary(content_type, &boundary) == 0)
            require(boundary.n >= 1 && boundary.n <= 70 && !memchr(boundary.p, '\r', boundary.n));
        break;
    }
    }
    if (rc == 0)
        check_form(&f, body);
    else
        require(f.n_fields == 0 && f.n_files == 0 && f.fields == NULL && f.files == NULL);
    arena_free(&a);
    return 0;
}
