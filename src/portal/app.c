/* app.c - the portal's hooks into the server, the page frame, error
 * pages and the reader's display choices; see app.h. */
#include "portal/app.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "http/parse.h"
#include "http/router.h"
#include "templates.h"
#include "text/vitime.h"

static struct portal_config config;

void portal_configure(const struct portal_config *c) { config = *c; }

/* --- per thread -------------------------------------------------------------- */

static struct web_app *thread_start(int index, char *err, size_t errlen)
{
    struct web_app *app = calloc(1, sizeof *app);
    if (!app) {
        snprintf(err, errlen, "hết bộ nhớ");
        return NULL;
    }
    app->index = index;
    app->out = TPL_OUT_INIT;
    app->chrome = TPL_OUT_INIT;
    if (store_open(&app->db, config.db_path, STORE_READ_WRITE, err, errlen) != 0) {
        free(app);
        return NULL;
    }
    if (store_require_current(&app->db, config.db_path, err, errlen) != 0) {
        store_close(&app->db);
        free(app);
        return NULL;
    }
    if (site_load(&app->site, &app->db, str_cstr(config.base_url)) != 0) {
        snprintf(err, errlen, "không đọc được thiết lập của trang từ %s", config.db_path);
        site_free(&app->site);
        store_close(&app->db);
        free(app);
        return NULL;
    }
    return app;
}

static void thread_stop(struct web_app *app)
{
    site_free(&app->site);
    store_close(&app->db);
    tpl_out_free(&app->out);
    tpl_out_free(&app->chrome);
    free(app);
}

static void request_begin(struct web_req *r)
{
    struct web_app *app = r->app;
    tpl_out_reset(&app->out);
    r->db = &app->db;
    r->body = &app->out.buf;
    site_refresh(&app->site, &app->db);
    struct str cookies = web_header(r, "cookie");
    portal_parse_prefs(http_cookie_value(cookies, "dinh_pref"), &app->prefs);
    app->viewer = NULL;
    if (config.identify && cookies.n)
        config.identify(r);
    /* The display choices are part of every cached page's key, and so is
     * the day in Vietnam: what shows "up to today" (a document entered
     * ahead of its date) changes at midnight without a write. */
    static const char variants[4][2][3] = {{"0n", "0h"}, {"1n", "1h"}, {"2n", "2h"}, {"3n", "3h"}};
    char day[24];
    r->variant = ARENA_JOIN(r->arena, (struct str){variants[app->prefs.text_size + 1][app->prefs.contrast], 2},
                            STR(":"), str_of_u64(day, (unsigned long long)vi_day_number(r->now)));
}

/* The visitor counter is the one live block of the portal's pages. */
static void request_end(struct web_req *r)
{
    struct tpl_out *out = &r->app->out;
    r->splice_at = SIZE_MAX;
    for (int i = 0; i < out->n_live; i++)
        if (strcmp(out->live_name[i], "counter") == 0)
            r->splice_at = out->live_at[i];
}

static void error_page(struct web_req *r, int status)
{
    tpl_out_reset(&r->app->out);
    struct str message = r->error_why.n ? r->error_why : str_cstr(web_status_message(status));
    if (config.admin_error && (str_eq_lit(r->path, "/quan-tri") || str_starts_with(r->path, STR("/quan-tri/")))) {
        config.admin_error(r, &r->app->out, status, message);
        return;
    }
    struct error_view v;
    portal_layout(r, &v.layout, str_cstr(web_status_title(status)));
    v.layout.noindex = true;
    v.layout.canonical = STR_NULL;
    layout_finish(&v.layout, r->arena);
    v.status = status;
    v.title = str_cstr(web_status_title(status));
    v.message = message;
    tpl_layout_error(&r->app->out, &v);
}

struct web_app_hooks portal_hooks = {
    .thread_start = thread_start,
    .thread_stop = thread_stop,
    .request_begin = request_begin,
    .request_end = request_end,
    .error_page = error_page,
};

/* --- the page frame ------------------------------------------------------------ */

/* The sidebar's links and the footer show the site's settings alone: drawn
 * once per snapshot and thread, and again after a write to the settings
 * (site_refresh loads a snapshot of a new generation). */
static struct tpl_html chrome_foot(struct web_req *r)
{
    struct web_app *app = r->app;
    const struct site *site = &app->site;
    if (app->chrome_gen != site->generation || !app->chrome.buf.n) {
        struct layout_view l = {.site = site};
        if (site->email.n)
            l.mailto = ARENA_JOIN(r->arena, STR("mailto:"), site->email);
        tpl_out_reset(&app->chrome);
        tpl_layout_foot_rest(&app->chrome, &l);
        app->chrome_gen = site->generation;
    }
    return tpl_html_trusted(app->chrome.buf.p, app->chrome.buf.n);
}

/* The address a page names as canonical: its own, with the page number
 * written as a number ("trang=02" as "trang=2") and page 1 left out, so
 * that /tin-tuc/?trang=1 names /tin-tuc/. */
static struct str canonical_path(struct arena *a, struct str path)
{
    const char *q = memchr(path.p, '?', path.n);
    if (!q)
        return path;
    struct buf b = BUF_INIT;
    buf_append(&b, path.p, (size_t)(q - path.p));
    char sep = '?';
    struct str rest = {q + 1, path.n - (size_t)(q + 1 - path.p)};
    while (rest.n) {
        const char *amp = memchr(rest.p, '&', rest.n);
        struct str part = {rest.p, amp ? (size_t)(amp - rest.p) : rest.n};
        rest = amp ? str_skip(rest, part.n + 1) : STR("");
        unsigned long long page;
        if (str_starts_with(part, STR("trang=")) && str_to_u64(str_skip(part, 6), &page)) {
            if (page == 1)
                continue;
            char num[24];
            buf_putc(&b, sep);
            buf_puts(&b, "trang=");
            buf_put(&b, str_of_u64(num, page));
        } else {
            buf_putc(&b, sep);
            buf_put(&b, part);
        }
        sep = '&';
    }
    struct str out = arena_strdup(a, b.p ? b.p : "", b.n);
    buf_free(&b);
    return out;
}

int portal_page_param(struct web_req *r, int max)
{
    struct str v = web_param(r, "trang");
    unsigned long long n = 1;
    if (v.p && (!str_to_u64(v, &n) || n == 0 || n > (unsigned long long)max)) {
        web_error_saying(r, 400, arena_printf(r->arena, "Số trang phải là một số nguyên từ 1 đến %d, ví dụ ?trang=2.",
                                              max));
        return 0;
    }
    return (int)n;
}

int portal_page_beyond(struct web_req *r, int pages)
{
    return web_error_saying(r, 404, pages > 1 ? arena_printf(r->arena, "Danh sách này chỉ có %d trang.", pages)
                                              : STR("Danh sách này chỉ có một trang."));
}

void portal_layout(struct web_req *r, struct layout_view *l, struct str title)
{
    const struct site *site = portal_site(r);
    memset(l, 0, sizeof *l);
    l->chrome_foot = chrome_foot(r);
    l->site = site;
    l->agency_in_name = site->agency.n && site->name.n >= site->agency.n &&
                        memmem(site->name.p, site->name.n, site->agency.p, site->agency.n) != NULL;
    l->prefs = portal_prefs(r);
    l->path = r->self_url.n ? r->self_url : r->path;
    if (title.n)
        l->title = ARENA_JOIN(r->arena, title, STR(" - "), site->short_name);
    else
        l->title = site->name;
    if (site->base_url.n)
        l->canonical = ARENA_JOIN(r->arena, site->base_url, canonical_path(r->arena, l->path));
}

/* --- display choices -------------------------------------------------------------- */

void portal_parse_prefs(struct str v, struct view_prefs *prefs)
{
    prefs->text_size = 0;
    prefs->contrast = false;
    size_t j = 0;
    if (v.n >= 2 && v.p[0] == '-' && v.p[1] == '1') {
        prefs->text_size = -1;
        j = 2;
    } else if (v.n >= 1 && v.p[0] >= '0' && v.p[0] <= '2') {
        prefs->text_size = v.p[0] - '0';
        j = 1;
    }
    if (j < v.n && v.p[j] == 'h')
        prefs->contrast = true;
}

struct str portal_format_prefs(struct arena *a, const struct view_prefs *prefs)
{
    return arena_printf(a, "%d%s", prefs->text_size, prefs->contrast ? "h" : "");
}

/* GET /tuy-chon?co-chu=N&tuong-phan=0|1&ve=/path
 * Stores the text size and contrast choice in a cookie and goes back to
 * the page the reader came from. A link, not a form, so that it works
 * without JavaScript; it changes nothing but the reader's own display. */
static int site_prefs(struct web_req *r)
{
    struct view_prefs prefs = portal_prefs(r);
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
    bool secure = str_starts_with(portal_site(r)->base_url, STR("https://"));
    struct str value = portal_format_prefs(r->arena, &prefs);
    r->set_cookie = arena_printf(r->arena, "dinh_pref=%.*s; Path=/; Max-Age=31536000; SameSite=Lax%s", (int)value.n,
                                 value.p, secure ? "; Secure" : "");
    return web_redirect(r, 303, back);
}

void portal_register(void) { router_add((struct route){.pattern = "/tuy-chon", .get = site_prefs}); }
