/*
 * site.h - the site-wide facts every page shows: the agency's details for
 * the footer, the categories of the menu and the website links.
 *
 * A snapshot is loaded once per worker thread from the database and kept
 * read-only in its own arena; a write that changes these facts touches the
 * cache tag "site" (every page shows them), and after its commit each
 * thread reloads its snapshot on its next request (site_refresh).
 *
 * Tables owned: setting, category, category_slug_history, weblink.
 * Other modules read them through the snapshot and change them through
 * the writes below; administrators change them at /quan-tri/chuyen-muc/
 * and /quan-tri/lien-ket/ (admin.c) and /quan-tri/cai-dat/ (the people
 * module's settings page).
 *
 * Cache tags touched by the writes: "site" for everything (the menu, the
 * links block and the footer are on every page), and "cat:ID" as well
 * for a category's own pages.
 */
#ifndef DINH_SITE_SITE_H
#define DINH_SITE_SITE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "store/store.h"

struct site_category {
    int64_t id;
    struct str slug, name, description;
    bool in_menu; /* shown in the main menu (its page answers either way) */
};

struct site_link {
    int64_t id;
    struct str name, url;
};

struct site {
    struct arena arena;
    uint64_t generation;
    struct str name, short_name, agency, responsible, address, phone, fax, email, licence, copyright,
        description;
    /* the page about the agency (/gioi-thieu/, /en/): plain text, paragraphs
     * apart by a blank line; the contact officials, one a line, fields
     * apart by ';' (name; position; unit; phone; e-mail) */
    struct str about, contacts, about_en;
    struct str base_url; /* from --base-url, without a trailing slash */
    struct site_category *categories;
    size_t n_categories;
    struct site_link *links;
    size_t n_links;
};

/* The contact officials of site.contacts, one a line: "name; position;
 * unit; phone; e-mail" (the last three may be missing or empty). */
struct site_contact {
    struct str name, position, unit, phone, email; /* views into the text, trimmed */
};
#define SITE_CONTACTS_MAX 100
/* Reads the lines of `text` into `out` (room for SITE_CONTACTS_MAX), each
 * field trimmed of white space (tabs, no-break and zero-width spaces too).
 * 0, or the 1-based number of the first line that is not such a line (no
 * name or no position, more than five fields, a line past the hundredth). */
size_t site_contacts_parse(struct str text, struct site_contact *out, size_t *n);

/* Loads a snapshot. Returns -1 if the database cannot be read. */
int site_load(struct site *s, struct store_conn *db, struct str base_url);
void site_free(struct site *s);
/* Reloads when another thread has bumped the generation. */
void site_refresh(struct site *s, struct store_conn *db);
/* Marks every thread's snapshot stale. site_init registers it to run
 * after every commit that touched "site". */
void site_bump_generation(void);
void site_init(void);

const struct site_category *site_category_by_slug(const struct site *s, struct str slug);
const struct site_category *site_category_by_id(const struct site *s, int64_t id);

/* Whether a category exists in the database (not the snapshot): 1, 0, -1. */
int site_category_exists(struct store_conn *db, int64_t id);
/* Whether the site has any setting, category or link yet: 1, 0, -1. */
int site_has_content(struct store_conn *db);

/* --- writes: one transaction each, touching "site"; 0, -1 on a failed
 * statement, SITE_INVALID with a Vietnamese sentence in *problem. */
#define SITE_INVALID (-2)
int site_setting_set(struct store_conn *db, struct str key, struct str value, const char **problem);
struct site_category_input {
    int64_t id; /* 0: a new one */
    struct str slug, name, description;
    int position;
};
int site_category_save(struct store_conn *db, const struct site_category_input *in, int64_t *id, const char **problem);
struct site_link_input {
    int64_t id; /* 0: a new one */
    struct str name, url;
    int position;
};
int site_link_save(struct store_conn *db, const struct site_link_input *in, int64_t *id, const char **problem);


/* --- what administrators change (admin.c's pages) -----------------------------------
 *
 * The writes below are one transaction each (a savepoint inside the
 * caller's), touch "site" (and "cat:ID" for a category), and return 0, -1
 * when a statement failed (logged), or SITE_INVALID with *problem filled:
 * a Vietnamese sentence and the form field it is about. Nothing is
 * written then. */

#define SITE_MAX_CATEGORIES 100
#define SITE_MAX_LINKS 100
#define SITE_SLUG_MAX 80      /* bytes of a category slug */
#define SITE_NAME_MAX 200     /* characters of a category's or a link's name */
#define SITE_DESCRIPTION_MAX 1000
#define SITE_URL_MAX 1000     /* bytes of a link's address */

enum site_field { SITE_FIELD_NONE, SITE_FIELD_NAME, SITE_FIELD_SLUG, SITE_FIELD_DESCRIPTION, SITE_FIELD_URL };
struct site_problem {
    const char *text;
    enum site_field field;
};

/* Appends the slug of `text` by the portal's rules (vi_slug: ASCII
 * letters, digits and single dashes; "Tin tức – Sự kiện" ->
 * "tin-tuc-su-kien"), at most SITE_SLUG_MAX bytes. 0, or -1 on invalid
 * UTF-8; the slug may be empty. */
int site_slug_make(struct buf *out, struct str text);
/* NULL if `url` may be a website link: http:// or https://, a host name,
 * no spaces or control characters, at most SITE_URL_MAX bytes. Otherwise
 * the Vietnamese sentence that says why not ("javascript:..." is refused). */
const char *site_url_problem(struct str url);

/* The current slug of the category that used `old_slug` before: 1 (in
 * *slug, copied into `a`), 0 if no category did, -1. For the public
 * category pages, which answer an old address with 301. */
int site_category_moved(struct store_conn *db, struct arena *a, struct str old_slug, struct str *slug);

struct site_category_edit {
    int64_t id;    /* 0: a new category (put last in the menu) */
    struct str name, slug, description; /* slug: made by site_slug_make already */
    bool in_menu;
    int64_t now;   /* when: kept with an old slug */
};
/* Creates or updates a category. A new slug must not be another
 * category's; the old one keeps answering (site_category_moved). */
int site_category_put(struct store_conn *db, const struct site_category_edit *in, int64_t *id,
                      struct site_problem *problem);
/* Moves a category one place up (step -1) or down (+1) in the menu. */
int site_category_move(struct store_conn *db, int64_t id, int step, struct site_problem *problem);
/* Shows a category in the main menu or leaves it out (its page answers either way). */
int site_category_show(struct store_conn *db, int64_t id, bool in_menu, struct site_problem *problem);
/* Deletes a category and its old slugs. The caller has made sure that no
 * article is in it (the news module's count, in the same transaction);
 * the database refuses otherwise (a foreign key: -1). */
int site_category_delete(struct store_conn *db, int64_t id, struct site_problem *problem);

/* Creates (id 0: put last) or updates a website link. */
int site_link_put(struct store_conn *db, int64_t id, struct str name, struct str url, int64_t *out_id,
                  struct site_problem *problem);
int site_link_move(struct store_conn *db, int64_t id, int step, struct site_problem *problem);
int site_link_delete(struct store_conn *db, int64_t id, struct site_problem *problem);

/* Adds the administrators' pages /quan-tri/chuyen-muc/ and /quan-tri/lien-ket/. */
void site_admin_register(void);

#endif
