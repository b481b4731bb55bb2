/* routes.c - display choices and media files; see routes.h. */
#include "portal/routes.h"

#include <stdlib.h>

#include "http/parse.h"
#include "http/router.h"
#include "http/web.h"

/* GET /tuy-chon?co-chu=N&tuong-phan=0|1&ve=/path
 * Stores the text size and contrast choice in a cookie and goes back to
 * the page the reader came from. A link, not a form, so that it works
 * without JavaScript; it changes nothing but the reader's own display. */
static int site_prefs(struct web_req *r)
{
    struct view_prefs prefs = r->prefs;
    struct str size = web_param(r, "co-chu"), contrast = web_param(r, "tuong-phan");
    if (size.p) {
        if (str_eq_lit(size, "-1"))
            prefs.text_size = -1;
        else if (size.n == 1 && size.p[0] >= '0' && size.p[0] <= '2')
            prefs.text_size = size.p[0] - '0';
        else
            return web_error(r, 400);
    }
    if (contrast.p) {
        if (!str_eq_lit(contrast, "0") && !str_eq_lit(contrast, "1"))
            return web_error(r, 400);
        prefs.contrast = contrast.p[0] == '1';
    }
    struct str back = web_param(r, "ve");
    if (!back.p || !http_is_local_path(back))
        back = STR("/");
    bool secure = str_starts_with(r->site->base_url, STR("https://"));
    struct str value = http_format_prefs(r->arena, &prefs);
    r->set_cookie = arena_printf(r->arena, "dinh_pref=%.*s; Path=/; Max-Age=31536000; SameSite=Lax%s", (int)value.n,
                                 value.p, secure ? "; Secure" : "");
    return web_redirect(r, 303, back);
}

static const char SQL_MEDIA_FILE[] = "SELECT id, mime, bytes, created_at FROM media WHERE name = ?1";

/* GET /media/<name>: an image or document stored in the database. Only
 * known safe types are served, never as HTML. */
static int site_media(struct web_req *r)
{
    static const char *const allowed[] = {"image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"};
    sqlite3_stmt *st = store_stmt(r->db, SQL_MEDIA_FILE);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, r->captures[0].p, (int)r->captures[0].n, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return web_error(r, 404);
    }
    struct str mime = store_col_str(st, 1);
    const char *type = NULL;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (str_eq_lit(mime, allowed[i]))
            type = allowed[i];
    if (!type) {
        sqlite3_reset(st);
        return web_error(r, 404);
    }
    const void *bytes = sqlite3_column_blob(st, 2);
    int n = sqlite3_column_bytes(st, 2);
    buf_append(&r->out->buf, bytes, (size_t)n);
    r->content_type = type;
    r->last_modified = sqlite3_column_int64(st, 3);
    r->max_age = 86400;
    web_tag(r, "media:%lld", (long long)sqlite3_column_int64(st, 0));
    if (str_eq_lit(mime, "application/pdf"))
        r->disposition = arena_printf(r->arena, "inline; filename=\"%.*s\"", (int)r->captures[0].n, r->captures[0].p);
    sqlite3_reset(st);
    return 0;
}

void portal_register(void)
{
    router_add("/tuy-chon", site_prefs, NULL, 0);
    router_add("/media/*", site_media, NULL, ROUTE_CACHEABLE);
}
