/* internal.c - what the files of src/ntm/ share: refusals, text checks and
 * the CSV reader; see internal.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
    return ntm_refuse(err, errlen, "Lỗi cơ sở dữ liệu khi %s: %s", what, db->db ? sqlite3_errmsg(db->db) : "");
}

bool ntm_text_ok(struct str s, size_t max)
{
    return s.n == 0 || (s.n <= max && utf8_valid(s) && !memchr(s.p, '\0', s.n));
}

const char *ntm_cstr(struct arena *a, struct str s) { return arena_strdup(a, s.p ? s.p : "", s.n).p; }

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

int ntm_xlsx_slurp(const char *path, struct buf *out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    char chunk[65536];
    size_t k;
    int rc = 0;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (out->n + k > NTM_XLSX_MAX_BYTES) {
            rc = -1;
            break;
        }
        buf_put(out, (struct str){chunk, k});
    }
    if (ferror(fp))
        rc = -1;
    fclose(fp);
    return rc;
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
