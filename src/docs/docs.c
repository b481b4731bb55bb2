/*
 * docs.c - the handlers of the document pages; see docs.h.
 *
 * The list reads its filters from the query string, checks every value
 * (a value that is malformed or names nothing in the catalogues answers
 * 400 with the list page itself, the form and a sentence saying which
 * filter is wrong, so the reader can correct it; a valid combination that
 * matches nothing answers 200 with an empty list), and links its pages
 * with the same filters. An empty filter value, as a GET form sends for
 * "Tất cả", redirects to the address without it, so each list has one URL.
 *
 * Files are served from the database by id; the name in the URL is only
 * for the reader (a wrong one redirects to the right one), and only the
 * allow-listed types leave (filetype.h): a PDF or a scanned page to be
 * shown by the browser ("Xem"), the others as attachments.
 */
#include "docs/docs.h"

#include <sodium.h>
#include <stdio.h>
#include <utf8proc.h>

#include "docs/filetype.h"
#include "docs/number.h"
#include "docs/query.h"
#include "http/router.h"
#include "http/web.h"
#include "portal/app.h"
#include "stats/views.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vi.h"

#define PER_PAGE 20
#define MAX_PAGE 100000
#define MAX_YEARS 160 /* 1945 to 2100, the years a number may carry */
#define DOC_ARTICLES 8      /* articles citing a document, newest first */
#define CITING_MAX 200      /* citing ids read, of which the shown ones are picked */
#define FILTER_VALUE_MAX 64 /* bytes; catalogue slugs are shorter */

/* The filter parameters, in the order of the route's known params. */
enum filter_param { F_TYPE, F_ISSUER, F_FIELD, F_YEAR, F_STATUS, F_KEYWORD, F_COUNT };
static const char *const filter_names[F_COUNT] = {"loai", "co-quan", "linh-vuc", "nam", "tinh-trang", "q"};

static const struct {
    const char *slug;
    int status;
} status_slugs[] = {{"con-hieu-luc", 1}, {"chua-co-hieu-luc", 4}, {"het-hieu-luc", 2}, {"bi-thay-the", 3}};

static docs_article_links_fn article_links;

/* --- ASCII names and RFC 5987 ---------------------------------------------------- */

int docs_ascii_fallback(struct buf *out, struct str in)
{
    if (!utf8_valid(in))
        return -1;
    struct buf one = BUF_INIT;
    size_t i = 0;
    while (i < in.n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)in.p + i, (utf8proc_ssize_t)(in.n - i), &cp);
        if (k <= 0)
            break; /* cannot happen after utf8_valid */
        if (cp < 0x80) {
            char c = (char)cp;
            bool bad = cp < 0x20 || cp == 0x7F || c == '"' || c == '\\' || c == '/';
            buf_putc(out, bad ? '_' : c);
        } else {
            /* fold the one character ("Ế" -> "e") and keep its case */
            buf_reset(&one);
            bool ascii = vi_fold(&one, (struct str){in.p + i, (size_t)k}) == 0 && one.n > 0;
            for (size_t j = 0; ascii && j < one.n; j++)
                ascii = (one.p[j] >= 'a' && one.p[j] <= 'z') || (one.p[j] >= '0' && one.p[j] <= '9');
            if (ascii) {
                bool upper = utf8proc_tolower(cp) != cp;
                for (size_t j = 0; j < one.n; j++)
                    buf_putc(out,
                             upper && one.p[j] >= 'a' && one.p[j] <= 'z' ? (char)(one.p[j] - 'a' + 'A') : one.p[j]);
            } else {
                buf_putc(out, '_');
            }
        }
        i += (size_t)k;
    }
    buf_free(&one);
    return 0;
}

/* RFC 5987 ext-value characters: attr-char stays, every other byte is %XX. */
static void put_rfc5987(struct buf *b, struct str s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    strchr("!#$&+-.^_`|~", c) != NULL;
        if (keep && c != '\0') {
            buf_putc(b, (char)c);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[c >> 4]);
            buf_putc(b, hex[c & 15]);
        }
    }
}

struct str docs_disposition(struct arena *a, struct str name, bool inline_view)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, inline_view ? "inline; filename=\"" : "attachment; filename=\"");
    docs_ascii_fallback(&b, name);
    buf_puts(&b, "\"; filename*=UTF-8''");
    put_rfc5987(&b, name);
    struct str s = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return s;
}

/* --- the list ------------------------------------------------------------------------ */

struct list_request {
    struct str values[F_COUNT]; /* the filter values as given (non-empty) or STR_NULL */
    struct docs_filter filter;
    struct str problem; /* why a value was refused */
};

/* The list's address with the given filters and page. */
static struct str list_url(struct web_req *r, const struct list_request *q, int page)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/van-ban/");
    char sep = '?';
    for (int i = 0; i < F_COUNT; i++) {
        if (!q->values[i].n)
            continue;
        buf_printf(&b, "%c%s=", sep, filter_names[i]);
        tpl_escape_url_part(&b, q->values[i]);
        sep = '&';
    }
    if (page > 1)
        buf_printf(&b, "%ctrang=%d", sep, page);
    struct str s = arena_strdup(r->arena, b.p, b.n);
    buf_free(&b);
    return s;
}

/* A catalogue slug, id or abbreviation: letters (Đ/đ too), digits, '-'. */
static bool plausible_value(struct str v)
{
    if (v.n == 0 || v.n > FILTER_VALUE_MAX)
        return false;
    for (size_t i = 0; i < v.n; i++) {
        unsigned char c = (unsigned char)v.p[i];
        if (c == 0xC4 && i + 1 < v.n && ((unsigned char)v.p[i + 1] == 0x90 || (unsigned char)v.p[i + 1] == 0x91)) {
            i++;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

static struct str quoted(struct web_req *r, const char *before, struct str v)
{
    size_t n = utf8_truncate(v, 40);
    return arena_printf(r->arena, "%s «%.*s%s».", before, (int)n, v.p, n < v.n ? "…" : "");
}

/* Looks a filter value up in a catalogue: 1, 0 (not there, or not a
 * plausible value), -1. */
static int find_in(struct web_req *r, enum docs_catalogue which, struct str v, int64_t *id)
{
    *id = 0;
    return plausible_value(v) ? docs_catalogue_find(r->db, which, v, id) : 0;
}

/* Checks and resolves the filters. Returns 1, 0 with q->problem set if a
 * value is refused, or -1. */
static int read_filters(struct web_req *r, struct list_request *q)
{
    struct str v;
    int found;
    if ((v = q->values[F_TYPE]).n) {
        if ((found = find_in(r, DOCS_TYPES, v, &q->filter.type_id)) < 0)
            return -1;
        if (!found && (!plausible_value(v) ||
                       doc_type_abbr_canonical(v, q->filter.type_abbr, sizeof q->filter.type_abbr) != 0)) {
            q->problem = quoted(r, "Không có loại văn bản", v);
            return 0;
        }
    }
    if ((v = q->values[F_ISSUER]).n) {
        if ((found = find_in(r, DOCS_ISSUERS, v, &q->filter.issuer_id)) <= 0) {
            q->problem = quoted(r, "Không có cơ quan ban hành", v);
            return found;
        }
    }
    if ((v = q->values[F_FIELD]).n) {
        if ((found = find_in(r, DOCS_FIELDS, v, &q->filter.field_id)) <= 0) {
            q->problem = quoted(r, "Không có lĩnh vực", v);
            return found;
        }
    }
    if ((v = q->values[F_YEAR]).n) {
        unsigned long long year;
        if (v.n != 4 || !str_to_u64(v, &year) || year < 1945 || year > 2100) {
            q->problem = STR("Năm ban hành phải là một năm có 4 chữ số, ví dụ 2024.");
            return 0;
        }
        q->filter.year = (int)year;
    }
    if ((v = q->values[F_KEYWORD]).n) {
        if (v.n > DOCS_KEYWORD_MAX || !utf8_valid(v)) {
            q->problem = STR("Từ khóa dài quá 200 byte hoặc có ký tự không đọc được: hãy ghi ngắn hơn.");
            return 0;
        }
        if (!docs_keyword_match(v, q->filter.match)) {
            q->problem = STR("Từ khóa cần có chữ hoặc số, ví dụ: 323/KH-UBND, kế hoạch, nông thôn mới.");
            return 0;
        }
    }
    if ((v = q->values[F_STATUS]).n) {
        for (size_t i = 0; i < sizeof status_slugs / sizeof status_slugs[0]; i++)
            if (str_eq_lit(v, status_slugs[i].slug))
                q->filter.status = status_slugs[i].status;
        if (!q->filter.status) {
            q->problem = STR("Tình trạng chỉ có thể là: còn hiệu lực, chưa có hiệu lực, hết hiệu lực hoặc bị thay thế.");
            return 0;
        }
    }
    return 1;
}

/* Appends "label" to the summary of active filters. */
static void add_summary(struct web_req *r, struct str *summary, struct str label)
{
    if (!label.n)
        return;
    *summary =
        summary->n ? arena_printf(r->arena, "%.*s · %.*s", (int)summary->n, summary->p, (int)label.n, label.p) : label;
}

/* The <option>s of one catalogue, the first one "any". Returns how many,
 * or 0 after a failure. */
static size_t catalogue_options(struct web_req *r, enum docs_catalogue which, const char *any, int64_t selected_id,
                                const char *selected_abbr, struct docs_option **out, struct str *selected_name)
{
    struct docs_catalogue_entry *rows;
    size_t n;
    if (docs_catalogue(r->db, r->arena, which, &rows, &n) != 0)
        n = 0; /* the connection is marked failed: the answer will be 500 */
    struct docs_option *o = ARENA_ARRAY(r->arena, struct docs_option, n + 1);
    o[0] = (struct docs_option){STR(""), str_cstr(any), false};
    bool marked = false;
    for (size_t i = 0; i < n; i++) {
        bool sel = !marked && (rows[i].id == selected_id ||
                               (selected_abbr && selected_abbr[0] && str_eq(rows[i].abbr, str_cstr(selected_abbr))));
        o[i + 1] = (struct docs_option){rows[i].slug, rows[i].name, sel};
        if (sel) {
            marked = true;
            *selected_name = rows[i].name;
        }
    }
    o[0].selected = !marked;
    *out = o;
    return n + 1;
}

static int build_options(struct web_req *r, struct docs_list_page *p, const struct list_request *q,
                          struct str *summary)
{
    struct str name = STR_NULL;
    p->n_types = catalogue_options(r, DOCS_TYPES, "Tất cả loại văn bản", q->filter.type_id, q->filter.type_abbr,
                                   &p->types, &name);
    if (q->filter.type_abbr[0] && !name.n)
        name = arena_printf(r->arena, "Ký hiệu %s", q->filter.type_abbr);
    add_summary(r, summary, q->filter.type_id || q->filter.type_abbr[0] ? name : STR_NULL);
    name = STR_NULL;
    p->n_issuers =
        catalogue_options(r, DOCS_ISSUERS, "Tất cả cơ quan ban hành", q->filter.issuer_id, NULL, &p->issuers, &name);
    add_summary(r, summary, q->filter.issuer_id ? name : STR_NULL);
    name = STR_NULL;
    p->n_fields = catalogue_options(r, DOCS_FIELDS, "Tất cả lĩnh vực", q->filter.field_id, NULL, &p->fields, &name);
    add_summary(r, summary, q->filter.field_id ? name : STR_NULL);

    int first, last;
    if (docs_year_range(r->db, r->now, &first, &last) != 0)
        return -1;
    int sel = q->filter.year;
    if (sel && (!first || sel < first))
        first = sel;
    if (sel && sel > last)
        last = sel;
    if (first && last - first + 1 > MAX_YEARS)
        first = last - MAX_YEARS + 1;
    size_t n_years = first ? (size_t)(last - first + 1) : 0;
    p->years = ARENA_ARRAY(r->arena, struct docs_option, n_years + 1);
    p->years[p->n_years++] = (struct docs_option){STR(""), STR("Tất cả các năm"), sel == 0};
    for (int y = last; first && y >= first; y--) {
        struct str s = arena_printf(r->arena, "%d", y);
        p->years[p->n_years++] = (struct docs_option){s, s, y == sel};
    }
    if (sel)
        add_summary(r, summary, arena_printf(r->arena, "Năm %d", sel));

    size_t n_status = sizeof status_slugs / sizeof status_slugs[0];
    p->statuses = ARENA_ARRAY(r->arena, struct docs_option, n_status + 1);
    p->statuses[p->n_statuses++] = (struct docs_option){STR(""), STR("Tất cả tình trạng"), q->filter.status == 0};
    for (size_t i = 0; i < n_status; i++) {
        bool on = q->filter.status == status_slugs[i].status;
        struct str label = str_cstr(docs_status_label(status_slugs[i].status));
        p->statuses[p->n_statuses++] = (struct docs_option){str_cstr(status_slugs[i].slug), label, on};
        if (on)
            add_summary(r, summary, label);
    }
    return 0;
}

struct docs_url_ctx {
    struct web_req *r;
    const struct list_request *q;
};

static struct str docs_page_url(void *p, int page)
{
    struct docs_url_ctx *c = p;
    return list_url(c->r, c->q, page);
}

static int docs_list_page(struct web_req *r)
{
    struct list_request q;
    memset(&q, 0, sizeof q);
    bool empty_given = false;
    for (int i = 0; i < F_COUNT; i++) {
        struct str v = web_param(r, filter_names[i]);
        if (v.p && v.n == 0)
            empty_given = true;
        if (i == F_KEYWORD && v.n) /* as search does: what turns or hides text is not echoed, nor sought */
            v = utf8_query_clean(r->arena, v);
        q.values[i] = v.n ? v : STR_NULL;
    }
    struct str page_s = web_param(r, "trang");
    if (page_s.p && page_s.n == 0)
        empty_given = true;
    unsigned long long page = 1;
    if (page_s.n && !(page = (unsigned long long)portal_page_param(r, MAX_PAGE)))
        return 0;
    if (empty_given)
        return web_redirect(r, 302, list_url(r, &q, (int)page));

    struct docs_list_page p;
    memset(&p, 0, sizeof p);
    p.heading = STR("Văn bản");
    p.page = (int)page;
    p.pages = 1;
    for (int i = 0; i < F_COUNT; i++)
        p.filtered = p.filtered || q.values[i].n;
    p.keyword = q.values[F_KEYWORD].n <= DOCS_KEYWORD_MAX ? q.values[F_KEYWORD] : STR_NULL;
    int valid = read_filters(r, &q);
    if (valid < 0)
        return -1;
    struct str summary = STR_NULL;
    if (build_options(r, &p, &q, &summary) != 0)
        return -1;
    if (valid && q.values[F_KEYWORD].n)
        add_summary(r, &summary, arena_printf(r->arena, "từ khóa “%.*s”", (int)q.values[F_KEYWORD].n,
                                              q.values[F_KEYWORD].p));
    p.summary = summary;
    if (!valid) {
        p.invalid = true;
        p.message = q.problem;
    } else {
        if (docs_count(r->db, &q.filter, r->now, &p.total) != 0)
            return -1;
        p.pages = p.total ? (int)((p.total + PER_PAGE - 1) / PER_PAGE) : 1;
        if (p.page > p.pages)
            return portal_page_beyond(r, p.pages);
        if (docs_list(r->db, r->arena, &q.filter, r->now, PER_PAGE, (p.page - 1) * PER_PAGE, &p.items, &p.n_items) !=
            0)
            return -1;
        struct docs_url_ctx urls = {r, &q};
        view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang văn bản"), docs_page_url, &urls);
        if (!p.total)
            p.message = p.filtered ? STR("Không có văn bản nào phù hợp với bộ lọc đã chọn. Hãy bỏ bớt điều kiện lọc.")
                                   : STR("Chưa có văn bản nào được đăng.");
    }

    /* the field's example is the register's newest document ("Thông báo số
     * 4846, 4846/TB-UBND"), so that typing it finds something */
    struct docs_item *newest;
    size_t n_newest;
    if (docs_latest(r->db, r->arena, r->now, 1, &newest, &n_newest) != 0)
        return -1;
    p.example = STR("Ví dụ: số ký hiệu hoặc từ khóa, nông thôn mới");
    if (n_newest && newest[0].number.n) {
        struct str num = newest[0].number;
        size_t digits = 0;
        while (digits < num.n && num.p[digits] >= '0' && num.p[digits] <= '9')
            digits++;
        p.example = digits ? arena_printf(r->arena, "Ví dụ: %.*s số %.*s, %.*s, nông thôn mới", (int)newest[0].type_name.n,
                                          newest[0].type_name.p, (int)digits, num.p, (int)num.n, num.p)
                           : arena_printf(r->arena, "Ví dụ: %.*s, nông thôn mới", (int)num.n, num.p);
    }
    struct str title =
        p.summary.n ? arena_printf(r->arena, "Văn bản: %.*s", (int)p.summary.n, p.summary.p) : STR("Văn bản");
    if (p.page > 1)
        title = arena_printf(r->arena, "%.*s - Trang %d", (int)title.n, title.p, p.page);
    portal_layout(r, &p.layout, title);
    p.layout.description = STR("Văn bản chỉ đạo, điều hành về xây dựng nông thôn mới: tra cứu theo loại văn bản, "
                               "cơ quan ban hành, lĩnh vực, năm ban hành và tình trạng hiệu lực.");
    p.layout.feed_url = STR("/rss/van-ban.xml");
    p.layout.feed_title = STR("RSS văn bản");
    if (!valid) {
        r->status = 400;
        r->cacheable = false;
        p.layout.noindex = true;
        p.layout.canonical = STR_NULL;
    }
    layout_finish(&p.layout, r->arena);
    web_tag(r, "docs");
    web_tag(r, "docs-catalogue");
    web_tag(r, "site");
    tpl_docs_list(portal_out(r), &p);
    return 0;
}

static int docs_no_slash(struct web_req *r) { return web_redirect(r, 301, STR("/van-ban/")); }

/* --- one document ------------------------------------------------------------------------ */

/* "some-slug-123.html" -> 123 and the slug; "123.html" -> 123 and "";
 * 0 if the form is wrong. */
static int64_t document_id_of(struct str seg, struct str *slug)
{
    if (!str_ends_with(seg, STR(".html")))
        return 0;
    seg.n -= 5;
    size_t start = seg.n;
    while (start > 0 && seg.p[start - 1] >= '0' && seg.p[start - 1] <= '9')
        start--;
    struct str digits = {seg.p + start, seg.n - start};
    unsigned long long id;
    if (!str_to_u64(digits, &id) || id == 0 || id > INT64_MAX || digits.p[0] == '0')
        return 0;
    if (start == 0) {
        *slug = STR("");
    } else {
        if (seg.p[start - 1] != '-')
            return 0;
        *slug = (struct str){seg.p, start - 1};
    }
    return (int64_t)id;
}

/* The paragraphs of a full text: blocks separated by an empty line. */
static size_t split_paragraphs(struct arena *a, struct str body, struct str **out)
{
    size_t cap = 1;
    for (size_t i = 0; i + 1 < body.n; i++)
        cap += body.p[i] == '\n' && body.p[i + 1] == '\n';
    struct str *paras = ARENA_ARRAY(a, struct str, cap);
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= body.n; i++) {
        bool end = i == body.n || (body.p[i] == '\n' && i + 1 < body.n && body.p[i + 1] == '\n');
        if (!end)
            continue;
        struct str s = {body.p + start, i - start};
        while (s.n && (s.p[0] == '\n' || s.p[0] == ' ' || s.p[0] == '\r'))
            s.p++, s.n--;
        while (s.n && (s.p[s.n - 1] == '\n' || s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\r'))
            s.n--;
        if (s.n && n < cap)
            paras[n++] = s;
        start = i + 1;
    }
    *out = paras;
    return n;
}

static int docs_document_page(struct web_req *r)
{
    struct str slug;
    int64_t id = document_id_of(r->captures[0], &slug);
    if (!id)
        return web_error(r, 404);
    struct docs_row d;
    int found = docs_document(r->db, r->arena, id, r->now, &d);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    if (!str_eq(slug, d.slug))
        return web_redirect(r, 301, docs_document_url(r->arena, d.slug, d.id));

    struct docs_document_page p;
    memset(&p, 0, sizeof p);
    p.id = d.id;
    p.number = d.number_canonical;
    if (!str_eq(d.number_raw, d.number_canonical))
        p.number_raw = d.number_raw;
    p.title = arena_printf(r->arena, "%.*s số %.*s", (int)d.type_name.n, d.type_name.p, (int)d.number_canonical.n,
                           d.number_canonical.p);
    p.type_name = d.type_name;
    p.type_url = arena_printf(r->arena, "/van-ban/?loai=%.*s", (int)d.type_slug.n, d.type_slug.p);
    p.issuer_name = d.issuer_name;
    p.issuer_url = arena_printf(r->arena, "/van-ban/?co-quan=%.*s", (int)d.issuer_slug.n, d.issuer_slug.p);
    if (d.signer_name.n && d.signer_position.n)
        p.signer = arena_printf(r->arena, "%.*s, %.*s", (int)d.signer_name.n, d.signer_name.p, (int)d.signer_position.n,
                                d.signer_position.p);
    else
        p.signer = d.signer_name.n ? d.signer_name : d.signer_position;
    p.issued = docs_format_date(r->arena, d.issued_on);
    p.issued_iso = d.issued_on;
    p.effective = docs_format_date(r->arena, d.effective_on);
    p.effective_iso = p.effective.n ? d.effective_on : STR("");
    p.expires = docs_format_date(r->arena, d.expires_on);
    p.expires_iso = p.expires.n ? d.expires_on : STR("");
    p.status = d.status;
    p.status_label = str_cstr(docs_status_label(d.status));
    p.views = view_number(r->arena, d.views);
    p.abstract = d.abstract;
    p.n_paragraphs = split_paragraphs(r->arena, d.body, &p.paragraphs);
    if (docs_fields_of(r->db, r->arena, d.id, &p.fields, &p.n_fields) != 0 ||
        docs_files_of(r->db, r->arena, d.id, &p.files, &p.n_files) != 0)
        return -1;
    if (d.replaced_by) {
        struct docs_item *it = ARENA_NEW(r->arena, struct docs_item);
        if ((found = docs_item(r->db, r->arena, d.replaced_by, r->now, it)) < 0)
            return -1;
        if (found)
            p.replaced_by = it;
        web_tag(r, "doc:%lld", (long long)d.replaced_by);
    }
    if (docs_replaced_ones(r->db, r->arena, d.id, r->now, &p.replaces, &p.n_replaces) != 0)
        return -1;
    for (size_t i = 0; i < p.n_replaces; i++)
        web_tag(r, "doc:%lld", (long long)p.replaces[i].id);
    int64_t *citing = ARENA_ARRAY(r->arena, int64_t, CITING_MAX);
    size_t n_citing = 0;
    if (docs_citing_ids(r->db, d.id, citing, CITING_MAX, &n_citing) != 0)
        return -1;
    if (n_citing && article_links && article_links(r, citing, n_citing, DOC_ARTICLES, &p.articles, &p.n_articles) != 0)
        return -1;

    portal_layout(r, &p.layout, p.title);
    p.layout.description = d.abstract;
    p.layout.own_dublin_core = true;
    p.layout.own_open_graph = true;
    layout_finish(&p.layout, r->arena);
    r->last_modified = d.updated_at;
    web_tag(r, "doc:%lld", (long long)d.id);
    web_tag(r, "docs-catalogue");
    web_tag(r, "site");
    /* an article's new title, or a new article citing this document, must
     * reach this page */
    for (size_t i = 0; i < n_citing; i++)
        web_tag(r, "art:%lld", (long long)citing[i]);
    tpl_docs_document(portal_out(r), &p);
    return 0;
}

/* --- files -------------------------------------------------------------------------------- */

/* The validator of a file: a hash of its bytes, so the same file answers
 * with the same ETag on every request, from every thread and after a
 * restart (and If-None-Match gets 304), and a file with other bytes with
 * another. (A per-rendering ETag would never match, and the name alone
 * can outlive a replaced file.) */
static struct str file_etag(struct arena *a, const void *bytes, size_t n)
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, n ? bytes : (const void *)"", n, NULL, 0);
    static const char hex[] = "0123456789abcdef";
    char *s = arena_alloc(a, 2 * sizeof h + 5);
    size_t k = 0;
    s[k++] = '"';
    s[k++] = 'f';
    s[k++] = '-';
    for (size_t i = 0; i < sizeof h; i++) {
        s[k++] = hex[h[i] >> 4];
        s[k++] = hex[h[i] & 15];
    }
    s[k++] = '"';
    s[k] = '\0';
    return (struct str){s, k};
}

static int docs_file(struct web_req *r)
{
    unsigned long long id;
    struct str id_s = r->captures[0];
    if (!str_to_u64(id_s, &id) || id == 0 || id > INT64_MAX || id_s.p[0] == '0')
        return web_error(r, 404);
    struct docs_file_bytes f;
    int found = docs_file_bytes(r->db, (int64_t)id, r->now, &f);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct str name = arena_strdup(r->arena, f.name.p, f.name.n);
    /* Only the types of filetype.h leave, under their own media type. */
    enum docs_filetype kind = docs_filetype_of_mime(f.mime);
    const char *type = kind == DOCS_FILE_UNKNOWN ? NULL : docs_filetype_mime(kind);
    bool serve = type && name.n && utf8_valid(name) && str_eq(name, r->captures[1]);
    if (serve && f.bytes && f.n > 0)
        buf_append(r->body, f.bytes, f.n);
    if (serve)
        r->etag = file_etag(r->arena, f.bytes, f.n);
    /* Off its row at once: a statement left on a row keeps the thread's
     * read snapshot, and every later page of this thread would be
     * rendered (and cached) from before the next write. */
    docs_file_bytes_done(r->db);
    if (!type || !name.n || !utf8_valid(name))
        return web_error(r, 404);
    if (!serve)
        return web_redirect(r, 301, docs_file_url(r->arena, (int64_t)id, name));
    r->last_modified = f.created_at;

    /* A PDF or a scanned page opens in the browser ("Xem" on the
     * document's page; the name's link downloads it, with the download
     * attribute); the other types are always downloaded. */
    r->disposition = docs_disposition(r->arena, name, docs_filetype_viewable(kind));
    r->content_type = type;
    /* a file taken down (its document unpublished or binned: a wrong scan,
     * a name that should not be public) must leave caches soon; the ETag
     * makes asking again cheap */
    r->max_age = 300;
    return 0;
}

void docs_set_article_links(docs_article_links_fn fn) { article_links = fn; }

/* A reader opened a document's page (router.h's on_read): counted in
 * memory, written by the visitor counter's flusher (stats/views.h). */
static void document_read(const struct str *captures, size_t n_captures, uint64_t reader)
{
    struct str slug;
    if (n_captures == 1)
        stats_view_count(STATS_ITEM_DOCUMENT, document_id_of(captures[0], &slug), reader);
}

void docs_register(void)
{
    static const char *const list_params[] = {"loai", "co-quan", "linh-vuc", "nam", "tinh-trang", "q", "trang", NULL};
    router_add((struct route){.pattern = "/van-ban/", .get = docs_list_page, .known_params = list_params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/van-ban", .get = docs_no_slash});
    /* Not cacheable: the page cache keeps no Content-Disposition, and a
     * file must never leave without it. */
    router_add((struct route){.pattern = "/van-ban/tep/*/*", .get = docs_file});
    router_add((struct route){.pattern = "/van-ban/*", .get = docs_document_page,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE, .on_read = document_read});
}
