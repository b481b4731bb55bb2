/*
 * query.h - the documents module's reads: the filtered register, one
 * document with its fields, files, replacements and articles, and the
 * catalogues of types, issuing bodies and fields.
 *
 * Every statement is prepared once per connection (store_stmt) with bound
 * parameters only; results are copied into the caller's arena as the view
 * structs of view.h. A document is shown when it is published and its
 * issue date is not after today in Vietnam (`now`), so a date typed in the
 * future never reaches a page.
 */
#ifndef DINH_DOCS_QUERY_H
#define DINH_DOCS_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "docs/view.h"
#include "store/store.h"

/* What the list is filtered by; zero / "" means "any". */
#define DOCS_MATCH_MAX 512
struct docs_filter {
    int64_t type_id;
    char type_abbr[16]; /* the abbreviation in the number, canonical case */
    int64_t issuer_id;
    int64_t field_id;
    int year;   /* of the issue date */
    int status; /* 1, 2 or 3 */
    /* words of the number or the abstract, as an FTS5 query of quoted
     * strings (docs_keyword_match), or "" */
    char match[DOCS_MATCH_MAX];
};

#define DOCS_KEYWORD_MAX 200 /* bytes of ?q= */

/* The FTS5 query for what a reader typed: each word (a run without
 * spaces: "323/KH-UBND" is one) a quoted string, all of them required; a
 * word with no letter or digit is left out. False when nothing is left. */
bool docs_keyword_match(struct str typed, char out[DOCS_MATCH_MAX]);

/* Status labels: "Còn hiệu lực", "Hết hiệu lực", "Bị thay thế"; "" for
 * anything else. */
const char *docs_status_label(int status);

/* Every function below returns -1 when a statement failed (logged by the
 * store; the request then answers 500), never "nothing" in its place;
 * lookups of one thing return 1 (found), 0 (none) or -1. */

int docs_count(struct store_conn *db, const struct docs_filter *f, int64_t now, long long *out);
/* The page of the register: newest issue date first. */
int docs_list(struct store_conn *db, struct arena *a, const struct docs_filter *f, int64_t now, int limit,
              int offset, struct docs_item **out, size_t *n);
/* The first and last issue years of shown documents; 0 and 0 if none. */
int docs_year_range(struct store_conn *db, int64_t now, int *first, int *last);

enum docs_catalogue { DOCS_TYPES, DOCS_ISSUERS, DOCS_FIELDS };

struct docs_catalogue_entry {
    int64_t id;
    struct str slug, name, abbr; /* abbr is "" for fields */
};

/* Every row of a catalogue, in its order (position, then name). */
int docs_catalogue(struct store_conn *db, struct arena *a, enum docs_catalogue which,
                   struct docs_catalogue_entry **out, size_t *n);
/* The row whose slug is `value`, or whose id is the decimal `value`. */
int docs_catalogue_find(struct store_conn *db, enum docs_catalogue which, struct str value, int64_t *id);
/* Whether some type of the catalogue has this abbreviation. */
int docs_type_abbr_known(struct store_conn *db, const char *abbr);

/* One document, all its columns, copied into the arena. */
struct docs_row {
    int64_t id, replaced_by, updated_at;
    int status;
    struct str number_raw, number_canonical, abstract, body, slug;
    struct str type_name, type_slug, issuer_name, issuer_slug;
    struct str signer_name, signer_position;
    struct str issued_on, effective_on, expires_on; /* "YYYY-MM-DD" or empty */
    long long views; /* readers' views: stored, and counted since the last flush (stats/views.h) */
};

/* A shown document. */
int docs_document(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_row *out);
/* A shown document as a list item (for "replaced by", search results). */
int docs_item(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item *out);
/* The shown documents that `id` replaced (their replaced_by is id). */
int docs_replaced_ones(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item **out,
                       size_t *n);
/* Its fields, linked to the filtered register. */
int docs_fields_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_link **out, size_t *n);
/* Its attached files, without their bytes. */
int docs_files_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_file **out, size_t *n);
/* The ids of the articles that cite it (article_document), newest id
 * first, at most `max`. What is shown of them comes from the module that
 * owns articles (docs_set_article_links in docs.h). */
int docs_citing_ids(struct store_conn *db, int64_t id, int64_t *ids, size_t max, size_t *n);

/* URLs */
struct str docs_document_url(struct arena *a, struct str slug, int64_t id);
/* The highest document id (sitemap parts are cut by id ranges); 0 if none. */
int docs_max_id(struct store_conn *db, int64_t *out);
/* Calls `each` with the address and last change of every published
 * document whose id lies in [first_id, last_id]. Returns how many, or -1. */
long docs_each_in_range(struct store_conn *db, struct arena *a, int64_t now, int64_t first_id, int64_t last_id,
                        void (*each)(void *ctx, struct str url, int64_t modified), void *ctx);
/* "/van-ban/tep/12/K%E1%BA%BF%20ho%E1%BA%A1ch.pdf" */
struct str docs_file_url(struct arena *a, int64_t id, struct str name);
/* "10/07/2024" from "2024-07-10"; "" if the text is no ISO date. */
struct str docs_format_date(struct arena *a, struct str iso);
/* "YYYY-MM-DD" of `now` in Vietnam, into out (11 bytes). */
void docs_today(int64_t now, char out[11]);

/* Whether any document or catalogue row is stored: 1, 0, -1. */
int docs_has_content(struct store_conn *db);

/* A file with its bytes (valid until the next statement on db). */
struct docs_file_bytes {
    struct str name, mime;
    int64_t created_at;
    const void *bytes;
    size_t n;
};
/* A file of a shown document: 1, 0 if none, -1. The statement stays on
 * its row until docs_file_bytes_done. */
int docs_file_bytes(struct store_conn *db, int64_t file_id, int64_t now, struct docs_file_bytes *out);
/* Ends the row of docs_file_bytes (its pointers die): call it as soon as
 * the bytes are copied, since a statement on a row holds the connection's
 * read snapshot open past the request. */
void docs_file_bytes_done(struct store_conn *db);

#endif
