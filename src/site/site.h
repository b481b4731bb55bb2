/*
 * site.h - the site-wide facts every page shows: the agency's details for
 * the footer, the categories of the menu and the website links.
 *
 * A snapshot is loaded once per worker thread from the database and kept
 * read-only in its own arena; a write that changes these facts bumps
 * site_generation, and each thread reloads its snapshot on its next
 * request (site_refresh).
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
/* Marks every thread's snapshot stale (after a write to settings,
 * categories or links). */
void site_bump_generation(void);

const struct site_category *site_category_by_slug(const struct site *s, struct str slug);
const struct site_category *site_category_by_id(const struct site *s, int64_t id);

#endif
