/*
 * xlsx.c - the bounded workbook reader; see xlsx.h.
 *
 * The order of work: open the zip from memory (libzip checks the central
 * directory's consistency), count its entries, then read the parts in the
 * order their meaning needs them: the workbook (sheet names and r:ids), its
 * relationships (r:id -> part), the styles (which cell styles are dates or percentages),
 * the shared strings, then each sheet. Each part is checked against the
 * limits from the zip directory before it is opened, then inflated by
 * libzip only as fast as libxml2's xmlTextReader asks for bytes (never
 * held whole), and its inflated bytes are counted against what the
 * directory said. Growing arrays live in malloc'd vectors until a sheet is
 * finished, then are copied once into the caller's arena.
 */
#include "xlsx/xlsx.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MIB (1024u * 1024u)
#define TEXT_MAX 32767 /* Excel's own limit on a cell's text */
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

void xlsx_limits_default(struct xlsx_limits *lim)
{
    *lim = (struct xlsx_limits){
        .max_file = 20 * MIB,
        .max_entries = 10000,
        .max_part = 100 * MIB,
        .max_total = 400 * MIB,
        .max_ratio = 200,
        .max_sheets = 5000,
        .max_rows = 100000,
        .max_cols = 1000,
        .max_cells = 2000000,
        .max_strings = 1000000,
        .max_strings_bytes = 64 * MIB,
    };
}

/* --- the reading state ----------------------------------------------------------------------------- */

struct rel {
    char *id, *target, *type;
};

struct reader {
    struct arena *a;
    const struct xlsx_limits *lim;
    zip_t *zip;
    char *err;
    size_t errlen;
    size_t total;     /* uncompressed bytes read so far */
    size_t cells;     /* <c> and merged ranges counted so far */
    struct str *strings;
    size_t n_strings;
    unsigned char *style_kind; /* [n_styles]: STYLE_DATE or STYLE_PERCENT, by cellXfs entry; 0 for others */
    size_t n_styles;
    struct rel *rels;
    size_t n_rels;
};

static int refuse(struct reader *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(struct reader *x, const char *fmt, ...)
{
    if (x->errlen && x->err[0])
        return -1; /* the first reason wins */
    va_list ap;
    va_start(ap, fmt);
    if (x->errlen)
        vsnprintf(x->err, x->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char DAMAGED[] = "Tệp bị hỏng hoặc không đầy đủ (có thể tải lên bị cắt giữa chừng): %s. Hãy mở lại tệp "
                              "trong Excel, lưu dưới dạng .xlsx rồi tải lên lại.";

/* A growable array in malloc'd memory. */
struct vec {
    void *p;
    size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *p = realloc(v->p, cap * v->size);
        if (!p)
            abort(); /* as the arena does: bounded by the limits, so only a broken machine */
        v->p = p;
        v->cap = cap;
    }
    return (char *)v->p + v->n++ * v->size;
}

static void *vec_to_arena(struct arena *a, struct vec *v)
{
    void *out = NULL;
    if (v->n) {
        out = arena_alloc(a, v->n * v->size);
        memcpy(out, v->p, v->n * v->size);
    }
    free(v->p);
    v->p = NULL;
    v->cap = 0;
    return out;
}

/* --- zip --------------------------------------------------------------------------------------------- */

/* One part being read: inflated by libzip as the XML reader asks for
 * bytes, never held whole. */
struct part {
    struct reader *x;
    const char *name;
    zip_file_t *file;
    uint64_t declared, got; /* uncompressed size from the zip directory; bytes inflated so far */
    xmlTextReaderPtr xml;
};

/* libxml2's input callback: the next bytes of the part. A part that
 * inflates to more than its directory says is refused, not trusted. */
static int part_io_read(void *context, char *buf, int len)
{
    struct part *p = context;
    if (len <= 0)
        return 0;
    zip_int64_t k = zip_fread(p->file, buf, (zip_uint64_t)len);
    if (k < 0)
        return refuse(p->x, DAMAGED, "dữ liệu nén sai hoặc thiếu");
    p->got += (uint64_t)k;
    p->x->total += (size_t)k;
    if (p->got > p->declared)
        return refuse(p->x, "Tệp bị từ chối: phần “%s” giải nén ra nhiều hơn mục lục của tệp ghi.", p->name);
    if (k == 0 && p->got != p->declared)
        return refuse(p->x, DAMAGED, "một phần của tệp nén ngắn hơn mục lục ghi");
    return (int)k;
}

static int part_io_close(void *context)
{
    (void)context;
    return 0; /* part_close closes the zip file */
}

static void xml_quiet(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator);

/* Opens the part `name` for streaming, checking it against the limits from
 * the zip directory first (its size, its compression ratio, what the whole
 * file has inflated so far). 1 with p->xml ready (close with part_close),
 * 0 when there is no such part, -1 (refused). */
static int part_open(struct reader *x, const char *name, struct part *p)
{
    *p = (struct part){.x = x, .name = name};
    zip_int64_t index = zip_name_locate(x->zip, name, 0);
    if (index < 0)
        return 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE))
        return refuse(x, DAMAGED, "không đọc được mục lục của tệp nén");
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return refuse(x, "Tệp được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi tải lên lại.");
    if (st.size > x->lim->max_part)
        return refuse(x, "Phần “%s” của tệp giải nén ra %llu MB, quá giới hạn %zu MB cho mỗi phần.", name,
                      (unsigned long long)(st.size / MIB), x->lim->max_part / MIB);
    if (st.size > MIB && st.size / (st.comp_size ? st.comp_size : 1) > x->lim->max_ratio)
        return refuse(x,
                      "Tệp bị từ chối vì là tệp nén bất thường (phần “%s” nén %llu lần, giới hạn %u lần): có thể là "
                      "“bom nén”.",
                      name, (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)), x->lim->max_ratio);
    if (x->total + st.size > x->lim->max_total)
        return refuse(x, "Tệp giải nén ra quá %zu MB.", x->lim->max_total / MIB);
    p->file = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
    if (!p->file)
        return refuse(x, DAMAGED, "không mở được một phần của tệp nén");
    p->declared = st.size;
    /* no network, no DTD loaded, no entities substituted; errors are ours to word */
    p->xml = xmlReaderForIO(part_io_read, part_io_close, p, name, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    if (!p->xml) {
        zip_fclose(p->file);
        p->file = NULL;
        return refuse(x, DAMAGED, name);
    }
    xmlTextReaderSetErrorHandler(p->xml, xml_quiet, NULL);
    return 1;
}

static void part_close(struct part *p)
{
    if (p->xml)
        xmlFreeTextReader(p->xml);
    if (p->file)
        zip_fclose(p->file);
    p->xml = NULL;
    p->file = NULL;
}

/* --- XML --------------------------------------------------------------------------------------------- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void)
{
    xmlInitParser();
}

static void xml_quiet(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator)
{
    (void)arg;
    (void)msg;
    (void)severity;
    (void)locator;
}

/* The next node; 1, 0 at the end, -1 (refused: malformed, or a DOCTYPE). */
static int xml_next(struct reader *x, xmlTextReaderPtr r, const char *part)
{
    int rc = xmlTextReaderRead(r);
    if (rc < 0)
        return refuse(x, DAMAGED, part);
    if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE)
        return refuse(x, "Tệp bị từ chối: phần “%s” có khai báo DOCTYPE, điều tệp Excel không có.", part);
    return rc;
}

static bool is_element(xmlTextReaderPtr r, const char *local)
{
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
        return false;
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && strcmp((const char *)n, local) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *local)
{
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_END_ELEMENT)
        return false;
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && strcmp((const char *)n, local) == 0;
}

/* An attribute's value as a malloc'd string (xmlFree), or NULL. */
static char *attr(xmlTextReaderPtr r, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* Appends the text inside the current element (which must not be empty)
 * up to its end tag to `out`, at most `max` bytes. 0, or -1. */
static int text_until_end(struct reader *x, xmlTextReaderPtr r, const char *part, const char *local, char **out,
                          size_t *n, size_t max, bool *too_long)
{
    int depth = xmlTextReaderDepth(r);
    int rc;
    while ((rc = xml_next(x, r, part)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth && is_end(r, local))
            return 0;
        if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            size_t k = v ? strlen(v) : 0;
            if (*n + k > max) {
                *too_long = true;
                continue;
            }
            char *p = realloc(*out, *n + k + 1);
            if (!p)
                abort();
            memcpy(p + *n, v, k);
            *n += k;
            p[*n] = '\0';
            *out = p;
        }
    }
    return rc < 0 ? -1 : refuse(x, DAMAGED, part);
}

/* --- relationships, workbook ------------------------------------------------------------------------- */

static void rels_free(struct reader *x)
{
    for (size_t i = 0; i < x->n_rels; i++) {
        xmlFree(x->rels[i].id);
        xmlFree(x->rels[i].target);
        xmlFree(x->rels[i].type);
    }
    free(x->rels);
    x->rels = NULL;
    x->n_rels = 0;
}

static int rels_read(struct reader *x)
{
    const char *part = "xl/_rels/workbook.xml.rels";
    struct part p;
    int rc = part_open(x, part, &p);
    if (rc <= 0)
        return rc < 0 ? -1 : refuse(x, DAMAGED, "thiếu phần xl/_rels/workbook.xml.rels");
    xmlTextReaderPtr r = p.xml;
    struct vec v = {.size = sizeof(struct rel)};
    rc = r ? 0 : refuse(x, DAMAGED, part);
    int k;
    while (rc == 0 && (k = xml_next(x, r, part)) == 1) {
        if (!is_element(r, "Relationship"))
            continue;
        if (v.n >= x->lim->max_entries) {
            rc = refuse(x, DAMAGED, "quá nhiều liên kết giữa các phần");
            break;
        }
        struct rel *e = vec_push(&v);
        e->id = attr(r, "Id");
        e->target = attr(r, "Target");
        e->type = attr(r, "Type");
    }
    if (rc == 0 && k < 0)
        rc = -1;
    x->rels = v.p;
    x->n_rels = v.n;
    part_close(&p);
    return rc;
}

/* The part a relationship points at ("xl/worksheets/sheet1.xml"), as a
 * malloc'd string; NULL when there is none or it leaves the archive. */
static char *rel_part(const struct rel *e)
{
    if (!e || !e->target || strstr(e->target, ".."))
        return NULL;
    const char *t = e->target;
    char *out;
    if (t[0] == '/') {
        out = strdup(t + 1);
    } else {
        out = malloc(strlen(t) + 4);
        if (out)
            sprintf(out, "xl/%s", t);
    }
    if (!out)
        abort();
    return out;
}

static const struct rel *rel_by_id(const struct reader *x, const char *id)
{
    for (size_t i = 0; id && i < x->n_rels; i++)
        if (x->rels[i].id && strcmp(x->rels[i].id, id) == 0)
            return &x->rels[i];
    return NULL;
}

static const struct rel *rel_by_type(const struct reader *x, const char *suffix)
{
    size_t k = strlen(suffix);
    for (size_t i = 0; i < x->n_rels; i++) {
        const char *t = x->rels[i].type;
        size_t n = t ? strlen(t) : 0;
        if (n >= k && strcmp(t + n - k, suffix) == 0)
            return &x->rels[i];
    }
    return NULL;
}

struct sheet_ref {
    char *name, *rid;
    bool hidden;
};

/* The OpenDocument type a zip without xl/workbook.xml names in its first
 * entry "mimetype" (stored, a few dozen bytes), copied into out; "" when
 * it names none. */
static void opendocument_type(struct reader *x, char *out, size_t cap)
{
    out[0] = '\0';
    zip_int64_t index = zip_name_locate(x->zip, "mimetype", 0);
    zip_stat_t st;
    zip_stat_init(&st);
    if (index < 0 || zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        st.size >= cap || ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE))
        return;
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
    if (!f)
        return;
    zip_int64_t n = zip_fread(f, out, st.size);
    zip_fclose(f);
    out[n > 0 && (zip_uint64_t)n == st.size ? (size_t)n : 0] = '\0';
}

/* Why a zip without xl/workbook.xml is no workbook, in words a person can
 * act on: an OpenDocument spreadsheet (LibreOffice, OpenOffice, WPS) says
 * so in its "mimetype" entry, a Word document has word/document.xml. */
static int not_a_workbook(struct reader *x)
{
    char type[128];
    opendocument_type(x, type, sizeof type);
    if (!strcmp(type, "application/vnd.oasis.opendocument.spreadsheet") ||
        !strcmp(type, "application/vnd.oasis.opendocument.spreadsheet-template"))
        return refuse(x, "Tệp là bảng tính OpenDocument (.ods, của LibreOffice, OpenOffice hoặc WPS), không phải bảng "
                         "tính Excel .xlsx. Hãy mở tệp trong LibreOffice Calc, chọn Tệp → Lưu thành (File → Save "
                         "As), chọn kiểu “Excel 2007-365 (.xlsx)”, lưu (giữ định dạng Excel khi được hỏi) rồi tải "
                         "lên tệp .xlsx vừa lưu.");
    if (!strncmp(type, "application/vnd.oasis.opendocument.", 35))
        return refuse(x, "Tệp là một tài liệu OpenDocument (%s), không phải bảng tính Excel .xlsx. Hãy tải lên "
                         "bảng tính đã lưu dưới dạng “Excel Workbook (.xlsx)”.",
                      type + 35);
    if (zip_name_locate(x->zip, "word/document.xml", 0) >= 0)
        return refuse(x, "Tệp là văn bản Word (.docx), không phải bảng tính Excel .xlsx. Hãy tải lên bảng tính đã "
                         "lưu dưới dạng “Excel Workbook (.xlsx)”.");
    return refuse(x, "Tệp không phải là bảng tính Excel .xlsx (không có phần xl/workbook.xml). Hãy lưu tệp dưới dạng "
                     "“Excel Workbook (.xlsx)”.");
}

static int workbook_read(struct reader *x, struct vec *sheets)
{
    const char *part = "xl/workbook.xml";
    struct part p;
    int rc = part_open(x, part, &p);
    if (rc <= 0)
        return rc < 0 ? -1 : not_a_workbook(x);
    xmlTextReaderPtr r = p.xml;
    rc = r ? 0 : refuse(x, DAMAGED, part);
    int k;
    while (rc == 0 && (k = xml_next(x, r, part)) == 1) {
        if (!is_element(r, "sheet"))
            continue;
        if (sheets->n >= x->lim->max_sheets) {
            rc = refuse(x, "Tệp có quá nhiều trang tính (tối đa %zu).", x->lim->max_sheets);
            break;
        }
        struct sheet_ref *s = vec_push(sheets);
        s->name = attr(r, "name");
        s->rid = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id", (const xmlChar *)REL_NS);
        char *state = attr(r, "state");
        s->hidden = state && strcmp(state, "visible") != 0;
        xmlFree(state);
        if (!s->name || !s->rid)
            rc = refuse(x, DAMAGED, "một trang tính không có tên");
    }
    if (rc == 0 && k < 0)
        rc = -1;
    part_close(&p);
    return rc;
}

/* --- styles: which cell styles show dates or percentages --------------------------------------------- */

/* What a cell style's number format does to the number stored: a date
 * (a serial day number) or a percentage (0.785 shown as 78,5%). */
enum { STYLE_PLAIN = 0, STYLE_DATE = 1, STYLE_PERCENT = 2 };

/* What a number format code shows, read outside quoted text, escapes and
 * [colour]/[condition] brackets: a date or time (d, m, y, h, s, or the
 * elapsed [h], [mm], [ss]) before anything else, else a percentage (a
 * '%': the number times 100), else the number as it is. */
static unsigned char format_kind(const char *code)
{
    bool quoted = false, percent = false;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (quoted) {
            if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '\\' || c == '_' || c == '*') {
            if (p[1])
                p++;
        } else if (c == '[') {
            /* [h], [mm], [ss] are elapsed times; [Red], [>=100] are not dates */
            const char *q = strchr(p, ']');
            if (!q)
                break;
            if (strchr("hHmMsS", p[1]))
                return STYLE_DATE;
            p = q;
        } else if (strchr("dDmMyYhHsS", c)) {
            return STYLE_DATE;
        } else if (c == '%') {
            percent = true;
        }
    }
    return percent ? STYLE_PERCENT : STYLE_PLAIN;
}

/* The built-in formats 9 ("0%") and 10 ("0.00%"). */
static bool builtin_is_percent(long id)
{
    return id == 9 || id == 10;
}

static bool builtin_is_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

struct numfmt {
    long id;
    unsigned char kind; /* STYLE_* */
};

static int styles_read(struct reader *x)
{
    const struct rel *e = rel_by_type(x, "/styles");
    char *part = e ? rel_part(e) : strdup("xl/styles.xml");
    if (!part)
        abort();
    struct part p;
    int rc = part_open(x, part, &p);
    if (rc <= 0) {
        free(part);
        return rc; /* no styles: no dates, no percentages */
    }
    xmlTextReaderPtr r = p.xml;
    struct vec fmts = {.size = sizeof(struct numfmt)};
    struct vec xfs = {.size = 1};
    rc = r ? 0 : refuse(x, DAMAGED, part);
    bool in_xfs = false;
    int k;
    while (rc == 0 && (k = xml_next(x, r, part)) == 1) {
        if (is_element(r, "numFmt")) {
            if (fmts.n >= 10000) {
                rc = refuse(x, DAMAGED, "quá nhiều định dạng số");
                break;
            }
            char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
            struct numfmt *f = vec_push(&fmts);
            f->id = id ? strtol(id, NULL, 10) : -1;
            f->kind = code ? format_kind(code) : STYLE_PLAIN;
            xmlFree(id);
            xmlFree(code);
        } else if (is_element(r, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "cellXfs")) {
            in_xfs = false;
        } else if (in_xfs && is_element(r, "xf")) {
            if (xfs.n >= 65536) {
                rc = refuse(x, DAMAGED, "quá nhiều kiểu ô");
                break;
            }
            char *id = attr(r, "numFmtId");
            long f = id ? strtol(id, NULL, 10) : 0;
            xmlFree(id);
            unsigned char kind = builtin_is_date(f) ? STYLE_DATE : builtin_is_percent(f) ? STYLE_PERCENT : STYLE_PLAIN;
            for (size_t i = 0; i < fmts.n; i++)
                if (((struct numfmt *)fmts.p)[i].id == f)
                    kind = ((struct numfmt *)fmts.p)[i].kind;
            *(unsigned char *)vec_push(&xfs) = kind;
        }
    }
    if (rc == 0 && k < 0)
        rc = -1;
    free(fmts.p);
    x->n_styles = xfs.n;
    x->style_kind = vec_to_arena(x->a, &xfs);
    part_close(&p);
    free(part);
    return rc;
}

/* --- shared strings ---------------------------------------------------------------------------------- */

/* Reads an <si> or <is> element's text: the <t> elements in it, except
 * those of phonetic runs (<rPh>). Leaves the reader on the end tag. */
static int rich_text(struct reader *x, xmlTextReaderPtr r, const char *part, const char *local, char **out,
                     size_t *n, size_t max, bool *too_long)
{
    int depth = xmlTextReaderDepth(r);
    int rc;
    bool phonetic = false;
    while ((rc = xml_next(x, r, part)) == 1) {
        if (xmlTextReaderDepth(r) == depth && is_end(r, local))
            return 0;
        if (is_element(r, "rPh"))
            phonetic = !xmlTextReaderIsEmptyElement(r);
        else if (is_end(r, "rPh"))
            phonetic = false;
        else if (is_element(r, "t") && !xmlTextReaderIsEmptyElement(r) && !phonetic) {
            if (text_until_end(x, r, part, "t", out, n, max, too_long) != 0)
                return -1;
        }
    }
    return rc < 0 ? -1 : refuse(x, DAMAGED, part);
}

static int strings_read(struct reader *x)
{
    const struct rel *e = rel_by_type(x, "/sharedStrings");
    char *part = e ? rel_part(e) : strdup("xl/sharedStrings.xml");
    if (!part)
        abort();
    struct part p;
    int rc = part_open(x, part, &p);
    if (rc <= 0) {
        free(part);
        return rc;
    }
    xmlTextReaderPtr r = p.xml;
    struct vec v = {.size = sizeof(struct str)};
    size_t bytes = 0;
    rc = r ? 0 : refuse(x, DAMAGED, part);
    int k;
    while (rc == 0 && (k = xml_next(x, r, part)) == 1) {
        if (!is_element(r, "si"))
            continue;
        if (v.n >= x->lim->max_strings) {
            rc = refuse(x, "Tệp có quá nhiều chuỗi chữ (tối đa %zu).", x->lim->max_strings);
            break;
        }
        char *t = NULL;
        size_t tn = 0;
        bool too_long = false;
        if (!xmlTextReaderIsEmptyElement(r))
            rc = rich_text(x, r, part, "si", &t, &tn, TEXT_MAX * 4, &too_long);
        bytes += tn;
        if (rc == 0 && bytes > x->lim->max_strings_bytes)
            rc = refuse(x, "Các chuỗi chữ của tệp dài quá %zu MB.", x->lim->max_strings_bytes / MIB);
        if (rc == 0 && too_long)
            rc = refuse(x, "Tệp có một ô chữ dài quá %d ký tự, giới hạn của Excel.", TEXT_MAX);
        struct str *s = vec_push(&v);
        *s = rc == 0 && t ? arena_strdup(x->a, t, tn) : STR("");
        free(t);
    }
    if (rc == 0 && k < 0)
        rc = -1;
    x->n_strings = v.n;
    x->strings = vec_to_arena(x->a, &v);
    part_close(&p);
    free(part);
    return rc;
}

/* --- sheets ------------------------------------------------------------------------------------------ */

/* Parses "AB12" (letters then digits; either part may be missing, as in
 * "A:A" or row ranges) into a 0-based column and 1-based row; 0 for a
 * missing part. False when malformed or beyond Excel's own grid. */
static bool cell_ref(const char *s, uint32_t *col, uint32_t *row, bool *has_col, bool *has_row)
{
    uint64_t c = 0, r = 0;
    size_t i = 0;
    if (s[i] == '$')
        i++;
    size_t letters = 0;
    for (; (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'); i++, letters++) {
        if (letters >= 3)
            return false;
        c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
    }
    if (s[i] == '$')
        i++;
    size_t digits = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (digits >= 7)
            return false;
        r = r * 10 + (uint64_t)(s[i] - '0');
    }
    if (s[i] != '\0' || (!letters && !digits) || c > 16384 || r > 1048576 || (digits && r == 0))
        return false;
    *col = letters ? (uint32_t)(c - 1) : 0;
    *row = (uint32_t)r;
    *has_col = letters > 0;
    *has_row = digits > 0;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || errno == ERANGE || !isfinite(d))
        return false;
    *out = d;
    return true;
}

/* Reads one <c> element (the reader on its start tag). */
static int cell_read(struct reader *x, xmlTextReaderPtr r, const char *part, const char *sheet, uint32_t row,
                     uint32_t *next_col, struct vec *cells)
{
    char *ref = attr(r, "r"), *t = attr(r, "t"), *s = attr(r, "s");
    uint32_t col = *next_col, ref_row = row;
    int rc = 0;
    if (ref) {
        bool has_col, has_row;
        if (!cell_ref(ref, &col, &ref_row, &has_col, &has_row) || !has_col || (has_row && ref_row != row))
            rc = refuse(x, DAMAGED, "địa chỉ ô không hợp lệ");
    }
    if (rc == 0 && col >= x->lim->max_cols)
        rc = refuse(x, "Trang tính “%s” có ô ở cột thứ %u, quá giới hạn %u cột.", sheet, col + 1, x->lim->max_cols);
    if (rc == 0 && ++x->cells > x->lim->max_cells)
        rc = refuse(x, "Tệp có quá nhiều ô (tối đa %zu).", x->lim->max_cells);
    long style = s ? strtol(s, NULL, 10) : 0;
    char *v = NULL, *inline_text = NULL;
    size_t vn = 0, in = 0;
    bool formula = false, too_long = false, has_inline = false;
    if (rc == 0 && !xmlTextReaderIsEmptyElement(r)) {
        int depth = xmlTextReaderDepth(r);
        int k;
        bool bad = false;
        while (!bad && (k = xml_next(x, r, part)) == 1) {
            if (xmlTextReaderDepth(r) == depth && is_end(r, "c"))
                break;
            if (is_element(r, "f"))
                formula = true;
            else if (is_element(r, "v") && !xmlTextReaderIsEmptyElement(r))
                bad = text_until_end(x, r, part, "v", &v, &vn, TEXT_MAX * 4, &too_long) != 0;
            else if (is_element(r, "is")) {
                has_inline = true;
                bad = !xmlTextReaderIsEmptyElement(r) &&
                      rich_text(x, r, part, "is", &inline_text, &in, TEXT_MAX * 4, &too_long) != 0;
            }
        }
        if (bad || k < 0)
            rc = -1;
        else if (k == 0)
            rc = refuse(x, DAMAGED, part);
    }
    if (rc == 0 && too_long)
        rc = refuse(x, "Trang tính “%s” có một ô chữ dài quá %d ký tự.", sheet, TEXT_MAX);
    if (rc == 0) {
        struct xlsx_cell c = {.row = row, .col = col, .formula = formula};
        const char *type = t ? t : "n";
        if (strcmp(type, "s") == 0) {
            double d;
            if (v && (!parse_double(v, &d) || d < 0 || d >= (double)x->n_strings || d != floor(d)))
                rc = refuse(x, DAMAGED, "một ô chỉ tới chuỗi chữ không có");
            else if (v) {
                c.type = XLSX_TEXT;
                c.text = x->strings[(size_t)d];
            }
        } else if (strcmp(type, "inlineStr") == 0) {
            if (has_inline) {
                c.type = XLSX_TEXT;
                c.text = inline_text ? arena_strdup(x->a, inline_text, in) : STR("");
            }
        } else if (strcmp(type, "str") == 0) {
            if (v) {
                c.type = XLSX_TEXT;
                c.text = arena_strdup(x->a, v, vn);
            } else if (formula) {
                c.type = XLSX_EMPTY;
            } else {
                c.type = XLSX_TEXT;
                c.text = STR("");
            }
        } else if (strcmp(type, "b") == 0) {
            if (v) {
                if (strcmp(v, "0") && strcmp(v, "1"))
                    rc = refuse(x, DAMAGED, "một ô đúng/sai có giá trị lạ");
                c.type = XLSX_BOOL;
                c.number = v[0] == '1';
            }
        } else if (strcmp(type, "e") == 0) {
            if (v) {
                c.type = XLSX_ERROR;
                c.text = arena_strdup(x->a, v, vn);
            }
        } else if (strcmp(type, "d") == 0) {
            if (v) {
                c.type = XLSX_TEXT;
                c.date = true;
                c.text = arena_strdup(x->a, v, vn);
            }
        } else if (strcmp(type, "n") == 0) {
            if (v && vn) {
                if (!parse_double(v, &c.number))
                    rc = refuse(x, DAMAGED, "một ô số có giá trị không phải là số");
                c.type = XLSX_NUMBER;
                unsigned char kind = style >= 0 && (size_t)style < x->n_styles ? x->style_kind[style] : STYLE_PLAIN;
                c.date = kind == STYLE_DATE;
                c.percent = kind == STYLE_PERCENT;
            }
        } else {
            rc = refuse(x, DAMAGED, "một ô có kiểu dữ liệu lạ");
        }
        if (rc == 0 && (c.type != XLSX_EMPTY || c.formula))
            *(struct xlsx_cell *)vec_push(cells) = c;
    }
    *next_col = col + 1;
    free(v);
    free(inline_text);
    xmlFree(ref);
    xmlFree(t);
    xmlFree(s);
    return rc;
}

static int merge_read(struct reader *x, xmlTextReaderPtr r, const char *sheet, struct vec *merged)
{
    char *ref = attr(r, "ref");
    int rc = 0;
    char *colon = ref ? strchr(ref, ':') : NULL;
    struct xlsx_range g;
    bool c1, r1, c2, r2;
    if (!colon)
        rc = refuse(x, DAMAGED, "một vùng ô gộp không hợp lệ");
    else {
        *colon = '\0';
        if (!cell_ref(ref, &g.col1, &g.row1, &c1, &r1) || !cell_ref(colon + 1, &g.col2, &g.row2, &c2, &r2) || !c1 ||
            !r1 || !c2 || !r2 || g.row2 < g.row1 || g.col2 < g.col1)
            rc = refuse(x, DAMAGED, "một vùng ô gộp không hợp lệ");
    }
    if (rc == 0 && ++x->cells > x->lim->max_cells)
        rc = refuse(x, "Tệp có quá nhiều ô (tối đa %zu).", x->lim->max_cells);
    if (rc == 0)
        *(struct xlsx_range *)vec_push(merged) = g;
    (void)sheet;
    xmlFree(ref);
    return rc;
}

static int sheet_read(struct reader *x, const char *part, struct xlsx_sheet *out)
{
    const char *name = out->name.p;
    struct part p;
    int rc = part_open(x, part, &p);
    if (rc <= 0)
        return rc < 0 ? -1 : refuse(x, DAMAGED, "thiếu phần của một trang tính");
    xmlTextReaderPtr r = p.xml;
    struct vec cells = {.size = sizeof(struct xlsx_cell)};
    struct vec merged = {.size = sizeof(struct xlsx_range)};
    rc = r ? 0 : refuse(x, DAMAGED, part);
    uint32_t row = 0, next_col = 0;
    int k;
    while (rc == 0 && (k = xml_next(x, r, part)) == 1) {
        if (is_element(r, "row")) {
            char *rr = attr(r, "r");
            uint32_t at = row + 1;
            if (rr) {
                char *end;
                long v = strtol(rr, &end, 10);
                if (*end || v < 1 || v > 1048576)
                    rc = refuse(x, DAMAGED, "số dòng không hợp lệ");
                else
                    at = (uint32_t)v;
            }
            xmlFree(rr);
            if (rc == 0 && at > x->lim->max_rows)
                rc = refuse(x, "Trang tính “%s” có dòng %u, quá giới hạn %u dòng.", name, at, x->lim->max_rows);
            row = at;
            next_col = 0;
        } else if (is_element(r, "c")) {
            if (row == 0)
                rc = refuse(x, DAMAGED, "một ô nằm ngoài dòng");
            else
                rc = cell_read(x, r, part, name, row, &next_col, &cells);
        } else if (is_element(r, "mergeCell")) {
            rc = merge_read(x, r, name, &merged);
        }
    }
    if (rc == 0 && k < 0)
        rc = -1;
    part_close(&p);
    out->n_cells = cells.n;
    out->cells = vec_to_arena(x->a, &cells);
    out->n_merged = merged.n;
    out->merged = vec_to_arena(x->a, &merged);
    for (size_t i = 0; i < out->n_cells; i++)
        if (out->cells[i].row > out->max_row)
            out->max_row = out->cells[i].row;
    return rc;
}

/* --- the whole book ---------------------------------------------------------------------------------- */

int xlsx_read(struct arena *a, struct str data, const struct xlsx_limits *lim, struct xlsx_book *out, char *err,
              size_t errlen)
{
    *out = (struct xlsx_book){0};
    if (errlen)
        err[0] = '\0';
    struct reader x = {.a = a, .lim = lim, .err = err, .errlen = errlen};
    if (data.n > lim->max_file) {
        /* hundredths rounded up, written the Vietnamese way: never a size
         * that reads as within the limit ("20,03 MB", not "20.0 MB") */
        unsigned long long hundredths = ((unsigned long long)data.n * 100 + MIB - 1) / MIB;
        return refuse(&x, "Tệp lớn %llu,%02llu MB, quá giới hạn %zu MB.", hundredths / 100, hundredths % 100,
                      lim->max_file / MIB);
    }
    if (data.n < 4 || memcmp(data.p, "PK\3\4", 4) != 0)
        return refuse(&x, "Tệp không phải là bảng tính Excel .xlsx%s. Hãy lưu tệp dưới dạng “Excel Workbook (.xlsx)”.",
                      data.n >= 8 && memcmp(data.p, "\xd0\xcf\x11\xe0", 4) == 0 ? " (có thể là tệp .xls cũ)" : "");
    pthread_once(&xml_once, xml_init);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data.p, data.n, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return refuse(&x, DAMAGED, "không mở được tệp nén");
    }
    x.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!x.zip) {
        zip_source_free(src);
        zip_error_fini(&ze);
        return refuse(&x, DAMAGED, "mục lục của tệp nén bị thiếu hoặc sai");
    }
    zip_error_fini(&ze);
    struct vec refs = {.size = sizeof(struct sheet_ref)};
    int rc = 0;
    zip_int64_t entries = zip_get_num_entries(x.zip, 0);
    if (entries < 0 || (uint64_t)entries > lim->max_entries)
        rc = refuse(&x, "Tệp nén có quá nhiều phần (%lld, tối đa %zu).", (long long)entries, lim->max_entries);
    if (rc == 0)
        rc = workbook_read(&x, &refs);
    if (rc == 0)
        rc = rels_read(&x);
    if (rc == 0)
        rc = styles_read(&x);
    if (rc == 0)
        rc = strings_read(&x);
    struct xlsx_sheet *sheets = refs.n ? ARENA_ARRAY(a, struct xlsx_sheet, refs.n) : NULL;
    for (size_t i = 0; i < refs.n && rc == 0; i++) {
        struct sheet_ref *s = &((struct sheet_ref *)refs.p)[i];
        sheets[i].name = arena_strdup(a, s->name, strlen(s->name));
        sheets[i].hidden = s->hidden;
        char *part = rel_part(rel_by_id(&x, s->rid));
        if (!part)
            rc = refuse(&x, DAMAGED, "không tìm thấy phần của một trang tính");
        else
            rc = sheet_read(&x, part, &sheets[i]);
        free(part);
    }
    for (size_t i = 0; i < refs.n; i++) {
        xmlFree(((struct sheet_ref *)refs.p)[i].name);
        xmlFree(((struct sheet_ref *)refs.p)[i].rid);
    }
    free(refs.p);
    rels_free(&x);
    zip_discard(x.zip);
    if (rc != 0)
        return -1;
    out->sheets = sheets;
    out->n_sheets = refs.n;
    return 0;
}

const struct xlsx_sheet *xlsx_sheet_named(const struct xlsx_book *b, struct str name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (str_eq(b->sheets[i].name, name))
            return &b->sheets[i];
    return NULL;
}

const struct xlsx_range *xlsx_merged_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->n_merged; i++) {
        const struct xlsx_range *g = &s->merged[i];
        if (row >= g->row1 && row <= g->row2 && col >= g->col1 && col <= g->col2)
            return g;
    }
    return NULL;
}

char *xlsx_col_name(uint32_t col, char *buf)
{
    char tmp[8];
    size_t n = 0;
    uint64_t c = (uint64_t)col + 1;
    while (c && n < 3) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}
