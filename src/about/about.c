/* about.c - the pages about the agency; see about.h. */
#include "about/about.h"

#include <string.h>

#include "about/view.h"
#include "core/buf.h"
#include "http/router.h"
#include "http/web.h"
#include "portal/app.h"
#include "templates.h"


static struct str trimmed(struct str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t'))
        s = str_skip(s, 1);
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\r'))
        s.n--;
    return s;
}

/* The next line of *rest (without its end), or false at the end. */
static bool next_line(struct str *rest, struct str *line)
{
    if (!rest->n)
        return false;
    const char *nl = memchr(rest->p, '\n', rest->n);
    *line = (struct str){rest->p, nl ? (size_t)(nl - rest->p) : rest->n};
    *rest = nl ? str_skip(*rest, line->n + 1) : STR("");
    return true;
}

/* "- item" or "• item": the item's text. */
static bool list_item(struct str line, struct str *item)
{
    if (line.n >= 2 && (line.p[0] == '-' || line.p[0] == '+' || line.p[0] == '*') && line.p[1] == ' ') {
        *item = trimmed(str_skip(line, 2));
        return true;
    }
    if (line.n >= 4 && memcmp(line.p, "\xe2\x80\xa2", 3) == 0) { /* U+2022 • */
        *item = trimmed(str_skip(line, 3));
        return true;
    }
    return false;
}

/* Paragraphs apart by a blank line (the lines of one joined by spaces),
 * and runs of list items as lists. */
static size_t blocks_of(struct arena *a, struct str text, struct about_block **out)
{
    size_t lines = 1;
    for (size_t i = 0; i < text.n; i++)
        lines += text.p[i] == '\n';
    /* a block a line at most, and every item of every list in one array:
     * the lines of a list are consecutive, so each list is a run of it */
    struct about_block *b = ARENA_ARRAY(a, struct about_block, lines);
    struct str *items = ARENA_ARRAY(a, struct str, lines);
    size_t n = 0, used = 0;
    struct buf para = BUF_INIT; /* the paragraph being joined, copied once when it ends */
    struct str rest = text, line;
    struct about_block *open = NULL; /* the block lines are joining */
    while (next_line(&rest, &line)) {
        line = trimmed(line);
        struct str item;
        bool is_item = line.n && list_item(line, &item);
        if (open && (!line.n || (open->n_items > 0) != is_item)) { /* the block ends */
            if (!open->n_items)
                open->text = arena_strdup(a, para.p, para.n);
            buf_reset(&para);
            open = NULL;
        }
        if (!line.n)
            continue;
        if (!open) {
            open = &b[n++];
            *open = (struct about_block){0};
            open->items = is_item ? items + used : NULL;
        }
        if (is_item) {
            items[used++] = item;
            open->n_items++;
        } else {
            if (para.n)
                buf_putc(&para, ' ');
            buf_put(&para, line);
        }
    }
    if (open && !open->n_items)
        open->text = arena_strdup(a, para.p, para.n);
    buf_free(&para);
    *out = b;
    return n;
}

/* The contact officials, as the site module reads them (the settings page
 * refuses a line it cannot read, so every line is one). */
static size_t contacts_of(struct arena *a, struct str text, struct about_contact **out)
{
    struct site_contact c[SITE_CONTACTS_MAX];
    size_t n;
    site_contacts_parse(text, c, &n);
    struct about_contact *shown = ARENA_ARRAY(a, struct about_contact, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        shown[i] = (struct about_contact){c[i].name, c[i].position, c[i].unit, c[i].phone, c[i].email,
                                          c[i].email.n ? ARENA_JOIN(a, STR("mailto:"), c[i].email) : STR("")};
    *out = shown;
    return n;
}

static int about_page(struct web_req *r, bool english)
{
    const struct site *site = portal_site(r);
    struct about_page p;
    memset(&p, 0, sizeof p);
    p.english = english;
    p.heading = english ? STR("About us") : STR("Giới thiệu");
    p.agency = site->agency;
    p.responsible = site->responsible;
    p.address = site->address;
    p.phone = site->phone;
    p.fax = site->fax;
    p.email = site->email;
    p.mailto = site->email.n ? ARENA_JOIN(r->arena, STR("mailto:"), site->email) : STR("");
    p.n_blocks = blocks_of(r->arena, english ? site->about_en : site->about, &p.blocks);
    p.n_contacts = contacts_of(r->arena, site->contacts, &p.contacts);
    portal_layout(r, &p.layout, english ? ARENA_JOIN(r->arena, STR("About us - "), site->agency)
                                        : ARENA_JOIN(r->arena, STR("Giới thiệu - "), site->agency));
    p.layout.english = english;
    p.layout.active = english ? STR_NULL : STR("gioi-thieu");
    p.vi_url = ARENA_JOIN(r->arena, site->base_url, STR("/gioi-thieu/"));
    p.en_url = ARENA_JOIN(r->arena, site->base_url, STR("/en/"));
    p.layout.description =
        english ? ARENA_JOIN(r->arena, site->agency, STR(": functions, tasks, organisation and contact officials."))
                : ARENA_JOIN(r->arena, site->agency, STR(": chức năng, nhiệm vụ, cơ cấu tổ chức và cán bộ đầu mối liên hệ."));
    layout_finish(&p.layout, r->arena);
    web_tag(r, "site");
    tpl_about_page(portal_out(r), &p);
    return 0;
}

static int about_vi(struct web_req *r) { return about_page(r, false); }

static int about_en(struct web_req *r) { return about_page(r, true); }

static int to_slash(struct web_req *r) { return web_redirect(r, 301, arena_printf(r->arena, "%.*s/", (int)r->path.n, r->path.p)); }

void about_register(void)
{
    router_add((struct route){.pattern = "/gioi-thieu/", .get = about_vi, .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/gioi-thieu", .get = to_slash, .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/en/", .get = about_en, .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/en", .get = to_slash, .flags = ROUTE_CACHEABLE});
}
