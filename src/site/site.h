/*
 * site.h - the site-wide facts every page shows: the agency's details for
 * the footer, the categories of the menu and the website links.
 *
 * A snapshot is loaded once per worker thread from the database and kept
 * read-only in its own arena; a write that changes these facts touches the
 * cache tag "site" (every page shows them), and after its commit each
 * thread reloads its snapshot on its next request (site_refresh).
 *
 * Tables owned: setting, category, weblink. Other modules read them
 * through the snapshot and change them through the writes below.
 */
#ifndef DINH_SITE_SITE_H
#define DINH_SITE_SITE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

struct site_category {
    int64_t id;
    struct str slug, name, description;
};

struct site_link {
    struct str name, url;
};

struct site {
    struct arena arena;
    uint64_t generation;
    struct str name, short_name, agency, responsible, address, phone, fax, email, licence, description;
    struct str base_url; /* from --base-url, without a trailing slash */
    struct site_category *categories;
    size_t n_categories;
    struct site_link *links;
    size_t n_links;
};

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

#endif
