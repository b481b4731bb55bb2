/* internal.c - what the files of src/ntm/ share: refusals, text checks and
 * the CSV reader; see internal.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "http/web.h"
#include "ntm/internal.h"
#include "text/utf8.h"

int ntm_refuse(char *err, size_t errlen, const char *fmt, ...)
{
    if (errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int ntm_refuse_sql(struct store_conn *db, char *err, size_t errlen, const char *what)
{
    const char *words = store_failure_words(db);
    if (words)
        return ntm_refuse(err, errlen, "Lỗi cơ sở dữ liệu khi %s: %s (%s)", what, words,
                          db->db ? sqlite3_errmsg(db->db) : "");
    return ntm_refuse(err, errlen, "Lỗi cơ sở dữ liệu khi %s: %s", what, db->db ? sqlite3_errmsg(db->db) : "");
}

bool ntm_text_ok(struct str s, size_t max)
{
    /* max characters, as a form's maxlength counts them: a Vietnamese
     * letter takes 2 or 3 bytes, a character at most 4 */
    return s.n == 0 || (s.n <= 4 * max && utf8_valid(s) && !memchr(s.p, '\0', s.n) && utf8_count(s) <= max);
}

const char *ntm_cstr(struct arena *a, struct str s) { return arena_strdup(a, s.p ? s.p : "", s.n).p; }

struct str ntm_unit_url(struct arena *a, struct str code, int year)
{
    if (year <= 0)
        return arena_printf(a, "/nong-thon-moi/xa/%.*s", (int)code.n, code.p);
    return arena_printf(a, "/nong-thon-moi/xa/%.*s?nam=%d", (int)code.n, code.p, year);
}

int ntm_csv_row(struct str *in, struct arena *a, struct str *fields, size_t max)
{
    if (in->n == 0)
        return 0;
    size_t nf = 0, i = 0;
    const char *p = in->p;
    size_t n = in->n;
    for (;;) {
        if (nf == max)
            return -1;
        char *out = arena_alloc(a, n - i + 1);
        size_t k = 0;
        if (i < n && p[i] == '"') {
            i++;
            for (;;) {
                if (i >= n)
                    return -1; /* unclosed quote */
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        out[k++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                out[k++] = p[i++];
            }
            if (i < n && p[i] != ',' && p[i] != '\n' && p[i] != '\r')
                return -1;
        } else {
            while (i < n && p[i] != ',' && p[i] != '\n' && p[i] != '\r')
                out[k++] = p[i++];
        }
        out[k] = '\0';
        fields[nf++] = (struct str){out, k};
        if (i < n && p[i] == ',') {
            i++;
            continue;
        }
        if (i < n && p[i] == '\r')
            i++;
        if (i < n && p[i] == '\n')
            i++;
        break;
    }
    *in = str_skip(*in, i);
    return (int)nf;
}

int ntm_xlsx_begin(struct ntm_xlsx *x, bool constant_memory)
{
    snprintf(x->path, sizeof x->path, "%s", "/tmp/dinh-ntm-XXXXXX");
    x->wb = NULL;
    int fd = mkstemp(x->path);
    if (fd < 0)
        return -1;
    close(fd);
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL};
    x->wb = workbook_new_opt(x->path, &opt);
    if (!x->wb) {
        unlink(x->path);
        return -1;
    }
    return 0;
}

int ntm_xlsx_end(struct ntm_xlsx *x, bool ok, struct buf *out)
{
    if (!x->wb)
        return -1;
    ok = workbook_close(x->wb) == LXW_NO_ERROR && ok;
    x->wb = NULL;
    FILE *fp = ok ? fopen(x->path, "rb") : NULL;
    int rc = fp ? 0 : -1;
    char chunk[65536];
    size_t k;
    while (fp && (k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (out->n + k > NTM_XLSX_MAX_BYTES) {
            rc = -1;
            break;
        }
        buf_put(out, (struct str){chunk, k});
    }
    if (fp) {
        if (ferror(fp))
            rc = -1;
        fclose(fp);
    }
    unlink(x->path);
    return rc;
}

void ntm_xlsx_formats_make(lxw_workbook *wb, struct ntm_xlsx_formats *f)
{
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    f->count = workbook_add_format(wb);
    format_set_num_format(f->count, "#,##0");
    f->share = workbook_add_format(wb);
    format_set_num_format(f->share, "0.0%");
    f->note = workbook_add_format(wb);
    format_set_italic(f->note);
    format_set_text_wrap(f->note); /* merged over the table above the header */
    format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
}

int ntm_xlsx_answer(struct web_req *r, int status, const struct buf *out, struct str filename)
{
    if (status != 200)
        return web_error(r, status);
    buf_put(r->body, buf_str(out));
    r->content_type = NTM_XLSX_TYPE;
    r->disposition = arena_printf(r->arena, "attachment; filename=\"%.*s\"", (int)filename.n, filename.p);
    return 0;
}

int ntm_years_read(struct store_conn *db, sqlite3_stmt *st, struct arena *a, int **years, size_t *n)
{
    int rc;
    *n = 0;
    *years = arena_alloc(a, 41 * sizeof(int));
    while ((rc = store_step(db, st)) == 1 && *n < 40)
        (*years)[(*n)++] = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

struct str ntm_percent(struct arena *a, int n, int total)
{
    if (total <= 0)
        return STR("");
    long long x = ((long long)n * 1000 + total / 2) / total;
    return arena_printf(a, "%lld,%lld%%", x / 10, x % 10);
}

/* Equal parts, of sums in floating point (funds added up unit by unit). */
static bool same_size(double x, double y) { return fabs(x - y) <= 1e-9 * fmax(fabs(x), fabs(y)); }

void ntm_shares(struct arena *a, const double *parts, size_t n, struct str *out)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += parts[i] > 0 ? parts[i] : 0;
    long long *tenths = ARENA_ARRAY(a, long long, n + 1), shown = 0;
    double *exact = ARENA_ARRAY(a, double, n + 1);
    bool *moved = ARENA_ARRAY(a, bool, n + 1);
    for (size_t i = 0; i < n; i++) {
        exact[i] = total > 0 && parts[i] > 0 ? parts[i] * 1000 / total : 0;
        tenths[i] = llround(exact[i]);
        moved[i] = parts[i] <= 0; /* a part of nothing stays 0,0% */
        shown += tenths[i];
    }
    /* The tenths missing (or too many) go to (or come from) the parts
     * whose rounding moved them most the other way, never one it moved
     * the same way (none goes past the tenth on its other side); parts of
     * equal size move together or not at all, and each moves once. */
    long long off = total > 0 ? 1000 - shown : 0;
    while (off != 0) {
        size_t best = n;
        double best_gap = 0;
        for (size_t i = 0; i < n; i++) {
            double gap = off > 0 ? exact[i] - (double)tenths[i] : (double)tenths[i] - exact[i];
            if (!moved[i] && gap > 0 && (best == n || gap > best_gap)) {
                best = i;
                best_gap = gap;
            }
        }
        if (best == n)
            break;
        long long equal = 0;
        for (size_t i = 0; i < n; i++)
            equal += same_size(parts[i], parts[best]);
        bool fits = equal <= (off > 0 ? off : -off);
        for (size_t i = 0; i < n; i++)
            if (same_size(parts[i], parts[best])) {
                tenths[i] += fits ? (off > 0 ? 1 : -1) : 0;
                moved[i] = true;
            }
        if (fits)
            off += off > 0 ? -equal : equal;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = total > 0 ? arena_printf(a, "%lld,%lld%%", tenths[i] / 10, tenths[i] % 10) : STR("");
}

bool ntm_year_has_data(const struct ntm_dashboard *d)
{
    for (size_t i = 0; i < d->n_years; i++)
        if (d->years[i] == d->year)
            return true;
    return false;
}

bool ntm_year_is_empty(const struct ntm_dashboard *d)
{
    return !d->quarter && !ntm_year_has_data(d) && d->assessed == 0;
}

int ntm_no_data_year(struct web_req *r, int year)
{
    return web_error_saying(r, 404,
                            arena_printf(r->arena,
                                         "Năm %d chưa có kết quả đánh giá nào được Văn phòng Điều phối chấp nhận.",
                                         year));
}

struct str ntm_name_in_text(struct arena *a, struct str full_name)
{
    static const char *const kinds[][2] = {
        {"Tỉnh ", "tỉnh "},         {"Thành phố ", "thành phố "}, {"Xã ", "xã "},         {"Phường ", "phường "},
        {"Thị trấn ", "thị trấn "}, {"Đặc khu ", "đặc khu "},     {"Huyện ", "huyện "}, {"Quận ", "quận "},
        {"Thị xã ", "thị xã "},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        struct str k = str_cstr(kinds[i][0]);
        if (str_starts_with(full_name, k))
            return ARENA_JOIN(a, str_cstr(kinds[i][1]), str_skip(full_name, k.n));
    }
    return full_name;
}

bool ntm_task_overdue(struct str state, int due_year, int year)
{
    bool open = !str_eq_lit(state, "done") && !str_eq_lit(state, "dropped");
    return open && due_year > 0 && year > due_year;
}

struct str ntm_task_state_text(struct arena *a, struct str state, int due_year, int year)
{
    struct str name = str_eq_lit(state, "doing")     ? STR("Đang thực hiện")
                      : str_eq_lit(state, "done")    ? STR("Đã hoàn thành")
                      : str_eq_lit(state, "dropped") ? STR("Không thực hiện")
                                                     : STR("Chưa thực hiện");
    if (ntm_task_overdue(state, due_year, year))
        return arena_printf(a, "%.*s, quá hạn (hạn năm %d)", (int)name.n, name.p, due_year);
    return name;
}
