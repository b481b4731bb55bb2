/*
 * geo.c - GeoJSON import, Douglas-Peucker simplification and the compact
 * stored form of boundaries; see geo.h.
 *
 * The JSON reader is small and only as general as GeoJSON needs: it
 * parses a whole file into a tree in an arena (objects, arrays, strings,
 * numbers, literals), bounded in depth, and refuses anything malformed.
 */
#include "ntm/geo.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/oserr.h"
#include "ntm/internal.h"

/* --- a small JSON tree ------------------------------------------------------- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
    enum jtype type;
    double num;
    struct str str;      /* J_STR: the raw text between the quotes (escapes kept) */
    struct jval **items; /* J_ARR, J_OBJ (values) */
    struct str *keys;    /* J_OBJ */
    size_t n;
};

struct jparser {
    const char *p, *end;
    struct arena *a;
    int depth;
};

static void skip_ws(struct jparser *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

static struct jval *jparse(struct jparser *j);

static bool jstring(struct jparser *j, struct str *out)
{
    if (j->p >= j->end || *j->p != '"')
        return false;
    const char *s = ++j->p;
    while (j->p < j->end && *j->p != '"') {
        if (*j->p == '\\')
            j->p++;
        j->p++;
    }
    if (j->p >= j->end)
        return false;
    *out = str_make(s, (size_t)(j->p - s));
    j->p++;
    return true;
}

/* Items are collected in a growing array, then kept in the arena. */
static struct jval *jcontainer(struct jparser *j, bool object)
{
    struct jval *v = arena_zalloc(j->a, sizeof *v);
    v->type = object ? J_OBJ : J_ARR;
    size_t cap = 8;
    struct jval **items = malloc(cap * sizeof *items);
    struct str *keys = object ? malloc(cap * sizeof *keys) : NULL;
    if (!items || (object && !keys))
        goto fail;
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
        goto done;
    }
    for (;;) {
        if (v->n == cap) {
            cap *= 2;
            struct jval **ni = realloc(items, cap * sizeof *items);
            if (!ni)
                goto fail;
            items = ni;
            if (object) {
                struct str *nk = realloc(keys, cap * sizeof *keys);
                if (!nk)
                    goto fail;
                keys = nk;
            }
        }
        skip_ws(j);
        if (object) {
            if (!jstring(j, &keys[v->n]))
                goto fail;
            skip_ws(j);
            if (j->p >= j->end || *j->p != ':')
                goto fail;
            j->p++;
        }
        struct jval *item = jparse(j);
        if (!item)
            goto fail;
        items[v->n++] = item;
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            break;
        }
        goto fail;
    }
done:
    v->items = arena_alloc(j->a, (v->n + 1) * sizeof *items);
    memcpy(v->items, items, v->n * sizeof *items);
    if (object) {
        v->keys = arena_alloc(j->a, (v->n + 1) * sizeof *keys);
        memcpy(v->keys, keys, v->n * sizeof *keys);
    }
    free(items);
    free(keys);
    return v;
fail:
    free(items);
    free(keys);
    return NULL;
}

static struct jval *jparse(struct jparser *j)
{
    skip_ws(j);
    if (j->p >= j->end || ++j->depth > 64)
        return NULL;
    struct jval *v = NULL;
    char c = *j->p;
    if (c == '{' || c == '[')
        v = jcontainer(j, c == '{');
    else if (c == '"') {
        v = arena_zalloc(j->a, sizeof *v);
        v->type = J_STR;
        if (!jstring(j, &v->str))
            v = NULL;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        char buf[64];
        size_t k = 0;
        while (j->p < j->end && k < sizeof buf - 1 && strchr("+-.eE0123456789", *j->p))
            buf[k++] = *j->p++;
        buf[k] = '\0';
        char *endp;
        double x = strtod(buf, &endp);
        if (*endp == '\0' && isfinite(x)) {
            v = arena_zalloc(j->a, sizeof *v);
            v->type = J_NUM;
            v->num = x;
        }
    } else {
        static const struct {
            const char *word;
            enum jtype type;
        } lits[] = {{"true", J_BOOL}, {"false", J_BOOL}, {"null", J_NULL}};
        for (size_t i = 0; i < 3; i++) {
            size_t len = strlen(lits[i].word);
            if ((size_t)(j->end - j->p) >= len && !memcmp(j->p, lits[i].word, len)) {
                j->p += len;
                v = arena_zalloc(j->a, sizeof *v);
                v->type = lits[i].type;
                break;
            }
        }
    }
    j->depth--;
    return v;
}

static const struct jval *jget(const struct jval *o, const char *key)
{
    if (!o || o->type != J_OBJ)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (str_eq_lit(o->keys[i], key))
            return o->items[i];
    return NULL;
}

/* --- simplification --------------------------------------------------------------- */

static double seg_dist(const int64_t *p, const int64_t *a, const int64_t *b)
{
    double dx = (double)(b[0] - a[0]), dy = (double)(b[1] - a[1]);
    double px = (double)(p[0] - a[0]), py = (double)(p[1] - a[1]);
    double len2 = dx * dx + dy * dy;
    if (len2 == 0)
        return sqrt(px * px + py * py);
    double t = (px * dx + py * dy) / len2;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = px - t * dx, ey = py - t * dy;
    return sqrt(ex * ex + ey * ey);
}

size_t ntm_geo_simplify(int64_t *pts, size_t n, double tolerance)
{
    /* drop consecutive duplicates (quantisation makes many) and the closing point */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || pts[2 * i] != pts[2 * (m - 1)] || pts[2 * i + 1] != pts[2 * (m - 1) + 1]) {
            pts[2 * m] = pts[2 * i];
            pts[2 * m + 1] = pts[2 * i + 1];
            m++;
        }
    if (m > 1 && pts[0] == pts[2 * (m - 1)] && pts[1] == pts[2 * (m - 1) + 1])
        m--;
    if (m < 3)
        return 0;
    /* Douglas-Peucker on the open chain 0..m-1 closed back to 0: split at
     * the point farthest from the first, run on both halves. An explicit
     * stack of ranges: no recursion depth to worry about. */
    unsigned char *keep = calloc(m + 1, 1);
    size_t *stack = malloc(2 * (m + 1) * sizeof *stack);
    if (!keep || !stack) {
        free(keep);
        free(stack);
        return 0;
    }
    size_t far = 0;
    double best = -1;
    for (size_t i = 1; i < m; i++) {
        double dx = (double)(pts[2 * i] - pts[0]), dy = (double)(pts[2 * i + 1] - pts[1]);
        if (dx * dx + dy * dy > best)
            best = dx * dx + dy * dy, far = i;
    }
    keep[0] = keep[far] = 1;
    size_t top = 0;
    stack[top++] = 0, stack[top++] = far;
    stack[top++] = far, stack[top++] = m; /* m stands for point 0 again */
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        if (b <= a + 1)
            continue;
        const int64_t *pa = &pts[2 * a], *pb = &pts[2 * (b % m)];
        size_t idx = 0;
        double dmax = -1;
        for (size_t i = a + 1; i < b; i++) {
            double dd = seg_dist(&pts[2 * i], pa, pb);
            if (dd > dmax)
                dmax = dd, idx = i;
        }
        if (dmax > tolerance) {
            keep[idx] = 1;
            stack[top++] = a, stack[top++] = idx;
            stack[top++] = idx, stack[top++] = b;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (keep[i]) {
            pts[2 * k] = pts[2 * i];
            pts[2 * k + 1] = pts[2 * i + 1];
            k++;
        }
    free(keep);
    free(stack);
    return k >= 3 ? k : 0;
}

void ntm_geo_encode_ring(struct buf *out, const int64_t *pts, size_t n, char sep)
{
    if (sep)
        buf_putc(out, sep);
    for (size_t i = 0; i < n; i++) {
        long long x = (long long)pts[2 * i], y = (long long)pts[2 * i + 1];
        if (i > 0) {
            x -= (long long)pts[2 * (i - 1)];
            y -= (long long)pts[2 * (i - 1) + 1];
        }
        buf_printf(out, i ? " %lld %lld" : "%lld %lld", x, y);
    }
}

int ntm_geo_bounds(struct str g, double box[4], int *points)
{
    long long x = 0, y = 0, minx = 0, miny = 0, maxx = 0, maxy = 0;
    int n = 0, in_ring = 0;
    size_t i = 0;
    bool any = false;
    while (i <= g.n) {
        if (i == g.n || g.p[i] == ';' || g.p[i] == '|') {
            if (in_ring < 3)
                return -1; /* an empty or degenerate ring */
            in_ring = 0;
            if (i == g.n)
                break;
            i++;
            continue;
        }
        long long v[2];
        for (int k = 0; k < 2; k++) {
            while (i < g.n && g.p[i] == ' ')
                i++;
            bool neg = i < g.n && g.p[i] == '-';
            if (neg)
                i++;
            if (i >= g.n || g.p[i] < '0' || g.p[i] > '9')
                return -1;
            long long z = 0;
            while (i < g.n && g.p[i] >= '0' && g.p[i] <= '9' && z < 100000000000LL)
                z = z * 10 + (g.p[i++] - '0');
            v[k] = neg ? -z : z;
        }
        while (i < g.n && g.p[i] == ' ')
            i++;
        if (in_ring == 0)
            x = v[0], y = v[1];
        else
            x += v[0], y += v[1];
        if (x < -1800000 || x > 1800000 || y < -900000 || y > 900000)
            return -1;
        if (!any || x < minx)
            minx = x;
        if (!any || x > maxx)
            maxx = x;
        if (!any || y < miny)
            miny = y;
        if (!any || y > maxy)
            maxy = y;
        any = true;
        in_ring++;
        n++;
    }
    if (!any)
        return -1;
    box[0] = minx / NTM_GEO_SCALE, box[1] = miny / NTM_GEO_SCALE;
    box[2] = maxx / NTM_GEO_SCALE, box[3] = maxy / NTM_GEO_SCALE;
    *points = n;
    return 0;
}

/* --- storing ---------------------------------------------------------------------------- */

static const char SQL_UNIT_ID[] = "SELECT id FROM ntm_unit WHERE code = ?1 AND valid_to IS NULL";
static const char SQL_SHAPE_SET[] =
    "INSERT INTO ntm_shape(unit_id, min_lon, min_lat, max_lon, max_lat, points, geometry) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(unit_id) DO UPDATE SET min_lon = excluded.min_lon, "
    "min_lat = excluded.min_lat, max_lon = excluded.max_lon, max_lat = excluded.max_lat, "
    "points = excluded.points, geometry = excluded.geometry";

/* Stores one shape for the unit `code`: 1 stored, 0 no such unit, -1. */
static int shape_store(struct store_conn *db, struct str code, struct str geometry, char *err, size_t errlen)
{
    double box[4];
    int points;
    if (ntm_geo_bounds(geometry, box, &points) != 0)
        return ntm_refuse(err, errlen, "Ranh giới của đơn vị %.*s không đúng dạng lưu trữ.", (int)code.n, code.p);
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_ID);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
    store_bind_str(st, 1, code);
    int rc = store_step(db, st);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc <= 0)
        return rc < 0 ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị") : 0;
    if (!(st = store_stmt(db, SQL_SHAPE_SET)))
        return ntm_refuse_sql(db, err, errlen, "ghi ranh giới");
    sqlite3_bind_int64(st, 1, id);
    for (int k = 0; k < 4; k++)
        sqlite3_bind_double(st, 2 + k, box[k]);
    sqlite3_bind_int(st, 6, points);
    store_bind_str(st, 7, geometry);
    if (store_step_done(db, st) != 0)
        return ntm_refuse_sql(db, err, errlen, "ghi ranh giới");
    store_touch(db, "ntm:unit:%.*s", (int)code.n, code.p);
    return 1;
}

int ntm_shapes_load_csv(struct store_conn *db, struct str csv, int *count, char *err, size_t errlen)
{
    struct arena a;
    arena_init(&a, 1 << 16);
    *count = 0;
    struct str f[NTM_CSV_FIELDS];
    int nf = ntm_csv_row(&csv, &a, f, NTM_CSV_FIELDS), rc = 0;
    if (nf != 3 || !str_eq_lit(f[0], "code") || !str_eq_lit(f[2], "geometry"))
        rc = ntm_refuse(err, errlen, "Tệp ranh giới phải có các cột code,points,geometry.");
    if (rc == 0 && store_write_begin(db) != 0)
        rc = ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    else if (rc == 0) {
        while (rc == 0 && (nf = ntm_csv_row(&csv, &a, f, NTM_CSV_FIELDS)) != 0) {
            if (nf != 3)
                rc = ntm_refuse(err, errlen, "Tệp ranh giới có dòng hỏng.");
            else {
                int s = shape_store(db, f[0], f[2], err, errlen);
                if (s < 0)
                    rc = -1;
                *count += s > 0;
            }
        }
        if (rc == 0)
            store_touch(db, "ntm");
        if (store_write_finish(db, rc) != 0 && rc == 0)
            rc = ntm_refuse_sql(db, err, errlen, "ghi ranh giới");
    }
    arena_free(&a);
    return rc;
}

/* --- import --------------------------------------------------------------------------- */

/* Appends the simplified form of one GeoJSON polygon (an array of rings)
 * to geo; returns the rings kept. */
static int add_polygon(const struct jval *poly, double tolerance, struct buf *geo, bool first_polygon)
{
    if (!poly || poly->type != J_ARR)
        return -1;
    int kept = 0;
    for (size_t r = 0; r < poly->n; r++) {
        const struct jval *ring = poly->items[r];
        if (ring->type != J_ARR)
            return -1;
        int64_t *pts = malloc((ring->n + 1) * 2 * sizeof *pts);
        if (!pts)
            return -1;
        size_t n = 0;
        for (size_t i = 0; i < ring->n; i++) {
            const struct jval *pt = ring->items[i];
            if (pt->type != J_ARR || pt->n < 2 || pt->items[0]->type != J_NUM || pt->items[1]->type != J_NUM ||
                fabs(pt->items[0]->num) > 180 || fabs(pt->items[1]->num) > 90) {
                free(pts);
                return -1;
            }
            pts[2 * n] = (int64_t)llround(pt->items[0]->num * NTM_GEO_SCALE);
            pts[2 * n + 1] = (int64_t)llround(pt->items[1]->num * NTM_GEO_SCALE);
            n++;
        }
        size_t m = ntm_geo_simplify(pts, n, tolerance * NTM_GEO_SCALE);
        if (m == 0 && r == 0) {
            free(pts);
            return 0; /* the outer ring collapsed: the polygon is too small to draw */
        }
        if (m) {
            ntm_geo_encode_ring(geo, pts, m, kept ? '|' : (first_polygon ? '\0' : ';'));
            kept++;
        }
        free(pts);
    }
    return kept;
}

static int import_feature(struct store_conn *db, const struct jval *feat, double tolerance, struct buf *csv_out,
                          int *count, char *err, size_t errlen)
{
    const struct jval *id = jget(feat, "id");
    if (!id || id->type != J_STR)
        id = jget(jget(feat, "properties"), "code");
    const struct jval *geom = jget(feat, "geometry");
    const struct jval *type = jget(geom, "type"), *coords = jget(geom, "coordinates");
    if (!id || id->type != J_STR || id->str.n == 0 || id->str.n > 10 || !type || type->type != J_STR || !coords)
        return 0; /* not a unit's boundary: skipped */
    struct buf g = {0};
    int rings = 0, bad = 0;
    if (str_eq_lit(type->str, "Polygon"))
        rings = add_polygon(coords, tolerance, &g, true), bad = rings < 0;
    else if (str_eq_lit(type->str, "MultiPolygon") && coords->type == J_ARR)
        for (size_t p = 0; p < coords->n && !bad; p++) {
            int k = add_polygon(coords->items[p], tolerance, &g, g.n == 0);
            bad = k < 0;
            rings += k > 0 ? k : 0;
        }
    else {
        buf_free(&g);
        return 0;
    }
    int rc = 0;
    if (bad)
        rc = ntm_refuse(err, errlen, "Ranh giới của đơn vị %.*s có tọa độ không hợp lệ.", (int)id->str.n, id->str.p);
    else if (rings > 0) {
        int s = shape_store(db, id->str, buf_str(&g), err, errlen);
        if (s < 0)
            rc = -1;
        else if (s > 0) {
            (*count)++;
            if (csv_out) {
                double box[4];
                int points = 0;
                ntm_geo_bounds(buf_str(&g), box, &points);
                buf_printf(csv_out, "%.*s,%d,", (int)id->str.n, id->str.p, points);
                buf_put(csv_out, buf_str(&g));
                buf_putc(csv_out, '\n');
            }
        }
    }
    buf_free(&g);
    return rc;
}

static int import_file(struct store_conn *db, const char *path, double tolerance, struct buf *csv_out, int *count,
                       char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ntm_refuse(err, errlen, "Không mở được %s: %s", path, os_error_words(errno));
    struct buf text = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (text.n + got > NTM_GEO_FILE_MAX) {
            fclose(f);
            buf_free(&text);
            return ntm_refuse(err, errlen, "Tệp %s quá lớn (tối đa 64 MiB).", path);
        }
        buf_append(&text, chunk, got);
    }
    fclose(f);
    struct arena a;
    arena_init(&a, 1 << 20);
    struct jparser j = {text.p, text.p + text.n, &a, 0};
    struct jval *root = text.n ? jparse(&j) : NULL;
    int rc = 0;
    if (!root)
        rc = ntm_refuse(err, errlen, "Tệp %s không phải JSON hợp lệ.", path);
    else {
        const struct jval *type = jget(root, "type"), *features = jget(root, "features");
        if (type && type->type == J_STR && str_eq_lit(type->str, "Feature"))
            rc = import_feature(db, root, tolerance, csv_out, count, err, errlen);
        else if (features && features->type == J_ARR)
            for (size_t i = 0; i < features->n && rc == 0; i++)
                rc = import_feature(db, features->items[i], tolerance, csv_out, count, err, errlen);
        else
            rc = ntm_refuse(err, errlen, "Tệp %s không phải GeoJSON (Feature hoặc FeatureCollection).", path);
    }
    arena_free(&a);
    buf_free(&text);
    return rc;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Imports the .geojson files of `dir`, and of its sub-folders when depth > 0, in name order. */
static int import_dir(struct store_conn *db, const char *dir, int depth, double tolerance, struct buf *csv_out,
                      int *count, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return ntm_refuse(err, errlen, "Không mở được thư mục %s: %s", dir, os_error_words(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) && rc == 0) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                rc = ntm_refuse(err, errlen, "Hết bộ nhớ.");
                break;
            }
            names = nn;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = ntm_refuse(err, errlen, "Hết bộ nhớ.");
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat sb;
        size_t len = strlen(names[i]);
        if (stat(names[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth > 0)
            rc = import_dir(db, names[i], depth - 1, tolerance, csv_out, count, err, errlen);
        else if (S_ISREG(sb.st_mode) && len > 8 && !strcmp(names[i] + len - 8, ".geojson"))
            rc = import_file(db, names[i], tolerance, csv_out, count, err, errlen);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int ntm_geojson_import(struct store_conn *db, const char *dir, double tolerance, struct buf *csv_out, int *count,
                       char *err, size_t errlen)
{
    *count = 0;
    if (!(tolerance >= 0 && tolerance <= 1))
        return ntm_refuse(err, errlen, "Dung sai đơn giản hóa phải từ 0 đến 1 độ.");
    if (csv_out)
        buf_puts(csv_out, "code,points,geometry\n");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = import_dir(db, dir, 1, tolerance, csv_out, count, err, errlen);
    if (rc == 0)
        store_touch(db, "ntm");
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "ghi ranh giới");
    return 0;
}
