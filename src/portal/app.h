/*
 * app.h - the portal as the server sees it, and what its page handlers
 * share.
 *
 * The server (src/http/) knows nothing of the product: it calls the hooks
 * in portal_hooks. They give each event-loop thread its `struct web_app`:
 * its own database connection, its snapshot of the site (settings,
 * categories, links) and the buffer pages are rendered into, and they
 * read the reader's display choices from a cookie at the start of each
 * request. Handlers of the portal's modules reach these through the
 * functions below.
 */
#ifndef DINH_PORTAL_APP_H
#define DINH_PORTAL_APP_H

#include "http/web.h"
#include "site/site.h"
#include "store/store.h"
#include "view/layout.h"
#include "view/tpl.h"

struct people_session;

struct web_app {
    int index;
    struct store_conn db;
    struct site site;
    struct tpl_out out;
    struct view_prefs prefs;              /* of the request being answered */
    const struct people_session *viewer;  /* its signed-in person, or NULL (set by identify) */
    struct tpl_out chrome;                /* the footer drawn for the site snapshot chrome_gen */
    uint64_t chrome_gen;                  /* 0: not drawn yet */
};

struct portal_config {
    const char *db_path;
    const char *base_url; /* absolute URLs; never taken from Host */
    /* Decides who is signed in, from the request's cookies (the newsroom's
     * people_identify); may be NULL. */
    void (*identify)(struct web_req *r);
    /* Draws the error page of a request under /quan-tri/ in the
     * newsroom's frame (people_error_page) into the thread's output; may be
     * NULL (the site's error page then). */
    void (*admin_error)(struct web_req *r, struct tpl_out *out, int status, struct str message);
};

/* Sets what thread_start needs; call before http_serve. */
void portal_configure(const struct portal_config *c);
/* The hooks to give the server (render_live and on_visit are the
 * visitor counter's, set by main). */
extern struct web_app_hooks portal_hooks;

/* The site snapshot and the output of the request's thread. */
static inline const struct site *portal_site(const struct web_req *r) { return &r->app->site; }
static inline struct tpl_out *portal_out(struct web_req *r) { return &r->app->out; }
static inline struct view_prefs portal_prefs(const struct web_req *r) { return r->app->prefs; }

/* Fills the layout fields every page shares (site, prefs, path, title). */
void portal_layout(struct web_req *r, struct layout_view *l, struct str title);

/* ?trang=N of a public list: the page (1 when absent), or 0 after
 * answering 400 with a sentence (not a whole number from 1 to max). */
int portal_page_param(struct web_req *r, int max);
/* The 404 of a page past a list's last one, saying how many it has. */
int portal_page_beyond(struct web_req *r, int pages);

/* Reads the display choices from a dinh_pref cookie value ("1h", "-1");
 * anything unknown is ignored. */
void portal_parse_prefs(struct str value, struct view_prefs *prefs);
/* The cookie value for the choices ("0", "1h", "-1"...). */
struct str portal_format_prefs(struct arena *a, const struct view_prefs *prefs);

/* The portal's own routes: the reader's display choices (/tuy-chon). */
void portal_register(void);

#endif
